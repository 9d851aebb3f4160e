"""Hostile queries and damaged index folders: what the tests and
benchmarks/hostile_inputs.py try on the tantivy backend."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from evidencekit.hookspecs import MARKER_NAME

#: (what it is, the query). Each must give hits, no hits, or a message naming the problem
#: (exit 2); never a traceback.
HOSTILE_QUERIES: list[tuple[str, str]] = [
    ("unbalanced quote", '"guardrail loose'),
    ("unbalanced parentheses", "(guardrail OR extinguisher"),
    ("closing parentheses only", ")))"),
    ("operators only", "OR OR AND NOT"),
    ("a field that does not exist", "nosuchfield:guardrail"),
    ("an empty field", "folder:"),
    ("a lone wildcard", "*"),
    ("wildcard abuse", "*a* *e* *i* *o* *u* ?*?*?*"),
    ("a leading wildcard", "*rail"),
    ("a 200,000-character query", "guardrail " * 20_000),
    ("a phrase of 5,000 words", '"' + "fire " * 5_000 + '"'),
    ("a date that does not exist", "modified:2026-02-30"),
    ("a month 13", "modified:2026-13"),
    ("a date in words", "modified:yesterday"),
    ("a range ending before it starts", "modified:[2027 to 2025]"),
    ("an unclosed range", "modified:[2026 to"),
    ("control characters", "guard\x00rail\x1b[2J"),
]


def _cut_meta(index: Path) -> None:
    """A commit interrupted while it wrote meta.json."""
    meta = index / "meta.json"
    meta.write_bytes(meta.read_bytes()[:100])


def _empty_meta(index: Path) -> None:
    (index / "meta.json").write_bytes(b"")


def _segment_file_missing(index: Path) -> None:
    next(index.glob("*.idx")).unlink()


def _segment_file_overwritten(index: Path) -> None:
    for term in index.glob("*.term"):
        term.write_bytes(os.urandom(2000))


def _every_file_gone_but_the_marker(index: Path) -> None:
    for path in index.iterdir():
        if path.name != MARKER_NAME:
            path.unlink()


#: What a crash, a full disk or a careless cleanup leaves in the index folder.
DAMAGES: dict[str, Callable[[Path], None]] = {
    "meta.json cut off halfway": _cut_meta,
    "meta.json empty": _empty_meta,
    "a segment file missing": _segment_file_missing,
    "segment term files overwritten with random bytes": _segment_file_overwritten,
    "every index file gone but evidencekit's marker": _every_file_gone_but_the_marker,
}
