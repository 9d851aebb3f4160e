"""Killing ``evidencekit scan`` with SIGKILL part-way, then checking what the next scan makes
of the state it left: shared by tests/test_crash_safety.py and benchmarks/kill_sweep.py.

A kill point is a moment after the scan's start. What it reached is read from the state
directory without changing it (the durable state: rows in the catalog, index state, the
last-scan record), so kills that left the same state count as the same point.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.models import file_type_of
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, hash_file, make_content_key, scan_folder
from evidencekit.workspace import open_workspace
from tests.documents import write_docx, write_pdf, write_text
from tests.processes import evidencekit_command, marked_environment, processes_left_behind

#: Each document holds one word no other holds: path -> word.
Manifest = dict[str, str]
DurableState = tuple


def write_kill_corpus(folder: Path, count: int) -> Manifest:
    """``count`` small documents, 70% text, 15% DOCX and 15% PDF, each with its own word."""
    manifest: Manifest = {}
    for number in range(count):
        word = f"w{number:04d}x"
        kind = number % 20
        if kind < 3:
            path = write_pdf(folder / "pdf" / f"record {number:04d}.pdf", [f"Record {word}"])
        elif kind < 6:
            path = write_docx(folder / "docx" / f"talk {number:04d}.docx", [f"Talk {word}"])
        else:
            path = write_text(folder / "txt" / f"note {number:04d}.txt", f"Note {word}")
        manifest[path.relative_to(folder).as_posix()] = word
    return manifest


def change_corpus(folder: Path, manifest: Manifest) -> Manifest:
    """Edit, delete, move and add a few documents of each kind; return the new manifest."""
    changed = dict(manifest)
    paths = sorted(manifest)
    for path in paths[0:30:6]:  # deleted
        (folder / path).unlink()
        del changed[path]
    for path in paths[1:30:6]:  # moved
        target = f"moved/{Path(path).name}"
        (folder / target).parent.mkdir(exist_ok=True)
        (folder / path).rename(folder / target)
        changed[target] = changed.pop(path)
    for path in [p for p in paths[2:60:6] if p.endswith(".txt")]:  # edited
        changed[path] = f"e{changed[path][1:]}"
        write_text(folder / path, f"Edited note {changed[path]}")
    for number in range(len(manifest), len(manifest) + 5):  # added
        word = f"w{number:04d}x"
        path = write_pdf(folder / "added" / f"record {number:04d}.pdf", [f"Record {word}"])
        changed[path.relative_to(folder).as_posix()] = word
    return changed


@dataclass(frozen=True)
class Scenario:
    """A scan to kill: ``prepare`` sets up its state directory from the fixture's."""

    name: str
    prepare: Callable[[Path], None]


@dataclass
class KillRecord:
    """What one kill reached and whether the next scan repaired everything."""

    scenario: str
    delay: float
    reached: DurableState
    problems: list[str] = field(default_factory=list)


def kill_scan_after(folder: Path, state: Path, delay: float, marker: str) -> DurableState:
    """Start ``evidencekit scan``, SIGKILL it after ``delay`` seconds, return what it reached."""
    process = subprocess.Popen(
        evidencekit_command("scan", folder, "--state", state, "--quiet"),
        env=marked_environment(marker),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return durable_state(state)


def timed_scan(folder: Path, state: Path, marker: str) -> float:
    """Seconds one uninterrupted ``evidencekit scan`` takes, start to exit."""
    started = time.perf_counter()
    subprocess.run(
        evidencekit_command("scan", folder, "--state", state, "--quiet"),
        env=marked_environment(marker),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def durable_state(state: Path) -> DurableState:
    """What a killed scan left on disk, read without changing it."""
    catalog = state / "catalog.sqlite3"
    if not catalog.exists():
        return ("no catalog",)
    index_committed = any((state / "index").glob("_MAIN_*.toc"))
    try:
        with closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)) as db:

            def count(sql: str) -> int:
                return db.execute(sql).fetchone()[0]

            return (
                count("SELECT COUNT(*) FROM files"),
                count("SELECT COUNT(*) FROM extractions"),
                count("SELECT COUNT(*) FROM files WHERE indexed = 1"),
                count("SELECT COUNT(*) FROM index_removals"),
                count("SELECT COUNT(*) FROM meta WHERE key = 'last_scan'"),
                index_committed,
                files_digest(db),
            )
    except sqlite3.Error as error:  # E.g. killed before the schema was written.
        return ("catalog not readable yet", str(error), index_committed)


def files_digest(db: sqlite3.Connection) -> str:
    """A short digest of which paths the catalog holds, with what content and index state:
    a rescan can leave the same counts as the scan before it, but not the same rows."""
    rows = db.execute("SELECT path, content_key, indexed FROM files ORDER BY path").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:12]


