"""The ``evidencekit`` command line: each command parses, calls one core function, renders."""

from __future__ import annotations

import contextlib
import json
import os
import select
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from evidencekit import __version__
from evidencekit.atomic import write_atomically
from evidencekit.audit_tools.diff import diff_audit_tools
from evidencekit.audit_tools.in_force import tools_in_force
from evidencekit.audit_tools.installed import audit_tool_by_id_or_file, installed_audit_tools
from evidencekit.audit_tools.loading import validate_audit_tool_file
from evidencekit.errors import EvidenceKitError, UsageError
from evidencekit.models import (
    AuditTool,
    BatchOutcome,
    DocumentRecord,
    DocumentStatus,
    ExtractionLimits,
    Readiness,
    ScanSummary,
)
from evidencekit.plugins import describe_plugins, make_plugin_manager
from evidencekit.prep.interviews import prepare_interviews
from evidencekit.prep.sampling import check_interview_profile
from evidencekit.program.cycle import choose_assessment, load_company_profile, tool_for_headcount
from evidencekit.program.tracker import TrackerRow
from evidencekit.report.evidence_map import evidence_map_as_dict, render_evidence_map
from evidencekit.report.files import readiness_report
from evidencekit.report.prep import PREP_FORMATS, prep_report, render_prep
from evidencekit.report.readiness import render_readiness
from evidencekit.report.tool_diff import TOOL_DIFF_FORMATS, render_tool_diff, tool_diff_report
from evidencekit.report.tracker import tracker_csv, tracker_xlsx
from evidencekit.report.untrusted import for_terminal
from evidencekit.report.watch import batch_line
from evidencekit.scan import ScanOptions, ScanProgress, scan_folder
from evidencekit.watch.watcher import (
    DEFAULT_POLLING_SECONDS,
    DEFAULT_RECONCILE_SECONDS,
    DEFAULT_SETTLE_SECONDS,
    WatchOptions,
    stop_on_signals,
    watch_folder,
)
from evidencekit.workspace import INDEX_BACKEND_VARIABLE, Workspace, open_workspace

MAX_PROBLEMS_LISTED = 20


#: A reader that stopped early (``evidencekit check … | head``): what a shell reports for a
#: process ended by SIGPIPE. Not 1, which ``check`` uses for "not ready".
EXIT_OUTPUT_CLOSED = 141
#: Where the group's ``--index`` choice waits for the command's workspace.
_INDEX_BACKEND_META = "evidencekit.index_backend"


class _EvidenceKitGroup(click.Group):
    """Turns evidencekit's own errors into a one-line message and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # A reader gone away shows up here, not while Python shuts down.
                sys.stdout.flush()
        except EvidenceKitError as error:
            click.secho(f"Error: {error}", err=True, fg="red")
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; what was finished is kept.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            if not _output_closed():
                raise  # a pipe of evidencekit's own (a worker's), not the user's reader
            _silence_closed_output()
            ctx.exit(EXIT_OUTPUT_CLOSED)


def _output_closed() -> bool:
    """Has the reader of stdout or stderr gone? (The kernel flags such a pipe POLLERR.)"""
    poller = select.poll()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            poller.register(stream.fileno(), select.POLLOUT)
    return any(event & select.POLLERR for _fd, event in poller.poll(0))


def _silence_closed_output() -> None:
    """Point stdout and stderr at /dev/null so the exit flushes nothing into a closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        # Not a real file (output captured in tests): nothing to redirect.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())


@click.group(cls=_EvidenceKitGroup)
@click.version_option(__version__, prog_name="evidencekit")
@click.option(
    "--index",
    "index_backend",
    metavar="BACKEND",
    envvar=INDEX_BACKEND_VARIABLE,
    help="Search backend to use (whoosh, or tantivy with evidencekit-tantivy installed); "
    "default: the first installed plugin's. Switching refills the index from the catalog.",
)
@click.pass_context
def cli(ctx: click.Context, index_backend: str | None) -> None:
    """Find, map and assess the evidence a COR or SECOR audit asks for."""
    ctx.meta[_INDEX_BACKEND_META] = index_backend


def main() -> None:
    cli(prog_name="evidencekit")


