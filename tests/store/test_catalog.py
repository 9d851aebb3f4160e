"""The catalog: the source of truth is never replaced behind the user's back."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.errors import CatalogError
from evidencekit.store.catalog import Catalog


def test_a_damaged_catalog_is_reported_and_left_untouched(tmp_path: Path) -> None:
    damaged = tmp_path / "catalog.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    before = damaged.read_bytes()
    with pytest.raises(CatalogError, match="cannot be opened") as raised:
        Catalog(damaged)
    assert "left untouched" in str(raised.value)
    assert damaged.read_bytes() == before


def test_a_catalog_from_another_version_is_refused(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "c.sqlite3")
    catalog.set_meta("schema_version", "99")
    catalog.close()
    with pytest.raises(CatalogError, match="schema version 99"):
        Catalog(tmp_path / "c.sqlite3")