def extractions_needed(folder: Path, state: Path) -> int:
    """How many contents in ``folder`` the catalog has no extraction of yet."""
    wanted = {
        make_content_key(hash_file(path), file_type_of(path.name))
        for path in folder.rglob("*")
        if path.is_file()
    }
    catalog = state / "catalog.sqlite3"
    if not catalog.exists():
        return len(wanted)
    try:
        with closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)) as db:
            present = {row[0] for row in db.execute("SELECT content_key FROM extractions")}
    except sqlite3.Error:
        present = set()
    return len(wanted - present)


def recover_and_check(folder: Path, state: Path, manifest: Manifest, gone: set[str]) -> list[str]:
    """Scan to completion after a kill; return every broken promise (empty when none).

    Promised: no content extracted again whose extraction was committed; catalog and index
    agree; every document is found by its word, no deleted one is; a further scan
    extracts and indexes nothing.
    """
    problems = []
    needed = extractions_needed(folder, state)
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(folder, state, plugin_manager) as space, space.writing():
        summary = scan_folder(space, ScanOptions(jobs=2))
    if summary.extracted != needed:
        problems.append(f"the recovery scan extracted {summary.extracted}, not {needed}")
    with open_workspace(folder, state, plugin_manager) as space:
        catalog_paths = {document.path for document in space.documents()}
        if catalog_paths != set(manifest):
            problems.append(f"catalog differs from the folder: {catalog_paths ^ set(manifest)}")
        if space.index.file_ids() != space.catalog.file_ids():
            problems.append("index and catalog hold different files")
        for path, word in manifest.items():
            found = [hit.path for hit in space.search(word, 5, snippets=False)]
            if found != [path]:
                problems.append(f"{word} finds {found}, not {path}")
        for word in gone:
            if space.search(word, 5, snippets=False):
                problems.append(f"{word} of a removed or edited document is still found")
        with space.writing():
            again = scan_folder(space, ScanOptions(jobs=2))
    if (again.extracted, again.reindexed) != (0, 0):
        problems.append(f"a further scan extracted {again.extracted}, indexed {again.reindexed}")
    return problems


@dataclass
class KillSweep:
    """A corpus, its change, and the scenarios to kill scans in."""

    folder: Path
    work: Path
    marker: str
    before: Manifest = field(default_factory=dict)
    after: Manifest = field(default_factory=dict)

    def build(self, count: int) -> None:
        """Write the corpus, scan it (the baseline), change it, scan again (the final)."""
        self.before = write_kill_corpus(self.folder, count)
        timed_scan(self.folder, self.work / "baseline", self.marker)
        self.after = change_corpus(self.folder, self.before)
        shutil.copytree(self.work / "baseline", self.work / "final")
        timed_scan(self.folder, self.work / "final", self.marker)

    def scenarios(self) -> list[Scenario]:
        def copy_of(name: str) -> Callable[[Path], None]:
            return lambda state: shutil.copytree(self.work / name, state)

        def final_without_index(state: Path) -> None:
            shutil.copytree(self.work / "final", state)
            shutil.rmtree(state / "index")

        return [
            Scenario("first scan", lambda state: None),
            Scenario("rescan after edits, moves, deletions", copy_of("baseline")),
            Scenario("rebuild of a deleted index", final_without_index),
        ]

    def gone_words(self) -> set[str]:
        return set(self.before.values()) - set(self.after.values())

    def kill_all(
        self, scenario: Scenario, fractions: list[float], extra_kills: int = 4
    ) -> list[KillRecord]:
        """Kill ``scenario``'s scan at each fraction of its uninterrupted duration.

        A scan's speed varies from run to run, so planned moments can all fall on one side
        of its commits. While every kill has left the same state, up to ``extra_kills`` more
        are made on the side not yet reached: earlier when all of them found the work
        finished, later otherwise.
        """
        timing_state = self.work / f"timing {scenario.name}"
        scenario.prepare(timing_state)
        duration = timed_scan(self.folder, timing_state, self.marker)
        finished = durable_state(timing_state)
        records = [
            self._kill_once(scenario, number, fraction * duration)
            for number, fraction in enumerate(fractions)
        ]
        for number in range(len(fractions), len(fractions) + extra_kills):
            reached = {record.reached for record in records}
            if len(reached) > 1:
                break
            delays = [record.delay for record in records]
            delay = min(delays) / 2 if reached == {finished} else max(delays) * 1.25
            records.append(self._kill_once(scenario, number, delay))
        return records

    def _kill_once(self, scenario: Scenario, number: int, delay: float) -> KillRecord:
        state = self.work / f"{scenario.name} {number}"
        scenario.prepare(state)
        reached = kill_scan_after(self.folder, state, delay, self.marker)
        record = KillRecord(scenario.name, delay, reached)
        record.problems = recover_and_check(self.folder, state, self.after, self.gone_words())
        shutil.rmtree(state)
        return record

    def left_behind(self) -> list[str]:
        return processes_left_behind(self.marker)
