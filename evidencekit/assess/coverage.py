"""The coverage of recurring records, computed once per assessment: for each recurring
requirement, the frequency it is checked at, its dated records, and a calendar of the
periods before the audit.

The ``coverage-gap`` rule turns these rows into findings; the readiness result carries them
so the reports render the same periods the findings name.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from evidencekit.assess.schedule import (
    OVERDUE_CHECK_FROM_MONTHS,
    checked_frequency,
    company_schedule,
    counts_as_record,
    dated_records,
    only_supporting,
)
from evidencekit.models import (
    CALENDAR_MONTHS,
    CheckedFrequency,
    CoverageCell,
    CoverageRow,
    CoverageState,
    DocumentFacts,
    EvidenceMap,
    Recurrence,
    RequirementEvidence,
)
from evidencekit.periods import add_months, parse_date, period_of, periods_between


def record_coverage(evidence_map: EvidenceMap, audit_date: date) -> tuple[CoverageRow, ...]:
    """One row per recurring requirement, in tool order, counted at the frequency it is
    checked at, with its records (not supporting documents)."""
    facts = {document.path: document for document in evidence_map.documents}
    schedule = company_schedule(evidence_map.documents)
    rows = []
    for entry in evidence_map.requirements:
        frequency = checked_frequency(entry.requirement, schedule)
        if frequency is not None:
            rows.append(_coverage_row(entry, frequency, facts, audit_date))
    return tuple(rows)


def _coverage_row(
    entry: RequirementEvidence,
    frequency: CheckedFrequency,
    facts: dict[str, DocumentFacts],
    audit_date: date,
) -> CoverageRow:
    records = dated_records(entry, facts, audit_date)
    days = [day for day, _path in records]
    paths = dict.fromkeys(link.path for link in entry.links)
    undated = sum(
        counts_as_record(entry, facts.get(path)) and parse_date(facts[path].date) is None
        for path in paths
    )
    supporting = len(paths) if only_supporting(entry, facts) else 0
    recurrence = frequency.recurrence
    if supporting:
        cells = [CoverageCell("not checked", "", 0, CoverageState.UNCHECKED)]
    elif recurrence.months_apart >= OVERDUE_CHECK_FROM_MONTHS:
        cells = [_overdue_cell(days, recurrence, audit_date)]
    else:
        # Each-shift records are counted per month, as the gap rule counts them; weekly
        # ones per month too, with the weeks covered as a note.
        per = Recurrence.QUARTERLY if recurrence is Recurrence.QUARTERLY else Recurrence.MONTHLY
        first = add_months(audit_date.replace(day=1), -CALENDAR_MONTHS)
        running = period_of(audit_date, per)
        cells = [
            _period_cell(days, label, per, recurrence, running, audit_date)
            for label in periods_between(first, audit_date + timedelta(days=1), per)
        ]
    return CoverageRow(
        entry.requirement, frequency, tuple(records), tuple(cells), undated, supporting
    )


def _period_cell(
    records: list[date],
    label: str,
    per: Recurrence,
    recurrence: Recurrence,
    running: str,
    audit_date: date,
) -> CoverageCell:
    days = [day for day in records if period_of(day, per) == label]
    if days:
        state = CoverageState.COVERED
    else:
        state = CoverageState.RUNNING if label == running else CoverageState.MISSING
    cell = CoverageCell(_display(label), label, len(days), state)
    if recurrence is not Recurrence.WEEKLY or state != CoverageState.COVERED or label == running:
        return cell
    month = date(int(label[:4]), int(label[5:7]), 1)
    weeks = periods_between(month, min(add_months(month, 1), audit_date), Recurrence.WEEKLY)
    covered = {period_of(day, Recurrence.WEEKLY) for day in days}
    missing = [week for week in weeks if week not in covered]
    if not missing:
        return replace(cell, note=f"all {len(weeks)} weeks")
    return replace(
        cell,
        state=CoverageState.PARTIAL,
        note=f"{len(weeks) - len(missing)} of {len(weeks)} weeks",
    )


def _overdue_cell(records: list[date], recurrence: Recurrence, audit_date: date) -> CoverageCell:
    if not records:
        return CoverageCell("no dated record", "", 0, CoverageState.MISSING)
    due = add_months(records[-1], round(recurrence.months_apart))
    state = CoverageState.COVERED if due >= audit_date else CoverageState.MISSING
    label = f"last {records[-1].isoformat()}, next due {due.isoformat()}"
    return CoverageCell(label, "", len(records), state)


def _display(label: str) -> str:
    """``2026-03`` as ``Mar 2026``, ``2026-Q3`` as ``Q3 2026``."""
    year, part = label.split("-", 1)
    if part.startswith("Q"):
        return f"{part} {year}"
    return date(int(year), int(part), 1).strftime("%b %Y")
