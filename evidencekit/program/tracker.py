"""The corrective action tracker: findings merged with the consultant's owner, due date,
status and note, and the reading of a tracker the consultant edited and sends back.

A tracker row is keyed by the finding's stable id. Decisions made here:

* A finding the consultant marked ``closed`` that a later check still (or again) finds
  keeps its status ``closed`` and is flagged ``reappeared``: the tracker says what the
  consultant decided and, beside it, that the evidence disagrees.
* A tracked finding that is no longer found stays in the tracker, after the current
  findings, with its owner, due date and status kept and the finding text
  ``no longer found``, so the client sees the gap resolved rather than silently gone.
* Importing stores every row, also rows whose finding id the last check did not find
  (an older tracker, a finding since fixed); they are counted back to the consultant.
* A column missing from the imported file leaves that field as stored; an empty status
  cell means ``open``. Row numbers in messages are spreadsheet rows (the header is row 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from evidencekit.errors import UsageError
from evidencekit.models import Finding, Readiness, TrackedAction
from evidencekit.sheets import (
    cell_in,
    column_positions,
    csv_table,
    is_blank,
    valid_due,
    xlsx_table,
)
from evidencekit.store.catalog import StoredAction

STATUSES = ("open", "in-progress", "closed")
NO_LONGER_FOUND = "no longer found"
#: The columns a tracker export has, in order; import reads those it knows by name.
COLUMNS = (
    "finding_id",
    "severity",
    "kind",
    "element",
    "requirement",
    "finding",
    "action",
    "owner",
    "due",
    "status",
    "note",
    "reappeared",
)
#: ``(owner, due, status, note)`` of a finding nobody has acted on yet.
UNTOUCHED = ("", "", "open", "")


@dataclass(frozen=True)
class TrackerRow:
    """One line of the tracker: a finding (current or once tracked) and its action."""

    finding_id: str
    kind: str
    severity: str
    element: str
    requirement: str
    finding: str
    action: str
    owner: str
    due: str
    status: str
    note: str
    reappeared: bool


@dataclass(frozen=True)
class ImportedRow:
    """One row of an edited tracker; ``None`` where the file has no such column."""

    row: int
    finding_id: str
    owner: str | None
    due: str | None
    status: str | None
    note: str | None


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed, and which of its rows name findings not found now.

    Of those, ``ignored_ids`` were never tracked either (a mistyped id, a row of another
    folder's tracker): they are not stored.
    """

    updated: int
    unknown_ids: tuple[str, ...]
    ignored_ids: tuple[str, ...] = ()
    #: Found by an earlier check, no longer by the last one: resolved since the export.
    resolved_ids: tuple[str, ...] = ()


def tracker_rows(readiness: Readiness) -> list[TrackerRow]:
    """The current findings with the actions the assessment carries (``Readiness.actions``,
    the one store every output reads), then tracked findings now gone."""
    actions = readiness.actions
    rows = [_current_row(finding, actions.get(finding.id)) for finding in readiness.findings]
    found = {finding.id for finding in readiness.findings}
    rows += [_resolved_row(key, stored) for key, stored in actions.items() if key not in found]
    return rows


def _current_row(finding: Finding, stored: TrackedAction | None) -> TrackerRow:
    status = stored.status if stored else "open"
    return TrackerRow(
        finding_id=finding.id,
        kind=finding.kind,
        severity=str(finding.severity),
        element=finding.element_id,
        requirement=finding.requirement_id or "",
        finding=finding.message,
        action=finding.action,
        owner=stored.owner if stored else finding.owner or "",
        due=stored.due if stored else "",
        status=status,
        note=stored.note if stored else "",
        reappeared=status == "closed",
    )


def _resolved_row(finding_id: str, stored: TrackedAction) -> TrackerRow:
    return TrackerRow(
        finding_id=finding_id,
        kind="",
        severity="",
        element="",
        requirement="",
        finding=NO_LONGER_FOUND,
        action="",
        owner=stored.owner,
        due=stored.due,
        status=stored.status,
        note=stored.note,
        reappeared=False,
    )


