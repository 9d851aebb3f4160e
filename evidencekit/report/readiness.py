"""Renders a readiness assessment: the terminal summary, Markdown, and versioned JSON.

The JSON layout is documented in docs/readiness-json.md and published as
docs/readiness.schema.json; bump ``JSON_SCHEMA_VERSION`` on any change to it.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from evidencekit.certificate_length import certificate_sentence
from evidencekit.figures import percent, percent_figure
from evidencekit.models import (
    AuditTool,
    CertificateLength,
    ElementScore,
    Finding,
    Readiness,
    RequirementResult,
)
from evidencekit.report.evidence_map import grouped_by_document
from evidencekit.report.untrusted import for_markdown, for_terminal

JSON_SCHEMA_VERSION = 2
BAR_WIDTH = 20
TOP_FINDINGS = 10
VERDICTS = {True: "ready", False: "not-ready"}


def readiness_as_dict(readiness: Readiness) -> dict:
    """The readiness report as JSON-ready data (paths relative to the evidence folder)."""
    evidence = {item.requirement.id: item for item in readiness.evidence_map.requirements}
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": readiness.tool.id,
        "audit_type": readiness.audit_type.name,
        "audit_date": readiness.audit_date.isoformat(),
        "pass_marks": {
            "overall_pct": readiness.audit_type.overall_pass_pct,
            "element_min_pct": readiness.audit_type.element_min_pct,
        },
        "overall": {
            "score_pct": percent_figure(readiness.overall_documentation_pct),
            "verdict": VERDICTS[readiness.ready],
            "with_interviews_best_pct": percent_figure(readiness.overall_best_pct),
            "with_interviews_worst_pct": percent_figure(readiness.overall_worst_pct),
            "blocking_elements": list(readiness.blocking_elements),
            "below_pass_mark_elements": list(readiness.below_pass_mark_elements),
            "estimate": score_estimate(readiness.tool),
            "certification_blocked_by": [f.id for f in readiness.certification_blocked_by],
        },
        "elements": [
            {
                "id": element.element.id,
                "name": element.element.name,
                "score_pct": percent_figure(element.documentation_pct),
                "status": element_status(element, readiness),
                "best_pct": percent_figure(element.best_pct),
                "worst_pct": percent_figure(element.worst_pct),
                "requirements": [
                    {
                        "id": score.requirement.id,
                        "summary": score.requirement.summary,
                        "result": str(score.result),
                        "points": score.requirement.points,
                        "earned": round(score.earned, 2),
                        "evidence": [
                            {
                                "path": path,
                                "page": next((link.page for link in links if link.page), None),
                                "reason": "; ".join(link.rule for link in links),
                            }
                            for path, links in grouped_by_document(
                                evidence[score.requirement.id].links
                            )
                        ],
                        "findings": list(score.findings),
                    }
                    for score in element.requirements
                ],
            }
            for element in readiness.elements
        ],
        "rules_applied": readiness.rules_applied,
        "certificate": _certificate_as_dict(readiness.certificate),
        "findings": [_finding_as_dict(finding, readiness) for finding in readiness.findings],
        "documents": [
            {
                "path": document.path,
                "status": str(document.status),
                "doc_type": document.doc_type,
                "date": document.date,
                "date_source": document.date_source,
            }
            for document in readiness.evidence_map.documents
        ],
    }


def _certificate_as_dict(certificate: CertificateLength | None) -> dict | None:
    if certificate is None:
        return None
    return {
        "records_months": certificate.records_months,
        "qualifies_for": certificate.qualifies_for,
        "full_from": certificate.full_from.isoformat() if certificate.full_from else None,
        "basis": list(certificate.basis),
        "sentence": certificate_sentence(certificate),
    }


def _finding_as_dict(finding: Finding, readiness: Readiness) -> dict:
    action = readiness.action_of(finding)
    tracker = None
    if action is not None:
        tracker = {
            "owner": action.owner,
            "due": action.due or None,
            "status": action.status,
            "note": action.note,
            "closed_but_found_again": readiness.closed_but_found(finding),
        }
    return {
        "id": finding.id,
        "kind": finding.kind,
        "severity": str(finding.severity),
        "element": finding.element_id,
        "requirement": finding.requirement_id,
        "message": finding.message,
        "action": finding.action,
        "paths": list(finding.paths),
        "periods": list(finding.periods),
        "tracker": tracker,
    }


def tracker_words(readiness: Readiness, finding: Finding) -> str | None:
    """The tracker's action on ``finding`` in words, as every format shows it: who, by when,
    its status and note; a finding closed in the tracker yet found again says so."""
    action = readiness.action_of(finding)
    if action is None:
        return None
    if readiness.closed_but_found(finding):
        words = "closed in the tracker, but this check found it again"
    else:
        words = action.status
    details = [
        f"owner {action.owner}" if action.owner else "no owner",
        f"due {action.due}" if action.due else "no due date",
    ]
    if action.note:
        details.append(f"note: {action.note}")
    return f"{words} ({'; '.join(details)})"


def render_readiness(readiness: Readiness, echo: Callable[[str], None] = click.echo) -> None:
    """The terminal report: verdict, each element with a bar, the top findings."""
    marks = readiness.audit_type
    verdict = (
        click.style("READY", fg="green", bold=True)
        if readiness.ready
        else click.style("NOT READY", fg="red", bold=True)
    )
    echo(
        f"{readiness.tool.name} {readiness.tool.version}, {marks.name} audit on "
        f"{readiness.audit_date.isoformat()}: {verdict}"
    )
    minimum = (
        f", at least {marks.element_min_pct:g}% in every element"
        if (marks.element_min_pct is not None)
        else ""
    )
    echo(
        f"Documentation score {percent(readiness.overall_documentation_pct)} "
        f"(pass mark {percent(marks.overall_pass_pct)}{minimum}); with interview and "
        f"observation points {percent(readiness.overall_worst_pct)} to "
        f"{percent(readiness.overall_best_pct)}"
    )
    echo(score_estimate(readiness.tool))
    for line in shortfall_lines(readiness):
        echo(line)
    if readiness.certificate is not None:
        echo(f"Certificate: {certificate_sentence(readiness.certificate)}")
    if readiness.rules_applied:
        echo(readiness.rules_applied)
    for line in certification_blocked_lines(readiness):
        echo(for_terminal(line))
    echo("")
    for element in readiness.elements:
        echo(_element_line(element, element_status(element, readiness)))
    echo("")
    shown = readiness.findings[:TOP_FINDINGS]
    echo(click.style(f"Top findings ({len(shown)} of {len(readiness.findings)})", bold=True))
    for finding in shown:
        where = finding.requirement_id or f"element {finding.element_id}"
        echo(f"  [{finding.severity}] {finding.kind} {where}: {for_terminal(finding.message)}")
        echo(f"      → {for_terminal(finding.action)}")
        tracked = tracker_words(readiness, finding)
        if tracked:
            echo(f"      tracker: {for_terminal(tracked)}")


def certification_blocked_lines(readiness: Readiness) -> list[str]:
    """Why the program cannot be certified whatever the score, one line per finding."""
    return [
        f"Not certifiable until this is resolved, whatever the score: {finding.message}"
        for finding in readiness.certification_blocked_by
    ]


def score_estimate(tool: AuditTool) -> str:
    """What every format says next to a score: that it is an estimate, and why, in the
    words of the tool's file (``estimates.points``)."""
    why = tool.points_estimate or "the auditor's scoring decides"
    return f"These scores are estimates: {' '.join(why.split())}."


