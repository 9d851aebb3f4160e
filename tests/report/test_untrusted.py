"""Untrusted text cannot act in the terminal or in Markdown."""

from __future__ import annotations

from evidencekit.report.untrusted import for_markdown, for_terminal


def test_escape_sequences_never_reach_the_terminal() -> None:
    assert for_terminal("policy\x1b[2J\x1b[31mREADY.pdf") == "policy?[2J?[31mREADY.pdf"


def test_markdown_stays_one_inert_line() -> None:
    hostile = "h&s policy\n# Verdict: **ready**\n[click](javascript:alert(1)) ![x](http://x)"
    safe = for_markdown(hostile)
    assert "\n" not in safe
    assert "\\# Verdict: \\*\\*ready\\*\\*" in safe
    assert "\\[click\\]\\(javascript:alert\\(1\\)\\)" in safe
    assert "\\!\\[x\\]" in safe
