"""The built-in DOCX extractor plugin: it reads Word documents (Office Open XML).

The reading itself (``evidencekit.builtins.docx_reading``) is imported when the first DOCX
is extracted: python-docx and lxml take about a tenth of a second to load, which a scan
with no Word document to read, or ``--help``, need not pay.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.hookspecs import hookimpl

if TYPE_CHECKING:
    from evidencekit.document_models import Extraction, ExtractionLimits

DOCX_SUFFIX = ".docx"


@hookimpl(trylast=True)
def file_types() -> list[str]:
    """This plugin reads Word documents (Office Open XML)."""
    return [DOCX_SUFFIX]


@hookimpl(trylast=True)
def extract_document(path: Path, file_type: str, limits: ExtractionLimits) -> Extraction | None:
    """Extract a DOCX; ``None`` for any other file type."""
    if file_type != DOCX_SUFFIX:
        return None
    return extract_docx(path, limits)


def extract_docx(path: Path, limits: ExtractionLimits) -> Extraction:
    """Read one DOCX as a single page; never raises for a bad or hostile file."""
    from evidencekit.builtins.docx_reading import extract_docx as read_docx

    return read_docx(path, limits)
