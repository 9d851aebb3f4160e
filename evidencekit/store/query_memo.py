"""The mapping stage's searches, remembered in the catalog and brought up to date per file.

A query's hits are every file that matches it (the best page of each), kept with the index
generation they were found at. Asked again, only the files whose index entries changed
since are searched (``SearchIndex.search_files``), and their hits replace what was
remembered of them: a check after a few saved files costs a few files' searches, not every
query over the whole index. Every match is kept, not the best few, because which few rank
best depends on every file's score under the whole index's statistics; the mapping stage
chooses among them by an order that one file's change moves only where that file sits.
"""

from __future__ import annotations

from evidencekit.hookspecs import SearchIndex
from evidencekit.models import SearchHit
from evidencekit.store.catalog import Catalog

#: Past this share of the catalog changed, one search of the whole index costs less than
#: a search among the changed files.
MOST_CHANGED_SHARE = 0.25


class RememberedSearch:
    """``search(query)``: every file that matches, without snippets, remembered.

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
        self._present: set[str] | None = None

    def __call__(self, query: str) -> list[SearchHit]:
        remembered = self._catalog.remembered_query(self._index.name, query)
        if remembered is not None and remembered[0] == self._generation:
            return remembered[1]
        hits = self._updated(remembered, query)
        if hits is None:
            # No more files than the catalog holds can match: this limit is "all of them".
            hits = self._index.search(query, max(1, self._file_count), snippets=False)
        self._catalog.remember_query(self._index.name, query, self._generation, hits)
        return hits

    def _updated(
        self, remembered: tuple[int, list[SearchHit]] | None, query: str
    ) -> list[SearchHit] | None:
        """The remembered hits with those of the changed files searched again, or ``None``
        when a search of the whole index is needed (or cheaper)."""
        search_files = getattr(self._index, "search_files", None)
        if remembered is None or search_files is None:
            return None
        generation, hits = remembered
        changed = self._changed_after(generation)
        if len(changed) > MOST_CHANGED_SHARE * self._file_count:
            return None
        if self._present is None:
            self._present = self._catalog.paths()
        # A removed file is in the catalog no more; a changed one is searched again.
        kept = [hit for hit in hits if hit.path in self._present and hit.path not in changed]
        fresh = search_files(query, len(changed), changed.values()) if changed else []
        return kept + fresh

    def _changed_after(self, generation: int) -> dict[str, int]:
        if generation not in self._changed_since:
            self._changed_since[generation] = self._catalog.files_indexed_since(generation)
        return self._changed_since[generation]
