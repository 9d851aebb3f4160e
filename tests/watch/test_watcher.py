"""The watcher with real observers (native and polling) on temporary folders: files saved,
written slowly, renamed, moved, deleted, copied in bursts; a second watcher; a kill."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from evidencekit.extract.pool import ExtractionPool, WorkersUnavailable
from evidencekit.plugins import make_plugin_manager
from evidencekit.report.watch import batch_line
from evidencekit.scan import ScanOptions
from evidencekit.watch.outcome import BatchOutcome, FileChange, FileChangeKind
from evidencekit.watch.watcher import WatchOptions, watch_folder
from evidencekit.workspace import open_workspace
from tests.conftest import REPO, json_output
from tests.documents import write_text
from tests.test_scan import no_shared_semaphores, snapshot

SETTLE = 0.25
AUDIT_DATE = date(2026, 11, 16)
WAIT_SECONDS = 20


def wait_for(condition: Callable[[], object], what: str, timeout: float = WAIT_SECONDS) -> None:
    """Poll ``condition`` until it holds; no fixed sleeps."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class RunningWatcher:
    """``watch_folder`` in a thread, its outcomes collected."""

    def __init__(self, evidence: Path, state: Path, report: Path, polling: float | None) -> None:
        self.outcomes: list[BatchOutcome] = []
        self.error: BaseException | None = None
        self._stop = threading.Event()
        options = WatchOptions(
            audit_date=AUDIT_DATE,
            report=report,
            report_format="json",
            settle_seconds=SETTLE,
            polling_seconds=polling,
            scan=ScanOptions(jobs=1),
        )
        self._thread = threading.Thread(target=self._run, args=(evidence, state, options))
        self._thread.start()
        wait_for(lambda: self.outcomes or self.error, "the watcher to start")

    def _run(self, evidence: Path, state: Path, options: WatchOptions) -> None:
        try:
            plugin_manager = make_plugin_manager(load_entrypoints=False)
            with open_workspace(evidence, state, plugin_manager) as workspace:
                watch_folder(workspace, options, self.outcomes.append, self._stop)
        except BaseException as error:
            self.error = error

    def changes(self) -> list[FileChange]:
        return [change for outcome in self.outcomes for change in outcome.files]

    def wait_for_change(self, kind: FileChangeKind, path: str) -> FileChange:
        def found() -> FileChange | None:
            if self.error:
                raise self.error
            return next(
                (c for c in self.changes() if (c.kind, c.path) == (kind, path)),
                None,
            )

        wait_for(found, f"{kind} {path}; saw {[(c.kind, c.path) for c in self.changes()]}")
        return found()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=WAIT_SECONDS)
        assert not self._thread.is_alive()
        if self.error:
            raise self.error


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return tmp_path / "report.json"


@pytest.fixture
def watching(evidence: Path, state: Path, report: Path):
    started: list[RunningWatcher] = []

    def start(polling: float | None = None) -> RunningWatcher:
        started.append(RunningWatcher(evidence, state, report, polling))
        return started[-1]

    yield start
    for watcher in started:
        watcher.stop()


def report_paths(report: Path) -> set[str]:
    return {document["path"] for document in json.loads(report.read_text())["documents"]}


@pytest.mark.parametrize("polling", [None, 0.1], ids=["native", "polling"])
def test_saves_renames_moves_and_deletes_reach_the_catalog_and_the_report(
    evidence: Path, report: Path, watching, polling: float | None
) -> None:
    write_text(evidence / "Inspections" / "a.txt", "Site inspection: ladders")
    watcher = watching(polling)
    watcher.wait_for_change(FileChangeKind.ADDED, "Inspections/a.txt")

    # Written slowly: taken once, whole, after the last write.
    slow = evidence / "Inspections" / "site inspection 2026-10-05.txt"
    with slow.open("w", encoding="utf-8") as stream:
        for line in range(8):
            stream.write(f"Site inspection line {line}: guardrails checked\n")
            stream.flush()
            time.sleep(0.1)
        stream.write("Signed FINALWORD\n")
    write_text(evidence / "~$a.docx", "Office lock file")
    write_text(evidence / ".hidden.txt", "hidden")
    change = watcher.wait_for_change(FileChangeKind.ADDED, "Inspections/" + slow.name)
    assert change.doc_type == "inspection"
    assert [c.kind for c in watcher.changes() if c.path.endswith(slow.name)] == ["added"]
    assert not any("~$" in c.path or "hidden" in c.path for c in watcher.changes())

    (evidence / "Inspections" / "a.txt").rename(evidence / "Inspections" / "b.txt")
    moved = watcher.wait_for_change(FileChangeKind.MOVED, "Inspections/b.txt")
    assert moved.previous_path == "Inspections/a.txt"

    (evidence / "Archive").mkdir()
    shutil.move(evidence / "Inspections" / "b.txt", evidence / "Archive" / "b.txt")
    watcher.wait_for_change(FileChangeKind.MOVED, "Archive/b.txt")

    (evidence / "Archive" / "b.txt").unlink()
    watcher.wait_for_change(FileChangeKind.REMOVED, "Archive/b.txt")

    (evidence / "Inspections").rename(evidence / "Inspections 2026")
    watcher.wait_for_change(FileChangeKind.MOVED, "Inspections 2026/" + slow.name)
    shutil.rmtree(evidence / "Inspections 2026")
    watcher.wait_for_change(FileChangeKind.REMOVED, "Inspections 2026/" + slow.name)
    wait_for(lambda: report_paths(report) == set(), "the report to list no document")
    assert not any(o.report_problem for o in watcher.outcomes)
    # Nothing was extracted twice: moves reuse what was read.
    assert sum(1 for c in watcher.changes() if c.kind is FileChangeKind.ADDED) == 2


