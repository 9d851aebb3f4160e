"""The plain, frozen dataclasses that flow from one stage to the next.

Scanning produces ``FileSeen``; extraction produces ``Extraction``; the catalog hands the
index ``IndexEntry`` objects; searching returns ``SearchHit``; a scan ends in a
``ScanSummary``; ``DocumentRecord`` is what the catalog knows of one file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class DocumentStatus(StrEnum):
    """What extraction made of a file; anything but ``ok`` is evidence an auditor cannot use."""

    OK = "ok"
    ENCRYPTED = "encrypted"
    NEEDS_OCR = "needs-ocr"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class ExtractionLimits:
    """Bounds one file's extraction must stay within."""

    timeout_seconds: float = 60.0
    memory_mb: int = 1536
    # A DOCX (a zip) whose parts declare more than this uncompressed is refused unread.
    max_uncompressed_mb: int = 256


@dataclass(frozen=True)
class Extraction:
    """The text and metadata an extractor read from one file.

    ``pages`` holds one string per page (a format without pages has one).
    Dates are ISO 8601 strings as the file's metadata states them, or ``None``.
    """

    status: DocumentStatus
    pages: tuple[str, ...] = ()
    reason: str = ""
    title: str | None = None
    author: str | None = None
    created: str | None = None
    modified: str | None = None
    extractor: str = ""

    @property
    def chars(self) -> int:
        return sum(len(page) for page in self.pages)


def file_type_of(path: str) -> str:
    """The lower-case suffix of a POSIX path's file name, with its dot (``.pdf``), or ``""``."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


@dataclass(frozen=True)
class FileSeen:
    """One file found by the walk: its path relative to the evidence folder, POSIX style."""

    path: str
    size: int
    mtime_ns: int

    @property
    def file_type(self) -> str:
        return file_type_of(self.path)


@dataclass(frozen=True)
class IndexEntry:
    """Everything the search index stores for one file (one index document per page)."""

    file_id: int
    path: str
    file_type: str
    title: str
    modified: datetime
    pages: tuple[str, ...]


@dataclass(frozen=True)
class SearchHit:
    """One ranked search result: the best-matching page of one file."""

    path: str
    page: int
    score: float
    snippet: str
    title: str = ""


@dataclass(frozen=True)
class DocumentRecord:
    """What the catalog knows of one file in the evidence folder."""

    path: str
    status: DocumentStatus
    reason: str
    pages: int
    chars: int
    modified: datetime
    size: int
    sha256: str
    title: str | None = None
    author: str | None = None


@dataclass
class ScanSummary:
    """What one scan found and did, for the closing summary and for tests."""

    new: int = 0
    changed: int = 0
    moved: int = 0
    removed: int = 0
    unchanged: int = 0
    touched: int = 0
    extracted: int = 0
    reindexed: int = 0
    unreadable: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, DocumentStatus, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    index_rebuilt_because: str | None = None
    seconds: float = 0.0

    @property
    def total_seen(self) -> int:
        return self.new + self.changed + self.moved + self.unchanged + self.touched

    def as_dict(self) -> dict:
        """Plain JSON-ready data (``dataclasses.asdict`` garbles a ``Counter``)."""
        counts = {
            name: getattr(self, name)
            for name in ("new", "changed", "moved", "removed", "unchanged", "touched")
        }
        return {
            **counts,
            "extracted": self.extracted,
            "reindexed": self.reindexed,
            "unreadable": dict(sorted(self.unreadable.items())),
            "problems": [
                {"path": path, "status": str(status), "reason": reason}
                for path, status, reason in self.problems
            ],
            "skipped": [{"path": path, "reason": reason} for path, reason in self.skipped],
            "index_rebuilt_because": self.index_rebuilt_because,
            "seconds": round(self.seconds, 3),
        }
