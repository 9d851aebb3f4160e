"""After a change (a link decision, a correction), a page does not wait for the folder to
be assessed again: it answers with the assessment from before the change, says so, and its
live-update channel tells it when the new one is ready. The API stays exact."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from evidencekit.web.app import create_app
from evidencekit.web.folder_session import FRESH_WAIT_SECONDS
from tests.web.conftest import TOKEN, make_settings

DOCUMENT = "Site Admin/Subcontractors/Sub prequal - Apex Drywall Ltd.docx"
REQUIREMENT = "cor2023-2.3"


def client_waiting(served: tuple[Path, Path], tmp_path: Path, wait: float) -> TestClient:
    folder, state = served
    settings = make_settings(folder, state, tmp_path / "clients.json")
    settings.fresh_wait_seconds = wait
    client = TestClient(create_app(settings), follow_redirects=False)
    client.csrf = settings.token.csrf  # type: ignore[attr-defined]
    return client


@pytest.fixture
def impatient(served: tuple[Path, Path], tmp_path: Path) -> Iterator[TestClient]:
    """A client of a server whose pages never wait for an assessment made old."""
    with client_waiting(served, tmp_path, 0) as client:
        assert client.get(f"/?token={TOKEN}").status_code == 303
        yield client


@pytest.fixture(params=[0, FRESH_WAIT_SECONDS], ids=["no wait", "the default wait"])
def api_client(served: tuple[Path, Path], tmp_path: Path, request) -> Iterator[TestClient]:
    """A script's client (bearer token) of a server whose pages wait as long as given."""
    with client_waiting(served, tmp_path, request.param) as client:
        client.headers["Authorization"] = f"Bearer {TOKEN}"
        yield client


def score_on(page: str) -> str:
    found = re.search(r'id="score">([^<]+)<', page)
    assert found, "the dashboard shows a score"
    return found.group(1)


def reject(client: TestClient, folder_url: str) -> None:
    response = client.post(
        f"{folder_url}/map/decide",
        data={
            "decision": "reject",
            "document": DOCUMENT,
            "requirement": REQUIREMENT,
            "csrf_token": client.csrf,  # type: ignore[attr-defined]
        },
    )
    assert response.status_code == 303


def test_after_a_decision_the_dashboard_shows_the_previous_score_then_the_new_one(
    impatient: TestClient, folder_url: str
):
    before = impatient.get(folder_url).text
    assert 'id="updating"' not in before
    reject(impatient, folder_url)

    answered = impatient.get(folder_url).text
    assert 'id="updating"' in answered
    assert score_on(answered) == score_on(before)
    # The page asks its live-update channel to say when the new assessment is there.
    assert f'data-events="{folder_url}/events?updating=1"' in answered

    deadline = time.monotonic() + 120
    page = answered
    while 'id="updating"' in page and time.monotonic() < deadline:
        time.sleep(0.2)
        page = impatient.get(folder_url).text
    assert 'id="updating"' not in page
    assert score_on(page) != score_on(before)
    # The channel of a page answered while updating says "changed" once it is done.
    events = impatient.get(f"{folder_url}/events?updating=1").text
    assert "event: changed" in events


def test_the_api_answers_exactly_even_right_after_a_change(impatient: TestClient, folder_url: str):
    folder = folder_url.rsplit("/", 1)[1]
    before = impatient.get(f"/api/folders/{folder}/readiness").json()["overall"]
    reject(impatient, folder_url)
    after = impatient.get(f"/api/folders/{folder}/readiness").json()["overall"]
    assert after["score_pct"] < before["score_pct"]


def test_the_api_answers_exactly_after_each_of_several_decisions(
    api_client: TestClient, folder_url: str
):
    """A decision made while the previous one's assessment is still worked out behind
    must not let that older result pass for the new state."""
    folder = folder_url.rsplit("/", 1)[1]
    # Another day than the decisions' (today): the assessment a decision takes its tool
    # from is then not the one asked for.
    readiness = f"/api/folders/{folder}/readiness?audit_date=2026-11-16"
    first = api_client.get(readiness).json()["overall"]["score_pct"]
    scores = []
    for decision in ("reject", "reset", "reject", "reset"):
        response = api_client.post(
            f"/api/folders/{folder}/links",
            json={"document": DOCUMENT, "requirement": REQUIREMENT, "decision": decision},
        )
        assert response.status_code == 200, response.text
        scores.append(api_client.get(readiness).json()["overall"]["score_pct"])
    assert scores[0] < first and scores[2] == scores[0]
    assert scores[1] == first and scores[3] == first
