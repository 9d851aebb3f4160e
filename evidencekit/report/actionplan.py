"""The Action Plan file the consultant edits, as an Excel workbook and as Markdown, and
the reading of an edited one: the owner, due, status, note and linked_to of each row.

Cells are written and read through ``sheets.py``, as the tracker's are: text that a
spreadsheet would run as a formula is neutralised, and undone again on import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evidencekit.errors import UsageError
from evidencekit.program.action_plan import PLAN_STATUSES, ActionPlan, PlanRow
from evidencekit.sheets import (
    SheetLayout,
    cell_in,
    column_positions,
    is_blank,
    markdown_file_table,
    markdown_table,
    new_workbook,
    valid_due,
    workbook_bytes,
    write_table_sheet,
    write_text_cell,
    xlsx_table,
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
_STATUS_WORDS = {"closed": "done", "complete": "done", "completed": "done", "": "open"}


@dataclass(frozen=True)
class ImportedPlanRow:
    """One row of an edited plan file; ``None`` where the file has no such column."""

    row: int
    row_id: str
    owner: str | None
    due: str | None
    status: str | None
    note: str | None
    linked_to: str | None


def plan_values(row: PlanRow) -> list[str]:
    return [getattr(row, name) for name in PLAN_COLUMNS]


def summary_lines(plan: ActionPlan) -> list[str]:
    """The plan's dates, eligibility and self-score, as lines of text."""
    deadlines = plan.deadlines
    lines = [
        f"Action Plan {plan.year}: {plan.eligibility.verdict}",
        f"Proposal by {deadlines.proposal}; final version by {deadlines.final}; if the "
        f"self-score is under {plan.self_score_pass_pct:g}%, an internal maintenance audit "
        f"is due by {deadlines.internal_audit_by}.",
    ]
    for answer in plan.eligibility.answers:
        mark = {True: "yes", False: "NO", None: "?"}[answer.answer]
        lines.append(f"[{mark}] {answer.question.question} {answer.reason} ({answer.source})")
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


# --- reading an edited plan ---------------------------------------------------------------


def import_plan(path: Path) -> list[ImportedPlanRow]:
    """Read and validate an edited plan file (``.xlsx`` or ``.md``)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        table = xlsx_table(path)
    elif suffix == ".md":
        table = markdown_file_table(path, "row_id")
    else:
        raise UsageError(f"{path} is not an Action Plan file: give a .xlsx or .md file")
    if not table:
        raise UsageError(f"{path} has no plan table with a row_id column")
    columns = column_positions(table[0])
    if "row_id" not in columns:
        raise UsageError(f"{path} has no row_id column; keep the exported header row")
    rows: list[ImportedPlanRow] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(table[1:], start=2):
        imported = _imported(path, number, columns, values)
        if imported is None:
            continue
        if imported.row_id in seen:
            raise UsageError(
                f"{path} row {number}: {imported.row_id} is already in row {seen[imported.row_id]}"
            )
        seen[imported.row_id] = number
        rows.append(imported)
    return rows


def _imported(
    path: Path, number: int, columns: dict[str, int], values: list[object]
) -> ImportedPlanRow | None:
    def cell(name: str) -> str | None:
        return cell_in(values, columns, name)

    row_id = cell("row_id") or ""
    if not row_id:
        if not is_blank(values):
            raise UsageError(f"{path} row {number}: the row_id cell is empty")
        return None
    return ImportedPlanRow(
        row=number,
        row_id=row_id,
        owner=cell("owner"),
        due=valid_due(path, number, cell("due")),
        status=_valid_status(path, number, cell("status")),
        note=cell("note"),
        linked_to=cell("linked_to"),
    )


def _valid_status(path: Path, number: int, status: str | None) -> str | None:
    if status is None:
        return None
    normal = re.sub(r"[\s_]+", "-", status.strip().lower())
    normal = _STATUS_WORDS.get(normal, normal)
    if normal not in PLAN_STATUSES:
        raise UsageError(
            f"{path} row {number}: status {status!r} is not one of {', '.join(PLAN_STATUSES)}"
        )
    return normal
