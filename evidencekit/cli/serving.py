"""``evidencekit serve``: the consultant's workbench in the browser (``evidencekit.web``)."""

from __future__ import annotations

from pathlib import Path

import click

from evidencekit.cli.options import jobs_option, state_option
from evidencekit.errors import UsageError


@click.command()
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; another than 127.0.0.1 lets other machines reach it.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--token",
    envvar="EVIDENCEKIT_TOKEN",
    help="The access token every page and API call needs (default: a random one, printed).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Keep each folder current as `evidencekit watch` does while serving.",
)
@state_option
@jobs_option
def serve(
    folders: tuple[Path, ...],
    host: str,
    port: int,
    token: str | None,
    watch: bool,
    state: Path | None,
    jobs: int,
) -> None:
    """Open the consultant's workbench in the browser: FOLDERS plus your saved client list.

    Prints the address to open, with the token. The evidence folders are only read.
    """
    # Imported here: the web server's libraries load only for the command that uses them.
    from evidencekit.web.server import chosen_token
    from evidencekit.web.server import serve as run_server

    if state is not None and len(folders) != 1:
        raise UsageError("--state names one folder's state; give exactly one FOLDER with it")
    run_server(list(folders), host, port, chosen_token(token), state, jobs, watch, click.echo)


COMMANDS = (serve,)
