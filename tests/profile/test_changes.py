"""Changing one field of a profile by a dotted key: the value as the field takes it,
named list items found or added, and the validator's say on the result."""

from __future__ import annotations

from datetime import date

import pytest

from evidencekit.profile.changes import Validation, profile_with_value
from evidencekit.profile.model import CompanyProfile, ProfileError, Role, Site

CHECK = Validation(date(2026, 11, 1))
PROFILE = CompanyProfile(
    sites=(Site("Yard", kind="yard"), Site("Lot 14, north")),
    roles=(Role("Foreman", 2, level="supervisor", sites=("Yard",)),),
)


def test_text_fields_keep_what_was_typed_and_numbers_are_numbers() -> None:
    changed = profile_with_value(PROFILE, "company", "3M", CHECK)
    assert changed.company == "3M"
    assert profile_with_value(PROFILE, "roles.foreman.people", "4", CHECK).roles[0].people == 4


def test_a_list_of_names_keeps_the_details_of_names_listed_again() -> None:
    changed = profile_with_value(PROFILE, "sites", '[Yard, "Lot 9, south"]', CHECK)
    assert changed.sites == (Site("Yard", kind="yard"), Site("Lot 9, south"))
    assert profile_with_value(PROFILE, "shifts", "day, night", CHECK).shifts == ("day", "night")


def test_a_new_name_adds_an_item_the_validator_then_checks() -> None:
    changed = profile_with_value(PROFILE, "roles.Labourer.people", "6", CHECK)
    assert changed.roles[1] == Role("Labourer", 6)
    with pytest.raises(ProfileError, match=r"roles\[1\].people: is required"):
        profile_with_value(PROFILE, "roles.Labourer.level", "worker", CHECK)


def test_an_empty_value_removes_the_field() -> None:
    assert profile_with_value(PROFILE, "roles[0].sites", "", CHECK).roles[0].sites == ()
    with pytest.raises(ProfileError, match="partner: not set, nothing to remove"):
        profile_with_value(PROFILE, "partner", "", CHECK)


def test_removing_a_site_a_role_works_at_is_refused() -> None:
    with pytest.raises(ProfileError, match=r"roles\[0\].sites\[0\]: 'Yard' is not"):
        profile_with_value(PROFILE, "sites", "Lot 2", CHECK)


def test_a_key_inside_a_plain_value_names_it() -> None:
    answered = profile_with_value(PROFILE, "answers.x", "yes", CHECK)
    with pytest.raises(ProfileError, match=r"answers\.x\.y: answers\.x has no fields"):
        profile_with_value(answered, "answers.x.y", "3", CHECK)
    with pytest.raises(ProfileError, match=r"roles\[0\].people.z: roles\[0\].people has no"):
        profile_with_value(PROFILE, "roles[0].people.z", "", CHECK)


def test_a_name_holding_a_dot_is_found_whole_the_longest_first() -> None:
    profile = CompanyProfile(
        roles=(
            Role("Apex Drywall Ltd.", 1, employment="subcontractor"),
            Role("Apex Drywall Ltd. drywaller", 3, employment="subcontractor"),
        )
    )
    changed = profile_with_value(profile, "roles.apex drywall ltd. drywaller.people", "5", CHECK)
    assert [role.people for role in changed.roles] == [1, 5]
    changed = profile_with_value(profile, "roles.Apex Drywall Ltd..people", "2", CHECK)
    assert [role.people for role in changed.roles] == [2, 3]
    # The whole key a name ending in a dot, as when the role is removed.
    changed = profile_with_value(profile, "roles.Apex Drywall Ltd.", "", CHECK)
    assert [role.name for role in changed.roles] == ["Apex Drywall Ltd. drywaller"]
    with pytest.raises(ProfileError, match="a key's parts are joined by single dots"):
        profile_with_value(profile, "roles.Apex Drywall Ltd. drywaller.", "2", CHECK)
