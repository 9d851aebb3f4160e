"""``evidencekit check``, ``watch`` and ``actions``: would the folder's documentation pass,
kept current as files change, and the corrective action tracker's round trip."""

from __future__ import annotations

import functools
import sys
import threading
from datetime import date, datetime
from pathlib import Path

import click
import pluggy

from evidencekit.atomic import write_atomically
from evidencekit.cli.options import (
    RegisteredChoice,
    assessment_arguments,
    checked_audit_date,
    count,
    emit_report,
    folder_argument,
    follow_symlinks_option,
    format_of_output,
    jobs_option,
    notice,
    open_folder,
    plugin_manager,
    refuse_output_into_state_or_evidence,
    report_options,
    state_option,
    warning,
)
from evidencekit.cli.progress import BarProgress
from evidencekit.errors import PluginError, UsageError
from evidencekit.folder import (
    ChosenAssessment,
    assess_folder,
    choose_folder_assessment,
    folder_tracker,
    import_tracker_file,
)
from evidencekit.program.tracker import TrackerRow
from evidencekit.report.files import installed_report_formats
from evidencekit.report.html import readiness_html
from evidencekit.report.readiness import render_readiness
from evidencekit.report.tracker import tracker_csv, tracker_xlsx
from evidencekit.report.untrusted import for_terminal
from evidencekit.report.watch import batch_line
from evidencekit.scan import ScanOptions, ScanProgress
from evidencekit.watch.outcome import BatchOutcome
from evidencekit.watch.watcher import (
    DEFAULT_POLLING_SECONDS,
    DEFAULT_RECONCILE_SECONDS,
    DEFAULT_SETTLE_SECONDS,
    WatchOptions,
    stop_on_signals,
    watch_folder,
)

#: Formats of the corrective action tracker rather than of the readiness report: they
#: render the findings with the actions stored in the catalog, which a report format
#: does not see.
TRACKER_FORMATS = ("csv", "xlsx")


def readiness_format_names(plugin_manager: pluggy.PluginManager) -> list[str]:
    """The names ``check --format`` takes: the registered report formats, then the
    tracker's (a report format may not take a tracker format's name)."""
    registrations = installed_report_formats(plugin_manager)
    for name in TRACKER_FORMATS:
        if name in registrations:
            raise PluginError(
                f"register_report_formats: {name!r} is registered by both evidencekit "
                f"(the corrective action tracker) and {registrations[name].plugin}"
            )
    return [*registrations, *TRACKER_FORMATS]


def report_format_suffixes(plugin_manager: pluggy.PluginManager) -> dict[str, str]:
    """Each file suffix a registered report format claims, and the format's name."""
    return {
        suffix.lower(): registration.name
        for registration in installed_report_formats(plugin_manager).values()
        for suffix in registration.value.suffixes
    }


def file_format_names(plugin_manager: pluggy.PluginManager) -> list[str]:
    """The report formats a file can be kept in (those with a file suffix), by name."""
    registrations = installed_report_formats(plugin_manager).values()
    return sorted(
        registration.name for registration in registrations if registration.value.suffixes
    )


