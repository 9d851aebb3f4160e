"""Excel workbooks (.xlsx): a sheet per heading, ISO dates as date cells."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl

from samples.dates import moment
from samples.document import EvidenceDocument, Heading, Paragraph, Table
from samples.formats.zips import write_zip_with_fixed_timestamps

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CORE_PROPERTIES_PART = "docProps/core.xml"


def xlsx_cell(text: str) -> str | date:
    """An ISO date becomes a real date cell; anything else stays text, as typed."""
    return date.fromisoformat(text) if ISO_DAY.fullmatch(text) else text


def write_xlsx(path: Path, document: EvidenceDocument) -> None:
    """A workbook with a sheet per heading; its paragraphs and tables fill the sheet."""
    body = document.body
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    first = True
    for block in body.blocks:
        match block:
            case Heading(text):
                sheet = workbook.active if first else workbook.create_sheet()
                sheet.title = text[:31]
                first = False
            case Paragraph(text):
                sheet.append([text])
            case Table(rows):
                for row in rows:
                    sheet.append([xlsx_cell(cell) for cell in row])
    for written in workbook.worksheets:
        for cells in written.iter_rows():
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    stamp = moment(body.effective)
    workbook.properties.title = body.title
    workbook.properties.creator = body.author
    workbook.properties.created = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_zip_with_fixed_timestamps(with_modified(buffer.getvalue(), stamp), path, stamp)


def with_modified(payload: bytes, when: datetime) -> bytes:
    """openpyxl stamps a workbook modified now on saving; make it the record's date."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == CORE_PROPERTIES_PART:
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    data,
                )
            target.writestr(member, data)
    return out.getvalue()
