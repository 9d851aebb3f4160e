"""Runs the ``extract_document`` hook in worker processes, each file under a time and memory limit.

A file that raises, hangs, exhausts its memory or kills its worker comes back as an
``Extraction`` with status ``failed`` and the reason; nothing escapes to stop the scan.
A worker also analyses what it extracted (type, dates, content facts) while the text is
in its hands, when the task names the document's path and the classifiers can be loaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pebble
import pluggy

from evidencekit.document_models import DocumentFacts, DocumentStatus, Extraction, ExtractionLimits
from evidencekit.extract.server import worker_process_context
from evidencekit.plugins import (
    PluginReference,
    analysis_references,
    make_plugin_manager_from_references,
    plugin_references,
    plugin_that_raised,
)
from evidencekit.vocabulary import EMPTY_FILE

# The analysis is imported where a document is analysed: in the workers (the fork server
# imports it ahead for them) and by a parent analysing what they could not. A scan's
# parent only files away what its workers found; importing the rules (compiling their
# patterns) cost it about a tenth of a second.
if TYPE_CHECKING:
    from evidencekit.analyse.facts import AnalysisInput

Key = TypeVar("Key")
MAX_REASON_CHARS = 300
# Keep a few files queued per worker so no worker idles, without holding every result.
TASKS_IN_FLIGHT_PER_WORKER = 4

# Set in each worker process by its initializer: the plugins, the limits, and whether
# the plugins include every classifier (the worker may then analyse).
_worker_state: tuple[pluggy.PluginManager, ExtractionLimits, bool] | None = None
# Set in each worker by its initializer: how many workers of its pool have started, how
# many it has, and the process that owns the pool (see ``ExtractionPool.warm_up``).
_all_started: tuple[Synchronized, int, int] | None = None
#: How long ``warm_up`` waits for the slowest worker to start (a loaded machine).
WORKER_START_SECONDS = 120
#: How often a started worker looks whether the others have started, or its parent ended.
WORKER_START_POLL_SECONDS = 0.02


class WorkersUnavailable(Exception):
    """Worker processes cannot be started here (no shared semaphores in a container, a
    process limit reached): the caller reads its files itself, without the limits."""


@dataclass(frozen=True)
class AnalysedExtraction(Extraction):
    """An extraction with the facts the worker found at the document's path, or ``None``
    where it could not analyse it (the parent then does)."""

    facts: DocumentFacts | None = None


def extract_with_plugins(
    plugin_manager: pluggy.PluginManager, path: Path, file_type: str, limits: ExtractionLimits
) -> Extraction:
    """Call the extractor plugins for one file and turn any exception into ``failed``."""
    with contextlib.suppress(OSError):  # a file gone or unreadable: the extractor says so
        if path.stat().st_size == 0:
            # Every reader fails on it with its own words ("Failed to load document").
            return failed(EMPTY_FILE)
    try:
        result = plugin_manager.hook.extract_document(path=path, file_type=file_type, limits=limits)
    except MemoryError:
        return failed(f"extraction exceeded the memory limit of {limits.memory_mb} MB")
    except Exception as error:  # A plugin's bug must cost one file, not the scan.
        plugin = plugin_that_raised(plugin_manager.hook.extract_document, error)
        raised = f"{type(error).__name__}: {error}"
        return failed(f"extractor plugin {plugin} raised {raised}" if plugin else raised)
    return result if result is not None else unsupported(file_type)


def unsupported(file_type: str) -> Extraction:
    """What a file no extractor plugin reads is recorded as."""
    return Extraction(
        status=DocumentStatus.UNSUPPORTED,
        reason=f"no extractor reads {file_type or 'files without a suffix'}",
    )


def failed(reason: str) -> Extraction:
    return Extraction(status=DocumentStatus.FAILED, reason=reason[:MAX_REASON_CHARS])


class ExtractionPool:
    """A pool of worker processes holding the same plugins as ``plugin_manager``."""

    def __init__(
        self, plugin_manager: pluggy.PluginManager, jobs: int, limits: ExtractionLimits
    ) -> None:
        self._jobs = max(1, jobs)
        self._limits = limits
        classifiers = analysis_references(plugin_manager)
        #: Do the workers analyse what they extract (see ``extract_all``)?
        self.analyses = classifiers is not None
        context = worker_process_context()
        #: Have the workers been asked for (the pool starts them on its first task)?
        self._started = False
        self._warm = False
        try:
            self._all_started = (context.Value("i", 0), self._jobs, os.getpid())
            self._pool = pebble.ProcessPool(
                max_workers=self._jobs,
                initializer=_start_worker,
                initargs=(
                    plugin_references(plugin_manager),
                    limits,
                    classifiers,
                    self._all_started,
                ),
                context=context,
            )
        except OSError as error:
            raise WorkersUnavailable(f"{error.strerror or error}") from error

    def extract_all(
        self,
        tasks: Iterable[tuple[Key, Path, str] | tuple[Key, Path, str, str]],
        on_result: Callable[[Key, Extraction], None],
    ) -> None:
        """Extract every ``(key, path, file_type)``; call ``on_result`` here as each ends.

        A task may name, fourth, the document's path in its evidence folder: when the pool
        ``analyses``, the extraction then comes back with its ``facts`` found at that path.
        Results arrive in completion order, not task order.
        """
        scheduled = (
            (key, _extract_in_worker, (str(path), file_type, *document_path))
            for key, path, file_type, *document_path in tasks
        )
        for key, future in self._results(scheduled):
            on_result(key, self._outcome(future))

    def analyse_all(
        self,
        tasks: Iterable[tuple[Key, AnalysisInput]],
        on_result: Callable[[Key, DocumentFacts | None], None],
    ) -> None:
        """Analyse every document's text (``AnalysisInput``: what ``document_facts`` takes
        besides the plugins), when the pool ``analyses``; call ``on_result`` here as each
        ends, with ``None`` for one a worker could not analyse (it ran out of time or
        memory, or a classifier plugin raised): the caller analyses that one itself."""
        scheduled = ((key, _analyse_in_worker, (work,)) for key, work in tasks)
        for key, future in self._results(scheduled):
            try:
                facts = future.result()
            except Exception:  # out of time or memory: the caller analyses it
                facts = None
            on_result(key, facts)

    def warm_up(self) -> frozenset[int]:
        """Start the workers now and return (their process ids) once every one has
        started, so that the first file to extract does not wait for them (about a
        second: a long-running watcher starts them once)."""
        self._started = True
        # Each ready task waits until all workers hold one: no worker can answer twice,
        # so every worker has run its initializer when they return.
        ready = [self._schedule(_worker_ready) for _ in range(self._jobs)]
        wait(ready)
        self._warm = True
        return frozenset(future.result() for future in ready if future.exception() is None)

    def close(self) -> None:
        """Stop the workers. A worker still starting when its pool stops finds the pool's
        shared objects gone and prints a fork-server traceback into the user's terminal
        (a small scan on a loaded machine): the workers are let finish starting first."""
        try:
            if self._started and not self._warm:
                with contextlib.suppress(WorkersUnavailable):  # they will not start
                    self.warm_up()
        finally:
            self._pool.stop()
            self._pool.join()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if exc_info[0] is not None:
            self._warm = True  # interrupted or failing: stop now, whatever is starting
        self.close()

    def _results(
        self, tasks: Iterator[tuple[Key, Callable, tuple]]
    ) -> Iterator[tuple[Key, Future]]:
        """Run each ``(key, function, args)`` in a worker, a few at a time per worker, and
        yield each key with its finished future, in completion order."""
        in_flight: dict[Future, Key] = {}
        capacity = self._jobs * TASKS_IN_FLIGHT_PER_WORKER
        exhausted = False
        while in_flight or not exhausted:
            while not exhausted and len(in_flight) < capacity:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                key, function, args = task
                self._started = True
                future = self._schedule(function, args, self._limits.timeout_seconds)
                in_flight[future] = key
            if not in_flight:
                break
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                if isinstance(future.exception(), BrokenExecutor):
                    # The pool broke (a worker could not be replaced): every task in
                    # flight was aborted with it. None is a file's failure; the caller
                    # reads what did not come back.
                    self._warm = True
                    raise WorkersUnavailable(_innermost(future.exception())) from (
                        future.exception()
                    )
                yield in_flight.pop(future), future

    def _schedule(
        self, function: Callable, args: tuple = (), timeout: float | None = None
    ) -> Future:
        try:
            return self._pool.schedule(function, args=args, timeout=timeout)
        except RuntimeError as error:  # pebble's word for a pool whose workers broke
            self._warm = True  # nothing to wait for when closing
            raise WorkersUnavailable(_innermost(error)) from error

    def _outcome(self, future: Future) -> Extraction:
        try:
            return future.result()
        except FutureTimeoutError:
            return timed_out(self._limits)
        except pebble.ProcessExpired as error:
            return worker_died(error.exitcode, self._limits)
        except Exception as error:  # E.g. a result that cannot be sent back.
            return failed(f"{type(error).__name__}: {error}")


def _innermost(error: BaseException) -> str:
    """The words of the deepest cause of ``error`` that has any (pebble wraps the
    operating system's error in ones with none)."""
    said = str(error)
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__
        said = str(error) or said
    return said or type(error).__name__


def timed_out(limits: ExtractionLimits) -> Extraction:
    """What a file gets whose extraction ran out of time."""
    stopped = failed(
        f"extraction took longer than the time limit of {limits.timeout_seconds:g} s and "
        "was stopped"
    )
    return dataclasses.replace(stopped, seconds=limits.timeout_seconds)


def worker_died(exit_code: int | None, limits: ExtractionLimits) -> Extraction:
    """What a file gets whose extraction killed its worker."""
    return failed(
        f"the extraction worker died (exit code {exit_code}); the file may have exhausted "
        f"the memory limit of {limits.memory_mb} MB"
    )


def _start_worker(
    references: list[PluginReference],
    limits: ExtractionLimits,
    classifiers: list[str] | None,
    all_started: tuple[Synchronized, int, int] | None = None,
) -> None:
    global _worker_state, _all_started
    _all_started = all_started
    limit_worker_memory(limits)
    # Libraries log warnings about the files they read (pypdf does, a lot); printed, they
    # would garble the terminal. What matters reaches the user as the file's status.
    logging.getLogger().addHandler(logging.NullHandler())
    plugin_manager = make_plugin_manager_from_references([*references, *(classifiers or ())])
    _worker_state = (plugin_manager, limits, classifiers is not None)


def limit_worker_memory(limits: ExtractionLimits) -> None:
    """Cap this process's address space at the extraction memory limit."""
    memory_bytes = limits.memory_mb * 1024 * 1024
    # A hard limit already lower than ours stays in force.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _worker_ready() -> int:
    """A task that proves the worker has started (its process id), and holds it until
    every worker of the pool has, so that no worker answers twice.

    It waits by looking, not on a barrier: a scan killed while its workers start must not
    leave them blocked for minutes, so each also stops waiting when the pool's owner is
    gone."""
    if _all_started is not None:
        started, workers, owner = _all_started
        with started.get_lock():
            started.value += 1
        deadline = time.monotonic() + WORKER_START_SECONDS
        while started.value < workers and time.monotonic() < deadline:
            if not _alive(owner):
                os._exit(0)  # Nobody will read the answer.
            time.sleep(WORKER_START_POLL_SECONDS)
    return os.getpid()


def _alive(process_id: int) -> bool:
    try:
        os.kill(process_id, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # Someone else's process: the owner's id was reused.
    return True


def _extract_in_worker(path: str, file_type: str, document_path: str | None = None) -> Extraction:
    assert _worker_state is not None, "worker started without its initializer"
    plugin_manager, limits, analyses = _worker_state
    return extract_and_analyse(plugin_manager, limits, analyses, path, file_type, document_path)


def extract_and_analyse(
    plugin_manager: pluggy.PluginManager,
    limits: ExtractionLimits,
    analyses: bool,
    path: str,
    file_type: str,
    document_path: str | None = None,
) -> AnalysedExtraction:
    """What a worker does with one file: extract it and, when ``analyses`` and the
    document's path is given, analyse it (``facts`` is ``None`` otherwise)."""
    started = time.perf_counter()
    extraction = extract_with_plugins(plugin_manager, Path(path), file_type, limits)
    seconds = time.perf_counter() - started
    facts = None
    if analyses and document_path is not None and extraction.status is not DocumentStatus.FAILED:
        facts = _facts_or_none(plugin_manager, document_path, extraction)
    fields = {
        field.name: getattr(extraction, field.name) for field in dataclasses.fields(extraction)
    }
    return AnalysedExtraction(**{**fields, "seconds": seconds}, facts=facts)


def analyse_in_workers(
    plugin_manager: pluggy.PluginManager,
    jobs: int,
    inputs: Iterator[tuple[int, AnalysisInput]],
    keep: Callable[[int, DocumentFacts], None],
) -> None:
    """Analyse ``inputs`` in ``jobs`` worker processes and ``keep`` each one's facts here
    (``analyse.facts.InWorkers``); one a worker could not analyse, or all when the workers
    cannot load every classifier plugin, is analysed here."""
    from evidencekit.analyse.facts import document_facts

    inputs_of: dict[int, AnalysisInput] = {}

    def sent(file_id: int, work: AnalysisInput) -> tuple[int, AnalysisInput]:
        inputs_of[file_id] = work
        return file_id, work

    def received(file_id: int, facts: DocumentFacts | None) -> None:
        work = inputs_of.pop(file_id)
        keep(file_id, facts if facts is not None else document_facts(plugin_manager, *work))

    try:
        with ExtractionPool(plugin_manager, jobs, ExtractionLimits()) as pool:
            if pool.analyses:
                pool.analyse_all((sent(file_id, work) for file_id, work in inputs), received)
    except WorkersUnavailable:  # the pool could not run its workers
        pass
    # What no worker answered, and what was never sent, is analysed here.
    for file_id, work in [*inputs_of.items(), *inputs]:
        keep(file_id, document_facts(plugin_manager, *work))


def _analyse_in_worker(work: AnalysisInput) -> DocumentFacts:
    from evidencekit.analyse.facts import document_facts

    assert _worker_state is not None, "worker started without its initializer"
    plugin_manager, _limits, _analyses = _worker_state
    return document_facts(plugin_manager, *work)


def _facts_or_none(
    plugin_manager: pluggy.PluginManager, document_path: str, extraction: Extraction
) -> DocumentFacts | None:
    """The document's facts; ``None`` when the analysis fails here (out of memory, say):
    the parent then analyses it as it analyses a moved file."""
    from evidencekit.analyse.facts import analyse_extraction

    try:
        return analyse_extraction(plugin_manager, document_path, extraction)
    except Exception:  # The extraction stands; its analysis is simply done later.
        return None
