"""Suggestions for the company profile read from documents' text, each with its source,
and applying only the accepted ones."""

from __future__ import annotations

from dataclasses import replace

from evidencekit.models import (
    CourseHeld,
    DocumentContent,
    DocumentStatus,
    DocumentText,
)
from evidencekit.profile.model import CompanyProfile, Person, Role, Site
from evidencekit.profile.suggestions import accept_suggestions, suggest_profile
from evidencekit.testing import build_document_facts

ROLES = (
    "Acme Framing Ltd.\n"
    "Roles and Responsibilities\n"
    "Position\tWho\tResponsibilities\n"
    "Owner\tPat Lee\tSigns the policy\n"
    "Foreman, Crew A\tSam Roy\tReviews FLHAs\n"
    "Foreman, Crew B\tAva Chen\tReviews FLHAs\n"
    "Workers\t9 crew members\tFollow procedures\n"
    "Visitors\t-\tSign in\n"
)
MATRIX = "Training Matrix\nWorker\tPosition\tWHMIS\nSam Roy\tSupervisor\t2026-01-02\n"
INSPECTION = (
    "Acme Framing Ltd.\nSite Inspection\n"
    "Site: North yard, Lot 4 Date: May 3 2026 Inspected by: Sam Roy, Foreman\n"
)
MANUAL = (
    "Acme Framing Ltd.\nAbout us. We\nemploy 14 people, counting everyone on our WCB account."
    " 2. Roles"
)
REVIEW = "Acme Framing Ltd.\nIn 2025 Acme Framing Ltd. had 12 workers on its WCB account."


def _document(path: str, *pages: str, doc_type: str = "other", date: str | None = None, **kw):
    facts = build_document_facts(path, doc_type, date, content=DocumentContent(**kw))
    return DocumentText(path, None, pages), facts


def _suggest(documents, profile: CompanyProfile | None = None):
    profile = profile if profile is not None else CompanyProfile()
    texts = [text for text, _facts in documents]
    return suggest_profile(texts, [facts for _text, facts in documents], profile)


def _folder():
    return [
        _document("Safety/Roles.docx", ROLES, doc_type="responsibilities", date="2026-01-10"),
        _document("Admin/Crew list.xlsx", "About", MATRIX, date="2026-03-01"),
        _document("Inspections/May.pdf", INSPECTION, date="2026-05-03"),
        _document("Manual.pdf", MANUAL, date="2026-02-01"),
        _document("Review 2025.docx", REVIEW, date="2025-01-15"),
        _document(
            "Training/Cert.pdf",
            "Certificate",
            doc_type="certificate",
            courses=(CourseHeld("Kim Park", "Standard First Aid", "2025-01-01"),),
        ),
    ]


def test_each_field_is_suggested_with_where_it_was_read() -> None:
    found = _suggest(_folder())
    company = found.of("company")[0]
    assert company.value == "Acme Framing Ltd." and len(company.sources) == 4
    headcount = found.of("headcount")[0]
    # The newest statement of the WCB account's headcount; the older one is mentioned.
    assert headcount.value == 14
    assert headcount.sources[0].path == "Manual.pdf" and headcount.sources[0].where == "page 1"
    assert "older documents say 12" in headcount.note
    site = found.of("sites")[0]
    assert site.value == Site("North yard, Lot 4")
    assert site.sources[0].quote.startswith("Site: North yard, Lot 4 Date: May 3 2026")


def test_roles_come_from_the_roles_document_with_their_number_of_people() -> None:
    roles = {item.value.name: item.value.people for item in _suggest(_folder()).of("roles")}
    # Two "Foreman, Crew …" rows are one role of two; "9 crew members" counts unnamed people.
    assert roles == {"Owner": 1, "Foreman": 2, "Workers": 9}


def test_people_come_from_tables_and_training_records_each_once() -> None:
    people = {item.value.name: item for item in _suggest(_folder()).of("people")}
    assert set(people) == {"Pat Lee", "Sam Roy", "Ava Chen", "Kim Park"}
    assert people["Sam Roy"].value.role == "Foreman"
    # The matrix's position is shown, not applied.
    assert people["Sam Roy"].note == "also listed as Supervisor in Admin/Crew list.xlsx"
    assert people["Sam Roy"].sources[1].where == "sheet 'Training Matrix'"
    assert people["Kim Park"].value.role is None
    assert people["Kim Park"].sources[0].path == "Training/Cert.pdf"


