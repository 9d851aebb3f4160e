"""Scan every hostile file we have and write the robustness table (docs/robustness.md).

    python benchmarks/robustness.py [--corpora DIR] [--output docs/robustness.md] [--no-memory]

The self-made hostile files (tests/hostile.py) and, when present, the shared corpora
(``../shared/corpora/robustness`` with its MANIFEST.tsv) are copied into a temporary
evidence folder and scanned by ``evidencekit scan`` in its own process, with the default
limits, into a temporary state directory. Then each catalogued file is extracted once
more, alone, in a fresh process under the same limits, so that the peak memory of its
extraction can be read from the kernel (``wait4``); ``--no-memory`` skips that. The
table counts statuses by category, names the slowest file and the largest memory, and
checks that the scan did not crash and that no file is left without a status or a
reason. Prints the table too.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evidencekit.models import DocumentRecord, DocumentStatus, ExtractionLimits  # noqa: E402
from evidencekit.plugins import make_plugin_manager  # noqa: E402
from evidencekit.workspace import open_workspace  # noqa: E402
from tests.hostile import UNREADABLE, HostileFile, write_hostile_files  # noqa: E402

DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
SELF_MADE = "self-made"
STATUSES = [str(status) for status in DocumentStatus]
LIMITS = ExtractionLimits()
REPRODUCE = "python benchmarks/robustness.py"


@dataclass
class FileOutcome:
    path: str
    category: str
    tag: str
    status: str
    reason: str
    seconds: float
    peak_mb: float | None = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "robustness.md")
    parser.add_argument("--no-memory", action="store_true", help="skip per-file memory")
    parser.add_argument("--measure-one", nargs=2, metavar=("PATH", "TYPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_one:
        extract_one(Path(args.measure_one[0]), args.measure_one[1])
        return
    with tempfile.TemporaryDirectory() as work:
        text = robustness_report(Path(work), args.corpora, measure_memory=not args.no_memory)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"Wrote {args.output}", file=sys.stderr)


# --- building the folder and scanning it ----------------------------------------------------


def robustness_report(work: Path, corpora: Path, measure_memory: bool) -> str:
    evidence, state = work / "evidence", work / "state"
    hostile = write_hostile_files(evidence / SELF_MADE)
    manifest = copy_corpora(corpora, evidence)
    started = time.perf_counter()
    scan = run_and_measure(
        [sys.executable, "-m", "evidencekit", "scan", str(evidence), "--state", str(state),
         "--json", "--quiet"]
    )  # fmt: skip
    scan_seconds = time.perf_counter() - started
    with open_workspace(evidence, state, make_plugin_manager()) as space:
        documents = space.documents()
        index_in_step = space.index.file_ids() == space.catalog.file_ids()
    summary = json.loads(scan.stdout) if scan.returncode == 0 else {"skipped": []}
    outcomes = [outcome_of(document, manifest) for document in documents]
    if measure_memory:
        measure_memory_per_file(evidence, outcomes)
    unaccounted = files_without_status(evidence, documents, summary["skipped"])
    restore_permissions(evidence)
    return render(
        outcomes=outcomes,
        hostile=hostile,
        skipped=[(entry["path"], entry["reason"]) for entry in summary["skipped"]],
        scan=scan,
        scan_seconds=scan_seconds,
        unaccounted=unaccounted,
        index_in_step=index_in_step,
        corpora_present=bool(manifest),
        baseline_mb=baseline_memory(work) if measure_memory else None,
    )


def copy_corpora(corpora: Path, evidence: Path) -> dict[str, str]:
    """Copy the robustness corpora in; return each copied file's MANIFEST tag by path."""
    source = corpora / "robustness"
    if not source.is_dir():
        return {}
    shutil.copytree(source, evidence / "corpora")
    tags = {}
    with (corpora / "MANIFEST.tsv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            tags["corpora/" + row["file"].removeprefix("robustness/")] = row["tag"]
    return tags


def outcome_of(document: DocumentRecord, manifest: dict[str, str]) -> FileOutcome:
    parts = document.path.split("/")
    category = SELF_MADE if parts[0] == SELF_MADE else parts[1]
    return FileOutcome(
        path=document.path,
        category=category,
        tag=manifest.get(document.path, SELF_MADE),
        status=str(document.status),
        reason=document.reason,
        seconds=document.extract_seconds,
    )


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float


def run_and_measure(command: list[str], timeout: float | None = None) -> Measured:
    """Run ``command`` and read its peak memory (with its waited-for children) from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.monotonic() > deadline:
                os.kill(process.pid, signal.SIGKILL)
                deadline = None
            time.sleep(0.01)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,
        )


# --- memory of each file's extraction -------------------------------------------------------


def measure_memory_per_file(evidence: Path, outcomes: list[FileOutcome]) -> None:
    """Extract each file alone in a fresh process under the scan's limits; keep its peak."""

    def measure(outcome: FileOutcome) -> None:
        file_type = Path(outcome.path).suffix.lower()
        command = [sys.executable, __file__, "--measure-one", str(evidence / outcome.path)]
        measured = run_and_measure([*command, file_type], timeout=LIMITS.timeout_seconds + 10)
        outcome.peak_mb = measured.peak_mb

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(measure, outcomes))


