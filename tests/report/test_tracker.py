"""The corrective action tracker as CSV and Excel: layout, formula neutralising, and the
consultant's round trip through `check --format csv|xlsx` and `actions import`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from evidencekit.cli import options as cli_options
from evidencekit.program.tracker import COLUMNS, TrackerRow, import_tracker
from evidencekit.report.tracker import tracker_csv, tracker_xlsx
from tests.program.test_tracker import add_gap, gap_id, tracker_plugins

INJECTIONS = ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR")


def row(finding_id: str = "gap-1", **fields: object) -> TrackerRow:
    values: dict[str, object] = {
        "kind": "test-gap",
        "severity": "major",
        "element": "1",
        "requirement": "menu-1.1",
        "finding": "The drill record is missing.",
        "action": "File it.",
        "owner": "",
        "due": "",
        "status": "open",
        "note": "",
        "reappeared": False,
    }
    return TrackerRow(finding_id=finding_id, **{**values, **fields})  # type: ignore[arg-type]


def injected_rows() -> list[TrackerRow]:
    return [row(f"gap-{n}", finding=text, owner=text) for n, text in enumerate(INJECTIONS)]


# --- CSV ---------------------------------------------------------------------------------


def test_csv_has_the_columns_in_order_and_says_reappeared() -> None:
    text = tracker_csv([row(reappeared=True, status="closed", owner="Pat")])
    header, line = list(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    assert dict(zip(header, line, strict=True)) == {
        "finding_id": "gap-1",
        "severity": "major",
        "kind": "test-gap",
        "element": "1",
        "requirement": "menu-1.1",
        "finding": "The drill record is missing.",
        "action": "File it.",
        "owner": "Pat",
        "due": "",
        "status": "closed",
        "note": "",
        "reappeared": "yes",
    }


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas() -> None:
    lines = list(csv.reader(io.StringIO(tracker_csv(injected_rows()), newline="")))[1:]
    finding, owner = COLUMNS.index("finding"), COLUMNS.index("owner")
    for text, line in zip(INJECTIONS, lines, strict=True):
        assert line[finding] == line[owner] == "'" + text


def test_csv_neutralising_is_undone_on_import(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(tracker_csv(injected_rows()), encoding="utf-8", newline="")
    owners = [imported.owner for imported in import_tracker(path)]
    # Import strips surrounding whitespace, so the tab and CR lose theirs.
    assert owners == [text.strip() for text in INJECTIONS]


# --- XLSX ----------------------------------------------------------------------------------


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_cells_that_look_like_formulas_are_text() -> None:
    sheet = load(tracker_xlsx(injected_rows())).active
    finding, owner = COLUMNS.index("finding") + 1, COLUMNS.index("owner") + 1
    for number, text in enumerate(INJECTIONS, start=2):
        for column in (finding, owner):
            cell = sheet.cell(row=number, column=column)
            assert cell.data_type == "s", (text, cell.data_type)
            assert cell.value == text
            assert cell.quotePrefix


def test_xlsx_formula_text_is_never_written_as_a_formula() -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(tracker_xlsx(injected_rows()))) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_layout_helps_the_consultant_edit() -> None:
    sheet = load(tracker_xlsx([row(), row("gap-2", reappeared=True)])).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:L3"
    assert sheet.column_dimensions["F"].width == 60
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"open,in-progress,closed"'
    assert "J2" in validation.sqref
    assert sheet["L3"].value == "yes" and sheet["L2"].value is None


def test_xlsx_drops_control_characters_the_format_cannot_hold() -> None:
    sheet = load(tracker_xlsx([row(finding="bad\x01text")])).active
    assert sheet["F2"].value == "badtext"


def test_an_empty_tracker_is_still_a_valid_workbook() -> None:
    sheet = load(tracker_xlsx([])).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)


# --- the consultant's round trip through the CLI ---------------------------------------------


@pytest.fixture
def gap_rules_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI builds its own plugin manager: give it the test tool and gap rule only."""
    monkeypatch.setattr(cli_options, "make_plugin_manager", tracker_plugins)


CHECK = ("--tool", "test-menu-tool", "--audit-date", "2026-11-16", "--quiet")


