"""The training requirements of a program against the courses the evidence shows held.

It owns matching a course as a record writes it to the audit tool's course names and
aliases, when a held course lapses, the decision per required course: met,
met only if the profile confirms (a full-time holder, a certified auditor), expired, or
missing, and the training matrix: every person against every course on record, each
cell held, expired, expiring before the audit, or with no record. The gap rule
``training-requirement`` and ``evidencekit training`` both read ``assess_training``'s
answer.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from evidencekit.analyse.content import TRAINING_DOC_TYPES
from evidencekit.hookspecs import finding_id
from evidencekit.models import (
    Course,
    CourseHeld,
    DocumentFacts,
    DocumentStatus,
    RequiredTraining,
    TrainingRequirements,
)
from evidencekit.periods import add_months, parse_date

if TYPE_CHECKING:
    from evidencekit.profile.model import CompanyProfile, Person


class TrainingStatus(StrEnum):
    MET = "met"
    #: Held, but whether it counts rests on an answer the profile does not give yet.
    TO_CONFIRM = "to-confirm"
    EXPIRED = "expired"
    MISSING = "missing"


#: The statuses that are gaps (a ``training-requirement`` finding each).
GAP_STATUSES = frozenset({TrainingStatus.EXPIRED, TrainingStatus.MISSING})


@dataclass(frozen=True)
class CourseRecord:
    """A course someone holds, the document that says so, and the tool course it is."""

    held: CourseHeld
    path: str
    course: Course
    #: ISO date it lapses: stated, or taken plus the course's validity; None: no end.
    expires: str | None


@dataclass(frozen=True)
class TrainingResult:
    """One required course: its status, who holds it, and what decided it."""

    required: RequiredTraining
    status: TrainingStatus
    holders: tuple[CourseRecord, ...]
    #: A missing course: the records of ``person``'s other program courses.
    related: tuple[CourseRecord, ...]
    #: The person the gap is about: the holder whose course lapsed, or, for a missing
    #: course, the person who holds most of the program's other courses.
    person: str | None
    #: Why, in words: the documents, profile fields and answers that decided.
    reason: str

    @property
    def paths(self) -> tuple[str, ...]:
        """The documents the result rests on: the holders' records, else the records of
        the person a missing course is for."""
        records = self.holders or self.related
        return tuple(dict.fromkeys(record.path for record in records))


@dataclass(frozen=True)
class TrainingAssessment:
    """Every required course's result, the courses found, and what could not be read."""

    results: tuple[TrainingResult, ...]
    records: tuple[CourseRecord, ...]
    unreadable: tuple[DocumentFacts, ...]
    element_id: str
    #: Courses the records show that the program does not ask for, with their document.
    other_courses: tuple[tuple[CourseHeld, str], ...] = ()


def training_gap_id(required_id: str) -> str:
    """The stable id of the ``training-requirement`` finding of one required course."""
    return finding_id("training-requirement", None, required_id)


def assess_training(
    requirements: TrainingRequirements,
    documents: Sequence[DocumentFacts],
    audit_date: date,
    profile: CompanyProfile | None = None,
) -> TrainingAssessment:
    """Decide each required course of ``requirements`` in force on ``audit_date`` from
    the documents' courses."""
    records = tuple(course_records(requirements, documents))
    unreadable = tuple(
        document
        for document in documents
        if document.doc_type in TRAINING_DOC_TYPES and document.status is not DocumentStatus.OK
    )
    results = tuple(
        _result(required, requirements, records, audit_date, profile)
        for required in requirements.required
        if required.in_force.covers(audit_date)
    )
    program = {(record.path, record.held) for record in records}
    other = tuple(
        (held, document.path)
        for document in documents
        if document.status is DocumentStatus.OK
        for held in document.content.courses
        if (document.path, held) not in program
    )
    return TrainingAssessment(results, records, unreadable, requirements.element_id, other)


def course_records(
    requirements: TrainingRequirements, documents: Iterable[DocumentFacts]
) -> Iterable[CourseRecord]:
    """The documents' held courses that are courses of the program, in path order."""
    for document in documents:
        if document.status is not DocumentStatus.OK:
            continue
        for held in document.content.courses:
            course = matching_course(requirements.courses, held.course)
            if course is not None:
                yield CourseRecord(held, document.path, course, _lapses(held, course))


