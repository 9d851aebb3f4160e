"""The corrective action tracker's state: merging findings with stored actions, reading
an edited tracker back, and keeping what was imported across rescans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath

import openpyxl
import pytest

from evidencekit.errors import UsageError
from evidencekit.folder import folder_tracker, import_tracker_file
from evidencekit.hookspecs import hookimpl
from evidencekit.models import Finding, Readiness, Severity, TrackedAction
from evidencekit.plugins import make_plugin_manager
from evidencekit.program.tracker import (
    NO_LONGER_FOUND,
    ImportedRow,
    TrackerRow,
    import_tracker,
)
from evidencekit.program.tracker import tracker_rows as rows_of
from evidencekit.workspace import Workspace, open_workspace
from tests.assess.test_readiness import AUDIT_DATE, MenuTool
from tests.documents import write_text

GAP_PREFIX = "gap "


def gap_id(name: str) -> str:
    return f"test-gap:{name}"


class FileNamedGaps:
    """A gap rule for tests: every document named ``gap NAME.txt`` is one finding.

    Adding or removing such a file makes a finding appear or go away on the next check,
    without depending on the built-in gap rules.
    """

    @hookimpl
    def register_gap_rules(self, register):
        register("test-gap", file_named_gaps)


def file_named_gaps(assessment):
    for document in assessment.evidence_map.documents:
        stem = PurePosixPath(document.path).stem
        if stem.startswith(GAP_PREFIX):
            # "gap ladder by Dale Whitford": the evidence names an owner.
            name, _, owner = stem.removeprefix(GAP_PREFIX).partition(" by ")
            yield Finding(
                gap_id(name),
                "test-gap",
                Severity.MAJOR,
                "1",
                "menu-1.1",
                f"The {name} record is missing.",
                f"File the {name} record.",
                paths=(document.path,),
                owner=owner or None,
            )


def tracker_plugins():
    """The test tool and gap rule, without the built-in rules (their findings vary)."""
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[MenuTool(), FileNamedGaps()]
    )
    plugin_manager.unregister(name="evidencekit.builtins.gap_rules")
    return plugin_manager


@pytest.fixture
def check(evidence: Path, state: Path, scan) -> Callable[[], Readiness]:
    """Scan the folder and assess it, as `evidencekit check` does."""

    def run() -> Readiness:
        scan(extra=(MenuTool(), FileNamedGaps()))
        with open_workspace(evidence, state, tracker_plugins()) as workspace:
            return workspace.readiness("test-menu-tool", "certification", AUDIT_DATE)

    return run


@pytest.fixture
def workspace(evidence: Path, state: Path):
    with open_workspace(evidence, state, tracker_plugins()) as opened:
        yield opened


def add_gap(evidence: Path, name: str) -> None:
    write_text(evidence / f"{GAP_PREFIX}{name}.txt", f"Placeholder for {name}.")


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- merging findings with stored actions ---------------------------------------------------


def stored(finding_id: str, status: str = "open", owner: str = "Pat") -> TrackedAction:
    return TrackedAction(owner, "2026-10-01", status, "note")


def tracker_rows(readiness: Readiness, actions: dict[str, TrackedAction]) -> list[TrackerRow]:
    """The tracker of ``readiness`` as the catalog's ``actions`` would make it."""
    return rows_of(replace(readiness, actions=actions))


def test_a_new_finding_is_open_and_unowned(check, evidence: Path) -> None:
    add_gap(evidence, "drill")
    (row,) = tracker_rows(check(), {})
    assert (row.finding_id, row.status, row.owner, row.due, row.reappeared) == (
        gap_id("drill"),
        "open",
        "",
        "",
        False,
    )
    assert (row.severity, row.kind, row.element, row.requirement) == (
        "major",
        "test-gap",
        "1",
        "menu-1.1",
    )
    assert row.finding == "The drill record is missing."
    assert row.action == "File the drill record."


def test_a_closed_finding_found_again_is_flagged_and_stays_closed(check, evidence) -> None:
    add_gap(evidence, "drill")
    (row,) = tracker_rows(check(), {gap_id("drill"): stored(gap_id("drill"), "closed")})
    assert (row.status, row.reappeared, row.owner) == ("closed", True, "Pat")


def test_an_owner_the_evidence_names_is_filled_in_until_someone_sets_one(check, evidence) -> None:
    add_gap(evidence, "ladder by Dale Whitford")
    (row,) = tracker_rows(check(), {})
    assert (row.finding_id, row.owner) == (gap_id("ladder"), "Dale Whitford")
    (row,) = tracker_rows(check(), {gap_id("ladder"): stored(gap_id("ladder"))})
    assert row.owner == "Pat"


def test_a_tracked_finding_no_longer_found_stays_listed_after_the_current_ones(
    check, evidence
) -> None:
    add_gap(evidence, "drill")
    decisions = {
        gap_id("fixed"): stored(gap_id("fixed"), "in-progress"),
        gap_id("drill"): stored(gap_id("drill")),
    }
    current, gone = tracker_rows(check(), decisions)
    assert current.finding_id == gap_id("drill")
    assert (gone.finding_id, gone.finding, gone.status, gone.owner) == (
        gap_id("fixed"),
        NO_LONGER_FOUND,
        "in-progress",
        "Pat",
    )
    assert not gone.reappeared and gone.severity == ""


