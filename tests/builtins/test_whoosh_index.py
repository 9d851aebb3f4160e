"""The built-in Whoosh index: the SearchIndex contract, and what only Whoosh's files need."""

from __future__ import annotations

import json
from pathlib import Path

from evidencekit.builtins.whoosh_index import SCHEMA_VERSION, WhooshSearchIndex
from evidencekit.hookspecs import MARKER_NAME
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
