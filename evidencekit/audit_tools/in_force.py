"""Rules carry their dates: the checks of a tool file's ``in_force`` periods, the choice of
the tool versions in force on an audit date, and a tool seen as of that date (only the
requirements, audit types and training rules in force that day, and only the documents
written by then).

A period runs from ``from`` to ``until``, both days included. An entry may name the entry
it ``replaces`` (a training rule changed on 1 January 2024): the two must not both apply
on any day. Of two versions of one partner's tool for one program in force on a day, the
one that took effect later is used (a plugin's newer version supersedes a bundled one
whose end is not known yet); two that took effect the same day would make the tool of an
audit date a guess, and are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

from evidencekit.models import AuditTool, EvidenceMap, InForce
from evidencekit.periods import parse_date

DataPath = tuple[str | int, ...]


class _Located(Protocol):
    """The loader's locator: turns a path into the data into a problem naming file and line."""

    data: Any

    def problem(self, path: DataPath, message: str, line: int | None = None) -> Any: ...

    def field(self, path: DataPath) -> str: ...


def _at(locator: _Located, path: DataPath, message: str) -> Any:
    """A problem at ``path`` whose message starts with the field it is about."""
    return locator.problem(path, f"{locator.field(path)}: {message}")


# --- reading a period --------------------------------------------------------------------


def in_force_of(data: Any) -> InForce:
    """The period of an ``in_force`` block already checked by ``period_problems``."""
    if not isinstance(data, dict):
        return InForce()
    return InForce(
        start=_day(data.get("from")), end=_day(data.get("until")), source=data.get("source", "")
    )


def _day(text: Any) -> date | None:
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- the checks of one file --------------------------------------------------------------


@dataclass(frozen=True)
class _Dated:
    """One entry that may carry a period: where it is, how a message names it."""

    path: DataPath
    name: str
    entry: dict
    #: The id another entry of the same list may name in ``replaces``.
    key: str | None = None


def period_problems(locator: _Located) -> Iterator[Any]:
    """Every period that is not a real span of days, reaches outside the tool's own, or
    overlaps the one of the entry it replaces."""
    data = locator.data
    if not isinstance(data, dict):
        return
    tool = _Dated((), "the tool", data)
    yield from _own_period_problems(locator, tool)
    tool_period = _checked_period(data.get("in_force"))
    for family in _families(data):
        for item in family:
            yield from _own_period_problems(locator, item)
            period = _checked_period(item.entry.get("in_force"))
            if tool_period is not None and period is not None:
                yield from _outside_tool_problems(locator, item, period, tool_period)
        yield from _replacement_problems(locator, family)


def _families(data: dict) -> Iterator[list[_Dated]]:
    """The lists whose entries may replace one another: requirements (across elements),
    training rules; and the audit types, which only carry periods."""
    requirements: list[_Dated] = []
    elements = data.get("elements")
    for e_index, element in enumerate(elements if isinstance(elements, list) else []):
        items = element.get("requirements") if isinstance(element, dict) else None
        for r_index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                key = item.get("id") if isinstance(item.get("id"), str) else None
                path = ("elements", e_index, "requirements", r_index)
                requirements.append(_Dated(path, "requirement", item, key))
    yield requirements
    training = data.get("training_requirements")
    rules = training.get("required") if isinstance(training, dict) else None
    yield [
        _Dated(
            ("training_requirements", "required", index),
            f"training rule {item.get('id')!r}",
            item,
            item.get("id") if isinstance(item.get("id"), str) else None,
        )
        for index, item in enumerate(rules if isinstance(rules, list) else [])
        if isinstance(item, dict)
    ]
    kinds = data.get("audit_types")
    yield [
        _Dated(("audit_types", name), f"audit type {name!r}", marks)
        for name, marks in (kinds.items() if isinstance(kinds, dict) else ())
        if isinstance(marks, dict)
    ]