# --- reading an edited tracker ----------------------------------------------------------------


def test_import_reads_csv_with_a_byte_order_mark_and_any_column_order(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Status,Finding ID,owner,due,note\n"
        "In progress,gap-1,Pat,2026-12-01,ordered\n"
        ",gap-2,,,\n"
        ",,,,\n",
        encoding="utf-8-sig",
    )
    assert import_tracker(path) == [
        ImportedRow(2, "gap-1", "Pat", "2026-12-01", "in-progress", "ordered"),
        ImportedRow(3, "gap-2", "", "", "open", ""),
    ]


def test_a_missing_column_leaves_that_field_alone(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", "finding_id,status\ngap-1,closed\n")
    assert import_tracker(path) == [ImportedRow(2, "gap-1", None, None, "closed", None)]


def test_import_reads_xlsx_dates_stored_as_dates(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["finding_id", "owner", "due", "status"])
    workbook.active.append(["gap-1", "Pat", datetime(2026, 12, 1), "closed"])
    workbook.active.append([None, None, None, None])
    workbook.save(tmp_path / "t.xlsx")
    assert import_tracker(tmp_path / "t.xlsx") == [
        ImportedRow(2, "gap-1", "Pat", "2026-12-01", "closed", None)
    ]


def test_an_unknown_status_names_the_row_and_the_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", "finding_id,status\ngap-1,open\ngap-2,done\n")
    with pytest.raises(UsageError, match=r"row 3: status 'done' is not one of open, in-prog"):
        import_tracker(path)


@pytest.mark.parametrize("due", ["01/12/2026", "2026-13-01", "2026-02-30", "20261201", "soon"])
def test_a_bad_due_date_names_the_row(tmp_path: Path, due: str) -> None:
    path = write_csv(tmp_path / "t.csv", f"finding_id,due\ngap-1,2026-12-01\ngap-2,{due}\n")
    with pytest.raises(UsageError, match=rf"row 3: due date '{due}' is not a date as YYYY-MM-DD"):
        import_tracker(path)


def test_a_file_without_a_finding_id_column_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", "id,status\ngap-1,open\n")
    with pytest.raises(UsageError, match="has no finding_id column"):
        import_tracker(path)


def test_a_row_without_an_id_or_a_repeated_id_is_refused(tmp_path: Path) -> None:
    unnamed = write_csv(tmp_path / "a.csv", "finding_id,owner\ngap-1,Pat\n,Sam\n")
    with pytest.raises(UsageError, match="row 3: the finding_id cell is empty"):
        import_tracker(unnamed)
    twice = write_csv(tmp_path / "b.csv", "finding_id,owner\ngap-1,Pat\ngap-1,Sam\n")
    with pytest.raises(UsageError, match="row 3: finding gap-1 is already in row 2"):
        import_tracker(twice)


def test_other_files_are_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"give a \.csv or \.xlsx file"):
        import_tracker(write_csv(tmp_path / "t.txt", "finding_id\n"))
    with pytest.raises(UsageError, match=r"cannot read .* as an Excel workbook"):
        import_tracker(write_csv(tmp_path / "t.xlsx", "not a zip"))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("finding_id,owner\ngap-1,Ren\xe9e\n".encode("latin-1"))
    with pytest.raises(UsageError, match="is not UTF-8"):
        import_tracker(latin)


# --- storing imports in the catalog -------------------------------------------------------------


def test_import_stores_actions_that_survive_a_rescan(check, evidence, workspace: Workspace):
    add_gap(evidence, "drill")
    add_gap(evidence, "menu")
    check()
    path = write_csv(
        evidence.parent / "t.csv",
        f"finding_id,owner,due,status,note\n"
        f"{gap_id('drill')},Pat,2026-12-01,in-progress,ordered\n"
        f"{gap_id('menu')},Kim,,open,\n"
        f"{gap_id('ghost')},Sam,,open,\n",
    )
    summary = import_tracker_file(workspace, path)
    # A finding no check ever found (a typo) is reported and not stored.
    assert (summary.updated, summary.unknown_ids) == (2, (gap_id("ghost"),))
    assert summary.ignored_ids == (gap_id("ghost"),)
    assert gap_id("ghost") not in workspace.catalog.actions()
    # Importing the same file again changes nothing.
    assert import_tracker_file(workspace, path).updated == 0
    add_gap(evidence, "new")
    (evidence / f"{GAP_PREFIX}menu.txt").unlink()  # the menu gap is fixed
    rows = {row.finding_id: row for row in folder_tracker(workspace, check())}
    drill = rows[gap_id("drill")]
    assert (drill.owner, drill.due, drill.status, drill.note) == (
        "Pat",
        "2026-12-01",
        "in-progress",
        "ordered",
    )
    assert rows[gap_id("new")].status == "open"
    # A tracked finding no longer found stays on the tracker with its owner.
    assert (rows[gap_id("menu")].finding, rows[gap_id("menu")].owner) == (NO_LONGER_FOUND, "Kim")
    assert gap_id("ghost") not in rows


