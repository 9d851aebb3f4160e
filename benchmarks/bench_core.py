"""Measure the core: cold scan against its floor, no-change rescan, search latency, memory.

    python benchmarks/bench_core.py [--docs 2000] [--large 10000] [--jobs N] [--work DIR]

The floor is what the pipeline cannot beat: bare extraction of the same files with the
same extractors and worker count, then bare indexing of those texts with the same
backend and batches (no hashing, no catalog). Documents are generated once per size into
the work directory and reused by later runs. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

from generate_samples import generate_mixed_corpus  # noqa: E402

from evidencekit.builtins.whoosh_index import WhooshSearchIndex  # noqa: E402
from evidencekit.extract.pool import ExtractionPool  # noqa: E402
from evidencekit.models import ExtractionLimits, IndexEntry  # noqa: E402
from evidencekit.plugins import make_plugin_manager  # noqa: E402
from evidencekit.scan import (  # noqa: E402
    RESULTS_PER_TRANSACTION,
    ScanOptions,
    scan_folder,
    walk_folder,
)
from evidencekit.workspace import open_workspace  # noqa: E402

TYPICAL_QUERIES = [
    "inspection",
    "guardrail",
    '"hazard assessment"',
    '"toolbox talk"',
    "first aid certificate",
    "fall protection harness",
    "ladder OR scaffold",
    "incident NOT training",
    '"emergency response plan"',
    "filetype:pdf AND fire",
    "folder:field* flha",
    "title:policy",
    "committee minutes quarterly",
    "lockout",
    "confined space entry",
    '"corrective action"',
    "orientation new worker",
    "drill evacuation muster",
    "forklift",
    "modified:[2025-01 to 2026-12] inspection",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents for the cold scan")
    parser.add_argument("--large", type=int, default=10000, help="documents for rescan/search")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores; jobs={args.jobs}")
    small = corpus(args.work, args.docs)
    shutil.rmtree(args.work / f"state-{args.docs}", ignore_errors=True)
    cold, cold_peak_mb = cli_scan(small, args.work / f"state-{args.docs}", args.jobs)
    pages = count_pages(small, args.work / f"state-{args.docs}")
    extract_seconds, texts = bare_extraction(small, args.jobs)
    index_seconds = bare_indexing(texts, args.work / "floor-index")
    floor = extract_seconds + index_seconds
    print(f"\ncold scan of {args.docs} documents ({pages} pages): {cold:.1f} s")
    print(f"  pipeline: {args.docs / cold:.0f} docs/s, {pages / cold:.0f} pages/s")
    print(
        f"  floor: extraction {extract_seconds:.1f} s + indexing {index_seconds:.1f} s"
        f" = {floor:.1f} s ({args.docs / floor:.0f} docs/s)"
    )
    print(f"  pipeline / floor throughput: {floor / cold:.2f}")
    print(f"  peak memory of that `evidencekit scan` (largest process): {cold_peak_mb:.0f} MB")

    large = corpus(args.work, args.large)
    large_state = args.work / f"state-{args.large}"
    if not large_state.exists():
        seconds, peak_mb = cli_scan(large, large_state, args.jobs)
        print(
            f"\ncold scan of {args.large} documents: {seconds:.1f} s, peak memory {peak_mb:.0f} MB"
        )
    rescans = [timed_scan(large, large_state, args.jobs) for _ in range(3)]
    print(
        f"no-change rescan of {args.large} files: best {min(rescans):.3f} s,"
        f" median {statistics.median(rescans):.3f} s"
    )

    latencies = search_latencies(large, large_state)
    print(
        f"search over {args.large} documents, {len(TYPICAL_QUERIES)} queries x 5:"
        f" p50 {percentile(latencies, 50) * 1000:.0f} ms,"
        f" p95 {percentile(latencies, 95) * 1000:.0f} ms,"
        f" max {max(latencies) * 1000:.0f} ms"
    )
    main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this benchmark process (floor, rescans, searches): {main_peak:.0f} MB")


def corpus(work: Path, count: int) -> Path:
    folder = work / f"docs-{count}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        generate_mixed_corpus(folder, count)
        (folder / ".complete").touch()  # Hidden: the scan skips it.
        print(f"generated {count} documents in {time.perf_counter() - started:.0f} s")
    return folder


def cli_scan(folder: Path, state: Path, jobs: int) -> tuple[float, float]:
    """Run `evidencekit scan` as a user would; return seconds and the largest process's MB."""
    command = [
        sys.executable,
        "-m",
        "evidencekit",
        "scan",
        str(folder),
        "--state",
        str(state),
        "--jobs",
        str(jobs),
        "--quiet",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"evidencekit scan failed: {command}")
    # ru_maxrss of a reaped child covers it and the workers it reaped (Linux: kB).
    return seconds, usage.ru_maxrss / 1024


def timed_scan(folder: Path, state: Path, jobs: int) -> float:
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    started = time.perf_counter()
    with open_workspace(folder, state, plugin_manager) as workspace, workspace.writing():
        scan_folder(workspace, ScanOptions(jobs=jobs))
    return time.perf_counter() - started


def count_pages(folder: Path, state: Path) -> int:
    with open_workspace(folder, state, make_plugin_manager(load_entrypoints=False)) as space:
        return sum(document.pages for document in space.documents())


def bare_extraction(folder: Path, jobs: int) -> tuple[float, list[tuple[Path, tuple[str, ...]]]]:
    files = [folder / seen.path for seen in walk_folder(folder).files]
    texts: list[tuple[Path, tuple[str, ...]]] = []
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    started = time.perf_counter()
    with ExtractionPool(plugin_manager, jobs, ExtractionLimits()) as pool:
        pool.extract_all(
            [(path, path, path.suffix.lower()) for path in files],
            lambda path, extraction: texts.append((path, extraction.pages)),
        )
    return time.perf_counter() - started, texts


def bare_indexing(texts: list[tuple[Path, tuple[str, ...]]], location: Path) -> float:
    shutil.rmtree(location, ignore_errors=True)
    index = WhooshSearchIndex(location)
    now = datetime.now()
    entries = [
        IndexEntry(number, path.name, path.suffix.lower(), "", now, pages)
        for number, (path, pages) in enumerate(texts, start=1)
    ]
    started = time.perf_counter()
    for start in range(0, len(entries), RESULTS_PER_TRANSACTION):
        index.add(entries[start : start + RESULTS_PER_TRANSACTION])
    index.commit()
    seconds = time.perf_counter() - started
    index.close()
    return seconds


def search_latencies(folder: Path, state: Path) -> list[float]:
    latencies = []
    with open_workspace(folder, state, make_plugin_manager(load_entrypoints=False)) as space:
        space.search("warm up", 10)
        for _ in range(5):
            for query in TYPICAL_QUERIES:
                started = time.perf_counter()
                space.search(query, 10)
                latencies.append(time.perf_counter() - started)
    return latencies


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
