"""The mapping stage's searches, remembered in the catalog and brought up to date per file.

A query's hits are every file that matches it (each with its page where the query's words
occur most often, a choice that depends on the file alone), kept with the index generation
they were found at. Asked again, only the files whose index entries changed since are
searched (``SearchIndex.matching_files``), and their hits replace what was remembered of
them: a check after a few saved files costs a few files' searches, not every query over
the whole index, and gives what a search of the whole index gives. The mapping stage
chooses among the matches by an order that one file's change moves only where that file
sits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from evidencekit.document_models import SearchHit
from evidencekit.hookspecs import SearchIndex
from evidencekit.store.catalog import Catalog

#: Past this share of the catalog changed, one search of the whole index costs less than
#: a search among the changed files.
MOST_CHANGED_SHARE = 0.25
#: A backend without ``matching_files`` is asked for its best files again after every
#: change; more than a mapper links (``HITS_PER_QUERY``) would only cost time.
BEST_FILES_WITHOUT_MATCHING = 2000

Matching = Callable[[str, Iterable[int] | None], list[SearchHit]]


class RememberedSearch:
    """``search(query)``: the files that match, without snippets, remembered.

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
        remembered = self._catalog.queries.get(self._index.name, query)
        if remembered is not None and remembered[0] == self._generation:
            return remembered[1]
        matching: Matching | None = getattr(self._index, "matching_files", None)
        if matching is None:
            hits = self._index.search(query, BEST_FILES_WITHOUT_MATCHING, snippets=False)
        else:
            hits = self._updated(remembered, query, matching)
            if hits is None:
                hits = matching(query, None)
            elif hits is remembered[1]:  # Nothing this query matches changed.
                self._catalog.queries.renew(self._index.name, query, self._generation)
                return hits
        self._catalog.queries.remember(self._index.name, query, self._generation, hits)
        return hits

    def _updated(
        self, remembered: tuple[int, list[SearchHit]] | None, query: str, matching: Matching
    ) -> list[SearchHit] | None:
        """The remembered hits with those of the changed files searched again (the same
        list when none of them changed), or ``None`` when a search of the whole index is
        needed (or cheaper)."""
        if remembered is None:
            return None
        generation, hits = remembered
        changed = self._changed_after(generation)
        if len(changed) > MOST_CHANGED_SHARE * self._file_count:
            return None
        if self._present is None:
            self._present = self._catalog.paths()
        # A removed file is in the catalog no more; a changed one is searched again.
        kept = [hit for hit in hits if hit.path in self._present and hit.path not in changed]
        fresh = matching(query, changed.values()) if changed else []
        if not fresh and len(kept) == len(hits):
            return hits
        return kept + fresh

    def _changed_after(self, generation: int) -> dict[str, int]:
        if generation not in self._changed_since:
            self._changed_since[generation] = self._catalog.files_indexed_since(generation)
        return self._changed_since[generation]
