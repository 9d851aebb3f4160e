"""Which lines name a document, and which form it is filled in on."""

from __future__ import annotations

from evidencekit.builtins.headings import form_of, heading_lines

FILLED = "Crane Pre-Use Check\nOperator: {name}\nCrane no.: {unit}\nDate: {day}\nAll good."


def test_documents_filled_in_on_one_form_are_the_same_form() -> None:
    first = form_of(FILLED.format(name="A. Roy", unit=4, day="2026-03-02"))
    second = form_of(FILLED.format(name="Sam Oduya", unit=12, day="2026-04-14"))

    assert first is not None and first == second
    assert first.startswith("crane pre use check")


def test_another_title_or_other_fields_are_another_form() -> None:
    crane = form_of(FILLED.format(name="A. Roy", unit=4, day="2026-03-02"))

    assert form_of(crane_retitled := "Hoist Pre-Use Check\nOperator: A\nCrane no.: 4") != crane
    assert form_of("Crane Pre-Use Check\nInspector: A\nBoom length: 30 m") != crane
    assert crane_retitled


def test_a_page_that_says_too_little_is_no_form() -> None:
    assert form_of("Notes") is None
    assert form_of("") is None


def test_the_heading_ends_at_the_first_empty_field() -> None:
    page = "Bench Grinder Induction\nOperator name:\nDate:\nShow the following procedures"

    assert heading_lines(page) == ["Bench Grinder Induction"]


def test_a_letterhead_listing_the_company_s_services_is_no_heading() -> None:
    page = (
        "Asbestos \u2013 Consulting \u2013 Inspection \u2013 Surveys \u2013 Testing\n"
        "Report on Survey of Asbestos Materials\n"
        "Field Level Hazard Assessment \u2013 Crew 3 \u2013 North Yard"
    )

    assert heading_lines(page) == [
        "Report on Survey of Asbestos Materials",
        "Field Level Hazard Assessment \u2013 Crew 3 \u2013 North Yard",
    ]
