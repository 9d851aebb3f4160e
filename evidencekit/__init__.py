"""evidencekit: find, map and assess the evidence a COR or SECOR audit asks for."""

from evidencekit.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]
