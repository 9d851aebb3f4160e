"""The tool diff report: untrusted file names stay harmless, the JSON layout documented."""

from __future__ import annotations

import re
from pathlib import Path

from tests.audit_tools.tool_copies import RENUMBERED, next_version
from tests.conftest import REPO, json_output
from tests.documents import write_text

DOCS = REPO / "docs"

ODD_NAME = "Policy/H&S Policy | draft *2026*\x1b[2J.txt"


def test_file_names_are_escaped_in_markdown_and_defused_on_the_terminal(
    evidence: Path, tmp_path: Path, run_cli
) -> None:
    write_text(evidence / ODD_NAME, "Health and Safety Policy\nSigned by the president.")
    draft = next_version(tmp_path)
    assert run_cli("scan", evidence).exit_code == 0
    assert (
        run_cli(
            "link", evidence, "reject", ODD_NAME, RENUMBERED[0], "--tool", "acsa-cor-2019"
        ).exit_code
        == 0
    )
    args = ("tools", "diff", "acsa-cor-2019", draft, evidence)

    markdown = run_cli(*args, "--format", "md").output
    (row,) = [line for line in markdown.splitlines() if line.startswith("| reject |")]
    assert row.count(" | ") == 4  # five cells: the pipe in the name is not a sixth
    assert r"H&S Policy \| draft \*2026\*" in row

    terminal = run_cli(*args).output
    assert "\x1b" not in terminal
    assert "H&S Policy | draft *2026*?[2J.txt" in terminal


def test_every_json_field_is_documented(evidence: Path, tmp_path: Path, run_cli) -> None:
    write_text(evidence / "Policy/Health and Safety Policy.txt", "Health and Safety Policy")
    write_text(evidence / "Incidents/Investigation 2026-09-02.txt", "Incident investigation")
    assert run_cli("scan", evidence).exit_code == 0
    run_cli(
        "link",
        evidence,
        "reject",
        "Policy/Health and Safety Policy.txt",
        RENUMBERED[0],
        "--tool",
        "acsa-cor-2019",
    )
    draft = next_version(tmp_path)
    data = json_output(
        run_cli("tools", "diff", "acsa-cor-2019", draft, evidence, "--format", "json")
    )
    folder = data["folder"]
    fields = {
        *data,
        *data["old"],
        *data["counts"],
        *data["thresholds"],
        *data["requirements"][0],
        *data["requirements"][0]["new"],
        *folder,
        *folder["readiness"]["new"],
        *folder["links"][0],
        *folder["corrections"][0],
    }
    text = (DOCS / "tool-diff-json.md").read_text(encoding="utf-8")
    # Named in a code span, alone or in a path: `folder.links[]`, `old` and `new`.
    documented = {
        word for span in re.findall(r"`([^`]+)`", text) for word in re.findall(r"\w+", span)
    }
    assert sorted(fields - documented) == []
