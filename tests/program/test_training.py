"""Training requirements decided from the courses records show, and the profile."""

from dataclasses import dataclass, field
from datetime import date

from evidencekit.audit_tools.loading import bundled_mapping_files, load_audit_tool
from evidencekit.models import CourseHeld, DocumentContent, DocumentFacts, DocumentStatus
from evidencekit.program.training import (
    CellStatus,
    TrainingStatus,
    assess_training,
    matching_course,
    same_person,
    training_matrix,
)

AUDIT = date(2026, 11, 16)
TOOLS = {path.stem: load_audit_tool(path) for path in bundled_mapping_files()}
COR = TOOLS["acsa-cor-2019"].training_requirements
COR_2023 = TOOLS["acsa-cor-2023"].training_requirements
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
    assessor: str | None = None


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


def result_of(assessment, required_id: str):
    return next(result for result in assessment.results if result.required.id == required_id)


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
    result = result_of(assess_training(SECOR, docs, AUDIT), "secor-industry-course")
    assert (result.status, result.person, result.paths) == (
        TrainingStatus.MISSING,
        "Linda Halvorsen",
        ("lh.pdf",),
    )
    assert "any of CSTS, RSTS, ESTS or PCST" in result.reason


def test_first_aid_taken_more_than_three_years_before_the_audit_has_expired() -> None:
    # SECOR asked for Standard First Aid until the end of 2023.
    docs = [record("gord.pdf", CourseHeld("Gord Halvorsen", "SFA", "2020-02-11"))]
    result = result_of(assess_training(SECOR, docs, date(2023, 6, 1)), "secor-first-aid")
    assert result.status is TrainingStatus.EXPIRED
    assert "Gord Halvorsen's Standard First Aid expired 2023-02-11" in result.reason


def test_the_certified_auditor_rule_applies_to_a_cor_audit_before_2024_only() -> None:
    profile = Profile(people=(Person("Priya Sandhu"),))
    auditor = record(
        "atp.pdf", CourseHeld("Priya Sandhu", "Auditor Training Program", "2022-10-03")
    )
    before = statuses(assess_training(COR_2023, [auditor], date(2023, 6, 1), profile))
    after = statuses(assess_training(COR_2023, [SANDHU], AUDIT, profile))
    assert before["cor-certified-auditor"] is TrainingStatus.TO_CONFIRM
    assert "cor-certified-auditor" not in after
    assert set(after) == {"cor-phsm", "cor-lse", "cor-leg", "cor-atp"}


def test_secor_training_rules_as_of_2023_and_as_of_2026() -> None:
    docs = [
        record("lh.pdf", CourseHeld("Linda Halvorsen", "PHSM", "2022-03-01")),
        record("ct.pdf", CourseHeld("Linda Halvorsen", "CSTS-2020", "2022-05-10")),
        record("lse.pdf", CourseHeld("Linda Halvorsen", "LSE", "2025-01-20")),
    ]
    profile = Profile(people=(Person("Linda Halvorsen"),), assessor="Linda Halvorsen")
    in_2023 = statuses(assess_training(SECOR, docs, date(2023, 6, 1), profile))
    in_2026 = statuses(assess_training(SECOR, docs, AUDIT, profile))
    assert in_2023 == {
        "secor-management-course": TrainingStatus.MET,
        "secor-first-aid": TrainingStatus.MISSING,
        "secor-industry-course": TrainingStatus.MET,
    }
    assert in_2026 == {
        "secor-assessor-management-course": TrainingStatus.MET,
        "secor-industry-course": TrainingStatus.MET,
        "secor-accredited-course": TrainingStatus.MET,
    }


def test_from_2024_only_the_assessors_own_management_course_counts() -> None:
    docs = [record("ryan.pdf", CourseHeld("Ryan Tsai", "PHSM", "2024-02-01"))]
    nobody_named = result_of(
        assess_training(SECOR, docs, AUDIT, Profile()), "secor-assessor-management-course"
    )
    assert nobody_named.status is TrainingStatus.TO_CONFIRM
    assert "the profile names no assessor" in nobody_named.reason
    someone_else = result_of(
        assess_training(SECOR, docs, AUDIT, Profile(assessor="Linda Halvorsen")),
        "secor-assessor-management-course",
    )
    assert someone_else.status is TrainingStatus.MISSING


