"""Renders the certificate plan (``evidencekit plan``): terminal, Markdown, one
self-contained HTML page, and JSON.

Company names, findings and owners come from users' files: terminal text goes through
``for_terminal``, Markdown through ``for_markdown``, and the HTML template autoescapes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from evidencekit.program.cycle import (
    ActionPlanOption,
    ActionToClose,
    CertificatePlan,
    DocumentationWindow,
    pass_mark_text,
)
from evidencekit.report.pages import render_page
from evidencekit.report.untrusted import for_markdown, for_terminal

PLAN_FORMATS = ("terminal", "md", "html", "json")
TEMPLATE = "plan.html.j2"
#: Bump on any change to the JSON layout.
JSON_SCHEMA_VERSION = 2


def plan_report(plan: CertificatePlan, report_format: str) -> str:
    """The plan as text in ``report_format`` (terminal: without colours)."""
    if report_format == "json":
        return json.dumps(plan_as_dict(plan), indent=2, ensure_ascii=False) + "\n"
    if report_format == "md":
        return plan_markdown(plan)
    if report_format == "html":
        return plan_html(plan)
    if report_format == "terminal":
        lines: list[str] = []
        render_plan(plan, lines.append)
        return click.unstyle("\n".join(lines)) + "\n"
    raise ValueError(f"no plan format {report_format!r}")


# --- the sentences every format shares ----------------------------------------------------


def certificate_line(plan: CertificatePlan) -> str:
    due = plan.due
    if due.certified is None or due.issued is None:
        return "no certificate yet"
    record = due.certified
    score = f", {record.overall:g}%" if record.overall is not None else ""
    tool = f" on {record.tool}" if record.tool else ""
    state = "ended" if due.expires and due.expires <= plan.as_of else "valid until"
    return (
        f"{record.program} {record.audit_type} audit of {due.issued}{tool}{score}; "
        f"issued {due.issued}, {state} {due.expires}"
    )


def due_line(plan: CertificatePlan) -> str:
    due = plan.due
    label = due.label[0].upper() + due.label[1:]
    if due.deadline is None:
        return f"{label}: no deadline set by a certificate"
    if due.overdue:
        return f"{label}: was due by {due.deadline}, OVERDUE"
    this_year = "this year" if due.deadline.year == plan.as_of.year else str(due.deadline.year)
    return f"{label}: due by {due.deadline} ({this_year})"


def window_line(window: DocumentationWindow | None, plan: CertificatePlan) -> str:
    if window is None:
        if plan.due.audit_type.documentation_window_months is None:
            return f"the {plan.due.audit_type.name} asks for no documentation window"
        return "give --audit-date (the planned audit day) to date it"
    return (
        f"{window.start} to {window.end}: {window.months} months of records before {window.basis}"
    )


def action_plan_lines(option: ActionPlanOption, as_of: date) -> list[str]:
    lines = [f"Action Plan instead of the audit: {option.verdict}"]
    if option.proposal is None:
        lines.append(f"  the tool's data has no Action Plan dates for {option.year}")
    elif option.considered or option.verdict != "not eligible":
        for name, day in (
            ("proposal by", option.proposal),
            ("final version by", option.final),
            ("else an internal maintenance audit by", option.internal_audit_by),
        ):
            passed = " (passed)" if day and day < as_of else ""
            lines.append(f"  {name} {day}{passed}")
        lines.append(f"  its self-score must reach {option.self_score_pass_pct:g}%")
        if option.timing:
            lines.append(f"  {option.timing}")
    lines += [f"  - {reason}" for reason in option.reasons]
    return lines


#: Characters of a finding the terminal shows; the other formats show it whole.
TERMINAL_FINDING_CHARS = 110


def action_text(action: ActionToClose) -> str:
    row = action.row
    owner = row.owner or "no owner"
    due = row.due or "no due date"
    concerns = f" [{'; '.join(action.concerns)}]" if action.concerns else ""
    finding = row.finding
    if len(finding) > TERMINAL_FINDING_CHARS:
        finding = finding[: TERMINAL_FINDING_CHARS - 1].rstrip() + "…"
    return f"[{row.severity}] {due}  {owner}  {row.finding_id}: {finding}{concerns}"


def assessed_line(plan: CertificatePlan) -> str:
    basis = (
        "the planned audit day"
        if plan.audit_date
        else "the deadline"
        if plan.assessed_for != plan.as_of
        else "today"
    )
    return f"the evidence is assessed for an audit on {plan.assessed_for} ({basis})"


def _close_heading(plan: CertificatePlan) -> str:
    when = f" by {plan.close_by}" if plan.close_by else ""
    found_again = sum(action.row.reappeared for action in plan.actions)
    past_due = sum(
        any(concern.startswith("past due") for concern in action.concerns)
        for action in plan.actions
    )
    counts = [f"{len(plan.actions) - found_again} open"]
    if past_due:
        counts.append(f"{past_due} past due")
    if found_again:
        counts.append(f"{found_again} closed in the tracker but found again")
    return f"Corrective actions to close{when}: {', '.join(counts)}"


# --- terminal ----------------------------------------------------------------------------


def render_plan(plan: CertificatePlan, echo: Callable[[str], None] = click.echo) -> None:
    tool = plan.tool
    company = for_terminal(plan.company) if plan.company else "the company"
    echo(click.style(f"Certificate plan: {company}, {tool.name} {tool.version}", bold=True))
    echo(f"  as of {plan.as_of}; {for_terminal(plan.program.reason)}")
    if plan.program.warning:
        echo(click.style(f"  Warning: {for_terminal(plan.program.warning)}", fg="red"))
    if plan.missing:
        echo(click.style("The profile does not yet say:", fg="yellow"))
        for line in plan.missing:
            echo(f"  {line}")
    echo("")
    echo(click.style("Certificate", bold=True))
    echo(f"  {for_terminal(certificate_line(plan))}")
    echo(click.style("Audit due", bold=True))
    line = due_line(plan)
    echo("  " + (click.style(line, fg="red") if plan.due.overdue else line))
    if plan.late_audit_date:
        echo(click.style(f"  Warning: {plan.late_audit_date}", fg="red"))
    echo(f"  why: {for_terminal(plan.due.reason)}")
    echo(f"  pass mark: {pass_mark_text(plan.due.audit_type)}")
    echo(f"  documentation window: {window_line(plan.window, plan)}")
    echo(f"  {assessed_line(plan)}")
    if plan.action_plan is not None:
        echo("")
        lines = action_plan_lines(plan.action_plan, plan.as_of)
        echo(click.style(lines[0], bold=True))
        for line in lines[1:]:
            echo(for_terminal(line))
    echo("")
    echo(click.style(_close_heading(plan), bold=True))
    for action in plan.actions:
        echo(f"  {for_terminal(action_text(action))}")


# --- Markdown ----------------------------------------------------------------------------


def plan_markdown(plan: CertificatePlan) -> str:
    tool = plan.tool
    company = for_markdown(plan.company) if plan.company else "the company"
    lines = [
        f"# Certificate plan: {company}",
        "",
        f"{tool.name} {tool.version} (`{tool.id}`), as of {plan.as_of}. "
        f"{for_markdown(plan.program.reason)}.",
        "",
    ]
    if plan.program.warning:
        lines += [f"**Warning:** {for_markdown(plan.program.warning)}", ""]
    if plan.missing:
        lines += ["**The profile does not yet say:**", ""]
        lines += [f"- {line}" for line in plan.missing] + [""]
    lines += [
        "## The certificate and the audit due",
        "",
        f"- Certificate: {for_markdown(certificate_line(plan))}",
        f"- {'**' + due_line(plan) + '**' if plan.due.overdue else due_line(plan)}",
        *([f"- **Warning:** {plan.late_audit_date}"] if plan.late_audit_date else []),
        f"- Why: {for_markdown(plan.due.reason)}",
        f"- Pass mark: {pass_mark_text(plan.due.audit_type)}",
        f"- Documentation window: {window_line(plan.window, plan)}",
        f"- Findings: {assessed_line(plan)}",
    ]
    if plan.action_plan is not None:
        option_lines = action_plan_lines(plan.action_plan, plan.as_of)
        lines += ["", f"## {option_lines[0]}", ""]
        lines += [f"- {for_markdown(line.strip().removeprefix('- '))}" for line in option_lines[1:]]
    lines += ["", f"## {_close_heading(plan)}", ""]
    if plan.actions:
        lines += [
            "| Severity | Due | Owner | Finding | Action | Needs a look |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {a.row.severity} | {a.row.due or '—'} | {for_markdown(a.row.owner) or '—'} |"
            f" `{a.row.finding_id}` {for_markdown(a.row.finding)} | {for_markdown(a.row.action)} |"
            f" {'; '.join(a.concerns) or ''} |"
            for a in plan.actions
        ]
    return "\n".join(lines) + "\n"


# --- HTML --------------------------------------------------------------------------------


def plan_html(plan: CertificatePlan) -> str:
    """One self-contained page (styles inline, nothing fetched), printable."""
    return render_page(TEMPLATE, **plan_page_context(plan))


def plan_page_context(plan: CertificatePlan) -> dict[str, Any]:
    """What ``_plan_main.html.j2`` shows: the report's page and the web page render it."""
    option_lines = (
        action_plan_lines(plan.action_plan, plan.as_of) if plan.action_plan is not None else []
    )
    return {
        "plan": plan,
        "certificate": certificate_line(plan),
        "due": due_line(plan),
        "window": window_line(plan.window, plan),
        "pass_mark": pass_mark_text(plan.due.audit_type),
        "option_title": option_lines[0] if option_lines else "",
        "option_lines": [line.strip().removeprefix("- ") for line in option_lines[1:]],
        "close_heading": _close_heading(plan),
        "assessed": assessed_line(plan),
    }


