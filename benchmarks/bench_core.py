"""Measure the core at the sizes a shared drive has, and write docs/performance.md.

    python benchmarks/bench_core.py [--sizes 400,1000,10000] [--jobs N] [--work DIR]
                                    [--floor-up-to 10000] [--pairs 3] [--no-write]
                                    [--compare-with CHECKOUT]

For each size the benchmark generates (once, then reuses from ``--work``) that many
distinct documents of 1 to 20 pages, mostly PDF and DOCX, and measures a cold
`evidencekit scan` against its floor, computed in the same run: bare extraction of the
same files with the fastest installed libraries (pypdfium2 or pypdf, lxml) in as many
processes, then a bare Whoosh index of those texts (same schema, one writer, one commit).
Floor and scan alternate ``--pairs`` times at small sizes, so that a machine shared with
other work slows both alike; the ratio floor-time / scan-time is printed (1.0: the scan
costs no more than the libraries; the target is at least 0.7). With ``--compare-with``,
the cold scan of another checkout of evidencekit (an earlier commit, with its own venv in
CHECKOUT/.venv) runs in each round too, between the floor and this checkout's scan, so
that the ratio before and after a change comes from one run under the same load.

Then: no-change rescan, rescan after touching 1% of the files, search latency over a
fixed list of realistic queries, `check` end to end (first run, which analyses every
document, and a second one), `map`, the HTML report (size, time to a first screenshot in
headless Chromium), peak memory of the scan's parent and of its largest worker, and the
index and catalog size on disk. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

from evidencekit.builtins.whoosh_index import _page_documents, build_schema  # noqa: E402
from evidencekit.models import FileSeen, IndexEntry  # noqa: E402
from evidencekit.plugins import make_plugin_manager  # noqa: E402
from evidencekit.scan import ScanOptions, scan_folder, walk_folder  # noqa: E402
from evidencekit.workspace import open_workspace  # noqa: E402
from samples.content import SECTION_FOLDERS  # noqa: E402
from samples.corpus import (  # noqa: E402
    MIXED_CORPUS_BUILDERS,
    MIXED_CORPUS_COMPANIES,
    MIXED_DAY_SPAN,
    MIXED_FIRST_DAY,
    MIXED_FORMATS,
    pad_to_pages,
    with_unique_paths,
)
from samples.document import EvidenceDocument  # noqa: E402
from samples.file_names import messy_name  # noqa: E402
from samples.writing import write_documents  # noqa: E402

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
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class SizeFigures:
    """Everything measured at one folder size; ``None`` where it was not measured."""

    documents: int
    pages: int = 0
    floor_seconds: list[float] = field(default_factory=list)
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
    map_seconds: float | None = None
    report_mb: float | None = None
    report_paint_seconds: float | None = None
    index_mb: float = 0.0
    catalog_mb: float = 0.0


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
        if args.compare_with is not None and size <= args.floor_up_to:
            other_state = args.work / f"state-{size}-compared"
            shutil.rmtree(other_state, ignore_errors=True)
            other = cli_scan(folder, other_state, args.jobs, checkout=args.compare_with)
            shutil.rmtree(other_state, ignore_errors=True)
            figures.other_seconds.append(other.seconds)
            figures.other_ratios.append(floor / other.seconds)
            figures.other_cpu_ratios.append(floor_cpu / other.cpu_seconds)
            print_ratio(
                f"{size} docs: {checkout_label(args.compare_with)}", other, floor, floor_cpu
            )
        shutil.rmtree(state, ignore_errors=True)
        scan = cli_scan(folder, state, args.jobs)
        figures.load_averages.append(os.getloadavg()[0])
        figures.scan_seconds.append(scan.seconds)
        figures.parent_mb = max(figures.parent_mb, scan.parent_mb)
        figures.worker_mb = max(figures.worker_mb, scan.worker_mb)
        if size <= args.floor_up_to:
            figures.ratios.append(floor / scan.seconds)
            figures.cpu_ratios.append(floor_cpu / scan.cpu_seconds)
            print_ratio(f"{size} docs: floor {floor:.1f} s,", scan, floor, floor_cpu)
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
    first = cli_run(["check", str(folder), "--state", str(state), "--audit-date", AUDIT_DATE, "-q"])
    figures.check_first_seconds, figures.check_first_mb = first.seconds, first.parent_mb
    figures.check_seconds = cli_run(
        ["check", str(folder), "--state", str(state), "--audit-date", AUDIT_DATE, "-q"]
    ).seconds
    figures.map_seconds = cli_run(["map", str(folder), "--state", str(state)]).seconds
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


# Page counts of a shared drive: most records are a page or two, a few run to twenty.
PAGE_COUNT_WEIGHTS = [1 / pages**1.2 for pages in range(1, 21)]


# Generating a document takes about 0.1 s of CPU (most of it laying out PDF pages): larger
# folders are made of this many generated documents, copied.
MOST_GENERATED = 10_000


def corpus(work: Path, count: int) -> Path:
    """``count`` distinct documents in ``work``, written once and then reused."""
    folder = work / f"drive-{count}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        if count <= MOST_GENERATED:
            documents = with_unique_paths([plan_drive_document(index) for index in range(count)])
            write_documents(folder, documents)
        else:
            copy_with_distinct_bytes(corpus(work, MOST_GENERATED), folder, count)
        (folder / ".complete").touch()  # Hidden: the scan skips it.
        print(f"made {count} documents in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def copy_with_distinct_bytes(source: Path, folder: Path, count: int) -> None:
    """Fill ``folder`` with ``count`` files: the generated ones, then copies of them under
    archive-NN/ folders, each copy changed so that no two files share their bytes (a
    comment at the end of a PDF, a zip comment in a DOCX, trailing blank lines in text):
    every one is extracted and indexed, none is recognised as a copy."""
    originals = [seen.path for seen in walk_folder(source).files]
    for number in range(count):
        copy, original = divmod(number, len(originals))
        relative = originals[original] if copy == 0 else f"archive-{copy:02d}/{originals[original]}"
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / originals[original], target)
        if copy == 0:
            continue
        suffix = target.suffix.lower()
        if suffix == ".docx":
            with zipfile.ZipFile(target, "a") as archive:
                archive.comment = f"archive copy {copy}".encode()
        else:
            with target.open("ab") as stream:
                stream.write(
                    f"\n%archive copy {copy}\n".encode() if suffix == ".pdf" else b"\n" * copy
                )


def plan_drive_document(index: int) -> EvidenceDocument:
    """One document of a drive: the mixed corpus's types, formats and folders, 1-20 pages."""
    rng = random.Random(f"drive-corpus:{index}")
    company = rng.choice(MIXED_CORPUS_COMPANIES)
    builders, weights = zip(*MIXED_CORPUS_BUILDERS, strict=True)
    builder = rng.choices(builders, weights=weights)[0]
    day = MIXED_FIRST_DAY + timedelta(days=rng.randrange(MIXED_DAY_SPAN))
    pages = rng.choices(range(1, 21), weights=PAGE_COUNT_WEIGHTS)[0]
    body = pad_to_pages(builder(company, day, rng), pages, company, rng)
    suffixes, suffix_weights = zip(*MIXED_FORMATS, strict=True)
    suffix = rng.choices(suffixes, weights=suffix_weights)[0]
    folder = f"{company.slug}/{rng.choice(SECTION_FOLDERS[body.doc_type])}/{body.effective.year}"
    header = company.name if rng.random() < 0.7 else None
    return EvidenceDocument(f"{folder}/{messy_name(body, rng)}{suffix}", body, header)