folder_argument = click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
state_option = click.option(
    "--state",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="EVIDENCEKIT_STATE",
    help="Where to keep the catalog and index (default: under your user data folder).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default=True,
    help="Extraction worker processes.",
)

follow_symlinks_option = click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also read the files and folders symbolic links point to, outside FOLDER too "
    "(loops and links back into FOLDER are skipped). Without it links are only listed.",
)


def _open(folder: Path, state: Path | None) -> Any:
    backend = click.get_current_context().meta.get(_INDEX_BACKEND_META)
    return open_workspace(
        folder, state, make_plugin_manager(), notify=_notice, index_backend=backend
    )


def _notice(message: str) -> None:
    click.secho(message, err=True, fg="yellow")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


# --- scan -------------------------------------------------------------------------------


@cli.command()
@folder_argument
@state_option
@jobs_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=ExtractionLimits.timeout_seconds,
    show_default=True,
    help="Seconds one file may take to extract.",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(min=256),
    default=ExtractionLimits.memory_mb,
    show_default=True,
    help="Memory one extraction worker may use.",
)
@follow_symlinks_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@json_option
def scan(
    folder: Path,
    state: Path | None,
    jobs: int,
    timeout: float,
    memory_mb: int,
    follow_symlinks: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Read new and changed files in FOLDER into the catalog and the search index."""
    limits = ExtractionLimits(timeout_seconds=timeout, memory_mb=memory_mb)
    options = ScanOptions(jobs=jobs, limits=limits, follow_symlinks=follow_symlinks)
    show_bar = not quiet and not as_json and sys.stderr.isatty()
    with _open(folder, state) as workspace, workspace.writing():
        progress = _BarProgress() if show_bar else ScanProgress()
        try:
            summary = scan_folder(workspace, options, progress)
        finally:
            progress.finish()
    if as_json:
        _print_json(summary.as_dict())
    elif not quiet:
        _render_summary(workspace, summary)


class _BarProgress(ScanProgress):
    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, stage: str, total: int) -> None:
        self.finish()
        if total:
            self._bar = click.progressbar(length=total, label=stage.ljust(10), file=sys.stderr)
            self._bar.__enter__()

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _render_summary(workspace: Workspace, summary: ScanSummary) -> None:
    if summary.index_rebuilt_because:
        _notice(f"The search index was rebuilt: {summary.index_rebuilt_because}.")
    counts = ", ".join(f"{name} {getattr(summary, name)}" for name in summary.FILE_COUNTS)
    click.echo(f"Scanned {workspace.location.folder} in {summary.seconds:.1f} s")
    click.echo(f"  files: {counts}")
    slowest = (
        f"; slowest {for_terminal(summary.slowest[0])} ({summary.slowest[1]:.2f} s)"
        if summary.slowest
        else ""
    )
    click.echo(
        f"  extracted {summary.extracted}{slowest}; search index updated for {summary.reindexed}"
    )
    if summary.unreadable:
        by_status = ", ".join(f"{status} {n}" for status, n in sorted(summary.unreadable.items()))
        click.echo(f"  unreadable: {by_status}")
        for path, status, reason in summary.problems[:MAX_PROBLEMS_LISTED]:
            click.echo(f"    {for_terminal(path)}: {status}: {for_terminal(reason)}")
        hidden = len(summary.problems) - MAX_PROBLEMS_LISTED
        if hidden > 0:
            click.echo(f"    … and {hidden} more (evidencekit documents FOLDER --problems)")
    for path, reason in summary.skipped[:MAX_PROBLEMS_LISTED]:
        click.echo(f"  skipped {for_terminal(path)}: {for_terminal(reason)}")
    if len(summary.skipped) > MAX_PROBLEMS_LISTED:
        click.echo(f"  … and {len(summary.skipped) - MAX_PROBLEMS_LISTED} more skipped (--json)")


# --- reindex, documents, status, search, plugins -----------------------------------------


@cli.command()
@folder_argument
@state_option
def reindex(folder: Path, state: Path | None) -> None:
    """Rebuild the search index from the catalog, without reading FOLDER again."""
    with _open(folder, state) as workspace:
        count = workspace.reindex()
    click.echo(f"Rebuilt the search index: {count} files.")


@cli.command()
@folder_argument
@state_option
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([str(status) for status in DocumentStatus]),
    help="Only documents with this status (repeatable).",
)
@click.option("--problems", is_flag=True, help="Only documents that are not ok.")
@json_option
def documents(
    folder: Path, state: Path | None, statuses: tuple[str, ...], problems: bool, as_json: bool
) -> None:
    """List every document the catalog knows in FOLDER, with what extraction made of it."""
    with _open(folder, state) as workspace:
        records = workspace.documents()
    wanted = _status_filter(statuses, problems)
    records = [record for record in records if wanted(record)]
    if as_json:
        _print_json([_document_as_dict(record) for record in records])
        return
    for record in records:
        line = (
            f"{record.status:<11} {record.pages:>4}p {record.chars:>8}ch  "
            f"{record.doc_type or '-':<30} {record.date or '-':<10}  {for_terminal(record.path)}"
        )
        if record.date_source and "," in record.date_source:
            # An extractor placed the date in its file (a cell): say where it is.
            line += f"  (date from {for_terminal(record.date_source.split(', ', 1)[1])})"
        click.echo(line + (f"  ({for_terminal(record.reason)})" if record.reason else ""))
    click.echo(f"{len(records)} documents", err=True)


def _status_filter(statuses: tuple[str, ...], problems: bool) -> Callable[[DocumentRecord], bool]:
    if problems:
        return lambda record: record.status is not DocumentStatus.OK
    if statuses:
        return lambda record: str(record.status) in statuses
    return lambda record: True


def _document_as_dict(record: DocumentRecord) -> dict:
    return {
        "path": record.path,
        "status": str(record.status),
        "reason": record.reason,
        "pages": record.pages,
        "chars": record.chars,
        "modified": record.modified.isoformat(),
        "size": record.size,
        "sha256": record.sha256,
        "title": record.title,
        "author": record.author,
        "extract_seconds": round(record.extract_seconds, 3),
        "doc_type": record.doc_type,
        "date": record.date,
        "date_source": record.date_source,
    }


@cli.command()
@folder_argument
@state_option
@json_option
def status(folder: Path, state: Path | None, as_json: bool) -> None:
    """Show where FOLDER's state lives, documents by status, the index and the last scan."""
    with _open(folder, state) as workspace:
        report = workspace.status()
    if as_json:
        _print_json(asdict(report))
        return
    click.echo(f"Evidence folder: {report.folder}")
    click.echo(f"State directory: {report.state_directory}")
    by_status = ", ".join(f"{name} {count}" for name, count in report.by_status.items())
    click.echo(f"Documents:       {report.documents} ({by_status or 'none yet'})")
    click.echo(
        f"Search index:    {report.index_backend}, {report.indexed_files} files, "
        f"{report.index_bytes / 1_048_576:.1f} MB"
    )
    last = report.last_scan
    click.echo(
        f"Last scan:       {last['finished']} ({last['seconds']:.1f} s)"
        if last
        else "Last scan:       never (run: evidencekit scan FOLDER)"
    )


@cli.command()
@folder_argument
@click.argument("query")
@state_option
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True)
@json_option
def search(folder: Path, query: str, state: Path | None, limit: int, as_json: bool) -> None:
    """Search FOLDER's documents. QUERY uses Whoosh syntax: "exact phrase", AND, OR, NOT,
    field:value (title, filename, folder, filetype, content), modified:[2025-01 to 2025-06].
    """
    with _open(folder, state) as workspace:
        hits = workspace.search(query, limit)
    if as_json:
        _print_json([asdict(hit) for hit in hits])
        return
    if not hits:
        click.echo("No documents match.", err=True)
        return
    for rank, hit in enumerate(hits, start=1):
        click.echo(
            f"{rank:>2}. {click.style(for_terminal(hit.path), bold=True)}  (page {hit.page})"
        )
        click.echo(f"    {_render_bold(for_terminal(hit.snippet))}")


