"""The built-in plain-text extractor: encodings, size limit, the file types it claims."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from evidencekit.builtins import text
from evidencekit.models import DocumentStatus, ExtractionLimits
from evidencekit.plugins import make_plugin_manager

LIMITS = ExtractionLimits()
# Characters cp1252 and UTF-8 encode differently: an en dash, curly quotes, an accent.
NOTE = "Toolbox talk \u2013 “Ladder safety”, 3 workers signed, café break at 10"


@pytest.mark.parametrize(
    "content",
    [
        NOTE.encode("utf-8"),
        codecs.BOM_UTF8 + NOTE.encode("utf-8"),
        NOTE.encode("cp1252"),
        codecs.BOM_UTF16_LE + NOTE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + NOTE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_decodes_the_encodings_people_save_in(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "toolbox-talk.txt"
    path.write_bytes(content)

    extraction = text.extract_text_file(path, LIMITS)

    assert extraction.status is DocumentStatus.OK
    assert extraction.reason == ""
    assert extraction.pages == (NOTE,)
    assert extraction.extractor == "text"


def test_bytes_undefined_in_cp1252_fall_back_to_latin_1(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    # 0x81 is undefined in cp1252, so only latin-1 can decode this file.
    path.write_bytes(b"site,notes\nYard 2,caf\xe9 \x81\n")

    extraction = text.extract_text_file(path, LIMITS)

    assert extraction.pages == ("site,notes\nYard 2,café \x81\n",)


def test_windows_line_endings_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "inspection.md"
    path.write_bytes(b"# Inspection\r\n\r\n- guard rails: ok\r\n")

    assert text.extract_text_file(path, LIMITS).pages == ("# Inspection\n\n- guard rails: ok\n",)


def test_binary_data_named_as_text_fails(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    extraction = text.extract_text_file(path, LIMITS)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == "the file holds binary data, not text"


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "server.txt"
    path.write_bytes(b"x" * (1024 * 1024 + 1))

    extraction = text.extract_text_file(path, ExtractionLimits(max_uncompressed_mb=1))

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == "the file is 2 MB, over the limit of 1 MB; not read"


def test_a_missing_file_fails_with_a_reason(tmp_path: Path) -> None:
    extraction = text.extract_text_file(tmp_path / "gone.txt", LIMITS)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("could not read the file: ")


def test_an_empty_file_is_an_empty_page(tmp_path: Path) -> None:
    path = tmp_path / "empty.tsv"
    path.write_bytes(b"")

    assert text.extract_text_file(path, LIMITS).pages == ("",)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".markdown", ".csv", ".tsv"])
def test_the_hook_reads_its_suffixes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_text("Fire drill held 2025-02-14", encoding="utf-8")

    extraction = text.extract_document(path=path, file_type=suffix, limits=LIMITS)

    assert extraction.pages == ("Fire drill held 2025-02-14",)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".log", ".rtf", ""])
def test_the_hook_leaves_other_types_alone(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_text("Fire drill held 2025-02-14", encoding="utf-8")

    assert text.extract_document(path=path, file_type=suffix, limits=LIMITS) is None


def test_registered_as_a_plugin(tmp_path: Path) -> None:
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    path = tmp_path / "notes.csv"
    path.write_text("date,attendees\n2025-02-14,12\n", encoding="utf-8")

    extraction = plugin_manager.hook.extract_document(path=path, file_type=".csv", limits=LIMITS)

    assert extraction.pages == ("date,attendees\n2025-02-14,12\n",)
    claimed = {suffix for types in plugin_manager.hook.file_types() for suffix in types}
    assert set(text.TEXT_SUFFIXES) <= claimed
