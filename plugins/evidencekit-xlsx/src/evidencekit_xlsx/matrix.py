"""Recognises a training matrix in a spreadsheet: a table of people by courses with dates.

A sheet is a training matrix when a header row names at least two columns after the
first, and most rows below it start with a name and hold dates (or blanks, dashes, "n/a")
in the other columns. Such a spreadsheet is classified as a training record, whatever its
column headers say (a column named "Orientation" does not make it an orientation record).
Other documents are left to the next classifier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from evidencekit import hookimpl
from evidencekit.models import Classification, DocumentText
from evidencekit_xlsx.extractor import CSV_SUFFIX, WORKBOOK_SUFFIXES

TRAINING_RECORD = "training-record"
#: At least this many people rows, and this share of them dated, make a matrix.
MIN_PEOPLE = 2
MIN_DATED_SHARE = 0.6
MIN_COURSES = 2
#: Only the first rows of a sheet are looked at for its header.
HEADER_SEARCH_ROWS = 10

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_EMPTY_MARKS = frozenset({"", "-", "\u2013", "n/a", "na", "none", "x", "no"})
_NAME = re.compile(r"^[^\W\d_][\w .,'\u2019-]*$")


@dataclass(frozen=True)
class TrainingMatrix:
    """Where a training matrix sits: its sheet (page), header and how many people rows."""

    page: int
    sheet: str
    courses: tuple[str, ...]
    people: int


@hookimpl
def classify_document(document: DocumentText) -> Classification | None:
    """A spreadsheet holding a training matrix is a training record."""
    if not document.path.lower().endswith((*WORKBOOK_SUFFIXES, CSV_SUFFIX)):
        return None
    matrix = find_training_matrix(document.pages)
    if matrix is None:
        return None
    return Classification(
        TRAINING_RECORD,
        f"sheet '{matrix.sheet}' is a training matrix ({matrix.people} people by "
        f"{len(matrix.courses)} courses with dates)",
    )


def find_training_matrix(pages: Sequence[str]) -> TrainingMatrix | None:
    """The first sheet holding a people by courses table with dates, or ``None``."""
    for number, page in enumerate(pages, start=1):
        lines = page.split("\n")
        sheet = lines[0] if lines else ""
        rows = [line.split("\t") for line in lines[1:]]
        for start in range(min(HEADER_SEARCH_ROWS, len(rows))):
            matrix = _matrix_at(rows, start)
            if matrix is not None:
                courses, people = matrix
                return TrainingMatrix(number, sheet, courses, people)
    return None


def _matrix_at(rows: list[list[str]], start: int) -> tuple[tuple[str, ...], int] | None:
    header = rows[start]
    courses = tuple(cell for cell in header[1:] if cell.strip())
    if len(courses) < MIN_COURSES or any(_ISO_DATE.match(cell) for cell in header):
        return None
    people = dated = 0
    for row in rows[start + 1 :]:
        if not row or not row[0].strip():
            break  # the table ends at an empty line
        if not _NAME.match(row[0].strip()):
            continue
        people += 1
        others = [cell.strip() for cell in row[1 : len(header)]]
        if any(_ISO_DATE.match(cell) for cell in others) and all(
            _ISO_DATE.match(cell) or cell.lower() in _EMPTY_MARKS for cell in others
        ):
            dated += 1
    if people < MIN_PEOPLE or dated < MIN_DATED_SHARE * people:
        return None
    return courses, people