def _checked_period(block: Any) -> InForce | None:
    """The period of a block whose dates are real days and in order, else ``None``."""
    if not isinstance(block, dict):
        return None
    period = in_force_of(block)
    if any(isinstance(block.get(key), str) and day is None for key, day in _ends(period)):
        return None
    if period.start and period.end and period.end < period.start:
        return None
    return period


def _ends(period: InForce) -> tuple[tuple[str, date | None], ...]:
    return (("from", period.start), ("until", period.end))


def _own_period_problems(locator: _Located, item: _Dated) -> Iterator[Any]:
    block = item.entry.get("in_force")
    if not isinstance(block, dict):
        return
    path = (*item.path, "in_force")
    period = in_force_of(block)
    for key, day in _ends(period):
        text = block.get(key)
        # A text that is not YYYY-MM-DD at all is the schema's problem, already reported.
        if isinstance(text, str) and len(text) == 10 and day is None:
            yield _at(locator, (*path, key), f"{text!r} is not a day of the calendar")
    if "from" not in block and "until" not in block:
        yield _at(locator, path, "give from, until or both (the days it applies)")
    if period.start and period.end and period.end < period.start:
        yield _at(
            locator,
            path,
            f"until {period.end} is before from {period.start}, so {item.name} never applies",
        )


def _outside_tool_problems(
    locator: _Located, item: _Dated, period: InForce, tool_period: InForce
) -> Iterator[Any]:
    early = period.start is None and tool_period.start is not None
    early = early or bool(period.start and tool_period.start and period.start < tool_period.start)
    late = period.end is None and tool_period.end is not None
    late = late or bool(period.end and tool_period.end and period.end > tool_period.end)
    if (early and period.start is not None) or (late and period.end is not None):
        yield _at(
            locator,
            (*item.path, "in_force"),
            f"{period.describe()} reaches outside the tool's own period "
            f"({tool_period.describe()}): {item.name} would apply on days the tool does not",
        )


def _replacement_problems(locator: _Located, family: Sequence[_Dated]) -> Iterator[Any]:
    by_key = {item.key: item for item in family if item.key is not None}
    for item in family:
        replaced_id = item.entry.get("replaces")
        if not isinstance(replaced_id, str):
            continue
        path = (*item.path, "replaces")
        old = by_key.get(replaced_id)
        if old is None or old is item:
            yield _at(locator, path, f"no other {item.name.split()[0]} has the id {replaced_id!r}")
            continue
        new_period = _checked_period(item.entry.get("in_force"))
        old_period = _checked_period(old.entry.get("in_force"))
        if new_period is None or new_period.start is None:
            yield _at(
                locator,
                path,
                f"{replaced_id!r} is replaced: give in_force.from, the day of the change",
            )
        elif old_period is None or old_period.end is None or old_period.end >= new_period.start:
            ends = old_period.describe() if old_period else "always"
            yield _at(
                locator,
                path,
                f"{replaced_id!r} is in force {ends}: both would apply from "
                f"{new_period.start}; end {replaced_id!r} by "
                f"{new_period.start - timedelta(days=1)} (its in_force.until)",
            )


# --- a tool as of an audit date ----------------------------------------------------------


def tools_in_force(tools: Iterable[AuditTool], day: date) -> list[AuditTool]:
    """The tools used for audits on ``day``, in the order given: those in force, each the
    newest version of its partner's tool for its program."""
    covering = [tool for tool in tools if tool.in_force.covers(day)]
    newest: dict[tuple[str, str], AuditTool] = {}
    for tool in covering:
        held = newest.get((tool.partner, tool.program))
        if held is None or _start(tool) > _start(held):
            newest[(tool.partner, tool.program)] = tool
    return [tool for tool in covering if newest[(tool.partner, tool.program)] is tool]


def _start(tool: AuditTool) -> date:
    return tool.in_force.start or date.min