def shortfall_lines(readiness: Readiness) -> list[str]:
    """What keeps the verdict from a pass, in the words every format uses: elements under
    the element minimum block a pass; others under the overall mark only pull it down."""
    lines = []
    minimum = readiness.audit_type.element_min_pct
    if readiness.blocking_elements:
        lines.append(
            f"Blocking a pass (under the {percent(minimum)} element minimum), lowest first: "
            f"element {', '.join(readiness.blocking_elements)}"
        )
    if readiness.below_pass_mark_elements:
        lines.append(
            f"Below the {percent(readiness.audit_type.overall_pass_pct)} pass mark, lowest "
            f"first (raising them is what passes): element "
            f"{', '.join(readiness.below_pass_mark_elements)}"
        )
    return lines


def element_status(element: ElementScore, readiness: Readiness) -> str:
    """``blocking`` (under the element minimum: no pass while it is), ``low`` (under the
    overall pass mark) or ``good``: the colour of an element's bar, in every format."""
    if element.element.id in readiness.blocking_elements:
        return "blocking"
    shown = percent_figure(element.documentation_pct)
    return "low" if shown < readiness.audit_type.overall_pass_pct else "good"


STATUS_COLOURS = {"blocking": "red", "low": "yellow", "good": "green"}


def _element_line(element: ElementScore, status: str) -> str:
    filled = round(BAR_WIDTH * element.documentation_pct / 100)
    bar = "█" * filled + "·" * (BAR_WIDTH - filled)
    colour = STATUS_COLOURS[status]
    return (
        f"  {element.element.id:>3} {element.element.name[:42]:<42} "
        f"{click.style(bar, fg=colour)} {percent(element.documentation_pct):>6}"
    )


