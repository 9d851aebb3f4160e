"""What a batch changed, as the console line tells it: files with their type and
elements, scores before and after, findings and coverage-gap months opened and closed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from evidencekit.models import DocumentStatus
from evidencekit.plugins import make_plugin_manager
from evidencekit.report.watch import batch_line
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.watch.changes import batch_outcome
from evidencekit.watch.outcome import (
    BatchOutcome,
    FileChange,
    FileChangeKind,
    FindingChange,
    ScoreChange,
)
from evidencekit.workspace import open_workspace
from tests.documents import write_text

AUDIT_DATE = date(2026, 11, 16)
AT = datetime(2026, 11, 16, 9, 30, 5)


def write_inspection(folder: Path, day: str) -> str:
    path = f"Inspections/site inspection {day}.txt"
    write_text(
        folder / path,
        f"Site inspection checklist\nDate of inspection: {day}\nGuardrails checked.",
    )
    return path


def test_an_inspection_filed_for_a_missing_month_closes_that_month(
    evidence: Path, state: Path
) -> None:
    for day in ("2026-06-01", "2026-08-03", "2026-10-05", "2026-11-02"):
        write_inspection(evidence, day)
    with (
        open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as space,
        space.writing(),
    ):
        scan_folder(space, ScanOptions(jobs=1))
        before = space.catalog.files_by_path()
        previous = space.readiness(None, "certification", AUDIT_DATE)
        added = write_inspection(evidence, "2026-09-07")
        # The newest file goes: SQLite gives its id to the next new file, not a move.
        (evidence / "Inspections" / "site inspection 2026-11-02.txt").unlink()
        scan_folder(space, ScanOptions(jobs=1))
        after = space.catalog.files_by_path()
        current = space.readiness(None, "certification", AUDIT_DATE)
    outcome = batch_outcome(before, after, previous, current, held=0, at=AT)
    removed = "Inspections/site inspection 2026-11-02.txt"
    assert [(c.kind, c.path, c.doc_type, c.elements) for c in outcome.files] == [
        (FileChangeKind.ADDED, added, "inspection", ("7",)),
        (FileChangeKind.REMOVED, removed, "inspection", ("7",)),
    ]
    (gap,) = [c for c in outcome.findings if c.finding.kind == "coverage-gap"]
    assert (gap.opened, gap.periods, gap.finding.requirement_id) == (
        False,
        ("2026-09",),
        "cor2023-7.2",
    )
    assert batch_line(outcome).startswith(
        f"09:30:05 + {added} → inspection, element 7; - {removed} (was inspection, element 7); "
    )
    assert "coverage gap 2026-09 closed (cor2023-7.2)" in batch_line(outcome)
    assert not batch_outcome(after, after, current, current, held=0, at=AT).files


def outcome(**fields) -> BatchOutcome:
    base = dict(
        at=AT,
        files=(),
        elements=(),
        overall=None,
        documentation_pct=81.0,
        ready=True,
        was_ready=True,
        findings=(),
        open_findings=3,
        documents=10,
        held=0,
    )
    return BatchOutcome(**{**base, **fields})


def change(kind: FileChangeKind, path: str, **fields) -> FileChange:
    base = dict(
        previous_path=None, status=DocumentStatus.OK, doc_type="inspection", elements=("7",)
    )
    return FileChange(kind, path, **{**base, **fields})


def test_the_line_names_each_kind_of_file_change() -> None:
    line = batch_line(
        outcome(
            files=(
                change(FileChangeKind.MOVED, "b.docx", previous_path="a.docx"),
                change(
                    FileChangeKind.CHANGED, "c.pdf", status=DocumentStatus.NEEDS_OCR, elements=()
                ),
                change(FileChangeKind.REMOVED, "d.docx", elements=("7", "8")),
            ),
            elements=(ScoreChange("7", 72.0, 81.25),),
            overall=ScoreChange("", 79.5, 80.1),
            was_ready=False,
        )
    )
    assert line == (
        "09:30:05 > a.docx ⇒ b.docx → inspection, element 7; ~ c.pdf → needs-ocr; "
        "- d.docx (was inspection, elements 7, 8); element 7 72% → 81.2%; "
        "overall 79.5% → 80.1%; now READY"
    )


def test_a_burst_is_summed_up_and_a_quiet_batch_says_nothing() -> None:
    files = tuple(change(FileChangeKind.ADDED, f"FLHA/{n}.txt") for n in range(500))
    line = batch_line(outcome(files=files))
    assert line == "09:30:05 + 500 files (inspection 500); readiness unchanged"
    assert batch_line(outcome()) == ""
    assert batch_line(outcome(held=2)) == "09:30:05 2 changed files waiting to settle"


def test_the_first_line_gives_the_state_the_watcher_starts_from() -> None:
    first = outcome(first=True, was_ready=None, report_written="/tmp/report.html", held=1)
    assert batch_line(first) == (
        "09:30:05 watching 10 documents: documentation 81%, ready, 3 findings; "
        "report /tmp/report.html; 1 changed file waiting to settle"
    )


def test_a_file_name_cannot_write_escape_sequences_to_the_console() -> None:
    line = batch_line(outcome(files=(change(FileChangeKind.ADDED, "evil\x1b[2J.txt"),)))
    assert "\x1b" not in line and "evil?[2J.txt" in line


def test_findings_opened_and_closed_name_their_requirement() -> None:
    from evidencekit.models import Finding, Severity

    stale = Finding("stale-1", "stale", Severity.MAJOR, "1", "cor2019-1.1", "m", "a")
    gap = Finding("gap-1", "coverage-gap", Severity.MAJOR, "7", "cor2019-7.6", "m", "a")
    line = batch_line(
        outcome(
            findings=(
                FindingChange(stale, opened=True),
                FindingChange(
                    gap, opened=False, periods=("2025-06", "2025-07", "2025-08", "2025-09")
                ),
            )
        )
    )
    assert line == (
        "09:30:05 stale cor2019-1.1 opened; "
        "coverage gap 2025-06, 2025-07, 2025-08 and 1 more closed (cor2019-7.6)"
    )
