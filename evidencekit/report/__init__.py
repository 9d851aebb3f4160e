"""Reporting: turning assessed results into what people read (terminal, JSON, files)."""
