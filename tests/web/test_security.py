"""The web front end's security model, as an attacker or a careless user would meet it:
no token, a wrong token, a forged form, paths in requests, hostile names and text, and
another process changing the same state."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.web.app import create_app
from evidencekit.web.clients import folder_id
from evidencekit.web.security import COOKIE_NAME, CSRF_HEADER, AccessToken
from evidencekit.workspace import open_workspace
from tests.documents import write_text
from tests.web.conftest import TOKEN, make_settings

REJECTED_DOCUMENT = "Site Admin/Subcontractors/Sub prequal - Apex Drywall Ltd.docx"
REJECTED_REQUIREMENT = "cor2023-2.3"


def every_address(folder_url: str) -> list[tuple[str, str]]:
    folder = folder_url.rsplit("/", 1)[1]
    return [
        ("GET", "/"),
        ("GET", "/style.css"),
        ("GET", folder_url),
        ("GET", f"{folder_url}/map"),
        ("GET", f"{folder_url}/documents"),
        ("GET", f"{folder_url}/documents/1"),
        ("GET", f"{folder_url}/documents/1/original"),
        ("GET", f"{folder_url}/search?q=first+aid"),
        ("GET", f"{folder_url}/tracker"),
        ("GET", f"{folder_url}/tracker.xlsx"),
        ("GET", f"{folder_url}/plan"),
        ("GET", f"{folder_url}/training"),
        ("GET", f"{folder_url}/action-plan"),
        ("GET", f"{folder_url}/prep"),
        ("POST", f"{folder_url}/map/decide"),
        ("POST", f"{folder_url}/tracker/save"),
        ("POST", f"{folder_url}/scan"),
        ("POST", "/clients"),
        ("GET", "/api/folders"),
        ("GET", f"/api/folders/{folder}/readiness"),
        ("GET", f"/api/folders/{folder}/documents"),
        ("POST", f"/api/folders/{folder}/links"),
    ]


def test_without_the_token_every_page_file_and_api_call_is_refused_with_401(
    anonymous: TestClient, folder_url: str
):
    for method, address in every_address(folder_url):
        response = anonymous.request(method, address)
        assert response.status_code == 401, (method, address)
        assert "evidencekit serve" in response.text


def test_a_wrong_token_is_refused_with_403_as_bearer_cookie_or_link(
    anonymous: TestClient, folder_url: str
):
    for method, address in every_address(folder_url):
        response = anonymous.request(method, address, headers={"Authorization": "Bearer nope"})
        assert response.status_code == 403, (method, address)
    anonymous.cookies.set(COOKIE_NAME, "nope")
    assert anonymous.get(folder_url).status_code == 403
    anonymous.cookies.clear()
    assert anonymous.get(f"/?token={TOKEN}x").status_code == 403
    assert COOKIE_NAME not in anonymous.cookies


def test_the_printed_link_sets_an_httponly_strict_cookie_and_drops_the_token_from_the_address(
    anonymous: TestClient, folder_url: str
):
    response = anonymous.get(f"{folder_url}/documents?token={TOKEN}&page=2")
    assert response.status_code == 303
    assert response.headers["location"] == f"{folder_url}/documents?page=2"
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE_NAME}={TOKEN}" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert anonymous.get(folder_url).status_code == 200


def test_every_answer_carries_a_strict_content_security_policy(
    anonymous: TestClient, browser: TestClient, folder_url: str
):
    for response in (anonymous.get("/"), browser.get("/"), browser.get(folder_url)):
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
    page = browser.get(folder_url).text
    # One script, served from here; no inline script or style, nothing from elsewhere.
    assert page.count("<script") == 1 and '<script src="/live.js" defer></script>' in page
    assert "style=" not in page and "http://" not in page and "https://" not in page


def reject_form(csrf: str | None) -> dict[str, str]:
    form = {
        "decision": "reject",
        "document": REJECTED_DOCUMENT,
        "requirement": REJECTED_REQUIREMENT,
    }
    return form if csrf is None else {**form, "csrf_token": csrf}


def rejected(browser: TestClient, folder_url: str) -> bool:
    folder = folder_url.rsplit("/", 1)[1]
    readiness = browser.get(f"/api/folders/{folder}/readiness").json()
    requirement = next(
        req
        for element in readiness["elements"]
        for req in element["requirements"]
        if req["id"] == REJECTED_REQUIREMENT
    )
    return all(item["path"] != REJECTED_DOCUMENT for item in requirement["evidence"])


def test_a_form_posted_with_the_cookie_but_without_the_csrf_token_changes_nothing(
    browser: TestClient, folder_url: str
):
    for csrf in (None, "forged"):
        response = browser.post(f"{folder_url}/map/decide", data=reject_form(csrf))
        assert response.status_code == 403
        assert "CSRF" in response.text
    response = browser.post(
        f"/api/folders/{folder_url.rsplit('/', 1)[1]}/links",
        json={
            "decision": "reject",
            "document": REJECTED_DOCUMENT,
            "requirement": REJECTED_REQUIREMENT,
        },
    )
    assert response.status_code == 403
    assert not rejected(browser, folder_url)


def test_the_pages_forms_carry_the_csrf_token_that_lets_the_change_through(
    browser: TestClient, folder_url: str, settings
):
    page = browser.get(f"{folder_url}/map").text
    csrf = settings.token.csrf
    assert f'name="csrf_token" value="{csrf}"' in page
    response = browser.post(f"{folder_url}/map/decide", data=reject_form(csrf))
    assert response.status_code == 303
    assert rejected(browser, folder_url)


def test_the_api_takes_the_csrf_header_beside_the_cookie(
    browser: TestClient, folder_url: str, settings
):
    response = browser.post(
        f"/api/folders/{folder_url.rsplit('/', 1)[1]}/links",
        json={
            "decision": "reject",
            "document": REJECTED_DOCUMENT,
            "requirement": REJECTED_REQUIREMENT,
        },
        headers={CSRF_HEADER: settings.token.csrf},
    )
    assert response.status_code == 200, response.text
    assert rejected(browser, folder_url)


@pytest.mark.parametrize(
    "address",
    [
        "/documents/..%2F..%2F..%2Fetc%2Fpasswd/original",
        "/documents/../../../../etc/passwd",
        "/documents/999999/original",
        "/documents/-1/original",
        "/documents/0/original",
    ],
)
def test_no_address_reaches_a_file_the_catalog_does_not_hold(
    browser: TestClient, folder_url: str, address: str
):
    response = browser.get(folder_url + address)
    assert response.status_code == 404
    assert "root:" not in response.text


def test_an_unknown_folder_id_is_not_found(browser: TestClient):
    assert browser.get("/folders/0123456789ab").status_code == 404
    assert browser.get("/api/folders/..%2F..%2Fetc/readiness").status_code == 404


@pytest.mark.parametrize("document", ["../../../etc/passwd", "/etc/passwd", "nowhere.pdf"])
def test_a_link_decision_names_only_a_catalogued_document(
    api: TestClient, folder_url: str, document: str
):
    response = api.post(
        f"/api/folders/{folder_url.rsplit('/', 1)[1]}/links",
        json={"decision": "add", "document": document, "requirement": REJECTED_REQUIREMENT},
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_the_original_file_is_the_catalogued_one_sent_as_a_sandboxed_download(
    browser: TestClient, folder_url: str, served
):
    folder, _ = served
    listing = browser.get(f"/api/folders/{folder_url.rsplit('/', 1)[1]}/documents?per_page=1")
    document = listing.json()["documents"][0]
    response = browser.get(f"{folder_url}/documents/{document['id']}/original")
    assert response.status_code == 200
    assert response.content == (folder / document["path"]).read_bytes()
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["content-security-policy"].startswith("sandbox")


HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def hostile_app(tmp_path: Path) -> Iterator[TestClient]:
    folder = tmp_path / "evidence <b>bold</b>"
    write_text(
        folder / f"Safety Program/{HOSTILE} policy.txt",
        f"Health and safety policy {HOSTILE} first aid",
    )
    write_text(
        folder / "Inspections/inspection.txt",
        f"Site inspection report <img src=x onerror=alert(1)> {HOSTILE}",
    )
    state = tmp_path / "state"
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(folder, state, plugin_manager) as workspace, workspace.writing():
        scan_folder(workspace, ScanOptions(jobs=1))
    settings = make_settings(folder, state, tmp_path / "clients.json")
    with TestClient(create_app(settings)) as client:
        client.get(f"/?token={TOKEN}")
        client.folder_url = f"/folders/{folder_id(folder.resolve())}"  # type: ignore[attr-defined]
        yield client


def test_hostile_file_names_and_document_text_are_shown_as_text_never_run(hostile_app: TestClient):
    url = hostile_app.folder_url  # type: ignore[attr-defined]
    pages = [
        "/",
        url,
        f"{url}/map",
        f"{url}/documents",
        f"{url}/documents/1",
        f"{url}/documents/2",
        f"{url}/search?q=inspection",
        f"{url}/search?q=policy",
        f"{url}/tracker",
        f"{url}/plan",
        f"{url}/training",
        f"{url}/action-plan",
        f"{url}/prep",
    ]
    for address in pages:
        response = hostile_app.get(address)
        assert response.status_code == 200, address
        assert "<script>alert" not in response.text, address
        assert "<img src=x" not in response.text, address
        assert "<b>bold</b>" not in response.text, address
    listing = hostile_app.get(f"{url}/documents").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; policy.txt" in listing
    document = (
        hostile_app.get(f"{url}/documents/2").text + hostile_app.get(f"{url}/documents/1").text
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in document


def run_evidencekit(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "evidencekit", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_decision_made_by_another_process_shows_in_the_open_server_and_back(
    browser: TestClient, folder_url: str, served, settings
):
    folder, state = served
    folder_key = folder_url.rsplit("/", 1)[1]
    before = browser.get(f"/api/folders/{folder_key}/readiness").json()["overall"]["score_pct"]
    done = run_evidencekit(
        "link", folder, "reject", REJECTED_DOCUMENT, REJECTED_REQUIREMENT, "--state", state
    )
    assert done.returncode == 0, done.stderr
    assert rejected(browser, folder_url)
    after = browser.get(f"/api/folders/{folder_key}/readiness").json()["overall"]["score_pct"]
    assert after < before
    # And the other way: reset in the browser, seen by the CLI.
    response = browser.post(
        f"{folder_url}/map/decide",
        data={**reject_form(settings.token.csrf), "decision": "reset"},
    )
    assert response.status_code == 303
    mapped = run_evidencekit("map", folder, "--json", "--state", state)
    assert mapped.returncode == 0, mapped.stderr
    requirement = next(
        requirement
        for element in json.loads(mapped.stdout)["elements"]
        for requirement in element["requirements"]
        if requirement["id"] == REJECTED_REQUIREMENT
    )
    assert REJECTED_DOCUMENT not in requirement["rejected_by_user"]
    assert REJECTED_DOCUMENT in [document["path"] for document in requirement["documents"]]


def test_a_change_waits_for_another_process_holding_the_state_lock_and_says_so(
    browser: TestClient, folder_url: str, served, settings, monkeypatch
):
    import filelock

    from evidencekit import state as state_module

    monkeypatch.setattr(state_module, "DEFAULT_LOCK_WAIT_SECONDS", 0.2)
    _, state = served
    browser.get(folder_url)  # opened before the other process takes the lock
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import filelock, sys, time; lock = filelock.FileLock(sys.argv[1]); lock.acquire();"
                " print('held', flush=True); time.sleep(30)"
            ),
            str(state / "writer.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        response = browser.post(f"{folder_url}/map/decide", data=reject_form(settings.token.csrf))
        assert response.status_code == 409
        assert "another evidencekit process" in response.text
    finally:
        holder.kill()
        holder.wait()
    assert filelock.FileLock(str(state / "writer.lock")).acquire(timeout=5)
    assert (
        browser.post(f"{folder_url}/map/decide", data=reject_form(settings.token.csrf)).status_code
        == 303
    )


def test_a_made_up_token_is_long_and_random():
    first, second = AccessToken.generate(), AccessToken.generate()
    assert first != second and len(first.value) >= 32


def test_a_hostile_company_name_in_the_profile_is_shown_as_text(
    browser: TestClient, folder_url: str, served
):
    from click.testing import CliRunner

    from evidencekit.cli import cli

    folder, state = served
    named = CliRunner().invoke(
        cli, ["profile", str(folder), "set", "company", HOSTILE, "--state", str(state)]
    )
    assert named.exit_code == 0, named.output
    for address in ("/", folder_url):
        page = browser.get(address).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
