"""The sampling plan: sizes from the tool's tables, every group reached, choices explained."""

from __future__ import annotations

import pytest

from evidencekit.audit_tools.installed import installed_audit_tools
from evidencekit.plugins import make_plugin_manager
from evidencekit.prep.sampling import check_interview_profile, plan_sampling, sites_to_visit
from evidencekit.profile.model import CompanyProfile, Person, ProfileError, Role, Site


@pytest.fixture(scope="module")
def tools():
    registered = installed_audit_tools(make_plugin_manager(load_entrypoints=False))
    return {tool_id: registration.value for tool_id, registration in registered.items()}


@pytest.fixture(scope="module")
def cor(tools):
    return tools["acsa-cor-2019"]


def crew(headcount: int, **profile) -> CompanyProfile:
    """A company of ``headcount``: one manager, one supervisor, the rest workers."""
    roles = (
        Role("Manager", 1, level="senior-management"),
        Role("Supervisor", 1, level="supervisor"),
        Role("Worker", headcount - 2),
    )
    return CompanyProfile(headcount=headcount, roles=roles, **profile)


@pytest.mark.parametrize(
    ("headcount", "interviews"), [(5, 4), (50, 19), (500, 60), (28, 4), (20, 4), (3, 3)]
)
def test_interviews_are_at_least_the_published_example_at_or_below_the_headcount(
    cor, headcount: int, interviews: int
) -> None:
    plan = plan_sampling(cor, crew(headcount))
    assert plan.interviews_at_least == plan.interviews == interviews
    assert sum(allocation.interviews for allocation in plan.allocations) == interviews
    assert len(plan.slots) == interviews


def test_a_company_of_20_is_not_asked_for_the_fifty_person_example(cor) -> None:
    # The partner's examples are 5 people: 4 and 50: 19; nothing is published between them,
    # so 20 people are asked for at least 4, and the next example is named, not applied.
    roles = (
        Role("Owner", 1, level="senior-management"),
        Role("Foreman", 2, level="supervisor"),
        Role("Carpenter", 12),
        Role("Labourer", 4),
        Role("Bookkeeper", 1, employment="part-time"),
    )
    plan = plan_sampling(cor, CompanyProfile(headcount=20, roles=roles))
    assert plan.interviews_at_least == 4
    assert "the example for 5 people asks at least 4, the next (for 50) 19" in plan.interview_rule
    # Five roles: one interview each is planned, well under the next example's 19.
    assert plan.interviews == 5
    assert any("At least 4 interviews are asked for; 5 are planned" in n for n in plan.notes)


@pytest.mark.parametrize(("sites", "visited"), [(1, 1), (2, 2), (5, 3), (9, 3), (12, 4), (30, 10)])
def test_sites_to_visit_follow_the_table_and_the_share_row(cor, sites: int, visited: int) -> None:
    assert sites_to_visit(cor, sites)[0] == visited


def test_every_role_is_represented_and_the_rest_go_by_size(cor) -> None:
    roles = (
        Role("Owner", 1, level="senior-management"),
        Role("Foreman", 3, level="supervisor"),
        Role("Carpenter", 12),
        Role("Finisher", 6),
        Role("Bookkeeper", 1, employment="part-time"),
    )
    plan = plan_sampling(cor, CompanyProfile(headcount=50, roles=roles))
    given = {allocation.role.name: allocation.interviews for allocation in plan.allocations}
    assert plan.interviews == 19
    assert min(given.values()) >= 1
    assert given["Carpenter"] > given["Finisher"] > given["Foreman"] >= given["Owner"]
    reasons = {allocation.role.name: allocation.reason for allocation in plan.allocations}
    assert "12 of 23 people" in reasons["Carpenter"]
    assert "everyone in the role" in reasons["Owner"]


def test_every_shift_is_reached(cor) -> None:
    roles = (
        Role("Manager", 1, level="senior-management", shifts=("day",)),
        Role("Operator", 40),
    )
    profile = CompanyProfile(headcount=41, roles=roles, shifts=("day", "night", "weekend"))
    plan = plan_sampling(cor, profile)
    reached = {row.group: row.interviews for row in plan.coverage if row.kind == "shift"}
    assert all(reached.values()), reached
    assert reached["day"] > reached["night"]


def test_too_few_interviews_still_reach_every_level_and_say_who_is_left_out(cor) -> None:
    roles = (
        Role("Owner", 1, level="senior-management"),
        Role("Lead hand", 1, level="supervisor"),
        Role("Electrician", 1),
        Role("Apprentice", 1),
        Role("Helper", 1, employment="seasonal"),
    )
    plan = plan_sampling(cor, CompanyProfile(headcount=5, roles=roles))
    assert plan.interviews == 4
    levels = {row.group: row.interviews for row in plan.coverage if row.kind == "level"}
    employment = {row.group: row.interviews for row in plan.coverage if row.kind == "employment"}
    assert all(levels.values()) and all(employment.values())
    assert any("not interviewed: " in note for note in plan.notes)


