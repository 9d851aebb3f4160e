"""Writing a whole file so that a reader never sees half of it: a temporary file beside
the target, renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from evidencekit.errors import UsageError


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, or bytes) to a temporary file beside ``path``,
    then rename it into place, with the permissions a newly created file would get."""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); a report is shared like any other file.
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, path)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        Path(temporary).unlink(missing_ok=True)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