def _render_bold(snippet: str) -> str:
    parts = snippet.split("**")
    return "".join(
        click.style(part, bold=True, fg="yellow") if index % 2 else part
        for index, part in enumerate(parts)
    )


@cli.command()
@json_option
def plugins(as_json: bool) -> None:
    """List every plugin, built-ins included, with where it came from and its hooks."""
    infos = describe_plugins(make_plugin_manager())
    if as_json:
        _print_json([asdict(info) for info in infos])
        return
    for info in infos:
        click.echo(f"{info.name}  [{info.source}]")
        click.echo(f"    hooks: {', '.join(info.hooks)}")


# --- audit tools, the evidence map and corrections ----------------------------------------

tool_option = click.option(
    "--tool", "tool_id", help="Audit tool id (see `evidencekit tools`); default: the COR tool."
)


@cli.group(invoke_without_command=True)
@json_option
@click.pass_context
def tools(ctx: click.Context, as_json: bool) -> None:
    """List the installed audit tools (bundled and from plugins)."""
    if ctx.invoked_subcommand is not None:
        return
    registrations = installed_audit_tools(make_plugin_manager())
    if as_json:
        _print_json([_tool_as_dict(reg.value, reg.plugin) for reg in registrations.values()])
        return
    for registration in registrations.values():
        tool = registration.value
        count = len(tool.requirements())
        used = f"; for audits {tool.in_force.describe()}" if tool.in_force.dated else ""
        click.echo(f"{tool.id:<20} {tool.program:<6} {tool.name} {tool.version}{used}")
        click.echo(
            f"{'':<20} {tool.partner}; {_count(len(tool.elements), 'element')}, "
            f"{_count(count, 'requirement')};"
            f" from {registration.plugin}"
        )


