"""The content model of one sample document: what it says (blocks of a body), independent of
the file format, and how it lands on disk (path, header, rendering)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from samples.content import Company
from samples.elements import ELEMENTS_BY_TYPE


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # the first row is the header


@dataclass(frozen=True)
class Signature:
    name: str
    role: str
    signed_on: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Signature | PageBreak


@dataclass(frozen=True)
class DocumentBody:
    """What one document says, independent of the file format it is written in."""

    doc_type: str
    title: str
    effective: date  # the record's own date: meeting, inspection, signature, issue
    author: str
    subject: str  # a few words people put in file names: crew, site, person, unit
    blocks: tuple[Block, ...]
    elements: tuple[int, ...]


class Rendering(StrEnum):
    """How a document lands on disk; the value is the extraction status we expect."""

    TEXT = "ok"
    SCANNED = "needs-ocr"
    ENCRYPTED = "encrypted"
    # A phone photo (.jpg) of a paper form: no extractor reads it until OCR is installed.
    PHOTO = "unsupported"


@dataclass(frozen=True)
class EvidenceDocument:
    path: str  # POSIX, relative to the company folder or corpus root; the suffix picks the format
    body: DocumentBody
    header: str | None  # page header text, usually the company name
    rendering: Rendering = Rendering.TEXT
    # A scanned paper form filled in by hand: names and initials drawn as handwriting.
    handwritten: bool = False


def new_body(
    doc_type: str,
    title: str,
    effective: date,
    author: str,
    subject: str,
    blocks: Sequence[Block],
    elements: tuple[int, ...] | None = None,
) -> DocumentBody:
    return DocumentBody(
        doc_type=doc_type,
        title=title,
        effective=effective,
        author=author,
        subject=subject,
        blocks=tuple(blocks),
        elements=ELEMENTS_BY_TYPE[doc_type] if elements is None else elements,
    )


Builder = Callable[[Company, date, random.Random], DocumentBody]
