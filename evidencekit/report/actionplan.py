"""The Action Plan file the consultant edits, written as an Excel workbook and as Markdown
(``program/action_plan_file.py`` reads an edited one back).

Cells are written through ``sheets.py``, as the tracker's are: text that a spreadsheet
would run as a formula is neutralised, and undone again on import.
"""

from __future__ import annotations

from evidencekit.program.action_plan import PLAN_STATUSES, ActionPlan, PlanRow
from evidencekit.sheets import (
    SheetLayout,
    markdown_table,
    new_workbook,
    workbook_bytes,
    write_table_sheet,
    write_text_cell,
)

#: The columns of a plan file, in order; import reads those it knows by name.
PLAN_COLUMNS = (
    "row_id",
    "kind",
    "objective",
    "source",
    "deliverable",
    "linked_to",
    "owner",
    "due",
    "status",
    "note",
    "progress",
)
EDITABLE = ("owner", "due", "status", "note", "linked_to")
PLAN_SHEET = SheetLayout(
    title="Action Plan",
    columns=PLAN_COLUMNS,
    widths={
        "row_id": 28,
        "kind": 12,
        "objective": 40,
        "source": 30,
        "deliverable": 60,
        "linked_to": 28,
        "owner": 18,
        "due": 12,
        "status": 12,
        "note": 40,
        "progress": 28,
    },
    wrapped=("objective", "deliverable", "note", "source"),
    choice_column="status",
    choices=PLAN_STATUSES,
    # The list only suggests: the import reads "closed" or "complete" as done too.
    strict_choices=False,
)


def plan_values(row: PlanRow) -> list[str]:
    return [getattr(row, name) for name in PLAN_COLUMNS]


def rows_by_objective(plan: ActionPlan) -> list[tuple[str, list[PlanRow]]]:
    """The plan's rows under their objective, in the plan's order (the milestones, which
    have none, first)."""
    by_objective: dict[str, list[PlanRow]] = {}
    for row in plan.rows:
        by_objective.setdefault(row.objective or "Milestones", []).append(row)
    return list(by_objective.items())


def summary_lines(plan: ActionPlan) -> list[str]:
    """The plan's dates, eligibility and self-score, as lines of text."""
    deadlines = plan.deadlines
    lines = [
        f"Action Plan {plan.year}: {plan.verdict}",
        f"Proposal by {deadlines.proposal}; final version by {deadlines.final}; if the "
        f"self-score is under {plan.self_score_pass_pct:g}%, an internal maintenance audit "
        f"is due by {deadlines.internal_audit_by}.",
    ]
    if plan.timing:
        lines.append(f"{plan.timing[0].upper()}{plan.timing[1:]}.")
    for answer in plan.eligibility.answers:
        mark = {True: "yes", False: "NO", None: "?"}[answer.answer]
        lines.append(f"[{mark}] {answer.question.question} {answer.reason} ({answer.source})")
    if plan.late and not plan.rows:
        return lines  # nothing was planned, so there is no progress to measure
    done = sum(row.done for row in plan.deliverables)
    verdict = "at or above" if plan.passes else "under"
    lines.append(
        f"Progress: {done} of {len(plan.deliverables)} deliverables done; self-score "
        f"{plan.self_score:.0f}%, {verdict} the {plan.self_score_pass_pct:g}% mark."
    )
    return lines


def plan_markdown(plan: ActionPlan, company: str) -> str:
    """The plan as a Markdown document: its summary, then one table of its rows."""
    lines = [f"# Action Plan {plan.year}: {company}", ""]
    lines += [f"- {line}" for line in summary_lines(plan)]
    lines += ["", *markdown_table(PLAN_COLUMNS, (plan_values(row) for row in plan.rows))]
    return "\n".join(lines) + "\n"


def plan_xlsx(plan: ActionPlan) -> bytes:
    """The plan as a workbook: the rows on the first sheet, the summary on the second."""
    workbook = new_workbook()
    write_table_sheet(workbook.active, PLAN_SHEET, [plan_values(row) for row in plan.rows])
    summary = workbook.create_sheet("Summary")
    for line in summary_lines(plan):
        write_text_cell(summary.cell(row=summary.max_row + 1, column=1), line)
    return workbook_bytes(workbook)