def tool_as_of(tool: AuditTool, day: date) -> AuditTool:
    """``tool`` with only the requirements, audit types and training rules in force on
    ``day``; an element left without requirements is left out."""
    elements = []
    for element in tool.elements:
        kept = tuple(req for req in element.requirements if req.in_force.covers(day))
        if kept:
            elements.append(replace(element, requirements=kept))
    training = tool.training_requirements
    if training is not None:
        training = replace(
            training,
            required=tuple(rule for rule in training.required if rule.in_force.covers(day)),
        )
    return replace(
        tool,
        elements=tuple(elements),
        audit_types=tuple(kind for kind in tool.audit_types if kind.in_force.covers(day)),
        training_requirements=training,
    )


def rules_applied_note(tool: AuditTool, day: date) -> str:
    """One sentence: the rules of ``tool`` applied as in force on ``day``, and the dated
    ones that were not (ended before it, or not yet in force)."""
    said = f"Rules as in force on {day}: {tool.id}"
    if tool.in_force.dated:
        said += f" ({tool.in_force.describe()})"
    left_out = [
        f"{what} ({period.describe()})"
        for what, period in _dated_rules(tool)
        if not period.covers(day)
    ]
    if left_out:
        said += "; not applied: " + ", ".join(left_out)
    return said + "."


def _dated_rules(tool: AuditTool) -> Iterator[tuple[str, InForce]]:
    for requirement in tool.requirements():
        if requirement.in_force.dated:
            yield f"requirement {requirement.id}", requirement.in_force
    for kind in tool.audit_types:
        if kind.in_force.dated:
            yield f"{kind.name} audits", kind.in_force
    if tool.training_requirements is not None:
        for rule in tool.training_requirements.required:
            if rule.in_force.dated:
                yield f"training rule {rule.id}", rule.in_force


# --- versions of one tool ----------------------------------------------------------------


def overlapping_versions(
    tools: Sequence[AuditTool], where: Callable[[AuditTool], str]
) -> list[str]:
    """A problem for each two versions of one partner's tool for one program that took
    effect the same day and are both in force on some day; ``where`` names a tool's file
    and the line of its period."""
    problems = []
    for index, first in enumerate(tools):
        for second in tools[index + 1 :]:
            same_tool = (first.partner, first.program) == (second.partner, second.program)
            same_start = first.in_force.start == second.in_force.start
            if same_tool and same_start and _overlap(first.in_force, second.in_force):
                problems.append(
                    f"{where(second)}: {second.id} is in force {second.in_force.describe()}, "
                    f"as {first.id} is ({first.in_force.describe()}, {where(first)}): both "
                    f"are {first.partner} {first.program} tools taking effect the same day, "
                    "so an audit date in both periods has no one tool; give the newer "
                    "version its in_force.from"
                )
    return problems


def _overlap(one: InForce, other: InForce) -> bool:
    starts_before_other_ends = one.start is None or other.end is None or one.start <= other.end
    ends_after_other_starts = one.end is None or other.start is None or other.start <= one.end
    return starts_before_other_ends and ends_after_other_starts


def evidence_map_as_of(evidence_map: EvidenceMap, day: date) -> EvidenceMap:
    """``evidence_map`` with its tool seen as of ``day``, only the requirements in force,
    and only the documents that existed that day (``written_after``)."""
    tool = tool_as_of(evidence_map.tool, day)
    kept = {requirement.id for requirement in tool.requirements()}
    later = written_after(evidence_map, day)
    return replace(
        evidence_map,
        tool=tool,
        requirements=tuple(
            replace(entry, links=tuple(link for link in entry.links if link.path not in later))
            for entry in evidence_map.requirements
            if entry.requirement.id in kept
        ),
        documents=tuple(doc for doc in evidence_map.documents if doc.path not in later),
        unmapped=tuple(path for path in evidence_map.unmapped if path not in later),
    )


def written_after(evidence_map: EvidenceMap, day: date) -> set[str]:
    """The documents dated after ``day``: on that day they did not exist yet, so an audit
    as of an earlier date cannot see them. An undated document stays."""
    return {
        document.path
        for document in evidence_map.documents
        if (written := parse_date(document.date)) is not None and written > day
    }
