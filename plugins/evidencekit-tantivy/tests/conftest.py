"""The tests' helpers sit beside them; state goes to a temporary home, never the user's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVIDENCEKIT_HOME", str(tmp_path_factory.mktemp("home")))