def matching_course(courses: Sequence[Course], written: str) -> Course | None:
    """The first course whose name or an alias the written course name contains."""
    text = f" {_normalised(written)} "
    for course in courses:
        if any(f" {_normalised(name)} " in text for name in (course.name, *course.aliases)):
            return course
    return None


def same_person(one: str, other: str) -> bool:
    """ "Priya Sandhu", "priya sandhu" and "P Sandhu" are the same person."""
    first, second = _normalised(one).split(), _normalised(other).split()
    if first == second:
        return True
    if len(first) < 2 or len(second) < 2 or first[-1] != second[-1]:
        return False
    return first[0][0] == second[0][0] and (len(first[0]) == 1 or len(second[0]) == 1)


@functools.lru_cache(maxsize=4096)  # the courses' own names, for every course held
def _normalised(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("&", " and "))
    plain = "".join(character for character in plain if not unicodedata.combining(character))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


def _lapses(held: CourseHeld, course: Course) -> str | None:
    if held.expires:
        return held.expires
    taken = parse_date(held.taken)
    if taken is None or course.validity_months is None:
        return None
    return add_months(taken, course.validity_months).isoformat()


def _current(record: CourseRecord, audit_date: date) -> bool:
    expires = parse_date(record.expires)
    return expires is None or expires >= audit_date


def _result(
    required: RequiredTraining,
    requirements: TrainingRequirements,
    records: Sequence[CourseRecord],
    audit_date: date,
    profile: CompanyProfile | None,
) -> TrainingResult:
    names = _course_names(requirements, required.any_of)
    # Assessed as of the audit date: a course taken after it did not count that day.
    holding = [
        record
        for record in records
        if record.course.id in required.any_of
        and (parse_date(record.held.taken) or audit_date) <= audit_date
    ]
    if required.held_by is not None:
        holder = _role_holder(required, holding, profile)
        if isinstance(holder, TrainingResult):
            return holder
        holding = [record for record in holding if same_person(record.held.person, holder)]
    current = [record for record in holding if _current(record, audit_date)]
    if required.within_months is not None and current:
        since = add_months(audit_date, -required.within_months)
        recent = [r for r in current if (parse_date(r.held.taken) or date.min) >= since]
        if not recent:
            last = max(current, key=lambda record: record.held.taken or "")
            return TrainingResult(
                required,
                TrainingStatus.EXPIRED,
                tuple(current),
                (),
                last.held.person,
                f"the latest is {last.held.person}'s {last.course.name} ({last.path}, taken "
                f"{last.held.taken or 'on a day the record does not give'}); the program asks "
                f"for one taken since {since}, {required.within_months} months before the "
                f"audit on {audit_date}.",
            )
        current = recent
    if not holding:
        # The person it is for is named from the courses held that day, not later ones.
        held_then = [r for r in records if (parse_date(r.held.taken) or audit_date) <= audit_date]
        person = _program_lead(held_then, required, requirements)
        theirs = [record for record in held_then if record.held.person == person]
        who = (
            f"{person} holds {_names(record.course.name for record in theirs)} "
            f"({theirs[0].path}) but not {names}; "
            if person
            else ""
        )
        return TrainingResult(
            required,
            TrainingStatus.MISSING,
            (),
            tuple(theirs),
            person,
            f"{who}no training record, certificate or matrix in the evidence shows anyone "
            f"holding {'one of them' if who and len(required.any_of) > 1 else names}.",
        )
    if not current:
        last = max(holding, key=lambda record: record.expires or "")
        return TrainingResult(
            required,
            TrainingStatus.EXPIRED,
            tuple(holding),
            (),
            last.held.person,
            f"{last.held.person}'s {last.course.name} expired {last.expires} "
            f"({last.path}), before the audit on {audit_date}; no one else holds a current "
            f"{names}.",
        )
    if required.full_time:
        decided = _full_time_decision(current, profile)
        if decided is not None:
            return _decided_result(required, decided, tuple(current))
    return _confirmed(required, tuple(current), profile)


