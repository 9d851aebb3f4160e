"""Reading who holds which course from a document's text: certificates, course
transcripts, training records (one course, a list of trainees) and training matrices
(people by courses), with when each was taken and when it expires.

Tables come as lines: a Word or spreadsheet table row is one line with tab-separated
cells; a PDF row runs its cells together. Course names are kept as written; which audit
requirement a course meets is decided later, against the audit tool's course names and
aliases (``program/training.py``), so these facts do not depend on the tool. Like the other
content readers this gives up quietly on text it does not recognise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from evidencekit.analyse.dates import FoundDate, dates_in_text
from evidencekit.document_models import CourseHeld

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'\u2019-]*\.?"
_PERSON_NAME = re.compile(rf"^(?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD}$")
# "This certifies that Jordan Reimer has successfully completed Standard First Aid with …"
_CERTIFIES = re.compile(
    rf"\b(?:certif(?:y|ies) that|awarded to|presented to)\s+"
    rf"(?P<person>(?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD})\s+"
    r"(?:has\s+)?(?:successfully\s+)?(?:completed|passed|attended)\s+(?:the\s+)?"
    r"(?P<course>[^.\n;]+?)(?:\s+(?:with|on|at|held)\b|[.;\n]|$)",
)
_PERSON_LABEL = re.compile(
    rf"^\s*(?i:participant|name|employee|worker|trainee|student|holder)\s*:\s*"
    rf"(?P<person>(?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD})\b"
)
_COURSE_LABEL = re.compile(
    r"^\s*(?:training record|course|training|course name)\s*[:\-\u2013]\s*"
    r"(?P<course>[^\t\n]{3,80}?)\s*$",
    re.IGNORECASE,
)
_PERSON_COLUMN = re.compile(
    r"^(?:name|worker|employee|trainee|participant|attendee|person|staff|student|holder)s?"
    r"(?: name)?$",
    re.IGNORECASE,
)
_COURSE_COLUMN = re.compile(
    r"^(?:course|course name|course title|training|program|certificate|certification)$",
    re.IGNORECASE,
)
_TAKEN_COLUMN = re.compile(
    r"^(?:completed|date|date completed|completion date|taken|date taken|issued|passed"
    r"|trained)$",
    re.IGNORECASE,
)
_EXPIRY_COLUMN = re.compile(
    r"^(?:expires|expiry|expiry date|expiration|expiration date|valid until|renewal"
    r"|renewal due|due)$",
    re.IGNORECASE,
)
_OTHER_COLUMN = re.compile(
    r"^(?:result|status|outcome|pass/fail|initials|signature|score|no\.?|#|role|position"
    r"|provider|trainer|instructor|hours|length|notes?|comments?)$",
    re.IGNORECASE,
)
_KNOWN_COLUMNS = (_PERSON_COLUMN, _COURSE_COLUMN, _TAKEN_COLUMN, _EXPIRY_COLUMN, _OTHER_COLUMN)
# A header row names a person or a course column; a cell starts at a word's start, so a line
# without one of those words is no header (most lines: this is checked before splitting).
_HEADER_WORD = re.compile(
    r"\b(?:name|worker|employee|trainee|participant|attendee|person|staff|student|holder"
    r"|course|training|program|certificat)",
    re.IGNORECASE,
)
_FAILED = re.compile(r"\b(?:fail(?:ed)?|incomplete|not completed|absent|no show)\b", re.I)
_RESULT_WORD = re.compile(r"\s+(?:pass(?:ed)?|complete[d]?|fail(?:ed)?|incomplete)\b.*$", re.I)
# A matrix cell that says the course is held without giving a date.
_HELD_MARK = re.compile(r"^(?:yes|y|x|✓|✔|held|current|complete[d]?|pass(?:ed)?)$", re.I)
_MAX_COURSES = 200
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&/-]{1,9}$")
# A PDF matrix cell without a date: held ("Yes", a tick) or not ("-").
_MATRIX_MARK = re.compile(r"(?<!\S)(?:-|\u2013|yes|y|x|\u2713|\u2714)(?!\S)", re.IGNORECASE)


def is_person_name(text: str) -> bool:
    """Does ``text`` read as a person's name ("Mélanie Gagné", "P Sandhu")?"""
    return bool(_PERSON_NAME.match(text))


def courses_held(text: str) -> tuple[CourseHeld, ...]:
    """Every course the text says someone holds, each (person, course) once."""
    lines = text.splitlines()
    found = [*_certified(text), *_from_tables(lines)]
    unique = {(held.person.casefold(), held.course.casefold()): held for held in reversed(found)}
    return tuple(reversed(unique.values()))[:_MAX_COURSES]


