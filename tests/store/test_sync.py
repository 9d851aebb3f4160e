"""Catalog and index stay in line: after a crash, a lost index or a damaged one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.models import DocumentStatus, Extraction, FileSeen
from evidencekit.plugins import make_plugin_manager
from evidencekit.store.sync import IndexSync
from evidencekit.workspace import open_workspace
from tests.documents import write_text


def open_space(evidence: Path, state: Path, notices: list[str] | None = None):
    notify = notices.append if notices is not None else (lambda message: None)
    return open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False), notify)


def test_entries_sent_to_a_writer_that_never_committed_are_sent_again(
    evidence: Path, state: Path, scan
) -> None:
    write_text(evidence / "a.txt", "alpha")
    scan()
    with open_space(evidence, state) as space:
        catalog = space.catalog
        with catalog.transaction():
            catalog.save_extraction("f" * 64, Extraction(DocumentStatus.OK, ("bravo",)))
            catalog.put_file(FileSeen("b.txt", 5, 1), "f" * 64)
        IndexSync(catalog, space.index).push()  # ...and the process dies before commit.
    with open_space(evidence, state) as space:
        IndexSync(space.catalog, space.index).commit()
        assert [hit.path for hit in space.search("bravo", 10)] == ["b.txt"]
        assert space.index.file_ids() == space.catalog.file_ids()


def test_a_removal_the_index_never_committed_is_replayed(evidence: Path, state: Path, scan):
    write_text(evidence / "a.txt", "alpha")
    scan()
    with open_space(evidence, state) as space:
        with space.catalog.transaction():
            space.catalog.remove_files(space.catalog.file_ids())
        # The process dies here: the index still holds the file.
        assert space.search("alpha", 10)
    with open_space(evidence, state) as space:
        IndexSync(space.catalog, space.index).commit()
        assert space.search("alpha", 10) == []


def test_a_deleted_index_is_rebuilt_from_the_catalog_with_a_message(
    evidence: Path, state: Path, scan
) -> None:
    write_text(evidence / "a.txt", "alpha")
    scan()
    shutil.rmtree(state / "index")
    (evidence / "a.txt").write_text("changed on disk, but the catalog keeps what was read")
    notices: list[str] = []
    with open_space(evidence, state, notices) as space:
        assert [hit.path for hit in space.search("alpha", 10)] == ["a.txt"]
    assert notices == ["Rebuilding the search index: the search index is missing."]


def truncate(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    ("damage", "files"),
    [(truncate, "*.seg"), (Path.unlink, "*.seg"), (truncate, "_MAIN_*.toc")],
    ids=["truncated segment", "missing segment", "empty table of contents"],
)
def test_a_damaged_index_is_rebuilt_from_the_catalog_with_a_message(
    evidence: Path, state: Path, scan, damage, files: str
) -> None:
    write_text(evidence / "a.txt", "alpha")
    write_text(evidence / "b.txt", "bravo")
    scan()
    damaged = sorted((state / "index").glob(files))
    assert damaged
    for path in damaged:
        damage(path)
    notices: list[str] = []
    with open_space(evidence, state, notices) as space:
        assert [hit.path for hit in space.search("bravo", 10)] == ["b.txt"]
        assert space.index.file_ids() == space.catalog.file_ids()
    (notice,) = notices
    assert notice.startswith("Rebuilding the search index: the search index is damaged (")
    assert scan().reindexed == 0


def test_a_rebuild_cut_short_is_finished_by_the_next_command_not_only_a_scan(
    evidence: Path, state: Path, scan
) -> None:
    write_text(evidence / "a.txt", "alpha")
    scan()
    with open_space(evidence, state) as space:
        index = space.index
        space.catalog.mark_all_unindexed()
        index.clear()  # ...and the process dies before refilling it.
    with open_space(evidence, state) as space:
        assert [hit.path for hit in space.search("alpha", 10)] == ["a.txt"]
        assert not space.catalog.index_refill_pending()
