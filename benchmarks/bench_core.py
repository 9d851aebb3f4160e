"""Measure the core at the sizes a shared drive has, and write docs/performance.md.

    python benchmarks/bench_core.py [--sizes 400,1000,10000] [--jobs N] [--work DIR]
                                    [--floor-up-to 10000] [--pairs 3] [--no-write]
                                    [--compare-with CHECKOUT]

For each size the benchmark generates (once, then reuses from ``--work``) that many
distinct documents of 1 to 20 pages, mostly PDF and DOCX, and measures a cold
`evidencekit scan` against its floor, computed in the same run: bare extraction of the
same files with the fastest installed libraries (pypdfium2 or pypdf, lxml) in as many
processes, then a bare Whoosh index of those texts (same schema, the scan's writer
settings, one commit); and the same floor with the scan's analysis of each text (type,
dates, content facts) called bare in the process that read it, as the scan's workers do.
Floor and scan alternate ``--pairs`` times at small sizes, so that a machine shared with
other work slows both alike; the ratio floor-time / scan-time is printed (1.0: the scan
costs no more than the libraries; the target is at least 0.8). With ``--compare-with``,
the cold scan of another checkout of evidencekit (an earlier commit, with its own venv in
CHECKOUT/.venv) runs in each round too, between the floor and this checkout's scan, so
that the ratio before and after a change comes from one run under the same load.

Then: no-change rescan, rescan after touching 1% of the files, search latency over a
fixed list of realistic queries, `check` end to end (the first after the cold scan, again,
after touching 1% of the files and after editing another 1%), `map --json`, the HTML report
(size, time to a first screenshot in headless Chromium), peak memory of the scan's parent
and of its largest worker, the index and catalog size on disk, and start-up (`--help` and
a no-change scan of a bundled sample, in seconds and CPU seconds). Prints figures;
asserts nothing. The parts live in the ``scale`` package beside this script.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from scale import REPO
from scale.floor import bare_floor
from scale.folders import corpus
from scale.page import SizeFigures, machine_line, print_table, write_performance_page
from scale.runs import (
    AUDIT_DATE,
    check_series,
    checkout_label,
    cli_run,
    cli_scan,
    count_pages,
    first_paint_seconds,
    folder_mb,
    percentile,
    print_ratio,
    search_latencies,
    startup_seconds,
    timed_scan,
    touched_rescan,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400,1000,10000", help="comma-separated doc counts")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    parser.add_argument(
        "--floor-up-to", type=int, default=10000, help="compute the floor up to this size"
    )
    parser.add_argument("--pairs", type=int, default=3, help="floor/scan pairs at <= 1000 docs")
    parser.add_argument("--report-from", type=int, default=10000, help="measure the HTML report")
    parser.add_argument(
        "--check-up-to",
        type=int,
        default=None,
        help="run check, map and the report only up to this size (default: every size)",
    )
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "performance.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--append",
        action="store_true",
        help="add this run's table to the page as a section, keeping what is there",
    )
    parser.add_argument(
        "--compare-with",
        type=Path,
        help="another checkout (with CHECKOUT/.venv) whose cold scan runs in the same rounds",
    )
    args = parser.parse_args()
    if args.compare_with is not None:
        args.compare_with = args.compare_with.resolve()
        if not (args.compare_with / ".venv" / "bin" / "python").exists():
            raise SystemExit(f"--compare-with: no {args.compare_with}/.venv/bin/python")
    sizes = [int(size) for size in args.sizes.split(",")]
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    print(machine_line(args.jobs), flush=True)
    checkouts = [REPO] if args.compare_with is None else [REPO, args.compare_with]
    args.startup = {checkout: startup_seconds(checkout, args.work) for checkout in checkouts}
    args.startup_from_source = {
        checkout: startup_seconds(checkout, args.work, installed=False) for checkout in checkouts
    }
    for how, measured in (("installed", args.startup), ("from source", args.startup_from_source)):
        for checkout, started_up in measured.items():
            print(
                f"  start-up of {checkout_label(checkout)} ({how}): `--help`"
                f" {started_up.help_seconds:.2f} s ({started_up.help_cpu:.2f} CPU s), no-change"
                f" scan of a bundled sample {started_up.rescan_seconds:.2f} s"
                f" ({started_up.rescan_cpu:.2f} CPU s); load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    # Larger sizes can be run later (they take hours) and added below the first table.
    kept = args.output.read_text(encoding="utf-8") if args.append else None
    results = []
    for size in sizes:
        figures = measure_size(size, args)
        results.append(figures)
        print_table(results, args.compare_with)
        # After each size: a long run stopped at the largest size keeps what it measured.
        if not args.no_write:
            write_performance_page(args.output, results, args, started, kept)
            print(f"wrote {args.output}", flush=True)


def measure_size(size: int, args: argparse.Namespace) -> SizeFigures:
    folder = corpus(args.work, size)
    figures = SizeFigures(size)
    state = args.work / f"state-{size}"
    pairs = args.pairs if size <= 1000 else 1
    for _ in range(pairs):
        if size <= args.floor_up_to:
            floor, floor_cpu = bare_floor(folder, args.jobs, args.work / "floor-index")
            figures.floor_seconds.append(floor)
            analysed, analysed_cpu = bare_floor(
                folder, args.jobs, args.work / "floor-index", analyse=True
            )
            figures.analysed_floor_seconds.append(analysed)
        if args.compare_with is not None and size <= args.floor_up_to:
            other_state = args.work / f"state-{size}-compared"
            shutil.rmtree(other_state, ignore_errors=True)
            other = cli_scan(folder, other_state, args.jobs, checkout=args.compare_with)
            figures.other_seconds.append(other.seconds)
            figures.other_scan_cpu.append(other.cpu_seconds)
            figures.other_ratios.append(floor / other.seconds)
            figures.other_cpu_ratios.append(floor_cpu / other.cpu_seconds)
            print_ratio(
                f"{size} docs: {checkout_label(args.compare_with)}", other, floor, floor_cpu
            )
        shutil.rmtree(state, ignore_errors=True)
        scan = cli_scan(folder, state, args.jobs)
        figures.load_averages.append(os.getloadavg()[0])
        figures.scan_seconds.append(scan.seconds)
        figures.scan_cpu.append(scan.cpu_seconds)
        figures.parent_mb = max(figures.parent_mb, scan.parent_mb)
        figures.worker_mb = max(figures.worker_mb, scan.worker_mb)
        if size <= args.floor_up_to:
            figures.ratios.append(floor / scan.seconds)
            figures.cpu_ratios.append(floor_cpu / scan.cpu_seconds)
            figures.analysed_ratios.append(analysed / scan.seconds)
            figures.analysed_cpu_ratios.append(analysed_cpu / scan.cpu_seconds)
            print_ratio(f"{size} docs: floor {floor:.1f} s,", scan, floor, floor_cpu)
            print_ratio(
                f"{size} docs: floor with the analysis {analysed:.1f} s,",
                scan,
                analysed,
                analysed_cpu,
            )
        else:
            print(f"  {size} docs: scan {scan.seconds:.1f} s", flush=True)
    figures.pages = count_pages(folder, state)
    figures.index_mb = folder_mb(state / "index")
    figures.catalog_mb = sum(path.stat().st_size for path in state.glob("catalog.sqlite*")) / 2**20
    figures.rescan_seconds = statistics.median(
        timed_scan(folder, state, args.jobs) for _ in range(3)
    )
    figures.rescan_cli_seconds = cli_scan(folder, state, args.jobs).seconds
    figures.touched_seconds = touched_rescan(folder, state, args.jobs)
    latencies = search_latencies(folder, state)
    figures.search_p50_ms = percentile(latencies, 50) * 1000
    figures.search_p95_ms = percentile(latencies, 95) * 1000
    print(
        f"  {size} docs: rescan {figures.rescan_seconds:.3f} s, after touching 1%"
        f" {figures.touched_seconds:.2f} s, search p50/p95 {figures.search_p50_ms:.0f}/"
        f"{figures.search_p95_ms:.0f} ms",
        flush=True,
    )
    if args.check_up_to is not None and size > args.check_up_to:
        return figures
    if args.compare_with is not None:
        # The earlier commit's checks on the state of its own last cold scan, first: the
        # touching below is then the same for both.
        other_state = args.work / f"state-{size}-compared"
        runs = check_series(folder, other_state, args.compare_with, seed=1)
        figures.other_checks = tuple(run.seconds for run in runs)
        figures.other_check_cpu = tuple(run.cpu_seconds for run in runs)
        shutil.rmtree(other_state, ignore_errors=True)
    first, again, touched, edited = check_series(folder, state, REPO, seed=2)
    figures.check_first_seconds, figures.check_first_mb = first.seconds, first.parent_mb
    figures.check_seconds, figures.check_touched_seconds = again.seconds, touched.seconds
    figures.check_edited_seconds = edited.seconds
    figures.check_cpu = tuple(run.cpu_seconds for run in (first, again, touched, edited))
    mapped = cli_run(["map", str(folder), "--state", str(state), "--json"])
    figures.map_seconds, figures.map_json_mb = mapped.seconds, mapped.parent_mb
    series = (first, again, touched, edited)
    print(
        f"  {size} docs: check first/again/after touching 1%/after editing 1% "
        + "/".join(f"{run.seconds:.1f}" for run in series)
        + " s ("
        + "/".join(f"{run.cpu_seconds:.1f}" for run in series)
        + f" CPU s); load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    if size >= args.report_from:
        report = args.work / f"report-{size}.html"
        cli_run(
            [
                "check",
                str(folder),
                "--state",
                str(state),
                "--audit-date",
                AUDIT_DATE,
                "-q",
                "--format",
                "html",
                "--output",
                str(report),
            ]
        )
        figures.report_mb = report.stat().st_size / 2**20
        figures.report_paint_seconds = first_paint_seconds(report, args.work)
    return figures


if __name__ == "__main__":
    main()
