"""``evidencekit plan``, ``training``, ``actionplan`` and ``prep``: the certificate's year,
the program's training, the Action Plan and the preparation of interviews and site visits."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from evidencekit.atomic import write_atomically
from evidencekit.cli.options import (
    ISO_DATE,
    audit_date_option,
    checked_audit_date,
    emit_report,
    folder_argument,
    jobs_option,
    json_option,
    notice,
    open_folder,
    profile_option,
    refuse_output_into_state_or_evidence,
    report_options,
    state_option,
    tool_option,
)
from evidencekit.errors import UsageError
from evidencekit.folder import (
    ActionPlanRequest,
    PlanRequest,
    folder_action_plan,
    folder_certificate_plan,
    folder_interview_prep,
    folder_training,
    import_action_plan_file,
)
from evidencekit.program.action_plan import ActionPlan
from evidencekit.report.actionplan import (
    plan_markdown,
    plan_xlsx,
    rows_by_objective,
    summary_lines,
)
from evidencekit.report.plan import PLAN_FORMATS, plan_report, render_plan
from evidencekit.report.prep import PREP_FORMATS, prep_report, render_prep
from evidencekit.report.training import render_training, training_as_dict
from evidencekit.report.untrusted import for_terminal
from evidencekit.scan import ScanOptions


@click.command("plan")
@folder_argument
@state_option
@tool_option
@profile_option
@click.option(
    "--today",
    type=ISO_DATE,
    default=None,
    help="Plan as of YYYY-MM-DD (default: today).",
)
@click.option(
    "--audit-date",
    type=ISO_DATE,
    default=None,
    help="The planned audit day, YYYY-MM-DD: the documentation window ends on it "
    "(default: the deadline).",
)
@report_options(PLAN_FORMATS)
@jobs_option
def plan(
    folder: Path,
    state: Path | None,
    tool_id: str | None,
    profile_file: Path | None,
    today: datetime | None,
    audit_date: datetime | None,
    report_format: str,
    output: Path | None,
    jobs: int,
) -> None:
    """What FOLDER's company must do this year for its certificate.

    From the company profile (the folder's, or --profile FILE) and the audit tool's
    certificate cycle: the certificate's dates, the audit due and its deadline, the pass
    mark, the documentation window, an Action Plan's dates where one may replace the
    audit, and the tracker's corrective actions still open. Needs a profile: without
    one it says which answers are needed (exit 2).
    """
    as_of = checked_audit_date(today, "--today")
    planned = checked_audit_date(audit_date) if audit_date is not None else None
    if planned is not None and planned < as_of:
        # A plan looks ahead: an audit day already past cannot be planned for.
        raise UsageError(f"--audit-date {planned} is before --today {as_of}; plan a day ahead")
    with open_folder(folder, state) as workspace:
        if output is not None:
            refuse_output_into_state_or_evidence(output, workspace, "--output")
        request = PlanRequest(profile_file, tool_id, as_of, planned, jobs)
        result = folder_certificate_plan(workspace, request)
    if report_format == "terminal" and output is None:
        render_plan(result)
        return
    emit_report(plan_report(result, report_format), output)


# --- training -------------------------------------------------------------------------------


@click.command()
@folder_argument
@state_option
@tool_option
@audit_date_option
@profile_option
@json_option
def training(
    folder: Path,
    state: Path | None,
    tool_id: str | None,
    audit_date: datetime | None,
    profile_file: Path | None,
    as_json: bool,
) -> None:
    """Who holds which of the program's required courses, and what is missing or expired.

    Read from FOLDER's training records, certificates and training matrices; a course
    whose holder's full-time status or certification the profile does not give is
    listed as a question for the profile.
    """
    when = checked_audit_date(audit_date)
    with open_folder(folder, state) as workspace:
        result = folder_training(workspace, tool_id, when, profile_file)
    for said in result.notices:
        notice(for_terminal(said))
    if as_json:
        data = training_as_dict(result.tool, result.assessment, when, result.matrix)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        render_training(result.tool, result.assessment, when, result.matrix)


# --- actionplan -----------------------------------------------------------------------------


@click.command()
@folder_argument
@click.argument("task", nargs=-1, metavar="[import FILE]")
@state_option
@tool_option
@click.option(
    "--date",
    "today",
    type=ISO_DATE,
    default=None,
    help="Measure progress as of YYYY-MM-DD (default: today).",
)
@click.option("--year", type=int, default=None, help="The plan's year (default: that of --date).")
@profile_option
@click.option(
    "--write",
    "write_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the plan file to edit: FILE.xlsx or FILE.md.",
)
@json_option
def actionplan(
    folder: Path,
    task: tuple[str, ...],
    state: Path | None,
    tool_id: str | None,
    today: datetime | None,
    year: int | None,
    profile_file: Path | None,
    write_file: Path | None,
    as_json: bool,
) -> None:
    """May FOLDER's company use an Action Plan instead of its maintenance audit, and how
    far is its plan? Eligibility (each question with what answered it), the year's
    dates, the deliverables with owners, due dates and progress, and the self-score.

    Edit the file --write gives (owner, due, status, note, linked_to), then store the
    edits with `evidencekit actionplan FOLDER import FILE`.
    """
    when = checked_audit_date(today)
    request = ActionPlanRequest(tool_id, when, year or when.year, profile_file)
    if task:
        if len(task) != 2 or task[0] != "import":
            raise UsageError("after FOLDER only `import FILE` may follow")
        _import_plan_file(folder, state, request, Path(task[1]))
        return
    if write_file is not None and write_file.suffix.lower() not in (".xlsx", ".md"):
        raise UsageError(f"--write {write_file}: give a .xlsx or .md file name")
    with open_folder(folder, state) as workspace:
        if write_file is not None:
            refuse_output_into_state_or_evidence(write_file, workspace, "--write")
        action_plan = folder_action_plan(workspace, request)
        company = workspace.location.folder.name
    for said in action_plan.notices:
        notice(for_terminal(said))
    if as_json:
        click.echo(json.dumps(_plan_as_dict(action_plan), indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(action_plan):
            click.echo(for_terminal(line))
        _render_plan_rows(action_plan)
    if write_file is not None:
        if write_file.suffix.lower() == ".xlsx":
            write_atomically(write_file, plan_xlsx(action_plan))
        else:
            write_atomically(write_file, plan_markdown(action_plan, company))
        click.echo(f"Wrote {write_file} ({len(action_plan.rows)} rows)", err=True)


def _render_plan_rows(action_plan: ActionPlan) -> None:
    """The plan's rows under their objective (the milestones first), so a deliverable
    such as "put the recommendation in place" shows which recommendation it serves."""
    for objective, rows in rows_by_objective(action_plan):
        click.echo(for_terminal(objective))
        for row in rows:
            owner = row.owner or "no owner"
            click.echo(
                for_terminal(
                    f"  {row.progress or row.status:<31} {row.due:<10} {owner:<16} "
                    f"{row.row_id}: {row.deliverable}"
                )
            )


def _import_plan_file(
    folder: Path, state: Path | None, request: ActionPlanRequest, file: Path
) -> None:
    """Store the owner, due, status, note and linked_to of each row of the edited file."""
    with open_folder(folder, state) as workspace:
        summary = import_action_plan_file(workspace, request, file)
    click.echo(f"Updated {summary.updated} row{'' if summary.updated == 1 else 's'}")
    if summary.ignored_ids:
        click.echo(
            f"Not stored, not in the plan: {', '.join(summary.ignored_ids)} (the plan's rows "
            "come from the company profile and the findings: import with the --profile, "
            "--tool and --date the file was written with)",
            err=True,
        )


def _plan_as_dict(action_plan: ActionPlan) -> dict:
    return {
        "year": action_plan.year,
        "eligible": action_plan.eligibility.eligible,
        "verdict": action_plan.verdict,
        "too_late": action_plan.late,
        "deadlines": {
            "proposal": action_plan.deadlines.proposal,
            "final": action_plan.deadlines.final,
            "internal_audit_by": action_plan.deadlines.internal_audit_by,
        },
        "answers": [
            {
                "id": answer.question.id,
                "question": answer.question.question,
                "answer": answer.answer,
                "source": answer.source,
                "reason": answer.reason,
            }
            for answer in action_plan.eligibility.answers
        ],
        "rows": [
            {name: getattr(row, name) for name in row.__dataclass_fields__}
            for row in action_plan.rows
        ],
        "self_score_pct": round(action_plan.self_score, 1),
        "self_score_pass_pct": action_plan.self_score_pass_pct,
        "passes": action_plan.passes,
    }


# --- interview and observation preparation -----------------------------------------------


@click.command()
@folder_argument
@state_option
@tool_option
@profile_option
@click.option("--role", "roles", multiple=True, help="Only this role's sheet (repeatable).")
@report_options(PREP_FORMATS)
@jobs_option
def prep(
    folder: Path,
    state: Path | None,
    tool_id: str | None,
    profile_file: Path | None,
    roles: tuple[str, ...],
    report_format: str,
    output: Path | None,
    jobs: int,
) -> None:
    """Prepare FOLDER's company for the auditor's interviews and site visits.

    From the company profile and the audit tool's sampling tables: how many people to
    interview and which sites to visit, a suggested interview list reaching every level,
    role, shift and kind of employment, a preparation sheet per role (the questions in
    plain words, with the company's own documents to know) and an observation checklist
    per site. Without a profile it says which answers are needed and still gives a sheet
    per level.
    """
    with open_folder(folder, state) as workspace:
        if output is not None:
            refuse_output_into_state_or_evidence(output, workspace, "--output")
        result = folder_interview_prep(
            workspace, tool_id, roles, profile_file, ScanOptions(jobs=jobs)
        )
    for said in result.notices:
        notice(said)
    if report_format == "terminal" and output is None:
        render_prep(result.preparation)
        return
    emit_report(prep_report(result.preparation, report_format, workspace.location.folder), output)


COMMANDS = (plan, training, actionplan, prep)