def merged_action(
    imported: ImportedRow, stored: StoredAction | None, suggested_owner: str = ""
) -> tuple[str, str, str, str] | None:
    """``(owner, due, status, note)`` to store: imported values, stored ones where absent.

    ``None`` when there is nothing to store: a finding not tracked yet, left as the
    tracker showed it (open, with the owner the evidence names, if any).
    """
    untouched = (suggested_owner, *UNTOUCHED[1:])
    defaults = stored or StoredAction(imported.finding_id, *untouched, "")
    owner = imported.owner
    if stored is None and not owner:
        # A tracker exported before the owner was suggested has the cell empty: that
        # is not someone removing the owner the evidence names.
        owner = None
    action = (
        defaults.owner if owner is None else owner,
        defaults.due if imported.due is None else imported.due,
        defaults.status if imported.status is None else imported.status,
        defaults.note if imported.note is None else imported.note,
    )
    return None if stored is None and action == untouched else action


# --- reading an edited tracker -------------------------------------------------------------


def import_tracker(path: Path) -> list[ImportedRow]:
    """Read and validate a tracker the consultant edited (``.csv`` or ``.xlsx``)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = csv_table(path)
    elif suffix == ".xlsx":
        table = xlsx_table(path)
    else:
        raise UsageError(f"{path} is not a tracker: give a .csv or .xlsx file")
    return _validated_rows(path, table)


def _validated_rows(path: Path, table: list[list[object]]) -> list[ImportedRow]:
    if not table:
        raise UsageError(f"{path} is empty; it needs a header row with a finding_id column")
    columns = _column_positions(path, table[0])
    rows: list[ImportedRow] = []
    first_row: dict[str, int] = {}
    for number, values in _data_rows(table):
        imported = _imported_row(path, number, columns, values)
        if imported is None:
            continue
        if imported.finding_id in first_row:
            raise UsageError(
                f"{path} row {number}: finding {imported.finding_id} is already in "
                f"row {first_row[imported.finding_id]}; keep one row per finding"
            )
        first_row[imported.finding_id] = number
        rows.append(imported)
    return rows


def _data_rows(table: list[list[object]]) -> Iterator[tuple[int, list[object]]]:
    # Numbered as a spreadsheet shows them: the header is row 1.
    return enumerate(table[1:], start=2)


def _column_positions(path: Path, header: Iterable[object]) -> dict[str, int]:
    positions = column_positions(header)
    if "finding_id" not in positions:
        raise UsageError(
            f"{path} has no finding_id column; its header row must name the columns "
            f"as the exported tracker does ({', '.join(COLUMNS)})"
        )
    return positions


def _imported_row(
    path: Path, number: int, columns: dict[str, int], values: list[object]
) -> ImportedRow | None:
    def cell(name: str) -> str | None:
        return cell_in(values, columns, name)

    finding_id = cell("finding_id") or ""
    if not finding_id:
        if not is_blank(values):
            raise UsageError(f"{path} row {number}: the finding_id cell is empty")
        return None  # Blank rows, as spreadsheets leave them at the end, are no rows.
    return ImportedRow(
        row=number,
        finding_id=finding_id,
        owner=cell("owner"),
        due=valid_due(path, number, cell("due")),
        status=_valid_status(path, number, cell("status")),
        note=cell("note"),
    )


def _valid_status(path: Path, number: int, status: str | None) -> str | None:
    if status is None:
        return None
    # People type "In progress" or "in_progress"; the tracker's list says "in-progress".
    normal = re.sub(r"[\s_]+", "-", status.lower()) or "open"
    if normal not in STATUSES:
        raise UsageError(
            f"{path} row {number}: status {status!r} is not one of {', '.join(STATUSES)}"
        )
    return normal
