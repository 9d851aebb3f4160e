"""Training requirements decided from the courses records show, and the profile."""

from dataclasses import dataclass, field
from datetime import date

from evidencekit.audit_tools.loading import bundled_mapping_files, load_audit_tool
from evidencekit.models import CourseHeld, DocumentContent, DocumentFacts, DocumentStatus
from evidencekit.program.training import (
    TrainingStatus,
    assess_training,
    matching_course,
    same_person,
)

AUDIT = date(2026, 11, 16)
TOOLS = {path.stem: load_audit_tool(path) for path in bundled_mapping_files()}
COR = TOOLS["acsa-cor-2019"].training_requirements
SECOR = TOOLS["acsa-secor-2023"].training_requirements


@dataclass(frozen=True)
class Person:
    name: str
    full_time: bool = True


@dataclass(frozen=True)
class Profile:
    """The profile's fields training reads (people, answers)."""

    people: tuple[Person, ...] = ()
    answers: dict = field(default_factory=dict)


def record(path: str, *courses: CourseHeld, status: DocumentStatus = DocumentStatus.OK):
    return DocumentFacts(
        path=path,
        status=status,
        title=None,
        doc_type="training-record",
        type_cue="test",
        content=DocumentContent(courses=courses),
    )


def statuses(assessment) -> dict[str, TrainingStatus]:
    return {result.required.id: result.status for result in assessment.results}


SANDHU = record(
    "transcript.pdf",
    CourseHeld("Priya Sandhu", "Principles of Health & Safety Management", "2024-03-08"),
    CourseHeld("Priya Sandhu", "LSE", "2024-09-24"),
    CourseHeld("Priya Sandhu", "Alberta OHS Legislation Awareness", "2024-10-27"),
    CourseHeld("Priya Sandhu", "COR Auditor Training Program", "2024-11-27"),
)


def test_course_names_and_aliases_match_as_records_write_them() -> None:
    assert matching_course(SECOR.courses, "CSTS-2020").id == "csts"
    assert matching_course(SECOR.courses, "Standard First Aid with CPR C").id == "sfa"
    assert matching_course(COR.courses, "Principles of Health & Safety Management").id == "phsm"
    assert matching_course(COR.courses, "Fall Protection") is None


def test_initial_and_surname_is_the_same_person() -> None:
    assert same_person("P Sandhu", "Priya Sandhu")
    assert same_person("Mélanie Gagné", "melanie gagne")
    assert not same_person("P Sandhu", "Raj Sandhu Jr")


def test_without_a_profile_cor_courses_wait_for_the_holders_full_time_status() -> None:
    assessment = assess_training(COR, [SANDHU], AUDIT)
    assert set(statuses(assessment).values()) == {TrainingStatus.TO_CONFIRM}
    phsm = assessment.results[0]
    assert "does not say whether Priya Sandhu works full time" in phsm.reason


def test_a_full_time_holder_in_the_profile_meets_the_cor_courses() -> None:
    profile = Profile(people=(Person("Priya Sandhu"),), answers={"certified-auditor": True})
    assert set(statuses(assess_training(COR, [SANDHU], AUDIT, profile)).values()) == {
        TrainingStatus.MET
    }


def test_a_part_time_holder_does_not_meet_a_full_time_course() -> None:
    profile = Profile(people=(Person("P Sandhu", full_time=False),))
    result = assess_training(COR, [SANDHU], AUDIT, profile).results[0]
    assert result.status is TrainingStatus.MISSING
    assert "not full-time" in result.reason


def test_a_profile_saying_no_certified_auditor_is_a_gap() -> None:
    profile = Profile(people=(Person("Priya Sandhu"),), answers={"certified-auditor": False})
    assert statuses(assess_training(COR, [SANDHU], AUDIT, profile))["cor-certified-auditor"] is (
        TrainingStatus.MISSING
    )


def test_a_missing_course_names_the_person_who_holds_the_others() -> None:
    docs = [
        record("lh.pdf", CourseHeld("Linda Halvorsen", "Small Employer Health and Safety course")),
        record("sfa.pdf", CourseHeld("Ryan Tsai", "Standard First Aid", "2025-04-26")),
    ]
    result = assess_training(SECOR, docs, AUDIT).results[2]
    assert (result.status, result.person, result.paths) == (
        TrainingStatus.MISSING,
        "Linda Halvorsen",
        ("lh.pdf",),
    )
    assert "any of CSTS, RSTS, ESTS or PCST" in result.reason


def test_first_aid_taken_more_than_three_years_before_the_audit_has_expired() -> None:
    docs = [record("gord.pdf", CourseHeld("Gord Halvorsen", "SFA", "2023-02-11"))]
    result = assess_training(SECOR, docs, AUDIT).results[1]
    assert result.status is TrainingStatus.EXPIRED
    assert "Gord Halvorsen's Standard First Aid expired 2026-02-11" in result.reason


def test_an_unreadable_training_record_is_listed_and_its_courses_not_guessed() -> None:
    locked = record("matrix.pdf", status=DocumentStatus.ENCRYPTED)
    assessment = assess_training(SECOR, [locked], AUDIT)
    assert [document.path for document in assessment.unreadable] == ["matrix.pdf"]
    assert assessment.records == ()
