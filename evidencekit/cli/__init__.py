"""The ``evidencekit`` command line: the group, which adds the commands of each command
module and those plugins register (``register_commands``), and turns evidencekit's errors
into a one-line message and an exit code. Each command parses, calls one function of
``evidencekit.folder`` (or the core), renders."""

from __future__ import annotations

import contextlib
import os
import select
import sys
from typing import Any

import click

from evidencekit import __version__
from evidencekit.cli import (
    checking,
    documents,
    mapping,
    plugins,
    profile,
    program,
    serving,
    tools,
)
from evidencekit.cli.options import INDEX_BACKEND_META, plugin_manager
from evidencekit.errors import EvidenceKitError, PluginError
from evidencekit.registry import collect_registrations
from evidencekit.workspace import INDEX_BACKEND_VARIABLE

#: A reader that stopped early (``evidencekit check … | head``): what a shell reports for a
#: process ended by SIGPIPE. Not 1, which ``check`` uses for "not ready".
EXIT_OUTPUT_CLOSED = 141
#: Where the commands plugins register are kept once collected.
_PLUGIN_COMMANDS_META = "evidencekit.plugin_commands"


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
        return sorted({*super().list_commands(ctx), *self._plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # Plugins first, so that one taking a built-in command's name is refused whichever
        # command runs.
        added = self._plugin_commands(ctx)
        return super().get_command(ctx, cmd_name) or added.get(cmd_name)

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        if _PLUGIN_COMMANDS_META not in ctx.meta:
            registrations = collect_registrations(
                plugin_manager(),
                "register_commands",
                lambda name, command: (name, command),
                offer=_CommandCollector,
            )
            for name, registration in registrations.items():
                if name in self.commands:
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


for _module in (documents, checking, mapping, tools, program, profile, plugins, serving):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli(prog_name="evidencekit")