def _role_holder(
    required: RequiredTraining, holding: Sequence[CourseRecord], profile: CompanyProfile | None
) -> str | TrainingResult:
    """The name of the person whose course counts (the profile's ``assessor``), or the
    result when the profile does not name them."""
    name = getattr(profile, required.held_by or "", None) if profile is not None else None
    if name:
        return name
    holders = _names(record.held.person for record in holding) if holding else "no one"
    return TrainingResult(
        required,
        TrainingStatus.TO_CONFIRM if holding else TrainingStatus.MISSING,
        tuple(holding),
        (),
        holding[0].held.person if holding else None,
        f"only the {required.held_by}'s own course counts and the profile names no "
        f"{required.held_by} ({required.held_by}: NAME); the records show it held by {holders}.",
    )


@dataclass(frozen=True)
class _Decision:
    status: TrainingStatus
    person: str | None
    reason: str


def _decided_result(
    required: RequiredTraining, decision: _Decision, holders: tuple[CourseRecord, ...]
) -> TrainingResult:
    return TrainingResult(required, decision.status, holders, (), decision.person, decision.reason)


def _full_time_decision(
    current: Sequence[CourseRecord], profile: CompanyProfile | None
) -> _Decision | None:
    """``None`` when a full-time holder is known; otherwise what is left to decide."""
    people = tuple(profile.people) if profile is not None else ()
    listed = {record.held.person: _listed(record.held.person, people) for record in current}
    if any(person is not None and person.full_time for person in listed.values()):
        return None
    holders = _names(record.held.person for record in current)
    if all(person is not None for person in listed.values()):
        return _Decision(
            TrainingStatus.MISSING,
            current[0].held.person,
            f"held only by {holders}, whom the profile lists as not full-time (people); "
            "the program asks for a full-time employee.",
        )
    return _Decision(
        TrainingStatus.TO_CONFIRM,
        current[0].held.person,
        f"held by {holders} ({current[0].path}); the profile does not say whether "
        f"{holders} works full time: add them to the profile's people with full_time, "
        "which decides it.",
    )


def _listed(name: str, people: Sequence[Person]) -> Person | None:
    return next((person for person in people if same_person(person.name, name)), None)


def _confirmed(
    required: RequiredTraining,
    current: tuple[CourseRecord, ...],
    profile: CompanyProfile | None,
) -> TrainingResult:
    first = current[0]
    held = f"{first.held.person} holds {first.course.name} ({first.path}"
    held += f", taken {first.held.taken})" if first.held.taken else ")"
    if required.confirm is None:
        return TrainingResult(required, TrainingStatus.MET, current, (), first.held.person, held)
    answers: Mapping = profile.answers if profile is not None else {}
    answer = answers.get(required.confirm)
    if answer is True or (isinstance(answer, str) and answer.strip().lower() in ("yes", "true")):
        return TrainingResult(
            required,
            TrainingStatus.MET,
            current,
            (),
            first.held.person,
            f"{held}; the profile answers {required.confirm}: {answer}.",
        )
    if answer is None:
        return TrainingResult(
            required,
            TrainingStatus.TO_CONFIRM,
            current,
            (),
            first.held.person,
            f"{held}, but records cannot show the rest of it; answer {required.confirm} in "
            f"the profile (answers.{required.confirm}: true or false).",
        )
    return TrainingResult(
        required,
        TrainingStatus.MISSING,
        current,
        (),
        first.held.person,
        f"{held}, but the profile answers {required.confirm}: {answer}.",
    )


def _program_lead(
    records: Sequence[CourseRecord],
    required: RequiredTraining,
    requirements: TrainingRequirements,
) -> str | None:
    """Who holds most of the program's other courses (the first listed first): the
    person a missing one is for."""
    rank = {
        course_id: position
        for position, item in reversed(list(enumerate(requirements.required)))
        for course_id in item.any_of
    }
    courses: dict[str, set[str]] = {}
    for record in records:
        if record.course.id not in required.any_of:
            courses.setdefault(record.held.person, set()).add(record.course.id)
    if not courses:
        return None
    return min(
        courses,
        key=lambda person: (
            -len(courses[person]),
            min(rank.get(course, len(rank)) for course in courses[person]),
            person,
        ),
    )


