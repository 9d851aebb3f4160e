"""Every file of the shared test corpora through the built-in extractors, in-process.

No exception may escape, and each status must match what the manifest says the file is.
The manifest records what plain pypdf and python-docx made of each file (see the corpora's
README); where that reading cannot tell, the expectation says why it was chosen.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from evidencekit.builtins.docx import extract_docx
from evidencekit.builtins.pdf import PDF_BACKENDS, PdfBackend, extract_pdf
from evidencekit.models import DocumentStatus, Extraction, ExtractionLimits

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

CORPORA = Path(__file__).parents[2] / ".." / "shared" / "corpora"
MANIFEST = CORPORA / "MANIFEST.tsv"

if not MANIFEST.is_file():
    pytest.skip(f"the shared corpora are not at {CORPORA}", allow_module_level=True)

# Files that can take seconds or gigabytes run only in the time-limited worker pool.
POOL_ONLY_FLAGS = frozenset({"slow", "huge-page"})

# The manifest read these without `cryptography`, so it records only "needs-optional-dep"
# and cannot say whether a user password is set. The test suites that made them (pypdf's
# and pdfminer.six's) open them with a real user password.
USER_PASSWORD_SET = frozenset(
    {
        "crazyones-encrypted-256.pdf",
        "encryption__r6-both-passwords.pdf",
        "encryption__aes-256-r6.pdf",
    }
)
# These have a user password and an *empty owner password*: pypdf opens them with the empty
# password as owner (their text is not protected at all); PDFium does not try that.
EMPTY_OWNER_PASSWORD = frozenset(
    {"encryption__r5-user-password.pdf", "encryption__r6-user-password.pdf"}
)


@dataclass(frozen=True)
class CorpusFile:
    """One manifest row: the file and what a plain pypdf or python-docx read made of it."""

    path: Path
    file_type: str
    tag: str
    flags: frozenset[str]
    chars: int

    @property
    def name(self) -> str:
        return self.path.name


def read_manifest() -> list[CorpusFile]:
    with MANIFEST.open(encoding="utf-8", newline="") as manifest:
        return [
            CorpusFile(
                path=CORPORA / row["file"],
                file_type=row["type"],
                tag=row["tag"],
                flags=frozenset(row["flags"].split(",")) - {"-"},
                chars=int(row["chars"]),
            )
            for row in csv.DictReader(manifest, delimiter="\t")
        ]


def corpus_files(file_type: str) -> list[ParameterSet]:
    return [
        pytest.param(
            corpus_file,
            id=corpus_file.path.relative_to(CORPORA / "robustness").as_posix(),
            marks=pytest.mark.skip(reason="run by the time-limited worker pool only")
            if corpus_file.flags & POOL_ONLY_FLAGS
            else (),
        )
        for corpus_file in read_manifest()
        if corpus_file.file_type == file_type
    ]


def expected_pdf_status(corpus_file: CorpusFile, backend: PdfBackend) -> DocumentStatus | None:
    """The status this file must get, or ``None`` where any recorded outcome is right."""
    flags = corpus_file.flags
    if corpus_file.name in EMPTY_OWNER_PASSWORD:
        return DocumentStatus.OK if backend == "pypdf" else DocumentStatus.ENCRYPTED
    if corpus_file.name in USER_PASSWORD_SET:
        return DocumentStatus.ENCRYPTED
    if "encrypted" in flags and "empty-user-password" not in flags:
        return DocumentStatus.ENCRYPTED
    if "scanned-pdf" in flags or corpus_file.tag == "no-text":
        return DocumentStatus.NEEDS_OCR
    # With `cryptography` installed, what needed it now opens: the manifest's empty text
    # for these was the DependencyError, not the document.
    if "empty-user-password" in flags or corpus_file.tag == "needs-optional-dep":
        return DocumentStatus.OK
    if corpus_file.tag == "text-pdf" and corpus_file.chars > 100:
        return DocumentStatus.OK
    return None


def assert_recorded(extraction: Extraction, extractor_prefix: str) -> None:
    """The outcome is a proper record: pages of text, and a reason for anything not ok."""
    assert isinstance(extraction, Extraction)
    assert extraction.extractor.startswith(extractor_prefix)
    assert all(isinstance(page, str) for page in extraction.pages)
    assert (extraction.status is DocumentStatus.OK) == (extraction.reason == "")


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param(
            backend,
            marks=pytest.mark.skipif(
                importlib.util.find_spec(backend) is None, reason=f"{backend} is not installed"
            ),
        )
        for backend in PDF_BACKENDS
    ],
)
@pytest.mark.parametrize("corpus_file", corpus_files("pdf"))
def test_pdf(corpus_file: CorpusFile, backend: PdfBackend) -> None:
    extraction = extract_pdf(corpus_file.path, backend)

    assert_recorded(extraction, "pdf/")
    expected = expected_pdf_status(corpus_file, backend)
    if expected is not None:
        assert extraction.status is expected, extraction.reason
    if expected is DocumentStatus.OK:
        assert extraction.chars > 0


@pytest.mark.parametrize("corpus_file", corpus_files("docx"))
def test_docx(corpus_file: CorpusFile) -> None:
    extraction = extract_docx(corpus_file.path, ExtractionLimits())

    assert_recorded(extraction, "docx/")
    assert extraction.status is DocumentStatus.OK, extraction.reason
    assert len(extraction.pages) == 1
    if corpus_file.chars > 0:
        assert extraction.chars >= corpus_file.chars * 0.9
