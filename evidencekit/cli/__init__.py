"""The ``evidencekit`` command line: the group, which adds the commands of each command
module and turns evidencekit's errors into a one-line message and an exit code. Each
command parses, calls one function of ``evidencekit.folder`` (or the core), renders."""

from __future__ import annotations

import contextlib
import os
import select
import sys
from typing import Any

import click

from evidencekit import __version__
from evidencekit.cli import checking, documents, mapping, plugins, profile, program, tools
from evidencekit.cli.options import INDEX_BACKEND_META
from evidencekit.errors import EvidenceKitError
from evidencekit.workspace import INDEX_BACKEND_VARIABLE

#: A reader that stopped early (``evidencekit check … | head``): what a shell reports for a
#: process ended by SIGPIPE. Not 1, which ``check`` uses for "not ready".
EXIT_OUTPUT_CLOSED = 141


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
    ctx.meta[INDEX_BACKEND_META] = index_backend


for _module in (documents, checking, mapping, tools, program, profile, plugins):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli(prog_name="evidencekit")
