"""The certificate plan, training, Action Plan and interview preparation pages: each shows
what its command's use case works out for the folder, links its documents to their pages,
escapes what comes from users' files, and prints without the workbench around it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from evidencekit import folder as use_cases
from evidencekit.plugins import make_plugin_manager
from evidencekit.profile.model import PROFILE_FILE_NAME
from evidencekit.report.plan import due_line
from evidencekit.workspace import open_workspace
from tests.web.conftest import AUDIT_DAY, REPO

PROFILE = REPO / "docs" / "examples" / "profiles" / "northridge-construction.yaml"
VIEWS = ("/plan", "/training", "/action-plan", "/prep")


@pytest.fixture
def profiled(served: tuple[Path, Path]) -> tuple[Path, Path]:
    """The sample with its company profile in the state, as `profile` commands leave it."""
    folder, state = served
    shutil.copy(PROFILE, state / PROFILE_FILE_NAME)
    return folder, state


def worked_out(served: tuple[Path, Path], use_case):
    """What a use case returns for the served folder, called as the CLI calls it."""
    folder, state = served
    with open_workspace(folder, state, make_plugin_manager(load_entrypoints=False)) as workspace:
        return use_case(workspace)


def text_of(page: str) -> str:
    """The page's words, without tags (as a reader sees them, still escaped)."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_each_view_answers_from_the_navigation_without_inline_style(
    browser: TestClient, folder_url: str, profiled
):
    dashboard = browser.get(folder_url).text
    for view in VIEWS:
        assert f'href="{folder_url}{view}' in dashboard, view
        response = browser.get(folder_url + view)
        assert response.status_code == 200, view
        # The policy forbids style attributes: a page that had one would show unstyled.
        assert "style=" not in response.text, view
        assert "data-print" in response.text, view


def test_the_plan_page_shows_the_plan_plan_works_out(
    browser: TestClient, folder_url: str, profiled
):
    page = browser.get(f"{folder_url}/plan").text
    request = use_cases.PlanRequest(None, None, AUDIT_DAY, None, jobs=1)
    plan = worked_out(profiled, lambda w: use_cases.folder_certificate_plan(w, request))
    assert plan.actions, "the sample has open corrective actions to show"
    assert escape(due_line(plan)) in page
    assert f"{len(plan.actions)} open" in page
    for action in plan.actions:
        assert action.row.finding_id in page


def test_the_plan_page_without_a_profile_says_what_to_fill_in_and_where(
    browser: TestClient, folder_url: str
):
    response = browser.get(f"{folder_url}/plan")
    assert response.status_code == 200
    assert 'id="needs-profile"' in response.text
    assert "needs a company profile" in response.text
    assert f'href="{folder_url}/profile"' in response.text


def test_the_training_page_shows_each_required_course_as_training_decides(
    browser: TestClient, folder_url: str, profiled
):
    page = browser.get(f"{folder_url}/training").text
    result = worked_out(
        profiled, lambda w: use_cases.folder_training(w, None, AUDIT_DAY, None, AUDIT_DAY)
    )
    for required in result.assessment.results:
        row = page.split(f'id="required-{required.required.id}"', 1)[1].split("</tr>", 1)[0]
        assert f">{required.status}<" in row
    for record in result.assessment.records:
        assert escape(record.path) in page
    assert f"Program courses found ({len(result.assessment.records)})" in page
    # The training matrix: each course on record, and whose course lapsed or lapses.
    assert result.matrix and result.matrix.courses
    for course in result.matrix.courses:
        assert escape(course) in page
    for cell in result.matrix.cells:
        if cell.status in ("expired", "expires-before-audit"):
            assert f'<span class="badge cell-{cell.status}">{escape(cell.person)}</span>' in page


def test_the_training_pages_records_open_their_document_page(
    browser: TestClient, folder_url: str, profiled
):
    page = browser.get(f"{folder_url}/training").text
    first = re.search(rf'<a class="path" href="({folder_url}/documents/\d+)">([^<]+)</a>', page)
    assert first, "a course record links to its document"
    document = browser.get(first.group(1))
    assert document.status_code == 200
    assert first.group(2) in document.text


def test_the_action_plan_page_shows_the_plan_actionplan_works_out(
    browser: TestClient, folder_url: str, profiled
):
    page = browser.get(f"{folder_url}/action-plan?year={AUDIT_DAY.year}").text
    request = use_cases.ActionPlanRequest(None, AUDIT_DAY, AUDIT_DAY.year, None)
    plan = worked_out(profiled, lambda w: use_cases.folder_action_plan(w, request))
    assert escape(plan.verdict) in page
    assert plan.rows, "the sample's plan has rows to show"
    for row in plan.rows:
        assert f'id="row-{row.row_id}"' in page
    done = sum(row.done for row in plan.deliverables)
    assert f"{done} of {len(plan.deliverables)}" in text_of(page)
    for answer in plan.eligibility.answers:
        assert escape(answer.question.question) in page


def test_the_action_plan_page_refuses_a_year_that_cannot_be_meant(
    browser: TestClient, folder_url: str, profiled
):
    assert browser.get(f"{folder_url}/action-plan?year=1999").status_code == 400


def test_the_prep_page_shows_the_preparation_prep_works_out(
    browser: TestClient, folder_url: str, profiled
):
    page = browser.get(f"{folder_url}/prep").text
    prepared = worked_out(profiled, lambda w: use_cases.folder_interview_prep(w, None, (), None))
    plan = prepared.preparation.plan
    words = text_of(page)
    assert f"Interviews at least {plan.interviews_at_least}" in words
    for choice in plan.sites:
        assert escape(choice.site.name) in page
    for sheet in prepared.preparation.sheets:
        assert escape(sheet.title) in page
    # Documents to know open their page here, never a file:// address into the drive.
    assert "file://" not in page
    assert re.search(rf'href="{folder_url}/documents/\d+"', page)


def test_the_views_print_without_the_navigation_and_buttons(browser: TestClient, profiled):
    stylesheet = browser.get("/style.css").text
    hidden_in_print = [
        selectors
        for block in stylesheet.split("@media print {")[1:]
        for selectors, rule in re.findall(r"([^{}]+)\{([^{}]*)\}", block.split("@media")[0])
        if "display: none" in rule
    ]
    assert any(
        all(part in selectors for part in ("nav.folder", ".print-bar", "form"))
        for selectors in hidden_in_print
    )


def test_a_hostile_company_name_is_shown_as_text_in_the_views(
    browser: TestClient, folder_url: str, profiled
):
    hostile = "<script>alert('x')</script>"
    _, state = profiled
    profile = state / PROFILE_FILE_NAME
    profile.write_text(
        re.sub(r"(?m)^company: .*$", f'company: "{hostile}"', profile.read_text()),
        encoding="utf-8",
    )
    for view in ("/plan", "/prep"):
        page = browser.get(folder_url + view).text
        assert "<script>alert" not in page, view
        assert escape(hostile) in page, view


def test_the_reports_keep_their_column_widths_in_their_own_styles():
    """The handed-over HTML pages are self-contained: every width class they use is
    defined in the styles they embed."""
    templates = REPO / "evidencekit" / "report" / "templates"
    base = (templates / "_base.css.j2").read_text(encoding="utf-8")
    for body in ("_plan_main.html.j2", "_prep_main.html.j2"):
        used = set(re.findall(r"\bw-(\d+)\b", (templates / body).read_text(encoding="utf-8")))
        assert used, body
        for width in used:
            assert f".w-{width} {{ width: {width}%; }}" in base
