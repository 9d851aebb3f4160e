"""Small messages a user meets, in words they can act on."""

from __future__ import annotations

from pathlib import Path

import yaml


def test_an_impossible_date_says_what_is_wrong(evidence: Path, run_cli) -> None:
    for written, said in [
        ("2026-13-45", "'2026-13-45' is not a date: there is no month 13"),
        ("2026-02-30", "'2026-02-30' is not a date: month 2 of 2026 has no day 30"),
        ("16/11/2026", "write it as YYYY-MM-DD, like 2026-11-16"),
    ]:
        result = run_cli("check", evidence, "--audit-date", written)
        assert result.exit_code == 2
        assert said in result.output
        assert "%Y" not in result.output


def test_a_tool_copied_with_new_is_named_for_its_new_id(tmp_path: Path, run_cli) -> None:
    target = tmp_path / "draft"
    result = run_cli(
        "tools",
        "new",
        "acsa-cor-2026",
        "--from",
        "acsa-cor-2019",
        "--dir",
        target,
        with_state=False,
    )
    assert result.exit_code == 0, result.output
    mapping = next(target.glob("src/*/mappings/acsa-cor-2026.yaml"))
    header = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    assert (header["id"], header["name"], header["version"]) == (
        "acsa-cor-2026",
        "ACSA COR audit tool",
        "2026",
    )
