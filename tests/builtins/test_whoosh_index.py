"""The built-in Whoosh index: the SearchIndex contract, and what only Whoosh's files need."""

from __future__ import annotations

import json
import os
import random
from datetime import datetime
from pathlib import Path

import pytest

from evidencekit.builtins.whoosh_index import MULTIPROCESS_BATCH, SCHEMA_VERSION, WhooshSearchIndex
from evidencekit.hookspecs import MARKER_NAME
from evidencekit.models import IndexEntry
from evidencekit.testing import SearchIndexContract


class TestWhooshSearchIndex(SearchIndexContract):
    def open_index(self, location: Path) -> WhooshSearchIndex:
        return WhooshSearchIndex(location)

    def damage(self, location: Path) -> None:
        for toc in location.glob("_MAIN_*.toc"):
            toc.write_bytes(b"garbage")


def test_a_marker_from_before_backends_had_names_is_whooshs_own(tmp_path: Path) -> None:
    WhooshSearchIndex(tmp_path / "i").clear()
    (tmp_path / "i" / MARKER_NAME).write_text(json.dumps({"schema_version": 0}))
    reopened = WhooshSearchIndex(tmp_path / "i")
    assert reopened.rebuild_reason == (
        f"the search index schema changed (version 0 -> {SCHEMA_VERSION})"
    )
    assert reopened.file_ids() == set()


def test_an_index_from_before_the_marker_is_rebuilt_not_refused(tmp_path: Path) -> None:
    WhooshSearchIndex(tmp_path / "i").clear()
    (tmp_path / "i" / MARKER_NAME).unlink()
    reopened = WhooshSearchIndex(tmp_path / "i")
    assert reopened.rebuild_reason == "the search index has no version marker"
    reopened.clear()  # Whoosh's own files, though unmarked: they may go
    assert WhooshSearchIndex(tmp_path / "i").rebuild_reason is None


QUERIES = [
    "inspection",
    "ladder OR scaffold",
    '"toolbox talk"',
    "inspection NOT ladder",
    "title:policy",
    "folder:field* inspection",
    "filetype:pdf AND ladder",
    "modified:[2025-01 to 2025-06] inspection",
    '"corrective action" OR guardrail',
]
WORDS = [
    "inspection",
    "ladder",
    "scaffold",
    "toolbox",
    "talk",
    "guardrail",
    "corrective",
    "action",
    "policy",
    "harness",
    "site",
    "weekly",
]


def _entries() -> list[IndexEntry]:
    rng = random.Random(7)
    entries = []
    for file_id in range(1, 61):
        pages = tuple(
            " ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 60)))
            for _ in range(rng.randrange(1, 5))
        )
        folder = rng.choice(["field", "office", "fieldwork/2025"])
        suffix = rng.choice([".pdf", ".docx", ".txt"])
        entries.append(
            IndexEntry(
                file_id,
                f"{folder}/doc {file_id}{suffix}",
                suffix,
                rng.choice(["", "Safety policy", "Site inspection"]),
                datetime(2025, rng.randrange(1, 13), 1),
                pages,
            )
        )
    return entries


def test_the_files_a_query_matches_are_the_same_asked_of_some_files_or_of_all(
    tmp_path: Path,
) -> None:
    index = WhooshSearchIndex(tmp_path / "i")
    index.clear()
    entries = _entries()
    # Committed in three parts: the index has several segments, and a file replaced.
    for part in (entries[:20], entries[20:45], entries[45:], entries[5:8]):
        index.add(part)
        index.commit()
    some = {3, 6, 7, 21, 22, 40, 59}
    paths = {entry.path for entry in entries if entry.file_id in some}
    for query in QUERIES:
        every = index.matching_files(query)
        # The same files as a search finds, however many.
        assert {hit.path for hit in every} == {
            hit.path for hit in index.search(query, 1000, snippets=False)
        }, query
        among_some = [hit for hit in every if hit.path in paths]
        assert among_some, query
        assert index.matching_files(query, some) == among_some, query


def test_a_files_matching_page_is_where_its_words_occur_most_whatever_the_other_files_say(
    tmp_path: Path,
) -> None:
    """The best-scoring page of a file moves when other files change how rare each word
    is; the page where the query's words occur most often does not (the first on a tie),
    so what is remembered of a file stays true."""
    index = WhooshSearchIndex(tmp_path / "i")
    index.clear()
    when = datetime(2025, 1, 1)
    tied = IndexEntry(1, "tied.pdf", ".pdf", "", when, ("alpha " * 9, "beta " * 9))
    later = IndexEntry(2, "later.pdf", ".pdf", "", when, ("contents: alpha", "alpha " * 5))
    alphas = (IndexEntry(i, f"alpha {i}.txt", ".txt", "", when, ("alpha",)) for i in range(3, 8))
    index.add([tied, later, *alphas])
    index.commit()
    first = index.matching_files("alpha OR beta")
    best = index.search("alpha OR beta", 100, snippets=False)
    index.add(IndexEntry(i, f"beta {i}.txt", ".txt", "", when, ("beta",)) for i in range(8, 40))
    index.commit()
    again = index.matching_files("alpha OR beta")
    best_again = index.search("alpha OR beta", 100, snippets=False)

    def page_of(hits: list, path: str) -> int:
        return next(hit.page for hit in hits if hit.path == path)

    assert page_of(best, "tied.pdf") != page_of(best_again, "tied.pdf"), "the case moves nothing"
    assert page_of(first, "tied.pdf") == page_of(again, "tied.pdf") == 1
    assert page_of(first, "later.pdf") == page_of(again, "later.pdf") == 2


def test_a_prefix_query_counts_its_words_on_each_page_as_other_queries_do(tmp_path: Path) -> None:
    """A prefix's words score by a constant, or by the whole index's rarity once the index
    is large, unless told to count: the page chosen would move as other files came in."""
    index = WhooshSearchIndex(tmp_path / "i")
    index.clear()
    when = datetime(2025, 1, 1)
    pages = ("discipline discipline discipline warning", "disciplinary disciplinary warning")
    index.add([IndexEntry(1, "a.pdf", ".pdf", "", when, pages)])
    index.commit()
    query = "disciplin* AND warning"
    alone = index.matching_files(query)
    index.add(
        IndexEntry(i, f"other {i}.txt", ".txt", "", when, ("discipline " + "filler " * (i % 7),))
        for i in range(2, 60)
    )
    index.commit()
    assert [hit.page for hit in alone] == [1]  # "discipline" three times
    assert [hit.page for hit in index.matching_files(query, [1])] == [1]
    assert [hit.page for hit in index.matching_files(query) if hit.path == "a.pdf"] == [1]


def test_a_tie_goes_to_the_first_page_when_the_parallel_writer_splits_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # the parallel writer on any machine
    index = WhooshSearchIndex(tmp_path / "i")
    index.clear()
    when = datetime(2025, 1, 1)
    pages = ("alpha one", "alpha two", "alpha three")
    batch = [IndexEntry(i, f"f{i}.pdf", ".pdf", "", when, pages) for i in range(1, 260)]
    assert len(batch) >= MULTIPROCESS_BATCH, "the batch must go to the parallel writer"
    index.add(batch)
    index.commit()
    found = index.matching_files("alpha")
    assert len(found) == len(batch)
    assert {hit.page for hit in found} == {1}, "a tie goes to the file's first page"


def test_an_empty_index_matches_nothing(tmp_path: Path) -> None:
    index = WhooshSearchIndex(tmp_path / "i")
    index.clear()
    assert index.matching_files("policy") == []
    assert index.matching_files("policy", [1, 2]) == []
