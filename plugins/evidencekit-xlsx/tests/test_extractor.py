"""Workbooks and CSV files as pages of tab-separated rows; hostile ones bounded and not run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import workbooks
from evidencekit_xlsx import extractor
from evidencekit_xlsx.extractor import extract_document, file_types

from evidencekit.analyse.dates import DateSource, effective_date, labelled_dates
from evidencekit.models import DocumentStatus, ExtractionLimits, PlacedDate


def read(path: Path, limits: ExtractionLimits | None = None):
    return extract_document(path, path.suffix.lower(), limits or ExtractionLimits())


def test_it_names_workbooks_and_csv_files() -> None:
    assert set(file_types()) == {".xlsx", ".xlsm", ".csv"}
    assert extract_document(Path("a.pdf"), ".pdf", ExtractionLimits()) is None


def test_each_sheet_is_a_page_named_first_with_rows_as_tab_separated_lines(
    tmp_path: Path,
) -> None:
    extraction = read(workbooks.training_matrix(tmp_path / "crew.xlsx"))
    assert extraction.status is DocumentStatus.OK
    assert extraction.reason == ""
    matrix, notes = extraction.pages
    assert matrix.split("\n") == [
        "Training Matrix",
        "Worker\tOrientation\tWHMIS\tFall Protection\tFirst Aid",
        "Chloe Martens\t2026-03-02\t2025-11-04\t\t-",
        "Ravi Patel\t2026-06-01\t2026-06-03\t2026-06-10",
        "Tyler Brandt\t2024-02-12\t2024-02-14\t-\t2023-06-10",
    ]
    # A line break inside a cell would split its row; it is read as a space.
    assert notes.split("\n") == [
        "Notes",
        "Updated\t2026-09-30",
        "Kept by\tDana Whitford Safety coordinator",
    ]
    assert (extraction.title, extraction.author) == ("Crew training", "Dana Whitford")
    assert extraction.extractor == "xlsx/openpyxl"


def test_a_workbook_keeps_the_times_it_states_and_none_it_does_not(tmp_path: Path) -> None:
    stated = read(workbooks.training_matrix(tmp_path / "crew.xlsx"))
    unstated = read(workbooks.without_stated_times(tmp_path / "undated.xlsx"))

    assert stated.created == "2024-02-12T08:30:00"
    # openpyxl gives a workbook without times the moment it was read: never a date.
    assert (unstated.created, unstated.modified) == (None, None)


def test_date_cells_reach_the_date_finder_with_the_label_cell_before_them(
    tmp_path: Path,
) -> None:
    pages = read(workbooks.training_matrix(tmp_path / "crew.xlsx")).pages
    updated = labelled_dates(pages[1])
    assert [(found.label, found.date.value.isoformat()) for found in updated] == [
        ("Updated", "2026-09-30")
    ]
    # The matrix's first date is the record's date when nothing labels one; ISO is
    # never ambiguous.
    found = effective_date(pages, "Training/crew.xlsx", None, None)
    assert (found.value.isoformat(), found.source, found.ambiguous) == (
        "2026-03-02",
        DateSource.CONTENT,
        False,
    )


def test_a_formula_shows_its_saved_value_and_an_external_link_is_noted(tmp_path: Path) -> None:
    extraction = read(workbooks.with_formula_and_link(tmp_path / "totals.xlsx"))
    assert extraction.status is DocumentStatus.OK
    assert extraction.pages == ("Totals\nHours\t84",)
    assert "[budget.xlsx]" not in extraction.pages[0]
    assert extraction.reason == (
        "links to 1 other workbook; not followed, formulas show their saved values"
    )


def test_macros_are_noted_never_run(tmp_path: Path) -> None:
    extraction = read(workbooks.with_macros(tmp_path / "matrix.xlsm"))
    assert extraction.status is DocumentStatus.OK
    assert extraction.pages[0].startswith("Training Matrix\nWorker\t")
    assert extraction.reason == "holds macros (VBA); they were not loaded or run"
    assert "VB_Name" not in "".join(extraction.pages)


def test_a_zip_bomb_is_refused_before_anything_is_inflated(tmp_path: Path) -> None:
    bomb = workbooks.zip_bomb(tmp_path / "bomb.xlsx", declared_mb=300)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    extraction = read(bomb)
    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == (
        "declared uncompressed size 300.0 MB exceeds limit of 256 MB; not opened"
    )


def test_declared_dimensions_are_not_believed(tmp_path: Path) -> None:
    started = time.monotonic()
    extraction = read(workbooks.huge_dimensions(tmp_path / "huge.xlsx"))
    assert time.monotonic() - started < 30  # not a billion padded cells
    assert extraction.status is DocumentStatus.OK
    assert extraction.pages[0].startswith("Sheet\nInspection log")
    assert "limit of 1,000,000 cells" in extraction.reason


def test_reading_stops_at_the_cell_limit_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extractor, "MAX_CELLS", 3_000)
    extraction = read(workbooks.many_rows(tmp_path / "log.xlsx", rows=5_000))
    assert extraction.status is DocumentStatus.OK
    lines = extraction.pages[0].split("\n")
    assert lines[:2] == ["Log", "entry 0\t0\tok"]
    assert len(lines) == 1 + 1_000
    assert extraction.reason == (
        "read up to Log row 1001 only: the limit of 3,000 cells or 5,000,000 characters "
        "per file was reached"
    )


def test_an_encrypted_workbook_is_encrypted(tmp_path: Path) -> None:
    extraction = read(workbooks.encrypted(tmp_path / "locked.xlsx"))
    assert extraction.status is DocumentStatus.ENCRYPTED
    assert extraction.reason == "the workbook is encrypted and needs a password to open"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"Name,Course\nnot a workbook\n", "not a workbook: the file is not a zip archive"),
        (b"%PDF-1.7\n", "not a workbook: the file is a PDF named as a spreadsheet"),
        (b"PK\x03\x04truncated", "the workbook is damaged or truncated"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old-format Excel (.xls)"),
    ],
)
def test_what_is_not_a_workbook_fails_with_the_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    extraction = read(path)
    assert extraction.status is DocumentStatus.FAILED
    assert reason in extraction.reason


def test_a_zip_that_is_not_a_workbook_fails(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "x.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    extraction = read(tmp_path / "x.xlsx")
    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == "not an Excel workbook: the zip has no xl/workbook.xml"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            'Worker,WHMIS,First Aid\r\nChloe Martens,2025-11-04,\r\n"Patel, Ravi",06/03/2026,-\r\n',
            "utf-8",
        ),
        ("Worker;WHMIS;First Aid\nChloe Martens;2025-11-04;\nPatel, Ravi;06/03/2026;-\n", "cp1252"),
    ],
)
def test_a_csv_file_is_one_page_of_tab_separated_rows(
    tmp_path: Path, text: str, encoding: str
) -> None:
    path = tmp_path / "training log.csv"
    path.write_bytes(text.encode(encoding))
    extraction = read(path)
    assert extraction.status is DocumentStatus.OK
    assert extraction.pages[0].split("\n") == [
        "training log",
        "Worker\tWHMIS\tFirst Aid",
        "Chloe Martens\t2025-11-04",
        "Patel, Ravi\t06/03/2026\t-",
    ]


def test_binary_data_named_csv_fails(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    assert read(path).status is DocumentStatus.FAILED


def test_a_zip_bomb_that_lies_about_its_size_is_inflated_only_as_far_as_it_declares(
    tmp_path: Path,
) -> None:
    bomb = workbooks.lying_zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=64)
    extraction = read(bomb)
    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == (
        "could not read the workbook: BadZipFile: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'"
    )


def test_a_truncated_workbook_fails_as_damaged(tmp_path: Path) -> None:
    extraction = read(workbooks.truncated(tmp_path / "copy.xlsx"))
    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == (
        "the workbook is damaged or truncated: its zip directory cannot be read"
    )


def test_a_csv_in_no_known_encoding_is_read_byte_for_character(tmp_path: Path) -> None:
    extraction = read(workbooks.csv_in_no_known_encoding(tmp_path / "log.csv"))
    assert extraction.status is DocumentStatus.OK
    lines = extraction.pages[0].split("\n")
    assert lines[2] == "José Nuñez\tWHMIS\t2026-01-12"
    assert len(lines) == 4


def test_a_csv_line_longer_than_a_field_may_be_ends_the_reading_there(tmp_path: Path) -> None:
    extraction = read(workbooks.csv_with_an_enormous_line(tmp_path / "notes.csv", megabytes=1))
    assert extraction.status is DocumentStatus.OK
    assert extraction.pages == ("notes\nWorker\tNotes",)
    assert extraction.reason == (
        "read up to row 1 only: row 2 cannot be parsed (field larger than field limit (131072))"
    )


def test_a_csv_line_of_too_many_fields_stops_at_the_cell_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extractor, "MAX_CELLS", 10_000)
    extraction = read(workbooks.csv_with_millions_of_fields(tmp_path / "wide.csv", 50_000))
    assert extraction.status is DocumentStatus.OK
    assert extraction.pages == ("wide",)
    assert extraction.reason.startswith("read up to wide.csv row 1 only: the limit of 10,000 cells")


def test_date_cells_and_dates_typed_as_text_are_placed_in_their_cells(tmp_path: Path) -> None:
    extraction = read(workbooks.training_matrix(tmp_path / "crew.xlsx"))
    assert extraction.dates[:3] == (
        PlacedDate("2026-03-02", "sheet 'Training Matrix' cell B2"),
        PlacedDate("2025-11-04", "sheet 'Training Matrix' cell C2"),
        PlacedDate("2026-06-01", "sheet 'Training Matrix' cell B3"),
    )
    places = {date.place: date.text for date in extraction.dates}
    assert places["sheet 'Training Matrix' cell D3"] == "2026-06-10"  # typed as text
    assert places["sheet 'Notes' cell B1"] == "2026-09-30"
    assert "sheet 'Training Matrix' cell A2" not in places  # a name, no year


def test_a_csv_places_its_dates_too(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text('Worker,WHMIS\nChloe Martens,"Nov 4, 2025"\n')
    assert read(path).dates == (PlacedDate("Nov 4, 2025", "sheet 'log.csv' cell B2"),)
