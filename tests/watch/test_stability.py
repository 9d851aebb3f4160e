"""The stability tracker, driven by a fake clock: when is a changed file safe to read?"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from evidencekit.watch.stability import StabilityTracker

SETTLE = 1.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def tracker_and_clock(max_wait: float | None = None) -> tuple[StabilityTracker, FakeClock]:
    clock = FakeClock()
    return StabilityTracker(SETTLE, clock, max_wait), clock


def test_a_file_settles_once_observed_unchanged_for_the_delay() -> None:
    tracker, clock = tracker_and_clock()
    tracker.note_event("a.docx")
    tracker.observe("a.docx", (10, 1))
    clock.advance(0.75)
    tracker.observe("a.docx", (10, 1))
    assert tracker.settled() == []
    clock.advance(0.25)
    tracker.observe("a.docx", (10, 1))
    assert tracker.settled() == ["a.docx"]
    assert tracker.is_settled("a.docx", (10, 1))
    assert not tracker.is_settled("a.docx", (11, 2))
    assert tracker.batch_ready()


def test_a_file_still_being_written_never_settles() -> None:
    tracker, clock = tracker_and_clock()
    tracker.note_event("big.pdf")
    for size in range(1, 20):  # Growing, with no events (a network share).
        tracker.observe("big.pdf", (size * 1000, size))
        clock.advance(0.5)
    assert tracker.settled() == []
    assert tracker.unsettled_count() == 1
    tracker.observe("big.pdf", (19_000, 19))
    clock.advance(SETTLE)
    tracker.observe("big.pdf", (19_000, 19))
    assert tracker.settled() == ["big.pdf"]


def test_an_event_restarts_the_delay_even_when_the_size_is_unchanged() -> None:
    tracker, clock = tracker_and_clock()
    tracker.observe("a.txt", (5, 1))
    clock.advance(0.8)
    tracker.note_event("a.txt")
    clock.advance(0.5)
    tracker.observe("a.txt", (5, 1))
    assert tracker.settled() == []
    clock.advance(0.5)
    tracker.observe("a.txt", (5, 1))
    assert tracker.settled() == ["a.txt"]


def test_a_deleted_path_settles_as_gone_and_is_forgotten_when_taken() -> None:
    tracker, clock = tracker_and_clock()
    tracker.note_event("gone.pdf")
    tracker.observe("gone.pdf", None)
    clock.advance(SETTLE)
    tracker.observe("gone.pdf", None)
    assert tracker.settled() == ["gone.pdf"]
    tracker.take(["gone.pdf"])
    assert tracker.pending() == []
    assert not tracker.is_settled("gone.pdf", None)


def test_a_taken_file_stays_readable_until_it_changes() -> None:
    tracker, clock = tracker_and_clock()
    tracker.observe("a.pdf", (1, 1))
    clock.advance(SETTLE)
    tracker.observe("a.pdf", (1, 1))
    tracker.take(tracker.settled())
    assert tracker.pending() == [] and not tracker.batch_ready()
    assert tracker.is_settled("a.pdf", (1, 1))
    tracker.observe("a.pdf", (2, 2))
    assert not tracker.is_settled("a.pdf", (2, 2))
    assert tracker.pending() == ["a.pdf"]


def test_a_burst_is_handed_out_together_unless_one_file_keeps_changing() -> None:
    tracker, clock = tracker_and_clock(max_wait=3.0)
    for number in range(5):
        tracker.note_event(f"copy/{number}.pdf")
        tracker.observe(f"copy/{number}.pdf", (100, number))
        clock.advance(0.3)
    # The first files have settled, the last not yet: wait for the rest of the burst.
    for number in range(5):
        tracker.observe(f"copy/{number}.pdf", (100, number))
    assert tracker.settled() and not tracker.batch_ready()
    clock.advance(SETTLE)
    for number in range(5):
        tracker.observe(f"copy/{number}.pdf", (100, number))
    assert len(tracker.settled()) == 5 and tracker.batch_ready()
    tracker.take(tracker.settled())
    # An endless writer holds up the others only for the maximum wait.
    tracker.note_event("log.txt")
    tracker.note_event("done.pdf")
    tracker.observe("done.pdf", (1, 1))
    for tick in range(1, 30):
        clock.advance(0.2)
        tracker.observe("log.txt", (tick, tick))
        tracker.observe("done.pdf", (1, 1))
        if tracker.batch_ready():
            break
    assert tracker.settled() == ["done.pdf"]
    assert tracker.unsettled_count() == 1


# Each step: seconds to wait, then an event or not; every step ends in an observation of
# an unchanging file, as the watcher's loop makes one on each tick.
steps = st.lists(st.tuples(st.floats(0.0, 2.5), st.booleans()), min_size=1, max_size=40)


@given(steps)
def test_never_settled_within_the_delay_of_an_event_and_always_after_it(
    plan: list[tuple[float, bool]],
) -> None:
    tracker, clock = tracker_and_clock()
    tracker.note_event("f")
    last_event = clock.now
    for wait, event in plan:
        clock.advance(wait)
        if event:
            tracker.note_event("f")
            last_event = clock.now
        tracker.observe("f", (7, 7))
        quiet_for = clock.now - last_event
        if tracker.is_settled("f", (7, 7)):
            assert quiet_for >= SETTLE
    clock.advance(SETTLE + 0.001)  # Clear of float rounding.
    tracker.observe("f", (7, 7))
    assert tracker.is_settled("f", (7, 7))
