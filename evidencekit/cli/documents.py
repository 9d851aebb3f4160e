"""``evidencekit scan``, ``reindex``, ``documents``, ``status`` and ``search``: the
folder's files read into the catalog and the index, and what they hold."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from evidencekit.cli.options import (
    ISO_DATE,
    folder_argument,
    follow_symlinks_option,
    jobs_option,
    json_option,
    notice,
    open_folder,
    print_json,
    state_option,
)
from evidencekit.document_models import (
    DocumentRecord,
    DocumentStatus,
    ExtractionLimits,
    ScanSummary,
)
from evidencekit.report.untrusted import for_terminal

if TYPE_CHECKING:
    from evidencekit.workspace import Workspace

MAX_PROBLEMS_LISTED = 20
#: How ``documents`` and ``status`` name what the scan could not take in.
LEFT_OUT = "left-out"
DOCUMENTS_HEADER = f"{'status':<11} {'pages':>5} {'chars':>10}  {'type':<30} {'date':<10}  path"


# --- scan -------------------------------------------------------------------------------


@click.command()
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
    # Each command imports its function of ``folder`` itself: a scan with nothing to read
    # is over in a fraction of a second, and that module brings in every other use. They
    # are imported after opening, which starts the workers' server first for a new folder.
    with open_folder(folder, state, scans=True) as workspace:
        from evidencekit.cli.progress import BarProgress
        from evidencekit.folder import scan_into_catalog
        from evidencekit.scan import ScanOptions, ScanProgress

        limits = ExtractionLimits(timeout_seconds=timeout, memory_mb=memory_mb)
        options = ScanOptions(jobs=jobs, limits=limits, follow_symlinks=follow_symlinks)
        show_bar = not quiet and not as_json and sys.stderr.isatty()
        progress = BarProgress() if show_bar else ScanProgress()
        try:
            summary = scan_into_catalog(workspace, options, progress)
        finally:
            progress.finish()
    if as_json:
        print_json(summary.as_dict())
    elif not quiet:
        _render_summary(workspace, summary)


def _render_summary(workspace: Workspace, summary: ScanSummary) -> None:
    if summary.index_rebuilt_because:
        notice(f"The search index was rebuilt: {summary.index_rebuilt_because}.")
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


# --- reindex, documents, status, search --------------------------------------------------


@click.command()
@folder_argument
@state_option
def reindex(folder: Path, state: Path | None) -> None:
    """Rebuild the search index from the catalog, without reading FOLDER again."""
    from evidencekit.folder import rebuild_index

    with open_folder(folder, state) as workspace:
        count = rebuild_index(workspace)
    click.echo(f"Rebuilt the search index: {count} files.")


@click.command()
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
    wanted = _status_filter(statuses, problems)
    with open_folder(folder, state) as workspace:
        workspace.require_a_scan()
        left_out = workspace.left_out() if problems or not statuses else []
        records = (record for record in workspace.each_document() if wanted(record))
        if as_json:
            print_json(
                itertools.chain(
                    (_document_as_dict(record) for record in records),
                    (
                        {"path": path, "status": LEFT_OUT, "reason": reason}
                        for path, reason in left_out
                    ),
                )
            )
        else:
            _print_documents(records, left_out)


def _print_documents(records: Iterable[DocumentRecord], left_out: list[tuple[str, str]]) -> None:
    count = 0
    for count, record in enumerate(records, start=1):
        if count == 1:
            click.echo(DOCUMENTS_HEADER)
        line = (
            f"{record.status:<11} {record.pages:>4}p {record.chars:>8}ch  "
            f"{record.doc_type or '-':<30} {record.date or '-':<10}  {for_terminal(record.path)}"
        )
        if record.date_source and "," in record.date_source:
            # An extractor placed the date in its file (a cell): say where it is.
            line += f"  (date from {for_terminal(record.date_source.split(', ', 1)[1])})"
        elif record.date_source in DATE_SOURCES_SAID:
            # Not printed on the document: never to be taken for a date it shows.
            line += f"  ({DATE_SOURCES_SAID[record.date_source]})"
        click.echo(line + (f"  ({for_terminal(record.reason)})" if record.reason else ""))
    for path, reason in left_out:
        click.echo(
            f"{LEFT_OUT:<11} {'':>5} {'':>10}  {'-':<30} {'-':<10}  "
            f"{for_terminal(path)}  ({reason})"
        )
    click.echo(f"{count} document{'' if count == 1 else 's'}", err=True)
    if left_out:
        click.echo(f"{len(left_out)} left out (evidencekit check reports each)", err=True)


#: Date sources the listing names, because the date is not one the document prints.
DATE_SOURCES_SAID = {"metadata": "date from file metadata only", "user": "date corrected by you"}


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


@click.command()
@folder_argument
@state_option
@json_option
def status(folder: Path, state: Path | None, as_json: bool) -> None:
    """Show where FOLDER's state lives, documents by status, the index and the last scan."""
    from evidencekit.folder import folder_status

    with open_folder(folder, state) as workspace:
        report = folder_status(workspace)
    if as_json:
        print_json(asdict(report))
        return
    click.echo(f"Evidence folder: {report.folder}")
    click.echo(f"State directory: {report.state_directory}")
    by_status = ", ".join(f"{name} {count}" for name, count in report.by_status.items())
    click.echo(f"Documents:       {report.documents} ({by_status or 'none yet'})")
    click.echo(
        f"Search index:    {report.index_backend}, {report.indexed_files} files, "
        f"{report.index_bytes / 1_048_576:.1f} MB"
    )
    if report.left_out:
        click.echo(
            f"Left out:        {len(report.left_out)} (cannot be listed or named; each a finding)"
        )
        for path, reason in report.left_out:
            click.echo(f"                 {for_terminal(path)}: {reason}")
    last = report.last_scan
    click.echo(
        f"Last scan:       {last['finished']} ({last['seconds']:.1f} s)"
        if last
        else "Last scan:       never (run: evidencekit scan FOLDER)"
    )


