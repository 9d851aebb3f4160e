"""Running evidencekit as a user does, from a fresh interpreter (or in process, as a
watcher does), with the peak memory and CPU time of each process it starts."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder, walk_folder
from evidencekit.workspace import open_workspace
from scale import REPO

AUDIT_DATE = "2026-11-16"
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


# -- running evidencekit as a user does --------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    parent_mb: float
    worker_mb: float


def print_ratio(label: str, scan: Run, floor: float, floor_cpu: float) -> None:
    """One progress line: a cold scan's time and its ratio to the floor, by wall clock and
    by CPU time, with the load average."""
    print(
        f"  {label} scan {scan.seconds:.1f} s ({scan.cpu_seconds:.1f} CPU s), ratio"
        f" {floor / scan.seconds:.2f}, CPU ratio {floor_cpu / scan.cpu_seconds:.2f}; load"
        f" {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def cli_scan(folder: Path, state: Path, jobs: int, checkout: Path = REPO) -> Run:
    return cli_run(
        ["scan", str(folder), "--state", str(state), "--jobs", str(jobs), "--quiet"],
        check_exit=True,
        checkout=checkout,
    )


def checkout_label(checkout: Path) -> str:
    """The commit a checkout is at, or its folder's name (an exported tree has no .git)."""
    found = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() if found.returncode == 0 else checkout.name


