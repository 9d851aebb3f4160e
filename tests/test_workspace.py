"""Choosing the search backend by name, and refilling the index when the backend changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.builtins.whoosh_index import WhooshSearchIndex
from evidencekit.errors import UsageError
from evidencekit.folder import folder_status
from evidencekit.hookspecs import hookimpl
from evidencekit.plugins import make_plugin_manager
from evidencekit.workspace import open_workspace
from tests.documents import write_text


class SecondIndex(WhooshSearchIndex):
    """Another backend, installed beside Whoosh: the same index under another name."""

    name = "second"


class SecondIndexPlugin:
    @hookimpl
    def open_search_index(self, location: Path) -> SecondIndex:
        return SecondIndex(location)


def open_with(evidence: Path, state: Path, backend: str | None, notices: list[str]):
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[SecondIndexPlugin()])
    return open_workspace(evidence, state, plugin_manager, notices.append, index_backend=backend)


@pytest.fixture
def scanned(evidence: Path, scan) -> Path:
    write_text(evidence / "Inspections" / "yard.txt", "Fire extinguisher tagged")
    scan(extra=(SecondIndexPlugin(),))
    return evidence


def test_the_first_installed_backend_is_used_unless_one_is_named(
    scanned: Path, state: Path
) -> None:
    notices: list[str] = []
    with open_with(scanned, state, None, notices) as workspace:
        assert folder_status(workspace).index_backend == "second"
    with open_with(scanned, state, "second", notices) as workspace:
        assert folder_status(workspace).index_backend == "second"
    assert notices == []


def test_switching_backends_refills_the_new_one_from_the_catalog(
    scanned: Path, state: Path
) -> None:
    notices: list[str] = []
    with open_with(scanned, state, "whoosh", notices) as workspace:
        assert [hit.path for hit in workspace.search("extinguisher", 5)] == ["Inspections/yard.txt"]
        assert folder_status(workspace).index_backend == "whoosh"
    assert notices == [
        "Rebuilding the search index: the search backend changed from second to whoosh."
    ]
    # And back: the index the first backend left behind is not trusted.
    with open_with(scanned, state, None, notices) as workspace:
        assert folder_status(workspace).indexed_files == 1
    assert notices[1:] == [
        "Rebuilding the search index: the search backend changed from whoosh to second."
    ]


def test_an_unknown_backend_is_a_usage_error_naming_the_installed_ones(
    scanned: Path, state: Path
) -> None:
    with (
        open_with(scanned, state, "tantivy", []) as workspace,
        pytest.raises(UsageError) as raised,
    ):
        workspace.search("extinguisher", 5)
    assert str(raised.value) == (
        "no installed search backend is called 'tantivy'; installed: second, whoosh"
    )


def test_the_cli_takes_the_backend_from_index_or_the_environment(
    evidence: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_text(evidence / "note.txt", "Guardrail missing")
    assert run_cli("--index", "whoosh", "scan", evidence).exit_code == 0
    assert "whoosh" in run_cli("--index", "whoosh", "status", evidence).output
    wrong = run_cli("--index", "nope", "status", evidence)
    assert wrong.exit_code == 2
    assert "Error: no installed search backend is called 'nope'; installed:" in wrong.output
    monkeypatch.setenv("EVIDENCEKIT_INDEX", "nope")
    assert run_cli("search", evidence, "guardrail").exit_code == 2
