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


class MappingError(EvidenceKitError):
    """An audit tool mapping file is invalid; the message lists every problem found."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        listed = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in audit tool mapping {file}:\n{listed}")


class PluginLeftOut(UserWarning):
    """A plugin that failed was left out and the run went on without it; the front end
    tells the user (the message names the plugin and what failed)."""


class ReadWithoutLimits(UserWarning):
    """The extraction workers could not start or broke, and the scan read its files in its
    own process, without a time or memory limit for each; the front end tells the user."""