def edit_xlsx(path: Path, edits: dict[str, dict[str, str]]) -> None:
    """Edit ``path`` as a consultant would in Excel: cells by finding id and column."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    for line in sheet.iter_rows(min_row=2):
        for name, value in edits.get(line[0].value, {}).items():
            cell = line[COLUMNS.index(name)]
            cell.value = value
            # Typed as text (Excel: a leading '), so "=..." is not a formula.
            cell.data_type = "s"
    workbook.save(path)


def test_xlsx_round_trip_keeps_owner_due_and_status(
    evidence: Path, tmp_path: Path, run_cli, gap_rules_installed
) -> None:
    add_gap(evidence, "drill")
    add_gap(evidence, "menu")
    tracker = tmp_path / "tracker.xlsx"
    exported = run_cli("check", evidence, *CHECK, "--format", "xlsx", "--output", tracker)
    assert exported.exit_code == 1, exported.output
    edit_xlsx(
        tracker,
        {
            gap_id("drill"): {"owner": "Pat", "due": "2026-12-01", "status": "in-progress"},
            gap_id("menu"): {"owner": '=HYPERLINK("http://x")', "status": "closed"},
        },
    )
    imported = run_cli("actions", evidence, "import", tracker)
    assert imported.exit_code == 0, imported.output
    assert imported.output == "Updated 2 actions; 0 rows named findings not found now\n"

    again = tmp_path / "again.xlsx"
    assert run_cli("check", evidence, *CHECK, "--format", "xlsx", "-o", again).exit_code == 1
    sheet = openpyxl.load_workbook(again).active
    lines = {
        line[0]: dict(zip(COLUMNS, line, strict=True))
        for line in sheet.iter_rows(min_row=2, values_only=True)
    }
    drill, menu = lines[gap_id("drill")], lines[gap_id("menu")]
    assert (drill["owner"], drill["due"], drill["status"]) == ("Pat", "2026-12-01", "in-progress")
    assert drill["reappeared"] is None
    # Closed in the tracker, but the gap is still there: flagged for the consultant.
    assert (menu["status"], menu["reappeared"]) == ("closed", "yes")
    owner = sheet.cell(row=list(lines).index(gap_id("menu")) + 2, column=8)
    assert (owner.value, owner.data_type) == ('=HYPERLINK("http://x")', "s")


def test_csv_round_trip_on_stdout_and_to_a_file(
    evidence: Path, tmp_path: Path, run_cli, gap_rules_installed
) -> None:
    add_gap(evidence, "drill")
    printed = run_cli("check", evidence, *CHECK, "--format", "csv")
    assert printed.exit_code == 1
    header, line = list(csv.reader(io.StringIO(printed.stdout)))
    edited = dict(zip(header, line, strict=True))
    assert (edited["finding_id"], edited["status"]) == (gap_id("drill"), "open")
    edited |= {"owner": "-Sam", "due": "2027-01-15", "status": "closed", "note": "done"}
    tracker = tmp_path / "tracker.csv"
    with tracker.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=header)
        writer.writeheader()
        writer.writerow(edited)
    assert run_cli("actions", evidence, "import", tracker).exit_code == 0

    (evidence / "gap drill.txt").unlink()
    add_gap(evidence, "menu")
    written = tmp_path / "again.csv"
    assert run_cli("check", evidence, *CHECK, "--format", "csv", "-o", written).exit_code == 1
    # Excel needs the byte order mark to read the file as UTF-8.
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8-sig"))))
    assert [(r["finding_id"], r["finding"], r["status"]) for r in lines] == [
        (gap_id("menu"), "The menu record is missing.", "open"),
        (gap_id("drill"), "no longer found", "closed"),
    ]
    assert (lines[1]["owner"], lines[1]["due"], lines[1]["note"]) == ("'-Sam", "2027-01-15", "done")

    # The whole tracker goes back in: its gone row is counted, nothing changes.
    again = run_cli("actions", evidence, "import", written)
    assert again.stdout == "Updated 0 actions; 1 row named findings not found now\n"
    # An earlier check found it: it was resolved, not mistyped.
    assert "Resolved since the tracker was exported" in again.stderr
    assert gap_id("drill") in again.stderr


def test_import_errors_exit_2_with_the_row(
    evidence: Path, tmp_path: Path, run_cli, gap_rules_installed
) -> None:
    add_gap(evidence, "drill")
    run_cli("check", evidence, *CHECK)
    bad_status = tmp_path / "status.csv"
    bad_status.write_text(f"finding_id,status\n{gap_id('drill')},done\n")
    result = run_cli("actions", evidence, "import", bad_status)
    assert result.exit_code == 2
    assert "row 2: status 'done' is not one of open, in-progress, closed" in result.output
    bad_date = tmp_path / "date.csv"
    bad_date.write_text(f"finding_id,due\n{gap_id('drill')},31/12/2026\n")
    result = run_cli("actions", evidence, "import", bad_date)
    assert result.exit_code == 2
    assert "row 2: due date '31/12/2026' is not a date as YYYY-MM-DD" in result.output


def test_xlsx_needs_an_output_file(evidence: Path, run_cli, gap_rules_installed) -> None:
    result = run_cli("check", evidence, *CHECK, "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx writes a workbook; give --output" in result.output
