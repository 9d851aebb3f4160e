"""Running ``evidencekit`` as a user does, in its own process, and finding what it leaves
running: each run carries a marker in its environment, which every worker inherits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

MARKER_VARIABLE = "EVIDENCEKIT_TEST_RUN"


def new_marker() -> str:
    return uuid.uuid4().hex


def evidencekit_command(*args: str | os.PathLike) -> list[str]:
    return [sys.executable, "-m", "evidencekit", *(str(arg) for arg in args)]


def marked_environment(marker: str) -> dict[str, str]:
    return {**os.environ, MARKER_VARIABLE: marker}


def run_evidencekit(
    *args: str | os.PathLike, marker: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        evidencekit_command(*args),
        env=marked_environment(marker),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def processes_left_behind(marker: str, grace_seconds: float = 10.0) -> list[str]:
    """The command lines of live processes carrying ``marker``, after waiting for them
    to end for up to ``grace_seconds`` (a fork server notices its parent's end quickly)."""
    deadline = time.monotonic() + grace_seconds
    while True:
        alive = _marked_processes(marker)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _marked_processes(marker: str) -> list[str]:
    wanted = f"{MARKER_VARIABLE}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # Ended meanwhile, or not ours to read.
        if wanted in environ.split(b"\0"):
            found.append(f"{entry.name}: {command}")
    return found
