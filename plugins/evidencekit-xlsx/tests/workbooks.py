"""Builders of the spreadsheets the tests read: ordinary, and hostile in each way we know."""

from __future__ import annotations

import datetime
import io
import re
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
    workbook.properties.created = datetime.datetime(2024, 2, 12, 8, 30)
    workbook.save(path)
    return path


def without_stated_times(path: Path) -> Path:
    """A training matrix whose properties state no created or modified time."""
    training_matrix(path)
    return _rewritten(path, {"docProps/core.xml": _without_times})


def _without_times(core: bytes) -> bytes:
    return re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", core)


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


def lying_zip_bomb(path: Path, inflated_mb: int = 300, declared_bytes: int = 2048) -> Path:
    """A workbook whose sheet XML inflates to ``inflated_mb`` MB while its zip headers
    declare ``declared_bytes``: the declared-size check passes, so reading must stop at
    what the headers declared."""
    training_matrix(path)
    sheet_part = "xl/worksheets/sheet1.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename != sheet_part:
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
                continue
            sheet = source.read(sheet_part)
            head, tail = sheet.rsplit(b"</worksheet>", 1)
            part = zipfile.ZipInfo(sheet_part)
            part.compress_type = zipfile.ZIP_DEFLATED
            with target.open(part, "w") as out:
                out.write(head)
                padding = b" " * (1024 * 1024)
                for _ in range(inflated_mb):
                    out.write(padding)
                out.write(b"</worksheet>" + tail)
    data = bytearray(buffer.getvalue())
    _declare_size(data, sheet_part.encode(), declared_bytes)
    path.write_bytes(bytes(data))
    return path


def _declare_size(data: bytearray, name: bytes, size: int) -> None:
    """Overwrite the uncompressed size the local and central headers give ``name``."""
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset : start + name_offset + len(name)] == name:
                data[start + size_offset : start + size_offset + 4] = size.to_bytes(4, "little")
            start += 4


def million_rows(path: Path, rows: int = 1_000_000) -> Path:
    """A sheet of ``rows`` filled rows, written straight as XML (openpyxl takes minutes)."""
    huge_dimensions(path)
    sheet_part = "xl/worksheets/sheet1.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename != sheet_part:
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
                continue
            head = source.read(sheet_part).split(b"<sheetData>", 1)[0]
            part = zipfile.ZipInfo(sheet_part)
            part.compress_type = zipfile.ZIP_DEFLATED
            with target.open(part, "w", force_zip64=True) as out:
                out.write(head + b"<sheetData>")
                for number in range(1, rows + 1):
                    out.write(
                        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>entry %d</t></is></c>'
                        b'<c r="B%d"><v>%d</v></c></row>' % (number, number, number, number, number)
                    )
                out.write(b"</sheetData></worksheet>")
    path.write_bytes(buffer.getvalue())
    return path


def truncated(path: Path) -> Path:
    """A real workbook cut off halfway, as an interrupted copy leaves it."""
    training_matrix(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def csv_in_no_known_encoding(path: Path) -> Path:
    """A CSV mixing Latin-1, bytes undefined in Windows-1252 and broken UTF-8."""
    path.write_bytes(
        b"Worker,Course,Date\nJos\xe9 Nu\xf1ez,WHMIS,2026-01-12\n\x81\x8d\xc3(,Fall,x\n"
    )
    return path


def csv_with_an_enormous_line(path: Path, megabytes: int = 20) -> Path:
    """A CSV whose second row is one field of ``megabytes`` MB (no line break in it)."""
    path.write_bytes(b"Worker,Notes\nChloe Martens," + b"x" * (megabytes * 1024 * 1024) + b"\n")
    return path


def csv_with_millions_of_fields(path: Path, fields: int = 5_000_000) -> Path:
    """A CSV of one line holding ``fields`` empty-ish fields."""
    path.write_bytes(b"a," * fields)
    return path