def cli_run(
    arguments: list[str],
    check_exit: bool = False,
    checkout: Path = REPO,
    env: dict[str, str] | None = None,
) -> Run:
    """Run `evidencekit ARGUMENTS` from ``checkout``; seconds, and the peak memory of it
    and its children."""
    python = sys.executable if checkout == REPO else str(checkout / ".venv" / "bin" / "python")
    command = [python, "-m", "evidencekit", *arguments]
    started = time.perf_counter()
    # `python -m` imports from the working directory first: run each checkout from its own.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=checkout, env=env)
    sampler = PeakMemory(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    sampler.stop()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or (check_exit and code != 0):
        raise SystemExit(f"exit {code}: {' '.join(command)}")
    # The fork server and its workers are not reaped by the command, so its own usage
    # misses them; the samples see every process. Its own figure is exact for itself.
    own = usage.ru_utime + usage.ru_stime
    cpu = max(own, sampler.cpu_seconds())
    return Run(seconds, cpu, sampler.parent_mb, sampler.worker_mb)


class PeakMemory:
    """Follows a process and its descendants, keeping each one's peak resident memory and
    the CPU time each has used.

    The kernel tracks each process's peak itself (VmHWM); sampling only has to see each
    process once before it ends. Workers live for the whole scan, so they are seen. CPU
    time is each process's last sample (up to a sampling interval short).
    """

    def __init__(self, pid: int) -> None:
        self._pid = pid
        self.parent_mb = 0.0
        self.worker_mb = 0.0
        self._cpu: dict[int, float] = {}
        self._running = True
        self._thread = threading.Thread(target=self._follow, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        self._thread.join()

    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def _follow(self) -> None:
        ticks = os.sysconf("SC_CLK_TCK")
        while self._running:
            for pid in [self._pid, *descendants(self._pid)]:
                peak, cpu = peak_mb(pid), own_cpu_ticks(pid)
                if cpu is not None:
                    self._cpu[pid] = cpu / ticks
                if pid == self._pid:
                    self.parent_mb = max(self.parent_mb, peak)
                else:
                    self.worker_mb = max(self.worker_mb, peak)
            time.sleep(0.05)


def own_cpu_ticks(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                parent = int(stat.read().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], list(children.get(root, []))
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def peak_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def timed_scan(folder: Path, state: Path, jobs: int) -> float:
    """Seconds of an in-process scan (no interpreter start-up, as a watcher sees it)."""
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    started = time.perf_counter()
    with open_workspace(folder, state, plugin_manager) as workspace, workspace.writing():
        scan_folder(workspace, ScanOptions(jobs=jobs))
    return time.perf_counter() - started


def touched_rescan(folder: Path, state: Path, jobs: int) -> float:
    """Touch 1% of the files (new mtime, same bytes), then rescan; the rescan's seconds."""
    files = walk_folder(folder).files
    now = time.time()
    for seen in random.Random(len(files)).sample(files, max(1, len(files) // 100)):
        os.utime(folder / seen.path, (now, now))
    return timed_scan(folder, state, jobs)


def check_series(folder: Path, state: Path, checkout: Path, seed: int) -> tuple[Run, Run, Run, Run]:
    """`check` after a cold scan, `check` again, `check` after touching 1% of the files
    (new mtime, same bytes: the check hashes them and finds them unchanged), and `check`
    after editing another 1% (new bytes: each is extracted, analysed and indexed again,
    and the mapping queries are asked of it), from ``checkout``."""
    command = ["check", str(folder), "--state", str(state), "--audit-date", AUDIT_DATE, "-q"]
    first = cli_run(command, checkout=checkout)
    again = cli_run(command, checkout=checkout)
    files = walk_folder(folder).files
    count = max(1, len(files) // 100)
    chosen = random.Random(seed).sample(files, 2 * count)
    now = time.time()
    for seen in chosen[:count]:
        os.utime(folder / seen.path, (now, now))
    touched = cli_run(command, checkout=checkout)
    for seen in chosen[count:]:
        edit_bytes(folder / seen.path, f"edited {now}")
    return first, again, touched, cli_run(command, checkout=checkout)


def edit_bytes(path: Path, note: str) -> None:
    """Change ``path``'s bytes as an editor saving it again would, its text kept: a
    comment after a PDF's end, a DOCX's zip comment, a line at the end of a text."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        with zipfile.ZipFile(path, "a") as archive:
            archive.comment = note.encode()
        return
    with path.open("ab") as stream:
        stream.write(f"\n%{note}\n".encode() if suffix == ".pdf" else f"\n{note}\n".encode())


@dataclass(frozen=True)
class StartUp:
    """Medians of five runs each: `evidencekit --help` and a no-change `evidencekit scan`
    of a bundled sample, in seconds and in CPU seconds."""

    help_seconds: float
    help_cpu: float
    rescan_seconds: float
    rescan_cpu: float


def startup_seconds(checkout: Path, work: Path, installed: bool = True) -> StartUp:
    """Start-up of ``checkout``: `--help`, and a no-change scan of the first bundled sample
    (copied). CPU seconds move less than seconds on a machine shared with other work.

    ``installed``: with the modules' bytecode written once and read back after, as an
    installed package has it (pip compiles it on install). Otherwise as the checkout's
    environment runs it; where that forbids writing bytecode (PYTHONDONTWRITEBYTECODE), a
    checkout's own modules are compiled from source on every command."""
    label = checkout_label(checkout)
    sample = work / f"sample-{label}"
    state = work / f"sample-state-{label}"
    shutil.rmtree(sample, ignore_errors=True)
    shutil.rmtree(state, ignore_errors=True)
    shutil.copytree(REPO / "sample_evidence" / "northridge-construction", sample)
    env = None
    if installed:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / f"bytecode-{label}")
    scan = ["scan", str(sample), "--state", str(state), "--quiet"]
    cli_run(scan, checkout=checkout, env=env)
    cli_run(["--help"], checkout=checkout, env=env)
    helps = [cli_run(["--help"], checkout=checkout, env=env) for _ in range(5)]
    rescans = [cli_run(scan, checkout=checkout, env=env) for _ in range(5)]
    return StartUp(
        statistics.median(run.seconds for run in helps),
        statistics.median(run.cpu_seconds for run in helps),
        statistics.median(run.seconds for run in rescans),
        statistics.median(run.cpu_seconds for run in rescans),
    )


def count_pages(folder: Path, state: Path) -> int:
    with open_workspace(folder, state, make_plugin_manager(load_entrypoints=False)) as space:
        return sum(document.pages for document in space.catalog.documents())


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 2**20


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


def first_paint_seconds(report: Path, work: Path) -> float | None:
    """Seconds for headless Chromium to load the report and take its first screenshot."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    screenshot = work / "report.png"
    profile = tempfile.mkdtemp(prefix="ek-chromium-")
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={profile}",
        f"--screenshot={screenshot}",
        "--window-size=1280,900",
        report.as_uri(),
    ]
    # Chromium's own start-up is measured on an empty page and taken off.
    blank = work / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    try:
        empty = timed_command([*command[:-1], blank.as_uri()])
        return max(0.0, timed_command(command) - empty)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def timed_command(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return time.perf_counter() - started
