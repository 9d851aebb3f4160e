"""Reads spreadsheets (.xlsx, .xlsm, .csv) as searchable text: one page per sheet.

Each page starts with the sheet's name on its own line, then the sheet's rows, one line
per row with the cells separated by tabs (as evidencekit's Word extractor renders a
table), so a training matrix reads as a table with its header row first. Date cells are
written as ISO dates (``2026-03-02``): the date finder then reads them without guessing
the day/month order, and a label cell just before a date cell on the same row (``Date``,
``Completed``) labels it as it would in a form. Text that looks like a date is kept as
typed; the date finder reads those forms itself. Each date cell, and each short text cell
holding a year, is placed in the extraction's ``dates`` with its cell (``sheet 'Matrix'
cell C4``), so a document dated by one says which cell it came from.

A workbook is a zip of XML parts, read with openpyxl in read-only mode, which parses the
XML through defusedxml. Nothing in it is ever run or followed: formulas show the value
Excel cached when it last saved them, external links are not opened, macros (.xlsm) are
not loaded; their presence is noted in the reason. The declared uncompressed size is
checked before anything is inflated, the declared sheet dimensions are ignored (a sheet
declaring a million rows is read for the rows it holds), and reading stops at
``MAX_CELLS`` cells or ``MAX_CHARS`` characters, saying so in the reason.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import mmap
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from evidencekit import hookimpl
from evidencekit.models import DocumentStatus, Extraction, ExtractionLimits, PlacedDate

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIX = ".csv"
EXTRACTOR = "xlsx/openpyxl"
CSV_EXTRACTOR = "xlsx/csv"

#: Cells visited (empty ones between filled cells count) before reading stops.
MAX_CELLS = 1_000_000
#: Characters of text kept before reading stops.
MAX_CHARS = 5_000_000
#: Dates placed in their cells per file at most (a log of a million dated rows needs only
#: its first ones to say where a date came from).
MAX_PLACED_DATES = 10_000
#: A text cell longer than this is a sentence, not a date typed as text.
MAX_DATE_TEXT_CHARS = 40

WORKBOOK_PART = "xl/workbook.xml"
MACRO_PART = "xl/vbaProject.bin"
EXTERNAL_LINKS_FOLDER = "xl/externalLinks/"

_BYTES_PER_MB = 1024 * 1024
_MAX_REASON_CHARS = 300
_ZIP_MAGIC = b"PK"
_PDF_MAGIC = b"%PDF"
# Office stores a password-protected workbook as an OLE compound file holding one
# stream, "EncryptedPackage", instead of as a zip; an old .xls is an OLE file too.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE_STREAM = "EncryptedPackage".encode("utf-16-le")
# As evidencekit's text reader: UTF-8 (a BOM dropped), then the code page Excel's CSV
# export writes; latin-1 decodes any byte.
_CSV_ENCODINGS = ("utf-8-sig", "cp1252")
_CSV_FALLBACK_ENCODING = "latin-1"


@hookimpl
def file_types() -> list[str]:
    """This plugin reads Excel workbooks (with or without macros) and CSV files."""
    return [*WORKBOOK_SUFFIXES, CSV_SUFFIX]


@hookimpl
def extract_document(path: Path, file_type: str, limits: ExtractionLimits) -> Extraction | None:
    """Extract a workbook or a CSV file; ``None`` for any other file type."""
    if file_type in WORKBOOK_SUFFIXES:
        return extract_workbook(path, limits)
    if file_type == CSV_SUFFIX:
        return extract_csv(path, limits)
    return None


@dataclass
class _Budget:
    """What is left of the cell and character limits, shared by all sheets of a file."""

    cells: int
    chars: int
    exhausted_at: str | None = None
    dates: list[PlacedDate] = field(default_factory=list)

    @classmethod
    def per_file(cls) -> _Budget:
        return cls(MAX_CELLS, MAX_CHARS)

    def take(self, cells: int, chars: int, where: str) -> bool:
        self.cells -= cells
        self.chars -= chars
        if (self.cells < 0 or self.chars < 0) and self.exhausted_at is None:
            self.exhausted_at = where
        return self.exhausted_at is None


@dataclass
class _Notes:
    """What the reason says about a file read anyway: limits hit, things not run."""

    items: list[str] = field(default_factory=list)

    def reason(self) -> str:
        return _shortened("; ".join(self.items))


def extract_workbook(path: Path, limits: ExtractionLimits) -> Extraction:
    """Read one workbook, a page per sheet; never raises for a bad or hostile file."""
    try:
        refusal, notes = _check_archive(path, limits)
        if refusal is not None:
            return refusal
        with warnings.catch_warnings():
            # openpyxl warns about every feature it does not keep (data validation,
            # conditional formats); none of them is text.
            warnings.simplefilter("ignore")
            opened_at = _utc_now()
            workbook = openpyxl.load_workbook(
                path, read_only=True, data_only=True, keep_links=False, keep_vba=False
            )
            try:
                budget = _Budget.per_file()
                pages = tuple(_sheet_pages(workbook, budget))
                metadata = _workbook_metadata(workbook, opened_at)
            finally:
                workbook.close()
    except Exception as error:  # A damaged part can make zipfile or openpyxl raise anything.
        return _failed(f"could not read the workbook: {type(error).__name__}: {error}")
    if budget.exhausted_at is not None:
        notes.items.insert(0, _limit_note(budget))
    return Extraction(
        status=DocumentStatus.OK,
        pages=pages,
        reason=notes.reason(),
        extractor=EXTRACTOR,
        dates=tuple(budget.dates),
        **metadata,
    )


def extract_csv(path: Path, limits: ExtractionLimits) -> Extraction:
    """Read one CSV file as one page of tab-separated rows."""
    try:
        size = path.stat().st_size
        if size > limits.max_uncompressed_mb * _BYTES_PER_MB:
            return _failed(
                f"the file is {math.ceil(size / _BYTES_PER_MB)} MB, over the limit of "
                f"{limits.max_uncompressed_mb} MB; not read",
                CSV_EXTRACTOR,
            )
        data = path.read_bytes()
    except OSError as error:
        return _failed(f"could not read the file: {error.strerror or error}", CSV_EXTRACTOR)
    if b"\x00" in data[:8192]:
        return _failed("the file holds binary data, not text", CSV_EXTRACTOR)
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    budget = _Budget.per_file()
    broken: list[str] = []
    reader = _rows_until_broken(csv.reader(io.StringIO(text, newline=""), dialect), broken)
    # A CSV has no sheet; Excel names the one it opens it as after the file.
    rows = _rendered_rows(reader, budget, path.name)
    page = "\n".join([path.stem, *rows])
    reason = _limit_note(budget) if budget.exhausted_at else "; ".join(broken)
    return Extraction(
        status=DocumentStatus.OK,
        pages=(page,),
        reason=reason,
        extractor=CSV_EXTRACTOR,
        dates=tuple(budget.dates),
    )


def cell_text(value: object) -> str:
    """One cell's value as text: dates as ISO, whole numbers without ``.0``, one line."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A line break or tab inside a cell would break the row into lines or cells.
    return " ".join(str(value).split())


