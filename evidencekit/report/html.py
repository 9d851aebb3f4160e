"""Renders a readiness assessment as one self-contained HTML file to read on screen or print.

The page holds the verdict, a scorecard, the findings with their actions, a coverage
calendar of recurring records, unreadable documents, the interview and observation
questions to prepare, and the evidence map with ``file://`` links to the evidence.

Everything that comes from documents (paths, titles, reasons, messages) is untrusted:
the template is rendered with autoescaping on and never marks such text safe. The page
has no scripts and loads nothing but the evidence files it links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evidencekit.certificate_length import certificate_sentence
from evidencekit.models import (
    CALENDAR_MONTHS,
    USER,
    DocumentFacts,
    DocumentStatus,
    ElementScore,
    Finding,
    Readiness,
    RequirementEvidence,
    RequirementScore,
)
from evidencekit.report.evidence_map import document_strength, grouped_by_document
from evidencekit.report.pages import file_uri, render_page
from evidencekit.report.readiness import (
    VERDICTS,
    certification_blocked_lines,
    element_status,
    result_label,
    tracker_words,
)

TEMPLATE = "readiness.html.j2"


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
    root = folder.resolve()
    facts = {document.path: document for document in readiness.evidence_map.documents}
    evidence = {item.requirement.id: item for item in readiness.evidence_map.requirements}
    return render_page(
        TEMPLATE,
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
        calendar=readiness.coverage,
        calendar_months=CALENDAR_MONTHS,
        unreadable=_unreadable(readiness),
        preparation=_preparation(readiness.elements),
        element_status=lambda element: element_status(element, readiness),
        result_label=result_label,
        tracker_of=lambda finding: tracker_words(readiness, finding),
        certification_blocked=certification_blocked_lines(readiness),
        pct=_pct,
    )


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
