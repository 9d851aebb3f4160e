"""The consultant's client list: the evidence folders the web front end offers, each under
a stable id, kept in the user's data folder (never in an evidence folder).

The folders given to ``evidencekit serve`` are listed for that run; the ones added in the
browser are stored in ``clients.json`` beside the folders' state and outlive the server.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import filelock
import platformdirs

from evidencekit.atomic import write_atomically
from evidencekit.errors import UsageError
from evidencekit.state import HOME_VARIABLE

CLIENTS_FILE_NAME = "clients.json"


@dataclass(frozen=True)
class ClientFolder:
    """One evidence folder on the list: ``id`` names it in addresses, never its path."""

    id: str
    name: str
    path: Path
    #: Given on the command line (for this run) rather than added in the browser.
    from_command_line: bool


def folder_id(path: Path) -> str:
    """A short id for ``path``, the same every run (a digest of the absolute path)."""
    return hashlib.sha256(os.fsencode(path)).hexdigest()[:12]


def default_clients_file() -> Path:
    """Where the browser's client list is kept: beside the folders' default state."""
    home = os.environ.get(HOME_VARIABLE)
    base = Path(home) if home else platformdirs.user_data_path("evidencekit", appauthor=False)
    return base / CLIENTS_FILE_NAME


class ClientList:
    """The folders of one ``serve`` run: its command line's, then the stored ones."""

    def __init__(self, command_line: list[Path], stored_in: Path) -> None:
        self._command_line = [_checked_folder(path) for path in command_line]
        self._file = stored_in
        self._lock = filelock.FileLock(str(stored_in) + ".lock")

    def folders(self) -> list[ClientFolder]:
        seen: dict[str, ClientFolder] = {}
        for path in self._command_line:
            seen.setdefault(folder_id(path), _client(path, from_command_line=True))
        for path in self._stored():
            seen.setdefault(folder_id(path), _client(path, from_command_line=False))
        return list(seen.values())

    def get(self, client_id: str) -> ClientFolder | None:
        return next((folder for folder in self.folders() if folder.id == client_id), None)

    def add(self, path: Path) -> ClientFolder:
        """Store ``path`` on the list (checked to be a folder); returns its entry."""
        folder = _checked_folder(path)
        with self._lock:
            stored = self._stored()
            if folder not in stored:
                self._save([*stored, folder])
        return _client(folder, from_command_line=folder in self._command_line)

    def remove(self, client_id: str) -> bool:
        """Take a stored folder off the list (its state stays); ``False`` if not stored."""
        with self._lock:
            stored = self._stored()
            kept = [path for path in stored if folder_id(path) != client_id]
            if len(kept) == len(stored):
                return False
            self._save(kept)
        return True

    def _stored(self) -> list[Path]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            raise UsageError(f"cannot read the client list {self._file}: {error}") from error
        return [Path(entry) for entry in data.get("folders", []) if isinstance(entry, str)]

    def _save(self, folders: list[Path]) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"folders": [str(path) for path in folders]}, indent=2) + "\n"
        write_atomically(self._file, text)


def _checked_folder(path: Path) -> Path:
    path = path.expanduser()
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder")
    return path.resolve()


def _client(path: Path, from_command_line: bool) -> ClientFolder:
    return ClientFolder(folder_id(path), path.name, path, from_command_line)
