"""Changing a company profile: one field by a dotted key (``profile FOLDER set``) or the
whole YAML text (``profile FOLDER edit``). Either way the result is validated by the
profile's own validator before the caller writes anything, so a bad value leaves the
file as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from evidencekit.profile.model import (
    DEFAULT_VALIDITY_YEARS,
    CompanyProfile,
    ProfileError,
    ValidityYears,
    parse_profile_text,
    profile_as_dict,
    profile_from_data,
)

#: Fields whose value is kept as typed: ``set company 3M`` is a name, not a number.
TEXT_FIELDS = frozenset(
    {"company", "headcount_note", "partner", "name", "kind", "role", "site", "tool", "level"}
    | {"employment", "program", "audit_type"}
)
#: Lists given as ``a,b,c`` (or as YAML, ``[a, "b, c"]``, when a name holds a comma), at
#: any depth (a role's shifts and sites too) ...
LIST_FIELDS = frozenset({"shifts", "sites", "recommendations"})
#: ... and at the top only: a role's ``people`` is a number.
TOP_LIST_FIELDS = LIST_FIELDS | {"people", "roles"}
#: Lists whose items are named mappings: ``roles.Foreman.people`` finds the item by name,
#: and a list of names keeps the details of the items it names again.
NAMED_LISTS = frozenset({"sites", "roles", "people"})
_INDEX = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<index>\d+)\]$")

#: What ``profile FOLDER edit`` starts from when there is no profile yet.
NEW_PROFILE_TEMPLATE = """\
# Company profile for evidencekit (YAML). Remove the # before a line to fill it in.
# headcount counts everyone on the WCB account in the past 12 months: owners, managers,
# family members, office staff, part-time, seasonal and temporary workers, volunteers.
# company: Example Construction Ltd.
# headcount: 12
# headcount_note: how it was counted
# partner: ACSA
# shifts: [day]
# sites:
#   - {name: Main yard, kind: yard}
#   - {name: Job site A, kind: field, active: true}
# roles:            # level: senior-management, supervisor or worker;
#                   # employment: full-time, part-time, seasonal or subcontractor
#   - {name: Owner, people: 1, level: senior-management}
#   - {name: Labourer, people: 8, shifts: [day], sites: [Job site A]}
# people:
#   - {name: Pat Example, role: Owner}
# certificates:     # past audits, oldest first
#   - program: COR
#     audit_type: certification    # certification, recertification, maintenance, action-plan
#     date: 2024-11-20
#     tool: acsa-cor-2019
#     overall: 86.5
#     elements: {"1": 90, "2": 75}
#     recommendations: [Review the policy yearly]
# health_safety_representative: true
# answers: {}
"""


@dataclass(frozen=True)
class Validation:
    """What the validator checks a changed profile against."""

    today: date
    tool_programs: Mapping[str, str] | None = None
    validity_years: ValidityYears = DEFAULT_VALIDITY_YEARS


def profile_with_value(
    profile: CompanyProfile, key: str, value: str, validation: Validation
) -> CompanyProfile:
    """``profile`` with the field ``key`` (``headcount``, ``roles.Foreman.people``,
    ``certificates[0].overall``, ``answers.ID``) set to ``value``; an empty ``value``
    removes the field. Raises ``ProfileError`` naming the field when the result is invalid.
    """
    data = profile_as_dict(profile)
    steps = _key_steps(key, data)
    container, last = _container_of(data, steps, key)
    if value.strip() == "":
        _remove(container, last, key)
    else:
        container[last] = _typed_value(steps, value, _current(container, last))
    return validated(data, validation)


def validated(data: Any, validation: Validation) -> CompanyProfile:
    """The profile ``data`` describes, or ``ProfileError`` naming the first bad field."""
    return _named_once(
        profile_from_data(
            data,
            today=validation.today,
            tool_programs=validation.tool_programs,
            validity_years=validation.validity_years,
        )
    )


def profile_from_edited_text(text: str, source: str, validation: Validation) -> CompanyProfile:
    """The profile an edited YAML text describes; ``ProfileError`` names the bad field."""
    profile = parse_profile_text(
        text,
        source,
        today=validation.today,
        tool_programs=validation.tool_programs,
        validity_years=validation.validity_years,
    )
    try:
        return _named_once(profile)
    except ProfileError as error:
        raise ProfileError(f"{source}: {error}") from None


def _named_once(profile: CompanyProfile) -> CompanyProfile:
    """``profile``, or ``ProfileError`` when a site, role or person is named twice: a
    dotted key finds an item by its name whatever its case, so two items of one name
    (``Ann`` and ``ann``) could not be told apart."""
    for field_name in ("sites", "roles", "people"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(profile, field_name)):
            if item.name.casefold() in seen:
                raise ProfileError(f"{field_name}[{index}]: {item.name!r} is listed twice")
            seen.add(item.name.casefold())
    return profile


def _key_steps(key: str, data: Any) -> list[str | int]:
    """``roles[2].people`` and ``roles.2.people`` -> ``["roles", 2, "people"]``. A name
    the profile holds is matched whole, longest first, before the key is split at its
    dots: ``roles.Apex Drywall Ltd. drywaller.people``."""
    if not key.strip():
        raise ProfileError("KEY: give the field to set, such as headcount or company")
    steps: list[str | int] = []
    node: Any = data
    rest = key.strip()
    while True:
        name = _item_name_at(rest, node, steps[-1] if steps else None)
        part = name if name is not None else rest.split(".", 1)[0]
        match = None if name is not None else _INDEX.match(part)
        parsed: list[str | int]
        if match:
            parsed = [match["name"], int(match["index"])]
        elif name is None and part.isdigit():
            parsed = [int(part)]
        elif part:
            parsed = [part]
        else:
            raise ProfileError(f"{key}: a key's parts are joined by single dots")
        for step in parsed:
            steps.append(step)
            node = _item_at(node, step)
        if len(rest) == len(part):
            break
        rest = rest[len(part) + 1 :]
        if not rest:
            raise ProfileError(f"{key}: a key's parts are joined by single dots")
    if not isinstance(steps[0], str):
        raise ProfileError(f"{key}: a key starts with a field name")
    return steps


def _item_name_at(rest: str, node: Any, list_name: str | int | None) -> str | None:
    """The longest name of an item of the named list ``node`` that ``rest`` starts with,
    as typed, when that name is all of ``rest`` or followed by a dot."""
    if not isinstance(node, list) or list_name not in NAMED_LISTS:
        return None
    names = (item.get("name") if isinstance(item, dict) else item for item in node)
    known = [
        name
        for name in names
        if isinstance(name, str)
        and name
        and rest[: len(name)].casefold() == name.casefold()
        and rest[len(name) : len(name) + 1] in ("", ".")
    ]
    longest = max(known, key=len, default=None)
    return None if longest is None else rest[: len(longest)]


def _item_at(node: Any, step: str | int) -> Any:
    """What the profile holds at ``step`` inside ``node`` (None where nothing is)."""
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list):
        if isinstance(step, int):
            return node[step] if step < len(node) else None
        for item in node:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name.casefold() == step.casefold():
                return item
    return None


def _container_of(data: dict, steps: list[str | int], key: str) -> tuple[Any, str | int]:
    """The mapping or list holding the last step, created along the way where missing."""
    container: Any = data
    for position, step in enumerate(steps[:-1]):
        following = steps[position + 1]
        if isinstance(container, list):
            container = container[_list_index(container, step, steps[position - 1], key)]
            continue
        if not isinstance(container, dict):
            raise _no_fields(key, steps[:position])
        if step not in container or container[step] is None:
            listed = _is_list(steps[: position + 1]) or isinstance(following, int)
            container[step] = [] if listed else {}
        container = container[step]
    if isinstance(container, list):
        return container, _list_index(container, steps[-1], steps[-2], key)
    if not isinstance(container, dict):
        raise _no_fields(key, steps[:-1])
    return container, steps[-1]


def _no_fields(key: str, steps: list[str | int]) -> ProfileError:
    """A key reaching inside a plain value: ``headcount.foo: headcount has no fields``."""
    path = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps)
    return ProfileError(f"{key}: {path.lstrip('.')} has no fields")


def _list_index(items: list, step: str | int, list_name: str | int, key: str) -> int:
    """The list's item numbered ``step`` or, in a list of named items, named ``step``;
    a new named item (``roles.Welder.people 2`` adds the role Welder)."""
    if isinstance(step, int):
        if step >= len(items):
            raise ProfileError(f"{key}: {list_name} has {len(items)} items, numbered from 0")
        return step
    if list_name not in NAMED_LISTS:
        raise ProfileError(f"{key}: {list_name} items are numbered, as {list_name}[0]")
    for index, item in enumerate(items):
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.casefold() == step.casefold():
            if not isinstance(item, dict):
                items[index] = {"name": name}
            return index
    items.append({"name": step})
    return len(items) - 1


def _current(container: Any, last: str | int) -> Any:
    if isinstance(container, list):
        return container[last] if isinstance(last, int) else None
    return container.get(last)


def _remove(container: Any, last: str | int, key: str) -> None:
    if isinstance(container, list):
        del container[last]  # type: ignore[arg-type]
    elif last in container:
        del container[last]
    else:
        raise ProfileError(f"{key}: not set, nothing to remove")


def _is_list(steps: list[str | int]) -> bool:
    return steps[-1] in (TOP_LIST_FIELDS if len(steps) == 1 else LIST_FIELDS)


def _typed_value(steps: list[str | int], text: str, current: Any) -> Any:
    """The value as the field takes it: text as typed, lists split at commas (or YAML),
    numbers, true/false and dates read as YAML."""
    import yaml

    field = steps[-1]
    if _is_list(steps):
        names = _listed(text)
        if len(steps) > 1 or field not in NAMED_LISTS:
            return names
        return [_kept_details(name, current if isinstance(current, list) else []) for name in names]
    if field in TEXT_FIELDS:
        return text.strip()
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text.strip()


def _listed(text: str) -> list[Any]:
    import yaml

    if text.lstrip().startswith("["):
        try:
            items = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise ProfileError(f"{text!r}: not a valid YAML list") from error
        return items if isinstance(items, list) else [items]
    return [item.strip() for item in text.split(",") if item.strip()]


def _kept_details(name: Any, current: list) -> Any:
    """A named item listed again keeps what the profile already says of it."""
    if not isinstance(name, str):
        return name
    for item in current:
        if isinstance(item, dict) and str(item.get("name", "")).casefold() == name.casefold():
            return item
    return {"name": name}