def test_a_first_watch_closes_no_finding_nobody_saw_open(
    evidence: Path, report: Path, watching
) -> None:
    # A folder copied in just now, watched with a new state: every file waits to settle,
    # so the first line gives no figures, and the batch that takes them in starts the
    # story instead of closing the empty catalog's findings one by one.
    write_text(evidence / "Inspections" / "a.txt", "Site inspection: ladders")
    write_text(evidence / "Policy" / "policy.txt", "Health and safety policy, signed")
    watcher = watching()
    wait_for(lambda: any(o.documents == 2 for o in watcher.outcomes), "the files taken in")
    first, taken = watcher.outcomes[0], watcher.outcomes[-1]
    assert (first.documents, first.held, first.tells_readiness) == (0, 2, False)
    assert batch_line(first).endswith("watching; 2 files to read once settled")
    assert taken.first and taken.tells_readiness and taken.open_findings
    assert {change.path for change in taken.files} == {"Inspections/a.txt", "Policy/policy.txt"}
    assert not [change for o in watcher.outcomes for change in o.findings if not change.opened]
    assert "; watching 2 documents: documentation " in batch_line(taken)
    wait_for(report.exists, "the report")


def test_a_burst_of_files_becomes_a_few_batches(
    evidence: Path, report: Path, watching, tmp_path: Path
) -> None:
    staging = tmp_path / "staging"
    for number in range(500):
        write_text(staging / f"FLHA {number:03}.txt", f"Field level hazard assessment {number}")
    watcher = watching()
    shutil.copytree(staging, evidence / "FLHA")
    wait_for(
        lambda: sum(len(o.files) for o in watcher.outcomes) >= 500,
        "500 files to be taken in",
    )
    batches = [o for o in watcher.outcomes if o.files]
    assert len(batches) <= 5
    assert {c.kind for c in watcher.changes()} == {FileChangeKind.ADDED}
    wait_for(lambda: len(report_paths(report)) == 500, "the report to list every file")


def test_a_second_watcher_and_a_report_in_the_evidence_are_refused(
    evidence: Path, watching, run_cli, tmp_path: Path
) -> None:
    watching()
    second = run_cli("watch", evidence, "--report", tmp_path / "other.html")
    assert second.exit_code == 2
    assert "already watching" in second.output
    # A scan beside the watcher waits for the writer lock (held only during a batch).
    assert run_cli("scan", evidence, "--quiet").exit_code == 0
    inside = run_cli("watch", evidence, "--report", evidence / "report.html")
    assert inside.exit_code == 2
    assert "inside the evidence folder" in inside.output


class WatchProcess:
    """``evidencekit watch`` as a separate process, its console lines collected."""

    def __init__(self, evidence: Path, state: Path, report: Path, *extra: str) -> None:
        command = [sys.executable, "-m", "evidencekit", "watch", str(evidence)]
        command += ["--state", str(state), "--report", str(report), "--settle", str(SETTLE)]
        command += ["--audit-date", AUDIT_DATE.isoformat(), "--jobs", "1", *extra]
        environment = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, *words: str) -> str:
        def found() -> str | None:
            return next((line for line in self.lines if all(w in line for w in words)), None)

        wait_for(found, f"a line with {words}; saw {self.lines}")
        return found()


