"""The IHSA COR 2020 tool as a user of evidencekit meets it: listed, mapped, assessed."""

from __future__ import annotations

from pathlib import Path

import evidencekit_ihsa_cor
import pytest

from evidencekit.testing import assert_evidence, evidence_folder, mapping_problems, run_check

SAMPLE = Path(__file__).resolve().parents[3] / "sample_evidence" / "northridge-construction"
MAPPING = evidencekit_ihsa_cor.MAPPINGS / "ihsa-cor-2020.yaml"


def test_the_mapping_file_validates() -> None:
    assert mapping_problems(MAPPING) == []


@pytest.fixture
def small_company(tmp_path: Path) -> Path:
    return evidence_folder(
        tmp_path / "evidence",
        """
        Policy/Health and safety policy.pdf: Health and safety policy | Signed 2026-09-01
        JHSC/JHSC minutes 2026-09.docx: Joint health and safety committee minutes | Met 2026-09-10
        Inspections/Site inspection 2026-10-05.txt: Site inspection checklist | Inspected 2026-10-05
        """,
    )


def test_documents_are_linked_to_the_fourteen_elements(small_company: Path) -> None:
    result = run_check(
        small_company, evidencekit_ihsa_cor, tool="ihsa-cor-2020", audit_date="2026-11-16"
    )
    assert len(result.report["elements"]) == 14
    assert_evidence(
        result,
        links={
            "ihsa2020-1.1": ["Policy/Health and safety policy.pdf"],
            "ihsa2020-8.1": ["JHSC/JHSC minutes 2026-09.docx"],
            "ihsa2020-12.1": ["Inspections/Site inspection 2026-10-05.txt"],
        },
    )


def test_an_element_without_any_document_gets_one_finding(small_company: Path) -> None:
    result = run_check(
        small_company, evidencekit_ihsa_cor, tool="ihsa-cor-2020", audit_date="2026-11-16"
    )
    undocumented = {
        finding["element"]
        for finding in result.findings
        if finding["kind"] == "element-undocumented"
    }
    # Policy, committee minutes and an inspection: elements 1, 8 and 12 have evidence.
    assert undocumented == {str(number) for number in range(1, 15)} - {"1", "8", "12"}
    assert not result.ready


def test_the_rule_leaves_other_tools_alone(small_company: Path) -> None:
    result = run_check(
        small_company, evidencekit_ihsa_cor, tool="acsa-cor-2019", audit_date="2026-11-16"
    )
    assert_evidence(result, findings=[], finding_kinds=["element-undocumented"])


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the repository's sample folder is absent")
def test_the_sample_company_lacks_only_a_management_review() -> None:
    result = run_check(SAMPLE, evidencekit_ihsa_cor, tool="ihsa-cor-2020", audit_date="2026-11-16")
    assert_evidence(
        result,
        links={
            "ihsa2020-3.1": ["Safety Program/10 Admin/Legislation on site - OHS Act Reg Code.docx"],
            "ihsa2020-14.1": [],
        },
        findings=[("element-undocumented", None)],
    )
    assert result.report["overall"]["blocking_elements"] == ["14"]
    assert not result.ready
