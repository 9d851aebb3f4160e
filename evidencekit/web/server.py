"""Running the web front end: the token chosen, the address said, uvicorn started."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import uvicorn

from evidencekit.web.app import create_app
from evidencekit.web.clients import ClientList, default_clients_file
from evidencekit.web.security import TOKEN_VARIABLE, AccessToken
from evidencekit.web.settings import WebSettings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


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
    say: Callable[[str], None],
) -> None:
    """Serve ``folders`` (and the stored client list) until interrupted."""
    settings = WebSettings(
        token=token, clients=ClientList(folders, default_clients_file()), state=state, jobs=jobs
    )
    shown_host = f"[{host}]" if ":" in host else host
    say(f"evidencekit is serving at http://{shown_host}:{port}/?token={token.value}")
    if host not in (DEFAULT_HOST, "localhost", "::1"):
        say(
            f"Listening on {host}: anyone who can reach this address and has the token can "
            "read these folders' evidence. Traffic is not encrypted."
        )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
