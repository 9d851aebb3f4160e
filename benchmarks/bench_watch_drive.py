"""Measure a watcher on a generated drive: from saving one file to the updated report.

    python benchmarks/bench_watch_drive.py [--size 10000] [--saves 5] [--work DIR]

Uses the folder of ``--size`` generated documents that bench_core.py makes (made here if
missing) and its state (``state-SIZE`` under ``--work``; scanned here first if there is
none). Starts `evidencekit watch FOLDER --report report.html`, waits for its first report,
then saves one new document at a time (a copy of one of the folder's, with new bytes, so
that the assessment changes: the watcher rewrites the report only then) and times each
save until the report file is replaced; the saved documents are deleted at the end. The
settle delay is part of it and shown apart. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench_watch import Report, WatchProcess, wait_until
from scale.folders import corpus
from scale.runs import cli_scan, edit_bytes

from evidencekit.scan import walk_folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="documents in the folder")
    parser.add_argument("--saves", type=int, default=5, help="files saved one after another")
    parser.add_argument("--settle", type=float, default=1.5, help="the watcher's settle delay")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    args = parser.parse_args()
    folder = corpus(args.work.resolve(), args.size)
    state = args.work.resolve() / f"state-{args.size}"
    if not (state / "catalog.sqlite3").exists():
        print(f"cold scan of {args.size} documents first", flush=True)
        cli_scan(folder, state, args.jobs)
    report_path = args.work.resolve() / f"watch-{args.size}.html"
    report_path.unlink(missing_ok=True)
    report = Report(report_path)
    files = [seen.path for seen in walk_folder(folder).files]
    saved = random.Random(args.size).sample(files, args.saves)
    started = time.monotonic()
    watcher = WatchProcess(folder, state, report_path, args.settle, args.jobs)
    try:
        # The first console line is the start-up scan's outcome: a save before it would be
        # taken in by that batch, not timed on its own.
        wait_until(lambda: bool(watcher.lines), "the watcher's start-up batch")
        wait_until(lambda: report.version() is not None, "the watcher's first report")
        print(f"start-up batch and report after {time.monotonic() - started:.1f} s", flush=True)
        latencies = []
        for number, path in enumerate(saved):
            before = report.version()
            copy = folder / Path(path).with_name(f"saved {number} {Path(path).name}")
            shutil.copyfile(folder / path, copy)
            edit_bytes(copy, f"saved {time.time()}")
            written = time.monotonic()
            wait_until(lambda before=before: report.version() != before, f"the report after {copy}")
            latencies.append(time.monotonic() - written)
            print(
                f"  {copy.name}: {latencies[-1]:.1f} s, load {os.getloadavg()[0]:.1f}", flush=True
            )
    finally:
        watcher.stop()
        for number, path in enumerate(saved):
            (folder / Path(path).with_name(f"saved {number} {Path(path).name}")).unlink(
                missing_ok=True
            )
    print(
        f"\n{args.size} documents, one file saved → HTML report replaced ({len(latencies)}"
        f" saves): median {statistics.median(latencies):.1f} s, max {max(latencies):.1f} s;"
        f" beyond the settle delay of {args.settle:g} s: median"
        f" {statistics.median(latencies) - args.settle:.1f} s"
    )


if __name__ == "__main__":
    main()
