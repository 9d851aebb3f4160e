"""IndexDirectory, as a search backend of its own would use it: a folder holding one file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.errors import UsageError
from evidencekit.hookspecs import MARKER_NAME, IndexDirectory


def write_words_file(location: Path) -> None:
    (location / "words.txt").write_text("")


def read_words_file(location: Path) -> str | None:
    if not (location / "words.txt").exists():
        return "the search index is missing"
    (location / "words.txt").read_text(encoding="ascii")  # damage raises here
    return None


def test_a_recreated_folder_is_stamped_and_then_usable(tmp_path: Path) -> None:
    directory = IndexDirectory(tmp_path / "index", "words", 2)
    assert directory.rebuild_reason(read_words_file) == "the search index is missing"
    directory.recreate(write_words_file, library="1.0")
    assert json.loads(directory.marker.read_text()) == {
        "backend": "words",
        "schema_version": 2,
        "library": "1.0",
    }
    assert directory.rebuild_reason(read_words_file) is None
    assert directory.size_bytes() == directory.marker.stat().st_size


def test_what_the_backend_finds_wrong_with_its_files_is_the_reason(tmp_path: Path) -> None:
    directory = IndexDirectory(tmp_path, "words", 2)
    directory.recreate(write_words_file)
    (tmp_path / "words.txt").unlink()
    assert directory.rebuild_reason(read_words_file) == "the search index is missing"
    (tmp_path / "words.txt").write_bytes(b"\xff")
    assert directory.rebuild_reason(read_words_file).startswith(
        "the search index is damaged (UnicodeDecodeError: "
    )


@pytest.mark.parametrize(
    ("marker", "reason"),
    [
        ("{", "the search index's version marker is unreadable"),
        ('{"backend": "words"}', "the search index's version marker is unreadable"),
        ("[2]", "the search index's version marker is unreadable"),
        ('{"backend": "other", "schema_version": 2}', "made by other, not words"),
        # Markers from before backends had names were the Whoosh index's.
        ('{"schema_version": 2}', "made by whoosh, not words"),
        ('{"backend": "words", "schema_version": 1}', "schema changed (version 1 -> 2)"),
    ],
)
def test_a_marker_of_another_backend_or_version_asks_for_a_rebuild(
    tmp_path: Path, marker: str, reason: str
) -> None:
    directory = IndexDirectory(tmp_path, "words", 2)
    directory.recreate(write_words_file)
    directory.marker.write_text(marker)
    assert reason in directory.rebuild_reason(read_words_file)
    directory.recreate(write_words_file)  # evidencekit's own files: they may go
    assert directory.rebuild_reason(read_words_file) is None


def test_an_index_from_before_the_marker_is_rebuilt_not_refused(tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("old")
    directory = IndexDirectory(tmp_path, "words", 2, lambda path: (path / "words.txt").exists())
    assert directory.rebuild_reason(read_words_file) == "the search index has no version marker"
    directory.recreate(write_words_file)
    assert (tmp_path / "words.txt").read_text() == ""


def test_files_evidencekit_did_not_write_are_never_deleted(tmp_path: Path) -> None:
    precious = tmp_path / "inspection.pdf"
    precious.write_text("evidence")
    with pytest.raises(UsageError, match="holds files evidencekit did not write"):
        IndexDirectory(tmp_path, "words", 2).recreate(write_words_file)
    assert precious.read_text() == "evidence"
    assert not (tmp_path / MARKER_NAME).exists()
