"""Audit tools, evidence mapping and readiness."""
