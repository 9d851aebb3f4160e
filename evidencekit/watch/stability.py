"""Deciding when a changed path has stopped changing, so a file is never read mid-copy.

The tracker does no I/O: the watcher tells it about filesystem events and about the size
and mtime it observes, and the clock is injected, so every decision is testable without
sleeping. A path is settled once an observation shows it unchanged for the settle delay
with no event in between; settled paths are handed out in batches.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: What an observation shows of a path: (size, mtime in ns), or None when it is gone.
Stat = tuple[int, int] | None
#: A settled path is handed out at the latest this many settle delays after it settled,
#: even while other paths are still changing, so one endless writer cannot hold up the rest.
MAX_WAIT_IN_SETTLE_DELAYS = 3.0


@dataclass
class _Entry:
    #: When the path was last seen to change (an event, or an observation that differed).
    changed_at: float
    stat: Stat
    #: When the path was last observed; None until an observation follows the last event.
    observed_at: float | None = None
    settled_at: float | None = None
    #: Handed out in a batch and unchanged since: settled, but not waiting for a batch.
    taken: bool = False


class StabilityTracker:
    """Follows changed paths until each has been quiet for ``settle_seconds``."""

    def __init__(
        self,
        settle_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_wait_seconds: float | None = None,
    ) -> None:
        self.settle_seconds = settle_seconds
        self.max_wait_seconds = (
            max_wait_seconds
            if max_wait_seconds is not None
            else settle_seconds * MAX_WAIT_IN_SETTLE_DELAYS
        )
        self._clock = clock
        self._entries: dict[str, _Entry] = {}

    def note_event(self, path: str) -> None:
        """Something happened to ``path``: it must be quiet for a whole delay from now."""
        now = self._clock()
        entry = self._entries.get(path)
        if entry is None:
            self._entries[path] = _Entry(changed_at=now, stat=None)
            return
        entry.changed_at = now
        # An observation made before the event proves nothing about the time after it.
        entry.observed_at = None
        entry.settled_at = None
        entry.taken = False

    def observe(self, path: str, stat: Stat) -> None:
        """``path`` shows ``stat`` now; a difference from the last observation restarts
        its delay (how changes are seen where no events arrive: network shares)."""
        now = self._clock()
        entry = self._entries.get(path)
        if entry is None:
            self._entries[path] = _Entry(changed_at=now, stat=stat, observed_at=now)
            return
        if stat != entry.stat:
            entry.stat = stat
            entry.changed_at = now
            entry.settled_at = None
            entry.taken = False
        entry.observed_at = now
        if entry.settled_at is None and self._is_quiet(entry):
            entry.settled_at = now

    def pending(self) -> list[str]:
        """Paths waiting to settle or to be handed out: the watcher observes these."""
        return [path for path, entry in self._entries.items() if not entry.taken]

    def settled(self) -> list[str]:
        """Pending paths that have settled, in the order they were first seen."""
        return [
            path
            for path, entry in self._entries.items()
            if not entry.taken and entry.settled_at is not None
        ]

    def unsettled_count(self) -> int:
        """How many paths are still changing (or not yet observed quiet)."""
        return sum(
            1 for entry in self._entries.values() if not entry.taken and entry.settled_at is None
        )

    def batch_ready(self) -> bool:
        """True when settled paths should be handed out now: nothing else is still
        changing, or the earliest of them has waited ``max_wait_seconds``.

        Waiting for the rest turns a burst of copied files into a few batches.
        """
        settled_times = [
            entry.settled_at
            for entry in self._entries.values()
            if not entry.taken and entry.settled_at is not None
        ]
        if not settled_times:
            return False
        if self.unsettled_count() == 0:
            return True
        return self._clock() - min(settled_times) >= self.max_wait_seconds

    def is_settled(self, path: str, stat: Stat) -> bool:
        """May ``path``, as it shows ``stat`` now, be read? Only if it settled with that
        very size and mtime (handed out or not)."""
        entry = self._entries.get(path)
        return entry is not None and entry.settled_at is not None and entry.stat == stat

    def take(self, paths: Iterable[str]) -> None:
        """``paths`` were handed out in a batch; they stay settled until they change."""
        for path in paths:
            entry = self._entries.get(path)
            if entry is None or entry.settled_at is None:
                continue
            if entry.stat is None:
                del self._entries[path]  # Gone: nothing is left to remember.
            else:
                entry.taken = True

    def _is_quiet(self, entry: _Entry) -> bool:
        return (
            entry.observed_at is not None
            and entry.observed_at - entry.changed_at >= self.settle_seconds
        )
