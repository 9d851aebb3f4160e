"""Remembered queries kept in memory by a long-running process agree with the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.document_models import SearchHit
from evidencekit.store import remembered_queries
from evidencekit.store.catalog import Catalog


def hits(*paths: str) -> list[SearchHit]:
    return [SearchHit(path=path, page=1, score=0.0, snippet="") for path in paths]


def test_kept_matches_follow_what_another_process_remembers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A watcher keeps each query's matches decoded between batches; a `check` run beside
    it may remember newer ones, which the watcher must then read, and only then."""
    decoded: list[str] = []
    loads = json.loads

    def counted_loads(text: str) -> object:
        decoded.append(text)
        return loads(text)

    watcher, beside = Catalog(tmp_path / "c.sqlite3"), Catalog(tmp_path / "c.sqlite3")
    watcher.queries.kept_in_memory = True
    monkeypatch.setattr(remembered_queries.json, "loads", counted_loads)
    watcher.queries.remember("whoosh", "drill", 1, hits("a.pdf"))
    watcher.queries.renew("whoosh", "drill", 2)
    assert watcher.queries.get("whoosh", "drill") == (2, hits("a.pdf"))
    assert decoded == [], "what it wrote itself is not read back"

    beside.queries.remember("whoosh", "drill", 3, hits("a.pdf", "b.pdf"))
    assert watcher.queries.get("whoosh", "drill") == (3, hits("a.pdf", "b.pdf"))
    assert watcher.queries.get("whoosh", "drill") == (3, hits("a.pdf", "b.pdf"))
    assert len(decoded) == 1, "read once when the row moved on, then kept"

    beside.queries.remember("whoosh", "drill", 4, hits("c.pdf"))
    watcher.queries.renew("whoosh", "drill", 5)  # without reading it first
    assert watcher.queries.get("whoosh", "drill") == (5, hits("c.pdf"))
    beside.close()
    watcher.close()


def test_a_one_off_command_keeps_nothing_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[str] = []
    loads = json.loads
    monkeypatch.setattr(
        remembered_queries.json, "loads", lambda text: decoded.append(text) or loads(text)
    )
    catalog = Catalog(tmp_path / "c.sqlite3")
    catalog.queries.remember("whoosh", "drill", 1, hits("a.pdf"))
    assert catalog.queries.get("whoosh", "drill") == (1, hits("a.pdf"))
    assert catalog.queries.get("whoosh", "drill") == (1, hits("a.pdf"))
    assert len(decoded) == 2
    catalog.close()
