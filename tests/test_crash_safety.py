"""A scan killed with SIGKILL at any moment loses nothing: the next scan completes, catalog
and index agree, and nothing committed is extracted again. The larger sweep, which
prints its count of kill points, is ``python benchmarks/kill_sweep.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kill_points import KillRecord, KillSweep
from tests.processes import new_marker

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")

#: More than one catalog transaction's worth (64 results), so a kill can fall between two.
DOCUMENTS = 90
#: Moments to kill each scan at, as fractions of its uninterrupted run (start to exit).
#: A rescan and a rebuild commit their work in fewer, earlier steps than a first scan.
FRACTIONS = {"first scan": [0.4, 0.55, 0.7, 0.8, 0.9, 1.0]}
FEWER_STEPS = [0.3, 0.55, 0.8, 1.0]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> KillSweep:
    work = tmp_path_factory.mktemp("kills")
    sweep = KillSweep(folder=work / "evidence", work=work, marker=new_marker())
    sweep.build(DOCUMENTS)
    return sweep


@pytest.fixture(scope="module")
def records(sweep: KillSweep) -> list[KillRecord]:
    return [
        record
        for scenario in sweep.scenarios()
        for record in sweep.kill_all(scenario, FRACTIONS.get(scenario.name, FEWER_STEPS))
    ]


def test_every_killed_scan_is_completed_by_the_next(records: list[KillRecord]) -> None:
    broken = [(record.scenario, round(record.delay, 2), record.problems) for record in records]
    assert [entry for entry in broken if entry[2]] == []


def test_the_kills_fall_before_and_after_each_scan_commits(records: list[KillRecord]) -> None:
    """Otherwise the test above proves nothing: every kill came too early or too late."""
    reached: dict[str, set] = {}
    for record in records:
        reached.setdefault(record.scenario, set()).add(record.reached)
    assert {name: len(states) > 1 for name, states in reached.items()} == dict.fromkeys(
        reached, True
    ), reached


def test_no_process_outlives_a_killed_scan(sweep: KillSweep, records) -> None:
    assert sweep.left_behind() == []