def test_changes_made_while_the_watcher_was_killed_are_taken_in_at_restart(
    evidence: Path, state: Path, report: Path, run_cli
) -> None:
    for name in ("keep.txt", "rename me.txt", "delete me.txt"):
        write_text(evidence / name, f"Toolbox talk about {name}")
    first = WatchProcess(evidence, state, report)
    try:
        # A first start: the files wait to settle, then are told with the state they make.
        first.wait_for_line("+ keep.txt", "watching 3 documents")
    finally:
        first.process.kill()
        first.process.wait()

    write_text(evidence / "added while down.txt", "Site inspection while down")
    (evidence / "rename me.txt").rename(evidence / "renamed.txt")
    (evidence / "delete me.txt").unlink()
    second = WatchProcess(evidence, state, report)
    try:
        second.wait_for_line("watching 3 documents")
        second.wait_for_line("- delete me.txt", "2 changed files waiting to settle")
        second.wait_for_line("+ added while down.txt", "> rename me.txt ⇒ renamed.txt")
        second.process.send_signal(signal.SIGTERM)
        assert second.process.wait(timeout=WAIT_SECONDS) == 0
    finally:
        second.process.kill()
    assert "Stopped watching" in second.process.stderr.read()
    # The catalog is exactly the folder: a scan finds nothing to do.
    summary = json_output(run_cli("scan", evidence, "--json"))
    assert (summary["new"], summary["changed"], summary["moved"], summary["removed"]) == (0,) * 4
    assert report_paths(report) == {"keep.txt", "renamed.txt", "added while down.txt"}


def test_a_profile_with_a_maintenance_history_makes_the_watch_assess_maintenance(
    evidence: Path, state: Path, report: Path
) -> None:
    # Certified in 2025 (recertification): on AUDIT_DATE the year-1 maintenance audit is due.
    profile = REPO / "docs" / "examples" / "action-plans" / "northridge-eligible.yaml"
    write_text(evidence / "Policy.txt", "Health and safety policy. Date: 2026-01-10")
    watcher = WatchProcess(evidence, state, report, "--profile", str(profile))
    try:
        watcher.wait_for_line("watching")
        wait_for(report.exists, "the report")
        watcher.process.send_signal(signal.SIGTERM)
        assert watcher.process.wait(timeout=WAIT_SECONDS) == 0
    finally:
        watcher.process.kill()
    assert json.loads(report.read_text())["audit_type"] == "maintenance"
    assert "Maintenance audit, year 1 of 2" in watcher.process.stderr.read()


def test_watching_leaves_a_read_only_folder_byte_identical(
    evidence: Path, watching, report: Path
) -> None:
    write_text(evidence / "Inspections" / "Site inspection 2026-10-12.txt", "Site inspection")
    write_text(evidence / "Policy.txt", "Health and safety policy. Date: 2026-01-10")
    before = snapshot(evidence)
    for path in [evidence, *evidence.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        watcher = watching()
        # At a first start every file waits one settle delay before it is read.
        wait_for(lambda: report.exists() and len(report_paths(report)) == 2, "both files")
        watcher.stop()
    finally:
        for path in [evidence, *evidence.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert snapshot(evidence) == before


@pytest.mark.filterwarnings("ignore::evidencekit.errors.ReadWithoutLimits")
def test_a_watcher_where_no_worker_can_start_reads_its_files_itself(
    evidence: Path, report: Path, watching, monkeypatch
) -> None:
    no_shared_semaphores(monkeypatch)
    write_text(evidence / "Policy" / "policy.txt", "Health and safety policy, signed")
    watcher = watching()
    write_text(evidence / "Inspections" / "a.txt", "Site inspection: ladders")
    watcher.wait_for_change(FileChangeKind.ADDED, "Inspections/a.txt")
    wait_for(lambda: "Inspections/a.txt" in report_paths(report), "the report to name it")


@pytest.mark.filterwarnings("ignore::evidencekit.errors.ReadWithoutLimits")
def test_a_watcher_whose_workers_break_starts_new_ones(
    evidence: Path, report: Path, watching, monkeypatch
) -> None:
    # A worker killed (the out-of-memory killer, say) and not replaced breaks the pool:
    # that batch's files are read in the watcher's process, and the next batch has new
    # workers again, with their time and memory limits.
    pools, broken = [], []
    real_init, real_extract_all = ExtractionPool.__init__, ExtractionPool.extract_all

    def init(pool, *args, **kwargs):
        pools.append(pool)
        real_init(pool, *args, **kwargs)

    def extract_all(pool, tasks, on_result):
        if not broken:
            broken.append(pool)
            raise WorkersUnavailable("All workers expired")
        real_extract_all(pool, tasks, on_result)

    monkeypatch.setattr(ExtractionPool, "__init__", init)
    monkeypatch.setattr(ExtractionPool, "extract_all", extract_all)
    watcher = watching()
    write_text(evidence / "Inspections" / "a.txt", "Site inspection: ladders")
    watcher.wait_for_change(FileChangeKind.ADDED, "Inspections/a.txt")
    write_text(evidence / "Inspections" / "b.txt", "Site inspection: guardrails")
    watcher.wait_for_change(FileChangeKind.ADDED, "Inspections/b.txt")
    wait_for(lambda: {"Inspections/a.txt", "Inspections/b.txt"} <= report_paths(report), "both")
    assert broken == pools[:1]
    assert len(pools) == 2, "the broken pool was not replaced"
