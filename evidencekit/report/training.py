"""The training requirements in the terminal and as JSON: each required course's status
and reason, the program courses found with their holders and dates, the training matrix
(every person against every course on record, expired, expiring and missing cells
marked), and the training records that could not be read."""

from __future__ import annotations

from datetime import date

import click

from evidencekit.models import AuditTool
from evidencekit.program.training import (
    CellStatus,
    MatrixCell,
    TrainingAssessment,
    TrainingMatrix,
    TrainingStatus,
    taken_after,
)
from evidencekit.report.untrusted import for_terminal

STATUS_COLOURS = {
    TrainingStatus.MET: "green",
    TrainingStatus.TO_CONFIRM: "yellow",
    TrainingStatus.EXPIRED: "red",
    TrainingStatus.MISSING: "red",
}


#: How each kind of matrix cell is headed, and its colour, in the order shown.
CELL_LABELS = {
    CellStatus.EXPIRED: ("expired", "red"),
    CellStatus.EXPIRES_BEFORE_AUDIT: ("expires before the audit", "yellow"),
    CellStatus.HELD: ("held", "green"),
    CellStatus.NO_RECORD: ("no record", "red"),
}


def render_training(
    tool: AuditTool,
    assessment: TrainingAssessment,
    audit_date: date,
    matrix: TrainingMatrix | None = None,
) -> None:
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
        mark = _expiry_mark(matrix, record.held.person, record.course.name, record.path)
        if taken_after(record.held, audit_date):
            mark = "  taken after the audit date: not counted"
        click.echo(
            f"  {for_terminal(record.held.person)}: {record.course.name} (taken {taken}{expires})"
            f"{mark} - {for_terminal(record.path)}"
        )
    if matrix is not None and matrix.courses:
        _render_matrix(matrix)
    for document in assessment.unreadable:
        click.secho(
            f"Could not read {for_terminal(document.path)} ({document.status}): the courses in "
            "it are not counted.",
            fg="yellow",
        )


def _expiry_mark(matrix: TrainingMatrix | None, person: str, course: str, path: str) -> str:
    cell = next(
        (
            cell
            for cell in (matrix.cells if matrix else ())
            if cell.course == course and cell.path == path and cell.status is not CellStatus.HELD
        ),
        None,
    )
    if cell is None:
        return ""
    label, colour = CELL_LABELS[cell.status]
    return "  " + click.style(label.upper(), fg=colour, bold=True)


def _render_matrix(matrix: TrainingMatrix) -> None:
    counts = matrix.counts()
    tally = ", ".join(
        f"{counts[status]} {CELL_LABELS[status][0]}"
        for status in (CellStatus.EXPIRED, CellStatus.EXPIRES_BEFORE_AUDIT, CellStatus.NO_RECORD)
    )
    click.echo("")
    courses = f"{len(matrix.courses)} course{'' if len(matrix.courses) == 1 else 's'}"
    click.echo(
        f"Training matrix: {len(matrix.people)} people by {courses} on record,"
        f" as of {matrix.today} for the audit of {matrix.audit_date} ({tally}):"
    )
    for course in matrix.courses:
        cells = matrix.of_course(course)
        holding = sum(1 for cell in cells if cell.status is not CellStatus.NO_RECORD)
        click.echo(f"  {for_terminal(course)} ({holding} of {len(cells)} on record)")
        for status, (label, colour) in CELL_LABELS.items():
            chosen = [cell for cell in cells if cell.status is status]
            if not chosen:
                continue
            head = click.style(f"{label:<25}", fg=colour)
            if status in (CellStatus.EXPIRED, CellStatus.EXPIRES_BEFORE_AUDIT):
                for cell in chosen:
                    click.echo(
                        f"    {head} {for_terminal(cell.person)} ({cell.expires})"
                        f" - {for_terminal(cell.path or '')}"
                    )
            else:
                names = ", ".join(_cell_text(cell) for cell in chosen)
                click.echo(f"    {head} {for_terminal(names)}")


def _cell_text(cell: MatrixCell) -> str:
    if cell.status is CellStatus.NO_RECORD:
        return cell.person
    return f"{cell.person} (to {cell.expires})" if cell.expires else cell.person


def training_as_dict(
    tool: AuditTool,
    assessment: TrainingAssessment,
    audit_date: date,
    matrix: TrainingMatrix | None = None,
) -> dict:
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
        "matrix": None
        if matrix is None
        else {
            "today": matrix.today.isoformat(),
            "audit_date": matrix.audit_date.isoformat(),
            "people": list(matrix.people),
            "courses": list(matrix.courses),
            "counts": {str(status): count for status, count in matrix.counts().items()},
            "cells": [
                {
                    "person": cell.person,
                    "course": cell.course,
                    "status": str(cell.status),
                    "taken": cell.taken,
                    "expires": cell.expires,
                    "path": cell.path,
                }
                for cell in matrix.cells
            ],
        },
        "unreadable": [
            {"path": document.path, "status": str(document.status)}
            for document in assessment.unreadable
        ],
    }
