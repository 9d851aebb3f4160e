"""Renders a readiness assessment as one self-contained HTML file to read on screen or print.

The page holds the verdict, a scorecard, the findings with their actions, a coverage
calendar of recurring records, unreadable documents, the interview and observation
questions to prepare, and the evidence map with ``file://`` links to the evidence.

Everything that comes from documents (paths, titles, reasons, messages) is untrusted:
the template is rendered with autoescaping on and never marks such text safe. The page
has no scripts and loads nothing but the evidence files it links to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from jinja2 import Environment, PackageLoader

from evidencekit.assess.certificate import certificate_sentence
from evidencekit.assess.schedule import (
    OVERDUE_CHECK_FROM_MONTHS,
    CheckedFrequency,
    checked_frequency,
    company_schedule,
    counts_as_record,
    dated_records,
    only_supporting,
)
from evidencekit.mapping import USER
from evidencekit.models import (
    DocumentFacts,
    DocumentStatus,
    ElementScore,
    Finding,
    Readiness,
    Recurrence,
    Requirement,
    RequirementEvidence,
    RequirementScore,
)
from evidencekit.periods import add_months, parse_date, period_of, periods_between
from evidencekit.report.evidence_map import document_strength, grouped_by_document
from evidencekit.report.readiness import VERDICTS, element_status, result_label

TEMPLATE = "readiness.html.j2"
#: The calendar covers this many whole months before the month of the audit.
CALENDAR_MONTHS = 12

#: Cell states of the coverage calendar (also their CSS class names).
COVERED = "covered"
PARTIAL = "partial"
MISSING = "missing"
RUNNING = "running"
UNCHECKED = "unchecked"


# --- Coverage calendar ------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageCell:
    """One period of a recurring record and how many of its dated records fall in it.

    ``period`` is labelled as findings label it (``2026-07``, ``2026-Q2``). ``state`` is
    ``covered``, ``partial`` (a weekly record with weeks of the month missing),
    ``missing``, ``running`` (the period holding the audit date, empty so far: not
    yet a gap) or ``unchecked`` (only supporting documents are linked, so no period can be
    told to have or lack a record, as the coverage rule says too). A record due every six
    or twelve months has one cell: is the next one overdue at the audit?
    """

    label: str
    period: str
    count: int
    state: str
    note: str = ""


@dataclass(frozen=True)
class CoverageRow:
    requirement: Requirement
    frequency: CheckedFrequency
    cells: tuple[CoverageCell, ...]
    #: Linked records without a date: they cannot be placed in any period.
    undated: int
    #: How many documents are linked when none of them is a record, only supporting
    #: evidence (0 otherwise): then no period can be checked.
    supporting: int = 0

    @property
    def unchecked(self) -> bool:
        return self.supporting > 0


def coverage_calendar(readiness: Readiness) -> list[CoverageRow]:
    """One row per recurring requirement, in tool order, counted as the gap rules count:
    at the frequency it is checked at, with its records (not supporting documents)."""
    facts = {document.path: document for document in readiness.evidence_map.documents}
    schedule = company_schedule(readiness.evidence_map.documents)
    rows = []
    for entry in readiness.evidence_map.requirements:
        frequency = checked_frequency(entry.requirement, schedule)
        if frequency is not None:
            rows.append(_coverage_row(entry, frequency, facts, readiness.audit_date))
    return rows


def _coverage_row(
    entry: RequirementEvidence,
    frequency: CheckedFrequency,
    facts: dict[str, DocumentFacts],
    audit_date: date,
) -> CoverageRow:
    records = [day for day, _path in dated_records(entry, facts, audit_date)]
    paths = dict.fromkeys(link.path for link in entry.links)
    undated = sum(
        counts_as_record(entry, facts.get(path)) and parse_date(facts[path].date) is None
        for path in paths
    )
    supporting = len(paths) if only_supporting(entry, facts) else 0
    recurrence = frequency.recurrence
    if supporting:
        cells = [CoverageCell("not checked", "", 0, UNCHECKED)]
    elif recurrence.months_apart >= OVERDUE_CHECK_FROM_MONTHS:
        cells = [_overdue_cell(records, recurrence, audit_date)]
    else:
        # Each-shift records are counted per month, as the gap rule counts them; weekly
        # ones per month too, with the weeks covered as a note.
        per = Recurrence.QUARTERLY if recurrence is Recurrence.QUARTERLY else Recurrence.MONTHLY
        first = add_months(audit_date.replace(day=1), -CALENDAR_MONTHS)
        running = period_of(audit_date, per)
        cells = [
            _period_cell(records, label, per, recurrence, running, audit_date)
            for label in periods_between(first, audit_date + timedelta(days=1), per)
        ]
    return CoverageRow(entry.requirement, frequency, tuple(cells), undated, supporting)


def _period_cell(
    records: list[date],
    label: str,
    per: Recurrence,
    recurrence: Recurrence,
    running: str,
    audit_date: date,
) -> CoverageCell:
    days = [day for day in records if period_of(day, per) == label]
    state = COVERED if days else RUNNING if label == running else MISSING
    cell = CoverageCell(_display(label), label, len(days), state)
    if recurrence is not Recurrence.WEEKLY or state != COVERED or label == running:
        return cell
    month = date(int(label[:4]), int(label[5:7]), 1)
    weeks = periods_between(month, min(add_months(month, 1), audit_date), Recurrence.WEEKLY)
    covered = {period_of(day, Recurrence.WEEKLY) for day in days}
    missing = [week for week in weeks if week not in covered]
    if not missing:
        return replace(cell, note=f"all {len(weeks)} weeks")
    return replace(cell, state=PARTIAL, note=f"{len(weeks) - len(missing)} of {len(weeks)} weeks")


def _overdue_cell(records: list[date], recurrence: Recurrence, audit_date: date) -> CoverageCell:
    if not records:
        return CoverageCell("no dated record", "", 0, MISSING)
    due = add_months(records[-1], round(recurrence.months_apart))
    state = COVERED if due >= audit_date else MISSING
    label = f"last {records[-1].isoformat()}, next due {due.isoformat()}"
    return CoverageCell(label, "", len(records), state)


def _display(label: str) -> str:
    """``2026-03`` as ``Mar 2026``, ``2026-Q3`` as ``Q3 2026``."""
    year, part = label.split("-", 1)
    if part.startswith("Q"):
        return f"{part} {year}"
    return date(int(year), int(part), 1).strftime("%b %Y")


# --- The page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentView:
    """One linked document of a requirement as the page shows it."""

    path: str
    uri: str
    strength: str
    by_user: bool
    date: str | None
    doc_type: str
    reasons: tuple[str, ...]


def readiness_html(readiness: Readiness, folder: Path) -> str:
    """The readiness report as one HTML page; evidence links point into ``folder``."""
    environment = Environment(
        loader=PackageLoader("evidencekit.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    root = folder.resolve()
    facts = {document.path: document for document in readiness.evidence_map.documents}
    evidence = {item.requirement.id: item for item in readiness.evidence_map.requirements}
    template = environment.get_template(TEMPLATE)
    return template.render(
        r=readiness,
        verdict=VERDICTS[readiness.ready],
        certificate=(
            certificate_sentence(readiness.certificate) if readiness.certificate else None
        ),
        folder=str(root),
        uri=lambda path: file_uri(root, path),
        findings_by_id={finding.id: finding for finding in readiness.findings},
        documents_of=lambda score: _documents(evidence[score.requirement.id], facts, root),
        rejected_of=lambda score: evidence[score.requirement.id].rejected,
        calendar=coverage_calendar(readiness),
        calendar_months=CALENDAR_MONTHS,
        unreadable=_unreadable(readiness),
        preparation=_preparation(readiness.elements),
        element_status=lambda element: element_status(element, readiness),
        result_label=result_label,
        pct=_pct,
    )


def file_uri(root: Path, path: str) -> str:
    """A ``file://`` URI of a document; ``as_uri`` percent-encodes every unsafe character."""
    return (root / path).as_uri()


