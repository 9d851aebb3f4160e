"""One company's sample as it is planned: its documents, junk files, gaps and traps."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from samples.content import Company
from samples.document import DocumentBody, EvidenceDocument, Rendering
from samples.file_names import messy_name

AUDIT_EXPECTED = date(2026, 11, 16)


@dataclass(frozen=True)
class Gap:
    """A deliberate weakness in a sample, described for the README and the truth file."""

    key: str
    #: The element of the company's audit tool that the gap costs points in.
    element: str
    summary: str
    paths: tuple[str, ...] = ()
    months: tuple[str, ...] = ()


@dataclass(frozen=True)
class JunkFile:
    """A file a real share carries that is not evidence; a scanner must skip it."""

    path: str
    content: bytes


@dataclass(frozen=True)
class CompanySample:
    company: Company
    period: tuple[date, date]
    documents: tuple[EvidenceDocument, ...]
    junk: tuple[JunkFile, ...]
    gaps: tuple[Gap, ...]
    traps: tuple[str, ...]  # things that look wrong to a naive tool but are not gaps


@dataclass
class SamplePlan:
    """Collects one company's documents; names come from the plan's seeded generator."""

    company: Company
    rng: random.Random
    documents: list[EvidenceDocument] = field(default_factory=list)
    named: dict[str, EvidenceDocument] = field(default_factory=dict)

    def add(
        self,
        folder: str,
        body: DocumentBody,
        suffix: str,
        name: str | None = None,
        *,
        key: str | None = None,
        rendering: Rendering = Rendering.TEXT,
        with_header: bool = True,
    ) -> None:
        """Add one document; ``key`` files it under ``named`` for the gap descriptions."""
        path = f"{folder}/{name or messy_name(body, self.rng)}{suffix}"
        if any(doc.path.lower() == path.lower() for doc in self.documents):
            raise ValueError(f"two sample documents share the path {path}")
        header = self.company.name if with_header else None
        document = EvidenceDocument(path, body, header, rendering)
        self.documents.append(document)
        if key:
            self.named[key] = document

    def either_format(self) -> str:
        return self.rng.choice((".pdf", ".docx"))


def lock_file_for(document: EvidenceDocument, owner: str) -> JunkFile:
    """Word's owner file: the name loses its first two characters to ``~$``."""
    folder, name = document.path.rsplit("/", 1)
    return JunkFile(f"{folder}/~${name[2:]}", b"\x0c" + owner.encode("latin-1")[:12])


THUMBS_DB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8)  # OLE header, as Windows writes
DS_STORE = b"\x00\x00\x00\x01Bud1" + bytes(8)  # what macOS Finder leaves behind
FLHA_SELECTION_NOTE = (
    "The manual asks for an FLHA every shift, but the folder keeps one a month, standing in "
    "for the binders on the trucks: only a month with none is a gap."
)