def readiness_markdown(readiness: Readiness) -> str:
    """A Markdown report to hand over: scorecard, findings with actions, evidence map."""
    marks = readiness.audit_type
    lines = [
        f"# Audit readiness: {readiness.tool.name} {readiness.tool.version}",
        "",
        f"- Audit type: {marks.name}; audit date {readiness.audit_date.isoformat()}",
        f"- Verdict: **{VERDICTS[readiness.ready]}** (documentation score "
        f"{percent(readiness.overall_documentation_pct)}, pass mark "
        f"{percent(marks.overall_pass_pct)})",
        f"- With interview and observation points: {percent(readiness.overall_worst_pct)} to "
        f"{percent(readiness.overall_best_pct)}",
        f"- {_cell(score_estimate(readiness.tool))}",
    ]
    lines += [f"- {line}" for line in shortfall_lines(readiness)]
    if readiness.certificate is not None:
        lines.append(f"- Certificate: {_cell(certificate_sentence(readiness.certificate))}")
    if readiness.rules_applied:
        lines.append(f"- {_cell(readiness.rules_applied)}")
    lines += [f"- {_cell(line)}" for line in certification_blocked_lines(readiness)]
    lines += [
        "",
        "## Scorecard",
        "",
        "| element | documentation | best | worst |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {_cell(e.element.id + ' ' + e.element.name)} | {percent(e.documentation_pct)} "
        f"| {percent(e.best_pct)} | {percent(e.worst_pct)} |"
        for e in readiness.elements
    ]
    lines += [
        "",
        "## Findings",
        "",
        "| id | severity | kind | requirement | finding | action | tracker |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {f.id} | {f.severity} | {f.kind} | {f.requirement_id or '-'} | "
        f"{_cell(f.message)} | {_cell(f.action)} | {_cell(tracker_words(readiness, f) or '-')} |"
        for f in readiness.findings
    ]
    lines += ["", "## Requirements", ""]
    evidence = {item.requirement.id: item for item in readiness.evidence_map.requirements}
    for element in readiness.elements:
        lines += [f"### Element {element.element.id}: {_cell(element.element.name)}", ""]
        for score in element.requirements:
            lines.append(
                f"- **{score.requirement.id}** ({result_label(score.result)}): "
                f"{_cell(score.requirement.summary)}"
            )
            for path, links in grouped_by_document(evidence[score.requirement.id].links):
                lines.append(
                    f"  - `{_code(path)}`: {_cell('; '.join(link.rule for link in links))}"
                )
        lines.append("")
    return "\n".join(lines) + "\n"


def result_label(result: RequirementResult) -> str:
    """A requirement's result in words: ``partly met``."""
    return str(result).replace("-", " ")


def _cell(text: str) -> str:
    return for_markdown(text)


def _code(text: str) -> str:
    """Inside backticks nothing is active but a backtick and a line break."""
    return " ".join(text.replace("`", "'").split())
