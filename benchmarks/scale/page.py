"""The figures measured at each size, as a table and as docs/performance.md."""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from scale import REPO
from scale.folders import MOST_GENERATED
from scale.runs import checkout_label


@dataclass
class SizeFigures:
    """Everything measured at one folder size; ``None`` where it was not measured."""

    documents: int
    pages: int = 0
    floor_seconds: list[float] = field(default_factory=list)
    #: the floor that also analyses each text where it was read, as the scan does
    analysed_floor_seconds: list[float] = field(default_factory=list)
    analysed_ratios: list[float] = field(default_factory=list)
    analysed_cpu_ratios: list[float] = field(default_factory=list)
    scan_seconds: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)
    other_seconds: list[float] = field(default_factory=list)
    other_ratios: list[float] = field(default_factory=list)
    other_cpu_ratios: list[float] = field(default_factory=list)
    load_averages: list[float] = field(default_factory=list)
    parent_mb: float = 0.0
    worker_mb: float = 0.0
    rescan_seconds: float = 0.0
    rescan_cli_seconds: float = 0.0
    touched_seconds: float = 0.0
    search_p50_ms: float = 0.0
    search_p95_ms: float = 0.0
    check_first_seconds: float | None = None
    check_first_mb: float | None = None
    check_seconds: float | None = None
    check_touched_seconds: float | None = None
    check_edited_seconds: float | None = None
    #: first, again, after touching 1%, after editing 1%
    check_cpu: tuple[float, ...] | None = None
    map_seconds: float | None = None
    map_json_mb: float | None = None
    other_checks: tuple[float, ...] | None = None
    other_check_cpu: tuple[float, ...] | None = None
    other_scan_cpu: list[float] = field(default_factory=list)
    scan_cpu: list[float] = field(default_factory=list)
    report_mb: float | None = None
    report_paint_seconds: float | None = None
    index_mb: float = 0.0
    catalog_mb: float = 0.0


# -- output ------------------------------------------------------------------------------

ROWS = [
    ("pages extracted", lambda f: f"{f.pages:,}"),
    ("floor (bare extraction + bare index), s", lambda f: _median(f.floor_seconds, "{:.1f}")),
    ("cold scan, s", lambda f: _median(f.scan_seconds, "{:.1f}")),
    ("**floor / scan** (target >= 0.8)", lambda f: _ratio(f.ratios)),
    ("floor / scan in CPU seconds", lambda f: _ratio(f.cpu_ratios)),
    (
        "floor with the analysis (bare extraction, the analysis called bare, bare index), s",
        lambda f: _median(f.analysed_floor_seconds, "{:.1f}"),
    ),
    ("**floor with the analysis / scan** (target >= 0.8)", lambda f: _ratio(f.analysed_ratios)),
    ("the same in CPU seconds", lambda f: _ratio(f.analysed_cpu_ratios)),
    ("cold scan, docs/s", lambda f: f"{f.documents / statistics.median(f.scan_seconds):.0f}"),
    ("no-change rescan, s (in process)", lambda f: f"{f.rescan_seconds:.3f}"),
    ("no-change `evidencekit scan`, s", lambda f: f"{f.rescan_cli_seconds:.2f}"),
    ("rescan after touching 1%, s", lambda f: f"{f.touched_seconds:.2f}"),
    ("search p50, ms", lambda f: f"{f.search_p50_ms:.0f}"),
    ("search p95, ms", lambda f: f"{f.search_p95_ms:.0f}"),
    ("first `check` after the cold scan, s", lambda f: _run(f.check_first_seconds)),
    ("**first `check` / cold scan** (target <= 0.3)", lambda f: _of_scan(f, 0)),
    ("`check` again, s", lambda f: _run(f.check_seconds)),
    ("**`check` again / cold scan** (target <= 0.05)", lambda f: _of_scan(f, 1)),
    ("`check` after touching 1%, s", lambda f: _run(f.check_touched_seconds)),
    ("**`check` after touching 1% / cold scan** (target <= 0.1)", lambda f: _of_scan(f, 2)),
    ("`check` after editing 1%, s", lambda f: _run(f.check_edited_seconds)),
    ("**`check` after editing 1% / cold scan** (target <= 0.1)", lambda f: _of_scan(f, 3)),
    ("the four `check`s in CPU seconds", lambda f: _cpu(f.check_cpu)),
    ("first `check` peak memory, MB", lambda f: _run(f.check_first_mb, "{:.0f}")),
    ("`map --json`, s", lambda f: _run(f.map_seconds)),
    ("`map --json` peak memory, MB", lambda f: _run(f.map_json_mb, "{:.0f}")),
    ("scan peak memory, parent, MB", lambda f: f"{f.parent_mb:.0f}"),
    ("scan peak memory, largest worker, MB", lambda f: f"{f.worker_mb:.0f}"),
    ("search index on disk, MB", lambda f: f"{f.index_mb:.0f}"),
    ("catalog on disk, MB", lambda f: f"{f.catalog_mb:.0f}"),
    ("HTML report, MB", lambda f: "" if f.report_mb is None else f"{f.report_mb:.1f}"),
    (
        "HTML report to first screenshot, s",
        lambda f: "" if f.report_paint_seconds is None else f"{f.report_paint_seconds:.1f}",
    ),
]