def _tool_as_dict(tool: AuditTool, plugin: str) -> dict:
    return {
        "id": tool.id,
        "name": tool.name,
        "version": tool.version,
        "partner": tool.partner,
        "program": tool.program,
        "elements": len(tool.elements),
        "requirements": len(tool.requirements()),
        "audit_types": [kind.name for kind in tool.audit_types],
        "in_force": {
            "from": tool.in_force.start.isoformat() if tool.in_force.start else None,
            "until": tool.in_force.end.isoformat() if tool.in_force.end else None,
        },
        "file": tool.file,
        "plugin": plugin,
    }


@tools.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def tools_validate(files: tuple[Path, ...]) -> None:
    """Check audit tool mapping FILES; every problem with file, line and requirement."""
    problems = [problem for path in files for problem in validate_audit_tool_file(path)]
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{_count(len(problems), 'problem')} in {_count(len(files), 'file')}", err=True)
        raise SystemExit(1)
    click.echo(f"{_count(len(files), 'file')} valid")


@cli.command("map")
@folder_argument
@state_option
@tool_option
@json_option
def map_command(folder: Path, state: Path | None, tool_id: str | None, as_json: bool) -> None:
    """Show which documents in FOLDER prove which requirement of an audit tool, and why."""
    with _open(folder, state) as workspace:
        evidence = workspace.evidence_map(tool_id)
    if as_json:
        _print_json(evidence_map_as_dict(evidence))
    else:
        render_evidence_map(evidence)


@cli.command()
@folder_argument
@click.argument("action", type=click.Choice(["add", "reject", "reset"]))
@click.argument("document")
@click.argument("requirement")
@state_option
@tool_option
def link(
    folder: Path,
    action: str,
    document: str,
    requirement: str,
    state: Path | None,
    tool_id: str | None,
) -> None:
    """Correct the evidence map: ADD or REJECT DOCUMENT as evidence of REQUIREMENT, or RESET.

    DOCUMENT is a path relative to FOLDER, as `evidencekit documents` lists it. Decisions
    are kept in the state, survive rescans, follow the file when it moves, and show as the
    user's in every output.
    """
    with _open(folder, state) as workspace:
        click.echo(workspace.decide_link(tool_id, action, document, requirement))


# --- readiness -----------------------------------------------------------------------------

# Audits happen in this century; outside it the date is a typo (and date arithmetic fails).
EARLIEST_AUDIT_DATE = datetime(2000, 1, 1).date()
LATEST_AUDIT_DATE = datetime(2099, 12, 31).date()
REPORT_FORMATS = ("terminal", "html", "md", "json", "csv", "xlsx")
#: Formats that are the corrective action tracker rather than the readiness report.
TRACKER_FORMATS = ("csv", "xlsx")


