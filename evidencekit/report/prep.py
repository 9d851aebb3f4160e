"""Renders interview and observation preparation (``evidencekit prep``) for the terminal, as
Markdown and as one printable HTML page with a sheet per role per printed page.

Document paths and the profile's names come from users' files: terminal text goes through
``for_terminal``, Markdown through ``for_markdown``, and the HTML template autoescapes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from evidencekit.models import AuditTool
from evidencekit.prep.interviews import (
    AUDIENCE_TITLES,
    InterviewPreparation,
    KnownDocument,
    PreparationSheet,
)
from evidencekit.prep.sampling import GroupCoverage, SamplingPlan
from evidencekit.report.pages import file_uri, render_page
from evidencekit.report.untrusted import for_markdown, for_terminal

TEMPLATE = "prep.html.j2"
#: What each missing profile answer is for.
ANSWER_NEEDS = {
    "headcount": "how many interviews the sampling table asks for",
    "sites": "which sites to visit",
    "roles": "the interview list and a preparation sheet per role",
    "shifts": "which shifts the interviews must reach",
}
PREP_FORMATS = ("terminal", "html", "md")


def prep_report(preparation: InterviewPreparation, report_format: str, folder: Path) -> str:
    """The preparation as text in ``report_format`` (terminal: without colours)."""
    if report_format == "html":
        return prep_html(preparation, folder)
    if report_format == "md":
        return prep_markdown(preparation)
    if report_format == "terminal":
        lines: list[str] = []
        render_prep(preparation, lines.append)
        return click.unstyle("\n".join(lines)) + "\n"
    raise ValueError(f"no preparation format {report_format!r}")


def missing_answers(plan: SamplingPlan) -> list[str]:
    """One line per profile answer the plan still needs, with what it is for."""
    return [f"{answer}: needed for {ANSWER_NEEDS[answer]}" for answer in plan.missing]


def _audience(sheet: PreparationSheet) -> str:
    return AUDIENCE_TITLES[sheet.audience].lower()


def sample_estimate(tool: AuditTool) -> str:
    """What every format says next to sample sizes: they are estimates, whose table they
    come from and why, in the words of the tool's file (``sampling.source``,
    ``estimates.sampling``)."""
    why = tool.sampling_estimate or "the certifying partner decides the sample"
    source = f"from {tool.sampling_source}; " if tool.sampling_source else ""
    return f"an estimate {source}{' '.join(why.split())}"


def interviews_wanted(plan: SamplingPlan) -> str:
    """The interview count as a minimum, and how many the plan prepares when it is more."""
    if plan.interviews_at_least is None or plan.interviews is None:
        return "interviews: not known yet"
    wanted = f"at least {plan.interviews_at_least} interviews of the company's people"
    if plan.interviews != plan.interviews_at_least:
        wanted += f", {plan.interviews} planned"
    return wanted


def _plan_summary(plan: SamplingPlan, tool: AuditTool) -> list[str]:
    interviews = interviews_wanted(plan)
    if plan.subcontractor_interviews:
        interviews += f" + {plan.subcontractor_interviews} of subcontractors' workers"
    sites = (
        f"at least {plan.sites_to_visit} of {len(plan.sites) + len(plan.sites_left_out)}"
        " active sites"
        if plan.sites_to_visit is not None
        else "sites: not known yet"
    )
    return [
        f"{interviews} ({plan.interview_rule}; {sample_estimate(tool)})",
        f"{sites} ({plan.site_rule}; {sample_estimate(tool)})",
    ]


# --- terminal ----------------------------------------------------------------------------


def render_prep(
    preparation: InterviewPreparation, echo: Callable[[str], None] = click.echo
) -> None:
    plan, tool = preparation.plan, preparation.tool
    company = for_terminal(preparation.company) if preparation.company else "the company"
    echo(click.style(f"Interview preparation: {company}, {tool.name} {tool.version}", bold=True))
    echo(f"  tool {tool.id}; {preparation.documents} documents in the evidence map")
    if plan.missing:
        echo(click.style("The profile does not yet say:", fg="yellow"))
        for line in missing_answers(plan):
            echo(f"  {line}")
        echo("  Give them with --profile FILE (or evidencekit profile FOLDER).")
    echo("")
    echo(click.style("Sampling plan", bold=True))
    for line in _plan_summary(plan, tool):
        echo(f"  {for_terminal(line)}")
    for choice in plan.sites:
        kind = choice.site.kind or "no kind"
        echo(f"  visit  {for_terminal(choice.site.name)}  [{kind}; {choice.reason}]")
    for choice in plan.sites_left_out:
        echo(f"  skip   {for_terminal(choice.site.name)}  [{choice.reason}]")
    for site in plan.sites_inactive:
        echo(f"  skip   {for_terminal(site.name)}  [no longer active]")
    if plan.allocations:
        echo("")
        echo(click.style("Interviews per role", bold=True))
        for allocation in plan.allocations:
            echo(
                f"  {allocation.interviews:>3}  {for_terminal(allocation.role.name)}"
                f"  [{allocation.role.level}, {allocation.role.employment}; {allocation.reason}]"
            )
        echo("")
        echo(click.style("Coverage", bold=True))
        for row in plan.coverage:
            mark = (
                "" if row.interviews or not row.people else click.style("  not reached", fg="red")
            )
            gap = click.style("  no role at this level", fg="red") if not row.people else ""
            group = for_terminal(row.group)
            assumed = f"  ({_assumed(row)})" if row.assumed_people else ""
            echo(
                f"  {row.kind:<10} {group:<20} {row.interviews:>3} of {row.people:<4}"
                f"{mark}{gap}{assumed}"
            )
        echo("")
        echo(click.style("Suggested interview list", bold=True))
        for index, slot in enumerate(plan.slots, 1):
            who = for_terminal(slot.person) if slot.person else "(anyone in the role)"
            shift = f", {for_terminal(slot.shift_text)}" if slot.shift else ""
            echo(f"  {index:>3}. {who:<24} {for_terminal(slot.role)} ({slot.employment}{shift})")
    for note in plan.notes:
        echo(click.style(f"  note: {for_terminal(note)}", fg="yellow"))
    for sheet in preparation.sheets:
        echo("")
        _render_sheet(sheet, echo)
    for checklist in preparation.checklists:
        echo("")
        where = for_terminal(checklist.site.name) if checklist.site else "every site visited"
        echo(click.style(f"Observation checklist: {where}", bold=True))
        for point in checklist.points:
            echo(f"  [ ] {point.requirement.id}  {for_terminal(point.look_for)}")


def _assumed(row: GroupCoverage) -> str:
    """How many of a shift's people are on it only because their roles give no shifts."""
    return f"{row.assumed_people} of them assumed: their roles give no shifts"


