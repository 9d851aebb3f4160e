"""The readiness report in the format a user picks: the formats plugins register
(``register_report_formats``), the built-in ones among them, each rendered whole so that
it can be written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pluggy

from evidencekit.hookspecs import ReportFormat
from evidencekit.models import Readiness
from evidencekit.registry import Registration, collect_registrations
from evidencekit.report.html import readiness_html
from evidencekit.report.readiness import readiness_as_dict, readiness_markdown, render_readiness


def installed_report_formats(
    plugin_manager: pluggy.PluginManager,
) -> dict[str, Registration[ReportFormat]]:
    """Every readiness report format plugins register, by name, with the plugin behind it;
    the built-ins (registered last) last."""
    return collect_registrations(
        plugin_manager,
        "register_report_formats",
        lambda report_format: (report_format.name, report_format),
    )


def _terminal_text(readiness: Readiness, folder: Path) -> str:
    """The terminal report as a file holds it: without colours."""
    lines: list[str] = []
    render_readiness(readiness, lines.append)
    return click.unstyle("\n".join(lines)) + "\n"


def _json_text(readiness: Readiness, folder: Path) -> str:
    return json.dumps(readiness_as_dict(readiness), indent=2, ensure_ascii=False) + "\n"


def _markdown_text(readiness: Readiness, folder: Path) -> str:
    return readiness_markdown(readiness)


#: The formats evidencekit brings (``evidencekit.builtins.reports`` registers them).
BUILTIN_REPORT_FORMATS = (
    ReportFormat("terminal", (), _terminal_text),
    ReportFormat("html", (".html", ".htm"), readiness_html),
    ReportFormat("md", (".md",), _markdown_text),
    ReportFormat("json", (".json",), _json_text),
)


def readiness_report(readiness: Readiness, report_format: str, folder: Path) -> str | bytes:
    """The readiness report in the built-in ``report_format`` (terminal: without colours)."""
    for known in BUILTIN_REPORT_FORMATS:
        if known.name == report_format:
            return known.render(readiness, folder)
    raise ValueError(f"no readiness report format {report_format!r}")
