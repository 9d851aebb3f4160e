"""What one watch batch changed: files (from two catalog snapshots) and readiness (from
two assessments), as a ``BatchOutcome`` for the console. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from evidencekit.models import Readiness
from evidencekit.store.catalog import CatalogFile
from evidencekit.watch.outcome import (
    BatchOutcome,
    FileChange,
    FileChangeKind,
    FindingChange,
    ScoreChange,
)


def batch_outcome(
    before: Mapping[str, CatalogFile],
    after: Mapping[str, CatalogFile],
    previous: Readiness | None,
    current: Readiness,
    held: int,
    at: datetime,
) -> BatchOutcome:
    """Compare the catalog before and after a batch's scan, and readiness before and after.

    ``previous`` is None for the first batch, which has nothing to compare with.
    """
    return BatchOutcome(
        at=at,
        files=file_changes(before, after, previous, current) if previous else (),
        elements=_element_changes(previous, current) if previous else (),
        overall=_overall_change(previous, current) if previous else None,
        documentation_pct=current.overall_documentation_pct,
        ready=current.ready,
        was_ready=previous.ready if previous else None,
        findings=_finding_changes(previous, current) if previous else (),
        open_findings=len(current.findings),
        documents=len(after),
        held=held,
        first=previous is None,
    )


def file_changes(
    before: Mapping[str, CatalogFile],
    after: Mapping[str, CatalogFile],
    previous: Readiness | None,
    current: Readiness,
) -> tuple[FileChange, ...]:
    """Files added, changed (new content), moved and removed, ordered by path.

    A moved file keeps its catalog id and its content. (SQLite may give a removed file's
    id to a new one, so the id alone does not make a move.)
    """
    before_by_id = {entry.file_id: entry for entry in before.values()}
    moved_from = set()
    now = _described(current)
    earlier = _described(previous) if previous else {}
    changes = []
    for path, entry in after.items():
        old = before_by_id.get(entry.file_id)
        if old is not None and old.path == path:
            if old.content_key == entry.content_key and old.status == entry.status:
                continue
            kind, previous_path = FileChangeKind.CHANGED, None
        elif old is not None and old.content_key == entry.content_key:
            kind, previous_path = FileChangeKind.MOVED, old.path
            moved_from.add(old.path)
        else:
            kind, previous_path = FileChangeKind.ADDED, None
        doc_type, elements = now.get(path, (None, ()))
        changes.append(FileChange(kind, path, previous_path, entry.status, doc_type, elements))
    for entry in before.values():
        if entry.path not in after and entry.path not in moved_from:
            doc_type, elements = earlier.get(entry.path, (None, ()))
            changes.append(
                FileChange(
                    FileChangeKind.REMOVED, entry.path, None, entry.status, doc_type, elements
                )
            )
    return tuple(sorted(changes, key=lambda change: change.path))


def _described(readiness: Readiness) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each document's type and the elements it is evidence for, in the tool's order."""
    evidence_map = readiness.evidence_map
    order = {element.id: rank for rank, element in enumerate(evidence_map.tool.elements)}
    elements: dict[str, set[str]] = {}
    for item in evidence_map.requirements:
        for link in item.links:
            elements.setdefault(link.path, set()).add(item.requirement.element_id)
    return {
        document.path: (
            document.doc_type,
            tuple(sorted(elements.get(document.path, ()), key=lambda id_: order.get(id_, 0))),
        )
        for document in evidence_map.documents
    }


def _element_changes(previous: Readiness, current: Readiness) -> tuple[ScoreChange, ...]:
    before = {score.element.id: score.documentation_pct for score in previous.elements}
    return tuple(
        ScoreChange(score.element.id, before[score.element.id], score.documentation_pct)
        for score in current.elements
        if score.element.id in before and before[score.element.id] != score.documentation_pct
    )


def _overall_change(previous: Readiness, current: Readiness) -> ScoreChange | None:
    if previous.overall_documentation_pct == current.overall_documentation_pct:
        return None
    return ScoreChange("", previous.overall_documentation_pct, current.overall_documentation_pct)


def _finding_changes(previous: Readiness, current: Readiness) -> tuple[FindingChange, ...]:
    """Findings opened and closed; for a finding that stays (its id is stable), the
    periods it gained or lost (a coverage gap whose missing month was filed)."""
    before = {finding.id: finding for finding in previous.findings}
    after = {finding.id: finding for finding in current.findings}
    changes = [
        FindingChange(finding, opened=False) for id_, finding in before.items() if id_ not in after
    ]
    for id_, finding in after.items():
        old = before.get(id_)
        if old is None:
            changes.append(FindingChange(finding, opened=True))
            continue
        closed = tuple(period for period in old.periods if period not in finding.periods)
        opened = tuple(period for period in finding.periods if period not in old.periods)
        if closed:
            changes.append(FindingChange(finding, opened=False, periods=closed))
        if opened:
            changes.append(FindingChange(finding, opened=True, periods=opened))
    return tuple(changes)
