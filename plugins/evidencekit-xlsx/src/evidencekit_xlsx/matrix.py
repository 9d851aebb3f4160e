"""Recognises a training matrix in a spreadsheet: a table of people by courses with dates.

A sheet is a training matrix when a header row is followed by rows that start with a
person's name, at least two of its columns (the courses) hold only dates or nothing
(blanks, dashes, "n/a"), and most people have at least one date. Other columns, such as a
position, may hold anything. Such a spreadsheet is classified as a training record, whatever its
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

# A date cell as the plugin writes one (ISO) or as people type one: 2026-03-02,
# 03/02/2026, Mar 2 2026, March 2, 2026, 2 March 2026.
_DATE_CELL = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
    r"|[A-Za-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4})$"
)
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
    header = [cell.strip() for cell in rows[start]]
    if len(header) <= MIN_COURSES or any(_is_date(cell) for cell in header):
        return None
    people: list[list[str]] = []
    for row in rows[start + 1 :]:
        if not any(cell.strip() for cell in row):
            break  # the table ends at an empty line
        if _NAME.match(row[0].strip()):
            people.append([cell.strip() for cell in row])
    if len(people) < MIN_PEOPLE:
        return None
    # A course column holds dates or nothing; other columns (position, crew) are allowed.
    course_columns = [
        column
        for column in range(1, len(header))
        if header[column] and _holds_only_dates([_cell(row, column) for row in people])
    ]
    dated = sum(1 for row in people if any(_is_date(_cell(row, c)) for c in course_columns))
    if len(course_columns) < MIN_COURSES or dated < MIN_DATED_SHARE * len(people):
        return None
    return tuple(header[column] for column in course_columns), len(people)


def _cell(row: list[str], column: int) -> str:
    return row[column] if column < len(row) else ""


def _holds_only_dates(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell.lower() not in _EMPTY_MARKS]
    return bool(filled) and all(_is_date(cell) for cell in filled)


def _is_date(cell: str) -> bool:
    return _DATE_CELL.match(cell) is not None
