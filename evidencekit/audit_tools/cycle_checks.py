"""The checks of a tool file's certificate cycle: its audit types are the tool's and fit in
the certificate's years, its deadlines are days every year has, and the sources of the
yearly deadline (``deadline_sources``) agree with the deadline the cycle uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Protocol

DataPath = tuple[str | int, ...]


class _Located(Protocol):
    """The loader's locator: turns a path into the data into a problem naming file and line."""

    data: Any

    def problem(self, path: DataPath, message: str, line: int | None = None) -> Any: ...

    def field(self, path: DataPath) -> str: ...


def item_at(data: Any, path: DataPath) -> Any:
    """What ``path`` leads to in a tool file's loaded data, or None where it leads nowhere."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def certificate_cycle_problems(locator: _Located) -> Iterator[Any]:
    """The cycle's audit types are the tool's, fit in the certificate's years, and fall
    due on a day every year has; Action Plans need the cycle (a certificate's validity)."""
    cycle = item_at(locator.data, ("certificate_cycle",))
    if not isinstance(cycle, dict):
        if isinstance(item_at(locator.data, ("action_plans",)), dict):
            yield locator.problem(
                ("action_plans",),
                "action_plans needs a certificate_cycle block (the certificate's validity "
                "and its audit cycle, on which eligibility is decided)",
            )
        return
    audit_types = item_at(locator.data, ("audit_types",))
    defined = set(audit_types) if isinstance(audit_types, dict) else set()
    named: list[tuple[DataPath, object]] = []
    after = cycle.get("after_certifying")
    after = after if isinstance(after, list) else []
    named += [(("certificate_cycle", "after_certifying", i), name) for i, name in enumerate(after)]
    alternatives = cycle.get("alternatives")
    for due, stand_ins in alternatives.items() if isinstance(alternatives, dict) else ():
        named.append((("certificate_cycle", "alternatives", due), due))
        for i, name in enumerate(stand_ins if isinstance(stand_ins, list) else []):
            named.append((("certificate_cycle", "alternatives", due, i), name))
    for path, name in named:
        if isinstance(name, str) and name not in defined:
            yield locator.problem(
                path, f"{locator.field(path)}: {name!r} is not one of the tool's audit_types"
            )
    years = cycle.get("validity_years")
    if _is_number(years) and len(after) >= years:
        path = ("certificate_cycle", "after_certifying")
        yield locator.problem(
            path,
            f"{locator.field(path)}: {len(after)} yearly audits do not fit in a certificate of "
            f"{years} years (the last year is the recertification's)",
        )
    deadline = cycle.get("interim_deadline")
    if isinstance(deadline, str) and not _every_year_has(deadline):
        path = ("certificate_cycle", "interim_deadline")
        yield locator.problem(
            path, f"{locator.field(path)}: {deadline!r} is not a day every year has"
        )
    yield from _deadline_source_problems(locator, cycle)


def _deadline_source_problems(locator: _Located, cycle: dict) -> Iterator[Any]:
    """Each source's deadline is a day every year has (or the anniversary) and is listed
    once; the interim deadline is one of them, since the sources are what it rests on."""
    sources = cycle.get("deadline_sources")
    if not isinstance(sources, list):
        return
    said: dict[str, int] = {}
    for index, item in enumerate(sources):
        deadline = item.get("deadline") if isinstance(item, dict) else None
        if not isinstance(deadline, str):
            continue
        path = ("certificate_cycle", "deadline_sources", index, "deadline")
        if deadline != "anniversary" and not _every_year_has(deadline):
            yield locator.problem(
                path, f"{locator.field(path)}: {deadline!r} is not a day every year has"
            )
        elif deadline in said:
            yield locator.problem(
                path,
                f"{locator.field(path)}: {deadline!r} is already deadline_sources[{said[deadline]}]"
                "'s; name every source that says it in that one entry",
            )
        else:
            said[deadline] = index
    interim = cycle.get("interim_deadline")
    if said and isinstance(interim, str) and _every_year_has(interim) and interim not in said:
        path = ("certificate_cycle", "interim_deadline")
        yield locator.problem(
            path,
            f"{locator.field(path)}: {interim!r} is not a deadline any of deadline_sources"
            f" gives ({', '.join(said)})",
        )


def _every_year_has(month_day: str) -> bool:
    try:
        date.fromisoformat(f"2027-{month_day}")  # 2027 is no leap year
    except ValueError:
        return False
    return True
