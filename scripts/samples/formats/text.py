"""Plain text, Markdown and CSV files, and the plain lines that scans and photos draw."""

from __future__ import annotations

import csv
import textwrap
from collections.abc import Sequence
from pathlib import Path

from samples.document import (
    Block,
    Bullets,
    EvidenceDocument,
    Heading,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)


def plain_lines(block: Block, width: int) -> list[str]:
    match block:
        case Heading(text, level):
            return ["", text.upper() if level == 1 else text, ""]
        case Paragraph(text):
            return [*textwrap.wrap(text, width), ""]
        case Bullets(items):
            lines = [
                wrapped
                for item in items
                for wrapped in textwrap.wrap(f"- {item}", width, subsequent_indent="  ")
            ]
            return [*lines, ""]
        case Table(rows):
            lines = [
                wrapped
                for row in rows
                for wrapped in textwrap.wrap(" | ".join(row), width, subsequent_indent="    ")
            ]
            return [*lines, ""]
        case Signature(name, role, signed_on):
            return ["", f"Signed: {name}, {role}", f"Date: {signed_on}", ""]
    return []


def plain_pages(blocks: Sequence[Block], width: int) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append([])
        else:
            pages[-1].extend(plain_lines(block, width))
    return pages


def write_plain_text(path: Path, document: EvidenceDocument) -> None:
    pages = plain_pages(document.body.blocks, width=90)
    header = [document.header, ""] if document.header else []
    path.write_text(
        "\n".join(header + [line for page in pages for line in [*page, ""]]), encoding="utf-8"
    )


def markdown_lines(block: Block) -> list[str]:
    match block:
        case Heading(text, level):
            return ["#" * level + " " + text, ""]
        case Paragraph(text):
            return [text, ""]
        case Bullets(items):
            return [*(f"- {item}" for item in items), ""]
        case Table(rows):
            cells = [[cell.replace("|", "/") for cell in row] for row in rows]
            rule = ["---"] * len(cells[0])
            return [*("| " + " | ".join(row) + " |" for row in (cells[0], rule, *cells[1:])), ""]
        case Signature(name, role, signed_on):
            return [f"Signed: *{name}*, {role}, {signed_on}", ""]
        case PageBreak():
            return ["---", ""]


def write_markdown(path: Path, document: EvidenceDocument) -> None:
    lines = [line for block in document.body.blocks for line in markdown_lines(block)]
    path.write_text("\n".join(lines), encoding="utf-8")


def csv_rows(block: Block) -> list[Sequence[str]]:
    match block:
        case Heading(text) | Paragraph(text):
            return [[text]]
        case Bullets(items):
            return [[item] for item in items]
        case Table(rows):
            return list(rows)
        case Signature(name, role, signed_on):
            return [["Signed", name, role, signed_on]]
    return []


def write_csv(path: Path, document: EvidenceDocument) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(
            row for block in document.body.blocks for row in csv_rows(block)
        )