def extract_one(path: Path, file_type: str) -> None:
    """Run in a fresh process: extract ``path`` as a scan's worker would."""
    from evidencekit.extract.pool import extract_with_plugins

    memory_bytes = LIMITS.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    signal.alarm(int(LIMITS.timeout_seconds))
    extract_with_plugins(make_plugin_manager(), path, file_type, LIMITS)


def baseline_memory(work: Path) -> float:
    """Peak memory of the same process on an empty text file: Python and the libraries."""
    empty = work / "empty.txt"
    empty.write_bytes(b"")
    return run_and_measure([sys.executable, __file__, "--measure-one", str(empty), ".txt"]).peak_mb


# --- checking that every file is accounted for ----------------------------------------------


def files_without_status(
    evidence: Path, documents: list[DocumentRecord], skipped: list[dict]
) -> list[str]:
    """Regular files on disk that are neither catalogued nor below a skipped entry.

    ``os.fwalk`` opens folders relative to each other, so it also reaches files deeper than
    PATH_MAX, and it does not follow symbolic links.
    """
    catalogued = {document.path for document in documents}
    skipped_paths = [entry["path"] for entry in skipped]
    missing = []
    for folder, _, names, _ in os.fwalk(evidence):
        for name in names:
            full = os.path.join(folder, name)
            relative = os.fsencode(os.path.relpath(full, evidence)).decode(
                "utf-8", "backslashreplace"
            )
            if relative in catalogued:
                continue
            if any(relative == s or relative.startswith(s + "/") for s in skipped_paths):
                continue
            missing.append(relative)
    return missing


def restore_permissions(evidence: Path) -> None:
    """Let the temporary folder be removed: one self-made file has no permissions."""
    (evidence / SELF_MADE / UNREADABLE).chmod(0o644)


# --- the table --------------------------------------------------------------------------


def render(
    outcomes: list[FileOutcome],
    hostile: list[HostileFile],
    skipped: list[tuple[str, str]],
    scan: Measured,
    scan_seconds: float,
    unaccounted: list[str],
    index_in_step: bool,
    corpora_present: bool,
    baseline_mb: float | None,
) -> str:
    crashed = scan.returncode != 0 or "Traceback" in scan.stderr
    no_reason = [o.path for o in outcomes if o.status != "ok" and not o.reason]
    died = [o for o in outcomes if "worker died" in o.reason]
    timed_out = [o for o in outcomes if "time limit" in o.reason]
    slowest = max(outcomes, key=lambda o: o.seconds)
    measured = [o for o in outcomes if o.peak_mb is not None]
    lines = [
        "# Robustness table",
        "",
        f"Generated by `{REPRODUCE}` on {date.today().isoformat()}: every self-made hostile "
        "file (tests/hostile.py)"
        + (" and every file of the shared robustness corpora" if corpora_present else "")
        + " scanned by one `evidencekit scan` with the default limits"
        f" ({LIMITS.timeout_seconds:g} s and {LIMITS.memory_mb} MB per file, DOCX parts up"
        f" to {LIMITS.max_uncompressed_mb} MB inflated). {_environment()}.",
        "",
        "## Headline",
        "",
        f"- Files tried: **{len(outcomes)}** catalogued, plus **{len(skipped)}** entries skipped"
        " with a reason (links, names that are not UTF-8, folders past PATH_MAX).",
        f"- Crashes: **{int(crashed)}** (the scan exited {scan.returncode}"
        + (", no traceback" if "Traceback" not in scan.stderr else ", with a traceback")
        + f"); extraction workers that died, contained as `failed`: {len(died)};"
        f" files stopped at the time limit: {len(timed_out)}.",
        f"- Files without a status: **{len(unaccounted)}**; not ok and without a reason:"
        f" **{len(no_reason)}**; catalog and search index agree: **{_yes(index_in_step)}**.",
        f"- Slowest file: `{slowest.path}` ({slowest.seconds:.2f} s, {slowest.status}).",
    ]
    if measured:
        largest = max(measured, key=lambda o: o.peak_mb or 0)
        lines.append(
            f"- Largest memory: `{largest.path}`, {largest.peak_mb:.0f} MB peak resident"
            f" ({baseline_mb:.0f} MB of it is Python and the libraries, measured on an empty"
            " file). Each file was extracted once more, alone, in a fresh process under the"
            " same limits, to measure this; the kernel's `wait4` reports the peak."
        )
    lines.append(
        f"- The whole scan took {scan_seconds:.1f} s; its own process peaked at"
        f" {scan.peak_mb:.0f} MB (workers run in a fork server, not counted there)."
    )
    lines += ["", "## By category", "", *_table(outcomes, lambda o: o.category, measured)]
    if corpora_present:
        lines += [
            "",
            "## Corpus files by their MANIFEST tag",
            "",
            *_table([o for o in outcomes if o.category != SELF_MADE], lambda o: o.tag, measured),
        ]
    lines += ["", "## The self-made hostile files", "", *_hostile_rows(outcomes, hostile, skipped)]
    lines += ["", "## Slowest five", "", "| file | seconds | status |", "| --- | ---: | --- |"]
    for outcome in sorted(outcomes, key=lambda o: -o.seconds)[:5]:
        lines.append(f"| `{outcome.path}` | {outcome.seconds:.2f} | {outcome.status} |")
    if measured:
        lines += ["", "## Largest memory five", "", "| file | peak MB | status |"]
        lines.append("| --- | ---: | --- |")
        for outcome in sorted(measured, key=lambda o: -(o.peak_mb or 0))[:5]:
            lines.append(f"| `{outcome.path}` | {outcome.peak_mb:.0f} | {outcome.status} |")
    if unaccounted or no_reason:
        lines += ["", "## Not accounted for", ""]
        lines += [f"- `{path}`" for path in [*unaccounted, *no_reason]]
    lines += [
        "",
        "## Reproduce",
        "",
        "```sh",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test,fast]'",
        f".venv/bin/{REPRODUCE}            # writes docs/robustness.md (about 2 minutes)",
        f".venv/bin/{REPRODUCE} --no-memory   # statuses and times only, faster",
        ".venv/bin/pytest tests/test_hostile.py tests/test_scan_corpora.py   # the same, as tests",
        "```",
        "",
        "The corpora are read from `../shared/corpora` (`--corpora DIR` to change); without",
        "them only the self-made files are tried. Files deleted or still being written",
        "during a scan are tested in tests/test_hostile.py, kills in tests/test_crash_safety.py",
        "(`python benchmarks/kill_sweep.py` prints the kill points survived).",
        "",
    ]
    return "\n".join(lines)


