"""PDF files: text PDFs, password-protected ones, and image-only scans."""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject

from samples.dates import moment
from samples.document import (
    Block,
    Bullets,
    DocumentBody,
    EvidenceDocument,
    Heading,
    PageBreak,
    Paragraph,
    Rendering,
    Signature,
    Table,
)
from samples.formats.images import SCAN_LINES_PER_PAGE, scan_form_image, scan_image
from samples.formats.text import plain_pages

ENCRYPTED_PDF_PASSWORD = "NRC-payroll-2026"


class EvidencePdf(FPDF):
    """A letter-size PDF with the company name in the header and page numbers in the footer."""

    def __init__(self, header_text: str | None, footer_text: str) -> None:
        super().__init__(format="letter")
        self.header_text = header_text
        self.footer_text = footer_text
        self.set_margins(18, 14, 18)
        self.set_auto_page_break(auto=True, margin=18)

    def header(self) -> None:
        if self.header_text:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 5, self.header_text, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(3)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"{self.footer_text}    Page {self.page_no()} of {{nb}}", align="C")


def set_pdf_metadata(pdf: FPDF, body: DocumentBody) -> None:
    pdf.set_title(body.title)
    pdf.set_author(body.author)
    pdf.set_creation_date(moment(body.effective))


def column_widths(rows: Sequence[Sequence[str]]) -> tuple[int, ...]:
    """Relative widths from the longest text in each column, capped so no column starves."""
    return tuple(min(max(len(row[i]) for row in rows), 60) + 6 for i in range(len(rows[0])))


def wrap_to_width(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap by the current font's metrics.

    fpdf2's multi_cell re-measures the line for every character it adds, which made it
    most of the corpus generation time; measuring each word once is linear.
    """
    space = pdf.get_string_width(" ")
    lines: list[str] = []
    words: list[str] = []
    used = 0.0
    for word in text.split():
        word_width = pdf.get_string_width(word)
        if words and used + space + word_width > width:
            lines.append(" ".join(words))
            words, used = [], 0.0
        used += word_width + (space if words else 0.0)
        words.append(word)
    return [*lines, " ".join(words)] if words else lines


def draw_pdf_text(
    pdf: FPDF, text: str, size: int, style: str = "", height: float = 5, indent: float = 0
) -> None:
    pdf.set_font("Helvetica", style, size)
    for line in wrap_to_width(pdf, text, pdf.epw - indent):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(pdf.epw - indent, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def draw_pdf_block(pdf: FPDF, block: Block) -> None:
    match block:
        case Heading(text, level):
            draw_pdf_text(pdf, text, {1: 15, 2: 12}.get(level, 11), "B", 7)
            pdf.ln(1)
        case Paragraph(text):
            draw_pdf_text(pdf, text, 10)
            pdf.ln(2)
        case Bullets(items):
            for item in items:
                draw_pdf_text(pdf, f"- {item}", 10, indent=4)
            pdf.ln(2)
        case Table(rows):
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(
                col_widths=column_widths(rows), line_height=4.5, text_align="LEFT"
            ) as table:
                for row in rows:
                    table_row = table.row()
                    for cell in row:
                        table_row.cell(cell)
            pdf.ln(3)
        case Signature(name, role, signed_on):
            pdf.ln(3)
            pdf.set_font("Times", "I", 16)
            pdf.cell(0, 8, name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            draw_pdf_text(pdf, f"Signed: {name}, {role}    Date: {signed_on}", 9)
            pdf.ln(2)
        case PageBreak():
            pdf.add_page()


def text_pdf_bytes(document: EvidenceDocument) -> bytes:
    body = document.body
    pdf = EvidencePdf(document.header, body.title)
    set_pdf_metadata(pdf, body)
    pdf.add_page()
    for block in body.blocks:
        draw_pdf_block(pdf, block)
    return bytes(pdf.output())


def write_text_pdf(path: Path, document: EvidenceDocument) -> None:
    path.write_bytes(text_pdf_bytes(document))


class _SameIdWriter(PdfWriter):
    """A writer whose file identifier is given, not drawn: the encryption key derives from
    it, so a locked file is the same bytes every time it is generated."""

    def __init__(self, file_id: bytes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._given_id = ByteStringObject(file_id)

    def generate_file_identifiers(self) -> None:
        self._ID = ArrayObject((self._given_id, self._given_id))


def write_encrypted_pdf(path: Path, document: EvidenceDocument) -> None:
    """Lock the PDF with a user password, as payroll-adjacent files often are.

    RC4 rather than AES: pypdf draws a fresh random IV for every AES-encrypted object, and
    the samples must come out byte-identical run after run. Its file id is the document's
    own hash, for the same reason.
    """
    plain = text_pdf_bytes(document)
    writer = _SameIdWriter(hashlib.md5(plain).digest(), clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(
        user_password=ENCRYPTED_PDF_PASSWORD,
        owner_password=ENCRYPTED_PDF_PASSWORD + "-owner",
        algorithm="RC4-128",
    )
    with path.open("wb") as stream:
        writer.write(stream)


def write_scanned_pdf(path: Path, document: EvidenceDocument) -> None:
    """An image-only PDF: the text exists only as pixels, so extraction needs OCR."""
    pdf = FPDF(format="letter")
    pdf.set_title(f"Scanned document {document.body.effective:%Y%m%d}")
    pdf.set_creation_date(moment(document.body.effective))
    rng = random.Random(document.path)
    for page in plain_pages(document.body.blocks, width=88):
        for start in range(0, len(page), SCAN_LINES_PER_PAGE):
            pdf.add_page()
            lines = page[start : start + SCAN_LINES_PER_PAGE]
            image = scan_form_image(lines, rng) if document.handwritten else scan_image(lines, rng)
            pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(path))


def write_pdf(path: Path, document: EvidenceDocument) -> None:
    {
        Rendering.TEXT: write_text_pdf,
        Rendering.SCANNED: write_scanned_pdf,
        Rendering.ENCRYPTED: write_encrypted_pdf,
    }[document.rendering](path, document)