def _of_scan(f: SizeFigures, which: int) -> str:
    """A `check`'s seconds over the cold scan's (median), then the same in CPU seconds."""
    checks = (
        f.check_first_seconds,
        f.check_seconds,
        f.check_touched_seconds,
        f.check_edited_seconds,
    )
    if checks[which] is None or not f.scan_seconds or f.check_cpu is None:
        return "not run"
    wall = checks[which] / statistics.median(f.scan_seconds)
    cpu = f.check_cpu[which] / statistics.median(f.scan_cpu)
    return f"{wall:.2f} (CPU {cpu:.2f})"


def _cpu(values: tuple[float, ...] | None) -> str:
    return "not run" if values is None else " / ".join(f"{value:.1f}" for value in values)


def _run(value: float | None, form: str = "{:.1f}") -> str:
    return "not run" if value is None else form.format(value)


def _median(values: list[float], form: str) -> str:
    return form.format(statistics.median(values)) if values else ""


def _ratio(ratios: list[float]) -> str:
    if not ratios:
        return ""
    if len(ratios) == 1:
        return f"{ratios[0]:.2f}"
    return f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"


def compared_rows(checkout: Path | None) -> list:
    """Rows for the checkout measured beside this one, after this one's ratio rows."""
    if checkout is None:
        return []
    label = checkout_label(checkout)
    return [
        (f"cold scan of {label}, s", lambda f: _median(f.other_seconds, "{:.1f}")),
        (f"**floor / scan of {label}** (before)", lambda f: _ratio(f.other_ratios)),
        (f"floor / scan of {label} in CPU seconds", lambda f: _ratio(f.other_cpu_ratios)),
        (
            f"`check` first / again / after touching 1% / after editing 1% of {label}, s",
            _other_checks,
        ),
        (f"the same / its cold scan, {label} (before)", _other_ratios),
    ]


def _other_checks(f: SizeFigures) -> str:
    return _cpu(f.other_checks)


def _other_ratios(f: SizeFigures) -> str:
    if f.other_checks is None or f.other_check_cpu is None or not f.other_seconds:
        return "not run"
    scan, scan_cpu = statistics.median(f.other_seconds), statistics.median(f.other_scan_cpu)
    return " / ".join(
        f"{wall / scan:.2f} (CPU {cpu / scan_cpu:.2f})"
        for wall, cpu in zip(f.other_checks, f.other_check_cpu, strict=True)
    )


def table(results: list[SizeFigures], compared: Path | None = None) -> list[str]:
    header = "| documents | " + " | ".join(f"{f.documents:,}" for f in results) + " |"
    rule = "| --- | " + " | ".join("---:" for _ in results) + " |"
    rows = ROWS[:5] + compared_rows(compared) + [LOAD_ROW] + ROWS[5:]
    return [header, rule] + [
        f"| {name} | " + " | ".join(cell(f) for f in results) + " |" for name, cell in rows
    ]


LOAD_ROW = (
    "load average (1 min) after each cold scan",
    lambda f: ", ".join(f"{load:.1f}" for load in f.load_averages),
)


def startup_table(args: argparse.Namespace) -> list[str]:
    """Start-up, measured once per run: the median of five runs of each command, in
    seconds and CPU seconds; with ``--compare-with``, each as a share of the other's.
    Installed first (bytecode read back, as pip installs a package), then from source."""
    return [
        *_startup_rows(args, args.startup, "installed: bytecode read back"),
        *_startup_rows(args, args.startup_from_source, "from source, as this environment runs it"),
    ]


def _startup_rows(args: argparse.Namespace, startup: dict, how: str) -> list[str]:
    measured = list(startup.values())
    header = " | ".join(checkout_label(checkout) for checkout in startup)
    rows = [
        f"| start-up, {how} (median of 5) | {header} |",
        "| --- | " + " | ".join("---:" for _ in measured) + " |",
        "| `evidencekit --help`, s | " + _cells(measured, "help_seconds") + " |",
        "| `evidencekit --help`, CPU s | " + _cells(measured, "help_cpu") + " |",
        "| no-change `evidencekit scan` of northridge-construction, s | "
        + _cells(measured, "rescan_seconds")
        + " |",
        "| no-change `evidencekit scan` of northridge-construction, CPU s | "
        + _cells(measured, "rescan_cpu")
        + " |",
        "",
    ]
    if len(measured) == 2:
        ours, theirs = measured
        rows[-1:-1] = [
            f"| **this commit / {checkout_label(args.compare_with)}**, CPU (target < 0.25) | "
            f"`--help` {ours.help_cpu / theirs.help_cpu:.2f}, scan"
            f" {ours.rescan_cpu / theirs.rescan_cpu:.2f} | |"
        ]
    return rows