# -- the floor: the bare libraries doing the same work --------------------------------


def bare_floor(folder: Path, jobs: int, location: Path) -> tuple[float, float]:
    """Extract every file bare in ``jobs`` processes, then index the texts bare; the
    seconds it took and the CPU seconds it used."""
    files = [seen for seen in walk_folder(folder).files]
    cpu_before = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        texts = pool.map(bare_extract, [str(folder / seen.path) for seen in files], chunksize=1)
        pool.close()
        pool.join()
    extracted = time.perf_counter()
    shutil.rmtree(location, ignore_errors=True)
    location.mkdir(parents=True)
    from whoosh import index

    writer = index.create_in(str(location), build_schema()).writer(limitmb=128)
    for number, (seen, pages) in enumerate(zip(files, texts, strict=True), start=1):
        entry = IndexEntry(number, seen.path, seen.file_type, "", modified_of(seen), pages)
        for fields in _page_documents(entry):
            writer.add_document(**fields)
    writer.commit()
    finished = time.perf_counter()
    cpu = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before
    print(
        f"  floor: extraction {extracted - started:.1f} s + indexing {finished - extracted:.1f} s"
        f" ({cpu:.1f} CPU s)",
        flush=True,
    )
    return finished - started, cpu


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bare_extract(path: str) -> tuple[str, ...]:
    """The text of one file, read the fastest way the installed libraries allow."""
    suffix = path.rpartition(".")[2].lower()
    if suffix == "pdf":
        try:
            import pypdfium2
        except ImportError:
            import pypdf

            return tuple(page.extract_text() for page in pypdf.PdfReader(path).pages)
        document = pypdfium2.PdfDocument(path)
        pages = []
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        document.close()
        return tuple(pages)
    if suffix == "docx":
        from lxml import etree

        with zipfile.ZipFile(path) as archive:
            parts = [
                name
                for name in archive.namelist()
                if name == "word/document.xml"
                or (name.startswith(("word/header", "word/footer")) and name.endswith(".xml"))
            ]
            roots = [etree.fromstring(archive.read(name)) for name in parts]
        return (
            "\n".join(
                "".join(text.text or "" for text in paragraph.iter(f"{WORD}t"))
                for root in roots
                for paragraph in root.iter(f"{WORD}p")
            ),
        )
    with open(path, encoding="utf-8", errors="replace") as stream:
        return (stream.read(),)


