"""The tool diff report: untrusted file names cannot break the Markdown or the terminal."""

from __future__ import annotations

from pathlib import Path

from tests.audit.tool_copies import RENUMBERED, next_version
from tests.documents import write_text

ODD_NAME = "Policy/H&S Policy | draft *2026*\x1b[2J.txt"


def test_file_names_are_escaped_in_markdown_and_defused_on_the_terminal(
    evidence: Path, tmp_path: Path, run_cli
) -> None:
    write_text(evidence / ODD_NAME, "Health and Safety Policy\nSigned by the president.")
    draft = next_version(tmp_path)
    assert run_cli("scan", evidence).exit_code == 0
    assert run_cli("link", evidence, "reject", ODD_NAME, RENUMBERED[0]).exit_code == 0
    args = ("tools", "diff", "acsa-cor-2019", draft, evidence)

    markdown = run_cli(*args, "--format", "md").output
    (row,) = [line for line in markdown.splitlines() if line.startswith("| reject |")]
    assert row.count(" | ") == 4  # five cells: the pipe in the name is not a sixth
    assert r"H&S Policy \| draft \*2026\*" in row

    terminal = run_cli(*args).output
    assert "\x1b" not in terminal
    assert "H&S Policy | draft *2026*?[2J.txt" in terminal
