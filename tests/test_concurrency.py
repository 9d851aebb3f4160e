"""Several evidencekit processes on one state directory at once: writers take turns,
readers are not hurt, nothing is extracted twice and nothing is corrupted."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import threading
from contextlib import closing
from pathlib import Path

import pytest

from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace
from tests.kill_points import write_kill_corpus
from tests.processes import evidencekit_command, marked_environment, new_marker

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")

DOCUMENTS = 60


def test_scans_started_together_take_turns_and_read_each_file_once(
    evidence: Path, state: Path
) -> None:
    manifest = write_kill_corpus(evidence, DOCUMENTS)
    marker = new_marker()
    commands = [
        ("scan", "--json"),
        ("scan", "--json"),
        ("scan", "--json"),
        ("status",),
        ("documents",),
    ]
    processes = [
        subprocess.Popen(
            evidencekit_command(command[0], evidence, "--state", state, *command[1:]),
            env=marked_environment(marker),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    results = [(process.wait(timeout=120), *process.communicate()) for process in processes]
    for command, (code, _, stderr) in zip(commands, results, strict=True):
        assert "Traceback" not in stderr
        if command == ("documents",) and code == 2:
            # It read the state before any scan took the lock (never scanned, said so), or
            # waited its turn behind all three scans for longer than a reader waits.
            assert "has not been scanned yet" in stderr or "is updating" in stderr, stderr
            continue
        assert code == 0, (command, stderr)
        # Only a missing index is rebuilt, and only by the process that found it missing.
        assert "Rebuilding the search index" not in stderr, command
    extracted = [json.loads(stdout)["extracted"] for _, stdout, _ in results[:3]]
    assert sorted(extracted) == [0, 0, DOCUMENTS]
    with closing(sqlite3.connect(state / "catalog.sqlite3")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as space:
        assert space.index.file_ids() == space.catalog.file_ids()
        for path, word in list(manifest.items())[::7]:
            assert [hit.path for hit in space.search(word, 5)] == [path]


def test_a_reader_of_a_folder_being_scanned_for_the_first_time_waits_for_the_scan(
    evidence: Path, state: Path
) -> None:
    write_kill_corpus(evidence, 5)
    plugins = make_plugin_manager(load_entrypoints=False)
    outcome: list[BaseException | None] = []

    def read() -> None:
        with open_workspace(evidence, state, plugins) as reader:
            try:
                reader.require_a_scan()
                outcome.append(None)
            except BaseException as error:  # handed over to the test thread
                outcome.append(error)

    with open_workspace(evidence, state, plugins) as scanner, scanner.writing():
        waiting = threading.Thread(target=read)
        waiting.start()
        # Still waiting while the scan holds the lock: not told "never scanned".
        waiting.join(timeout=1)
        assert waiting.is_alive() or outcome == [None], outcome
        scan_folder(scanner, ScanOptions(jobs=1))
    waiting.join(timeout=60)
    assert outcome == [None]


def test_a_deleted_index_is_rebuilt_once_and_no_search_sees_it_half_filled(
    evidence: Path, state: Path
) -> None:
    manifest = write_kill_corpus(evidence, DOCUMENTS)
    marker = new_marker()
    subprocess.run(
        evidencekit_command("scan", evidence, "--state", state, "--quiet"),
        env=marked_environment(marker),
        check=True,
    )
    shutil.rmtree(state / "index")
    path, word = next(iter(manifest.items()))
    commands = [("search", evidence, word)] * 3 + [("scan", evidence)]
    processes = [
        subprocess.Popen(
            evidencekit_command(*command, "--state", state),
            env=marked_environment(marker),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0], outputs
    notices = [stderr.count("Rebuilding the search index") for _, stderr in outputs]
    assert sum(notices) == 1, outputs
    assert [stdout.count(path) for stdout, _ in outputs[:3]] == [1, 1, 1], outputs


def test_a_scan_that_needs_fewer_workers_than_it_starts_prints_no_traceback(
    evidence: Path, tmp_path: Path
) -> None:
    # One small file, eight workers: the file is done before most workers have started.
    # A pool stopped then left them to find its shared objects gone, and each printed a
    # fork-server traceback into the user's terminal.
    write_kill_corpus(evidence, 1)
    marker = new_marker()
    for attempt in range(3):
        completed = subprocess.run(
            evidencekit_command(
                "scan", evidence, "--state", tmp_path / f"state-{attempt}", "--jobs", "8"
            ),
            env=marked_environment(marker),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        assert "Traceback" not in completed.stderr, completed.stderr