def test_what_the_profile_already_says_is_not_suggested() -> None:
    profile = CompanyProfile(
        company="ACME Framing Ltd",
        headcount=14,
        sites=(Site("North Yard, Lot 4"),),
        roles=(Role("Owner", 1), Role("Foreman", 3)),
        people=(Person("P Lee"),),
    )
    found = _suggest(_folder(), profile)
    assert not found.of("company") and not found.of("headcount") and not found.of("sites")
    roles = found.of("roles")
    assert [(item.value.name, item.status) for item in roles] == [
        ("Foreman", "differs"),
        ("Workers", "new"),
    ]
    assert roles[0].note == "the profile says 3"
    assert "Pat Lee" not in {item.value.name for item in found.of("people")}


def test_a_headcount_differing_from_the_profile_says_both() -> None:
    headcount = _suggest(_folder(), CompanyProfile(headcount=20)).of("headcount")[0]
    assert headcount.status == "differs" and "the profile says 20" in headcount.note


def test_only_accepted_fields_change_and_people_keep_only_known_roles() -> None:
    found = _suggest(_folder())
    accepted = accept_suggestions(CompanyProfile(), found, ["people", "sites"])
    assert accepted.profile.company is None and accepted.profile.roles == ()
    assert len(accepted.profile.sites) == 1 and len(accepted.profile.people) == 4
    assert all(person.role is None for person in accepted.profile.people)
    assert set(accepted.roles_left_out) == {"Pat Lee", "Sam Roy", "Ava Chen"}
    both = accept_suggestions(CompanyProfile(), found, ["roles", "people"]).profile
    assert {person.name: person.role for person in both.people}["Sam Roy"] == "Foreman"


def test_unreadable_documents_and_pdf_rows_suggest_nothing() -> None:
    pdf_row = "Position Who Responsibilities\nOwner Pat Lee Signs the policy\n"
    text, facts = _document("Roles.pdf", pdf_row, doc_type="responsibilities")
    locked = build_document_facts("Locked.docx", status=DocumentStatus.ENCRYPTED)
    texts = [text, DocumentText("Locked.docx", None, (ROLES,))]
    found = suggest_profile(texts, [facts, locked], CompanyProfile())
    assert found.suggestions == () and found.documents_read == 1


def test_a_named_health_and_safety_representative_is_suggested_once_unset() -> None:
    named = "Roles\nAna Diaz is designated as our health and safety representative (HSR)."
    folder = [_document("Safety/Roles.docx", named, date="2026-01-10")]
    found = _suggest(folder).of("health_safety_representative")
    assert [item.value for item in found] == [True]
    assert found[0].sources[0].quote.startswith("Ana Diaz is designated as our health")
    answered = CompanyProfile(health_safety_representative=False)
    assert not _suggest(folder, answered).of("health_safety_representative")
    accepted = accept_suggestions(
        CompanyProfile(), _suggest(folder), ["health_safety_representative"]
    )
    assert accepted.profile.health_safety_representative is True


def test_a_new_role_keeps_the_level_its_title_states_and_says_what_it_assumed() -> None:
    roles = {item.value.name: item for item in _suggest(_folder()).of("roles")}
    assert roles["Owner"].value.level == "senior-management"
    assert roles["Foreman"].value.level == "supervisor"
    assert roles["Workers"].value.level == "worker"
    assert roles["Owner"].assumed == ("full-time",)
    untitled = [_document("Roles.docx", "Position\tWho\nSafety Coordinator\tPat Lee\n")]
    coordinator = _suggest(untitled).of("roles")[0]
    assert coordinator.assumed == ("level worker", "full-time")
    assert "assumed level worker" in coordinator.note
    accepted = accept_suggestions(CompanyProfile(), _suggest(untitled), ["roles"])
    assert accepted.assumed == ("Safety Coordinator",)


def test_a_count_of_crew_beside_the_profiles_own_crew_roles_is_never_a_role() -> None:
    crews = (
        Role("Framing crew", 5),
        Role("Finishing crew", 4),
        Role("Drywall", 3, employment="subcontractor"),
    )
    agreeing = CompanyProfile(
        headcount=12, roles=(Role("Owner", 1, level="senior-management"), *crews)
    )
    # 5 + 4 = the 9 crew members the roles document counts: nothing to suggest.
    assert "Workers" not in {item.value.name for item in _suggest(_folder(), agreeing).of("roles")}
    fewer = replace(agreeing, roles=(crews[0], crews[2]))
    shown = {item.value.name: item for item in _suggest(_folder(), fewer).of("roles")}
    assert shown["Workers"].status == "differs" and shown["Workers"].summary_of == ("Framing crew",)
    accepted = accept_suggestions(fewer, _suggest(_folder(), fewer), ["roles"])
    assert "Workers" not in {role.name for role in accepted.profile.roles}
    assert accepted.summaries_left_out == ("Workers",)