@click.command()
@assessment_arguments
@report_options(
    RegisteredChoice(readiness_format_names),
    "Write the report to this file instead of the terminal (its suffix picks the format).",
    suffixes=lambda manager: {
        ".txt": "terminal",
        **report_format_suffixes(manager),
        **{f".{name}": name for name in TRACKER_FORMATS},
    },
)
@click.option(
    "--no-paths",
    is_flag=True,
    help="HTML: leave the documents' folders out of the report handed over (findings keep a "
    "file's name).",
)
@jobs_option
@follow_symlinks_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def check(
    folder: Path,
    state: Path | None,
    tool_id: str | None,
    audit_type: str | None,
    audit_date: datetime | None,
    profile_file: Path | None,
    report_format: str,
    output: Path | None,
    no_paths: bool,
    jobs: int,
    follow_symlinks: bool,
    quiet: bool,
) -> None:
    """Would FOLDER's documentation pass? Scan, map, find gaps, score, report.

    Without --tool and --audit-type, the company profile (the folder's, or --profile FILE)
    decides them: the program from the headcount, the audit due from the certificate
    history; what was picked and why is said first.

    Exit code 0: the documentation meets the audit type's pass marks; 1: it does not;
    2: an error (bad arguments, unknown tool, an invalid profile).
    """
    when = checked_audit_date(audit_date)
    if no_paths and report_format != "html":
        raise UsageError("--no-paths is for the HTML report: add --format html")
    if report_format == "xlsx" and output is None:
        raise UsageError("--format xlsx writes a workbook; give --output FILE.xlsx")
    show_bar = not quiet and report_format == "terminal" and output is None and sys.stderr.isatty()
    with open_folder(folder, state, scans=True) as workspace:
        workspace.analysis_jobs = jobs
        if output is not None:
            refuse_output_into_state_or_evidence(output, workspace, "--output")
        progress = BarProgress() if show_bar else ScanProgress()
        try:
            options = ScanOptions(jobs=jobs, follow_symlinks=follow_symlinks)
            # Without a profile headcount, the choice reads the evidence: it scans first.
            chosen = choose_folder_assessment(
                workspace, when, tool_id, audit_type, profile_file, options, progress
            )
            progress.finish()
            _tell_choice(chosen)
            readiness = assess_folder(workspace, chosen, options, progress)
        finally:
            progress.finish()
        tracker = folder_tracker(workspace, readiness) if report_format in TRACKER_FORMATS else None
        formats = installed_report_formats(workspace.plugin_manager)
    if tracker is not None:
        _write_tracker(tracker, report_format, output)
    elif report_format == "terminal" and output is None:
        render_readiness(readiness)
    else:
        render = formats[report_format].value.render
        if no_paths:
            render = functools.partial(readiness_html, show_paths=False)
        emit_report(render(readiness, workspace.location.folder), output)
    raise SystemExit(0 if readiness.ready else 1)


def _tell_choice(chosen: ChosenAssessment) -> None:
    """What was picked and why, before the scan."""
    if chosen.warning:
        warning(for_terminal(chosen.warning))
    for said in chosen.notices:
        notice(for_terminal(said))


def _write_tracker(rows: list[TrackerRow], report_format: str, output: Path | None) -> None:
    if output is None:
        click.echo(tracker_csv(rows), nl=False)
        return
    if report_format == "xlsx":
        write_atomically(output, tracker_xlsx(rows))
    else:
        # With a byte order mark, Excel opens the file as UTF-8 rather than guessing.
        write_atomically(output, tracker_csv(rows).encode("utf-8-sig"))
    click.echo(f"Wrote {output} ({count(len(rows), 'finding')})", err=True)


# --- watch ------------------------------------------------------------------------------