# -- internals ------------------------------------------------------------------------


def _check_archive(path: Path, limits: ExtractionLimits) -> tuple[Extraction | None, _Notes]:
    notes = _Notes()
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return _not_a_zip(path), notes
    names = {member.filename for member in members}
    if WORKBOOK_PART not in names:
        return _failed(f"not an Excel workbook: the zip has no {WORKBOOK_PART}"), notes
    declared_bytes = sum(member.file_size for member in members)
    if declared_bytes > limits.max_uncompressed_mb * _BYTES_PER_MB:
        return (
            _failed(
                f"declared uncompressed size {declared_bytes / _BYTES_PER_MB:.1f} MB exceeds "
                f"limit of {limits.max_uncompressed_mb} MB; not opened"
            ),
            notes,
        )
    if MACRO_PART in names:
        notes.items.append("holds macros (VBA); they were not loaded or run")
    links = sum(
        1 for name in names if name.startswith(EXTERNAL_LINKS_FOLDER) and name.endswith(".xml")
    )
    if links:
        notes.items.append(
            f"links to {links} other workbook{'s' if links > 1 else ''}; not followed, "
            "formulas show their saved values"
        )
    return None, notes


def _not_a_zip(path: Path) -> Extraction:
    with path.open("rb") as file:
        magic = file.read(len(_OLE_MAGIC))
    if magic.startswith(_ZIP_MAGIC):
        return _failed("the workbook is damaged or truncated: its zip directory cannot be read")
    if magic.startswith(_PDF_MAGIC):
        return _failed("not a workbook: the file is a PDF named as a spreadsheet")
    if magic == _OLE_MAGIC and _holds_encrypted_package(path):
        return Extraction(
            status=DocumentStatus.ENCRYPTED,
            reason="the workbook is encrypted and needs a password to open",
            extractor=EXTRACTOR,
        )
    if magic == _OLE_MAGIC:
        return _failed("not an .xlsx workbook: the file is an old-format Excel (.xls) or OLE file")
    return _failed("not a workbook: the file is not a zip archive")


