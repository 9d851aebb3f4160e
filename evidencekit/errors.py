"""The one exception hierarchy of evidencekit; the CLI turns each into a message and exit code."""

from __future__ import annotations


class EvidenceKitError(Exception):
    """Base of every error evidencekit raises on purpose.

    The CLI prints ``str(error)`` without a traceback and exits with ``exit_code``.
    """

    exit_code = 2


class UsageError(EvidenceKitError):
    """The user asked for something that cannot be done as asked (bad folder, bad option)."""


class StateBusyError(EvidenceKitError):
    """Another evidencekit process holds the state directory's lock."""


class CatalogError(EvidenceKitError):
    """The catalog cannot be opened or is damaged; it is never replaced silently."""


class SearchQueryError(EvidenceKitError):
    """A search query could not be parsed."""


class PluginError(EvidenceKitError):
    """A plugin is broken: a misspelt hook, a duplicate name, or a hook that raised."""
