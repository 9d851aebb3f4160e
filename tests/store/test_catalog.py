"""The catalog: the source of truth is never replaced behind the user's back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from evidencekit.errors import CatalogError
from evidencekit.models import Recurrence
from evidencekit.plugins import make_plugin_manager
from evidencekit.store.catalog import Catalog, _pack_pages, _unpack_pages
from evidencekit.workspace import open_workspace
from tests.documents import write_text


def test_a_damaged_catalog_is_reported_and_left_untouched(tmp_path: Path) -> None:
    damaged = tmp_path / "catalog.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    before = damaged.read_bytes()
    with pytest.raises(CatalogError, match="cannot be read") as raised:
        Catalog(damaged)
    assert "left in place" in str(raised.value)
    assert damaged.read_bytes() == before


def test_a_catalog_from_another_version_is_refused(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite3")
    catalog.set_meta("schema_version", "99")
    catalog.close()
    with pytest.raises(CatalogError, match="schema version 99"):
        Catalog(tmp_path / "c.sqlite3")


MANUAL = (
    "Health and Safety Program Manual\n"
    "Revision date: 2026-01-10.\n"
    "An emergency drill is held at least every six months.\n"
)


def facts_of(evidence: Path, state: Path, name: str):
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as workspace:
        return {facts.path: facts for facts in workspace.document_facts()}[name]


def test_document_content_survives_the_catalog(evidence: Path, state: Path, scan) -> None:
    write_text(evidence / "HS Program Manual.txt", MANUAL)
    scan()
    (promise,) = facts_of(evidence, state, "HS Program Manual.txt").content.promises
    assert (promise.doc_type, promise.recurrence) == ("drill-record", Recurrence.HALF_YEARLY)


def test_facts_from_before_the_content_column_are_recomputed(
    evidence: Path, state: Path, scan
) -> None:
    write_text(evidence / "HS Program Manual.txt", MANUAL)
    scan()
    facts_of(evidence, state, "HS Program Manual.txt")
    catalog_path = next(state.glob("catalog.sqlite*"))
    with sqlite3.connect(catalog_path) as db:  # the facts table as an older version made it
        db.execute("ALTER TABLE facts DROP COLUMN content")
    assert facts_of(evidence, state, "HS Program Manual.txt").content.promises


def as_version_1(catalog_path: Path) -> None:
    """Rewrite a catalog's page texts as version 1 kept them: one plain row per page."""
    with sqlite3.connect(catalog_path) as db:
        db.execute(
            "CREATE TABLE pages (content_key TEXT NOT NULL, number INTEGER NOT NULL,"
            " text TEXT NOT NULL, PRIMARY KEY (content_key, number)) WITHOUT ROWID"
        )
        for content_key, packed in db.execute("SELECT content_key, pages FROM page_texts"):
            for number, text in enumerate(_unpack_pages(packed), start=1):
                db.execute("INSERT INTO pages VALUES (?, ?, ?)", (content_key, number, text))
        db.execute("DROP TABLE page_texts")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")


def test_a_version_1_catalog_keeps_its_texts_when_opened(
    evidence: Path, state: Path, scan, run_cli
) -> None:
    write_text(evidence / "HS Program Manual.txt", MANUAL)
    write_text(evidence / "Drill record.txt", "Emergency drill record\nHeld 2026-03-25.\n")
    scan()
    before = run_cli("search", evidence, "drill", "--json")
    as_version_1(next(state.glob("catalog.sqlite*")))

    # reindex refills the search index from the catalog's texts alone.
    assert run_cli("reindex", evidence).exit_code == 0
    after = run_cli("search", evidence, "drill", "--json")
    assert after.exit_code == 0, after.output
    assert after.output == before.output
    assert facts_of(evidence, state, "HS Program Manual.txt").content.promises
    with sqlite3.connect(next(state.glob("catalog.sqlite*"))) as db:
        (version,) = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert version == "2"
    assert "pages" not in tables


def test_page_breaks_and_unusual_text_come_back_exactly() -> None:
    pages = ("first page\n\twith a tab", "", 'quotes " and \\ and \x00 and émoji 🦺', "x" * 10_000)
    assert _unpack_pages(_pack_pages(pages)) == pages


def test_a_reading_the_user_corrected_survives_rescans_and_follows_moves(
    evidence: Path, state: Path, scan
) -> None:
    write_text(evidence / "notes.txt", "Notes from the yard. Printed 2025-01-02.")
    scan()
    assert facts_of(evidence, state, "notes.txt").doc_type == "other"
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(evidence, state, plugin_manager) as workspace, workspace.writing():
        workspace.catalog.correct_reading("notes.txt", "safety-meeting", None)
        workspace.catalog.correct_reading("notes.txt", None, "2026-03-04")
    write_text(evidence / "notes.txt", "Notes from the yard, copied out again. 2025-01-02.")
    scan()
    (evidence / "Archive").mkdir()
    (evidence / "notes.txt").rename(evidence / "Archive" / "notes.txt")
    assert scan().moved == 1

    facts = facts_of(evidence, state, "Archive/notes.txt")

    assert (facts.doc_type, facts.date, facts.date_source) == (
        "safety-meeting",
        "2026-03-04",
        "user",
    )
    assert facts.type_cue.startswith("corrected by the user (read as other: ")
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as workspace:
        (record,) = workspace.documents()
        assert (record.doc_type, record.date, record.date_source) == (
            "safety-meeting",
            "2026-03-04",
            "user",
        )
        with workspace.writing():
            assert workspace.catalog.forget_reading_correction("Archive/notes.txt")
    facts = facts_of(evidence, state, "Archive/notes.txt")
    assert (facts.doc_type, facts.date, facts.date_source) == ("other", "2025-01-02", "content")


def test_a_text_read_again_is_read_again_for_the_headcount(tmp_path: Path) -> None:
    from evidencekit.models import DocumentStatus, Extraction, FileSeen

    catalog = Catalog(tmp_path / "catalog.sqlite3")
    seen = FileSeen(path="scan.pdf", size=1, mtime_ns=1)
    catalog.save_extraction("k.pdf", Extraction(status=DocumentStatus.NEEDS_OCR, reason="scan"))
    catalog.put_file(seen, "k.pdf")
    catalog.save_headcount_statements("k.pdf", [])
    assert list(catalog.texts_unread_for_headcount()) == []
    # An OCR plugin installed since reads the same file's text.
    text = Extraction(status=DocumentStatus.OK, pages=("We employ 9 people on our WCB account.",))
    catalog.save_extraction("k.pdf", text)
    assert [key for key, _text in catalog.texts_unread_for_headcount()] == ["k.pdf"]
