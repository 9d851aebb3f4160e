"""The plain, frozen dataclasses of one document, as the scan and the analysis pass them on.

Scanning produces ``FileSeen``; extraction produces ``Extraction``; the catalog hands the
index ``IndexEntry`` objects; searching returns ``SearchHit``; a scan ends in a
``ScanSummary``; ``DocumentRecord`` is what the catalog knows of one file, and
``DocumentFacts`` what the analysis read in it. Kept apart from the audit tools' and the
assessment's models (``evidencekit.models``, which offers these too) so that a command that
only scans does not build those: a no-change rescan is mostly its start-up.
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
class PlacedDate:
    """A date an extractor found in a known place of its file, as the file writes it.

    ``text`` is the date as it appears in the extracted text (``2026-09-30``,
    ``Mar 4, 2026``); ``place`` says where in the file it sits, in words a user can find
    it by (``sheet 'Matrix' cell C4``). When the date finder picks a date from the text
    that one of these reads as, the document's date source names that place.
    """

    text: str
    place: str


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
    #: Wall-clock seconds the extraction took (set by the worker pool).
    seconds: float = 0.0
    #: Dates the extractor can place in the file (a spreadsheet's cells); optional.
    dates: tuple[PlacedDate, ...] = ()

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
    """One search result: one file and the page of it that matches (ranked by ``score``
    in ``search``; in ``matching_files`` the page where the query's words occur most)."""

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
    sha256: str | None
    title: str | None = None
    author: str | None = None
    extract_seconds: float = 0.0
    doc_type: str | None = None
    date: str | None = None
    date_source: str | None = None


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
    left_out: list[tuple[str, str]] = field(default_factory=list)
    #: New or changed files left unread because they were still being written (watch).
    held: list[str] = field(default_factory=list)
    index_rebuilt_because: str | None = None
    #: Why files were read in the scan's own process (the workers could not run), if so.
    read_here_because: str | None = None
    slowest: tuple[str, float] | None = None
    seconds: float = 0.0

    #: The per-file outcomes, in the order the summary names them.
    FILE_COUNTS = ("new", "changed", "moved", "removed", "unchanged", "touched")

    def as_dict(self) -> dict:
        """Plain JSON-ready data (``dataclasses.asdict`` garbles a ``Counter``)."""
        counts = {name: getattr(self, name) for name in self.FILE_COUNTS}
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
            "held": list(self.held),
            "index_rebuilt_because": self.index_rebuilt_because,
            "read_here_because": self.read_here_because,
            "slowest": self.slowest
            and {"path": self.slowest[0], "seconds": round(self.slowest[1], 3)},
            "seconds": round(self.seconds, 3),
        }


class Recurrence(StrEnum):
    """How often a recurring record is expected."""

    EACH_SHIFT = "each-shift"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"

    @property
    def months_apart(self) -> float:
        """About how many months lie between two records: orders frequencies."""
        return {
            Recurrence.EACH_SHIFT: 0.0,
            Recurrence.WEEKLY: 0.25,
            Recurrence.MONTHLY: 1.0,
            Recurrence.QUARTERLY: 3.0,
            Recurrence.HALF_YEARLY: 6.0,
            Recurrence.YEARLY: 12.0,
        }[self]


# --- Document facts ---------------------------------------------------------------------

#: The kinds of record a document can be; classifiers and audit tools use these names.
DOCUMENT_TYPES: tuple[str, ...] = (
    "policy",
    "responsibilities",
    "formal-hazard-assessment",
    "field-level-hazard-assessment",
    "safe-work-procedure",
    "inspection",
    "maintenance-record",
    "safety-meeting",
    "committee-minutes",
    "orientation-record",
    "training-record",
    "certificate",
    "emergency-response-plan",
    "drill-record",
    "incident-report",
    "investigation",
    "statistics-review",
    "contractor-visitor-record",
    "other",
)
#: The type of a document no classifier could place.
UNCLASSIFIED = "other"


@dataclass(frozen=True)
class DocumentText:
    """A catalogued document as the classifier sees it."""

    path: str
    title: str | None
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Classification:
    """A document's type and the cue that decided it (``file name contains 'FLHA'``)."""

    doc_type: str
    cue: str


@dataclass(frozen=True)
class SchedulePromise:
    """A frequency one of the company's documents promises for a kind of record."""

    doc_type: str
    recurrence: Recurrence
    #: The sentence that promises it, as the document words it.
    quote: str


@dataclass(frozen=True)
class CorrectiveAction:
    """One corrective action a record lists, with its due date and whether it is done."""

    text: str
    due: str | None
    done: bool
    #: Who the record names as responsible, when its table has an owner column.
    owner: str | None = None


@dataclass(frozen=True)
class CourseHeld:
    """One course a person holds, as a certificate, transcript, record or matrix says."""

    person: str
    #: The course as the document names it ("PHSM", "Standard First Aid").
    course: str
    #: ISO dates, when the document gives them.
    taken: str | None = None
    expires: str | None = None


@dataclass(frozen=True)
class DocumentContent:
    """What gap rules read from a document's text beyond its type and dates."""

    #: Incident numbers it names (``INC-2026-05``), upper case.
    incident_refs: tuple[str, ...] = ()
    #: Dates labelled as the event the record is about (``Incident date``), ISO.
    event_dates: tuple[str, ...] = ()
    promises: tuple[SchedulePromise, ...] = ()
    actions: tuple[CorrectiveAction, ...] = ()
    #: Courses held, read from training records, certificates and matrices.
    courses: tuple[CourseHeld, ...] = ()
    #: Minutes' words recording the health and safety policy's review ("" when none).
    policy_review: str = ""


@dataclass(frozen=True)
class DocumentFacts:
    """What the analysis stage knows of one document: type, dates, expiry and content."""

    path: str
    status: DocumentStatus
    title: str | None
    doc_type: str
    type_cue: str
    date: str | None = None
    date_source: str | None = None
    date_text: str | None = None
    date_ambiguous: bool = False
    expiry: str | None = None
    content: DocumentContent = field(default_factory=DocumentContent)
    reason: str = ""
    form: str | None = None  # the form it is filled in on (``headings.form_of``)
    taught_by: str | None = None  # the corrected document whose type it took, if any
