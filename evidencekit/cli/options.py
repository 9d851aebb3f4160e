"""What the commands of the ``evidencekit`` command line share: their options, the run's
plugins, opening a folder's state, the guards on output files and the small printers.

Command modules take these from here and never import the group (``evidencekit.cli``),
which adds their commands.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pluggy

from evidencekit.atomic import write_atomically
from evidencekit.errors import UsageError
from evidencekit.plugins import make_plugin_manager
from evidencekit.vocabulary import CERTIFICATION, KNOWN_AUDIT_TYPES

if TYPE_CHECKING:
    from evidencekit.workspace import Workspace

#: Where the group's ``--index`` choice waits for the command's workspace.
INDEX_BACKEND_META = "evidencekit.index_backend"
#: Where the run's plugin manager is kept once loaded.
_PLUGIN_MANAGER_META = "evidencekit.plugin_manager"

# Audits happen in this century; outside it the date is a typo (and date arithmetic fails).
EARLIEST_AUDIT_DATE = datetime(2000, 1, 1).date()
LATEST_AUDIT_DATE = datetime(2099, 12, 31).date()


def plugin_manager() -> pluggy.PluginManager:
    """This run's plugins, loaded once: the commands plugins add, the report formats and
    every workspace the command opens share them."""
    meta = click.get_current_context().meta
    if _PLUGIN_MANAGER_META not in meta:
        meta[_PLUGIN_MANAGER_META] = make_plugin_manager()
    return meta[_PLUGIN_MANAGER_META]


def open_folder(
    folder: Path, state: Path | None, scans: bool = False
) -> AbstractContextManager[Workspace]:
    """``folder``'s state, opened with the run's plugins and the group's ``--index``.

    A command that ``scans`` a folder with no catalog yet will read every file: the
    extraction workers' fork server starts first, and imports what they use (about 0.3 s)
    while this process loads the rest of the command."""
    if scans:
        _start_workers_if_new(folder, state)
    from evidencekit.workspace import open_workspace  # Not needed by --help.

    backend = click.get_current_context().meta.get(INDEX_BACKEND_META)
    return open_workspace(folder, state, plugin_manager(), notify=notice, index_backend=backend)


def _start_workers_if_new(folder: Path, state: Path | None) -> None:
    from evidencekit.state import locate_state

    try:
        location = locate_state(folder, state)
    except UsageError:
        return  # Opening the folder says what is wrong.
    if not location.catalog_path.exists():
        from evidencekit.extract.server import start_worker_server

        start_worker_server()


# --- options ------------------------------------------------------------------------------

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
    help="Worker processes that extract files (and analyse them again after an upgrade).",
)
follow_symlinks_option = click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also read the files and folders symbolic links point to, outside FOLDER too "
    "(loops and links back into FOLDER are skipped). Without it links are only listed.",
)
tool_option = click.option(
    "--tool", "tool_id", help="Audit tool id (see `evidencekit tools`); default: the COR tool."
)
#: The audit types the core knows, as help texts list them (a tool may define others).
_AUDIT_TYPES_WORDS = f"{', '.join(KNOWN_AUDIT_TYPES[:-1])} or {KNOWN_AUDIT_TYPES[-1]}"
audit_type_option = click.option(
    "--audit-type",
    default=CERTIFICATION,
    show_default=True,
    help=f"{_AUDIT_TYPES_WORDS} (as the tool defines).",
)
due_audit_type_option = click.option(
    "--audit-type",
    default=None,
    help=f"{_AUDIT_TYPES_WORDS} (as the tool defines); default: the audit due by the company "
    f"profile's certificate history, else {CERTIFICATION}.",
)
profile_option = click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the company profile from this file instead of the folder's state.",
)


class IsoDate(click.ParamType):
    """A day written YYYY-MM-DD, refused in words a user can act on ("2026-13-45: there is
    no month 13"), not in strptime's format codes."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            return datetime.strptime(text, "%Y-%m-%d")
        except ValueError:
            self.fail(f"{text!r} is not a date: {_what_is_wrong(text)}", param, ctx)


def _what_is_wrong(text: str) -> str:
    parts = text.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        return "write it as YYYY-MM-DD, like 2026-11-16"
    month, day = int(parts[1]), int(parts[2])
    if not 1 <= month <= 12:
        return f"there is no month {month} (write YYYY-MM-DD, like 2026-11-16)"
    return f"month {month} of {parts[0]} has no day {day}"


ISO_DATE = IsoDate()

audit_date_option = click.option(
    "--audit-date",
    type=ISO_DATE,
    default=None,
    help="YYYY-MM-DD (default: today).",
)


def assessment_arguments(command: Callable) -> Callable:
    """What a command that assesses a folder takes (``check``, ``watch``): the folder, its
    state, and the tool, audit type, audit date and profile to assess it with."""
    for decorator in reversed(
        (
            folder_argument,
            state_option,
            tool_option,
            due_audit_type_option,
            audit_date_option,
            profile_option,
        )
    ):
        command = decorator(command)
    return command


class RegisteredChoice(click.Choice):
    """A choice among names known once the run's plugins are loaded (the report formats
    plugins register), so that the group need not load them to be built."""

    def __init__(self, names: Callable[[pluggy.PluginManager], Sequence[str]]) -> None:
        super().__init__(())
        self._names = names

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        if click.get_current_context(silent=True) is None:
            return ()  # described outside a run (a repr): no plugins to ask
        return tuple(self._names(plugin_manager()))

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        """click's constructor sets the fixed choices; these are the plugins' instead."""


#: The suffix each format a command may offer is known by, for commands whose formats are
#: fixed (``check`` asks the report-format registry instead). ``.txt``: the terminal's text.
FORMAT_SUFFIXES = {
    ".txt": "terminal",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
}


def report_options(
    formats: Sequence[str] | RegisteredChoice,
    output_help: str = "Write to this file instead of the terminal.",
    suffixes: Callable[[pluggy.PluginManager], dict[str, str]] | None = None,
) -> Callable[[Callable], Callable]:
    """``--format`` (one of ``formats``) and ``--output FILE``. Without ``--format`` the
    format is the output file's suffix's (``suffixes``: suffix to format, default
    :data:`FORMAT_SUFFIXES`), or the terminal's when printing; a suffix no format has is
    refused rather than written as terminal text under a name that promises another."""
    choice = formats if isinstance(formats, click.Choice) else click.Choice(formats)
    format_option = click.option(
        "--format",
        "report_format",
        type=choice,
        default=None,
        help="Default: from the --output file's suffix, else the terminal's.",
    )
    output_option = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help=output_help,
    )

    def known_suffixes() -> dict[str, str]:
        if suffixes is not None:
            return suffixes(plugin_manager())
        offered = set(choice.choices)
        return {suffix: name for suffix, name in FORMAT_SUFFIXES.items() if name in offered}

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def with_format(*args: Any, report_format: str | None, output: Path | None, **kw: Any):
            chosen = report_format or format_of_output(output, known_suffixes(), "--output")
            return command(*args, report_format=chosen, output=output, **kw)

        return format_option(output_option(with_format))

    return decorate


