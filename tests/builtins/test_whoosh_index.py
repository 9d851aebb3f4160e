"""The built-in Whoosh index: pages, ranking, snippets, filters, versioning and damage."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from evidencekit.builtins.whoosh_index import SCHEMA_VERSION, WhooshSearchIndex
from evidencekit.errors import SearchQueryError
from evidencekit.hookspecs import MARKER_NAME
from evidencekit.models import IndexEntry


def entry(file_id: int, path: str, *pages: str, title: str = "", when=datetime(2026, 3, 4)):
    suffix = path.rsplit(".", 1)[-1]
    return IndexEntry(file_id, path, f".{suffix}", title, when, tuple(pages))


@pytest.fixture
def index(tmp_path: Path) -> WhooshSearchIndex:
    opened = WhooshSearchIndex(tmp_path / "index")
    opened.clear()
    opened.add(
        [
            entry(1, "Policy/H&S Policy.pdf", "Commitment", "Signed by the owner", title="Policy"),
            entry(2, "Inspections/2026/site inspection.docx", "Guardrail missing on level 2"),
            entry(3, "Meetings/toolbox.txt", "Guardrail talk", when=datetime(2025, 6, 1)),
        ]
    )
    opened.commit()
    yield opened
    opened.close()


def test_a_new_index_says_it_was_missing_until_cleared(tmp_path: Path) -> None:
    missing = WhooshSearchIndex(tmp_path / "i")
    assert missing.rebuild_reason == "the search index is missing"
    assert missing.search("anything", 10) == []
    missing.clear()
    assert WhooshSearchIndex(tmp_path / "i").rebuild_reason is None


def test_it_never_deletes_files_it_did_not_write(tmp_path: Path) -> None:
    from evidencekit.errors import UsageError

    precious = tmp_path / "i" / "inspection.pdf"
    precious.parent.mkdir()
    precious.write_text("evidence")
    with pytest.raises(UsageError, match="did not write"):
        WhooshSearchIndex(tmp_path / "i").clear()
    assert precious.read_text() == "evidence"


def test_hits_name_the_best_page_once_per_file(index: WhooshSearchIndex) -> None:
    hits = index.search('"signed by the owner"', 10)
    assert [(hit.path, hit.page, hit.title) for hit in hits] == [
        ("Policy/H&S Policy.pdf", 2, "Policy")
    ]
    assert hits[0].snippet == "**Signed** by the **owner**"


def test_stemming_finds_other_forms_of_a_word(index: WhooshSearchIndex) -> None:
    assert {hit.path for hit in index.search("guardrails", 10)} == {
        "Inspections/2026/site inspection.docx",
        "Meetings/toolbox.txt",
    }


def test_filters_by_folder_type_and_date(index: WhooshSearchIndex) -> None:
    assert [h.path for h in index.search("guardrail folder:inspections/2026", 10)] == [
        "Inspections/2026/site inspection.docx"
    ]
    assert [h.path for h in index.search("filetype:txt", 10)] == ["Meetings/toolbox.txt"]
    assert [h.path for h in index.search("guardrail modified:[2025-01 to 2025-12]", 10)] == [
        "Meetings/toolbox.txt"
    ]
    assert [h.path for h in index.search("filename:toolbox", 10)] == ["Meetings/toolbox.txt"]


def test_replacing_and_deleting_entries(index: WhooshSearchIndex) -> None:
    index.add([entry(2, "Inspections/2026/site inspection.docx", "All clear")])
    index.delete([3])
    index.commit()
    assert index.search("guardrail", 10) == []
    assert index.file_ids() == {1, 2}


def test_uncommitted_writes_are_not_visible_and_close_discards_them(tmp_path: Path) -> None:
    first = WhooshSearchIndex(tmp_path / "i")
    first.clear()
    first.add([entry(9, "a.txt", "unsaved words")])
    assert first.search("unsaved", 10) == []
    first.close()
    assert WhooshSearchIndex(tmp_path / "i").file_ids() == set()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("modified:2025-06", ["Meetings/toolbox.txt"]),
        ("modified:[2025-06-02 to 2026-03-03]", []),
        ("modified:[2026-03 to 2026-03]", ["H&S Policy.pdf", "site inspection.docx"]),
        ("modified:>2025-12-31", ["H&S Policy.pdf", "site inspection.docx"]),
        ("modified:<2025-07", ["toolbox.txt"]),
    ],
)
def test_dates_are_read_to_the_day_month_or_year(index, query: str, found: list[str]) -> None:
    names = sorted(hit.path.rsplit("/", 1)[-1] for hit in index.search(query, 10))
    assert names == sorted(name.rsplit("/", 1)[-1] for name in found)


@pytest.mark.parametrize("query", ["modified:garbage", "modified:[not a date to nope]"])
def test_a_date_that_cannot_be_read_is_a_clear_error(index, query: str) -> None:
    with pytest.raises(SearchQueryError, match=r"cannot (read the date|understand the query)"):
        index.search(query, 10)


def test_a_different_schema_version_asks_for_a_rebuild(tmp_path: Path) -> None:
    WhooshSearchIndex(tmp_path / "i").clear()
    (tmp_path / "i" / MARKER_NAME).write_text(json.dumps({"schema_version": 0}))
    reopened = WhooshSearchIndex(tmp_path / "i")
    assert reopened.rebuild_reason == (
        f"the search index schema changed (version 0 -> {SCHEMA_VERSION})"
    )
    assert reopened.file_ids() == set()


def test_an_index_another_backend_made_asks_for_a_rebuild(tmp_path: Path) -> None:
    WhooshSearchIndex(tmp_path / "i").clear()
    marker = {"backend": "tantivy", "schema_version": SCHEMA_VERSION}
    (tmp_path / "i" / MARKER_NAME).write_text(json.dumps(marker))
    reopened = WhooshSearchIndex(tmp_path / "i")
    assert reopened.rebuild_reason == "the search index there was made by tantivy, not whoosh"
    reopened.clear()  # its files are evidencekit's own: they may go
    assert WhooshSearchIndex(tmp_path / "i").rebuild_reason is None


def test_a_damaged_index_asks_for_a_rebuild(index: WhooshSearchIndex, tmp_path: Path) -> None:
    index.close()
    for toc in (tmp_path / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    reopened = WhooshSearchIndex(tmp_path / "index")
    assert reopened.rebuild_reason.startswith("the search index is damaged")
    assert reopened.search("guardrail", 10) == []


def test_a_commit_shows_what_another_process_committed(
    index: WhooshSearchIndex, tmp_path: Path
) -> None:
    assert [hit.path for hit in index.search("scaffold", 10)] == []
    other = WhooshSearchIndex(tmp_path / "index")  # A scan beside a long-running watcher.
    other.add([entry(4, "Inspections/scaffold.txt", "Scaffold tagged")])
    other.commit()
    other.close()
    index.commit()  # Nothing of its own to write.
    assert [hit.path for hit in index.search("scaffold", 10)] == ["Inspections/scaffold.txt"]


def test_a_commit_after_searching_an_empty_index_keeps_working(tmp_path: Path) -> None:
    empty = WhooshSearchIndex(tmp_path / "index")
    empty.clear()
    assert empty.search("scaffold", 10) == []
    empty.add([entry(1, "Inspections/scaffold.txt", "Scaffold tagged")])
    empty.commit()
    assert [hit.path for hit in empty.search("scaffold", 10)] == ["Inspections/scaffold.txt"]
    empty.close()
