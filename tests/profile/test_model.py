"""The company profile: reading, writing and the messages a bad profile gets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from evidencekit.profile.model import (
    CertificateRecord,
    CompanyProfile,
    ProfileError,
    Role,
    load_profile,
    parse_profile_text,
    profile_from_data,
    save_profile,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "docs" / "examples" / "profiles"
TODAY = date(2026, 11, 1)
TOOLS = {"acsa-cor-2019": "COR", "acsa-secor-2023": "SECOR"}


def _problem(data: dict, **options) -> str:
    with pytest.raises(ProfileError) as raised:
        profile_from_data(data, today=TODAY, tool_programs=TOOLS, **options)
    assert raised.value.exit_code == 2
    return str(raised.value)


def test_no_profile_is_an_empty_profile(tmp_path: Path) -> None:
    assert load_profile(tmp_path, None) == CompanyProfile()
    assert CompanyProfile().is_empty


def test_a_named_profile_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such profile file"):
        load_profile(tmp_path, tmp_path / "client.yaml")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_example_profiles_load(example: Path, tmp_path: Path) -> None:
    profile = load_profile(tmp_path, example, tool_programs=TOOLS)
    assert profile.company and profile.headcount
    assert sum(role.people for role in profile.roles) > 0


def test_saved_profile_reads_back_the_same(tmp_path: Path) -> None:
    profile = load_profile(tmp_path, EXAMPLES / "northridge-construction.yaml")
    profile = CompanyProfile(
        **{
            **profile.__dict__,
            "certificates": (
                CertificateRecord(
                    "COR",
                    "certification",
                    "2024-11-20",
                    tool="acsa-cor-2019",
                    overall=86.5,
                    elements={"1": 90.0},
                    recommendations=("Review the policy yearly",),
                ),
            ),
        }
    )
    save_profile(tmp_path / "profile.yaml", profile)
    assert load_profile(tmp_path, None) == profile
    # Fields left at their defaults are not written: the YAML stays what a person writes.
    assert "active: true" not in (tmp_path / "profile.yaml").read_text()


def test_mappings_are_not_shared_between_profiles() -> None:
    assert CompanyProfile().answers is not CompanyProfile().answers
    assert Role("Worker", 3).shifts == ()


def test_a_role_without_a_whole_number_of_people_is_named() -> None:
    roles = [{"name": "A", "people": 1}, {"name": "B", "people": 2}, {"name": "C", "people": -1}]
    assert _problem({"roles": roles}) == "roles[2].people: must be a whole number of 0 or more"
    roles[2]["people"] = 1.5
    assert "roles[2].people" in _problem({"roles": roles})


@pytest.mark.parametrize("headcount", [-3, "twelve", True])
def test_a_bad_headcount_is_refused(headcount) -> None:
    assert _problem({"headcount": headcount}) == ("headcount: must be a whole number of 0 or more")


def test_unknown_keys_are_named_at_their_level() -> None:
    assert _problem({"head_count": 4}).startswith("head_count: unknown key")
    roles = [{"name": "Worker", "people": 2, "levle": "worker"}]
    assert _problem({"roles": roles}).startswith("roles[0].levle: unknown key")


def test_a_past_audit_in_the_future_is_refused() -> None:
    history = [{"program": "COR", "audit_type": "certification", "date": "2027-01-10"}]
    assert _problem({"certificates": history}) == (
        "certificates[0].date: 2027-01-10 is in the future; a past audit has happened"
    )


def test_a_maintenance_audit_before_any_certification_contradicts_the_history() -> None:
    history = [{"program": "COR", "audit_type": "maintenance", "date": "2025-10-01"}]
    assert _problem({"certificates": history}) == (
        "certificates[0].audit_type: a maintenance audit before any certification"
    )


def test_a_program_that_is_not_its_tools_is_refused() -> None:
    history = [
        {
            "program": "SECOR",
            "audit_type": "certification",
            "date": "2025-10-01",
            "tool": "acsa-cor-2019",
        }
    ]
    assert _problem({"certificates": history}) == (
        "certificates[0].program: SECOR contradicts the tool acsa-cor-2019, a COR tool"
    )


def test_a_maintenance_on_another_program_than_its_certificate_is_refused() -> None:
    history = [
        {"program": "COR", "audit_type": "certification", "date": "2024-10-01"},
        {"program": "SECOR", "audit_type": "maintenance", "date": "2025-10-01"},
    ]
    assert _problem({"certificates": history}).startswith("certificates[1].program: SECOR")


def test_a_third_maintenance_year_is_refused() -> None:
    history = [{"program": "COR", "audit_type": "certification", "date": "2022-10-01"}] + [
        {"program": "COR", "audit_type": "maintenance", "date": f"{year}-10-01"}
        for year in (2023, 2024, 2025)
    ]
    assert (
        "certificates[3].audit_type: maintenance audit number 3 after the certificate of "
        "2022-10-01, which is valid 3 years" in _problem({"certificates": history})
    )


def test_the_interim_years_follow_the_programs_validity() -> None:
    # A program whose certificate lasts four years has room for a third interim audit.
    history = [{"program": "COR", "audit_type": "certification", "date": "2021-10-01"}] + [
        {"program": "COR", "audit_type": "maintenance", "date": f"{year}-10-01"}
        for year in (2022, 2023, 2024)
    ]
    profile = profile_from_data(
        {"certificates": history}, today=TODAY, tool_programs=TOOLS, validity_years={"COR": 4}
    )
    assert len(profile.certificates) == 4


def test_a_history_out_of_order_is_refused() -> None:
    history = [
        {"program": "COR", "audit_type": "certification", "date": "2025-10-01"},
        {"program": "COR", "audit_type": "maintenance", "date": "2024-10-01"},
    ]
    assert "certificates[1].date: 2024-10-01 is before" in _problem({"certificates": history})


def test_a_person_in_a_role_no_role_defines_is_refused() -> None:
    data = {"roles": [{"name": "Foreman", "people": 2}], "people": [{"name": "A", "role": "Boss"}]}
    assert _problem(data) == "people[0].role: 'Boss' is not a role the profile defines"


def test_a_role_on_an_unknown_shift_or_site_is_refused() -> None:
    data = {"shifts": ["day"], "roles": [{"name": "W", "people": 1, "shifts": ["night"]}]}
    assert _problem(data).startswith("roles[0].shifts[0]: 'night'")
    data = {"roles": [{"name": "W", "people": 1, "sites": ["Yard"]}]}
    assert _problem(data).startswith("roles[0].sites[0]: 'Yard'")


def test_a_bad_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "client.yaml"
    bad.write_text(yaml.safe_dump({"headcount": -1}))
    with pytest.raises(ProfileError, match=r"client.yaml: headcount: must be a whole number"):
        load_profile(tmp_path, bad)
    with pytest.raises(ProfileError, match="not valid YAML"):
        parse_profile_text("roles: [", "x.yaml")


def test_two_certifications_in_one_cycle_contradict_the_history() -> None:
    history = [
        {"program": "COR", "audit_type": "certification", "date": "2024-10-01"},
        {"program": "COR", "audit_type": "certification", "date": "2025-10-01"},
    ]
    assert _problem({"certificates": history}).startswith(
        "certificates[1].audit_type: a second certification while the certificate of "
        "2024-10-01 is valid (until 2027-10-01)"
    )
    # Once the certificate has expired, certifying again is a new start.
    history[0]["date"] = "2021-09-01"
    assert profile_from_data({"certificates": history}, today=TODAY).certificates[1].date == (
        "2025-10-01"
    )


def test_a_past_audit_on_a_tool_no_longer_installed_is_kept() -> None:
    history = [
        {"program": "COR", "audit_type": "certification", "date": "2018-10-01", "tool": "old-2012"}
    ]
    profile = profile_from_data({"certificates": history}, today=TODAY, tool_programs=TOOLS)
    assert profile.certificates[0].tool == "old-2012"


def test_a_person_listed_twice_is_refused() -> None:
    people = [{"name": "Ann Lee"}, {"name": "Bo Chan"}, {"name": "Ann Lee"}]
    assert _problem({"people": people}).startswith("people[2]: 'Ann Lee' is listed twice")
