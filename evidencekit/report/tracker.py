"""The corrective action tracker as CSV and as an Excel workbook the consultant edits.

Cells are written through ``sheets.py``, which keeps any cell from running as a formula;
the import (``program/tracker.py``) undoes the CSV's neutralising again.
"""

from __future__ import annotations

from collections.abc import Sequence

from evidencekit.program.tracker import COLUMNS, STATUSES, TrackerRow
from evidencekit.sheets import (
    SheetLayout,
    csv_text,
    new_workbook,
    workbook_bytes,
    write_table_sheet,
)

TRACKER_SHEET = SheetLayout(
    title="Corrective actions",
    columns=COLUMNS,
    # Characters wide, by column; the wrapped text columns get the room.
    widths={
        "finding_id": 28,
        "severity": 10,
        "kind": 18,
        "element": 9,
        "requirement": 13,
        "finding": 60,
        "action": 60,
        "owner": 18,
        "due": 12,
        "status": 13,
        "note": 40,
        "reappeared": 11,
    },
    wrapped=("finding", "action", "note"),
    choice_column="status",
    choices=STATUSES,
    strict_choices=True,
    filters=True,
)


def tracker_values(row: TrackerRow) -> list[str]:
    """The row's cells in ``COLUMNS`` order, as text (``reappeared`` is ``yes`` or empty)."""
    values = {name: getattr(row, name) for name in COLUMNS if name != "reappeared"}
    values["reappeared"] = "yes" if row.reappeared else ""
    return [values[name] for name in COLUMNS]


def tracker_csv(rows: Sequence[TrackerRow]) -> str:
    """The tracker as CSV text with a header row."""
    return csv_text(COLUMNS, (tracker_values(row) for row in rows))


def tracker_xlsx(rows: Sequence[TrackerRow]) -> bytes:
    """The tracker as an Excel workbook: bold frozen header, filters, a status list."""
    workbook = new_workbook()
    write_table_sheet(workbook.active, TRACKER_SHEET, [tracker_values(row) for row in rows])
    return workbook_bytes(workbook)
