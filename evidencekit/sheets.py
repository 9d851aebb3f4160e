"""The tables a consultant edits and sends back (the corrective action tracker, the Action
Plan): written as CSV, Excel workbooks and Markdown without letting a cell run as a
formula, and read back into rows of text.

Cell texts quote document names and titles, which anyone who can drop a file into the
evidence folder controls. A spreadsheet would run a cell such as ``=HYPERLINK(...)`` as a
formula, so every cell starting like a formula is neutralised: prefixed with ``'`` in CSV
and Markdown (reading strips it again), and in a workbook written as a text cell marked
quote-prefixed, which Excel keeps as text even when the cell is edited.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.errors import UsageError

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: Cells starting with these are neutralised by a leading quote (formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Rows below the written ones where a status list is still offered, for rows added by hand.
ROOM_FOR_ADDED_ROWS = 500
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PIPE = re.compile(r"(?<!\\)\|")

Table = list[list[object]]


# --- writing -------------------------------------------------------------------------------


def neutralised(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text: a header row naming ``columns``, then ``rows`` with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralised(value) for value in row])
    return buffer.getvalue()


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table as lines: each cell on one line, neutralised, its pipes escaped."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [neutralised(" ".join(value.split())).replace("|", "\\|") for value in row]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


@dataclass(frozen=True)
class SheetLayout:
    """How a table is laid out on a worksheet for the consultant to edit."""

    title: str
    columns: tuple[str, ...]
    #: Characters wide, by column.
    widths: dict[str, int]
    #: Columns whose text wraps, top-aligned.
    wrapped: tuple[str, ...] = ()
    #: The column whose cells offer a list of choices, and the choices.
    choice_column: str | None = None
    choices: tuple[str, ...] = ()
    #: Refuse a value not in ``choices`` as it is typed (else the list only suggests).
    strict_choices: bool = False
    #: Column filters on the header row.
    filters: bool = False


def new_workbook() -> Workbook:
    # Only the edited tables need openpyxl; keep the CLI's start-up light.
    from openpyxl import Workbook

    return Workbook()


def write_table_sheet(sheet: Worksheet, layout: SheetLayout, rows: Sequence[Sequence[str]]) -> None:
    """Fill ``sheet``: a bold header, one text cell per value, laid out as ``layout`` says."""
    from openpyxl.styles import Font

    sheet.title = layout.title
    sheet.append(layout.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            write_text_cell(sheet.cell(row=number, column=column), value)
    _lay_out(sheet, layout, len(rows))


def write_text_cell(cell: Cell, value: str) -> None:
    """``value`` as a text cell that no spreadsheet runs as a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Extracted text can hold control characters, which the file format cannot store.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = text
    # Checked after cleaning: a control character must not hide a leading "=".
    if text.startswith(FORMULA_STARTS):
        # openpyxl makes any "=..." value a formula; force text, and tell Excel so.
        cell.data_type = "s"
        cell.quotePrefix = True


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _lay_out(sheet: Worksheet, layout: SheetLayout, row_count: int) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "B2"
    last_row = max(row_count + 1, 2)
    if layout.filters:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(layout.columns))}{last_row}"
    for index, name in enumerate(layout.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = layout.widths[name]
        if name in layout.wrapped:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if layout.choice_column is not None:
        _offer_choices(sheet, layout, layout.choice_column, last_row)


def _offer_choices(sheet: Worksheet, layout: SheetLayout, column: str, last_row: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(layout.columns.index(column) + 1)
    strict = (
        {
            "showErrorMessage": True,
            "errorTitle": column.capitalize(),
            "error": f"Choose one of: {', '.join(layout.choices)}",
        }
        if layout.strict_choices
        else {}
    )
    choices = DataValidation(
        type="list", formula1=f'"{",".join(layout.choices)}"', allow_blank=True, **strict
    )
    choices.add(f"{letter}2:{letter}{last_row + ROOM_FOR_ADDED_ROWS}")
    sheet.add_data_validation(choices)


# --- reading -------------------------------------------------------------------------------


def csv_table(path: Path) -> Table:
    """The rows of a CSV file as Excel or a text editor saved it."""
    try:
        # utf-8-sig: Excel saves "CSV UTF-8" with a byte order mark.
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return [list(record) for record in csv.reader(stream)]
    except UnicodeDecodeError:
        raise UsageError(
            f"{path} is not UTF-8 text; in Excel save it as 'CSV UTF-8' or as .xlsx"
        ) from None
    except (OSError, csv.Error) as error:
        raise UsageError(f"cannot read {path}: {error}") from error


def xlsx_table(path: Path) -> Table:
    """The rows of a workbook's first sheet, as the values Excel shows."""
    import openpyxl  # Only the edited tables need it; keep the CLI's start-up light.

    try:
        # data_only: a formula the consultant typed counts as the value Excel shows.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(values) for values in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as error:  # A damaged workbook trips openpyxl, zipfile and lxml alike.
        raise UsageError(f"cannot read {path} as an Excel workbook: {error}") from error


def markdown_file_table(path: Path, key_column: str) -> Table:
    """The first Markdown table of ``path`` whose header names ``key_column``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from error
    table: Table = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("|"):
            if table:
                break
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in _PIPE.split(stripped)[1:-1]]
        if not table and key_column not in cells:
            continue
        if all(set(cell) <= set("-: ") for cell in cells):
            continue  # the separator row under the header
        table.append(list(cells))
    return table


def column_positions(header: Iterable[object]) -> dict[str, int]:
    """Where each named column is (its first occurrence), by name as the export writes it:
    ``Finding ID`` and ``finding_id`` are one column."""
    names = [cell_text(value).strip().lower().replace(" ", "_") for value in header]
    return {name: index for index, name in reversed(list(enumerate(names))) if name}


def cell_in(values: Sequence[object], columns: dict[str, int], name: str) -> str | None:
    """The text of column ``name`` in one row, as it was before export; ``None`` when the
    table has no such column."""
    if name not in columns:
        return None
    index = columns[name]
    text = cell_text(values[index] if index < len(values) else None)
    return unquoted(text.strip()).strip()


def is_blank(values: Iterable[object]) -> bool:
    """Is this row empty, as spreadsheets leave rows at the end?"""
    return not any(cell_text(value).strip() for value in values)


def cell_text(value: object) -> str:
    """A cell's value as text; a date Excel stored as a date reads as ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def unquoted(text: str) -> str:
    """Undo the export's formula neutralising, so a round trip keeps the text unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def valid_due(path: Path, number: int, due: str | None) -> str | None:
    """A due date cell as ``YYYY-MM-DD`` (empty or absent as it is); anything else is refused
    naming its row."""
    if not due:
        return due
    try:
        if _ISO_DATE.fullmatch(due):
            return date.fromisoformat(due).isoformat()
    except ValueError:
        pass
    raise UsageError(f"{path} row {number}: due date {due!r} is not a date as YYYY-MM-DD")
