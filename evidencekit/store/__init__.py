"""Persistent state: the SQLite catalog (the source of truth) and the derived search index."""
