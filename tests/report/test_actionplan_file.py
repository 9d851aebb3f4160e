"""The Action Plan file: written as XLSX and Markdown, edited, read back."""

import openpyxl
import pytest

from evidencekit.errors import UsageError
from evidencekit.program.action_plan import build_plan
from evidencekit.program.action_plan_file import import_plan
from evidencekit.report.actionplan import PLAN_COLUMNS, plan_markdown, plan_xlsx
from tests.program.test_action_plan import GAP, context


@pytest.fixture
def plan():
    return build_plan(context(), 2026, {})


def test_an_edited_workbook_reads_back_its_owner_due_status_and_note(plan, tmp_path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_xlsx(plan))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Action Plan"]
    assert [cell.value for cell in sheet[1]] == list(PLAN_COLUMNS)
    column = {name: index for index, name in enumerate(PLAN_COLUMNS)}
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == GAP.id)
    row[column["owner"]].value = "Dale Whitford"
    row[column["status"]].value = "In progress"
    row[column["note"]].value = "booked"
    workbook.save(path)
    (edited,) = [item for item in import_plan(path) if item.row_id == GAP.id]
    assert (edited.owner, edited.status, edited.note) == ("Dale Whitford", "in-progress", "booked")


def test_an_edited_markdown_plan_reads_back_with_pipes_in_cells(plan, tmp_path) -> None:
    path = tmp_path / "plan.md"
    text = plan_markdown(plan, "Northridge")
    assert "| row_id | kind |" in text
    line = next(line for line in text.splitlines() if line.startswith(f"| {GAP.id} |"))
    cells = line.split(" | ")
    cells[PLAN_COLUMNS.index("owner")] = "Dale \\| Ana"
    cells[PLAN_COLUMNS.index("status")] = "done"
    path.write_text(text.replace(line, " | ".join(cells)), encoding="utf-8")
    (edited,) = [item for item in import_plan(path) if item.row_id == GAP.id]
    assert (edited.owner, edited.status) == ("Dale | Ana", "done")


def test_a_status_the_plan_does_not_know_names_its_row(plan, tmp_path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(plan_markdown(plan, "x").replace("| open |", "| maybe |", 1), encoding="utf-8")
    with pytest.raises(UsageError, match=r"row 2: status 'maybe' is not one of open"):
        import_plan(path)


def test_a_file_without_the_plan_table_is_refused(tmp_path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# notes\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no plan table"):
        import_plan(path)
