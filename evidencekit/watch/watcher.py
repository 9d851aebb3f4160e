"""The watch loop: watchdog events feed the stability tracker; settled changes are taken
in batches, each one a scan (only what changed is read), a fresh assessment, a report
rewritten atomically and one ``BatchOutcome``. A full scan at start-up and every reconcile
interval catches whatever events missed (network shares, changes while the watcher was
down); files it finds changed wait to settle like any other."""

from __future__ import annotations

import json
import os
import queue
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from evidencekit.atomic import write_atomically
from evidencekit.errors import EvidenceKitError, StateBusyError, UsageError
from evidencekit.extract.pool import ExtractionPool, WorkersUnavailable
from evidencekit.models import FileSeen, Readiness
from evidencekit.profile.model import CompanyProfile
from evidencekit.report.files import installed_report_formats
from evidencekit.report.readiness import readiness_as_dict
from evidencekit.scan import ScanOptions, is_junk, scan_folder
from evidencekit.watch.changes import batch_outcome
from evidencekit.watch.outcome import BatchOutcome
from evidencekit.watch.stability import StabilityTracker, Stat
from evidencekit.workspace import Workspace

DEFAULT_SETTLE_SECONDS = 1.5
DEFAULT_POLLING_SECONDS = 5.0
DEFAULT_RECONCILE_SECONDS = 300.0
# Reading a file opens it; those events (and a folder's own "modified") say nothing new.
IGNORED_EVENTS = frozenset({EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE})
# watchdog 7's inotify observer warns, with a page-long repr, when a folder copied in is
# added twice (its own race, harmless: the second registration replaces the first).
warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)
# While a scan or check beside us holds the writer lock, look at the stop flag this often.
LOCK_WAIT_SLICE_SECONDS = 0.5


@dataclass(frozen=True)
class WatchOptions:
    """How to watch: what to assess, where the report goes, and the timings."""

    tool_id: str | None = None
    audit_type: str = "certification"
    #: None: today, taken again at each batch (a watcher left running sees the date move).
    audit_date: date | None = None
    #: The company profile the gap rules see (loaded once, at start); None: no profile.
    profile: CompanyProfile | None = None
    report: Path | None = None
    report_format: str = "html"
    settle_seconds: float = DEFAULT_SETTLE_SECONDS
    #: Poll the folder this often instead of waiting for events (network shares); None:
    #: the operating system's events.
    polling_seconds: float | None = None
    reconcile_seconds: float = DEFAULT_RECONCILE_SECONDS
    scan: ScanOptions = field(default_factory=ScanOptions)


