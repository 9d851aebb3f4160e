"""Renders an evidence map for the terminal and as JSON: per requirement, the documents
that prove it grouped by document, with every reason, then the documents that prove nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

import click

from evidencekit.models import (
    USER,
    DocumentFacts,
    EvidenceLink,
    EvidenceMap,
    LinkStrength,
    RequirementEvidence,
)
from evidencekit.report.untrusted import for_terminal


def grouped_by_document(links: tuple[EvidenceLink, ...]) -> list[tuple[str, list[EvidenceLink]]]:
    """Links grouped per document (the order of ``links`` is by path, strongest first)."""
    return [(path, list(group)) for path, group in groupby(links, key=lambda link: link.path)]


def document_strength(links: list[EvidenceLink]) -> LinkStrength:
    strong = any(link.strength is LinkStrength.STRONG for link in links)
    return LinkStrength.STRONG if strong else LinkStrength.WEAK


def evidence_map_as_dict(evidence: EvidenceMap) -> dict:
    by_element: dict[str, list[RequirementEvidence]] = {}
    for item in evidence.requirements:
        by_element.setdefault(item.requirement.element_id, []).append(item)
    tool = evidence.tool
    return {
        "tool": {"id": tool.id, "name": tool.name, "version": tool.version},
        "elements": [
            {
                "id": element.id,
                "name": element.name,
                "requirements": [_requirement_as_dict(item) for item in by_element[element.id]],
            }
            for element in tool.elements
        ],
        "unmapped": list(evidence.unmapped),
        "documents": [_document_as_dict(document) for document in evidence.documents],
    }


def _requirement_as_dict(item: RequirementEvidence) -> dict:
    requirement = item.requirement
    return {
        "id": requirement.id,
        "summary": requirement.summary,
        "points": requirement.points,
        "verification": [str(method) for method in requirement.verification],
        "documents": [
            {
                "path": path,
                "strength": str(document_strength(links)),
                "by_user": any(link.source == USER for link in links),
                "reasons": [
                    {"rule": link.rule, "source": link.source, "page": link.page} for link in links
                ],
            }
            for path, links in grouped_by_document(item.links)
        ],
        "rejected_by_user": list(item.rejected),
    }


def _document_as_dict(document: DocumentFacts) -> dict:
    return {
        "path": document.path,
        "status": str(document.status),
        "doc_type": document.doc_type,
        "type_cue": document.type_cue,
        "date": document.date,
        "date_source": document.date_source,
        "date_text": document.date_text,
        "date_ambiguous": document.date_ambiguous,
    }


def render_evidence_map(evidence: EvidenceMap, echo: Callable[[str], None] = click.echo) -> None:
    tool = evidence.tool
    facts = {document.path: document for document in evidence.documents}
    mapped = len(evidence.documents) - len(evidence.unmapped)
    echo(
        f"Evidence map: {tool.name} {tool.version} ({tool.id}); {len(evidence.documents)}"
        f" documents, {mapped} mapped, {len(evidence.unmapped)} map to nothing"
    )
    by_element: dict[str, list[RequirementEvidence]] = {}
    for item in evidence.requirements:
        by_element.setdefault(item.requirement.element_id, []).append(item)
    for element in tool.elements:
        echo("")
        echo(click.style(f"Element {element.id}  {element.name}", bold=True))
        for item in by_element[element.id]:
            _render_requirement(item, facts, echo)
    echo("")
    echo(click.style(f"Documents that map to nothing ({len(evidence.unmapped)})", bold=True))
    for path in evidence.unmapped:
        document = facts[path]
        echo(f"  {for_terminal(path)}  [{document.doc_type}; {document.status}]")


def _render_requirement(
    item: RequirementEvidence, facts: dict[str, DocumentFacts], echo: Callable[[str], None]
) -> None:
    requirement = item.requirement
    methods = ", ".join(str(method) for method in requirement.verification)
    echo(f"  {requirement.id}  {requirement.summary}  [{methods}; {requirement.points} pts]")
    if not requirement.needs_documents:
        echo("      (verified by interview or observation: documents cannot prove it)")
    elif not item.links:
        echo(click.style("      no documents", fg="red"))
    for path, links in grouped_by_document(item.links):
        document = facts.get(path)
        dated = (
            f"dated {document.date} ({document.date_source})"
            if document and document.date
            else "undated"
        )
        who = ", added by you" if any(link.source == USER for link in links) else ""
        echo(f"      {for_terminal(path)}  [{document_strength(links)}, {dated}{who}]")
        for link in links:
            page = f" p.{link.page}" if link.page else ""
            echo(f"          {for_terminal(link.rule)}{page}")
    for path in item.rejected:
        echo(click.style(f"      rejected by you: {for_terminal(path)}", fg="yellow"))
