"""Fixtures for the web front end: a scanned copy of a bundled sample folder, and a test
client of the app serving it (with its own copy of the state, so each test may write)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.web.app import create_app
from evidencekit.web.clients import ClientList, folder_id
from evidencekit.web.security import AccessToken
from evidencekit.web.settings import WebSettings
from evidencekit.workspace import open_workspace

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_evidence" / "northridge-construction"
TOKEN = "test-token-0123456789"
#: A day the sample's evidence is assessed at (its documents are from 2025 and 2026).
AUDIT_DAY = date(2026, 6, 30)


@pytest.fixture(scope="session")
def scanned_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the northridge sample and its scanned state: (folder, state)."""
    base = tmp_path_factory.mktemp("served")
    folder = base / "northridge-construction"
    shutil.copytree(SAMPLE, folder)
    state = base / "state"
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(folder, state, plugin_manager) as workspace, workspace.writing():
        scan_folder(workspace, ScanOptions(jobs=2))
    return folder, state


@pytest.fixture
def served(scanned_sample: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """The sample folder and a fresh copy of its state for this test."""
    folder, state = scanned_sample
    copy = tmp_path / "state"
    shutil.copytree(state, copy, ignore=shutil.ignore_patterns("*.lock"))
    return folder, copy


def make_settings(folder: Path, state: Path, clients_file: Path) -> WebSettings:
    return WebSettings(
        token=AccessToken(TOKEN),
        clients=ClientList([folder], clients_file),
        state=state,
        make_plugin_manager=lambda: make_plugin_manager(load_entrypoints=False),
        today=lambda: AUDIT_DAY,
        # A page waits for the assessment a change made old, as with a small folder: the
        # tests of pages answered from the previous one set their own wait.
        fresh_wait_seconds=60,
    )


@pytest.fixture
def settings(served: tuple[Path, Path], tmp_path: Path) -> WebSettings:
    folder, state = served
    return make_settings(folder, state, tmp_path / "clients.json")


@pytest.fixture
def anonymous(settings: WebSettings) -> Iterator[TestClient]:
    """A client of the app that has not been given the token."""
    with TestClient(create_app(settings), follow_redirects=False) as client:
        yield client


@pytest.fixture
def browser(anonymous: TestClient) -> TestClient:
    """A client that opened the printed link: it holds the token's cookie."""
    response = anonymous.get(f"/?token={TOKEN}")
    assert response.status_code == 303
    return anonymous


@pytest.fixture
def api(anonymous: TestClient) -> TestClient:
    """A client that sends the token as a bearer header, as a script would."""
    anonymous.headers["Authorization"] = f"Bearer {TOKEN}"
    return anonymous


@pytest.fixture
def folder_url(served: tuple[Path, Path]) -> str:
    return f"/folders/{folder_id(served[0])}"
