"""Renders an audit tool version diff, with a folder's carry-over when there is one: the
terminal summary, Markdown and JSON (layout version ``JSON_SCHEMA_VERSION``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import click

from evidencekit.audit_tools.diff import (
    MINOR_REWORDING_MIN,
    RENUMBERED_MIN_EVIDENCE,
    RENUMBERED_MIN_TEXT,
    SAME_ID_MIN_TEXT,
    CarryStatus,
    DecisionCarry,
    FolderComparison,
    LinkCarry,
    RequirementChange,
    ToolDiff,
    verification_letters,
)
from evidencekit.figures import percent, percent_figure
from evidencekit.models import AuditTool, Readiness, Requirement
from evidencekit.report.readiness import VERDICTS
from evidencekit.report.untrusted import for_markdown, for_terminal

JSON_SCHEMA_VERSION = 1
#: The formats ``tool_diff_report`` renders.
TOOL_DIFF_FORMATS = ("terminal", "md", "json")

Echo = Callable[[str], None]


def tool_diff_report(
    diff: ToolDiff, comparison: FolderComparison | None, report_format: str
) -> str:
    """The diff as text in ``report_format`` (terminal: without colours)."""
    if report_format == "json":
        data = tool_diff_as_dict(diff, comparison)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if report_format == "md":
        return tool_diff_markdown(diff, comparison)
    if report_format == "terminal":
        lines: list[str] = []
        render_tool_diff(diff, comparison, lines.append)
        return click.unstyle("\n".join(lines)) + "\n"
    raise ValueError(f"no tool diff format {report_format!r}")


# --- words shared by every format -------------------------------------------------------


def _tool_label(tool: AuditTool) -> str:
    return f"{tool.id} ({tool.name} {tool.version})"


def change_words(change: RequirementChange) -> list[str]:
    """What changed in one requirement, each in a few words."""
    if change.added:
        return ["added"]
    if change.removed:
        return ["removed"]
    old, new = change.old, change.new
    assert old is not None and new is not None
    words = []
    if change.renumbered:
        words.append(
            f"renumbered {old.id} → {new.id} (text {change.text_similarity:.2f}, "
            f"evidence {change.evidence_similarity:.2f})"
        )
    if change.reworded:
        words.append(f"reworded (similarity {change.text_similarity:.2f})")
    if change.points_changed:
        words.append(f"points {old.points} → {new.points}")
    if change.verification_changed:
        words.append(f"verification {verification_letters(old)} → {verification_letters(new)}")
    if change.evidence_changed:
        words.append("evidence rules changed")
    words.extend(change.other_changes)
    return words


def _counts(diff: ToolDiff) -> dict[str, int]:
    changes = diff.requirements
    return {
        "added": sum(change.added for change in changes),
        "removed": sum(change.removed for change in changes),
        "renumbered": sum(change.renumbered for change in changes),
        "reworded": sum(change.reworded for change in changes),
        "points_changed": sum(change.points_changed for change in changes),
        "verification_changed": sum(change.verification_changed for change in changes),
        "evidence_changed": sum(change.evidence_changed for change in changes),
    }


def _summary_line(diff: ToolDiff) -> str:
    counts = ", ".join(
        f"{number} {name.replace('_', ' ')}" for name, number in _counts(diff).items()
    )
    return f"{len(diff.old.requirements())} → {len(diff.new.requirements())} requirements: {counts}"


def _thresholds_line() -> str:
    return (
        f"Renumbered: another id, summary similarity ≥ {RENUMBERED_MIN_TEXT:.2f} and evidence "
        f"rules shared ≥ {RENUMBERED_MIN_EVIDENCE:.2f}; the same id with similarity under "
        f"{SAME_ID_MIN_TEXT:.2f} is a different requirement; a rewording under "
        f"{MINOR_REWORDING_MIN:.2f} needs a look."
    )


def _requirement_facts(requirement: Requirement) -> str:
    return f"{verification_letters(requirement)}, {requirement.points} points"


def _element_words(diff: ToolDiff) -> Iterator[str]:
    for element in diff.elements:
        if element.old_name is None:
            yield f"element {element.id} added: {element.new_name}"
        elif element.new_name is None:
            yield f"element {element.id} removed: {element.old_name}"
        else:
            yield f"element {element.id} renamed: {element.old_name} → {element.new_name}"


def _pass_mark_words(diff: ToolDiff) -> Iterator[str]:
    for change in diff.pass_marks:
        yield f"{change.audit_type} {change.mark}: {_mark(change.old)} → {_mark(change.new)}"


def _mark(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _element_rows(
    comparison: FolderComparison,
) -> list[tuple[str, str, float | None, float | None]]:
    """``(element id, name, old %, new %)`` in the new version's order, removed ones last."""
    old = {score.element.id: score for score in comparison.old_readiness.elements}
    new = {score.element.id: score for score in comparison.new_readiness.elements}
    rows = [
        (
            element_id,
            score.element.name,
            old[element_id].documentation_pct if element_id in old else None,
            score.documentation_pct,
        )
        for element_id, score in new.items()
    ]
    rows += [
        (element_id, score.element.name, score.documentation_pct, None)
        for element_id, score in old.items()
        if element_id not in new
    ]
    return rows


