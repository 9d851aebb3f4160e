"""Preparation sheets and observation checklists on the sample companies, with their
example profiles: the right questions per level and the company's own files."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.plugins import make_plugin_manager
from evidencekit.prep.interviews import prepare_interviews
from evidencekit.profile.model import CompanyProfile, load_profile
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_evidence"
PROFILES = REPO / "docs" / "examples" / "profiles"
TOOLS = {
    "northridge-construction": "acsa-cor-2019",
    "prairie-line-electric-secor": "acsa-secor-2023",
}


@pytest.fixture(scope="module")
def evidence_maps(tmp_path_factory: pytest.TempPathFactory) -> dict:
    maps = {}
    for company, tool_id in TOOLS.items():
        state = tmp_path_factory.mktemp(company)
        plugin_manager = make_plugin_manager(load_entrypoints=False)
        with open_workspace(SAMPLES / company, state, plugin_manager) as workspace:
            with workspace.writing():
                scan_folder(workspace, ScanOptions(jobs=2))
            maps[company] = workspace.evidence_map(tool_id)
    return maps


def profile_of(company: str) -> CompanyProfile:
    return load_profile(Path("/nonexistent"), PROFILES / f"{company}.yaml")


def prepared(evidence_maps: dict, company: str, profile: CompanyProfile | None = None):
    return prepare_interviews(evidence_maps[company], profile or profile_of(company))


def sheet(preparation, title: str):
    return next(sheet for sheet in preparation.sheets if sheet.title == title)


def files(sheet, name: str) -> list[str]:
    known = next(known for known in sheet.documents if known.name == name)
    return [document.path for document in known.documents]


def test_a_crew_worker_gets_the_hazard_assessment_of_their_work(evidence_maps) -> None:
    preparation = prepared(evidence_maps, "northridge-construction")
    framer = sheet(preparation, "Framing and concrete crew worker")
    assert files(framer, "the formal hazard assessment of their work") == [
        "Safety Program/03 Hazard Assessments/Formal HA - Framing & Concrete.docx"
    ]
    yard = sheet(preparation, "Yard and Equipment Lead")
    assert files(yard, "the formal hazard assessment of their work") == [
        "Safety Program/03 Hazard Assessments/FHA_yard_shop_20260119.pdf"
    ]


def test_office_staff_are_not_handed_the_fields_procedures(evidence_maps) -> None:
    preparation = prepared(evidence_maps, "northridge-construction")
    procedures = "the safe work procedures for their tasks"
    for title in ("Office Administrator", "Bookkeeper"):
        office = sheet(preparation, title)
        assert files(office, procedures) == []
        note = next(known.note for known in office.documents if known.name == procedures)
        assert "ask which, if any, the person's tasks need" in note
    # A crew worker whose work no procedure names still gets every one.
    finisher = sheet(preparation, "Finishing crew worker")
    assert any("Trenching" in path for path in files(finisher, procedures))


def test_the_current_policy_and_plan_are_the_actual_files(evidence_maps) -> None:
    framer = sheet(prepared(evidence_maps, "northridge-construction"), "Foreman")
    assert files(framer, "the health and safety policy") == [
        "Safety Program/01 Policy/H&S Policy - signed Oct 2025.pdf"
    ]
    assert files(framer, "the emergency response plan") == [
        "Emergency/Emergency Response Plan 2026.pdf"
    ]


def test_questions_are_put_for_each_level(evidence_maps) -> None:
    preparation = prepared(evidence_maps, "northridge-construction")
    president = {q.requirement.id: q for q in sheet(preparation, "President").questions}
    worker = {q.requirement.id: q for q in sheet(preparation, "Finishing crew worker").questions}
    sub = {
        q.requirement.id: q for q in sheet(preparation, "Keystone Excavating operator").questions
    }
    assert "cor2019-10.6" in president and "cor2019-10.6" not in worker
    assert "cor2019-4.2" in worker and "cor2019-4.2" not in president
    assert president["cor2019-1.6"].ask != worker["cor2019-1.6"].ask
    assert "cor2019-2.4" in sub and "before you started" in sub["cor2019-2.4"].ask


def test_a_document_the_evidence_lacks_is_said_missing(evidence_maps) -> None:
    helper = sheet(prepared(evidence_maps, "prairie-line-electric-secor"), "Summer helper")
    known = next(k for k in helper.documents if "harassment" in k.name)
    assert not known.documents
    assert "none found" in known.note


def test_observation_checklists_are_per_site_and_kind(evidence_maps) -> None:
    preparation = prepared(evidence_maps, "northridge-construction")
    by_site = {
        checklist.site.name: {point.requirement.id for point in checklist.points}
        for checklist in preparation.checklists
    }
    assert set(by_site) == {
        "Sylvan Lake school addition",
        "Blackfalds shop build",
        "Northridge yard and shop, 67 Street",
    }
    assert "cor2019-2.6" in by_site["Sylvan Lake school addition"]
    assert "cor2019-2.6" not in by_site["Northridge yard and shop, 67 Street"]
    assert "cor2019-8.4" in by_site["Northridge yard and shop, 67 Street"]


def test_without_a_profile_there_is_a_sheet_per_level(evidence_maps) -> None:
    preparation = prepared(evidence_maps, "northridge-construction", CompanyProfile())
    assert [s.audience for s in preparation.sheets] == [
        "senior-management",
        "supervisor",
        "worker",
        "subcontractor",
    ]
    workers = sheet(preparation, "Workers")
    assert "Emergency/Emergency Response Plan 2026.pdf" in files(
        workers, "the emergency response plan"
    )
    assert preparation.plan.missing == ("headcount", "sites", "roles", "shifts")
    assert len(preparation.checklists) == 1 and preparation.checklists[0].site is None