@pytest.mark.parametrize(
    "owner_cell",
    [
        pytest.param("Dale Whitford", id="as the tracker showed it"),
        pytest.param("", id="empty in a tracker exported before owners were suggested"),
    ],
)
def test_an_untouched_row_of_a_finding_with_a_suggested_owner_stores_nothing(
    check, evidence, workspace, owner_cell: str
) -> None:
    add_gap(evidence, "ladder by Dale Whitford")
    check()
    row = f"finding_id,owner,due,status\n{gap_id('ladder')},{owner_cell},,open\n"
    assert import_tracker_file(workspace, write_csv(evidence.parent / "t.csv", row)).updated == 0
    (tracked,) = folder_tracker(workspace, check())
    assert tracked.owner == "Dale Whitford"


def test_an_older_exports_empty_owner_cell_keeps_the_suggestion_until_tracked(
    check, evidence, workspace
) -> None:
    add_gap(evidence, "ladder by Dale Whitford")
    check()
    edited = f"finding_id,owner,due,status\n{gap_id('ladder')},,,in progress\n"
    assert import_tracker_file(workspace, write_csv(evidence.parent / "t.csv", edited)).updated == 1
    (row,) = folder_tracker(workspace, check())
    assert (row.owner, row.status) == ("Dale Whitford", "in-progress")
    # Once tracked, an emptied owner cell is what the consultant wants.
    cleared = f"finding_id,owner\n{gap_id('ladder')},\n"
    assert (
        import_tracker_file(workspace, write_csv(evidence.parent / "t.csv", cleared)).updated == 1
    )
    (row,) = folder_tracker(workspace, check())
    assert row.owner == ""


def test_a_column_left_out_keeps_what_was_stored(check, evidence, workspace) -> None:
    add_gap(evidence, "drill")
    check()
    first = write_csv(evidence.parent / "a.csv", f"finding_id,owner\n{gap_id('drill')},Pat\n")
    import_tracker_file(workspace, first)
    second = write_csv(evidence.parent / "b.csv", f"finding_id,status\n{gap_id('drill')},closed\n")
    import_tracker_file(workspace, second)
    (row,) = folder_tracker(workspace, check())
    assert (row.owner, row.status, row.reappeared) == ("Pat", "closed", True)


def test_a_bad_file_changes_nothing(check, evidence, workspace) -> None:
    add_gap(evidence, "drill")
    check()
    path = write_csv(
        evidence.parent / "t.csv",
        f"finding_id,owner,status\n{gap_id('drill')},Pat,open\n{gap_id('x')},Sam,shut\n",
    )
    with pytest.raises(UsageError, match="row 3"):
        import_tracker_file(workspace, path)
    assert workspace.catalog.actions() == {}


def test_a_fixed_then_returning_gap_is_resolved_then_flagged(check, evidence, workspace) -> None:
    add_gap(evidence, "drill")
    check()
    path = write_csv(evidence.parent / "t.csv", f"finding_id,status\n{gap_id('drill')},closed\n")
    import_tracker_file(workspace, path)
    (evidence / "gap drill.txt").unlink()
    (resolved,) = folder_tracker(workspace, check())
    assert (resolved.finding, resolved.status, resolved.reappeared) == (
        NO_LONGER_FOUND,
        "closed",
        False,
    )
    add_gap(evidence, "drill")
    (back,) = folder_tracker(workspace, check())
    assert (back.finding, back.status, back.reappeared) == (
        "The drill record is missing.",
        "closed",
        True,
    )


def test_the_due_date_is_kept_as_iso_text(check, evidence, workspace) -> None:
    add_gap(evidence, "drill")
    check()
    path = write_csv(evidence.parent / "t.csv", f"finding_id,due\n{gap_id('drill')},2026-12-01\n")
    import_tracker_file(workspace, path)
    due = workspace.catalog.actions()[gap_id("drill")].due
    assert date.fromisoformat(due) == date(2026, 12, 1)


def test_a_finding_resolved_since_the_export_is_said_resolved_not_a_typo(
    check, evidence, workspace: Workspace
) -> None:
    add_gap(evidence, "drill")
    check()  # the tracker is exported now, with the drill gap on it
    (evidence / f"{GAP_PREFIX}drill.txt").unlink()
    check()  # the gap is fixed before the edited tracker comes back
    path = write_csv(
        evidence.parent / "t.csv",
        f"finding_id,owner,status\n{gap_id('drill')},Pat,closed\n{gap_id('ghost')},Sam,open\n",
    )
    summary = import_tracker_file(workspace, path)
    assert summary.resolved_ids == (gap_id("drill"),)
    assert summary.ignored_ids == (gap_id("ghost"),)
    assert workspace.catalog.actions()[gap_id("drill")].owner == "Pat"
