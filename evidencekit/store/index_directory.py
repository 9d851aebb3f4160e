"""The folder a search index keeps its files in: evidencekit's marker (which backend wrote
the index, at which schema version), the decision to rebuild, and emptying it safely.

Every ``SearchIndex`` backend, built-in or plugin, has the same duties towards its folder
(``open_search_index`` in ``hookspecs.py``): opening changes nothing on disk and says why
the index cannot be used as it is; ``clear`` recreates it, but never deletes files
evidencekit did not write. ``IndexDirectory`` does those parts, so that each backend only
creates and opens its own files. Re-exported by ``evidencekit.hookspecs``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from evidencekit.errors import UsageError

#: The file in an index folder that names the backend and schema version that wrote it.
MARKER_NAME = "evidencekit-index.json"
# Markers written before backends had names were all written by the Whoosh index.
UNNAMED_BACKEND = "whoosh"


class IndexDirectory:
    """One backend's view of its index folder at ``location``.

    :param backend: the backend's ``SearchIndex.name``, written into the marker.
    :param schema_version: bump it when the backend's schema or analysis changes: an index
        of another version is then rebuilt.
    :param unmarked_index_exists: for a backend whose indexes predate the marker: tells
        whether ``location`` holds such an index (it is then the backend's own, to be
        rebuilt, not a stranger's files to be refused).
    """

    def __init__(
        self,
        location: Path,
        backend: str,
        schema_version: int,
        unmarked_index_exists: Callable[[Path], bool] | None = None,
    ) -> None:
        self.location = location
        self.backend = backend
        self.schema_version = schema_version
        self._unmarked_index_exists = unmarked_index_exists or (lambda location: False)

    @property
    def marker(self) -> Path:
        return self.location / MARKER_NAME

    def rebuild_reason(self, check_files: Callable[[Path], str | None]) -> str | None:
        """Why the index here cannot be used as it is (a ``SearchIndex.rebuild_reason``),
        or ``None``; reads only, writes nothing.

        :param check_files: called with ``location`` once the marker is this backend's at
            this schema version; opens the index as a search would. It returns why the
            files cannot be used when it can tell (``None`` when they can) and may raise:
            whatever it raises is reported as damage, with the exception named.
        """
        reason = self._marker_problem()
        if reason is not None:
            return reason
        try:
            return check_files(self.location)
        except Exception as error:  # A damaged index raises whatever its files trip over.
            return f"the search index is damaged ({type(error).__name__}: {error})"

    def recreate(self, create_empty: Callable[[Path], None], **stamp: str) -> None:
        """Empty the folder, have ``create_empty(location)`` write an empty index there,
        and write the marker (``stamp`` adds to it, such as the library's version).

        Raises ``UsageError``, deleting nothing, when the folder holds files evidencekit
        did not write.
        """
        if not self.holds_only_our_files():
            raise UsageError(
                f"{self.location} holds files evidencekit did not write; it will not "
                "delete them to make its index there. Choose another --state."
            )
        shutil.rmtree(self.location, ignore_errors=True)
        self.location.mkdir(parents=True, exist_ok=True)
        create_empty(self.location)
        marker = {"backend": self.backend, "schema_version": self.schema_version, **stamp}
        self.marker.write_text(json.dumps(marker), encoding="utf-8")

    def holds_only_our_files(self) -> bool:
        """Whether the folder is missing, empty, or evidencekit's own (any backend's)."""
        if not self.location.exists() or not any(self.location.iterdir()):
            return True
        return self.marker.exists() or self._unmarked_index_exists(self.location)

    def size_bytes(self) -> int:
        """Bytes of the files directly in the folder (a ``SearchIndex.size_bytes``)."""
        return sum(entry.stat().st_size for entry in os.scandir(self.location) if entry.is_file())

    def _marker_problem(self) -> str | None:
        if not self.marker.exists():
            if self._unmarked_index_exists(self.location):
                return "the search index has no version marker"
            return "the search index is missing"
        try:
            recorded = json.loads(self.marker.read_text(encoding="utf-8"))
            version = recorded["schema_version"]
            backend = recorded.get("backend", UNNAMED_BACKEND)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return "the search index's version marker is unreadable"
        if backend != self.backend:
            return f"the search index there was made by {backend}, not {self.backend}"
        if version != self.schema_version:
            return f"the search index schema changed (version {version} -> {self.schema_version})"
        return None
