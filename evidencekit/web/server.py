"""Running the web front end: the token chosen, the address said, uvicorn started."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import uvicorn

from evidencekit.errors import EvidenceKitError
from evidencekit.web.app import create_app
from evidencekit.web.clients import ClientFolder, ClientList, default_clients_file
from evidencekit.web.folder_access import keep_current
from evidencekit.web.security import TOKEN_VARIABLE, AccessToken
from evidencekit.web.settings import WebSettings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: How long a stopping server lets requests under way finish.
SHUTDOWN_GRACE_SECONDS = 3


def chosen_token(given: str | None) -> AccessToken:
    """The token given (``--token``, else ``$EVIDENCEKIT_TOKEN``), or a new random one."""
    value = given or os.environ.get(TOKEN_VARIABLE)
    return AccessToken(value) if value else AccessToken.generate()


def serve(
    folders: list[Path],
    host: str,
    port: int,
    token: AccessToken,
    state: Path | None,
    jobs: int,
    watch: bool,
    say: Callable[[str], None],
) -> None:
    """Serve ``folders`` (and the stored client list) until interrupted; with ``watch``,
    keep each of them current while it runs."""
    settings = WebSettings(
        token=token, clients=ClientList(folders, default_clients_file()), state=state, jobs=jobs
    )
    stop = settings.stopping
    watchers = [
        threading.Thread(target=_watch, args=(settings, client, stop, say), daemon=True)
        for client in (settings.clients.folders() if watch else [])
    ]
    for watcher in watchers:
        watcher.start()
    shown_host = f"[{host}]" if ":" in host else host
    say(f"evidencekit is serving at http://{shown_host}:{port}/?token={token.value}")
    if host not in (DEFAULT_HOST, "localhost", "::1"):
        say(
            f"Listening on {host}: anyone who can reach this address and has the token can "
            "read these folders' evidence. Traffic is not encrypted."
        )
    try:
        config = uvicorn.Config(
            create_app(settings),
            host=host,
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        )
        _Server(config, settings.stopping).run()
    finally:
        stop.set()
        for watcher in watchers:
            watcher.join()


class _Server(uvicorn.Server):
    """Uvicorn's server, telling the app when it is asked to stop: an open page holds a
    stream of change events, which ends then instead of holding the server up."""

    def __init__(self, config: uvicorn.Config, stopping: threading.Event) -> None:
        super().__init__(config)
        self._stopping = stopping

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._stopping.set()
        super().handle_exit(sig, frame)


def _watch(
    settings: WebSettings, client: ClientFolder, stop: threading.Event, say: Callable[[str], None]
) -> None:
    state = settings.state if client.from_command_line else None
    try:
        keep_current(client, state, settings.make_plugin_manager(), settings.jobs, stop, say)
    except EvidenceKitError as error:
        # One folder that cannot be watched (another watcher has it) leaves the rest served.
        say(f"{client.name} is not watched: {error}")
