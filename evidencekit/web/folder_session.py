"""One evidence folder's state kept open between requests, what was worked out from it, and
the work done again in the background after the state changed.

Each folder gets one worker thread that holds its ``Workspace`` (SQLite connections belong
to the thread that made them, and the search index is worth keeping open: opening it costs
about 0.2 s). What a page works out (an assessment, the documents list, the profile's
suggestions) is kept until the state changes, whoever changes it: the session sees the
state's files change.

At 10,000 documents assessing a folder takes tens of seconds, and a link decision or a
correction changes the state. So after a change a page does not wait for it: the work is
done again on a second thread, with its own workspace, and until it is done the page is
answered from what was worked out before the change, marked as being updated; the page's
live-update channel says when the new result is there. An answer that must be exact (the
JSON API: its readiness is exactly ``check``'s) waits for the work instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

import pluggy

from evidencekit import folder
from evidencekit.models import DocumentRecord, Readiness
from evidencekit.state import locate_state
from evidencekit.web.clients import ClientFolder
from evidencekit.workspace import Workspace, open_workspace

T = TypeVar("T")
#: How long a page waits for work started by a change before it answers with what was
#: worked out before it (long enough for a small folder's assessment to be awaited,
#: short enough to keep a page under 300 ms).
FRESH_WAIT_SECONDS = 0.1


#: Set in a request's context when an answer came from what was worked out before a change.
_ANSWERED_FROM_PREVIOUS: ContextVar[bool] = ContextVar("answered_from_previous", default=False)


def answered_from_previous() -> bool:
    """Did this request get a result worked out before the state's last change (while
    the background works it out again)?"""
    return _ANSWERED_FROM_PREVIOUS.get()


@dataclass(frozen=True)
class Assessment:
    """A folder assessed as ``check`` assesses it: the tool and audit type the profile
    chooses (and why), at an audit date."""

    readiness: Readiness
    chosen: folder.ChosenAssessment


def assess_folder(workspace: Workspace, audit_date: date) -> Assessment:
    """What ``check`` assesses, without its scan: tool and audit type from the profile."""
    chosen = folder.choose_folder_assessment(workspace, audit_date)
    readiness = workspace.readiness(
        chosen.tool.id, chosen.audit_type, chosen.audit_date, chosen.profile
    )
    return Assessment(readiness, chosen)


@dataclass(frozen=True)
class _Handover:
    """What a background job worked out, from the state as ``based_on`` signed it; its own
    writes (an assessment records its findings) left the state signed ``after``."""

    #: The session's generation it was started in: a change made by this session since
    #: (a decision, a correction) makes it old, whatever the signatures say.
    generation: int
    based_on: tuple
    after: tuple
    results: dict[tuple, object]
    #: Keys whose work failed: the next page works them out itself, and shows the error.
    failed: frozenset[tuple] = frozenset()


@dataclass
class FolderSession:
    """One folder's workspace, used only on its own worker thread (and a second workspace
    on the background thread that works out again what a change made old)."""

    client: ClientFolder
    make_plugin_manager: Callable[[], pluggy.PluginManager]
    state: Path | None = None
    fresh_wait_seconds: float = FRESH_WAIT_SECONDS
    _executor: ThreadPoolExecutor = field(init=False)
    _background: ThreadPoolExecutor = field(init=False)
    _workspace: Workspace | None = field(default=None, init=False)
    _open_state: contextlib.ExitStack = field(default_factory=contextlib.ExitStack, init=False)
    _seen_state: tuple = field(default=(), init=False)
    #: Counts the changes this session made itself (a decision, a correction, a scan).
    _generation: int = field(default=0, init=False)
    #: What was worked out from the state as it stands.
    _remembered: dict[tuple, object] = field(default_factory=dict, init=False)
    #: What was worked out before the state last changed: a page's answer while the
    #: background works it out again.
    _previous: dict[tuple, object] = field(default_factory=dict, init=False)
    _background_workspace: Workspace | None = field(default=None, init=False)
    _background_state: contextlib.ExitStack = field(
        default_factory=contextlib.ExitStack, init=False
    )
    _background_seen: tuple = field(default=(), init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _pending: dict[tuple, Future] = field(default_factory=dict, init=False)
    _handovers: list[_Handover] = field(default_factory=list, init=False)
    #: Per thread: its workspace, its store of results, and how the current job answers.
    _here: threading.local = field(default_factory=threading.local, init=False)

    def __post_init__(self) -> None:
        name = f"folder-{self.client.id}"
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._background = ThreadPoolExecutor(1, thread_name_prefix=f"{name}-again")

    async def run(self, work: Callable[[FolderSession], T], *, exact: bool = False) -> T:
        """Run ``work(self)`` on this folder's thread. ``exact``: from the state as it
        stands, waiting for any work a change made old (else a page may be answered from
        what was worked out before the change, and ``updating`` says so)."""
        future = self._executor.submit(self._run_fresh, work, exact)
        value, served_old = await asyncio.wrap_future(future)
        if served_old:
            _ANSWERED_FROM_PREVIOUS.set(True)
        return value

    def close(self) -> None:
        with self._lock:
            waiting = list(self._pending.values())
        for job in waiting:
            job.cancel()
        # Each workspace is closed on the thread that opened it (SQLite's rule).
        self._background.submit(self._background_state.close).result()
        self._background.shutdown()
        self._executor.submit(self._close_workspace).result()
        self._executor.shutdown()

    @property
    def workspace(self) -> Workspace:
        workspace = getattr(self._here, "workspace", None)
        assert workspace is not None, "used outside run()"
        return workspace

    @property
    def updating(self) -> bool:
        """Is work a change made old being done again (so a page may show the old)?"""
        with self._lock:
            return bool(self._pending)

    def assessment(self, audit_date: date, *, previous_will_do: bool = False) -> Assessment:
        """The folder assessed at ``audit_date``, as ``check`` assesses it (without a scan:
        the catalog as it stands); kept until the state changes. ``previous_will_do``:
        the one made before the last change is good enough (for its tool, say)."""
        return self.remembered(
            ("assessment", audit_date),
            lambda: assess_folder(self.workspace, audit_date),
            previous_will_do=previous_will_do,
        )

    def remembered(
        self, key: tuple, work_out: Callable[[], T], *, previous_will_do: bool = False
    ) -> T:
        """``work_out()``, kept until the state changes; after a change, for a page,
        what was worked out before it while the background works it out again. So
        ``work_out`` may run on either thread: it reaches the state only through
        ``self.workspace`` (the running thread's), asked when it runs."""
        here = self._here
        if key in here.store:
            return here.store[key]  # type: ignore[no-any-return]
        if not here.background and key in self._previous:
            if previous_will_do:
                return self._previous[key]  # type: ignore[return-value]
            if not here.exact:
                return self._fresh_or_previous(key, work_out)
        served_old = here.served_old
        here.deriving += 1
        try:
            value = work_out()
        finally:
            here.deriving -= 1
        if here.served_old != served_old:
            # Worked out from an old result: old itself, and worked out again behind.
            self._previous[key] = value
            self._refresh(key, work_out)
            return value
        here.store[key] = value
        if not here.background:
            # Working it out may write to the state (an assessment records its findings,
            # a documents listing its analysis): those changes are this session's own.
            # Another process committing in that same moment is taken for one of them;
            # its change shows at the state's next change.
            self._seen_state = _state_signature(self.workspace)
        return value

    def documents(self) -> list[DocumentRecord]:
        """Every catalogued file's record, by path."""
        return self.remembered(("documents",), lambda: self.workspace.documents())

    def file_ids(self) -> dict[str, int]:
        """The catalog id of each file, by path."""
        return self.remembered(
            ("file ids",),
            lambda: {
                path: file.file_id for path, file in self.workspace.catalog.files_by_path().items()
            },
        )

    def state_signature(self) -> tuple:
        """What changes whenever any process commits to this folder's state."""
        return _state_signature_of(self.client, self.state)

    # -- the folder's thread ----------------------------------------------------------

    def _run_fresh(self, work: Callable[[FolderSession], T], exact: bool) -> tuple[T, int]:
        self._take_handovers()
        signature = _state_signature_of(self.client, self.state)
        if self._workspace is None or signature != self._seen_state:
            self._close_workspace()
            self._workspace = self._open_state.enter_context(
                open_workspace(self.client.path, self.state, self.make_plugin_manager())
            )
            # Kept to answer pages while it is worked out again; newer over older.
            self._previous.update(self._remembered)
            self._remembered.clear()
            # Opening may write (a catalog brought up to date): this session's own.
            self._seen_state = _state_signature(self._workspace)
            self._note_changes(self._workspace)
        here = self._here
        here.workspace, here.store, here.background = self._workspace, self._remembered, False
        here.exact, here.served_old, here.deriving, here.changed = exact, 0, 0, False
        value = work(self)
        if here.changed:
            # This job changed the state: all worked out so far (here and behind) is old.
            # Its workspace wrote it, so it need not be opened again to see it.
            self._generation += 1
            self._previous.update(self._remembered)
            self._remembered.clear()
            self._seen_state = _state_signature(self._workspace)
        return value, here.served_old

    def _note_changes(self, workspace: Workspace) -> None:
        """Have ``workspace`` say when a job changes the state itself (a decision, a
        correction, a scan): what working something out writes (the findings an
        assessment records) is no change."""
        writing = workspace.writing

        @contextlib.contextmanager
        def noted(*args: object, **kwargs: object) -> Iterator[None]:
            with writing(*args, **kwargs):  # type: ignore[arg-type]
                yield
            if not self._here.deriving:
                self._here.changed = True

        workspace.writing = noted  # type: ignore[method-assign]

    def _fresh_or_previous(self, key: tuple, work_out: Callable[[], T]) -> T:
        """The result worked out again if it comes within the wait, else the old one.
        A page waits once: what it needs next is not awaited as well."""
        job = self._refresh(key, work_out)
        with contextlib.suppress(FutureTimeout):
            job.result(timeout=0 if self._here.served_old else self.fresh_wait_seconds)
            self._take_handovers()
            if key in self._remembered:
                return self._remembered[key]  # type: ignore[return-value]
            if key not in self._previous:
                return self.remembered(key, work_out)  # it failed: fail here, to be seen
        self._here.served_old += 1
        return self._previous[key]  # type: ignore[return-value]

    def _refresh(self, key: tuple, work_out: Callable[[], object]) -> Future:
        """Work ``key`` out again in the background, once at a time."""
        with self._lock:
            if key not in self._pending:
                self._pending[key] = self._background.submit(
                    self._work_out_again, key, work_out, self._seen_state, self._generation
                )
            return self._pending[key]

    def _take_handovers(self) -> None:
        """Adopt what the background worked out from the state this thread last saw: its
        own writes are not a change (the chain of handovers says which they were)."""
        with self._lock:
            handovers, self._handovers = self._handovers, []
        for handover in handovers:
            if handover.generation != self._generation or handover.based_on != self._seen_state:
                continue  # the state changed again since: the next page starts it anew
            self._remembered.update(handover.results)
            for key in (*handover.results, *handover.failed):
                self._previous.pop(key, None)
            self._seen_state = handover.after

    def _close_workspace(self) -> None:
        self._open_state.close()
        self._workspace = None

    # -- the background thread -------------------------------------------------------

    def _work_out_again(
        self, key: tuple, work_out: Callable[[], object], based_on: tuple, generation: int
    ) -> None:
        here = self._here
        try:
            signature = _state_signature_of(self.client, self.state)
            with self._lock:
                own_writes = self._handovers[-1].after if self._handovers else None
            if signature not in (based_on, own_writes, self._background_seen):
                return  # changed again since: the page that sees it starts it anew
            if self._background_workspace is None:
                # Kept open: SQLite and the index see other processes' commits by
                # themselves, and opening costs about 0.2 s.
                self._background_workspace = self._background_state.enter_context(
                    open_workspace(self.client.path, self.state, self.make_plugin_manager())
                )
            here.workspace, here.store, here.background = self._background_workspace, {}, True
            here.exact, here.served_old, here.deriving = True, 0, 1
            try:
                value = work_out()
            except Exception:
                # Not swallowed: the next page works it out itself and shows the error.
                failed = frozenset([key])
                self._hand_over(_Handover(generation, signature, signature, {}, failed))
                return
            after = _state_signature(self._background_workspace)
            self._background_seen = after
            self._hand_over(_Handover(generation, signature, after, {**here.store, key: value}))
        finally:
            with self._lock:
                self._pending.pop(key, None)

    def _hand_over(self, handover: _Handover) -> None:
        with self._lock:
            self._handovers.append(handover)


def _state_signature(workspace: Workspace) -> tuple:
    return _signature_of_directory(workspace.location.directory)


def _state_signature_of(client: ClientFolder, state: Path | None) -> tuple:
    return _signature_of_directory(locate_state(client.path, state).directory)


def _signature_of_directory(directory: Path) -> tuple:
    """Size and modification time of the state's files (catalog, its WAL, the profile):
    any commit by any process changes one of them. Not the locks, nor SQLite's shared
    memory file, which readers touch too."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except FileNotFoundError:
        return ()
    return tuple(
        (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
        for entry in entries
        if entry.is_file() and not entry.name.endswith((".lock", "-shm"))
    )
