"""A remembered search is brought up to date by searching the changed files alone, and
gives what a search of the whole index gives, however many files match."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.folder import scan_into_catalog
from evidencekit.models import SearchHit
from evidencekit.plugins import make_plugin_manager
from evidencekit.store.query_memo import RememberedSearch
from evidencekit.workspace import Workspace, open_workspace

QUERY = '"toolbox talk"'
TALKS = 30


class CountedIndex:
    """The workspace's index, counting the searches of the whole index."""

    def __init__(self, index: object) -> None:
        self._index = index
        self.whole_searches = 0
        self.files_searched: list[int] = []

    def search(self, query: str, limit: int, snippets: bool = True) -> list[SearchHit]:
        self.whole_searches += 1
        return self._index.search(query, limit, snippets)

    def matching_files(self, query: str, file_ids=None) -> list[SearchHit]:
        if file_ids is None:
            self.whole_searches += 1
        else:
            file_ids = list(file_ids)
            self.files_searched.extend(file_ids)
        return self._index.matching_files(query, file_ids)

    def __getattr__(self, name: str) -> object:
        return getattr(self._index, name)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    talks = tmp_path / "talks"
    talks.mkdir()
    for number in range(1, TALKS + 1):
        (talks / f"talk {number:02}.txt").write_text(
            f"Toolbox talk {number}, held 2026-{number % 12 + 1:02}-05.\n"
            f"Topic: {'ladders' if number % 2 else 'lifting'}; toolbox talk signed by all.\n",
            encoding="utf-8",
        )
    (talks / "inspection.txt").write_text("Site inspection of the yard.\n", encoding="utf-8")
    return talks


def remembered(workspace: Workspace) -> tuple[CountedIndex, list[SearchHit]]:
    index = CountedIndex(workspace.index)
    with workspace.writing():
        return index, RememberedSearch(workspace.catalog, index)(QUERY)


def as_found(hits: list[SearchHit]) -> list[tuple[str, int]]:
    return sorted((hit.path, hit.page) for hit in hits)


@pytest.mark.parametrize("kept_in_memory", [False, True], ids=["command", "watcher"])
def test_a_change_is_searched_in_the_changed_files_alone(
    folder: Path, tmp_path: Path, kept_in_memory: bool
) -> None:
    manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(folder, tmp_path / "state", manager) as workspace:
        workspace.catalog.queries.kept_in_memory = kept_in_memory
        scan_into_catalog(workspace)
        index, first = remembered(workspace)
        assert index.whole_searches == 1
        assert len(first) == TALKS, "every matching file is remembered, not the best few"

        (folder / "talk 31.txt").write_text("Toolbox talk 31 on fire extinguishers.\n")
        (folder / "talk 01.txt").write_text("Tailgate meeting on ladders.\n")
        (folder / "talk 02.txt").unlink()
        (folder / "inspection.txt").write_text("Inspection; toolbox talk after it.\n")
        scan_into_catalog(workspace)
        index, kept = remembered(workspace)

        assert index.whole_searches == 0, "a few changed files searched the whole index"
        assert len(index.files_searched) == 3  # the new, the edited and the inspection
        assert as_found(kept) == as_found(workspace.index.matching_files(QUERY))
        paths = {path for path, _page in as_found(kept)}
        assert "talk 31.txt" in paths and "inspection.txt" in paths
        assert "talk 01.txt" not in paths and "talk 02.txt" not in paths

        index, again = remembered(workspace)
        assert (index.whole_searches, index.files_searched) == (0, [])
        assert as_found(again) == as_found(kept)
