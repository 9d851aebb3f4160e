"""Measure watch mode: from a file's last write to the report being rewritten, and a burst.

    python benchmarks/bench_watch.py [--files 20] [--burst 500] [--settle 1.5] [--jobs N]

Runs `evidencekit watch` as a user would, on a copy of the COR sample company, with a
JSON report. Single files: a new document is copied in, then the time until the report
file is replaced is measured (p50, p95; the settle delay is part of it and shown apart).
Burst: a generated set of documents is copied in at once; the time until the report
lists every one of them is compared with a cold `evidencekit scan` of the same files.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

from scale.folders import corpus  # noqa: E402
from scale.runs import cli_scan, percentile  # noqa: E402

SAMPLE = REPO / "sample_evidence" / "northridge-construction"
POLL_SECONDS = 0.005
WAIT_SECONDS = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20, help="single files saved one by one")
    parser.add_argument("--burst", type=int, default=500, help="documents copied in at once")
    parser.add_argument("--settle", type=float, default=1.5, help="the watcher's settle delay")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    args = parser.parse_args()
    if args.burst < 1 or args.files < 1:
        # The single files are drawn from the burst's generated documents.
        parser.error("--burst and --files must be at least 1")
    print(f"machine: {os.cpu_count()} cores; jobs={args.jobs}; settle delay {args.settle:g} s")

    burst_source = corpus(args.work, args.burst)
    run = args.work / "watch-run"
    shutil.rmtree(run, ignore_errors=True)
    evidence, state, report_path = run / "evidence", run / "state", run / "report.json"
    shutil.copytree(SAMPLE, evidence)
    singles = single_documents(burst_source, args.files)

    report = Report(report_path)
    watcher = WatchProcess(evidence, state, report_path, args.settle, args.jobs)
    try:
        wait_until(lambda: report.documents() == sample_count(), "the start-up scan")
        latencies = []
        for number, source in enumerate(singles):
            target = evidence / "Inspections" / f"bench {number:03} {source.name}"
            before = report.version()
            shutil.copyfile(source, target)
            written = time.monotonic()
            wait_until(
                lambda before=before: report.version() != before, f"the report after {target}"
            )
            latencies.append(time.monotonic() - written)
        print(f"\nsingle file, last write → report replaced ({len(latencies)} files):")
        print(
            f"  p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s,"
            f" max {max(latencies):.2f} s"
        )
        print(
            f"  beyond the settle delay of {args.settle:g} s:"
            f" p50 {percentile(latencies, 50) - args.settle:.2f} s,"
            f" p95 {percentile(latencies, 95) - args.settle:.2f} s"
            f" (target: p95 under settle + 2 s = {args.settle + 2:g} s)"
        )

        expected = report.documents() + args.burst
        lines_before_burst = len(watcher.lines)
        started = time.monotonic()
        shutil.copytree(burst_source, evidence / "Burst", ignore=shutil.ignore_patterns(".*"))
        copied = time.monotonic() - started
        wait_until(lambda: report.documents() == expected, "the burst")
        burst_seconds = time.monotonic() - started
    finally:
        watcher.stop()
    burst_lines = [line for line in watcher.lines[lines_before_burst:] if "+ " in line]

    cold_state = run / "cold-state"
    cold_seconds, _ = cli_scan(burst_source, cold_state, args.jobs)
    print(f"\nburst of {args.burst} documents copied in ({copied:.1f} s to copy):")
    print(f"  indexed and the report final after {burst_seconds:.1f} s from the copy's start")
    print(f"  console lines (batches) that took in burst files: {len(burst_lines)}")
    print(
        f"  a cold `evidencekit scan` of the same files: {cold_seconds:.1f} s;"
        f" burst / cold scan = {burst_seconds / cold_seconds:.2f} (target: under 2)"
    )


def single_documents(source: Path, count: int) -> list[Path]:
    """The first ``count`` DOCX and PDF documents of the generated set, in a stable order."""
    documents = sorted(p for p in source.rglob("*") if p.suffix.lower() in {".docx", ".pdf"})
    return documents[:count]


class WatchProcess:
    """`evidencekit watch` in its own process; its console lines are collected as they come,
    so a full pipe never blocks it."""

    def __init__(self, evidence: Path, state: Path, report: Path, settle: float, jobs: int):
        command = [sys.executable, "-m", "evidencekit", "watch", str(evidence), "--state"]
        command += [str(state), "--report", str(report), "--settle", str(settle)]
        command += ["--audit-date", "2026-11-16", "--jobs", str(jobs)]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        self.lines.extend(self._process.stdout)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=60)
        self._reader.join(timeout=10)


class Report:
    """The watcher's JSON report, read again only when a new file was renamed into place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._read_version: tuple[int, int] | None = None
        self._documents = -1

    def version(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def documents(self) -> int:
        version = self.version()
        if version is not None and version != self._read_version:
            self._read_version = version
            report = json.loads(self.path.read_text(encoding="utf-8"))
            self._documents = len(report["documents"])
        return self._documents


def sample_count() -> int:
    from evidencekit.scan import walk_folder

    return len(walk_folder(SAMPLE).files)


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    main()
