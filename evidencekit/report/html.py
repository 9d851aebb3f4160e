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

from evidencekit.audit.mapping import USER
from evidencekit.audit.periods import add_months, parse_date
from evidencekit.models import (
    DocumentFacts,
    DocumentStatus,
    ElementScore,
    Finding,
    Readiness,
    Recurrence,
    Requirement,
    RequirementEvidence,
    RequirementResult,
    RequirementScore,
)
from evidencekit.report.evidence_map import document_strength, grouped_by_document
from evidencekit.report.readiness import VERDICTS

TEMPLATE = "readiness.html.j2"
#: The calendar covers this many whole months before the month of the audit.
CALENDAR_MONTHS = 12

#: Cell states of the coverage calendar (also their CSS class names).
COVERED = "covered"
PARTIAL = "partial"
MISSING = "missing"
RUNNING = "running"


# --- Coverage calendar ------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageCell:
    """One period of a recurring record and how many dated linked documents fall in it.

    ``end`` is exclusive. ``state`` is ``covered``, ``partial`` (a weekly or each-shift
    record with weeks of the month missing), ``missing``, or ``running`` (the period
    holding the audit date, empty so far: not yet a gap).
    """

    label: str
    start: date
    end: date
    count: int
    state: str
    note: str = ""


@dataclass(frozen=True)
class CoverageRow:
    requirement: Requirement
    cells: tuple[CoverageCell, ...]
    #: Linked documents without a date: they cannot be placed in any period.
    undated: int


def coverage_calendar(readiness: Readiness) -> list[CoverageRow]:
    """One row per recurring requirement, in tool order, with its periods before the audit."""
    facts = {document.path: document for document in readiness.evidence_map.documents}
    return [
        _coverage_row(item, facts, readiness.audit_date)
        for item in readiness.evidence_map.requirements
        if item.requirement.recurrence is not None
    ]


def _coverage_row(
    item: RequirementEvidence, facts: dict[str, DocumentFacts], audit_date: date
) -> CoverageRow:
    recurrence = item.requirement.recurrence
    assert recurrence is not None
    dates: list[date] = []
    undated = 0
    # One date per document: a document linked by several rules is still one record.
    for path in dict.fromkeys(link.path for link in item.links):
        document = facts.get(path)
        day = parse_date(document.date) if document else None
        if day is None:
            undated += 1
        else:
            dates.append(day)
    if recurrence is Recurrence.YEARLY:
        cells = [_yearly_cell(dates, audit_date)]
    elif recurrence is Recurrence.QUARTERLY:
        cells = [_plain_cell(dates, start, end, audit_date) for start, end in _quarters(audit_date)]
    else:
        cells = [
            _month_cell(dates, start, end, audit_date, recurrence)
            for start, end in _months(audit_date)
        ]
    return CoverageRow(item.requirement, tuple(cells), undated)


def _months(audit_date: date) -> list[tuple[date, date]]:
    """The whole months before the audit month, then the audit month itself (running)."""
    first = add_months(audit_date.replace(day=1), -CALENDAR_MONTHS)
    return [
        (add_months(first, offset), add_months(first, offset + 1))
        for offset in range(CALENDAR_MONTHS + 1)
    ]


def _quarters(audit_date: date) -> list[tuple[date, date]]:
    """The quarters overlapping the calendar's months, the audit's own quarter last."""
    first = add_months(audit_date.replace(day=1), -CALENDAR_MONTHS)
    start = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    quarters = []
    while start <= audit_date:
        quarters.append((start, add_months(start, 3)))
        start = add_months(start, 3)
    return quarters


def _count(dates: list[date], start: date, end: date) -> int:
    return sum(start <= day < end for day in dates)


def _plain_cell(dates: list[date], start: date, end: date, audit_date: date) -> CoverageCell:
    count = _count(dates, start, end)
    label = (
        f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if add_months(start, 3) == end
        else start.strftime("%b %Y")
    )
    return CoverageCell(label, start, end, count, _state(count, end, audit_date))


def _month_cell(
    dates: list[date], start: date, end: date, audit_date: date, recurrence: Recurrence
) -> CoverageCell:
    cell = _plain_cell(dates, start, end, audit_date)
    if recurrence is Recurrence.MONTHLY or cell.state != COVERED:
        return cell
    # A weekly or each-shift record is expected every week: name the weeks with none.
    weeks = _weeks(start, min(end, audit_date))
    covered = {day.isocalendar()[:2] for day in dates}
    missing = [week for week in weeks if week not in covered]
    if not missing:
        return replace(cell, note=f"all {len(weeks)} weeks")
    note = f"{len(weeks) - len(missing)} of {len(weeks)} weeks"
    return replace(cell, state=PARTIAL, note=note)


def _weeks(start: date, end: date) -> list[tuple[int, int]]:
    """The ISO (year, week) pairs overlapping the days from ``start`` up to ``end``."""
    weeks: list[tuple[int, int]] = []
    day = start
    while day < end:
        week = day.isocalendar()[:2]
        if week not in weeks:
            weeks.append(week)
        day += timedelta(days=1)
    return weeks


def _yearly_cell(dates: list[date], audit_date: date) -> CoverageCell:
    start = add_months(audit_date, -12)
    # The audit day itself counts: a drill held that morning is in the year.
    count = _count(dates, start, audit_date + timedelta(days=1))
    label = f"{start.isoformat()} to {audit_date.isoformat()}"
    return CoverageCell(label, start, audit_date, count, COVERED if count else MISSING)


def _state(count: int, end: date, audit_date: date) -> str:
    if count:
        return COVERED
    return RUNNING if end > audit_date else MISSING


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
        folder=str(root),
        uri=lambda path: file_uri(root, path),
        findings_by_id={finding.id: finding for finding in readiness.findings},
        documents_of=lambda score: _documents(evidence[score.requirement.id], facts, root),
        rejected_of=lambda score: evidence[score.requirement.id].rejected,
        calendar=coverage_calendar(readiness),
        calendar_months=CALENDAR_MONTHS,
        unreadable=_unreadable(readiness),
        preparation=_preparation(readiness.elements),
        element_status=lambda element: _element_status(element, readiness),
        result_label=_result_label,
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


def _element_status(element: ElementScore, readiness: Readiness) -> str:
    """``blocking``, ``low`` (under 80%) or ``good``: the colour of an element's bar."""
    minimum = readiness.audit_type.element_min_pct
    if element.element.id in readiness.blocking_elements or (
        minimum is not None and element.documentation_pct < minimum
    ):
        return "blocking"
    return "low" if element.documentation_pct < readiness.audit_type.overall_pass_pct else "good"


def _result_label(result: RequirementResult) -> str:
    return str(result).replace("-", " ")


def _pct(value: float | None) -> str:
    """A percentage for display: ``85.3%``, ``80%``."""
    return "none" if value is None else f"{value:.1f}".removesuffix(".0") + "%"
