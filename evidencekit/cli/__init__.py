"""The ``evidencekit`` command line: the group, which offers the commands of each command
module and those plugins register (``register_commands``), and turns evidencekit's errors
into a one-line message and an exit code. Each command parses, calls one function of
``evidencekit.folder`` (or the core), renders.

A command's module is imported only when that command runs: a no-change scan of a small
folder must not wait for the modules of the reports, the watcher and the program."""

from __future__ import annotations

import contextlib
import importlib
import os
import select
import sys
import warnings
from collections.abc import Callable
from typing import Any

import click

from evidencekit import __version__
from evidencekit.cli.options import INDEX_BACKEND_META, plugin_manager
from evidencekit.errors import EvidenceKitError, PluginError, PluginLeftOut, ReadWithoutLimits
from evidencekit.registry import collect_registrations
from evidencekit.state import INDEX_BACKEND_VARIABLE

#: Each built-in command: the module whose ``COMMANDS`` holds it and its one-line help
#: (for ``--help``, which thus imports no command module; a test keeps both in step).
BUILTIN_COMMANDS: dict[str, tuple[str, str]] = {
    "scan": (
        "documents",
        "Read new and changed files in FOLDER into the catalog and the search index.",
    ),
    "reindex": (
        "documents",
        "Rebuild the search index from the catalog, without reading FOLDER again.",
    ),
    "documents": (
        "documents",
        "List every document the catalog knows in FOLDER, with what extraction made of it.",
    ),
    "status": (
        "documents",
        "Show where FOLDER's state lives, documents by status, the index and the last scan.",
    ),
    "search": ("documents", "Search FOLDER's documents."),
    "correct": (
        "documents",
        "Correct how DOCUMENT was read: its --type, its --date, or --reset both.",
    ),
    "check": (
        "checking",
        "Would FOLDER's documentation pass? Scan, map, find gaps, score, report.",
    ),
    "watch": (
        "checking",
        "Keep FOLDER's catalog, evidence map, readiness and report current as files change.",
    ),
    "actions": (
        "checking",
        "Keep FOLDER's corrective action tracker: owners, due dates and statuses of findings.",
    ),
    "map": (
        "mapping",
        "Show which documents in FOLDER prove which requirement of an audit tool, and why.",
    ),
    "link": (
        "mapping",
        "Correct the evidence map: ADD or REJECT DOCUMENT as evidence of REQUIREMENT, or RESET.",
    ),
    "tools": ("tools", "List the installed audit tools (bundled and from plugins)."),
    "plan": ("program", "What FOLDER's company must do this year for its certificate."),
    "training": (
        "program",
        "Who holds which of the program's required courses, and what is missing or expired.",
    ),
    "actionplan": (
        "program",
        "May FOLDER's company use an Action Plan instead of its maintenance audit, and how "
        "far is its plan? Eligibility (each question with what answered it), the year's "
        "dates, the deliverables with owners, due dates and progress, and the self-score.",
    ),
    "prep": ("program", "Prepare FOLDER's company for the auditor's interviews and site visits."),
    "profile": ("profile", "Show, change and fill in the company profile kept for FOLDER."),
    "serve": (
        "serving",
        "Open the consultant's workbench in the browser: FOLDERS plus your saved client list.",
    ),
    "plugins": (
        "plugins",
        "List every plugin, built-ins included, with where it came from and its hooks.",
    ),
}

#: A reader that stopped early (``evidencekit check … | head``): what a shell reports for a
#: process ended by SIGPIPE. Not 1, which ``check`` uses for "not ready".
EXIT_OUTPUT_CLOSED = 141
#: Where the commands plugins register are kept once collected.
_PLUGIN_COMMANDS_META = "evidencekit.plugin_commands"


def _tell_plugin_left_out(show: Callable[..., None]) -> Callable[..., None]:
    def tell(message: Warning | str, category: type[Warning], *args: Any, **kw: Any) -> None:
        if issubclass(category, (PluginLeftOut, ReadWithoutLimits)):
            click.secho(f"Warning: {message}", err=True, fg="red")
        else:
            show(message, category, *args, **kw)

    return tell


class _EvidenceKitGroup(click.Group):
    """Turns evidencekit's own errors into a one-line message and the error's exit code,
    and offers the commands plugins register beside the built-in ones."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except EvidenceKitError as error:
            # Raised before a command runs: a plugin failing while ``--help`` lists commands.
            click.secho(f"Error: {error}", err=True, fg="red")
            sys.exit(error.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                with warnings.catch_warnings():
                    # A plugin left out is said once a run, in words, and the run goes on.
                    warnings.simplefilter("once", PluginLeftOut)
                    warnings.simplefilter("once", ReadWithoutLimits)
                    warnings.showwarning = _tell_plugin_left_out(warnings.showwarning)
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

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*BUILTIN_COMMANDS, *self._plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # Plugins first, so that one taking a built-in command's name is refused whichever
        # command runs.
        added = self._plugin_commands(ctx)
        if cmd_name in BUILTIN_COMMANDS:
            return builtin_command(cmd_name)
        return added.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, built-ins described from ``BUILTIN_COMMANDS`` unimported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = []
        for name in names:
            if name in BUILTIN_COMMANDS:
                # Described as click describes a command, without importing it.
                described = click.Command(name, help=BUILTIN_COMMANDS[name][1])
                rows.append((name, described.get_short_help_str(limit)))
            elif not (command := self._plugin_commands(ctx)[name]).hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        if _PLUGIN_COMMANDS_META not in ctx.meta:
            registrations = collect_registrations(
                plugin_manager(),
                "register_commands",
                lambda name, command: (name, command),
                offer=_CommandCollector,
            )
            for name, registration in registrations.items():
                if name in BUILTIN_COMMANDS:
                    raise PluginError(
                        f"register_commands: {name!r} is registered by both evidencekit "
                        f"(built-in) and {registration.plugin}"
                    )
            ctx.meta[_PLUGIN_COMMANDS_META] = {
                name: registration.value for name, registration in registrations.items()
            }
        return ctx.meta[_PLUGIN_COMMANDS_META]


class _CommandCollector(click.Group):
    """The group a plugin's ``register_commands`` is given: each command it adds is
    registered under the plugin's name, so that two plugins' commands of one name are
    refused rather than one silently replacing the other."""

    def __init__(self, register: Any) -> None:
        super().__init__("evidencekit")
        self._register = register

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        self._register(name or cmd.name, cmd)


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
    ctx.meta[INDEX_BACKEND_META] = index_backend


def builtin_command(name: str) -> click.Command:
    """The built-in command ``name``, its module imported now."""
    module = importlib.import_module(f"evidencekit.cli.{BUILTIN_COMMANDS[name][0]}")
    return next(command for command in module.COMMANDS if command.name == name)


def main() -> None:
    cli(prog_name="evidencekit")