def _table(
    outcomes: list[FileOutcome], key, measured: list[FileOutcome], title: str = "category"
) -> list[str]:
    groups: dict[str, list[FileOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome)
    header = [title, "files", *STATUSES, "slowest (s)"]
    if measured:
        header.append("largest (MB)")
    rows = [
        "| " + " | ".join(header) + " |",
        "| --- | " + " | ".join("---:" for _ in header[1:]) + " |",
    ]
    for name in sorted(groups, key=lambda n: (n != SELF_MADE, n)):
        group = groups[name]
        counts = Counter(outcome.status for outcome in group)
        cells = [f"`{name}`", str(len(group)), *(str(counts.get(s, 0)) for s in STATUSES)]
        cells.append(f"{max(o.seconds for o in group):.2f}")
        if measured:
            peaks = [o.peak_mb for o in group if o.peak_mb is not None]
            cells.append(f"{max(peaks):.0f}" if peaks else "-")
        rows.append("| " + " | ".join(cells) + " |")
    totals = Counter(outcome.status for outcome in outcomes)
    cells = ["**all**", str(len(outcomes)), *(str(totals.get(s, 0)) for s in STATUSES)]
    cells.append(f"{max(o.seconds for o in outcomes):.2f}")
    if measured:
        cells.append(f"{max(o.peak_mb or 0 for o in measured):.0f}")
    rows.append("| " + " | ".join(cells) + " |")
    return rows


def _hostile_rows(
    outcomes: list[FileOutcome], hostile: list[HostileFile], skipped: list[tuple[str, str]]
) -> list[str]:
    by_path = {o.path.removeprefix(SELF_MADE + "/"): o for o in outcomes}
    rows = ["| file | hostile because | status | reason |", "| --- | --- | --- | --- |"]
    for entry in hostile:
        if entry.path in by_path:
            outcome = by_path[entry.path]
            status, reason = outcome.status, outcome.reason
        else:
            reasons = sorted(
                {r for p, r in skipped if p.removeprefix(SELF_MADE + "/").startswith(entry.path)}
            )
            status, reason = "skipped", "; ".join(reasons) or "(not seen)"
        rows.append(
            f"| `{_cell(_short(entry.path))}` | {entry.what} | {status} | {_cell(reason)} |"
        )
    return rows


def _short(path: str) -> str:
    return path if len(path) <= 60 else path[:40] + "…" + path[-15:]


def _cell(text: str) -> str:
    """Text from a file, inert in a Markdown table: no tags, no code spans, one line."""
    printable = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return html.escape(printable, quote=False).replace("|", "\\|").replace("`", "'")


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


def _environment() -> str:
    versions = ", ".join(
        f"{name} {_version(name)}" for name in ("pypdf", "pypdfium2", "python-docx", "lxml")
    )
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} CPUs; {versions}"
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


if __name__ == "__main__":
    main()
