"""``evidencekit training`` and ``evidencekit actionplan``: the program's training
requirements and the Action Plan, each command parsing, calling one core function and
rendering."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from evidencekit.atomic import write_atomically
from evidencekit.cli import (
    _checked_audit_date,
    _open,
    _refuse_output_into_state_or_evidence,
    audit_date_option,
    cli,
    folder_argument,
    json_option,
    profile_option,
    state_option,
    tool_option,
)
from evidencekit.errors import UsageError
from evidencekit.models import AuditTool
from evidencekit.profile.model import CompanyProfile
from evidencekit.program.action_plan import (
    ActionPlan,
    PlanContext,
    action_plan_rules,
    build_plan,
    merge_imported_rows,
)
from evidencekit.program.cycle import choose_program, load_company_profile
from evidencekit.program.training import TrainingAssessment, assess_training
from evidencekit.report.actionplan import import_plan, plan_markdown, plan_xlsx, summary_lines
from evidencekit.report.training import render_training, training_as_dict
from evidencekit.report.untrusted import for_terminal
from evidencekit.scan import ScanOptions, ScanProgress, scan_folder
from evidencekit.store.plans import save_plan_rows, stored_plan_rows
from evidencekit.workspace import Workspace

#: The audit an Action Plan replaces; its findings are the plan's open gaps.
REPLACED_AUDIT_TYPE = "maintenance"


def _scanned(workspace: Workspace) -> None:
    """Bring the catalog up to date first, as ``check`` does."""
    with workspace.writing():
        scan_folder(workspace, ScanOptions(), ScanProgress())


def folder_training(
    workspace: Workspace, tool_id: str | None, audit_date: date, profile: CompanyProfile
) -> tuple[AuditTool, TrainingAssessment]:
    """The training requirements in force on ``audit_date`` of the tool the profile's
    program needs (or ``tool_id``), decided from the folder's evidence and the profile."""
    _scanned(workspace)
    tools = workspace.audit_tools()
    tool = choose_program(
        tools, profile, tool_id, lambda: workspace.audit_tool(None, audit_date), audit_date
    ).tool
    if tool.training_requirements is None:
        raise UsageError(f"{tool.id} lists no training requirements")
    documents = workspace.evidence_map(tool.id).documents
    return tool, assess_training(tool.training_requirements, documents, audit_date, profile)


@cli.command()
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
    when = _checked_audit_date(audit_date)
    with _open(folder, state) as workspace:
        profile = load_company_profile(
            workspace.location.directory, profile_file, workspace.audit_tools()
        )
        tool, assessment = folder_training(workspace, tool_id, when, profile)
    if as_json:
        click.echo(
            json.dumps(training_as_dict(tool, assessment, when), indent=2, ensure_ascii=False)
        )
    else:
        render_training(tool, assessment, when)


# --- actionplan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _PlanOptions:
    folder: Path
    state: Path | None
    tool_id: str | None
    today: date
    year: int
    profile_file: Path | None


def folder_action_plan(workspace: Workspace, options: _PlanOptions) -> ActionPlan:
    """The folder's Action Plan for the year: eligibility, rows with stored edits, progress."""
    _scanned(workspace)
    tool = workspace.audit_tool(options.tool_id)
    rules = action_plan_rules(tool)
    profile = load_company_profile(
        workspace.location.directory, options.profile_file, workspace.audit_tools()
    )
    readiness = workspace.readiness(tool.id, REPLACED_AUDIT_TYPE, options.today, profile)
    training = (
        assess_training(
            tool.training_requirements, readiness.evidence_map.documents, options.today, profile
        )
        if tool.training_requirements is not None
        else None
    )
    context = PlanContext(tool, rules, profile, training, readiness, options.today)
    stored = stored_plan_rows(workspace.location.directory, tool.id)
    return build_plan(context, options.year, stored)