def _pct(value: float | None) -> str:
    return "-" if value is None else percent(value)


def _verdict(readiness: Readiness) -> str:
    return VERDICTS[readiness.ready]


def _needing_a_look(carries: tuple[LinkCarry, ...] | tuple[DecisionCarry, ...]) -> list:
    return [carry for carry in carries if carry.status is CarryStatus.NEEDS_A_LOOK]


def _carried(carries: tuple[LinkCarry, ...] | tuple[DecisionCarry, ...]) -> int:
    return sum(carry.status is CarryStatus.CARRIES_OVER for carry in carries)


def _target(old_id: str, new_id: str | None) -> str:
    if new_id is None:
        return f"{old_id} → (none)"
    return old_id if new_id == old_id else f"{old_id} → {new_id}"


def _storage_words(diff: ToolDiff, comparison: FolderComparison) -> str:
    carried = _carried(comparison.decisions)
    if comparison.stored is not None:
        return (
            f"Stored {comparison.stored} of them for {diff.new.id} in the folder's state: "
            f"`evidencekit check FOLDER --tool {diff.new.id}` applies them (with "
            f"{diff.new.id} installed)."
        )
    if not carried:
        return "Nothing to carry over."
    return (
        f"Not stored yet: the {diff.new.id} readiness above assumes them; run again with "
        f"--carry-over to store them for {diff.new.id}."
    )


# --- terminal ---------------------------------------------------------------------------


def render_tool_diff(
    diff: ToolDiff, comparison: FolderComparison | None, echo: Echo = click.echo
) -> None:
    """The terminal report: what changed, then the folder's carry-over and readiness."""
    echo(click.style(f"{_tool_label(diff.old)} → {_tool_label(diff.new)}", bold=True))
    echo(_summary_line(diff))
    for line in [*_element_words(diff), *_pass_mark_words(diff)]:
        echo(f"  {line}")
    echo("")
    for change in diff.changes():
        _echo_change(change, echo)
    echo(_thresholds_line())
    if comparison is not None:
        echo("")
        _echo_folder(diff, comparison, echo)


def _echo_change(change: RequirementChange, echo: Echo) -> None:
    if change.added or change.removed:
        requirement = change.new or change.old
        assert requirement is not None
        sign, kind = ("+", "added") if change.added else ("-", "removed")
        facts = _requirement_facts(requirement)
        echo(f"  {sign} {requirement.id} {kind} ({facts}): {requirement.summary}")
        return
    echo(f"  ~ {change.id}: {'; '.join(change_words(change))}")
    if change.reworded and change.old and change.new:
        echo(f"      was: {change.old.summary}")
        echo(f"      now: {change.new.summary}")
    for entry in change.evidence_added:
        echo(f"      + {entry}")
    for entry in change.evidence_removed:
        echo(f"      - {entry}")


