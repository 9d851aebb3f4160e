"""Installed, tantivy is chosen over Whoosh; ``--index whoosh`` switches back, refilling it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from evidencekit_tantivy import index as tantivy_plugin

from evidencekit.cli import cli
from evidencekit.folder import folder_status
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace


def evidence_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    (folder / "Inspections").mkdir(parents=True)
    (folder / "Inspections" / "yard.txt").write_text("Fire extinguisher tagged\nGuardrail loose")
    (folder / "policy.md").write_text("# Health & Safety Policy\nSigned by the owner")
    return folder


def test_tantivy_is_chosen_over_whoosh_and_a_switch_refills_the_index(tmp_path: Path) -> None:
    evidence, state = evidence_folder(tmp_path), tmp_path / "state"
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[tantivy_plugin])
    notices: list[str] = []
    with open_workspace(evidence, state, plugin_manager, notices.append) as workspace:
        with workspace.writing():
            scan_folder(workspace, ScanOptions(jobs=1))
        assert folder_status(workspace).index_backend == "tantivy"
        (hit,) = workspace.search('"health and safety policy"', 5)
        assert (hit.path, hit.page) == ("policy.md", 1)
    assert notices == []
    with open_workspace(evidence, state, plugin_manager, notices.append, "whoosh") as workspace:
        assert [hit.path for hit in workspace.search("extinguisher", 5)] == ["Inspections/yard.txt"]
    assert notices == [
        "Rebuilding the search index: the search backend changed from tantivy to whoosh."
    ]


def test_the_command_line_names_the_backend(tmp_path: Path) -> None:
    evidence, state = evidence_folder(tmp_path), tmp_path / "state"
    runner = CliRunner()
    scanned = runner.invoke(
        cli, ["--index", "tantivy", "scan", str(evidence), "--state", str(state)]
    )
    assert scanned.exit_code == 0, scanned.output
    status = runner.invoke(
        cli, ["--index", "tantivy", "status", str(evidence), "--state", str(state)]
    )
    assert "Search index:    tantivy, 2 files" in status.output
    found = runner.invoke(
        cli, ["--index", "whoosh", "search", str(evidence), "guardrails", "--state", str(state)]
    )
    assert found.exit_code == 0, found.output
    assert "Rebuilding the search index: the search backend changed from tantivy to whoosh" in (
        found.output
    )
    assert "Inspections/yard.txt  (page 1)" in found.output
