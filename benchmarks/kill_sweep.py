"""Kill ``evidencekit scan`` with SIGKILL at many moments and count the kill points survived.

    python benchmarks/kill_sweep.py [--docs 150] [--kills 30] [--work DIR]

Three scans are killed: a first scan, a rescan after edits, moves, deletions and
additions, and a scan that rebuilds a deleted index. Each is killed ``--kills`` times,
at moments spread from its start to just past its uninterrupted end; after each kill an
in-process scan runs to completion and the promises of tests/test_crash_safety.py are
checked (catalog and index agree, every document found by its own word, nothing
committed extracted again, a further scan does nothing). A kill point is a distinct
state the killed scan left on disk. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.kill_points import KillRecord, KillSweep  # noqa: E402
from tests.processes import new_marker  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=150, help="documents in the corpus")
    parser.add_argument("--kills", type=int, default=30, help="kills per scenario")
    parser.add_argument("--work", type=Path, help="work directory (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        sweep_kills(Path(work), args.docs, args.kills)


def sweep_kills(work: Path, documents: int, kills: int) -> None:
    started = time.perf_counter()
    sweep = KillSweep(folder=work / "evidence", work=work, marker=new_marker())
    sweep.build(documents)
    # From 5% to 110% of the uninterrupted run: the last kills land after it has ended.
    fractions = [0.05 + 1.05 * step / (kills - 1) for step in range(kills)]
    print(f"{documents} documents; {kills} kills per scenario\n")
    print(f"{'scenario':<40} {'kills':>5} {'points':>6} {'survived':>8}")
    all_records: list[KillRecord] = []
    for scenario in sweep.scenarios():
        records = sweep.kill_all(scenario, fractions)
        all_records += records
        points = {record.reached for record in records}
        survived = sum(not record.problems for record in records)
        print(f"{scenario.name:<40} {len(records):>5} {len(points):>6} {survived:>8}")
    points = {(record.scenario, record.reached) for record in all_records}
    survived_points = points - {
        (record.scenario, record.reached) for record in all_records if record.problems
    }
    print(
        f"\nkill points survived: {len(survived_points)} of {len(points)} "
        f"({sum(not r.problems for r in all_records)} of {len(all_records)} kills)"
    )
    for record in all_records:
        for problem in record.problems:
            print(f"  {record.scenario} killed at {record.delay:.2f} s: {problem}")
    left = sweep.left_behind()
    print(f"processes left behind: {len(left)}")
    for line in left:
        print(f"  {line}")
    print(f"time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
