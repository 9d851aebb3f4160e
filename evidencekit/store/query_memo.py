"""The mapping stage's searches, remembered in the catalog and brought up to date per file.

A query's hits are kept with the index generation they were found at. Asked again, only
the files whose index entries changed since are searched (``SearchIndex.search_files``),
and their hits replace what was remembered of them: a check after a few saved files costs
a few files' searches, not every query over the whole index.
"""

from __future__ import annotations

from evidencekit.hookspecs import SearchIndex
from evidencekit.models import SearchHit
from evidencekit.store.catalog import Catalog

#: Past this share of the catalog changed, one search of the whole index costs less than
#: a search among the changed files.
MOST_CHANGED_SHARE = 0.25


class RememberedSearch:
    """``search(query, limit)`` without snippets, as the mappers ask it, remembered.

    Used while the writer lock is held, so that the index does not change between
    reading its generation and searching it.
    """

    def __init__(self, catalog: Catalog, index: SearchIndex) -> None:
        self._catalog = catalog
        self._index = index
        # Another process may have committed since this process's searcher opened.
        index.commit()
        self._generation = catalog.index_generation()
        self._file_count = len(catalog.file_ids())
        self._changed_since: dict[int, dict[str, int]] = {}

    def __call__(self, query: str, limit: int) -> list[SearchHit]:
        remembered = self._catalog.remembered_query(self._index.name, query, limit)
        if remembered is not None and remembered[0] == self._generation:
            return remembered[1]
        hits = self._updated(remembered, query, limit)
        if hits is None:
            hits = self._index.search(query, limit, snippets=False)
        self._catalog.remember_query(self._index.name, query, limit, self._generation, hits)
        return hits

    def _updated(
        self, remembered: tuple[int, list[SearchHit]] | None, query: str, limit: int
    ) -> list[SearchHit] | None:
        """The remembered hits with those of the changed files searched again, or ``None``
        when a search of the whole index is needed (or cheaper)."""
        search_files = getattr(self._index, "search_files", None)
        if remembered is None or search_files is None:
            return None
        generation, hits = remembered
        if len(hits) >= limit:
            return None  # Which hits made the cut depends on every file's score.
        changed = self._changed_after(generation)
        if len(changed) > MOST_CHANGED_SHARE * self._file_count:
            return None
        # A removed file's path is in no document any more, or belongs to a changed file.
        kept = [hit for hit in hits if hit.path not in changed]
        fresh = search_files(query, limit, changed.values()) if changed else []
        merged = kept + fresh
        return None if len(merged) >= limit else merged

    def _changed_after(self, generation: int) -> dict[str, int]:
        if generation not in self._changed_since:
            self._changed_since[generation] = self._catalog.files_indexed_since(generation)
        return self._changed_since[generation]
