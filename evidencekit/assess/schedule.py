"""The company's own schedule, the frequency each recurring requirement is checked at, and
which of its linked documents count as its records.

An auditor holds a company to what its program promises: a manual that promises a drill
every six months is checked at six months, although the tool asks for one a year. Where
the tool leaves the frequency to the company (``recurrence_set_by: company``), the
company's promise is the measure, and the tool's frequency only a default. Read by
``assess/coverage.py``, which counts each requirement's records at that frequency.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from evidencekit.models import (
    USER,
    CheckedFrequency,
    CompanyPromise,
    DocumentFacts,
    DocumentStatus,
    FrequencySource,
    Requirement,
    RequirementEvidence,
)
from evidencekit.periods import parse_date

#: The documents that set a company's program; a promise in a toolbox talk or an
#: inspection ("inspect your harness daily") is about something else.
PROGRAM_DOC_TYPES = frozenset(
    {"policy", "responsibilities", "emergency-response-plan", "safe-work-procedure"}
)

#: Records expected this many months apart or more are checked for being overdue at the
#: audit (the last one plus the interval), not period by period.
OVERDUE_CHECK_FROM_MONTHS = 6


def company_schedule(documents: Iterable[DocumentFacts]) -> dict[str, CompanyPromise]:
    """The most frequent promise per record type found in the company's program documents.

    Of several promises for one record, the most frequent is kept: a manual that says
    monthly site inspections is not relaxed by a job description that asks the president
    to join one inspection a quarter.
    """
    schedule: dict[str, CompanyPromise] = {}
    for document in sorted(documents, key=lambda document: document.path):
        if document.status is not DocumentStatus.OK or document.doc_type not in PROGRAM_DOC_TYPES:
            continue
        for promise in document.content.promises:
            known = schedule.get(promise.doc_type)
            if known is None or promise.recurrence.months_apart < known.recurrence.months_apart:
                schedule[promise.doc_type] = CompanyPromise(
                    promise.recurrence, document.path, promise.quote
                )
    return schedule


def checked_frequency(
    requirement: Requirement, schedule: dict[str, CompanyPromise]
) -> CheckedFrequency | None:
    """The frequency ``requirement``'s records are checked at, or ``None`` if not recurring."""
    if requirement.recurrence is None:
        return None
    promises = [schedule[t] for t in requirement.evidence.doc_types if t in schedule]
    promise = min(promises, key=lambda p: p.recurrence.months_apart) if promises else None
    if requirement.recurrence_set_by_company:
        if promise is not None:
            return CheckedFrequency(promise.recurrence, FrequencySource.COMPANY, promise)
        return CheckedFrequency(requirement.recurrence, FrequencySource.DEFAULT)
    if (
        promise is not None
        and promise.recurrence.months_apart < requirement.recurrence.months_apart
    ):
        return CheckedFrequency(promise.recurrence, FrequencySource.COMPANY, promise)
    return CheckedFrequency(requirement.recurrence, FrequencySource.TOOL)


def counts_as_record(entry: RequirementEvidence, document: DocumentFacts | None) -> bool:
    """Does this linked document count as one of the requirement's recurring records?

    A document linked only as supporting evidence does not: a monthly site inspection
    that mentions pre-use checks is not a pre-use check record.
    """
    if document is None:
        return False
    rule = entry.requirement.evidence
    supporting_only = (
        document.doc_type in rule.supporting_doc_types and document.doc_type not in rule.doc_types
    )
    return not supporting_only or any(
        link.path == document.path and link.source == USER for link in entry.links
    )


def only_supporting(entry: RequirementEvidence, facts: dict[str, DocumentFacts]) -> bool:
    """Is every document linked to ``entry`` only supporting evidence, none a record?

    Then no period can be said to have or lack a record (the coverage rule and the
    calendar agree on this).
    """
    paths = {link.path for link in entry.links}
    return bool(paths) and not any(counts_as_record(entry, facts.get(path)) for path in paths)


def dated_records(
    entry: RequirementEvidence, facts: dict[str, DocumentFacts], until: date
) -> list[tuple[date, str]]:
    """The linked readable records (not supporting documents, not scans without text)
    dated on or before ``until``, oldest first."""
    records = []
    for path in dict.fromkeys(link.path for link in entry.links):
        document = facts.get(path)
        if not counts_as_record(entry, document):
            continue
        if document.status is not DocumentStatus.OK:
            continue  # a record no one can read proves no date; `unreadable` says why
        day = parse_date(document.date)
        if day is not None and day <= until:
            records.append((day, path))
    return sorted(records)
