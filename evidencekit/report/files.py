"""The readiness report as a file: rendered in the chosen format, and written so that a
reader never sees half a report."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from evidencekit.errors import UsageError
from evidencekit.models import Readiness
from evidencekit.report.html import readiness_html
from evidencekit.report.readiness import readiness_as_dict, readiness_markdown, render_readiness

#: The formats ``readiness_report`` renders.
READINESS_FORMATS = ("terminal", "html", "md", "json")


def readiness_report(readiness: Readiness, report_format: str, folder: Path) -> str:
    """The readiness report as text in ``report_format`` (terminal: without colours)."""
    if report_format == "html":
        return readiness_html(readiness, folder)
    if report_format == "json":
        return json.dumps(readiness_as_dict(readiness), indent=2, ensure_ascii=False) + "\n"
    if report_format == "md":
        return readiness_markdown(readiness)
    if report_format == "terminal":
        lines: list[str] = []
        render_readiness(readiness, lines.append)
        return click.unstyle("\n".join(lines)) + "\n"
    raise ValueError(f"no readiness report format {report_format!r}")


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