def modified_of(seen: FileSeen) -> datetime:
    return datetime.fromtimestamp(seen.mtime_ns // 1_000_000_000)


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


def cli_run(arguments: list[str], check_exit: bool = False, checkout: Path = REPO) -> Run:
    """Run `evidencekit ARGUMENTS` from ``checkout``; seconds, and the peak memory of it
    and its children."""
    python = sys.executable if checkout == REPO else str(checkout / ".venv" / "bin" / "python")
    command = [python, "-m", "evidencekit", *arguments]
    started = time.perf_counter()
    # `python -m` imports from the working directory first: run each checkout from its own.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=checkout)
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


# -- output ------------------------------------------------------------------------------

ROWS = [
    ("pages extracted", lambda f: f"{f.pages:,}"),
    ("floor (bare extraction + bare index), s", lambda f: _median(f.floor_seconds, "{:.1f}")),
    ("cold scan, s", lambda f: _median(f.scan_seconds, "{:.1f}")),
    ("**floor / scan** (target >= 0.7)", lambda f: _ratio(f.ratios)),
    ("floor / scan in CPU seconds", lambda f: _ratio(f.cpu_ratios)),
    ("cold scan, docs/s", lambda f: f"{f.documents / statistics.median(f.scan_seconds):.0f}"),
    ("no-change rescan, s (in process)", lambda f: f"{f.rescan_seconds:.3f}"),
    ("no-change `evidencekit scan`, s", lambda f: f"{f.rescan_cli_seconds:.2f}"),
    ("rescan after touching 1%, s", lambda f: f"{f.touched_seconds:.2f}"),
    ("search p50, ms", lambda f: f"{f.search_p50_ms:.0f}"),
    ("search p95, ms", lambda f: f"{f.search_p95_ms:.0f}"),
    ("first `check` (analyses every document), s", lambda f: _run(f.check_first_seconds)),
    ("first `check` peak memory, MB", lambda f: _run(f.check_first_mb, "{:.0f}")),
    ("`check` again, s", lambda f: _run(f.check_seconds)),
    ("`map`, s", lambda f: _run(f.map_seconds)),
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
    ]


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
        " indexed into a fresh Whoosh index with the same schema by one writer and one"
        " commit. The ratio is floor time over scan time; 1.0 means the scan costs no more"
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
        "Wall-clock figures depend on what else the machine runs: the load average (the"
        " number of processes wanting a CPU, against the CPUs above) is printed after each"
        " cold scan. The CPU-time ratio counts only the CPU each side used, so other work"
        " moves it less.",
        "",
        "Rescans and searches run in one process (as a watcher runs them); the other"
        " figures are a user's command run from a fresh interpreter, start-up included."
        " The first `check` after a cold scan classifies and dates every document; later"
        " ones reuse those facts. Peak memory is each process's own peak (VmHWM); the"
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


if __name__ == "__main__":
    main()