def watch_folder(
    workspace: Workspace,
    options: WatchOptions,
    on_outcome: Callable[[BatchOutcome], None],
    stop: threading.Event,
) -> None:
    """Keep ``workspace``'s catalog, readiness and report current until ``stop`` is set.

    The first outcome describes the state after the start-up scan; every later batch
    gives one. Raises ``StateBusyError`` when another watcher watches the same state.
    """
    with workspace.watching():
        _Watcher(workspace, options, on_outcome, stop).run()


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C or SIGTERM sets ``stop``: the batch under way finishes, then the watcher
    ends. A second Ctrl-C interrupts at once; the catalog is consistent either way
    (every change is a transaction)."""

    def handle(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {number: signal.signal(number, handle) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class _EventForwarder(FileSystemEventHandler):
    """Puts the evidence paths an event concerns on a queue (runs in watchdog's thread)."""

    def __init__(self, folder: Path, paths: queue.SimpleQueue[str]) -> None:
        self._folder = folder
        self._paths = paths

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in IGNORED_EVENTS or (
            event.is_directory and event.event_type == EVENT_TYPE_MODIFIED
        ):
            return
        for raw in (event.src_path, event.dest_path):
            path = self._evidence_path(os.fsdecode(raw)) if raw else None
            if path is not None:
                self._paths.put(path)

    def _evidence_path(self, raw: str) -> str | None:
        try:
            relative = Path(raw).relative_to(self._folder)
        except ValueError:
            return None
        if not relative.parts or any(is_junk(part) for part in relative.parts):
            return None
        return relative.as_posix()


class _Watcher:
    def __init__(
        self,
        workspace: Workspace,
        options: WatchOptions,
        on_outcome: Callable[[BatchOutcome], None],
        stop: threading.Event,
    ) -> None:
        self._workspace = workspace
        # Every batch maps again: what each query matched stays decoded between batches.
        workspace.catalog.queries.kept_in_memory = True
        self._folder = workspace.location.folder
        self._options = options
        self._on_outcome = on_outcome
        self._stop = stop
        self._tracker = StabilityTracker(options.settle_seconds)
        self._events: queue.SimpleQueue[str] = queue.SimpleQueue()
        # Observing pending files a few times per settle delay bounds the extra latency.
        self._tick = min(max(options.settle_seconds / 5, 0.05), 0.5)
        self._pool: ExtractionPool | None = None
        self._readiness: Readiness | None = None
        #: Was ``_readiness`` told (a console line gave its figures)?
        self._told_readiness = False
        self._report_fingerprint: str | None = None
        # A plugin's format as well as a built-in one: looked up once, as the tools are.
        formats = installed_report_formats(workspace.plugin_manager) if options.report else {}
        self._render_report = (
            formats[options.report_format].value.render if options.report else None
        )
        self._audit_date = self._today()
        self._next_reconcile = 0.0

    def run(self) -> None:
        # Watching starts before the start-up scan, so nothing saved during it is missed.
        observer = self._start_observer()
        try:
            self._pool = self._started_pool()
            self._tell_starting_state()
            self._batch()
            while not self._stop.is_set():
                self._collect_events()
                self._observe_pending()
                self._check_still_watching(observer)
                if self._batch_due():
                    self._batch()
        finally:
            if self._pool is not None:
                self._pool.close()
            observer.stop()
            observer.join()

    def _started_pool(self) -> ExtractionPool | None:
        """Workers for the batches to extract with, started now; none where worker
        processes cannot start (each batch's scan then tries, and reads its files itself)."""
        scan = self._options.scan
        try:
            pool = ExtractionPool(self._workspace.plugin_manager, scan.jobs, scan.limits)
        except WorkersUnavailable:
            return None
        try:
            pool.warm_up()
        except BaseException as error:  # interrupted too: stop what is starting
            pool.__exit__(type(error), error, error.__traceback__)
            if isinstance(error, WorkersUnavailable):
                return None
            raise
        return pool

    # -- events and observations ---------------------------------------------------

    def _start_observer(self) -> BaseObserver:
        polling = self._options.polling_seconds
        observer = PollingObserver(timeout=polling) if polling else Observer()
        observer.schedule(
            _EventForwarder(self._folder, self._events), str(self._folder), recursive=True
        )
        try:
            observer.start()
        except OSError as error:
            raise UsageError(
                f"cannot watch {self._folder}: {error.strerror or error}; use --polling "
                "(also the way to watch a network share)"
            ) from error
        return observer

    def _collect_events(self) -> None:
        try:
            path = self._events.get(timeout=self._tick)
        except queue.Empty:
            return
        while True:
            self._tracker.note_event(path)
            try:
                path = self._events.get_nowait()
            except queue.Empty:
                return

    def _observe_pending(self) -> None:
        for path in self._tracker.pending():
            self._tracker.observe(path, _stat(self._folder / path))

    def _check_still_watching(self, observer: BaseObserver) -> None:
        # A vanished folder (an unmounted share) must stop the watcher, not empty the catalog.
        if not self._folder.is_dir():
            raise UsageError(f"the evidence folder {self._folder} is gone; stopped watching")
        if not observer.is_alive():
            raise UsageError(f"watching {self._folder} stopped unexpectedly; start it again")

    def _batch_due(self) -> bool:
        return (
            self._tracker.batch_ready()
            or time.monotonic() >= self._next_reconcile
            or self._today() != self._audit_date
        )

    def _admit(self, seen: FileSeen) -> bool:
        return self._tracker.is_settled(seen.path, (seen.size, seen.mtime_ns))

    # -- one batch -----------------------------------------------------------------

    def _tell_starting_state(self) -> None:
        """Assess the catalog as it was left, before the start-up scan: what that scan
        finds (changes made while no watcher ran) is then told like any other batch."""
        with ExitStack() as lock:
            # Only a finished scan is a state worth telling: one stopped part way would
            # open findings the start-up scan then closes, that nobody saw open.
            finished = self._workspace.catalog.get_meta("last_scan") is not None
            if not finished or not self._hold_writer_lock(lock):
                return
            files = self._workspace.catalog.files_by_path()
            readiness = self._assess()
        outcome = batch_outcome(files, files, None, readiness, 0, datetime.now())
        self._readiness = readiness
        self._told_readiness = outcome.tells_readiness
        self._on_outcome(self._write_report(readiness, outcome))

    def _batch(self) -> None:
        settled = self._tracker.settled()
        with ExitStack() as lock:
            if not self._hold_writer_lock(lock):
                return
            catalog = self._workspace.catalog
            before = catalog.files_by_path()
            summary = scan_folder(
                self._workspace, self._options.scan, admit=self._admit, pool=self._pool
            )
            after = catalog.files_by_path()
            readiness = self._assess()
        if summary.read_here_because and self._pool is not None:
            # The pool broke in this batch (a worker killed and not replaced): the next
            # batch gets new workers, and their limits, if they can start.
            self._pool.close()
            self._pool = self._started_pool()
        self._tracker.take(settled)
        for path in summary.held:  # Changed, but not settled: watch it until it is.
            self._tracker.note_event(path)
        self._next_reconcile = time.monotonic() + self._options.reconcile_seconds
        outcome = batch_outcome(
            before, after, self._readiness, readiness, len(summary.held), datetime.now()
        )
        if self._readiness is not None and not self._told_readiness:
            # The state compared with was never shown (an empty catalog whose files all
            # waited to settle): this batch starts the story, closing nothing unseen.
            outcome = replace(
                outcome, first=True, elements=(), overall=None, was_ready=None, findings=()
            )
        self._told_readiness = outcome.tells_readiness
        self._readiness = readiness
        self._on_outcome(
            self._write_report(readiness, outcome) if self._told_readiness else outcome
        )

    def _assess(self) -> Readiness:
        self._audit_date = self._today()
        return self._workspace.readiness(
            self._options.tool_id, self._options.audit_type, self._audit_date, self._options.profile
        )

    def _hold_writer_lock(self, stack: ExitStack) -> bool:
        """Take the writer lock for this batch only; a ``scan`` or ``check`` run beside the
        watcher holds it for a while, and the watcher waits (unless told to stop)."""
        while not self._stop.is_set():
            try:
                stack.enter_context(self._workspace.writing(LOCK_WAIT_SLICE_SECONDS))
            except StateBusyError:
                continue
            return True
        return False

    def _write_report(self, readiness: Readiness, outcome: BatchOutcome) -> BatchOutcome:
        """Rewrite the report when the assessment changed; a failure is told, not fatal
        (a full disk may be freed, and the next change writes it again)."""
        report = self._options.report
        if report is None or self._render_report is None:
            return outcome
        fingerprint = json.dumps(readiness_as_dict(readiness), sort_keys=True)
        if fingerprint == self._report_fingerprint:
            return outcome
        text = self._render_report(readiness, self._folder)
        try:
            write_atomically(report, text)
        except EvidenceKitError as error:
            return replace(outcome, report_problem=str(error))
        self._report_fingerprint = fingerprint
        return replace(outcome, report_written=str(report))

    def _today(self) -> date:
        return self._options.audit_date or date.today()


def _stat(path: Path) -> Stat:
    try:
        stat = path.stat(follow_symlinks=False)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)
