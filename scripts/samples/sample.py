"""One company's sample as the generator writes it: its documents, the junk files a real share
carries, and the deliberate gaps and traps the truth file and README describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samples.content import Company
from samples.document import EvidenceDocument


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
    audit_expected: date
    documents: tuple[EvidenceDocument, ...]
    junk: tuple[JunkFile, ...]
    gaps: tuple[Gap, ...]
    traps: tuple[str, ...]  # things that look wrong to a naive tool but are not gaps


def lock_file_for(document: EvidenceDocument, owner: str) -> JunkFile:
    """Word's owner file: the name loses its first two characters to ``~$``."""
    folder, name = document.path.rsplit("/", 1)
    return JunkFile(f"{folder}/~${name[2:]}", b"\x0c" + owner.encode("latin-1")[:12])


THUMBS_DB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8)  # OLE header, as Windows writes
DS_STORE = b"\x00\x00\x00\x01Bud1" + bytes(8)  # what macOS Finder leaves behind
