"""The company's promised schedule and the frequency each requirement is checked at."""

from __future__ import annotations

from evidencekit.assess.schedule import FrequencySource, checked_frequency, company_schedule
from evidencekit.models import (
    DocumentContent,
    DocumentFacts,
    DocumentStatus,
    Recurrence,
    Requirement,
    SchedulePromise,
)
from evidencekit.testing import build_document_facts, build_requirement


def program_document(
    path: str,
    doc_type: str,
    *promises: tuple[str, Recurrence],
    status: DocumentStatus = DocumentStatus.OK,
) -> DocumentFacts:
    content = DocumentContent(
        promises=tuple(SchedulePromise(kind, every, f"{kind} {every}") for kind, every in promises)
    )
    return build_document_facts(path, doc_type, content=content, status=status)


def recurring(
    recurrence: Recurrence | None, doc_type: str, by_company: bool = False
) -> Requirement:
    return build_requirement(
        "r",
        (doc_type,),
        summary="Records are kept.",
        recurrence=recurrence,
        recurrence_set_by_company=by_company,
    )


def test_the_most_frequent_promise_of_the_program_documents_is_kept() -> None:
    schedule = company_schedule(
        [
            program_document("Manual.pdf", "policy", ("inspection", Recurrence.MONTHLY)),
            program_document(
                "Roles.docx", "responsibilities", ("inspection", Recurrence.QUARTERLY)
            ),
            # A toolbox talk's "inspect your harness daily" is not the company's program.
            program_document("Talk.pdf", "safety-meeting", ("inspection", Recurrence.EACH_SHIFT)),
        ]
    )
    assert schedule["inspection"].recurrence is Recurrence.MONTHLY
    assert schedule["inspection"].path == "Manual.pdf"


def test_unreadable_program_documents_promise_nothing() -> None:
    manual = program_document(
        "Manual.pdf",
        "policy",
        ("drill-record", Recurrence.HALF_YEARLY),
        status=DocumentStatus.NEEDS_OCR,
    )
    assert company_schedule([manual]) == {}


def test_a_company_promising_more_often_than_the_tool_is_held_to_its_promise() -> None:
    schedule = company_schedule(
        [
            program_document(
                "ERP.pdf", "emergency-response-plan", ("drill-record", Recurrence.HALF_YEARLY)
            )
        ]
    )
    frequency = checked_frequency(recurring(Recurrence.YEARLY, "drill-record"), schedule)
    assert frequency.recurrence is Recurrence.HALF_YEARLY
    assert frequency.source is FrequencySource.COMPANY
    assert frequency.promise.path == "ERP.pdf"


def test_a_company_promising_less_often_than_the_tool_requires_is_checked_at_the_tool() -> None:
    schedule = company_schedule(
        [program_document("Manual.pdf", "policy", ("committee-minutes", Recurrence.YEARLY))]
    )
    frequency = checked_frequency(recurring(Recurrence.QUARTERLY, "committee-minutes"), schedule)
    assert (frequency.recurrence, frequency.source) == (Recurrence.QUARTERLY, FrequencySource.TOOL)


def test_where_the_tool_defers_to_the_company_its_promise_or_a_default_is_used() -> None:
    requirement = recurring(Recurrence.MONTHLY, "safety-meeting", by_company=True)
    quarterly = company_schedule(
        [program_document("Manual.pdf", "policy", ("safety-meeting", Recurrence.QUARTERLY))]
    )
    frequency = checked_frequency(requirement, quarterly)
    assert (frequency.recurrence, frequency.source) == (
        Recurrence.QUARTERLY,
        FrequencySource.COMPANY,
    )
    frequency = checked_frequency(requirement, {})
    assert (frequency.recurrence, frequency.source) == (Recurrence.MONTHLY, FrequencySource.DEFAULT)


def test_a_requirement_without_recurrence_has_no_checked_frequency() -> None:
    assert checked_frequency(recurring(None, "policy"), {}) is None