def _documents(
    item: RequirementEvidence, facts: dict[str, DocumentFacts], root: Path
) -> list[DocumentView]:
    views = []
    for path, links in grouped_by_document(item.links):
        document = facts.get(path)
        reasons = tuple(
            f"{link.rule} (p. {link.page})" if link.page else link.rule for link in links
        )
        views.append(
            DocumentView(
                path=path,
                uri=file_uri(root, path),
                strength=str(document_strength(links)),
                by_user=any(link.source == USER for link in links),
                date=document.date if document else None,
                doc_type=document.doc_type if document else "",
                reasons=reasons,
            )
        )
    return views


def _unreadable(readiness: Readiness) -> list[tuple[DocumentFacts, list[Finding]]]:
    """Documents no auditor could read, each with the findings that name it."""
    return [
        (document, [f for f in readiness.findings if document.path in f.paths])
        for document in readiness.evidence_map.documents
        if document.status is not DocumentStatus.OK
    ]


def _preparation(
    elements: tuple[ElementScore, ...],
) -> list[tuple[ElementScore, list[RequirementScore]]]:
    """Per element, the requirements that carry interview or observation points."""
    found = []
    for element in elements:
        scores = [score for score in element.requirements if score.other_points > 0]
        if scores:
            found.append((element, scores))
    return found


def _pct(value: float | None) -> str:
    """A percentage for display: ``85.3%``, ``80%``."""
    return "none" if value is None else f"{value:.1f}".removesuffix(".0") + "%"
