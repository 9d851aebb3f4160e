"""A training matrix in a workbook: a training record, searchable by sheet, used by the map."""

from __future__ import annotations

from pathlib import Path

import pytest
import workbooks
from evidencekit_xlsx import extractor, matrix
from evidencekit_xlsx.matrix import classify_document, find_training_matrix

from evidencekit.models import DocumentStatus, DocumentText, ExtractionLimits
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace

PLUGINS = (extractor, matrix)


def test_a_people_by_courses_table_with_dates_is_a_training_record() -> None:
    page = "\n".join(
        [
            "Sheet1",
            "Crew tickets, updated monthly",
            "Name\tOrientation\tWHMIS\tH2S Alive",
            "Chloe Martens\t2026-03-02\t2025-11-04\t-",
            "Ravi Patel\t2026-06-01\t\tn/a",
            "Tyler Brandt\t2024-02-12\t2024-02-14\t2024-05-01",
        ]
    )
    document = DocumentText("Admin/crew.xlsx", None, ("Contacts\nName\tPhone", page))
    classification = classify_document(document)
    # "Orientation" heads a column; the table, not a header, says what the file is.
    assert classification.doc_type == "training-record"
    assert classification.cue == (
        "sheet 'Sheet1' is a training matrix (3 people by 3 courses with dates)"
    )
    assert find_training_matrix(document.pages).page == 2


def test_other_tables_and_other_files_are_left_to_the_next_classifier() -> None:
    contacts = (
        "Contacts\nName\tPhone\tRole\n"
        "Chloe Martens\t403-555-0134\tLabourer\nRavi Patel\t403-555-0178\tForeman"
    )
    assert classify_document(DocumentText("Admin/crew.xlsx", None, (contacts,))) is None
    dated = "x\nName\tA\tB\nChloe\t2026-03-02\t2026-03-02\nRavi\t2026-03-02\t2026-03-03"
    assert classify_document(DocumentText("Admin/crew.pdf", None, (dated,))) is None


def test_a_scanned_matrix_is_read_typed_searchable_by_sheet_and_mapped(
    tmp_path: Path,
) -> None:
    evidence = tmp_path / "evidence"
    (evidence / "Site Admin").mkdir(parents=True)
    workbooks.training_matrix(evidence / "Site Admin" / "Crew list.xlsx", sheet="Courses")
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=PLUGINS)
    with open_workspace(evidence, tmp_path / "state", plugin_manager) as workspace:
        with workspace.writing():
            scan_folder(workspace, ScanOptions(jobs=1))
        (record,) = workspace.documents()
        assert (record.status, record.pages, record.doc_type) == (
            DocumentStatus.OK,
            2,
            "training-record",
        )
        # The date finder took the matrix's first date, and knows its cell.
        assert (record.date, record.date_source) == (
            "2026-03-02",
            "content, sheet 'Courses' cell B2",
        )
        (hit,) = workspace.search("whmis", 10)
        assert (hit.path, hit.page) == ("Site Admin/Crew list.xlsx", 1)
        assert "**WHMIS**" in hit.snippet
        (notes_hit,) = workspace.search('"safety coordinator"', 10)
        assert notes_hit.page == 2
        evidence_map = workspace.evidence_map(None)
    linked = {
        entry.requirement.id
        for entry in evidence_map.requirements
        if any(link.path == "Site Admin/Crew list.xlsx" for link in entry.links)
    }
    # The COR tool in force today (the 2023 instrument): training records, who was trained when.
    assert "cor2023-4.4" in linked


def test_without_the_plugin_a_workbook_is_unsupported(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    workbooks.training_matrix(evidence / "Crew list.xlsx")
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(evidence, tmp_path / "state", plugin_manager) as workspace:
        with workspace.writing():
            scan_folder(workspace, ScanOptions(jobs=1))
        (record,) = workspace.documents()
    assert record.status is DocumentStatus.UNSUPPORTED


SAMPLE = (
    Path(__file__).resolve().parents[3]
    / "sample_evidence"
    / "northridge-construction"
    / "Site Admin"
    / "Crew list 2026.xlsx"
)


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample evidence is not beside the plugin")
def test_the_sample_crew_workbook_is_a_training_matrix_with_its_header_first() -> None:
    extraction = extractor.extract_document(SAMPLE, ".xlsx", ExtractionLimits())
    assert extraction.status is DocumentStatus.OK
    about, matrix_sheet, required, courses = extraction.pages
    assert about.split("\n")[:3] == [
        "About",
        "Training matrix\tNorthridge Construction Ltd.",
        "Reviewed on\t2026-10-15\tby\tPriya Sandhu",
    ]
    assert courses.split("\n")[:2] == ["Courses", "Course\tRenewal"]
    lines = matrix_sheet.split("\n")
    assert lines[0] == "Training Matrix"
    assert lines[1].split("\t")[:4] == ["Worker", "Position", "Orientation", "WHMIS 2015"]
    found = find_training_matrix(extraction.pages)
    assert (found.page, found.people, len(found.courses)) == (2, 28, 6)
    assert required.startswith("Required training\nPosition\tCourses required for the position")


def test_documents_says_which_cell_dated_a_workbook(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from evidencekit.cli import cli

    evidence, state = tmp_path / "evidence", tmp_path / "state"
    evidence.mkdir()
    workbooks.training_matrix(evidence / "crew.xlsx")
    runner = CliRunner()
    assert runner.invoke(cli, ["scan", str(evidence), "--state", str(state)]).exit_code == 0
    listed = runner.invoke(cli, ["documents", str(evidence), "--state", str(state)])
    (line,) = [line for line in listed.output.splitlines() if "crew.xlsx" in line]
    assert "2026-03-02  crew.xlsx  (date from sheet 'Training Matrix' cell B2)" in line
