"""Builders of the spreadsheets the tests read: ordinary, and hostile in each way we know."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl

MATRIX_HEADER = ("Worker", "Orientation", "WHMIS", "Fall Protection", "First Aid")
MATRIX_ROWS = (
    ("Chloe Martens", datetime.date(2026, 3, 2), datetime.date(2025, 11, 4), None, "-"),
    ("Ravi Patel", datetime.date(2026, 6, 1), datetime.date(2026, 6, 3), "2026-06-10", None),
    ("Tyler Brandt", datetime.date(2024, 2, 12), datetime.date(2024, 2, 14), "-", "2023-06-10"),
)


def training_matrix(path: Path, sheet: str = "Training Matrix") -> Path:
    workbook = openpyxl.Workbook()
    matrix = workbook.active
    matrix.title = sheet
    matrix.append(MATRIX_HEADER)
    for row in MATRIX_ROWS:
        matrix.append(row)
    notes = workbook.create_sheet("Notes")
    notes.append(("Updated", datetime.datetime(2026, 9, 30)))
    notes.append(("Kept by", "Dana Whitford\nSafety coordinator"))
    workbook.properties.title = "Crew training"
    workbook.properties.creator = "Dana Whitford"
    workbook.save(path)
    return path


def with_formula_and_link(path: Path) -> Path:
    """A sheet whose formula points at another workbook, saved with a cached value."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Totals"
    sheet.append(("Hours", "=[budget.xlsx]Sheet1!A1*2"))
    workbook.save(path)
    # openpyxl writes no cached values; put one in, and an external link part, as Excel does.
    return _rewritten(
        path,
        {
            "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
                b"<f>[budget.xlsx]Sheet1!A1*2</f><v></v>",
                b"<f>[budget.xlsx]Sheet1!A1*2</f><v>84</v>",
            ).replace(
                b"<f>[budget.xlsx]Sheet1!A1*2</f>", b"<f>[budget.xlsx]Sheet1!A1*2</f><v>84</v>"
            )
        },
        extra={
            "xl/externalLinks/externalLink1.xml": b'<externalLink xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>'
        },
    )


def with_macros(path: Path) -> Path:
    """An .xlsm carrying a VBA project (bytes that would be code, never run)."""
    training_matrix(path)
    return _rewritten(path, {}, extra={"xl/vbaProject.bin": b'Attribute VB_Name = "Shell"'})


def zip_bomb(path: Path, declared_mb: int = 400) -> Path:
    """A workbook whose one sheet inflates to ``declared_mb`` MB of one repeated byte."""
    training_matrix(path)
    padding = b" " * (1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        padding_part = zipfile.ZipInfo("xl/media/padding.bin")
        padding_part.compress_type = zipfile.ZIP_DEFLATED
        with target.open(padding_part, "w", force_zip64=True) as out:
            for _ in range(declared_mb):
                out.write(padding)
    path.write_bytes(buffer.getvalue())
    return path


def huge_dimensions(path: Path) -> Path:
    """Two filled cells, a sheet declaring A1:XFD1048576 and a cell in the last row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Inspection log"
    sheet["B1048576"] = "last"
    workbook.save(path)
    return _rewritten(
        path,
        {
            "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
                b'<dimension ref="A1:B1048576"/>', b'<dimension ref="A1:XFD1048576"/>'
            )
        },
    )


def many_rows(path: Path, rows: int, columns: int = 3) -> Path:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Log")
    for number in range(rows):
        sheet.append([f"entry {number}", number, "ok"][:columns])
    workbook.save(path)
    return path


def encrypted(path: Path) -> Path:
    """What Office writes for a password-protected workbook: an OLE file, no zip."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptedPackage".encode("utf-16-le") + bytes(32)
    path.write_bytes(header + directory + bytes(1024))
    return path


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"Name,Course\nThis is a CSV renamed to .xlsx\n")
    return path


def _rewritten(path: Path, changes: dict, extra: dict[str, bytes] | None = None) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in changes:
                data = changes[item.filename](data)
            target.writestr(item, data, zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path
