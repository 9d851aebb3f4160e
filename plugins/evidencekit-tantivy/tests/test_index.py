"""The tantivy index: evidencekit's SearchIndex contract, with the same cases the built-in
Whoosh index passes, and what only tantivy does (taking over Whoosh's folder, finding the
same pages as Whoosh for the same query)."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidencekit_tantivy.index import TantivySearchIndex

from evidencekit.builtins.whoosh_index import WhooshSearchIndex
from evidencekit.errors import SearchQueryError
from evidencekit.testing import SearchIndexContract, index_entry


class TestTantivySearchIndex(SearchIndexContract):
    def open_index(self, location: Path) -> TantivySearchIndex:
        return TantivySearchIndex(location)

    def damage(self, location: Path) -> None:
        (location / "meta.json").write_text("garbage")

    @pytest.mark.parametrize("query", ["modified:garbage", "modified:[not a date to nope]"])
    def test_a_date_that_cannot_be_read_is_named_as_a_date(self, tmp_path: Path, query: str):
        with pytest.raises(SearchQueryError, match=r"cannot read the date"):
            self.filled(tmp_path / "index").search(query, 10)

    def test_whooshs_files_ask_for_a_rebuild_and_may_be_replaced(self, tmp_path: Path) -> None:
        whoosh = WhooshSearchIndex(tmp_path / "i")
        whoosh.clear()
        whoosh.close()
        reopened = TantivySearchIndex(tmp_path / "i")
        assert reopened.rebuild_reason == "the search index there was made by whoosh, not tantivy"
        reopened.clear()
        reopened.add(self.entries)
        reopened.commit()
        assert reopened.file_ids() == {1, 2, 3}
        assert WhooshSearchIndex(tmp_path / "i").rebuild_reason == (
            "the search index there was made by tantivy, not whoosh"
        )


TRICKY = [
    index_entry(1, "a.txt", "Supervisor reviews FLHAs each shift and signs them"),
    index_entry(2, "b.txt", "Health & Safety Policy, signed March 2026"),
    index_entry(3, "c.txt", "Inspected in the first week; checklist attached"),
    index_entry(4, "d.txt", "Weekly inspection checklist, inspected by the JHSC co-chair"),
    index_entry(5, "e.txt", "Pre-qualification of subcontractors; WCB clearance letters on file"),
    index_entry(6, "f.txt", "Version 3.2 of the e.g. guideline"),
]


@pytest.mark.parametrize(
    "query",
    [
        "flha",
        "FLHA AND supervisor AND (reviewed OR signature OR signed)",
        '"health and safety policy"',
        "weekly",
        "inspected AND (weekly OR monthly) AND checklist",
        '"co-chair"',
        "pre-qualification",
        '"pre-qualification" OR "WCB clearance"',
        "3.2",
        "e.g",
        "the of and",
    ],
)
def test_both_backends_find_the_same_pages(tmp_path: Path, query: str) -> None:
    found = {}
    for backend in (WhooshSearchIndex, TantivySearchIndex):
        index = backend(tmp_path / backend.name)
        index.clear()
        index.add(TRICKY)
        index.commit()
        found[backend.name] = {(hit.path, hit.page) for hit in index.search(query, 10)}
        index.close()
    assert found["tantivy"] == found["whoosh"]
