"""The Action Plan file the consultant edits, as an Excel workbook and as Markdown, and
the reading of an edited one: the owner, due, status, note and linked_to of each row.

Cells are written as the tracker writes them (``report/tracker.py``): text that a
spreadsheet would run as a formula is neutralised, and undone again on import.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from evidencekit.errors import UsageError
from evidencekit.program.action_plan import PLAN_STATUSES, ActionPlan, PlanRow
from evidencekit.program.tracker import cell_text, unquoted, valid_due, xlsx_table
from evidencekit.report.tracker import neutralised, write_text_cell

SHEET_TITLE = "Action Plan"
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
COLUMN_WIDTHS = {
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
}
_STATUS_WORDS = {"closed": "done", "complete": "done", "completed": "done", "": "open"}
_PIPE = re.compile(r"(?<!\\)\|")


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
    lines += ["", "| " + " | ".join(PLAN_COLUMNS) + " |", "|" + "---|" * len(PLAN_COLUMNS)]
    for row in plan.rows:
        cells = [_markdown_cell(value) for value in plan_values(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _markdown_cell(value: str) -> str:
    return neutralised(" ".join(value.split())).replace("|", "\\|")


def plan_xlsx(plan: ActionPlan) -> bytes:
    """The plan as a workbook: the rows on the first sheet, the summary on the second."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(PLAN_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(plan.rows, start=2):
        for column, value in enumerate(plan_values(row), start=1):
            write_text_cell(sheet.cell(row=number, column=column), value)
    sheet.freeze_panes = "B2"
    for index, name in enumerate(PLAN_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS[name]
        if name in ("objective", "deliverable", "note", "source"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    status = get_column_letter(PLAN_COLUMNS.index("status") + 1)
    choices = DataValidation(type="list", formula1=f'"{",".join(PLAN_STATUSES)}"', allow_blank=True)
    choices.add(f"{status}2:{status}{len(plan.rows) + 500}")
    sheet.add_data_validation(choices)
    summary = workbook.create_sheet("Summary")
    for line in summary_lines(plan):
        write_text_cell(summary.cell(row=summary.max_row + 1, column=1), line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading an edited plan ---------------------------------------------------------------


def import_plan(path: Path) -> list[ImportedPlanRow]:
    """Read and validate an edited plan file (``.xlsx`` or ``.md``)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        table = xlsx_table(path)
    elif suffix == ".md":
        table = _markdown_table(path)
    else:
        raise UsageError(f"{path} is not an Action Plan file: give a .xlsx or .md file")
    if not table:
        raise UsageError(f"{path} has no plan table with a row_id column")
    names = [cell_text(value).strip().lower().replace(" ", "_") for value in table[0]]
    if "row_id" not in names:
        raise UsageError(f"{path} has no row_id column; keep the exported header row")
    columns = {name: index for index, name in reversed(list(enumerate(names))) if name}
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


def _markdown_table(path: Path) -> list[list[object]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from error
    table: list[list[object]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("|"):
            if table:
                break
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in _PIPE.split(stripped)[1:-1]]
        if not table and "row_id" not in cells:
            continue
        if all(set(cell) <= set("-: ") for cell in cells):
            continue  # the separator row under the header
        table.append(list(cells))
    return table


def _imported(
    path: Path, number: int, columns: dict[str, int], values: list[object]
) -> ImportedPlanRow | None:
    def cell(name: str) -> str | None:
        if name not in columns:
            return None
        index = columns[name]
        return unquoted(cell_text(values[index] if index < len(values) else None).strip()).strip()

    row_id = cell("row_id") or ""
    if not row_id:
        if any(cell_text(value).strip() for value in values):
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
