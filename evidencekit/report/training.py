"""The training requirements in the terminal and as JSON: each required course's status
and reason, the program courses found with their holders and dates, and the training
records that could not be read."""

from __future__ import annotations

from datetime import date

import click

from evidencekit.models import AuditTool
from evidencekit.program.training import TrainingAssessment, TrainingStatus
from evidencekit.report.untrusted import for_terminal

STATUS_COLOURS = {
    TrainingStatus.MET: "green",
    TrainingStatus.TO_CONFIRM: "yellow",
    TrainingStatus.EXPIRED: "red",
    TrainingStatus.MISSING: "red",
}


def render_training(tool: AuditTool, assessment: TrainingAssessment, audit_date: date) -> None:
    click.echo(f"{tool.name} {tool.version}: {tool.program} training requirements on {audit_date}")
    for result in assessment.results:
        status = click.style(f"{result.status:<10}", fg=STATUS_COLOURS[result.status])
        click.echo(f"  {status} {result.required.id}: {result.required.summary}")
        click.echo(f"             {for_terminal(result.reason)}")
    click.echo("")
    click.echo(f"Program courses found ({len(assessment.records)}):")
    for record in assessment.records:
        taken = record.held.taken or "date not given"
        expires = f", expires {record.expires}" if record.expires else ""
        click.echo(
            f"  {for_terminal(record.held.person)}: {record.course.name} (taken {taken}{expires})"
            f" - {for_terminal(record.path)}"
        )
    if assessment.other_courses:
        click.echo(f"Other courses in the records ({len(assessment.other_courses)}):")
    for held, path in assessment.other_courses:
        taken = held.taken or "date not given"
        expires = f", expires {held.expires}" if held.expires else ""
        click.echo(
            f"  {for_terminal(held.person)}: {for_terminal(held.course)} (taken {taken}{expires})"
            f" - {for_terminal(path)}"
        )
    for document in assessment.unreadable:
        click.secho(
            f"Could not read {for_terminal(document.path)} ({document.status}): the courses in "
            "it are not counted.",
            fg="yellow",
        )


def training_as_dict(tool: AuditTool, assessment: TrainingAssessment, audit_date: date) -> dict:
    return {
        "tool": tool.id,
        "program": tool.program,
        "audit_date": audit_date.isoformat(),
        "requirements": [
            {
                "id": result.required.id,
                "summary": result.required.summary,
                "status": str(result.status),
                "person": result.person,
                "reason": result.reason,
                "paths": list(result.paths),
            }
            for result in assessment.results
        ],
        "courses": [
            {
                "person": record.held.person,
                "course": record.course.id,
                "as_written": record.held.course,
                "taken": record.held.taken,
                "expires": record.expires,
                "path": record.path,
            }
            for record in assessment.records
        ],
        "other_courses": [
            {
                "person": held.person,
                "course": held.course,
                "taken": held.taken,
                "expires": held.expires,
                "path": path,
            }
            for held, path in assessment.other_courses
        ],
        "unreadable": [
            {"path": document.path, "status": str(document.status)}
            for document in assessment.unreadable
        ],
    }
