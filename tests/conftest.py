"""Shared fixtures: an evidence folder, a state directory outside it, a CLI runner."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from evidencekit.cli import cli
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may write state into the real user data folder."""
    monkeypatch.setenv("EVIDENCEKIT_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    return folder


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def scan(evidence: Path, state: Path) -> Callable:
    """Scan ``evidence`` in-process with the built-in plugins (plus ``extra``)."""

    def run(extra: tuple = (), admit=None, pool=None, **options):
        plugin_manager = make_plugin_manager(load_entrypoints=False, extra=extra)
        with open_workspace(evidence, state, plugin_manager) as workspace, workspace.writing():
            options = ScanOptions(jobs=options.pop("jobs", 2), **options)
            return scan_folder(workspace, options, admit=admit, pool=pool)

    return run


@pytest.fixture
def run_cli(state: Path) -> Callable[..., Result]:
    """Run the CLI with ``--state`` pointing at the test's state directory."""

    def run(*args: str | os.PathLike, with_state: bool = True) -> Result:
        words = [str(arg) for arg in args]
        if with_state:
            words += ["--state", str(state)]
        return CliRunner().invoke(cli, words, catch_exceptions=False)

    return run


def json_output(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