@cli.command()
@folder_argument
@click.argument("task", nargs=-1, metavar="[import FILE]")
@state_option
@tool_option
@click.option(
    "--date",
    "today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
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
    when = _checked_audit_date(today)
    options = _PlanOptions(folder, state, tool_id, when, year or when.year, profile_file)
    if task:
        if len(task) != 2 or task[0] != "import":
            raise UsageError("after FOLDER only `import FILE` may follow")
        _import_plan_file(options, Path(task[1]))
        return
    if write_file is not None and write_file.suffix.lower() not in (".xlsx", ".md"):
        raise UsageError(f"--write {write_file}: give a .xlsx or .md file name")
    with _open(folder, state) as workspace:
        if write_file is not None:
            _refuse_output_into_state_or_evidence(write_file, workspace, "--write")
        plan = folder_action_plan(workspace, options)
        company = workspace.location.folder.name
    if as_json:
        click.echo(json.dumps(_plan_as_dict(plan), indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(plan):
            click.echo(for_terminal(line))
        _render_plan_rows(plan)
    if write_file is not None:
        if write_file.suffix.lower() == ".xlsx":
            write_atomically(write_file, plan_xlsx(plan))
        else:
            write_atomically(write_file, plan_markdown(plan, company))
        click.echo(f"Wrote {write_file} ({len(plan.rows)} rows)", err=True)


def _render_plan_rows(plan: ActionPlan) -> None:
    """The plan's rows under their objective (the milestones first), so a deliverable
    such as "put the recommendation in place" shows which recommendation it serves."""
    by_objective: dict[str, list] = {}
    for row in plan.rows:
        by_objective.setdefault(row.objective or "Milestones", []).append(row)
    for objective, rows in by_objective.items():
        click.echo(for_terminal(objective))
        for row in rows:
            owner = row.owner or "no owner"
            click.echo(
                for_terminal(
                    f"  {row.progress or row.status:<31} {row.due:<10} {owner:<16} "
                    f"{row.row_id}: {row.deliverable}"
                )
            )


def _import_plan_file(options: _PlanOptions, file: Path) -> None:
    """Store the owner, due, status, note and linked_to of each row of the edited file."""
    if not file.is_file():
        raise UsageError(f"{file} is not a file")
    imported = import_plan(file)
    with _open(options.folder, options.state) as workspace:
        plan = folder_action_plan(workspace, options)
        tool = workspace.audit_tool(options.tool_id)
        stored = stored_plan_rows(workspace.location.directory, tool.id)
        rows, summary = merge_imported_rows(imported, plan, stored)
        with workspace.writing():
            save_plan_rows(workspace.location.directory, tool.id, rows)
    click.echo(f"Updated {summary.updated} row{'' if summary.updated == 1 else 's'}")
    if summary.ignored_ids:
        click.echo(
            f"Not stored, not in the plan: {', '.join(summary.ignored_ids)} (the plan's rows "
            "come from the company profile and the findings: import with the --profile, "
            "--tool and --date the file was written with)",
            err=True,
        )


def _plan_as_dict(plan: ActionPlan) -> dict:
    return {
        "year": plan.year,
        "eligible": plan.eligibility.eligible,
        "verdict": plan.eligibility.verdict,
        "deadlines": {
            "proposal": plan.deadlines.proposal,
            "final": plan.deadlines.final,
            "internal_audit_by": plan.deadlines.internal_audit_by,
        },
        "answers": [
            {
                "id": answer.question.id,
                "question": answer.question.question,
                "answer": answer.answer,
                "source": answer.source,
                "reason": answer.reason,
            }
            for answer in plan.eligibility.answers
        ],
        "rows": [
            {name: getattr(row, name) for name in row.__dataclass_fields__} for row in plan.rows
        ],
        "self_score_pct": round(plan.self_score, 1),
        "self_score_pass_pct": plan.self_score_pass_pct,
        "passes": plan.passes,
    }
