"""serve --watch: each listed folder kept current as `evidencekit watch` keeps it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from evidencekit.plugins import make_plugin_manager
from evidencekit.web.clients import ClientFolder, folder_id
from evidencekit.web.folder_access import keep_current
from tests.documents import write_text


def wait_for(lines: list[str], text: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not any(text in line for line in lines):
        assert time.monotonic() < deadline, f"{text!r} never said; said: {lines}"
        time.sleep(0.1)


def test_a_watched_folder_takes_in_a_new_file_and_says_so(tmp_path: Path):
    folder = tmp_path / "evidence"
    write_text(folder / "Meetings/toolbox talk 2026-05-04.txt", "Toolbox talk: ladders")
    client = ClientFolder(folder_id(folder), folder.name, folder, from_command_line=True)
    lines: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(
        target=keep_current,
        args=(
            client,
            tmp_path / "state",
            make_plugin_manager(load_entrypoints=False),
            1,
            stop,
            lines.append,
        ),
    )
    watcher.start()
    try:
        wait_for(lines, "toolbox talk 2026-05-04.txt")
        write_text(folder / "Inspections/site inspection 2026-06-01.txt", "Site inspection report")
        wait_for(lines, "site inspection 2026-06-01.txt")
    finally:
        stop.set()
        watcher.join(30)
    assert all(line.startswith("evidence: ") for line in lines)
    assert not watcher.is_alive()
