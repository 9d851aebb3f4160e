"""Keeps the search index in line with the catalog, which is the source of truth.

A file row's ``indexed`` flag moves from PENDING to IN_WRITER when its entry goes into the
open index writer and to COMMITTED once the index has committed it. A crash leaves at
worst IN_WRITER rows and removal tombstones, which the next run simply sends again.
"""

from __future__ import annotations

from evidencekit.hookspecs import SearchIndex
from evidencekit.store.catalog import Catalog

BATCH_SIZE = 200


class IndexSync:
    """Sends pending catalog changes to ``index`` and commits both sides together."""

    def __init__(self, catalog: Catalog, index: SearchIndex) -> None:
        self._catalog = catalog
        self._index = index
        self._removed: list[int] = []
        #: Files sent to the index since this object was made.
        self.files_sent = 0
        catalog.reset_uncommitted_index_writes()

    def push(self) -> int:
        """Write pending additions and removals into the index's open writer."""
        removals = self._catalog.pending_index_removals()
        fresh_removals = [file_id for file_id in removals if file_id not in self._removed]
        self._index.delete(fresh_removals)
        self._removed.extend(fresh_removals)
        pushed = 0
        for batch in self._catalog.files_to_index(BATCH_SIZE):
            self._index.add(batch)
            self._catalog.mark_in_writer(entry.file_id for entry in batch)
            pushed += len(batch)
        self.files_sent += pushed
        return pushed

    def commit(self) -> int:
        """Push what is pending, commit the index, then record that in the catalog."""
        pushed = self.push()
        self._index.commit()
        self._catalog.mark_committed(self._removed)
        self._removed = []
        return pushed


def rebuild_search_index(catalog: Catalog, index: SearchIndex) -> int:
    """Empty the index and refill it from the catalog's text; returns the files indexed."""
    catalog.mark_all_unindexed()
    index.clear()
    sync = IndexSync(catalog, index)
    sync.commit()
    return len(catalog.file_ids())
