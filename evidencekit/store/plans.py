"""What the consultant set on Action Plan rows (owner, due, status, note, linked_to),
kept per audit tool in a JSON file of the folder's state directory."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from evidencekit.atomic import write_atomically
from evidencekit.errors import CatalogError
from evidencekit.program.action_plan import StoredPlanRow

PLAN_FILE_NAME = "action-plan.json"


def stored_plan_rows(state_directory: Path, tool_id: str) -> dict[str, StoredPlanRow]:
    """The stored rows of ``tool_id``'s plan, by row id; empty when none were stored."""
    return {
        row_id: StoredPlanRow(**fields)
        for row_id, fields in _read(state_directory).get(tool_id, {}).items()
    }


def save_plan_rows(state_directory: Path, tool_id: str, rows: Mapping[str, StoredPlanRow]) -> None:
    """Replace ``tool_id``'s stored rows with ``rows``."""
    everything = _read(state_directory)
    everything[tool_id] = {row_id: asdict(row) for row_id, row in sorted(rows.items())}
    text = json.dumps(everything, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomically(state_directory / PLAN_FILE_NAME, text)


def _read(state_directory: Path) -> dict:
    path = state_directory / PLAN_FILE_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CatalogError(f"cannot read the stored Action Plan {path}: {error}") from error
    return data if isinstance(data, dict) else {}
