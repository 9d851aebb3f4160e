"""The built-in readiness report formats (terminal, html, md, json), offered as a plugin."""

from __future__ import annotations

from collections.abc import Callable

from evidencekit.hookspecs import ReportFormat, hookimpl


@hookimpl(trylast=True)
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    # Imported when the formats are asked for: the HTML report brings in Jinja, which a
    # command that scans, lists or searches does not need.
    from evidencekit.report.files import BUILTIN_REPORT_FORMATS

    for report_format in BUILTIN_REPORT_FORMATS:
        register(report_format)
