"""Writing report files so that a reader never sees half a report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from evidencekit.errors import UsageError


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    _write_atomically(path, text)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` (a workbook, an encoded CSV) as ``write_atomically`` writes text."""
    _write_atomically(path, data)


def _write_atomically(path: Path, content: str | bytes) -> None:
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
    try:
        if isinstance(content, bytes):
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(content)
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write(content)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
