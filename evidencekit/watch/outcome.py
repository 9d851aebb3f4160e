"""What one watch batch changed, as the console and the report are told it: files taken
in, element and overall scores that moved, findings opened and closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from evidencekit.models import DocumentStatus, Finding


class FileChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    MOVED = "moved"
    REMOVED = "removed"


@dataclass(frozen=True)
class FileChange:
    """One file a watch batch took in: its type and the elements it is evidence for
    (for a removed file, as they were before)."""

    kind: FileChangeKind
    path: str
    #: Where a moved file was.
    previous_path: str | None
    status: DocumentStatus
    doc_type: str | None
    elements: tuple[str, ...]


@dataclass(frozen=True)
class ScoreChange:
    """A documentation score before and after a batch; ``element_id`` "" is overall."""

    element_id: str
    before: float
    after: float


@dataclass(frozen=True)
class FindingChange:
    """A finding opened or closed; with ``periods``, only those periods of a finding that
    stays (a coverage gap's missing month filed or newly missing)."""

    finding: Finding
    opened: bool
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchOutcome:
    """What one watch batch did, for the console line. The first batch (``first``) has
    nothing to compare with and reports the state the watcher starts from."""

    at: datetime
    files: tuple[FileChange, ...]
    elements: tuple[ScoreChange, ...]
    overall: ScoreChange | None
    documentation_pct: float
    ready: bool
    was_ready: bool | None
    findings: tuple[FindingChange, ...]
    open_findings: int
    documents: int
    #: Files seen changed but still being written: the next batch takes them.
    held: int
    first: bool = False
    #: The report file, when one was rewritten; a problem writing it, when there was one.
    report_written: str | None = None
    report_problem: str | None = None

    @property
    def tells_readiness(self) -> bool:
        """False for a first start on a folder whose every file still waits to settle: an
        empty catalog's findings are nobody's, so they are neither shown nor kept to
        compare the next batch with (it would close them all, unseen)."""
        return not (self.first and self.documents == 0 and self.held)
