"""Reading back an Action Plan file the consultant edited (``.xlsx`` or ``.md``, as
``report/actionplan.py`` writes it): the owner, due, status, note and linked_to of each
row, each checked and located by file and row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evidencekit.errors import UsageError
from evidencekit.program.action_plan import PLAN_STATUSES
from evidencekit.sheets import (
    cell_in,
    column_positions,
    is_blank,
    markdown_file_table,
    valid_due,
    xlsx_table,
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