def test_subcontractors_are_interviewed_where_the_tool_asks(tools) -> None:
    profile = CompanyProfile(
        headcount=8,
        roles=(
            Role("Owner", 1, level="senior-management"),
            Role("Electrician", 7),
            Role("Drywall sub", 3, employment="subcontractor"),
        ),
    )
    cor_plan = plan_sampling(tools["acsa-cor-2019"], profile)
    secor_plan = plan_sampling(tools["acsa-secor-2023"], profile)
    assert cor_plan.subcontractor_interviews == 1
    assert any(slot.audience == "subcontractor" for slot in cor_plan.slots)
    assert secor_plan.subcontractor_interviews == 0
    assert any("does not ask for subcontractor" in note for note in secor_plan.notes)


def test_sites_cover_each_kind_first_then_the_busiest(cor) -> None:
    jobs = [Site(f"Job {n}", kind="field") for n in range(1, 5)]
    sites = (*jobs, Site("Yard", kind="yard"), Site("Old job", kind="field", active=False))
    roles = (
        Role("Worker A", 10, sites=("Job 3",)),
        Role("Worker B", 4, sites=("Job 1",)),
        Role("Yard hand", 1, sites=("Yard",)),
    )
    plan = plan_sampling(cor, CompanyProfile(headcount=15, roles=roles, sites=sites))
    assert plan.sites_to_visit == 3
    assert [choice.site.name for choice in plan.sites] == ["Job 1", "Job 3", "Yard"]
    assert "Old job" not in {choice.site.name for choice in plan.sites_left_out}


def test_without_a_profile_the_plan_names_the_answers_it_needs(cor) -> None:
    plan = plan_sampling(cor, CompanyProfile())
    assert plan.missing == ("headcount", "sites", "roles", "shifts")
    assert plan.interviews is None and not plan.slots


@pytest.mark.parametrize(
    ("profile", "roles", "field"),
    [
        (
            CompanyProfile(
                headcount=3, roles=(Role("Worker", 3),), people=(Person("Ann", role="Welder"),)
            ),
            (),
            "people[0].role: 'Welder' is not a role",
        ),
        (CompanyProfile(headcount=2, roles=(Role("Worker", 3),)), (), "headcount: 2 is below"),
        (CompanyProfile(headcount=3, roles=(Role("Worker", 3),)), ("Welder",), "--role: 'Welder'"),
        (
            CompanyProfile(headcount=3, roles=(Role("Worker", 3, shifts=("night",)),)),
            (),
            "roles[0].shifts: 'night'",
        ),
    ],
)
def test_bad_profiles_name_the_field(profile, roles, field: str) -> None:
    with pytest.raises(ProfileError, match=field.replace("[", r"\[").replace("]", r"\]")):
        check_interview_profile(profile, roles)


def test_named_people_at_the_sites_to_visit_are_suggested_first(cor) -> None:
    sites = (Site("Yard", kind="yard"), Site("Job", kind="field"), Site("Old", active=False))
    roles = (Role("Owner", 1, level="senior-management"), Role("Worker", 11))
    people = (
        Person("Ann", role="Worker", site="Old"),
        Person("Bob", role="Worker", site="Job"),
    )
    profile = CompanyProfile(headcount=12, roles=roles, sites=sites, people=people)
    plan = plan_sampling(cor, profile)
    workers = [slot.person for slot in plan.slots if slot.role == "Worker"]
    assert workers[:2] == ["Bob", "Ann"]
    assert any("level of supervisor" in note for note in plan.notes)


def test_a_site_counts_the_companys_people_apart_from_subcontractors(cor) -> None:
    sites = (Site("School", kind="field"), Site("Yard", kind="yard"))
    roles = (
        Role("Owner", 1, level="senior-management"),
        Role("Crew", 20, sites=("School",)),
        Role("Office", 1, sites=("Yard",)),
        Role("Drywall", 4, employment="subcontractor", sites=("School",)),
    )
    plan = plan_sampling(cor, CompanyProfile(headcount=22, sites=sites, roles=roles))
    school = next(choice for choice in plan.sites if choice.site.name == "School")
    # 21 of a 22-person company can work there, not 25.
    assert (school.people, school.subcontracted) == (21, 4)
    assert "21 of the company's people can work there, and 4 subcontractors'" in school.reason


def test_a_shift_the_profile_does_not_give_a_role_is_said_to_be_assumed(cor) -> None:
    roles = (
        Role("Owner", 1, level="senior-management", shifts=("day",)),
        Role("Foreman", 2, level="supervisor"),
        Role("Crew", 10, shifts=("day",)),
    )
    profile = CompanyProfile(headcount=13, roles=roles, shifts=("day", "weekend"))
    plan = plan_sampling(cor, profile)
    weekend = [slot for slot in plan.slots if slot.shift == "weekend"]
    assert weekend and all(slot.role == "Foreman" and slot.shift_assumed for slot in weekend)
    assert weekend[0].shift_text == "weekend shift, assumed"
    assert not any(slot.shift_assumed for slot in plan.slots if slot.role != "Foreman")
    rows = {row.group: row for row in plan.coverage if row.kind == "shift"}
    assert (rows["weekend"].people, rows["weekend"].assumed_people) == (2, 2)
    assert any("Foreman: the profile gives no shifts" in note for note in plan.notes)
    one_shift = plan_sampling(cor, CompanyProfile(headcount=13, roles=roles, shifts=("day",)))
    assert not any(slot.shift_assumed for slot in one_shift.slots)
