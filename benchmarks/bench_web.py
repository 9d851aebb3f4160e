"""Measure the web front end's pages at the size of a shared drive.

    python benchmarks/bench_web.py [--size 10000] [--generated 1000] [--repeat 7] [--jobs N]
                                   [--after-a-change 3] [--work DIR]

Generates (once, then reuses from ``--work``, as bench_core does) ``--generated`` distinct
documents and fills a folder of ``--size`` files with them and changed copies (no two files
share their bytes, so every one is extracted and indexed), scans it, then asks each page
and API call ``--repeat`` times through the app in-process (no network: the figure is the
server's time) and prints the first answer's time, the median of the rest and the
answer's size. Then ``--after-a-change`` link decisions: the decision, each page right
after it, and the time until the folder's new assessment is there. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from scale.folders import copy_with_distinct_bytes, corpus  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from evidencekit.plugins import make_plugin_manager  # noqa: E402
from evidencekit.scan import ScanOptions, scan_folder  # noqa: E402
from evidencekit.web.app import create_app  # noqa: E402
from evidencekit.web.clients import ClientList, folder_id  # noqa: E402
from evidencekit.web.security import AccessToken  # noqa: E402
from evidencekit.web.settings import WebSettings  # noqa: E402
from evidencekit.workspace import open_workspace  # noqa: E402

TOKEN = "bench"


def drive(work: Path, size: int, generated: int) -> Path:
    """A folder of ``size`` files made from ``generated`` generated documents."""
    if size <= generated:
        return corpus(work, size)
    folder = work / f"drive-{size}-from-{generated}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        copy_with_distinct_bytes(corpus(work, generated), folder, size)
        (folder / ".complete").touch()  # Hidden: the scan skips it.
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument(
        "--generated",
        type=int,
        default=1000,
        help="distinct documents generated (0.1 s of CPU each); the rest are changed copies",
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--after-a-change",
        type=int,
        default=3,
        help="link decisions measured (each waits for the folder's new assessment)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    args = parser.parse_args()

    folder = drive(args.work, args.size, args.generated)
    state = args.work / f"web-state-{args.size}"
    started = time.perf_counter()
    with open_workspace(folder, state, make_plugin_manager()) as workspace, workspace.writing():
        scan_folder(workspace, ScanOptions(jobs=args.jobs))
    print(f"scan (new or changed files only): {time.perf_counter() - started:.1f} s")

    settings = WebSettings(
        token=AccessToken(TOKEN),
        clients=ClientList([folder], args.work / "web-clients.json"),
        state=state,
        jobs=args.jobs,
    )
    key = folder_id(folder.resolve())
    pages = [
        "/",
        f"/folders/{key}",
        f"/folders/{key}/map",
        f"/folders/{key}/documents",
        f"/folders/{key}/documents?page=100",
        f"/folders/{key}/documents?status=ok&q=inspection",
        f"/folders/{key}/documents/1",
        f"/folders/{key}/search?q=first+aid",
        f"/folders/{key}/tracker",
        f"/folders/{key}/tracker.xlsx",
        f"/folders/{key}/plan",
        f"/folders/{key}/training",
        f"/folders/{key}/action-plan",
        f"/folders/{key}/prep",
        "/api/folders",
        f"/api/folders/{key}/readiness",
        f"/api/folders/{key}/documents?page=3&per_page=100",
    ]
    with TestClient(create_app(settings)) as client:
        client.headers["Authorization"] = f"Bearer {TOKEN}"
        print(f"\n{args.size} documents; {args.repeat} requests per page")
        print(f"{'page':58} {'first ms':>9} {'median ms':>10} {'KB':>8}")
        for page in pages:
            times, size = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(page)
                times.append((time.perf_counter() - started) * 1000)
                size = len(response.content)
                if response.status_code != 200:
                    print(f"{page}: {response.status_code} {response.text[:200]}")
                    break
            median = statistics.median(times[1:] or times)
            print(f"{page:58} {times[0]:9.0f} {median:10.0f} {size / 1024:8.0f}")
        print_after_a_change(client, key, args.after_a_change)


def print_after_a_change(client: TestClient, key: str, repeat: int) -> None:
    """A link rejected and reset again: the decision, then each page right after it
    (answered from the assessment before the change while the folder is assessed again
    in the background), and how long until the new assessment is there."""
    readiness = client.get(f"/api/folders/{key}/readiness").json()
    requirement = next(
        req
        for element in readiness["elements"]
        for req in element["requirements"]
        if req["evidence"]
    )
    decision = {"document": requirement["evidence"][0]["path"], "requirement": requirement["id"]}
    after_pages = [
        f"/folders/{key}",
        f"/folders/{key}/map",
        f"/folders/{key}/documents",
        f"/folders/{key}/tracker",
        "/",
    ]
    timings: dict[str, list[float]] = {"decision": [], "until the new assessment": []}
    for number in range(repeat):
        verdict = "reject" if number % 2 == 0 else "reset"
        changed = time.perf_counter()
        client.post(f"/api/folders/{key}/links", json={**decision, "decision": verdict})
        timings["decision"].append((time.perf_counter() - changed) * 1000)
        for page in after_pages:
            started = time.perf_counter()
            client.get(page)
            timings.setdefault(page, []).append((time.perf_counter() - started) * 1000)
        while 'id="updating"' in client.get(f"/folders/{key}").text:
            time.sleep(0.5)
        timings["until the new assessment"].append((time.perf_counter() - changed) * 1000)
    if repeat % 2:
        client.post(f"/api/folders/{key}/links", json={**decision, "decision": "reset"})
        while 'id="updating"' in client.get(f"/folders/{key}").text:
            time.sleep(0.5)
    print(f"\nafter a link decision ({repeat} times; ms)")
    for name, times in timings.items():
        label = name if name.startswith(("decision", "until")) else f"{name} right after"
        print(f"{label:58} {times[0]:9.0f} {statistics.median(times):10.0f}")


if __name__ == "__main__":
    main()