@click.command()
@assessment_arguments
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep this report file current; it is replaced whole, never half written.",
)
@click.option(
    "--format",
    "report_format",
    type=RegisteredChoice(file_format_names),
    help="The report's format (default: from the --report file's suffix, else html).",
)
@click.option(
    "--settle",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_SETTLE_SECONDS,
    show_default=True,
    help="Seconds a file must stay unchanged (no events, same size and time) before it is read.",
)
@click.option(
    "--polling",
    type=click.FloatRange(min=0.1),
    is_flag=False,
    flag_value=DEFAULT_POLLING_SECONDS,
    default=None,
    metavar="[SECONDS]",
    help=f"Look for changes every SECONDS (default {DEFAULT_POLLING_SECONDS:g}) instead of "
    "waiting for events: for network shares (SMB, NFS), which send none.",
)
@click.option(
    "--reconcile",
    type=click.FloatRange(min=1),
    default=DEFAULT_RECONCILE_SECONDS,
    show_default=True,
    help="Seconds between full rescans that catch any change events missed.",
)
@jobs_option
def watch(
    folder: Path,
    state: Path | None,
    tool_id: str | None,
    audit_type: str | None,
    audit_date: datetime | None,
    profile_file: Path | None,
    report: Path | None,
    report_format: str | None,
    settle: float,
    polling: float | None,
    reconcile: float,
    jobs: int,
) -> None:
    """Keep FOLDER's catalog, evidence map, readiness and report current as files change.

    Prints one line per batch of changes: the files taken in (+ added, ~ changed,
    > moved, - removed) with their type and elements, the scores and the findings that
    changed. Ctrl-C or SIGTERM stops it.

    Without --tool and --audit-type, the company profile (the folder's, or --profile FILE)
    decides them as for `check`, once at start; what was picked and why is said first.
    """
    fixed_date = checked_audit_date(audit_date) if audit_date else None
    report_format = _watch_report_format(report, report_format)
    stop = threading.Event()
    with open_folder(folder, state, scans=True) as workspace:
        workspace.analysis_jobs = jobs
        if report is not None:
            refuse_output_into_state_or_evidence(report, workspace, "--report")
        # Read once: the profile is the company's answers, not evidence the watcher follows.
        chosen = choose_folder_assessment(
            workspace, fixed_date or date.today(), tool_id, audit_type, profile_file
        )
        _tell_choice(chosen)
        options = WatchOptions(
            tool_id=chosen.tool.id,
            audit_type=chosen.audit_type,
            audit_date=fixed_date,
            profile=chosen.profile,
            report=report,
            report_format=report_format,
            settle_seconds=settle,
            polling_seconds=polling,
            reconcile_seconds=reconcile,
            scan=ScanOptions(jobs=jobs),
        )
        with stop_on_signals(stop):
            watch_folder(workspace, options, _print_batch, stop)
    click.echo("Stopped watching; the catalog holds every batch taken in.", err=True)


def _watch_report_format(report: Path | None, report_format: str | None) -> str:
    if report is None and report_format is not None:
        raise UsageError("--format is the format of the --report file; give --report FILE")
    if report_format is not None:
        return report_format
    if report is None:
        return "html"
    return format_of_output(report, report_format_suffixes(plugin_manager()), "--report", "html")


def _print_batch(outcome: BatchOutcome) -> None:
    line = batch_line(outcome)
    if line:
        click.echo(line)


# --- the corrective action tracker ----------------------------------------------------------


@click.group()
@folder_argument
@click.pass_context
def actions(ctx: click.Context, folder: Path) -> None:
    """Keep FOLDER's corrective action tracker: owners, due dates and statuses of findings.

    Export the tracker with `evidencekit check FOLDER --format xlsx --output FILE` (or
    csv), edit the owner, due, status and note columns, and import it back.
    """
    ctx.obj = folder


@actions.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@state_option
@click.pass_obj
def actions_import(folder: Path, file: Path, state: Path | None) -> None:
    """Store the owner, due, status and note of each finding in the edited tracker FILE.

    FILE is a .csv or .xlsx tracker with a finding_id column. Status is open,
    in-progress or closed; due is YYYY-MM-DD or empty. The next check shows them.
    """
    with open_folder(folder, state) as workspace:
        summary = import_tracker_file(workspace, file)
    click.echo(
        f"Updated {count(summary.updated, 'action')}; {len(summary.unknown_ids)} "
        f"row{'' if len(summary.unknown_ids) == 1 else 's'} named findings not found now"
    )
    if summary.resolved_ids:
        notice(
            "Resolved since the tracker was exported (an earlier check found them, the last "
            f"one no longer does): {', '.join(summary.resolved_ids)}"
        )
    if summary.ignored_ids:
        notice(f"Not stored, no check ever found them (a typo?): {', '.join(summary.ignored_ids)}")


COMMANDS = (check, watch, actions)
