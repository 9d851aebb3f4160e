"""What one ``evidencekit serve`` run serves: its token, its client list, and the folder
sessions it has opened."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pluggy

from evidencekit.plugins import make_plugin_manager
from evidencekit.web.clients import ClientList
from evidencekit.web.folder_session import FRESH_WAIT_SECONDS, FolderSession
from evidencekit.web.security import AccessToken


@dataclass
class WebSettings:
    """What one ``serve`` run was started with."""

    token: AccessToken
    clients: ClientList
    state: Path | None = None
    jobs: int = 2
    make_plugin_manager: Callable[[], pluggy.PluginManager] = make_plugin_manager
    today: Callable[[], date] = date.today
    #: How long a page waits for work a change made old (``folder_session``).
    fresh_wait_seconds: float = FRESH_WAIT_SECONDS
    sessions: dict[str, FolderSession] = field(default_factory=dict)
    #: Set when the server is asked to stop (and the watchers with it).
    stopping: threading.Event = field(default_factory=threading.Event)

    def session(self, client_id: str) -> FolderSession:
        """The open session of the listed folder ``client_id``; ``LookupError`` if unlisted."""
        client = self.clients.get(client_id)
        if client is None:
            raise LookupError(f"no folder {client_id} on the client list")
        if client_id not in self.sessions:
            # The --state given names one folder's state: the command line's folder.
            state = self.state if client.from_command_line else None
            self.sessions[client_id] = FolderSession(
                client, self.make_plugin_manager, state, self.fresh_wait_seconds
            )
        return self.sessions[client_id]

    def close(self) -> None:
        for session in self.sessions.values():
            session.close()
        self.sessions.clear()
