"""Renders a watch batch's outcome as the one console line the watcher prints for it."""

from __future__ import annotations

from collections import Counter

from evidencekit.figures import percent
from evidencekit.models import DocumentStatus
from evidencekit.report.untrusted import for_terminal
from evidencekit.watch.outcome import (
    BatchOutcome,
    FileChange,
    FileChangeKind,
    FindingChange,
    ScoreChange,
)

# A burst of files is summed up; a line naming 500 files helps nobody.
MAX_FILES_LISTED = 3
MAX_SCORES_LISTED = 4
MAX_FINDINGS_LISTED = 4
MAX_PERIODS_LISTED = 3
SIGNS = {
    FileChangeKind.ADDED: "+",
    FileChangeKind.CHANGED: "~",
    FileChangeKind.MOVED: ">",
    FileChangeKind.REMOVED: "-",
}


def batch_line(outcome: BatchOutcome) -> str:
    """One line: the time, then the files, scores and findings that changed, or "" when
    the batch changed nothing worth saying (a file saved without changes)."""
    parts = _starting_state(outcome) if outcome.first else _changes(outcome)
    if outcome.report_problem:
        parts.append(f"report not written: {outcome.report_problem}")
    if not parts:
        return ""
    return f"{outcome.at:%H:%M:%S} " + "; ".join(parts)


def _starting_state(outcome: BatchOutcome) -> list[str]:
    if not outcome.tells_readiness:
        # A first start on a folder: everything waits to settle; the next line says more.
        return [f"watching; {_count(outcome.held, 'file')} to read once settled"]
    verdict = "ready" if outcome.ready else "not ready"
    # The files a first start waited for, taken in now: said, then the state they make.
    parts = _files(outcome.files)
    parts += [
        f"watching {_count(outcome.documents, 'document')}: documentation "
        f"{percent(outcome.documentation_pct)}, {verdict}, "
        f"{_count(outcome.open_findings, 'finding')}"
    ]
    if outcome.report_written:
        parts.append(f"report {for_terminal(outcome.report_written)}")
    return parts + _held(outcome)


def _changes(outcome: BatchOutcome) -> list[str]:
    if not (outcome.files or outcome.elements or outcome.overall or outcome.findings):
        return _held(outcome)
    parts = _files(outcome.files)
    parts += [_score(change) for change in outcome.elements[:MAX_SCORES_LISTED]]
    if len(outcome.elements) > MAX_SCORES_LISTED:
        parts.append(f"{len(outcome.elements) - MAX_SCORES_LISTED} more elements changed")
    if outcome.overall:
        parts.append(_score(outcome.overall))
    if outcome.was_ready is not None and outcome.was_ready != outcome.ready:
        parts.append("now READY" if outcome.ready else "now NOT READY")
    parts += [_finding(change) for change in outcome.findings[:MAX_FINDINGS_LISTED]]
    if len(outcome.findings) > MAX_FINDINGS_LISTED:
        parts.append(f"{len(outcome.findings) - MAX_FINDINGS_LISTED} more findings changed")
    if not (outcome.elements or outcome.overall or outcome.findings):
        parts.append("readiness unchanged")
    return parts + _held(outcome)


def _held(outcome: BatchOutcome) -> list[str]:
    return [f"{_count(outcome.held, 'changed file')} waiting to settle"] if outcome.held else []


def _files(files: tuple[FileChange, ...]) -> list[str]:
    if len(files) <= MAX_FILES_LISTED:
        return [_file(change) for change in files]
    by_kind = Counter(change.kind for change in files)
    counts = ", ".join(
        f"{SIGNS[kind]} {_count(by_kind[kind], 'file')}" for kind in SIGNS if by_kind[kind]
    )
    types = Counter(
        _what_it_is(change) for change in files if change.kind is not FileChangeKind.REMOVED
    )
    common = ", ".join(f"{name} {number}" for name, number in types.most_common(3))
    return [f"{counts} ({common})" if common else counts]


def _file(change: FileChange) -> str:
    path = for_terminal(change.path)
    what = _what_it_is(change)
    if change.elements:
        label = "element" if len(change.elements) == 1 else "elements"
        what += f", {label} {', '.join(change.elements)}"
    if change.kind is FileChangeKind.REMOVED:
        return f"- {path} (was {what})"
    if change.kind is FileChangeKind.MOVED:
        return f"> {for_terminal(change.previous_path or '')} ⇒ {path} → {what}"
    return f"{SIGNS[change.kind]} {path} → {what}"


def _what_it_is(change: FileChange) -> str:
    if change.status is not DocumentStatus.OK:
        return str(change.status)
    return change.doc_type or "unclassified"


def _score(change: ScoreChange) -> str:
    name = f"element {change.element_id}" if change.element_id else "overall"
    return f"{name} {percent(change.before)} → {percent(change.after)}"


def _finding(change: FindingChange) -> str:
    finding = change.finding
    label = finding.kind.replace("-", " ")
    subject = finding.requirement_id or f"element {finding.element_id}"
    verb = "opened" if change.opened else "closed"
    if not change.periods:
        return f"{label} {subject} {verb}"
    periods = ", ".join(change.periods[:MAX_PERIODS_LISTED])
    if len(change.periods) > MAX_PERIODS_LISTED:
        periods += f" and {len(change.periods) - MAX_PERIODS_LISTED} more"
    return f"{label} {periods} {verb} ({subject})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
