"""The corrective action tracker as CSV and as an Excel workbook the consultant edits.

Finding texts quote document names and titles, which anyone who can drop a file into the
evidence folder controls. A spreadsheet would run a cell such as ``=HYPERLINK(...)`` as a
formula, so every cell starting like a formula is neutralised: prefixed with ``'`` in CSV
(the import strips it again), and in the workbook written as a text cell marked
quote-prefixed, which Excel keeps as text even when the cell is edited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from evidencekit.program.tracker import COLUMNS, FORMULA_STARTS, STATUSES, TrackerRow

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_TITLE = "Corrective actions"
# Characters wide, by column; the wrapped text columns get the room.
COLUMN_WIDTHS = {
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
}
WRAPPED = ("finding", "action", "note")


def tracker_values(row: TrackerRow) -> list[str]:
    """The row's cells in ``COLUMNS`` order, as text (``reappeared`` is ``yes`` or empty)."""
    values = {name: getattr(row, name) for name in COLUMNS if name != "reappeared"}
    values["reappeared"] = "yes" if row.reappeared else ""
    return [values[name] for name in COLUMNS]


def neutralised(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def tracker_csv(rows: Sequence[TrackerRow]) -> str:
    """The tracker as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralised(value) for value in tracker_values(row)])
    return buffer.getvalue()


def tracker_xlsx(rows: Sequence[TrackerRow]) -> bytes:
    """The tracker as an Excel workbook: bold frozen header, filters, a status list."""
    # Only trackers need openpyxl; keep the CLI's start-up light.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(tracker_values(row), start=1):
            write_text_cell(sheet.cell(row=number, column=column), value)
    _lay_out(sheet, len(rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_text_cell(cell: Cell, value: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Extracted text can hold control characters, which the file format cannot store.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = text
    # Checked after cleaning: a control character must not hide a leading "=".
    if text.startswith(FORMULA_STARTS):
        # openpyxl makes any "=..." value a formula; force text, and tell Excel so.
        cell.data_type = "s"
        cell.quotePrefix = True


def _lay_out(sheet: Worksheet, row_count: int) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.freeze_panes = "B2"
    last_row = max(row_count + 1, 2)
    last_column = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS[name]
        if name in WRAPPED:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    status = get_column_letter(COLUMNS.index("status") + 1)
    choices = DataValidation(
        type="list",
        formula1=f'"{",".join(STATUSES)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error=f"Choose one of: {', '.join(STATUSES)}",
    )
    # Room below the findings too, for rows the consultant adds.
    choices.add(f"{status}2:{status}{last_row + 500}")
    sheet.add_data_validation(choices)