def _echo_folder(diff: ToolDiff, comparison: FolderComparison, echo: Echo) -> None:
    old, new = comparison.old_readiness, comparison.new_readiness
    echo(
        click.style(f"Evidence folder {for_terminal(comparison.folder)}", bold=True)
        + f": {old.audit_type.name} audit on {old.audit_date.isoformat()}"
    )
    width = max(len(diff.old.id), len(diff.new.id), 9)
    echo(f"  {'':<46} {diff.old.id:>{width}} {diff.new.id:>{width}}")
    echo(
        f"  {'overall':<46} {percent(old.overall_documentation_pct):>{width}} "
        f"{percent(new.overall_documentation_pct):>{width}}"
    )
    echo(f"  {'verdict':<46} {_verdict(old):>{width}} {_verdict(new):>{width}}")
    for element_id, name, before, after in _element_rows(comparison):
        echo(f"  {element_id:>3} {name[:42]:<42} {_pct(before):>{width}} {_pct(after):>{width}}")
    echo("")
    look = _needing_a_look(comparison.links)
    echo(
        f"Evidence links: {_carried(comparison.links)} carry over, {len(look)} need a look; "
        f"{len(comparison.new_links)} new under {diff.new.id}"
    )
    for carry in look:
        who = " (yours)" if carry.by_user else ""
        echo(
            f"  ? {_target(carry.old_requirement, carry.new_requirement)} "
            f"{for_terminal(carry.path)}{who}: {carry.reason}"
        )
    for requirement_id, path in comparison.new_links:
        echo(f"  + {requirement_id} {for_terminal(path)}")
    echo("")
    decisions = comparison.decisions
    echo(
        f"Your corrections (evidencekit link): {_carried(decisions)} carry over, "
        f"{len(_needing_a_look(decisions))} need a look"
    )
    for carry in decisions:
        mark = "=" if carry.status is CarryStatus.CARRIES_OVER else "?"
        echo(
            f"  {mark} {carry.decision} {_target(carry.old_requirement, carry.new_requirement)} "
            f"{for_terminal(carry.path)}: {carry.reason}"
        )
    if decisions:
        echo(_storage_words(diff, comparison))
    if _needing_a_look(decisions):
        echo(
            f"Redo a correction that still holds with: evidencekit link FOLDER add|reject "
            f"DOCUMENT REQUIREMENT --tool {diff.new.id}"
        )


# --- Markdown ---------------------------------------------------------------------------


def tool_diff_markdown(diff: ToolDiff, comparison: FolderComparison | None) -> str:
    """A Markdown report: the changes as a table, then the folder's carry-over."""
    lines = [
        f"# {for_markdown(diff.old.id)} → {for_markdown(diff.new.id)}",
        "",
        f"- Old: {for_markdown(_tool_label(diff.old))}",
        f"- New: {for_markdown(_tool_label(diff.new))}",
        f"- {_summary_line(diff)}",
        *(f"- {for_markdown(line)}" for line in [*_element_words(diff), *_pass_mark_words(diff)]),
        "",
        "## Requirements changed",
        "",
        "| requirement | change | old | new |",
        "| --- | --- | --- | --- |",
    ]
    for change in diff.changes():
        lines.append(
            f"| {for_markdown(change.id)} | {for_markdown('; '.join(change_words(change)))} "
            f"| {_md_side(change.old, change)} | {_md_side(change.new, change)} |"
        )
    lines += ["", for_markdown(_thresholds_line())]
    if comparison is not None:
        lines += _markdown_folder(diff, comparison)
    return "\n".join(lines) + "\n"


def _md_side(requirement: Requirement | None, change: RequirementChange) -> str:
    if requirement is None:
        return "-"
    text = f"{requirement.id}, {_requirement_facts(requirement)}"
    if change.reworded or change.added or change.removed:
        text += f": {requirement.summary}"
    return for_markdown(text)


def _markdown_folder(diff: ToolDiff, comparison: FolderComparison) -> list[str]:
    old, new = comparison.old_readiness, comparison.new_readiness
    lines = [
        "",
        f"## Evidence folder {for_markdown(comparison.folder)}",
        "",
        f"{old.audit_type.name} audit on {old.audit_date.isoformat()}",
        "",
        f"| | {for_markdown(diff.old.id)} | {for_markdown(diff.new.id)} |",
        "| --- | ---: | ---: |",
        f"| overall | {_pct(old.overall_documentation_pct)} "
        f"| {_pct(new.overall_documentation_pct)} |",
        f"| verdict | {_verdict(old)} | {_verdict(new)} |",
    ]
    lines += [
        f"| {for_markdown(element_id + ' ' + name)} | {_pct(before)} | {_pct(after)} |"
        for element_id, name, before, after in _element_rows(comparison)
    ]
    look = _needing_a_look(comparison.links)
    lines += [
        "",
        "### Evidence links",
        "",
        f"{_carried(comparison.links)} carry over, {len(look)} need a look; "
        f"{len(comparison.new_links)} new under {for_markdown(diff.new.id)}.",
        "",
        "| requirement | document | status | why |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {for_markdown(_target(carry.old_requirement, carry.new_requirement))} "
        f"| {for_markdown(carry.path)}{' (yours)' if carry.by_user else ''} | {carry.status} "
        f"| {for_markdown(carry.reason)} |"
        for carry in look
    ]
    lines += [
        f"| {for_markdown(requirement_id)} | {for_markdown(path)} | new | |"
        for requirement_id, path in comparison.new_links
    ]
    lines += [
        "",
        "### Your corrections",
        "",
        "| correction | requirement | document | status | why |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {carry.decision} "
        f"| {for_markdown(_target(carry.old_requirement, carry.new_requirement))} "
        f"| {for_markdown(carry.path)} | {carry.status} | {for_markdown(carry.reason)} |"
        for carry in comparison.decisions
    ]
    if comparison.decisions:
        lines += ["", for_markdown(_storage_words(diff, comparison))]
    return lines