def format_of_output(
    output: Path | None, suffixes: dict[str, str], option: str, default: str = "terminal"
) -> str:
    """The report format an output file's name asks for: by its suffix (``default`` when
    there is no file, or it has no suffix); a suffix no format has is a usage error."""
    if output is None or not output.suffix:
        return default
    found = suffixes.get(output.suffix.lower())
    if found is None:
        known = ", ".join(sorted(suffixes))
        raise UsageError(
            f"{option} {output.name}: no report format writes {output.suffix} files; "
            f"name the file with one of {known}, or give --format"
        )
    return found


def checked_audit_date(audit_date: datetime | None, option: str = "--audit-date") -> date:
    """The day given with ``option`` (default: today), refused when it cannot be meant."""
    when = (audit_date or datetime.now()).date()
    if not EARLIEST_AUDIT_DATE <= when <= LATEST_AUDIT_DATE:
        raise UsageError(f"{option} {when} is not a plausible date")
    return when


# --- guards on the files a command writes -------------------------------------------------


def refuse_writing_into_evidence(path: Path, workspace: Workspace, option: str) -> None:
    """evidencekit never writes into an evidence folder: not even a file the user names."""
    if path.resolve().is_relative_to(workspace.location.folder.resolve()):
        raise UsageError(
            f"{path} is inside the evidence folder; evidencekit never writes there; "
            f"choose another {option}"
        )


def refuse_output_into_state_or_evidence(output: Path, workspace: Workspace, option: str) -> None:
    """An output file goes neither into the evidence folder nor into evidencekit's state."""
    refuse_writing_into_evidence(output, workspace, option)
    if output.resolve().is_relative_to(workspace.location.directory):
        raise UsageError(
            f"{output} is inside evidencekit's state directory; choose another {option}"
        )


# --- printing -------------------------------------------------------------------------------


def notice(message: str) -> None:
    """Tell the user something beside the output (stderr, in yellow)."""
    click.secho(message, err=True, fg="yellow")


def warning(message: str) -> None:
    """Tell the user something they should question (stderr, in red)."""
    click.secho(f"Warning: {message}", err=True, fg="red")


def count(number: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON. Its dicts and its iterators (a generator of a
    large folder's documents) are written a member at a time, never the whole text at
    once; the text is the same as ``json.dumps(value, indent=2)``."""
    output = _EchoedInChunks()
    _write_json(value, 0, output.write)
    output.write("\n")
    output.flush()


class _EchoedInChunks:
    """Text gathered into pieces of about ``CHARS`` and printed with ``click.echo``, which
    writes UTF-8 where the terminal's encoding is misconfigured as ASCII (a path with an
    accent would otherwise stop the output) and flushes every call: once per piece, not
    once per JSON member."""

    CHARS = 1 << 16

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self.CHARS:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            click.echo("".join(self._parts), nl=False)
        self._parts, self._size = [], 0


def _write_json(value: Any, level: int, write: Callable[[str], Any]) -> None:
    if isinstance(value, dict):
        members: Iterator = ((json.dumps(key), item) for key, item in value.items())
        brackets = "{}"
    elif isinstance(value, Iterator):
        members = ((None, item) for item in value)
        brackets = "[]"
    else:
        text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
        write(text.replace("\n", "\n" + "  " * level))
        return
    inner = "\n" + "  " * (level + 1)
    separator = brackets[0] + inner
    for key, item in members:
        write(separator if key is None else f"{separator}{key}: ")
        _write_json(item, level + 1, write)
        separator = "," + inner
    write(brackets if separator[0] == brackets[0] else "\n" + "  " * level + brackets[1])


def emit_report(content: str | bytes, output: Path | None) -> None:
    """A rendered report: printed, or written whole to ``output`` and said so."""
    if output is None:
        click.echo(content, nl=False)
    else:
        write_atomically(output, content)
        click.echo(f"Wrote {output}", err=True)
