"""The JSON API and the pages, as a consultant (or a script of theirs) uses them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from starlette.testclient import TestClient

from evidencekit.cli import cli
from evidencekit.web.clients import folder_id
from tests.web.conftest import AUDIT_DAY

DOCUMENT = "Site Admin/Subcontractors/Sub prequal - Apex Drywall Ltd.docx"
REQUIREMENT = "cor2023-2.3"


def key(folder_url: str) -> str:
    return folder_url.rsplit("/", 1)[1]


def test_folders_lists_each_with_id_name_and_path(api: TestClient, served):
    folder, _ = served
    assert api.get("/api/folders").json() == [
        {"id": folder_id(folder), "name": folder.name, "path": str(folder)}
    ]


def test_readiness_is_exactly_the_json_of_check(api: TestClient, served, folder_url: str):
    folder, state = served
    day = AUDIT_DAY.isoformat()
    checked = CliRunner().invoke(
        cli,
        [
            "check",
            str(folder),
            "--format",
            "json",
            "--audit-date",
            day,
            "--state",
            str(state),
            "-q",
        ],
    )
    response = api.get(f"/api/folders/{key(folder_url)}/readiness?audit_date={day}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.text == checked.stdout


def test_readiness_refuses_a_date_that_is_not_one(api: TestClient, folder_url: str):
    for wrong in ("2026-13-01", "yesterday", "1899-01-01"):
        response = api.get(f"/api/folders/{key(folder_url)}/readiness?audit_date={wrong}")
        assert response.status_code == 400
        assert "audit_date" in response.json()["error"]


def test_documents_come_a_page_at_a_time(api: TestClient, folder_url: str):
    first = api.get(f"/api/folders/{key(folder_url)}/documents?per_page=5").json()
    second = api.get(f"/api/folders/{key(folder_url)}/documents?per_page=5&page=2").json()
    assert len(first["documents"]) == 5 and first["page"] == 1
    assert first["pages"] == -(-first["total"] // 5)
    assert {d["path"] for d in first["documents"]}.isdisjoint(
        d["path"] for d in second["documents"]
    )
    assert api.get(f"/api/folders/{key(folder_url)}/documents?page=0").status_code == 400


def score_and_evidence(api: TestClient, folder_url: str) -> tuple[float, list[str]]:
    readiness = api.get(f"/api/folders/{key(folder_url)}/readiness").json()
    requirement = next(
        req
        for element in readiness["elements"]
        for req in element["requirements"]
        if req["id"] == REQUIREMENT
    )
    return readiness["overall"]["score_pct"], [item["path"] for item in requirement["evidence"]]


def test_link_decisions_change_the_assessment_as_evidencekit_link_does(
    api: TestClient, folder_url: str
):
    score, evidence = score_and_evidence(api, folder_url)
    assert DOCUMENT in evidence
    url = f"/api/folders/{key(folder_url)}/links"
    reject = {"document": DOCUMENT, "requirement": REQUIREMENT, "decision": "reject"}
    response = api.post(url, json=reject)
    assert response.status_code == 200
    assert response.json()["done"].startswith("Rejected")
    lower, evidence = score_and_evidence(api, folder_url)
    assert lower < score and DOCUMENT not in evidence
    assert api.post(url, json={**reject, "decision": "reset"}).status_code == 200
    again, evidence = score_and_evidence(api, folder_url)
    assert again == score and DOCUMENT in evidence
    assert api.post(url, json={**reject, "decision": "maybe"}).status_code == 400
    assert api.post(url, json={**reject, "requirement": "nope"}).status_code == 400
    assert api.post(url, content=b"not json").status_code == 400


def test_every_page_of_a_folder_answers(browser: TestClient, folder_url: str):
    for page in ("", "/map", "/documents", "/documents/1", "/search?q=first+aid", "/tracker"):
        response = browser.get(folder_url + page)
        assert response.status_code == 200, page
        assert response.headers["content-type"].startswith("text/html")


def test_the_client_list_shows_each_folder_with_its_verdict_and_score(browser: TestClient):
    page = browser.get("/").text
    assert "northridge-construction" in page
    assert "ready" in page and "%" in page


def test_a_folder_added_in_the_browser_is_kept_and_can_be_removed(
    browser: TestClient, settings, tmp_path: Path
):
    other = tmp_path / "another client"
    other.mkdir()
    csrf = settings.token.csrf
    response = browser.post("/clients", data={"path": str(other), "csrf_token": csrf})
    assert response.status_code == 303
    assert "another client" in browser.get("/").text
    assert "not scanned yet" in browser.get("/").text
    stored = json.loads(settings.clients._file.read_text())
    assert stored == {"folders": [str(other.resolve())]}
    removed = browser.post(
        f"/clients/{folder_id(other.resolve())}/remove", data={"csrf_token": csrf}
    )
    assert removed.status_code == 303
    assert "another client" not in browser.get("/").text
    refused = browser.post("/clients", data={"path": str(tmp_path / "nowhere"), "csrf_token": csrf})
    assert refused.status_code == 400


def test_a_tracker_row_edited_in_the_page_is_in_the_xlsx_download(
    browser: TestClient, folder_url: str, settings
):
    rows = browser.get(f"{folder_url}/tracker.csv").text.splitlines()
    finding_id = rows[1].split(",")[0]
    saved = browser.post(
        f"{folder_url}/tracker/save",
        data={
            "csrf_token": settings.token.csrf,
            "finding_id": finding_id,
            "owner": "Dana Site-Super",
            "due": "2026-07-15",
            "status": "in-progress",
            "note": "ordering binders",
        },
    )
    assert saved.status_code == 303
    workbook = openpyxl.load_workbook(io.BytesIO(browser.get(f"{folder_url}/tracker.xlsx").content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    row = next(
        [cell.value for cell in line]
        for line in sheet.iter_rows(min_row=2)
        if line[0].value == finding_id
    )
    values = dict(zip(header, row, strict=True))
    assert (values["owner"], values["due"], values["status"], values["note"]) == (
        "Dana Site-Super",
        "2026-07-15",
        "in-progress",
        "ordering binders",
    )
    page = browser.get(f"{folder_url}/tracker").text
    assert "Dana Site-Super" in page


def test_a_tracker_row_with_a_wrong_date_is_refused_with_the_reason(
    browser: TestClient, folder_url: str, settings
):
    finding_id = browser.get(f"{folder_url}/tracker.csv").text.splitlines()[1].split(",")[0]
    response = browser.post(
        f"{folder_url}/tracker/save",
        data={"csrf_token": settings.token.csrf, "finding_id": finding_id, "due": "next week"},
    )
    assert response.status_code == 400
    assert "next week" in response.text


def test_search_shows_snippets_with_the_words_marked(browser: TestClient, folder_url: str):
    page = browser.get(f"{folder_url}/search?q=harness").text
    assert "<mark>" in page.lower()
    assert "/documents/" in page


def test_search_results_come_ten_a_page(browser: TestClient, folder_url: str):
    first = browser.get(f"{folder_url}/search?q=safety").text
    second = browser.get(f"{folder_url}/search?q=safety&page=2").text
    assert first.count('class="path"') == 10
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert 'start="11"' in second


def test_a_profile_suggestion_accepted_in_the_page_is_saved_and_used(
    browser: TestClient, folder_url: str, settings, served
):
    page = browser.get(f"{folder_url}/profile").text
    assert 'id="suggest-company"' in page
    response = browser.post(
        f"{folder_url}/profile/accept", data={"field": "company", "csrf_token": settings.token.csrf}
    )
    assert response.status_code == 303
    page = browser.get(response.headers["location"]).text
    assert "Accepted company (1)" in page
    company = page.split('id="company">', 1)[1].split("<", 1)[0]
    assert company.strip("-\u2013 ")
    assert company in browser.get("/").text


def test_a_profile_field_set_in_the_page_is_checked_before_it_is_saved(
    browser: TestClient, folder_url: str, settings
):
    csrf = settings.token.csrf
    wrong = browser.post(
        f"{folder_url}/profile/set", data={"key": "headcount", "value": "-3", "csrf_token": csrf}
    )
    assert wrong.status_code == 400
    assert "headcount" in wrong.text
    right = browser.post(
        f"{folder_url}/profile/set", data={"key": "headcount", "value": "42", "csrf_token": csrf}
    )
    assert right.status_code == 303
    assert '<td id="headcount">42' in browser.get(f"{folder_url}/profile").text


def test_a_document_page_marks_the_words_that_linked_it(
    api: TestClient, browser: TestClient, folder_url: str
):
    listing = api.get(f"/api/folders/{key(folder_url)}/documents?q=toolbox+talk+-+april").json()
    document = listing["documents"][0]
    page = browser.get(f"{folder_url}/documents/{document['id']}").text
    assert "cor2023-6.3" in page
    assert "<mark>harness</mark>" in page.lower()


def test_a_documents_type_and_date_corrected_on_its_page_are_shown_as_the_users(
    browser: TestClient, folder_url: str, settings, served: tuple[Path, Path]
):
    page = browser.get(f"{folder_url}/documents/1").text
    assert 'action="' + folder_url + '/documents/1/reading"' in page
    csrf = settings.token.csrf
    corrected = browser.post(
        f"{folder_url}/documents/1/reading",
        data={"type": "drill-record", "date": "2026-02-03", "csrf_token": csrf},
    )
    assert corrected.status_code == 303
    page = browser.get(f"{folder_url}/documents/1").text
    assert '<div class="label">Type</div><div class="value">drill-record</div>' in page
    assert "2026-02-03" in page and "from user" in page
    # The same correction is the CLI's: a rescan keeps it and `documents` says whose it is.
    folder, state = served
    listed = CliRunner().invoke(cli, ["documents", str(folder), "--state", str(state)])
    (line,) = [line for line in listed.output.splitlines() if "date corrected by you" in line]
    assert "drill-record" in line and "2026-02-03" in line
    refused = browser.post(
        f"{folder_url}/documents/1/reading", data={"date": "2026-13-45", "csrf_token": csrf}
    )
    assert refused.status_code == 400 and "YYYY-MM-DD" in refused.text
    reset = browser.post(
        f"{folder_url}/documents/1/reading", data={"reset": "1", "csrf_token": csrf}
    )
    assert reset.status_code == 303
    assert "from user" not in browser.get(f"{folder_url}/documents/1").text
