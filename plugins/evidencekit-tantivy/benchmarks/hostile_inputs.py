"""Try the hostile queries and index damages of ``tests/hostile.py`` through the command
line, as a user would, and print what each got as a Markdown table.

Run from the plugin's folder, in a venv with evidencekit and this plugin:
``python benchmarks/hostile_inputs.py``. The evidence is the COR sample company
(sample_evidence/northridge-construction), scanned once into a temporary state folder.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from evidencekit.cli import cli
from evidencekit.hookspecs import MARKER_NAME

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from hostile import DAMAGES, HOSTILE_QUERIES  # noqa: E402

SAMPLE = HERE.parents[2] / "sample_evidence" / "northridge-construction"
SHOWN_CHARS = 130


def run(*arguments: str) -> tuple[str, float]:
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["--index", "tantivy", *arguments])
    seconds = time.perf_counter() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"TRACEBACK: {type(result.exception).__name__}: {result.exception}", seconds
    lines = result.output.strip().splitlines() or ["(nothing)"]
    hits = sum(1 for line in lines if line[:4].strip().rstrip(".").isdigit())
    rebuilt = lines[0].startswith("Rebuilding")
    shown = lines[0] if rebuilt or not hits else f"{hits} hits"
    shown = shown if len(shown) <= SHOWN_CHARS else shown[: SHOWN_CHARS - 1] + "…"
    if rebuilt:
        shown += f" … then {hits} hits"
    return f"exit {result.exit_code}: {shown}", seconds


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="tantivy-hostile-"))
    try:
        state = root / "state"
        print(
            run("scan", str(SAMPLE), "--state", str(state))[0].split(":")[0], "scanning the sample"
        )
        print("\n| hostile query | what the user gets | ms |")
        print("| --- | --- | ---: |")
        for what, query in HOSTILE_QUERIES:
            got, seconds = run("search", str(SAMPLE), query, "--state", str(state))
            print(f"| {what} | {got.replace('|', '/')} | {seconds * 1000:.0f} |")
        print("\n| damage to the index folder | what the next search gets | ms |")
        print("| --- | --- | ---: |")
        for what, damage in DAMAGES.items():
            (index,) = {path.parent for path in state.rglob(MARKER_NAME)}
            damage(index)
            got, seconds = run("search", str(SAMPLE), "ladder", "--state", str(state))
            print(f"| {what} | {got.replace('|', '/')} | {seconds * 1000:.0f} |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
