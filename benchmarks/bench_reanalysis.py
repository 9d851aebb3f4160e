"""Measure deriving every document's facts again, as after an analysis upgrade.

    python benchmarks/bench_reanalysis.py FOLDER --state STATE [--jobs 1,2]

Copies STATE (a folder's state, scanned before) to a temporary directory, so that the
original is never changed; in the copy, forgets every document's facts and times bringing
them up to date with each number of worker processes (1: in this process). Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from evidencekit.plugins import make_plugin_manager
from evidencekit.workspace import open_workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--state", type=Path, required=True, help="the folder's scanned state")
    parser.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "state"
        shutil.copytree(args.state, copy)
        for jobs in (int(value) for value in args.jobs.split(",")):
            seconds, documents = analysed_again(args.folder, copy, jobs)
            print(f"jobs {jobs}: {documents} documents analysed again in {seconds:.1f} s")


def analysed_again(folder: Path, state: Path, jobs: int) -> tuple[float, int]:
    with open_workspace(folder, state, make_plugin_manager()) as workspace:
        with workspace.writing(), workspace.catalog.transaction():
            workspace.catalog.forget_all_facts()
        documents = workspace.catalog.count_texts_without_facts()
        workspace.analysis_jobs = jobs
        started = time.perf_counter()
        workspace.analysed_change_count()
        return time.perf_counter() - started, documents


if __name__ == "__main__":
    main()