def _holds_encrypted_package(path: Path) -> bool:
    # The stream's name sits in the compound file's directory, wherever it was written.
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return view.find(_ENCRYPTED_PACKAGE_STREAM) != -1


def _sheet_pages(workbook: openpyxl.Workbook, budget: _Budget) -> Iterator[str]:
    for sheet in workbook.worksheets:
        if budget.exhausted_at is not None:
            return
        # The declared dimensions are the file's claim, not its content: a sheet saying
        # A1:XFD1048576 would otherwise be padded to a billion empty cells.
        sheet.reset_dimensions()
        rows = _rendered_rows(sheet.iter_rows(values_only=True), budget, sheet.title)
        yield "\n".join([sheet.title, *rows])


def _rendered_rows(rows: Iterable[Iterable[object]], budget: _Budget, where: str) -> list[str]:
    """Rows as tab-separated lines: trailing empty cells dropped, runs of empty rows as one
    empty line (it separates one table from the next)."""
    lines: list[str] = []
    for number, row in enumerate(rows, start=1):
        values = tuple(row)
        cells = [cell_text(value) for value in values]
        _place_dates(values, cells, number, where, budget)
        while cells and not cells[-1]:
            cells.pop()
        line = "\t".join(cells)
        if not budget.take(max(len(cells), 1), len(line) + 1, f"{where} row {number}"):
            break
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _rows_until_broken(reader: Iterator[list[str]], broken: list[str]) -> Iterator[list[str]]:
    """The rows of a CSV reader, stopping with a note at the first row it cannot parse
    (a field longer than the csv module's limit: an enormous line, an unclosed quote)."""
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 (used after the loop)
            yield row
    except csv.Error as error:
        broken.append(f"read up to row {number} only: row {number + 1} cannot be parsed ({error})")


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _place_dates(
    values: tuple[object, ...], cells: list[str], row: int, sheet: str, budget: _Budget
) -> None:
    """Place the row's date cells, and its short text cells holding a year, by cell."""
    for column, (value, text) in enumerate(zip(values, cells, strict=True), start=1):
        if len(budget.dates) >= MAX_PLACED_DATES:
            return
        is_date = isinstance(value, datetime.date)
        typed_date = (
            isinstance(value, str) and len(text) <= MAX_DATE_TEXT_CHARS and _YEAR.search(text)
        )
        if is_date or typed_date:
            budget.dates.append(
                PlacedDate(text, f"sheet '{sheet}' cell {get_column_letter(column)}{row}")
            )


def _limit_note(budget: _Budget) -> str:
    return (
        f"read up to {budget.exhausted_at} only: the limit of {MAX_CELLS:,} cells or "
        f"{MAX_CHARS:,} characters per file was reached"
    )


def _workbook_metadata(
    workbook: openpyxl.Workbook, opened_at: datetime.datetime
) -> dict[str, str | None]:
    properties = workbook.properties
    return {
        "title": (properties.title or "").strip() or None,
        "author": (properties.creator or "").strip() or None,
        "created": _stated_time(properties.created, opened_at),
        "modified": _stated_time(properties.modified, opened_at),
    }


def _utc_now() -> datetime.datetime:
    # openpyxl keeps its properties' times as naive UTC.
    return datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)


def _stated_time(value: object, opened_at: datetime.datetime) -> str | None:
    """The time as the file states it, or ``None`` when openpyxl made it up: a workbook
    without a created or modified time is given the moment it was read, and a file cannot
    have been written after we started reading it."""
    if not isinstance(value, datetime.datetime):
        return None
    # A stated time has whole seconds and was written before we opened the file.
    if value.replace(tzinfo=None) >= opened_at:
        return None
    return value.isoformat()


def _decode(data: bytes) -> str:
    for encoding in _CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode(_CSV_FALLBACK_ENCODING)


def _shortened(reason: str) -> str:
    if len(reason) <= _MAX_REASON_CHARS:
        return reason
    return reason[: _MAX_REASON_CHARS - 1] + "…"


def _failed(reason: str, extractor: str = EXTRACTOR) -> Extraction:
    return Extraction(status=DocumentStatus.FAILED, reason=_shortened(reason), extractor=extractor)