# --- JSON --------------------------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def plan_as_dict(plan: CertificatePlan) -> dict[str, Any]:
    due, option, window = plan.due, plan.action_plan, plan.window
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "company": plan.company,
        "as_of": plan.as_of.isoformat(),
        "audit_date": _day(plan.audit_date),
        "tool": plan.tool.id,
        "program": plan.tool.program,
        "program_reason": plan.program.reason,
        "warning": plan.program.warning,
        "late_audit_date": plan.late_audit_date,
        "missing": list(plan.missing),
        "certificate": {
            "audit_type": due.certified.audit_type if due.certified else None,
            "issued": _day(due.issued),
            "expires": _day(due.expires),
        },
        "due": {
            "audit_type": due.audit_type.name,
            "label": due.label,
            "reason": due.reason,
            "deadline": _day(due.deadline),
            "overdue": due.overdue,
            "alternatives": list(due.alternatives),
            "pass_mark": {
                "overall_pct": due.audit_type.overall_pass_pct,
                "element_min_pct": due.audit_type.element_min_pct,
            },
            "documentation_window": (
                {
                    "from": window.start.isoformat(),
                    "to": window.end.isoformat(),
                    "months": window.months,
                    "ends_on": window.basis,
                }
                if window
                else None
            ),
        },
        "action_plan": (
            {
                "verdict": option.verdict,
                "too_late": option.late,
                "reasons": list(option.reasons),
                "year": option.year,
                "proposal": _day(option.proposal),
                "final": _day(option.final),
                "internal_audit_by": _day(option.internal_audit_by),
                "considered": option.considered,
                "self_score_pass_pct": option.self_score_pass_pct,
            }
            if option
            else None
        ),
        "close_by": _day(plan.close_by),
        "assessed_for": plan.assessed_for.isoformat(),
        "actions_to_close": [
            {
                "finding_id": a.row.finding_id,
                "severity": a.row.severity,
                "element": a.row.element,
                "requirement": a.row.requirement or None,
                "finding": a.row.finding,
                "action": a.row.action,
                "owner": a.row.owner or None,
                "due": a.row.due or None,
                "status": a.row.status,
                "concerns": list(a.concerns),
            }
            for a in plan.actions
        ],
    }
