"""Where an evidence folder's state lives: never inside the evidence folder itself.

By default the state sits under the user's
data directory (or ``$EVIDENCEKIT_HOME``), in a folder keyed by the evidence folder's
absolute path; ``--state DIR`` chooses another place.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from evidencekit.errors import UsageError

HOME_VARIABLE = "EVIDENCEKIT_HOME"
#: Names the search backend to use (``whoosh``, ``tantivy``) when ``--index`` does not.
INDEX_BACKEND_VARIABLE = "EVIDENCEKIT_INDEX"
DEFAULT_LOCK_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class StateLocation:
    """The evidence folder and the state directory that belongs to it."""

    folder: Path
    directory: Path

    @property
    def catalog_path(self) -> Path:
        return self.directory / "catalog.sqlite3"

    @property
    def index_directory(self) -> Path:
        return self.directory / "index"

    @property
    def lock_path(self) -> Path:
        return self.directory / "writer.lock"

    @property
    def watcher_lock_path(self) -> Path:
        return self.directory / "watcher.lock"


def locate_state(folder: Path, state: Path | None = None) -> StateLocation:
    """Check ``folder`` and return its state location (``state`` when given)."""
    folder = folder.expanduser()
    if not folder.is_dir():
        problem = "does not exist" if not folder.exists() else "is not a folder"
        raise UsageError(f"the evidence folder {folder} {problem}")
    folder = folder.resolve()
    directory = (state.expanduser() if state else default_state_directory(folder)).resolve()
    if directory == folder or directory.is_relative_to(folder):
        raise UsageError(
            f"the state directory {directory} is inside the evidence folder {folder}; "
            "evidencekit never writes into evidence. Choose a --state outside it."
        )
    if folder.is_relative_to(directory):
        raise UsageError(
            f"the evidence folder {folder} is inside the state directory {directory}; "
            "choose a --state that neither holds nor sits in the evidence folder"
        )
    return StateLocation(folder=folder, directory=directory)


def default_state_directory(folder: Path) -> Path:
    home = os.environ.get(HOME_VARIABLE)
    base = Path(home) if home else platformdirs.user_data_path("evidencekit", appauthor=False)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.name).strip("-")[:40] or "folder"
    digest = hashlib.sha256(os.fsencode(folder)).hexdigest()[:12]
    return base / "folders" / f"{slug}-{digest}"
