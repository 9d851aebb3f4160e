"""The catalog's table of remembered queries: every file a mapping query matched, each with
its page, at the index generation it was found at (``evidencekit.store.query_memo``
decides when to search again).

What a query matches at one index generation is the same whoever searched, so a
long-running process (a watcher) may keep each query's matches decoded between batches
and read a row again only when its generation moved: decoding every match of 44 queries
cost about 4.5 s of a watcher's batch at 100,000 documents.
"""

from __future__ import annotations

import json
import sqlite3

from evidencekit.document_models import SearchHit

#: The ``hit_limit`` of remembered queries: every matching file is remembered.
_EVERY_MATCH = 0

Remembered = tuple[int, list[SearchHit]]


class RememberedQueries:
    """Each ``(backend, query)``'s generation and hits, in the catalog's database."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        #: Keep the hits in memory as last read or written here (a watcher sets it). Off
        #: for one-off commands: every query's hits would be held at once, raising their
        #: memory peaks, for no later use.
        self.kept_in_memory = False
        self._kept: dict[tuple[str, str], Remembered] = {}

    def get(self, backend: str, query: str) -> Remembered | None:
        """The generation and hits (every matching file) ``query`` was last remembered
        with, if it was."""
        key = (backend, query)
        kept = self._kept.get(key)
        row = self._db.execute(
            "SELECT generation, CASE WHEN generation = ? THEN NULL ELSE hits END"
            " FROM remembered_queries WHERE backend = ? AND query = ? AND hit_limit = ?",
            (kept[0] if kept is not None else -1, backend, query, _EVERY_MATCH),
        ).fetchone()
        if row is None:
            self._kept.pop(key, None)
            return None
        if row[1] is None and kept is not None:
            return kept
        hits = [
            SearchHit(path=path, page=page, score=score, snippet="", title=title)
            for path, page, score, title in json.loads(row[1])
        ]
        self._keep(key, row[0], hits)
        return row[0], hits

    def remember(self, backend: str, query: str, generation: int, hits: list[SearchHit]) -> None:
        packed = json.dumps([[hit.path, hit.page, hit.score, hit.title] for hit in hits])
        # Hits remembered under a limit, before every match was, are of no use any more.
        self._db.execute(
            "DELETE FROM remembered_queries WHERE backend = ? AND query = ?", (backend, query)
        )
        self._db.execute(
            "INSERT INTO remembered_queries"
            " (backend, query, hit_limit, generation, hits) VALUES (?, ?, ?, ?, ?)",
            (backend, query, _EVERY_MATCH, generation, packed),
        )
        self._keep((backend, query), generation, hits)

    def renew(self, backend: str, query: str, generation: int) -> None:
        """The hits remembered for ``query`` hold at ``generation`` too."""
        update = (
            "UPDATE remembered_queries SET generation = ?"
            " WHERE backend = ? AND query = ? AND hit_limit = ?"
        )
        kept = self._kept.pop((backend, query), None)
        if kept is not None:
            # What is kept here moves on with the row only if it was the row's.
            moved = self._db.execute(
                update + " AND generation = ?",
                (generation, backend, query, _EVERY_MATCH, kept[0]),
            ).rowcount
            if moved:
                self._keep((backend, query), generation, kept[1])
                return
        self._db.execute(update, (generation, backend, query, _EVERY_MATCH))

    def _keep(self, key: tuple[str, str], generation: int, hits: list[SearchHit]) -> None:
        if self.kept_in_memory:
            self._kept[key] = (generation, hits)