def test_an_accredited_course_older_than_three_years_does_not_keep_a_secor_current() -> None:
    docs = [record("lh.pdf", CourseHeld("Linda Halvorsen", "CSTS", "2023-05-10"))]
    profile = Profile(people=(Person("Linda Halvorsen"),))
    result = result_of(assess_training(SECOR, docs, AUDIT, profile), "secor-accredited-course")
    assert result.status is TrainingStatus.EXPIRED
    assert "taken since 2023-11-16" in result.reason


def test_an_unreadable_training_record_is_listed_and_its_courses_not_guessed() -> None:
    locked = record("matrix.pdf", status=DocumentStatus.ENCRYPTED)
    assessment = assess_training(SECOR, [locked], AUDIT)
    assert [document.path for document in assessment.unreadable] == ["matrix.pdf"]
    assert assessment.records == ()


def test_a_course_taken_after_the_audit_date_does_not_count_on_it() -> None:
    docs = [record("lh.pdf", CourseHeld("Linda Halvorsen", "Small Employer course", "2024-08-27"))]
    before = result_of(assess_training(SECOR, docs, date(2023, 6, 1)), "secor-management-course")
    assert before.status is TrainingStatus.MISSING


def test_the_matrix_marks_expired_expiring_and_missing_cells() -> None:
    documents = [
        record(
            "First aid/T Brandt.pdf",
            CourseHeld("T Brandt", "Standard First Aid", "2023-06-10", "2026-06-10"),
        ),
        record(
            "First aid/Okafor.pdf",
            CourseHeld("Maria Okafor", "Standard First Aid", "2023-12-02", "2026-12-02"),
        ),
        record(
            "First aid/Reimer.pdf",
            CourseHeld("Jordan Reimer", "Standard First Aid", "2025-02-08", "2028-02-08"),
        ),
        record("Fall.docx", CourseHeld("Maria Okafor", "Fall Protection", "2026-02-24")),
    ]
    profile = Profile(people=(Person("Tyler Brandt"), Person("Dale Whitford")))
    assessment = assess_training(COR_2023, documents, AUDIT, profile)
    matrix = training_matrix(assessment, date(2027, 1, 15), date(2026, 9, 1), profile)
    cells = {(cell.person, cell.course): cell for cell in matrix.cells}
    first_aid = "Standard First Aid"
    # "T Brandt" on the certificate is the profile's Tyler Brandt: one row, not two.
    assert matrix.people == ("Tyler Brandt", "Dale Whitford", "Maria Okafor", "Jordan Reimer")
    assert cells[("Tyler Brandt", first_aid)].status is CellStatus.EXPIRED
    assert cells[("Maria Okafor", first_aid)].status is CellStatus.EXPIRES_BEFORE_AUDIT
    assert cells[("Jordan Reimer", first_aid)].status is CellStatus.HELD
    assert cells[("Dale Whitford", first_aid)].status is CellStatus.NO_RECORD
    assert cells[("Jordan Reimer", "Fall Protection")].status is CellStatus.NO_RECORD
    assert cells[("Maria Okafor", "Fall Protection")].status is CellStatus.HELD
    assert len(matrix.cells) == len(matrix.people) * len(matrix.courses)


def test_the_matrix_of_a_past_audit_shows_the_courses_as_they_stood_on_its_day() -> None:
    documents = [
        record(
            "First aid/Gord.pdf",
            CourseHeld("Gord Halvorsen", "Standard First Aid", "2023-02-11", "2026-02-11"),
        ),
        record("CSTS/Ryan.pdf", CourseHeld("Ryan Tsai", "CSTS", "2025-09-18")),
    ]
    audit = date(2023, 6, 1)
    assessment = assess_training(SECOR, documents, audit)
    matrix = training_matrix(assessment, audit, date(2026, 12, 7))
    statuses = {(cell.person, cell.course): cell.status for cell in matrix.cells}
    # Lapsed since, but current on the audit's day; the CSTS came two years later.
    assert statuses[("Gord Halvorsen", "Standard First Aid")] is CellStatus.HELD
    assert CellStatus.HELD not in {
        status for (person, _), status in statuses.items() if person == "Ryan Tsai"
    }
