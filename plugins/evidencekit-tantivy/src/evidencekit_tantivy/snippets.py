"""Highlighted snippets of a hit's page, in the style of evidencekit's Whoosh backend.

Matched words are marked ``**word**``; the two best fragments (most different words
matched, then most matches) of up to about ``SNIPPET_CHARS`` characters, with up to
``SURROUND_CHARS`` of context on each side, are joined by `` … `` in reading order. A word
matches when its stem is one the query searched for, so ``guardrails`` lights up for
``guardrail``. Only the first ``MAX_SCANNED_CHARS`` of a page are looked through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from evidencekit_tantivy.query import STOP_WORDS

SNIPPET_CHARS = 240
SURROUND_CHARS = 60
FRAGMENTS = 2
SEPARATOR = " … "
MAX_SCANNED_CHARS = 200_000

_WORD = re.compile(r"\w+(?:\.?\w+)*")


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    stem: str


class Highlighter:
    """Finds and marks the words of one query in page texts."""

    def __init__(self, terms: tuple[set[str], list[str]], stem: Callable[[str], str]) -> None:
        stems, patterns = terms
        self._stems = stems
        self._patterns = [_wildcard(pattern) for pattern in patterns]
        self._stem = stem

    def snippet(self, text: str) -> str:
        """The best fragments of ``text`` with matched words marked, or ``""``."""
        matches = self._matches(text[:MAX_SCANNED_CHARS])
        if not matches:
            return ""
        fragments = _fragments(matches)
        best = sorted(fragments, key=_fragment_score, reverse=True)[:FRAGMENTS]
        ordered = sorted(best, key=lambda fragment: fragment[0].start)
        windows = _merged([(_window(text, fragment), fragment) for fragment in ordered])
        return SEPARATOR.join(_rendered(text, window, fragment) for window, fragment in windows)

    def _matches(self, text: str) -> list[_Match]:
        found = []
        for match in _WORD.finditer(text):
            word = match.group().lower()
            if len(word) < 2 or word in STOP_WORDS:
                continue
            stem = self._stem(word)
            if stem in self._stems or any(pattern.fullmatch(stem) for pattern in self._patterns):
                found.append(_Match(match.start(), match.end(), stem))
        return found


def opening(text: str) -> str:
    """What a hit shows when none of its words is in the page text (a title match)."""
    return text[:SNIPPET_CHARS]


def _wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    )


def _fragments(matches: list[_Match]) -> list[list[_Match]]:
    fragments: list[list[_Match]] = [[matches[0]]]
    for match in matches[1:]:
        current = fragments[-1]
        if match.end - current[0].start <= SNIPPET_CHARS - 2 * SURROUND_CHARS:
            current.append(match)
        else:
            fragments.append([match])
    return fragments


def _fragment_score(fragment: list[_Match]) -> tuple[int, int, int]:
    # Earlier fragments win ties.
    return len({match.stem for match in fragment}), len(fragment), -fragment[0].start


def _window(text: str, fragment: list[_Match]) -> tuple[int, int]:
    """Where a fragment's text starts and ends: its matches with context, whole words."""
    start = max(0, fragment[0].start - SURROUND_CHARS)
    end = min(len(text), fragment[-1].end + SURROUND_CHARS)
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, fragment[0].start)
        start = space + 1 if space != -1 else fragment[0].start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", fragment[-1].end, end)
        end = space if space != -1 else fragment[-1].end
    return start, end


def _merged(
    windows: list[tuple[tuple[int, int], list[_Match]]],
) -> list[tuple[tuple[int, int], list[_Match]]]:
    """Fragments whose context overlaps, shown once as one."""
    merged = [windows[0]]
    for (start, end), fragment in windows[1:]:
        (last_start, last_end), last_fragment = merged[-1]
        if start <= last_end:
            merged[-1] = ((last_start, max(end, last_end)), last_fragment + fragment)
        else:
            merged.append(((start, end), fragment))
    return merged


def _rendered(text: str, window: tuple[int, int], fragment: list[_Match]) -> str:
    start, end = window
    pieces = []
    position = start
    for match in fragment:
        pieces.append(text[position : match.start])
        pieces.append(f"**{text[match.start : match.end]}**")
        position = match.end
    pieces.append(text[position:end])
    return "".join(pieces)