audit_type_option = click.option(
    "--audit-type",
    default="certification",
    show_default=True,
    help="certification, recertification, maintenance or action-plan (as the tool defines).",
)
due_audit_type_option = click.option(
    "--audit-type",
    default=None,
    help="certification, recertification, maintenance or action-plan (as the tool defines); "
    "default: the audit due by the company profile's certificate history, else certification.",
)
profile_option = click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the company profile from this file instead of the folder's state.",
)


def report_options(formats: tuple[str, ...]) -> Callable[[Callable], Callable]:
    """``--format`` (one of ``formats``, the terminal by default) and ``--output FILE``."""
    format_option = click.option(
        "--format",
        "report_format",
        type=click.Choice(formats),
        default="terminal",
        show_default=True,
    )
    output_option = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of the terminal.",
    )
    return lambda command: format_option(output_option(command))


audit_date_option = click.option(
    "--audit-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="YYYY-MM-DD (default: today).",
)


def _checked_audit_date(audit_date: datetime | None, option: str = "--audit-date") -> date:
    """The day given with ``option`` (default: today), refused when it cannot be meant."""
    when = (audit_date or datetime.now()).date()
    if not EARLIEST_AUDIT_DATE <= when <= LATEST_AUDIT_DATE:
        raise UsageError(f"{option} {when} is not a plausible date")
    return when


@cli.command()
@folder_argument
@state_option
@tool_option
@due_audit_type_option
@audit_date_option
@profile_option
@click.option(
    "--format",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    default="terminal",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of the terminal.",
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
    when = _checked_audit_date(audit_date)
    if report_format == "xlsx" and output is None:
        raise UsageError("--format xlsx writes a workbook; give --output FILE.xlsx")
    show_bar = not quiet and report_format == "terminal" and output is None and sys.stderr.isatty()
    with _open(folder, state) as workspace:
        if output is not None:
            _refuse_output_into_state_or_evidence(output, workspace, "--output")
        # A profile that cannot be read or contradicts itself stops before the scan.
        tools = workspace.audit_tools()
        profile = load_company_profile(workspace.location.directory, profile_file, tools)
        choice = choose_assessment(
            tools, lambda: workspace.audit_tool(None, when), profile, tool_id, audit_type, when
        )
        if choice.warning:
            click.secho(f"Warning: {for_terminal(choice.warning)}", err=True, fg="red")
        for notice in choice.notices:
            _notice(for_terminal(notice))
        with workspace.writing():
            progress = _BarProgress() if show_bar else ScanProgress()
            try:
                options = ScanOptions(jobs=jobs, follow_symlinks=follow_symlinks)
                scan_folder(workspace, options, progress)
            finally:
                progress.finish()
        readiness = workspace.readiness(choice.tool.id, choice.audit_type, when, profile)
        tracker = workspace.tracker(readiness) if report_format in TRACKER_FORMATS else None
    if tracker is None:
        _write_report(readiness, report_format, output, workspace.location.folder)
    else:
        _write_tracker(tracker, report_format, output)
    raise SystemExit(0 if readiness.ready else 1)


def _refuse_output_into_state_or_evidence(output: Path, workspace: Workspace, option: str) -> None:
    _refuse_writing_into_evidence(output, workspace, option)
    if output.resolve().is_relative_to(workspace.location.directory):
        raise UsageError(
            f"{output} is inside evidencekit's state directory; choose another {option}"
        )


def _refuse_writing_into_evidence(path: Path, workspace: Workspace, option: str) -> None:
    if path.resolve().is_relative_to(workspace.location.folder.resolve()):
        raise UsageError(
            f"{path} is inside the evidence folder; evidencekit never writes there; "
            f"choose another {option}"
        )


def _write_tracker(rows: list[TrackerRow], report_format: str, output: Path | None) -> None:
    if output is None:
        click.echo(tracker_csv(rows), nl=False)
        return
    if report_format == "xlsx":
        write_atomically(output, tracker_xlsx(rows))
    else:
        # With a byte order mark, Excel opens the file as UTF-8 rather than guessing.
        write_atomically(output, tracker_csv(rows).encode("utf-8-sig"))
    click.echo(f"Wrote {output} ({_count(len(rows), 'finding')})", err=True)


def _write_report(
    readiness: Readiness, report_format: str, output: Path | None, folder: Path
) -> None:
    if report_format == "terminal" and output is None:
        render_readiness(readiness)
        return
    text = readiness_report(readiness, report_format, folder)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output}", err=True)