def _certified(text: str) -> list[CourseHeld]:
    """A certificate's "This certifies that NAME has completed COURSE", with its dates."""
    held: list[CourseHeld] = []
    for match in _CERTIFIES.finditer(text):
        course = " ".join(match.group("course").split())
        taken, expires = _certificate_dates(text[match.end() :].splitlines()[:8])
        held.append(CourseHeld(match.group("person"), course, taken, expires))
    return held


def _certificate_dates(lines: Sequence[str]) -> tuple[str | None, str | None]:
    """The issue and expiry dates of the first dated row below the statement."""
    header = ""
    for line in lines:
        dates = dates_in_text(line)
        if not dates:
            header = line
            continue
        has_expiry = bool(re.search(r"expir|valid until", header + line, re.IGNORECASE))
        taken = dates[0].value.isoformat()
        expires = dates[1].value.isoformat() if has_expiry and len(dates) > 1 else None
        return taken, expires
    return None, None


@dataclass(frozen=True)
class _Header:
    """Where a table's columns are: by cell number (tab-separated rows) or, for a PDF
    row, only which columns exist."""

    person: int | None
    course: int | None
    taken: int | None
    expiry: int | None
    #: A matrix: the other cells are course names, by cell number.
    matrix_courses: dict[int, str]
    tabbed: bool


def _from_tables(lines: list[str]) -> list[CourseHeld]:
    held: list[CourseHeld] = []
    person_named = _labelled_person(lines)
    course_named = _labelled_course(lines)
    record_date = _record_date(lines)
    header: _Header | None = None
    rows = 0
    for line in lines:
        candidate = _header(line)
        if candidate is not None:
            header, rows = candidate, 0
            continue
        if header is None:
            continue
        row = _row(line, header, person_named, course_named, record_date)
        if row is not None:
            held.extend(row)
            rows += 1
        elif rows:
            header = None  # the table has ended
    return held


def _labelled_person(lines: list[str]) -> str | None:
    for line in lines[:40]:
        match = _PERSON_LABEL.match(line)
        if match:
            return match.group("person")
    return None


def _labelled_course(lines: list[str]) -> str | None:
    for line in lines[:20]:
        match = _COURSE_LABEL.match(line)
        if match:
            return match.group("course")
    return None


def _record_date(lines: list[str]) -> str | None:
    for line in lines[:20]:
        if re.search(r"\bdate\b", line, re.IGNORECASE):
            dates = dates_in_text(line)
            if dates:
                return dates[0].value.isoformat()
    return None


def _header(line: str) -> _Header | None:
    """The column layout ``line`` declares, when it is a training table's header row."""
    if not _HEADER_WORD.search(line):
        return None
    tabbed = "\t" in line
    cells = [" ".join(cell.split()) for cell in line.split("\t")] if tabbed else line.split()
    if len([cell for cell in cells if cell]) < 2 or dates_in_text(line):
        return None
    person, course = _first(cells, _PERSON_COLUMN), _first(cells, _COURSE_COLUMN)
    taken, expiry = _first(cells, _TAKEN_COLUMN), _first(cells, _EXPIRY_COLUMN)
    if person is None and course is None:
        return None
    matrix: dict[int, str] = {}
    if tabbed and person is not None and course is None:
        matrix = {
            number: cell
            for number, cell in enumerate(cells)
            if cell and not any(rule.match(cell) for rule in _KNOWN_COLUMNS)
        }
    elif not tabbed and person == 0 and course is None and _acronyms(cells[1:]):
        # A PDF matrix: "Worker WHMIS PHSM SFA". Its cells are counted, not placed, so
        # only headers of one-word course acronyms are read: "First Aid" could be two.
        matrix = dict(enumerate(cells[1:], start=1))
    elif not tabbed and not all(any(rule.match(word) for rule in _KNOWN_COLUMNS) for word in cells):
        return None  # A PDF header row is column names only; "Course Transcript" is a title.
    return _Header(person, course, taken, expiry, matrix, tabbed)


def _acronyms(words: list[str]) -> bool:
    return len(words) >= 2 and all(_ACRONYM.match(word) for word in words)


def _first(cells: list[str], rule: re.Pattern[str]) -> int | None:
    return next((number for number, cell in enumerate(cells) if rule.match(cell)), None)


def _row(
    line: str,
    header: _Header,
    person_named: str | None,
    course_named: str | None,
    record_date: str | None,
) -> list[CourseHeld] | None:
    """The courses one table row shows as held; ``None`` when the line is not a row."""
    if not line.strip():
        return None
    if header.tabbed:
        return _tabbed_row(line, header, person_named, course_named, record_date)
    return _run_together_row(line, header, person_named, course_named, record_date)


