"""Action Plan eligibility, rows, progress and imports, from the tool's action_plans data."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from evidencekit.audit_tools.loading import bundled_mapping_files, load_audit_tool
from evidencekit.errors import UsageError
from evidencekit.models import (
    AuditType,
    CourseHeld,
    DocumentContent,
    DocumentFacts,
    DocumentStatus,
    EvidenceMap,
    Finding,
    Readiness,
    Severity,
)
from evidencekit.program.action_plan import (
    PlanContext,
    StoredPlanRow,
    build_plan,
    eligibility,
    merge_imported_rows,
)
from evidencekit.program.action_plan_file import ImportedPlanRow
from evidencekit.program.training import assess_training

TOOLS = {path.stem: load_audit_tool(path) for path in bundled_mapping_files()}
COR = TOOLS["acsa-cor-2019"]
SECOR = TOOLS["acsa-secor-2023"]
TODAY = date(2026, 11, 1)


@dataclass(frozen=True)
class Person:
    name: str
    full_time: bool = True


@dataclass(frozen=True)
class Certificate:
    program: str
    audit_type: str
    date: str
    tool: str | None = None
    overall: float | None = None
    recommendations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """The profile fields Action Plans read."""

    headcount: int | None = None
    people: tuple[Person, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    health_safety_representative: bool | None = None
    answers: dict = field(default_factory=dict)


FULL_HISTORY = (
    Certificate("COR", "certification", "2022-11-21", "acsa-cor-2019", 86),
    Certificate("COR", "maintenance", "2023-11-14", "acsa-cor-2019", 78),
    Certificate("COR", "maintenance", "2024-11-12", "acsa-cor-2019", 81),
    Certificate(
        "COR", "recertification", "2025-11-17", "acsa-cor-2019", 88, ("Track every action.",)
    ),
)
TRANSCRIPT = DocumentFacts(
    path="transcript.pdf",
    status=DocumentStatus.OK,
    title=None,
    doc_type="training-record",
    type_cue="test",
    content=DocumentContent(
        courses=tuple(
            CourseHeld("Priya Sandhu", course, "2024-03-08")
            for course in ("PHSM", "LSE", "LEG", "ATP")
        )
    ),
)
GAP = Finding(
    id="missing-evidence-abc",
    kind="missing-evidence",
    severity=Severity.MAJOR,
    element_id="3",
    requirement_id="cor2019-3.6",
    message="No minutes.",
    action="File the minutes.",
)


def context(tool=COR, profile=None, findings=(GAP,), documents=(TRANSCRIPT,)) -> PlanContext:
    profile = profile or Profile(
        people=(Person("Priya Sandhu"),),
        certificates=FULL_HISTORY,
        answers={"certified-auditor": True},
    )
    evidence_map = EvidenceMap(tool, (), tuple(documents), ())
    readiness = Readiness(
        tool,
        AuditType("maintenance", 60),
        TODAY,
        (),
        0,
        0,
        0,
        False,
        (),
        tuple(findings),
        evidence_map,
    )
    training = assess_training(tool.training_requirements, list(documents), TODAY, profile)
    return PlanContext(tool, tool.action_plans, profile, training, readiness, TODAY)


def answers(plan_context: PlanContext) -> dict[str, bool | None]:
    return {answer.question.id: answer.answer for answer in eligibility(plan_context).answers}


def test_a_full_cycle_in_good_standing_with_training_met_is_eligible() -> None:
    result = eligibility(context())
    assert result.verdict == "eligible"
    good = result.answers[0]
    assert good.source == "profile certificates[3]" and "valid to 2028-11-17" in good.reason


def test_one_maintenance_audit_is_not_a_full_cycle() -> None:
    profile = Profile(
        people=(Person("Priya Sandhu"),),
        certificates=FULL_HISTORY[:2],
        answers={"certified-auditor": True},
    )
    result = eligibility(context(profile=profile))
    assert result.verdict == "not eligible"
    assert answers(context(profile=profile))["full-cycle"] is False


def test_a_failed_last_audit_is_not_good_standing() -> None:
    failed = (*FULL_HISTORY[:3], Certificate("COR", "recertification", "2025-11-17", None, 71))
    profile = Profile(people=(Person("Priya Sandhu"),), certificates=failed)
    good = eligibility(context(profile=profile)).answers[0]
    assert good.answer is False and "under its 80% pass mark" in good.reason


def test_a_missing_course_makes_training_unmet() -> None:
    assert answers(context(documents=()))["training-met"] is False


def test_a_second_year_plan_needs_80_on_the_first() -> None:
    history = (*FULL_HISTORY, Certificate("COR", "action-plan", "2026-11-10", None, 74))
    profile = Profile(people=(Person("Priya Sandhu"),), certificates=history)
    assert answers(context(profile=profile))["second-year-score"] is False


def test_without_a_history_the_questions_are_for_the_profile() -> None:
    result = eligibility(context(profile=Profile()))
    assert result.verdict == "cannot tell yet"
    assert answers(context(profile=Profile(answers={"good-standing": "yes"})))["good-standing"]


def test_secor_asks_for_the_2023_evaluation_and_an_hsr() -> None:
    profile = Profile(
        headcount=7,
        certificates=(Certificate("SECOR", "certification", "2024-11-18", "acsa-secor-2019", 84),),
        health_safety_representative=False,
    )
    decided = answers(context(tool=SECOR, profile=profile, documents=()))
    assert decided["secor-2023-tool"] is False
    assert decided["hsr"] is False


def test_plan_rows_come_from_recommendations_and_open_findings() -> None:
    plan = build_plan(context(), 2026, {})
    ids = [row.row_id for row in plan.rows]
    assert ids[:3] == ["milestone-proposal", "milestone-deliverables", "milestone-final"]
    assert ids[4] == GAP.id and plan.rows[4].linked_to == GAP.id
    assert plan.rows[3].objective.endswith("Track every action.")
    assert plan.deadlines.final == "2026-11-15"


def test_a_deliverable_is_done_when_its_finding_is_gone_or_it_is_marked() -> None:
    assert GAP.id not in [row.row_id for row in build_plan(context(findings=()), 2026, {}).rows]
    linked = {build_plan(context(), 2026, {}).rows[3].row_id: StoredPlanRow(linked_to=GAP.id)}
    gone = build_plan(context(findings=()), 2026, linked)
    assert gone.rows[3].progress == "done (finding no longer found)"
    assert gone.self_score == 100 and gone.passes
    marked = build_plan(context(), 2026, {GAP.id: StoredPlanRow(status="done")})
    assert marked.rows[4].progress == "done (marked)"
    assert marked.self_score == 50


def test_a_year_without_partner_dates_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no Action Plan dates for 2031"):
        build_plan(context(), 2031, {})


def test_an_import_stores_edits_and_keeps_what_a_file_leaves_out() -> None:
    plan = build_plan(context(), 2026, {})
    edit = ImportedPlanRow(2, GAP.id, "Dale", "2026-09-30", "in-progress", None, None)
    untouched = ImportedPlanRow(3, "milestone-final", "", "2026-11-15", "open", "", "")
    stranger = ImportedPlanRow(4, "rec-nothing", "x", None, None, None, None)
    rows, summary = merge_imported_rows([edit, untouched, stranger], plan, {})
    assert rows == {GAP.id: StoredPlanRow("Dale", "2026-09-30", "in-progress", "", None)}
    assert (summary.updated, summary.ignored_ids) == (1, ("rec-nothing",))
    again = build_plan(context(), 2026, rows)
    assert (again.rows[4].owner, again.rows[4].due) == ("Dale", "2026-09-30")
