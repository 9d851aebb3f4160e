"""The built-in readiness report formats (terminal, html, md, json), offered as a plugin."""

from __future__ import annotations

from collections.abc import Callable

from evidencekit.hookspecs import ReportFormat, hookimpl
from evidencekit.report.files import BUILTIN_REPORT_FORMATS


@hookimpl(trylast=True)
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    for report_format in BUILTIN_REPORT_FORMATS:
        register(report_format)
