"""The built-in plain-text extractor: .txt, .md, .markdown, .csv and .tsv files, as one page.

It owns the choice of encoding: UTF-8 (with or without a byte-order mark), UTF-16 when a
byte-order mark says so, else the Windows and Latin-1 code pages older tools write.
"""

from __future__ import annotations

import codecs
import math
from pathlib import Path

from evidencekit.document_models import DocumentStatus, Extraction, ExtractionLimits
from evidencekit.hookspecs import hookimpl

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".csv", ".tsv")
EXTRACTOR = "text"

_BYTES_PER_MB = 1024 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Tried in order: UTF-8 (a BOM is dropped), then cp1252, which Excel's CSV export and
# older Notepad write. Bytes valid in neither fall back to latin-1, which decodes any byte.
_STRICT_ENCODINGS = ("utf-8-sig", "cp1252")
_FALLBACK_ENCODING = "latin-1"


@hookimpl(trylast=True)
def file_types() -> list[str]:
    """This plugin reads plain text, Markdown and delimited tables."""
    return list(TEXT_SUFFIXES)


@hookimpl(trylast=True)
def extract_document(path: Path, file_type: str, limits: ExtractionLimits) -> Extraction | None:
    """Extract a text file; ``None`` for any other file type."""
    if file_type not in TEXT_SUFFIXES:
        return None
    return extract_text_file(path, limits)


def extract_text_file(path: Path, limits: ExtractionLimits) -> Extraction:
    """Read one text file as a single page; refuse one over the size limit unread."""
    try:
        size = path.stat().st_size
        if size > limits.max_uncompressed_mb * _BYTES_PER_MB:
            return _failed(
                f"the file is {math.ceil(size / _BYTES_PER_MB)} MB, over the limit of "
                f"{limits.max_uncompressed_mb} MB; not read"
            )
        data = path.read_bytes()
    except OSError as error:
        return _failed(f"could not read the file: {error.strerror or error}")
    text = decode_text(data)
    if text is None:
        return _failed("the file holds binary data, not text")
    return Extraction(status=DocumentStatus.OK, pages=(text,), extractor=EXTRACTOR)


def decode_text(data: bytes) -> str | None:
    """Decode a text file's bytes with newlines as ``\\n``; ``None`` when they are not text."""
    if data.startswith(_UTF16_BOMS):
        # The BOM names the byte order; a broken code unit shows as U+FFFD, visibly.
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        return None
    else:
        text = _decode_8bit(data)
    return text.replace("\r\n", "\n")


def _decode_8bit(data: bytes) -> str:
    for encoding in _STRICT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue  # a byte sequence this encoding does not define; try the next
    return data.decode(_FALLBACK_ENCODING)


def _failed(reason: str) -> Extraction:
    return Extraction(status=DocumentStatus.FAILED, reason=reason, extractor=EXTRACTOR)
