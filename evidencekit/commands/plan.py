"""``evidencekit plan``: the certificate's year, from the company profile, the audit tool's
certificate cycle and the corrective action tracker (parse, call the core, render)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from evidencekit.atomic import write_atomically
from evidencekit.cli import (
    _checked_audit_date,
    _open,
    _refuse_output_into_state_or_evidence,
    cli,
    folder_argument,
    jobs_option,
    profile_option,
    report_options,
    state_option,
    tool_option,
)
from evidencekit.errors import UsageError
from evidencekit.models import Readiness
from evidencekit.profile.model import CompanyProfile
from evidencekit.program.action_plan import PlanContext, eligibility
from evidencekit.program.cycle import (
    ActionPlanOption,
    CertificatePlan,
    DueAudit,
    ProgramChoice,
    action_plan_option,
    assessment_day,
    certificate_plan,
    choose_program,
    due_audit,
    load_company_profile,
    missing_profile_answers,
)
from evidencekit.program.training import assess_training
from evidencekit.report.plan import PLAN_FORMATS, plan_report, render_plan
from evidencekit.scan import ScanOptions, ScanProgress, scan_folder
from evidencekit.store.plans import stored_plan_rows
from evidencekit.workspace import Workspace

#: The audit type an Action Plan is (the alternatives in the tools' certificate cycles).
ACTION_PLAN = "action-plan"


@dataclass(frozen=True)
class _PlanRequest:
    tool_id: str | None
    as_of: date
    audit_date: date | None
    jobs: int


def folder_certificate_plan(
    workspace: Workspace, profile: CompanyProfile, request: _PlanRequest
) -> CertificatePlan:
    """The plan: the tool and audit due from the profile, the folder assessed for that
    audit, its open tracker actions, and an Action Plan's place where one may stand in."""
    tools = workspace.audit_tools()
    when = request.audit_date or request.as_of
    program = choose_program(
        tools, profile, request.tool_id, lambda: workspace.audit_tool(None, when), when
    )
    due = due_audit(program.tool, profile, request.as_of)
    with workspace.writing():
        scan_folder(workspace, ScanOptions(jobs=request.jobs), ScanProgress())
    day = assessment_day(due, request.as_of, request.audit_date)
    readiness = workspace.readiness(program.tool.id, due.audit_type.name, day, profile)
    option = _action_plan(workspace, program, profile, readiness, request.as_of, due)
    return certificate_plan(
        profile,
        program,
        due,
        request.as_of,
        request.audit_date,
        workspace.tracker(readiness),
        option,
        tools,
    )


def _action_plan(
    workspace: Workspace,
    program: ProgramChoice,
    profile: CompanyProfile,
    readiness: Readiness,
    as_of: date,
    due: DueAudit,
) -> ActionPlanOption | None:
    """Eligibility and dates of an Action Plan, where the cycle lets one replace the audit."""
    tool = program.tool
    if ACTION_PLAN not in due.alternatives or tool.action_plans is None:
        return None
    training = (
        assess_training(
            tool.training_requirements, readiness.evidence_map.documents, as_of, profile
        )
        if tool.training_requirements is not None
        else None
    )
    answers = eligibility(PlanContext(tool, tool.action_plans, profile, training, readiness, as_of))
    reasons = [
        f"{answer.question.question} {'No' if answer.answer is False else 'Not answered'}: "
        f"{answer.reason}"
        for answer in answers.answers
        if answer.answer is not True
    ]
    started = bool(stored_plan_rows(workspace.location.directory, tool.id))
    year = (due.deadline or as_of).year
    return action_plan_option(
        answers.verdict, answers.eligible, reasons, tool.action_plans, year, started
    )


@cli.command("plan")
@folder_argument
@state_option
@tool_option
@profile_option
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Plan as of YYYY-MM-DD (default: today).",
)
@click.option(
    "--audit-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
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
    as_of = _checked_audit_date(today, "--today")
    planned = _checked_audit_date(audit_date) if audit_date is not None else None
    if planned is not None and planned < as_of:
        # A plan looks ahead: an audit day already past cannot be planned for.
        raise UsageError(f"--audit-date {planned} is before --today {as_of}; plan a day ahead")
    with _open(folder, state) as workspace:
        if output is not None:
            _refuse_output_into_state_or_evidence(output, workspace, "--output")
        tools = workspace.audit_tools()
        profile = load_company_profile(
            workspace.location.directory, profile_file, tools, today=as_of
        )
        if profile.is_empty:
            needed = "; ".join(missing_profile_answers(profile, tools))
            raise UsageError(
                f"plan needs a company profile ({needed}); give one with --profile FILE "
                "(examples in docs/examples/profiles/)"
            )
        result = folder_certificate_plan(
            workspace, profile, _PlanRequest(tool_id, as_of, planned, jobs)
        )
    if report_format == "terminal" and output is None:
        render_plan(result)
        return
    text = plan_report(result, report_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output}", err=True)