@click.command()
@folder_argument
@click.argument("query")
@state_option
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True)
@json_option
def search(folder: Path, query: str, state: Path | None, limit: int, as_json: bool) -> None:
    """Search FOLDER's documents. QUERY uses Whoosh syntax: "exact phrase", AND, OR, NOT,
    field:value (title, filename, folder, filetype, content), modified:[2025-01 to 2025-06].
    """
    with open_folder(folder, state) as workspace:
        hits = workspace.search(query, limit)
    if as_json:
        print_json([asdict(hit) for hit in hits])
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


@click.command()
@folder_argument
@click.argument("document")
@click.option("--type", "doc_type", help="The document's type (as `evidencekit documents` lists).")
@click.option(
    "--date",
    "day",
    type=ISO_DATE,
    help="The document's own date, YYYY-MM-DD.",
)
@click.option("--reset", is_flag=True, help="Forget the corrections: read it as evidencekit does.")
@state_option
def correct(
    folder: Path,
    document: str,
    doc_type: str | None,
    day: datetime | None,
    reset: bool,
    state: Path | None,
) -> None:
    """Correct how DOCUMENT was read: its --type, its --date, or --reset both.

    DOCUMENT is a path relative to FOLDER, as `evidencekit documents` lists it. Corrections
    are kept in the state, survive rescans, follow the file when it moves, and show as the
    user's in every output. A corrected type is also taken by the other documents of FOLDER
    filled in on the same form (same heading lines and field labels), now and when scanned
    later, unless you corrected them yourself; the check reads their schedules, courses
    and incident dates as that type.
    """
    from evidencekit.folder import correct_document_reading

    with open_folder(folder, state) as workspace:
        click.echo(
            correct_document_reading(
                workspace, document, doc_type, day.date() if day else None, reset
            )
        )


COMMANDS = (scan, reindex, documents, status, search, correct)
