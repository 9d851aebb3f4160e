"""Modified copies of the bundled COR tool, changed the way a next version would be."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from evidencekit.audit_tools.schema import mappings_dir

COR = mappings_dir() / "acsa-cor-2019.yaml"
NEXT_ID = "acsa-cor-2026"

#: The next version the tests and the README's example use: one requirement renumbered,
#: one reworded, one removed, points changed.
RENUMBERED = ("cor2019-1.1", "cor2019-1.9")
REWORDED = (
    "cor2019-9.3",
    "Every incident and near miss is investigated, and the investigation looks for the "
    "root causes and contributing factors, not only at what the worker did.",
)
REMOVED = "cor2019-10.3"
POINTS = {"cor2019-7.2": 15, "cor2019-6.1": 25}

Edit = Callable[[dict], None]


def cor_copy(
    directory: Path,
    tool_id: str = NEXT_ID,
    renumber: dict[str, str] | None = None,
    reword: dict[str, str] | None = None,
    remove: tuple[str, ...] = (),
    points: dict[str, int] | None = None,
    edit: Edit | None = None,
) -> Path:
    """Write a copy of the bundled COR tool with ``tool_id`` and the changes asked for
    (``edit`` gets the whole data to change anything else); returns the file."""
    data = yaml.safe_load(COR.read_text(encoding="utf-8"))
    data["id"] = tool_id
    data["version"] = tool_id.rsplit("-", 1)[-1]
    # Installed beside the bundled versions, a copy dated like them would overlap their
    # periods (refused); as a test partner's undated tool it is in force on any audit date.
    data.pop("in_force", None)
    data["partner"] = f"{data['partner']}, test copy"
    for element in data["elements"]:
        kept = []
        for requirement in element["requirements"]:
            if requirement["id"] in remove:
                continue
            requirement["id"] = (renumber or {}).get(requirement["id"], requirement["id"])
            requirement["summary"] = (reword or {}).get(requirement["id"], requirement["summary"])
            requirement["points"] = (points or {}).get(requirement["id"], requirement["points"])
            kept.append(requirement)
        element["requirements"] = kept
    for block in set(data) - {"elements"}:
        data[block] = _follow_ids(data[block], renumber or {}, set(remove))
    if edit is not None:
        edit(data)
    _drop_undefined_audit_types(data)
    path = directory / f"{tool_id}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _follow_ids(value: object, renumber: dict[str, str], removed: set[str]) -> object:
    """Other blocks (preparation, training) name requirements too: a next version renames
    them with their requirement and leaves out what names a removed one."""
    if isinstance(value, str):
        return renumber.get(value, value)
    if isinstance(value, list):
        return [
            _follow_ids(item, renumber, removed)
            for item in value
            if not (isinstance(item, dict) and item.get("requirement") in removed)
            and not (isinstance(item, str) and item in removed)
        ]
    if isinstance(value, dict):
        return {
            renumber.get(key, key): _follow_ids(item, renumber, removed)
            for key, item in value.items()
            if key not in removed
        }
    return value


def _drop_undefined_audit_types(data: dict) -> None:
    """A next version that drops an audit type drops it from its certificate cycle too."""
    cycle = data.get("certificate_cycle")
    if not isinstance(cycle, dict):
        return
    defined = set(data.get("audit_types", {}))
    cycle["after_certifying"] = [name for name in cycle["after_certifying"] if name in defined]
    alternatives = {
        due: [name for name in stand_ins if name in defined]
        for due, stand_ins in cycle.get("alternatives", {}).items()
        if due in defined
    }
    cycle["alternatives"] = {due: names for due, names in alternatives.items() if names}
    if not cycle["alternatives"]:
        del cycle["alternatives"]


def next_version(directory: Path, tool_id: str = NEXT_ID, edit: Edit | None = None) -> Path:
    """The next version: ``RENUMBERED``, ``REWORDED``, ``REMOVED`` and ``POINTS`` applied."""
    return cor_copy(
        directory,
        tool_id,
        renumber=dict([RENUMBERED]),
        reword=dict([REWORDED]),
        remove=(REMOVED,),
        points=POINTS,
        edit=edit,
    )


def requirement_of(data: dict, requirement_id: str) -> dict:
    """The requirement ``requirement_id`` in a tool's raw data, to edit it."""
    return next(
        requirement
        for element in data["elements"]
        for requirement in element["requirements"]
        if requirement["id"] == requirement_id
    )