# --- JSON -------------------------------------------------------------------------------


def tool_diff_as_dict(diff: ToolDiff, comparison: FolderComparison | None) -> dict:
    """The diff (and the folder's carry-over) as JSON-ready data."""
    data: dict = {
        "schema_version": JSON_SCHEMA_VERSION,
        "old": _tool_as_dict(diff.old),
        "new": _tool_as_dict(diff.new),
        "counts": _counts(diff),
        "thresholds": {
            "renumbered_min_text": RENUMBERED_MIN_TEXT,
            "renumbered_min_evidence": RENUMBERED_MIN_EVIDENCE,
            "same_id_min_text": SAME_ID_MIN_TEXT,
            "minor_rewording_min": MINOR_REWORDING_MIN,
        },
        "requirements": [_change_as_dict(change) for change in diff.changes()],
        "elements": [
            {"id": element.id, "old_name": element.old_name, "new_name": element.new_name}
            for element in diff.elements
        ],
        "pass_marks": [
            {"audit_type": mark.audit_type, "mark": mark.mark, "old": mark.old, "new": mark.new}
            for mark in diff.pass_marks
        ],
        "folder": None,
    }
    if comparison is not None:
        data["folder"] = _folder_as_dict(comparison)
    return data


def _tool_as_dict(tool: AuditTool) -> dict:
    return {
        "id": tool.id,
        "name": tool.name,
        "version": tool.version,
        "file": tool.file,
        "requirements": len(tool.requirements()),
    }


def _requirement_as_dict(requirement: Requirement | None) -> dict | None:
    if requirement is None:
        return None
    return {
        "id": requirement.id,
        "element": requirement.element_id,
        "summary": requirement.summary,
        "points": requirement.points,
        "verification": verification_letters(requirement),
    }


def _change_as_dict(change: RequirementChange) -> dict:
    return {
        "id": change.id,
        "old": _requirement_as_dict(change.old),
        "new": _requirement_as_dict(change.new),
        "added": change.added,
        "removed": change.removed,
        "renumbered": change.renumbered,
        "reworded": change.reworded,
        "text_similarity": change.text_similarity,
        "evidence_similarity": change.evidence_similarity,
        "points_changed": change.points_changed,
        "verification_changed": change.verification_changed,
        "evidence_added": list(change.evidence_added),
        "evidence_removed": list(change.evidence_removed),
        "other_changes": list(change.other_changes),
        "needs_a_look": list(change.look_reasons()),
    }


def _readiness_as_dict(readiness: Readiness) -> dict:
    return {
        "tool": readiness.tool.id,
        "score_pct": percent_figure(readiness.overall_documentation_pct),
        "verdict": _verdict(readiness),
        "findings": len(readiness.findings),
        "elements": {
            score.element.id: percent_figure(score.documentation_pct)
            for score in readiness.elements
        },
    }


def _folder_as_dict(comparison: FolderComparison) -> dict:
    old = comparison.old_readiness
    return {
        "path": comparison.folder,
        "audit_type": old.audit_type.name,
        "audit_date": old.audit_date.isoformat(),
        "readiness": {
            "old": _readiness_as_dict(old),
            "new": _readiness_as_dict(comparison.new_readiness),
        },
        "links": [
            {
                "path": carry.path,
                "old_requirement": carry.old_requirement,
                "new_requirement": carry.new_requirement,
                "by_user": carry.by_user,
                "status": str(carry.status),
                "reason": carry.reason,
            }
            for carry in comparison.links
        ],
        "new_links": [
            {"requirement": requirement_id, "path": path}
            for requirement_id, path in comparison.new_links
        ],
        "corrections": [
            {
                "path": carry.path,
                "decision": carry.decision,
                "old_requirement": carry.old_requirement,
                "new_requirement": carry.new_requirement,
                "status": str(carry.status),
                "reason": carry.reason,
            }
            for carry in comparison.decisions
        ],
        "corrections_stored": comparison.stored,
    }
