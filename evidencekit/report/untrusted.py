"""Making untrusted text (file names, titles, extracted words) safe for each output."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()!|<>#])")


def for_terminal(text: str) -> str:
    """No escape sequences: a file name must not be able to rewrite the user's screen."""
    return _CONTROL.sub("?", text)


def for_markdown(text: str) -> str:
    """One line, with Markdown's active characters escaped (no headings, links, tables)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