def _course_names(requirements: TrainingRequirements, course_ids: Sequence[str]) -> str:
    """``Standard First Aid``; several courses by their short names: ``any of CSTS, RSTS,
    ESTS or PCST``."""
    courses = [requirements.course(course_id) for course_id in course_ids]
    if len(courses) == 1:
        return courses[0].name if courses[0] is not None else course_ids[0]
    short = [
        next((alias for alias in course.aliases if alias.isupper()), course.name)
        if course is not None
        else course_id
        for course, course_id in zip(courses, course_ids, strict=True)
    ]
    return "any of " + _names(short, "or")


def _names(items: Iterable[str], last: str = "and") -> str:
    unique = list(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + f" {last} " + unique[-1]


# --- the matrix: every person against every course on record ----------------------------


class CellStatus(StrEnum):
    HELD = "held"
    #: Lapsed before today.
    EXPIRED = "expired"
    #: Valid today but lapses on or before the audit date.
    EXPIRES_BEFORE_AUDIT = "expires-before-audit"
    #: No record shows the person holding the course.
    NO_RECORD = "no-record"


@dataclass(frozen=True)
class MatrixCell:
    person: str
    course: str
    status: CellStatus
    taken: str | None = None
    expires: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class TrainingMatrix:
    """Every person the records or the profile name, against every course on record."""

    today: date
    audit_date: date
    people: tuple[str, ...]
    courses: tuple[str, ...]
    cells: tuple[MatrixCell, ...]

    def of_course(self, course: str) -> tuple[MatrixCell, ...]:
        return tuple(cell for cell in self.cells if cell.course == course)

    def counts(self) -> dict[CellStatus, int]:
        return {
            status: sum(1 for cell in self.cells if cell.status is status) for status in CellStatus
        }


def training_matrix(
    assessment: TrainingAssessment,
    audit_date: date,
    today: date,
    profile: CompanyProfile | None = None,
) -> TrainingMatrix:
    """The matrix of ``assessment``'s courses (program and other) by person: a person the
    profile names without a course's record is a ``no-record`` cell, a course that lapsed
    before ``today`` is ``expired``, one that lapses by ``audit_date`` says so.

    An audit dated before ``today`` is looked at as it stood on its day: a course taken
    after it is not held yet, and one that lapsed since was still current."""
    today = min(today, audit_date)
    held: list[tuple[str, str, CourseHeld, str | None, str]] = [
        (record.held.person, record.course.name, record.held, record.expires, record.path)
        for record in assessment.records
    ]
    held += [
        (course.person, course.course, course, course.expires, path)
        for course, path in assessment.other_courses
    ]
    held = [entry for entry in held if not taken_after(entry[2], audit_date)]
    people: list[str] = [person.name for person in profile.people] if profile else []
    courses: list[str] = []
    best: dict[tuple[str, str], MatrixCell] = {}
    for person, course, record, expires, path in held:
        name = next((known for known in people if same_person(known, person)), None)
        if name is None:
            people.append(person)
            name = person
        title = next(
            (known for known in courses if _normalised(known) == _normalised(course)), None
        )
        if title is None:
            courses.append(course)
            title = course
        cell = MatrixCell(
            name, title, _cell_status(expires, audit_date, today), record.taken, expires, path
        )
        key = (name, title)
        if key not in best or _later(cell, best[key]):
            best[key] = cell
    cells = tuple(
        best.get((person, course), MatrixCell(person, course, CellStatus.NO_RECORD))
        for course in courses
        for person in people
    )
    return TrainingMatrix(today, audit_date, tuple(people), tuple(courses), cells)


def taken_after(held: CourseHeld, audit_date: date) -> bool:
    """Was the course taken after ``audit_date`` (so not held on that day)?"""
    taken = parse_date(held.taken)
    return taken is not None and taken > audit_date


def _cell_status(expires: str | None, audit_date: date, today: date) -> CellStatus:
    lapses = parse_date(expires)
    if lapses is None:
        return CellStatus.HELD
    if lapses < today:
        return CellStatus.EXPIRED
    if lapses <= audit_date:
        return CellStatus.EXPIRES_BEFORE_AUDIT
    return CellStatus.HELD


def _later(cell: MatrixCell, other: MatrixCell) -> bool:
    """The record that counts for a person's course: the one valid longest."""
    return (cell.expires or "9999", cell.taken or "") > (other.expires or "9999", other.taken or "")