def _cells(measured: list, name: str) -> str:
    return " | ".join(f"{getattr(started_up, name):.2f}" for started_up in measured)


def print_table(results: list[SizeFigures], compared: Path | None = None) -> None:
    print("\n".join(["", *table(results, compared), ""]), flush=True)


def machine_line(jobs: int) -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    versions = ", ".join(
        f"{name} {_version(name)}" for name in ("whoosh-reloaded", "pypdfium2", "python-docx")
    )
    return (
        f"{os.cpu_count()} CPUs ({model}), {memory:.0f} GB RAM, Python"
        f" {platform.python_version()} on {platform.system()} {platform.machine()}; {versions};"
        f" --jobs {jobs}; load average at the start {load}"
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def write_performance_page(
    output: Path,
    results: list[SizeFigures],
    args: argparse.Namespace,
    started: datetime,
    kept: str | None = None,
) -> None:
    command = shlex.join(["python", "benchmarks/bench_core.py", *sys.argv[1:]])
    finished = datetime.now(UTC)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    if kept is not None:
        sizes = ", ".join(f"{f.documents:,}" for f in results)
        section = [
            f"## {sizes} documents, measured later",
            "",
            f"Generated by `{command}` at {checkout_label(REPO)}"
            f" on {started:%Y-%m-%d}, from {started:%H:%M} to"
            f" {finished:%H:%M} UTC. {machine_line(args.jobs)}; at the end {load}.",
            "",
            *table(results, args.compare_with),
            "",
        ]
        output.write_text(kept.rstrip("\n") + "\n\n" + "\n".join(section), encoding="utf-8")
        return
    compared = []
    if args.compare_with is not None:
        label = checkout_label(args.compare_with)
        compared = [
            f"The rows naming {label} measure the cold scan of that earlier commit"
            f" (`--compare-with`: a checkout of it with its own venv), run in the same"
            " rounds as the floor and this commit's scan (floor, then that scan, then this"
            " one), so that before and after are measured under the same load.",
            "",
        ]
    lines = [
        "# Performance at scale",
        "",
        f"Generated by `{command}` at {checkout_label(REPO)}"
        f" on {started:%Y-%m-%d}, from {started:%H:%M} to"
        f" {finished:%H:%M} UTC. {machine_line(args.jobs)}; at the end {load}.",
        "",
        "The folders hold distinct generated documents (1 to 20 pages, about 45% PDF, 45%"
        " DOCX, the rest text, CSV and Markdown) in nested company folders. The floor is"
        " the bare libraries doing the same work in the same run: every file extracted"
        " with pypdfium2 or lxml in as many processes as the scan uses, then the texts"
        " indexed into a fresh Whoosh index with the same schema and the scan's own writer"
        " settings (the parallel writer, two processes, one segment each), one commit."
        " The scan also analyses each document in the worker that read it (type, dates,"
        " content facts: work the first `check` did before); the floor with the analysis"
        " does that too, the fastest way (the analysis called on each bare text in the"
        " process that read it, its rules loaded once before the processes fork)."
        " The ratio is floor time over scan time; 1.0 means the scan costs no more"
        " than the libraries. At small sizes floor and scan alternate several times (the"
        " range is shown), because the machine may be shared with other work; the same"
        " ratio in CPU seconds (every process of each, sampled) is less affected by it."
        f" Folders above {MOST_GENERATED:,} documents hold the {MOST_GENERATED:,} generated"
        " ones and copies of them under archive-NN/ folders, each copy changed so that no"
        " two files share their bytes: every file is read, extracted and indexed.",
        "",
        *table(results, args.compare_with),
        "",
        *compared,
        *startup_table(args),
        "Wall-clock figures depend on what else the machine runs: the load average (the"
        " number of processes wanting a CPU, against the CPUs above) is printed after each"
        " cold scan. The CPU-time ratio counts only the CPU each side used, so other work"
        " moves it less.",
        "",
        "Rescans and searches run in one process (as a watcher runs them); the other"
        " figures are a user's command run from a fresh interpreter, start-up included."
        " The scan's workers classify and date each document they extract; the first"
        " `check` after a cold scan asks each mapping query of the index and remembers"
        " the hits, later ones ask only the files changed since. Each `check` is shown"
        " also as a ratio to the cold scan (wall clock, then CPU seconds). Peak memory is"
        " each process's own peak (VmHWM); the"
        " largest worker is the largest of the extraction workers.",
        "",
        "Reproduce with:",
        "",
        "```",
        command,
        "```",
        "",
    ]
    output.write_text("\n".join(lines), encoding="utf-8")