def _render_sheet(sheet: PreparationSheet, echo: Callable[[str], None]) -> None:
    planned = f"; {sheet.interviews} to interview" if sheet.interviews is not None else ""
    echo(click.style(f"Preparation sheet: {for_terminal(sheet.title)}", bold=True))
    echo(f"  questions for {_audience(sheet)}{planned}")
    if sheet.people:
        echo(f"  people: {for_terminal(', '.join(sheet.people))}")
    echo("  Documents to know:")
    for known in sheet.documents:
        _render_known(known, echo)
    echo("  Be ready to talk about:")
    for question in sheet.questions:
        text = question.ask or question.requirement.summary
        echo(f"    {question.requirement.id}  {for_terminal(text)}")


def _render_known(known: KnownDocument, echo: Callable[[str], None]) -> None:
    if not known.documents:
        echo(click.style(f"    {known.name}: {known.note}", fg="red"))
        return
    echo(f"    {known.name}{': ' + known.note if known.note else ''}")
    for document in known.documents:
        echo(f"      {for_terminal(document.path)}  [{document.date or 'undated'}]")


# --- Markdown ----------------------------------------------------------------------------


def prep_markdown(preparation: InterviewPreparation) -> str:
    plan, tool = preparation.plan, preparation.tool
    company = for_markdown(preparation.company) if preparation.company else "the company"
    lines = [
        f"# Interview preparation: {company}",
        "",
        f"{tool.name} {tool.version} (`{tool.id}`)",
        "",
    ]
    if plan.missing:
        lines += ["**The profile does not yet say:**", ""]
        lines += [f"- {line}" for line in missing_answers(plan)] + [""]
    lines += ["## Sampling plan", ""]
    lines += [f"- {for_markdown(line)}" for line in _plan_summary(plan, tool)]
    lines += [
        f"- visit **{for_markdown(c.site.name)}** ({c.site.kind or 'no kind'}; {c.reason})"
        for c in plan.sites
    ]
    lines += [f"- skip {for_markdown(c.site.name)} ({c.reason})" for c in plan.sites_left_out]
    lines += [
        f"- skip {for_markdown(site.name)} (no longer active)" for site in plan.sites_inactive
    ]
    lines += [f"- note: {for_markdown(note)}" for note in plan.notes]
    if plan.allocations:
        lines += [
            "",
            "### Interviews per role",
            "",
            "| Role | Level | Employment | Interviews | Why |",
            "| --- | --- | --- | ---: | --- |",
        ]
        lines += [
            f"| {for_markdown(a.role.name)} | {a.role.level} | {a.role.employment} |"
            f" {a.interviews} | {a.reason} |"
            for a in plan.allocations
        ]
        lines += [
            "",
            "### Coverage",
            "",
            "| Group | | Interviews | People |",
            "| --- | --- | ---: | ---: |",
        ]
        lines += [
            f"| {row.kind} | {for_markdown(row.group)} | {row.interviews} | {row.people}"
            f"{' (' + _assumed(row) + ')' if row.assumed_people else ''} |"
            for row in plan.coverage
        ]
        lines += ["", "### Suggested interview list", ""]
        lines += [
            f"{index}. {for_markdown(slot.person) if slot.person else '(anyone in the role)'}: "
            f"{for_markdown(slot.role)} ({slot.employment}"
            f"{', ' + for_markdown(slot.shift_text) if slot.shift else ''})"
            for index, slot in enumerate(plan.slots, 1)
        ]
    for sheet in preparation.sheets:
        planned = f"; {sheet.interviews} to interview" if sheet.interviews is not None else ""
        lines += ["", f"## Preparation sheet: {for_markdown(sheet.title)}", ""]
        lines += [f"Questions for {_audience(sheet)}{planned}."]
        if sheet.people:
            lines += ["", f"People: {for_markdown(', '.join(sheet.people))}"]
        lines += ["", "**Documents to know**", ""]
        for known in sheet.documents:
            lines.append(f"- {known.name}{': ' + for_markdown(known.note) if known.note else ''}")
            lines += [
                f"  - {for_markdown(document.path)} ({document.date or 'undated'})"
                for document in known.documents
            ]
        lines += ["", "**Be ready to talk about**", ""]
        lines += [
            f"- [ ] {q.requirement.id}: {for_markdown(q.ask or q.requirement.summary)}"
            for q in sheet.questions
        ]
    for checklist in preparation.checklists:
        where = for_markdown(checklist.site.name) if checklist.site else "every site visited"
        lines += ["", f"## Observation checklist: {where}", ""]
        lines += [f"- [ ] {p.requirement.id}: {for_markdown(p.look_for)}" for p in checklist.points]
    return "\n".join(lines) + "\n"


# --- HTML --------------------------------------------------------------------------------


def prep_html(preparation: InterviewPreparation, folder: Path) -> str:
    """One page: the plan, then each role's sheet and each site's checklist on its own
    printed page; evidence links point into ``folder``."""
    root = folder.resolve()
    return render_page(
        TEMPLATE,
        folder=str(root),
        **prep_page_context(preparation, lambda path: file_uri(root, path)),
    )


def prep_page_context(
    preparation: InterviewPreparation, document_link: Callable[[str], str]
) -> dict[str, Any]:
    """What ``_prep_main.html.j2`` shows (the report's page and the web page render it);
    ``document_link`` makes the address a document's path opens."""
    return {
        "p": preparation,
        "plan": preparation.plan,
        "uri": document_link,
        "audience": _audience,
        "missing": missing_answers(preparation.plan),
        "summary": _plan_summary(preparation.plan, preparation.tool),
        "sample_estimate": sample_estimate(preparation.tool),
        "interviews_wanted": interviews_wanted(preparation.plan),
    }