# --- watch ------------------------------------------------------------------------------

WATCH_REPORT_FORMATS = ("html", "json", "md")
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json", ".md": "md"}


@cli.command()
@folder_argument
@state_option
@tool_option
@due_audit_type_option
@audit_date_option
@profile_option
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep this report file current; it is replaced whole, never half written.",
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(WATCH_REPORT_FORMATS),
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
    fixed_date = _checked_audit_date(audit_date) if audit_date else None
    report_format = _watch_report_format(report, report_format)
    stop = threading.Event()
    with _open(folder, state) as workspace:
        if report is not None:
            _refuse_output_into_state_or_evidence(report, workspace, "--report")
        # Read once: the profile is the company's answers, not evidence the watcher follows.
        tools = workspace.audit_tools()
        profile = load_company_profile(workspace.location.directory, profile_file, tools)
        choice = choose_assessment(
            tools,
            lambda: workspace.audit_tool(None, fixed_date),
            profile,
            tool_id,
            audit_type,
            fixed_date or date.today(),
        )
        if choice.warning:
            click.secho(f"Warning: {for_terminal(choice.warning)}", err=True, fg="red")
        for notice in choice.notices:
            _notice(for_terminal(notice))
        options = WatchOptions(
            tool_id=choice.tool.id,
            audit_type=choice.audit_type,
            audit_date=fixed_date,
            profile=profile,
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
    return REPORT_SUFFIXES.get(report.suffix.lower(), "html") if report else "html"


def _print_batch(outcome: BatchOutcome) -> None:
    line = batch_line(outcome)
    if line:
        click.echo(line)


# --- the corrective action tracker ----------------------------------------------------------


@cli.group()
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
    with _open(folder, state) as workspace:
        summary = workspace.import_actions(file)
    click.echo(
        f"Updated {_count(summary.updated, 'action')}; {len(summary.unknown_ids)} "
        f"row{'' if len(summary.unknown_ids) == 1 else 's'} named findings not found now"
    )
    if summary.ignored_ids:
        _notice(f"Not stored, no check ever found them (a typo?): {', '.join(summary.ignored_ids)}")


# --- comparing two versions of an audit tool -------------------------------------------------


@tools.command("diff")
@click.argument("old")
@click.argument("new")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@state_option
@audit_type_option
@audit_date_option
@click.option(
    "--format",
    "report_format",
    type=click.Choice(TOOL_DIFF_FORMATS),
    default="terminal",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of the terminal.",
)
@click.option(
    "--carry-over",
    is_flag=True,
    help="Store the corrections that carry over (under NEW's requirement ids) for NEW in "
    "FOLDER's state, so that `check --tool NEW` applies them. Needs FOLDER.",
)
@jobs_option
@follow_symlinks_option
def tools_diff(
    old: str,
    new: str,
    folder: Path | None,
    state: Path | None,
    audit_type: str,
    audit_date: datetime | None,
    report_format: str,
    output: Path | None,
    carry_over: bool,
    jobs: int,
    follow_symlinks: bool,
) -> None:
    """What changes from audit tool OLD to NEW, and, with FOLDER, for its evidence.

    OLD and NEW are installed tool ids or mapping files (a draft can be compared before
    it is installed). Lists requirements added, removed, renumbered, reworded (with the
    similarity), points, verification and evidence rules changed, elements and pass marks.
    With FOLDER (scanned first, as `check` does): which evidence links and corrections
    carry over and which need a look, and readiness under each version side by side.
    """
    if carry_over and folder is None:
        raise UsageError("--carry-over stores corrections of an evidence folder; give FOLDER")
    registrations = installed_audit_tools(make_plugin_manager())
    diff = diff_audit_tools(
        audit_tool_by_id_or_file(registrations, old), audit_tool_by_id_or_file(registrations, new)
    )
    comparison = None
    if folder is not None:
        when = _checked_audit_date(audit_date)
        with _open(folder, state) as workspace:
            if output is not None:
                _refuse_output_into_state_or_evidence(output, workspace, "--output")
            with workspace.writing():
                options = ScanOptions(jobs=jobs, follow_symlinks=follow_symlinks)
                scan_folder(workspace, options, ScanProgress())
            comparison = workspace.compare_tool_versions(diff, audit_type, when, carry_over)
    if report_format == "terminal" and output is None:
        render_tool_diff(diff, comparison)
        return
    text = tool_diff_report(diff, comparison, report_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output}", err=True)


# --- plugin authors ------------------------------------------------------------------------


@tools.command("new")
@click.argument("tool_id", metavar="ID")
@click.option(
    "--from", "from_tool", metavar="EXISTING", help="Start from this installed tool's file."
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the distribution (default: ./evidencekit-ID); must not exist.",
)
def tools_new(tool_id: str, from_tool: str | None, directory: Path | None) -> None:
    """Write a plugin distribution for a new audit tool ID: installable, with passing tests."""
    from evidencekit.audit_tools.scaffold import write_plugin_skeleton

    installed = {
        tool: registration.value
        for tool, registration in installed_audit_tools(make_plugin_manager()).items()
    }
    files = write_plugin_skeleton(tool_id, directory, installed, from_tool)
    root = files[0].parent
    click.echo(f"Wrote {root}:")
    # ./ so that pip takes it for a folder, not a project name on the package index.
    where = root if root.is_absolute() else f"./{root}"
    for path in files:
        click.echo(f"  {path.relative_to(root)}")
    click.echo(f"Next: pip install {where}/ && (cd {where} && pytest)")


# --- interview and observation preparation -----------------------------------------------


@cli.command()
@folder_argument
@state_option
@tool_option
@profile_option
@click.option("--role", "roles", multiple=True, help="Only this role's sheet (repeatable).")
@report_options(PREP_FORMATS)
@jobs_option
def prep(
    folder: Path,
    state: Path | None,
    tool_id: str | None,
    profile_file: Path | None,
    roles: tuple[str, ...],
    report_format: str,
    output: Path | None,
    jobs: int,
) -> None:
    """Prepare FOLDER's company for the auditor's interviews and site visits.

    From the company profile and the audit tool's sampling tables: how many people to
    interview and which sites to visit, a suggested interview list reaching every level,
    role, shift and kind of employment, a preparation sheet per role (the questions in
    plain words, with the company's own documents to know) and an observation checklist
    per site. Without a profile it says which answers are needed and still gives a sheet
    per level.
    """
    with _open(folder, state) as workspace:
        if output is not None:
            _refuse_output_into_state_or_evidence(output, workspace, "--output")
        profile = load_company_profile(
            workspace.location.directory, profile_file, workspace.audit_tools()
        )
        # A profile that cannot make a plan stops before the folder is scanned.
        check_interview_profile(profile, roles)
        if tool_id is None:
            in_force = tools_in_force(workspace.audit_tools(), date.today())
            chosen = tool_for_headcount(in_force, profile.headcount)
            tool_id = chosen.id if chosen else None
            if chosen is not None:
                _notice(f"Prepared for {chosen.id}: its program serves {profile.headcount} people.")
        with workspace.writing():
            scan_folder(workspace, ScanOptions(jobs=jobs), ScanProgress())
        preparation = prepare_interviews(workspace.evidence_map(tool_id), profile, roles)
        if tool_id is None:
            _notice(
                f"Prepared for {preparation.tool.id}, the default: the profile gives no "
                "headcount to choose the program by; another tool with --tool."
            )
    if report_format == "terminal" and output is None:
        render_prep(preparation)
        return
    text = prep_report(preparation, report_format, workspace.location.folder)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output}", err=True)


# Commands kept in their own modules attach themselves to ``cli`` when imported.
import evidencekit.commands.plan  # noqa: E402
import evidencekit.commands.preparation  # noqa: E402
import evidencekit.commands.profile  # noqa: E402, F401
