"""The tantivy index: the same pages, ranking rules, snippets, filters, versioning and damage
handling as the built-in Whoosh index, checked with the same cases."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from evidencekit_tantivy.index import SCHEMA_VERSION, TantivySearchIndex

from evidencekit.builtins.whoosh_index import WhooshSearchIndex
from evidencekit.errors import SearchQueryError, UsageError
from evidencekit.hookspecs import MARKER_NAME
from evidencekit.models import IndexEntry


def entry(file_id: int, path: str, *pages: str, title: str = "", when=datetime(2026, 3, 4)):
    suffix = path.rsplit(".", 1)[-1]
    return IndexEntry(file_id, path, f".{suffix}", title, when, tuple(pages))


ENTRIES = [
    entry(1, "Policy/H&S Policy.pdf", "Commitment", "Signed by the owner", title="Policy"),
    entry(2, "Inspections/2026/site inspection.docx", "Guardrail missing on level 2"),
    entry(3, "Meetings/toolbox.txt", "Guardrail talk", when=datetime(2025, 6, 1)),
]


@pytest.fixture
def index(tmp_path: Path) -> TantivySearchIndex:
    opened = TantivySearchIndex(tmp_path / "index")
    opened.clear()
    opened.add(ENTRIES)
    opened.commit()
    yield opened
    opened.close()


def test_a_new_index_says_it_was_missing_until_cleared(tmp_path: Path) -> None:
    missing = TantivySearchIndex(tmp_path / "i")
    assert missing.rebuild_reason == "the search index is missing"
    assert missing.search("anything", 10) == []
    assert list((tmp_path / "i").glob("*")) == []  # opening wrote nothing
    missing.clear()
    assert TantivySearchIndex(tmp_path / "i").rebuild_reason is None


def test_it_never_deletes_files_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "i" / "inspection.pdf"
    precious.parent.mkdir()
    precious.write_text("evidence")
    with pytest.raises(UsageError, match="did not write"):
        TantivySearchIndex(tmp_path / "i").clear()
    assert precious.read_text() == "evidence"


def test_hits_name_the_best_page_once_per_file(index: TantivySearchIndex) -> None:
    hits = index.search('"signed by the owner"', 10)
    assert [(hit.path, hit.page, hit.title) for hit in hits] == [
        ("Policy/H&S Policy.pdf", 2, "Policy")
    ]
    assert hits[0].snippet == "**Signed** by the **owner**"


def test_stemming_finds_other_forms_of_a_word(index: TantivySearchIndex) -> None:
    assert {hit.path for hit in index.search("guardrails", 10)} == {
        "Inspections/2026/site inspection.docx",
        "Meetings/toolbox.txt",
    }


def test_filters_by_folder_type_and_date(index: TantivySearchIndex) -> None:
    assert [h.path for h in index.search("guardrail folder:inspections/2026", 10)] == [
        "Inspections/2026/site inspection.docx"
    ]
    assert [h.path for h in index.search('folder:"Inspections"', 10)] == [
        "Inspections/2026/site inspection.docx"
    ]
    assert [h.path for h in index.search("filetype:txt", 10)] == ["Meetings/toolbox.txt"]
    assert [h.path for h in index.search("guardrail modified:[2025-01 to 2025-12]", 10)] == [
        "Meetings/toolbox.txt"
    ]
    assert [h.path for h in index.search("filename:toolbox", 10)] == ["Meetings/toolbox.txt"]
    assert [h.path for h in index.search("title:policy", 10)] == ["Policy/H&S Policy.pdf"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("guardrail OR commitment", {"site inspection.docx", "toolbox.txt", "H&S Policy.pdf"}),
        ("guardrail NOT talk", {"site inspection.docx"}),
        ("guardrail AND NOT talk", {"site inspection.docx"}),
        ("NOT filetype:pdf", {"site inspection.docx", "toolbox.txt"}),
        ("(talk OR missing) guardrail", {"site inspection.docx", "toolbox.txt"}),
        ("talk OR missing level", {"site inspection.docx"}),
        ("guard*", {"site inspection.docx", "toolbox.txt"}),
        ('"guardrail talk"', {"toolbox.txt"}),
        ('"talk guardrail"', set()),
        ("the", set()),  # only a stop word: nothing to search for
    ],
)
def test_or_not_groups_phrases_and_wildcards(
    index: TantivySearchIndex, query: str, found: set[str]
) -> None:
    assert {hit.path.rsplit("/", 1)[-1] for hit in index.search(query, 10)} == found


def test_replacing_and_deleting_entries(index: TantivySearchIndex) -> None:
    index.add([entry(2, "Inspections/2026/site inspection.docx", "All clear")])
    index.delete([3])
    index.commit()
    assert index.search("guardrail", 10) == []
    assert index.file_ids() == {1, 2}


def test_uncommitted_writes_are_not_visible_and_close_discards_them(tmp_path: Path) -> None:
    first = TantivySearchIndex(tmp_path / "i")
    first.clear()
    first.add([entry(9, "a.txt", "unsaved words")])
    assert first.search("unsaved", 10) == []
    first.close()
    assert TantivySearchIndex(tmp_path / "i").file_ids() == set()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("modified:2025-06", ["Meetings/toolbox.txt"]),
        ("modified:[2025-06-02 to 2026-03-03]", []),
        ("modified:[2026-03 to 2026-03]", ["H&S Policy.pdf", "site inspection.docx"]),
        ("modified:>2025-12-31", ["H&S Policy.pdf", "site inspection.docx"]),
        ("modified:<2025-07", ["toolbox.txt"]),
        ("modified:[2026 to]", ["H&S Policy.pdf", "site inspection.docx"]),
    ],
)
def test_dates_are_read_to_the_day_month_or_year(index, query: str, found: list[str]) -> None:
    names = sorted(hit.path.rsplit("/", 1)[-1] for hit in index.search(query, 10))
    assert names == sorted(name.rsplit("/", 1)[-1] for name in found)


@pytest.mark.parametrize("query", ["modified:garbage", "modified:[not a date to nope]"])
def test_a_date_that_cannot_be_read_is_a_clear_error(index, query: str) -> None:
    with pytest.raises(SearchQueryError, match=r"cannot read the date"):
        index.search(query, 10)


def test_a_different_schema_version_asks_for_a_rebuild(tmp_path: Path) -> None:
    TantivySearchIndex(tmp_path / "i").clear()
    (tmp_path / "i" / MARKER_NAME).write_text(
        json.dumps({"backend": "tantivy", "schema_version": 0})
    )
    reopened = TantivySearchIndex(tmp_path / "i")
    assert reopened.rebuild_reason == (
        f"the search index schema changed (version 0 -> {SCHEMA_VERSION})"
    )
    assert reopened.file_ids() == set()


def test_whooshs_files_ask_for_a_rebuild_and_may_be_replaced(tmp_path: Path) -> None:
    whoosh = WhooshSearchIndex(tmp_path / "i")
    whoosh.clear()
    whoosh.close()
    reopened = TantivySearchIndex(tmp_path / "i")
    assert reopened.rebuild_reason == "the search index there was made by whoosh, not tantivy"
    reopened.clear()
    reopened.add(ENTRIES)
    reopened.commit()
    assert reopened.file_ids() == {1, 2, 3}
    assert WhooshSearchIndex(tmp_path / "i").rebuild_reason == (
        "the search index there was made by tantivy, not whoosh"
    )


def test_a_damaged_index_asks_for_a_rebuild(index: TantivySearchIndex, tmp_path: Path) -> None:
    index.close()
    (tmp_path / "index" / "meta.json").write_text("garbage")
    reopened = TantivySearchIndex(tmp_path / "index")
    assert reopened.rebuild_reason.startswith("the search index is damaged")
    assert reopened.search("guardrail", 10) == []


def test_a_commit_shows_what_another_process_committed(
    index: TantivySearchIndex, tmp_path: Path
) -> None:
    assert [hit.path for hit in index.search("scaffold", 10)] == []
    other = TantivySearchIndex(tmp_path / "index")  # A scan beside a long-running watcher.
    other.add([entry(4, "Inspections/scaffold.txt", "Scaffold tagged")])
    other.commit()
    other.close()
    index.commit()  # Nothing of its own to write.
    assert [hit.path for hit in index.search("scaffold", 10)] == ["Inspections/scaffold.txt"]


def test_a_commit_after_searching_an_empty_index_keeps_working(tmp_path: Path) -> None:
    empty = TantivySearchIndex(tmp_path / "index")
    empty.clear()
    assert empty.search("scaffold", 10) == []
    empty.add([entry(1, "Inspections/scaffold.txt", "Scaffold tagged")])
    empty.commit()
    assert [hit.path for hit in empty.search("scaffold", 10)] == ["Inspections/scaffold.txt"]
    empty.close()


def test_many_pages_of_one_file_still_leave_room_for_other_files(tmp_path: Path) -> None:
    index = TantivySearchIndex(tmp_path / "i")
    index.clear()
    index.add(
        [
            entry(1, "big.pdf", *["ladder ladder ladder"] * 30),
            entry(2, "small.txt", "ladder"),
        ]
    )
    index.commit()
    assert [hit.path for hit in index.search("ladder", 2)] == ["big.pdf", "small.txt"]
    assert index.size_bytes() > 0
    index.close()


def test_long_pages_show_the_best_fragments_only(tmp_path: Path) -> None:
    filler = "Crew reviewed the site plan and the weather. " * 20
    page = f"{filler}Guardrail loose at the east stair. {filler}Guardrail fixed by noon. {filler}"
    index = TantivySearchIndex(tmp_path / "i")
    index.clear()
    index.add([entry(1, "insp.txt", page)])
    index.commit()
    (hit,) = index.search("guardrail", 5)
    first, second = hit.snippet.split(" … ")
    assert "**Guardrail** loose at the east stair." in first
    assert "**Guardrail** fixed by noon." in second
    assert len(hit.snippet) < 400
    (plain,) = index.search("guardrail", 5, snippets=False)
    assert plain.snippet == ""
    index.close()


def test_fragments_that_overlap_are_shown_once(tmp_path: Path) -> None:
    page = (
        "Required training. Supervisor: Orientation, WHMIS 2015, Fall Protection, First Aid, "
        "Ground Disturbance. Worker: Orientation, WHMIS 2015, Fall Protection, and that is all "
        "the office asks of a new worker before the first shift."
    )
    index = TantivySearchIndex(tmp_path / "i")
    index.clear()
    index.add([entry(1, "crew.xlsx", page)])
    index.commit()
    (hit,) = index.search('whmis "fall protection"', 5)
    assert " … " not in hit.snippet
    assert hit.snippet.count("Ground Disturbance") == 1
    assert hit.snippet.count("**WHMIS**") == 2
    index.close()


TRICKY = [
    entry(1, "a.txt", "Supervisor reviews FLHAs each shift and signs them"),
    entry(2, "b.txt", "Health & Safety Policy, signed March 2026"),
    entry(3, "c.txt", "Inspected in the first week; checklist attached"),
    entry(4, "d.txt", "Weekly inspection checklist, inspected by the JHSC co-chair"),
    entry(5, "e.txt", "Pre-qualification of subcontractors; WCB clearance letters on file"),
    entry(6, "f.txt", "Version 3.2 of the e.g. guideline"),
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
