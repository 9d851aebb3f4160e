"""The bundled audit tool mappings, the published schema, and what validation reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evidencekit.audit_tools.loading import (
    bundled_mapping_files,
    load_audit_tool,
    query_problem,
    validate_audit_tool_file,
)
from evidencekit.audit_tools.schema import SCHEMA_FILE_NAME, schema_json
from evidencekit.errors import EvidenceKitError, MappingError
from evidencekit.models import AuditTool, Verification

REPO = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parent / "broken_mappings"
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))
BUNDLED = bundled_mapping_files()


@pytest.fixture(scope="module")
def cor() -> AuditTool:
    return load_audit_tool(REPO / "mappings" / "acsa-cor-2019.yaml")


@pytest.fixture(scope="module")
def cor_2023() -> AuditTool:
    return load_audit_tool(REPO / "mappings" / "acsa-cor-2023.yaml")


@pytest.fixture(scope="module")
def secor() -> AuditTool:
    return load_audit_tool(REPO / "mappings" / "acsa-secor-2023.yaml")


def test_the_cor_and_secor_tools_are_bundled() -> None:
    assert [path.name for path in BUNDLED] == [
        "acsa-cor-2019.yaml",
        "acsa-cor-2023.yaml",
        "acsa-secor-2023.yaml",
    ]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_bundled_mapping_is_valid(path: Path) -> None:
    assert [str(problem) for problem in validate_audit_tool_file(path)] == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_bundled_requirement_ids_are_unique(path: Path) -> None:
    ids = [requirement.id for requirement in load_audit_tool(path).requirements()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_documentary_requirement_says_which_documents_prove_it(path: Path) -> None:
    for requirement in load_audit_tool(path).requirements():
        if requirement.needs_documents:
            rule = requirement.evidence
            assert rule.doc_types or rule.queries or rule.path_patterns, requirement.id


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_pass_marks_follow_the_program(path: Path) -> None:
    tool = load_audit_tool(path)
    certification = tool.audit_type("certification")
    assert certification is not None
    assert (certification.overall_pass_pct, certification.element_min_pct) == (80, 50)
    # 12 months of records earn a 3-year certificate, the default aim.
    assert certification.documentation_window_months == 12
    maintenance = tool.audit_type("maintenance")
    assert maintenance is not None
    assert maintenance.overall_pass_pct == 60


def test_cor_tool_has_ten_elements_of_four_to_eight_requirements(cor: AuditTool) -> None:
    assert [element.id for element in cor.elements] == [str(n) for n in range(1, 11)]
    assert all(4 <= len(element.requirements) <= 8 for element in cor.elements)
    # ACSA accepts a COR from any company with more than one employee.
    assert (cor.program, cor.employees_min, cor.employees_max) == ("COR", 2, None)


def test_the_2023_instrument_took_over_from_the_2019_tool_on_1_january_2023(
    cor: AuditTool, cor_2023: AuditTool
) -> None:
    assert cor.in_force.end == date(2022, 12, 31) and cor.in_force.start is None
    assert cor_2023.in_force.start == date(2023, 1, 1) and cor_2023.in_force.end is None
    assert "1 January 2023" in cor_2023.in_force.source


def test_the_2023_instrument_has_fewer_violence_and_harassment_questions_and_says_so(
    cor: AuditTool, cor_2023: AuditTool
) -> None:
    def harassment_questions(tool: AuditTool) -> int:
        return sum("harassment" in req.summary for req in tool.requirements())

    assert harassment_questions(cor_2023) < harassment_questions(cor)
    assert any("violence and harassment" in line for line in cor_2023.unverified)
    assert any("not public" in line for line in cor_2023.unverified)


def test_cor_hazard_control_is_worth_120_with_three_violence_and_harassment_questions(
    cor: AuditTool,
) -> None:
    hazard_control = next(element for element in cor.elements if element.id == "6")
    assert sum(requirement.points for requirement in hazard_control.requirements) == 120
    violence_or_harassment = [
        requirement
        for requirement in hazard_control.requirements
        if "violence" in requirement.summary or "harassment" in requirement.summary
    ]
    assert [requirement.points for requirement in violence_or_harassment] == [10, 10, 10]


def test_cor_tool_mixes_verification_methods(cor: AuditTool) -> None:
    methods = {requirement.verification for requirement in cor.requirements()}
    assert (Verification.INTERVIEW,) in methods
    assert (Verification.OBSERVATION,) in methods
    assert (Verification.DOCUMENTATION, Verification.INTERVIEW) in methods


def test_cor_tool_knows_how_often_records_recur(cor: AuditTool) -> None:
    by_id = {requirement.id: requirement for requirement in cor.requirements()}
    assert by_id["cor2019-1.1"].max_age_months == 12
    assert by_id["cor2019-3.3"].recurrence == "quarterly"
    assert by_id["cor2019-4.5"].validity_months == 36
    assert by_id["cor2019-5.4"].recurrence == "each-shift"
    assert by_id["cor2019-8.2"].recurrence == "yearly"


def test_cor_tool_says_what_is_unverified(cor: AuditTool) -> None:
    assert any("element names" in statement.lower() for statement in cor.unverified)
    assert any("points" in statement.lower() for statement in cor.unverified)
    assert [(row.people, row.at_least) for row in cor.interview_examples] == [
        (5, 4),
        (50, 19),
        (500, 60),
    ]
    assert "Energy Safety Canada" in cor.sampling_source


def test_secor_tool_is_for_small_employers(secor: AuditTool) -> None:
    assert (secor.program, secor.employees_min, secor.employees_max) == ("SECOR", 1, 10)
    assert all(3 <= len(element.requirements) <= 5 for element in secor.elements)
    assert secor.unverified


def test_published_schema_file_is_current() -> None:
    published = (REPO / "mappings" / SCHEMA_FILE_NAME).read_text(encoding="utf-8")
    assert published == schema_json(), "run: python -m evidencekit.audit_tools.schema"


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda path: path.stem)
def test_broken_mapping_reports_every_problem_with_its_line(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = path.with_suffix(".expected.txt").read_text(encoding="utf-8").splitlines()
    # Problems name the file as it was given: relative, so expected files are portable.
    monkeypatch.chdir(BROKEN)
    problems = [str(problem) for problem in validate_audit_tool_file(Path(path.name))]
    assert problems == expected


def test_broken_mappings_and_expected_files_pair_up() -> None:
    expected_files = {path.name.removesuffix(".expected.txt") for path in BROKEN.glob("*.txt")}
    assert expected_files == {path.stem for path in BROKEN_FILES}


def test_loading_a_broken_mapping_raises_one_error_listing_all_problems() -> None:
    path = BROKEN / "wrong-types.yaml"
    with pytest.raises(MappingError) as raised:
        load_audit_tool(path)
    assert isinstance(raised.value, EvidenceKitError)
    assert len(raised.value.problems) == 5
    assert "requirement t-1.1: points must be a whole number" in str(raised.value)


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    problems = validate_audit_tool_file(tmp_path / "absent.yaml")
    assert [problem.message for problem in problems] == [
        "cannot read the file: No such file or directory"
    ]


@pytest.mark.parametrize(
    "query",
    ['"health and safety policy"', "policy AND (signed OR dated)", "inspect*", '"a (b" AND c'],
)
def test_well_formed_queries_pass(query: str) -> None:
    assert query_problem(query) is None


@pytest.mark.parametrize("query", ['"policy', "(policy OR plan", "policy OR", "()"])
def test_malformed_queries_are_caught(query: str) -> None:
    assert query_problem(query) is not None


@pytest.mark.parametrize("tool_id", ["acsa-cor-2023", "acsa-secor-2023"])
def test_drills_follow_the_companys_own_frequency_with_yearly_only_as_a_default(
    tool_id: str,
) -> None:
    # The OHS Code sets no yearly minimum for drills: yearly is a labelled default.
    tool = load_audit_tool(REPO / "mappings" / f"{tool_id}.yaml")
    drills = [req for req in tool.requirements() if "drill-record" in req.evidence.doc_types]
    assert drills and all(req.recurrence_set_by_company for req in drills)
    assert not any("at least once a year" in req.summary for req in drills)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_the_disputed_yearly_deadline_names_each_source(path: Path) -> None:
    sources = dict(load_audit_tool(path).cycle.deadline_sources)
    assert set(sources) == {"12-31", "anniversary"}
    assert "Energy Safety Canada" in sources["12-31"] and "ACSA" in sources["anniversary"]