def _tabbed_row(
    line: str,
    header: _Header,
    person_named: str | None,
    course_named: str | None,
    record_date: str | None,
) -> list[CourseHeld] | None:
    cells = [" ".join(cell.split()) for cell in line.split("\t")]
    if len(cells) < 2:
        return None
    person = _cell(cells, header.person) or (person_named if header.person is None else None)
    if person is None or not _PERSON_NAME.match(person):
        return None
    if header.matrix_courses:
        return [
            held
            for number, course in header.matrix_courses.items()
            if (held := _matrix_cell(person, course, _cell(cells, number))) is not None
        ]
    if _FAILED.search(line):
        return []
    course = _cell(cells, header.course) or (course_named if header.course is None else None)
    if not course:
        return None
    taken = _date_of(_cell(cells, header.taken)) or (
        _first_date(line) if header.course is not None else record_date
    )
    return [CourseHeld(person, course, taken, _date_of(_cell(cells, header.expiry)))]


def _matrix_cell(person: str, course: str, cell: str | None) -> CourseHeld | None:
    if not cell:
        return None
    dates = dates_in_text(cell)
    if dates:
        expires = dates[1].value.isoformat() if len(dates) > 1 else None
        return CourseHeld(person, course, dates[0].value.isoformat(), expires)
    return CourseHeld(person, course, None, None) if _HELD_MARK.match(cell) else None


def _run_together_row(
    line: str,
    header: _Header,
    person_named: str | None,
    course_named: str | None,
    record_date: str | None,
) -> list[CourseHeld] | None:
    """A PDF row: "Principles of Health and Safety Management 2024/03/08" under a
    "Course Completed" header, or "Evan Chu Pass EC" under "Trainee Result Initials"."""
    dates = dates_in_text(line)
    if header.matrix_courses:
        return _run_together_matrix_row(line, header)
    if header.course is not None and person_named is not None:
        if not dates:
            return None
        course = " ".join(line[: line.find(dates[0].matched)].split())
        if not course or ":" in course or len(course.split()) > 12:
            return None
        has_expiry = header.expiry is not None and len(dates) > 1
        expires = dates[1].value.isoformat() if has_expiry else None
        return [CourseHeld(person_named, course, dates[0].value.isoformat(), expires)]
    if header.person is not None and course_named is not None:
        if _FAILED.search(line):
            return []
        person = _RESULT_WORD.sub("", line).strip()
        if dates:
            person = " ".join(line[: line.find(dates[0].matched)].split())
        if not _PERSON_NAME.match(person):
            return None
        taken = dates[0].value.isoformat() if dates else record_date
        return [CourseHeld(person, course_named, taken, None)]
    return None


def _run_together_matrix_row(line: str, header: _Header) -> list[CourseHeld] | None:
    """ "Dale Whitford 2025/03/02 - 2024/06/10 Yes": the name, then one cell per course
    (a date, a mark or "-"); a row whose cells do not number the courses is not read."""
    dated = _dates_located(line)
    cells: list[tuple[int, str | None]] = [(start, day) for start, _end, day in dated]
    for mark in _MATRIX_MARK.finditer(line):
        if not any(low <= mark.start() < high for low, high, _day in dated):
            not_held = mark.group() in ("-", "\u2013")
            cells.append((mark.start(), None if not_held else ""))
    cells.sort()
    if not cells or len(cells) != len(header.matrix_courses):
        return None
    person = " ".join(line[: cells[0][0]].split())
    if not _PERSON_NAME.match(person):
        return None
    courses = [header.matrix_courses[number] for number in sorted(header.matrix_courses)]
    return [
        CourseHeld(person, course, value or None)
        for course, (_start, value) in zip(courses, cells, strict=True)
        if value is not None
    ]


def _dates_located(line: str) -> list[tuple[int, int, str]]:
    """Each date in ``line``: where its text starts and ends, and the ISO date."""
    located: list[tuple[int, int, str]] = []
    position = 0
    for found in dates_in_text(line):
        start = line.find(found.matched, position)
        if start >= 0:
            position = start + len(found.matched)
            located.append((start, position, found.value.isoformat()))
    return located


def _cell(cells: list[str], number: int | None) -> str | None:
    if number is None or number >= len(cells):
        return None
    return cells[number] or None


def _date_of(cell: str | None) -> str | None:
    return _first_date(cell) if cell else None


def _first_date(text: str) -> str | None:
    dates: list[FoundDate] = dates_in_text(text)
    return dates[0].value.isoformat() if dates else None
