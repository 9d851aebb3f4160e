"""The readiness report as a file: rendered in the chosen format, and written so that a
reader never sees half a report."""

from __future__ import annotations

import json
from pathlib import Path

import click

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
