"""One broken plugin is said and left out; everything else still works."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit import hookimpl
from tests.documents import write_text


class BrokenTool:
    """An audit tool plugin whose mapping file does not validate."""

    def __init__(self, mapping: Path) -> None:
        self.mapping = mapping

    @hookimpl
    def register_audit_tools(self, register):
        register(self.mapping)


@pytest.fixture
def broken_tool_installed(monkeypatch, tmp_path: Path) -> Path:
    from evidencekit.cli import options as cli_options
    from evidencekit.plugins import make_plugin_manager

    mapping = tmp_path / "broken-tool.yaml"
    mapping.write_text("schema: 1\nid: broken-tool\nname: Broken\n", encoding="utf-8")
    monkeypatch.setattr(
        cli_options,
        "make_plugin_manager",
        lambda: make_plugin_manager(load_entrypoints=False, extra=[BrokenTool(mapping)]),
    )
    return mapping


def test_check_with_the_bundled_tools_runs_beside_a_broken_plugin(
    evidence: Path, run_cli, broken_tool_installed: Path
) -> None:
    write_text(evidence / "Toolbox talk 2026-03-11.txt", "Toolbox talk\nDate: 2026-03-11")
    result = run_cli("check", evidence, "--audit-date", "2026-11-16", "--quiet")
    assert result.exit_code in (0, 1), result.output
    assert "certification audit on 2026-11-16" in result.output
    assert result.output.count("was left out: its audit tool did not load") == 1
    assert str(broken_tool_installed) in result.output


def test_tools_lists_the_others_and_says_which_was_left_out(
    run_cli, broken_tool_installed: Path
) -> None:
    result = run_cli("tools", with_state=False)
    assert result.exit_code == 0, result.output
    assert "acsa-cor-2019" in result.output and "acsa-secor-2023" in result.output
    assert "BrokenTool was left out" in result.output
