"""`evidencekit profile` from the command line: showing a profile with the evidence's
suggestions, changing it with set, edit and accept, and refusing bad values without
writing anything."""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evidencekit import hookimpl
from evidencekit.cli import cli

REPO = Path(__file__).resolve().parents[2]
PRAIRIE = REPO / "sample_evidence" / "prairie-line-electric-secor"
PROFILES = REPO / "docs" / "examples" / "profiles"
HISTORY = (
    "certificates:\n"
    "  - {program: SECOR, audit_type: certification, date: 2024-11-20, overall: 86.5,"
    " elements: {'1': 90}, recommendations: [Review the policy yearly]}\n"
    "  - {program: SECOR, audit_type: maintenance, date: 2025-10-01, overall: 74}\n"
    "answers: {first-aid-kit-checked: true}\n"
)


@pytest.fixture
def client_file(tmp_path: Path) -> Path:
    """A consultant's copy of the SECOR sample's example profile, with a history."""
    path = tmp_path / "client.yaml"
    text = (PROFILES / "prairie-line-electric-secor.yaml").read_text(encoding="utf-8")
    path.write_text(text + HISTORY, encoding="utf-8")
    return path


def test_profile_shows_every_field_and_the_evidence_suggestions(run_cli, client_file) -> None:
    result = run_cli("profile", PRAIRIE, "--profile", client_file)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"Company profile: {client_file}" in out
    assert "  Company:    Prairie Line Electric Ltd." in out
    assert "  Headcount:  7  (everyone on the WCB account in the past 12 months" in out
    assert "Coaldale dental office tenant improvement  [field, no longer active]" in out
    assert "Summer helper                       1  worker, seasonal" in out
    assert "Matt Halvorsen    Summer helper, not full-time" in out
    assert "2024-11-20  SECOR certification  overall 86.5%" in out
    assert "elements: 1 90%" in out and "recommendation: Review the policy yearly" in out
    # The roles document's "Workers | 3 crew members" counts the apprentices (2) and the
    # summer helper (1) the profile already lists: it is not offered as a role.
    assert "Workers: 3" not in out
    assert "Summer helper" in client_file.read_text() and "Workers" not in client_file.read_text()


def test_profile_json_has_the_profile_and_each_suggestion_source(run_cli) -> None:
    result = run_cli("profile", PRAIRIE, "--json")
    data = json.loads(result.stdout)
    assert data["exists"] is False and data["profile"]["headcount"] is None
    assert "everyone on the WCB account" in data["headcount_counts"]
    by_field = {item["field"]: item for item in data["suggestions"]}
    assert by_field["headcount"]["value"] == 7
    paths = {source["path"] for source in by_field["headcount"]["sources"]}
    assert "Safety/2025 year end safety review.docx" in paths
    assert by_field["company"]["value"] == "Prairie Line Electric Ltd."


def test_showing_suggestions_writes_no_profile(run_cli, state: Path) -> None:
    assert run_cli("profile", PRAIRIE).exit_code == 0
    assert not list(state.rglob("profile.yaml"))


def test_accept_applies_only_the_fields_asked_for(run_cli, state: Path) -> None:
    result = run_cli("profile", PRAIRIE, "accept", "roles", "people")
    assert result.exit_code == 0, result.output
    assert "Accepted roles 5, people 4; saved" in result.stdout
    shown = run_cli("profile", PRAIRIE, "--no-suggestions").stdout
    assert "Ryan Tsai        Journeyman Electrician and HSR" in shown
    assert "Company:    (not given)" in shown and "Headcount:  (not given)" in shown
    assert "Nothing to accept" in run_cli("profile", PRAIRIE, "accept", "roles").stdout


def test_accept_needs_a_field_it_knows(run_cli) -> None:
    result = run_cli("profile", PRAIRIE, "accept", "shifts")
    assert result.exit_code == 2
    assert "no suggestions for shifts; accept one of company, headcount" in result.stderr


def test_set_changes_one_field_and_keeps_the_rest(run_cli, client_file) -> None:
    result = run_cli("profile", PRAIRIE, "set", "headcount", "12", "--profile", client_file)
    assert result.exit_code == 0, result.output
    assert f"headcount = 12; saved {client_file}" in result.stdout
    assert "counts everyone on the WCB account in the past 12 months" in result.stdout
    result = run_cli(
        "profile", PRAIRIE, "set", "roles.Summer helper.people", "2", "--profile", client_file
    )
    assert result.exit_code == 0, result.output
    shown = run_cli("profile", PRAIRIE, "--profile", client_file, "--no-suggestions").stdout
    assert "Headcount:  12" in shown and "Summer helper                       2" in shown
    assert "2025-10-01  SECOR maintenance  overall 74%" in shown


def test_set_into_a_new_profile_file_starts_it(run_cli, tmp_path: Path, state: Path) -> None:
    new = tmp_path / "clients" / "acme.yaml"
    new.parent.mkdir()
    result = run_cli("profile", PRAIRIE, "set", "sites", "Yard,Job A", "--profile", new)
    assert result.exit_code == 0, result.output
    assert "- name: Yard\n- name: Job A" in new.read_text().replace("sites:\n", "")
    assert not list(state.rglob("profile.yaml"))


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("headcount", "-3", "headcount: must be a whole number of 0 or more"),
        ("certificates[1].date", "2099-01-01", "certificates[1].date: 2099-01-01 is in the future"),
        ("certificates[0].audit_type", "maintenance", "certificates[0].audit_type: a maintenance"),
        ("certificates[1].program", "COR", "certificates[1].program: COR contradicts"),
        ("people.Cody Mercer.role", "Welder", "people[4].role: 'Welder' is not a role"),
        ("roles.Summer helper.sites", "Moon base", "roles[4].sites[0]: 'Moon base' is not"),
        ("colour", "blue", "colour: unknown key"),
        ("roles.9.people", "2", "roles.9.people: roles has 5 items"),
        # A key reaching inside a plain value.
        ("headcount.foo", "3", "headcount.foo: headcount has no fields"),
        ("headcount.x", "", "headcount.x: headcount has no fields"),
        ("company.c", "", "company.c: company has no fields"),
        ("answers.first-aid-kit-checked.y", "3", "answers.first-aid-kit-checked has no fields"),
        ("roles.Summer helper.people.x", "3", "roles.Summer helper.people has no fields"),
        # A name listed twice (whatever its case: a key finds a name whatever its case).
        ("people", "Ann,Ann", "people[1]: 'Ann' is listed twice"),
        ("people.ryan tsai.name", "Ana Ferreira", "people[3]: 'Ana Ferreira' is listed twice"),
        ("sites", "Yard,yard", "sites[1]: 'yard' is listed twice"),
    ],
)
def test_a_bad_value_names_the_field_and_writes_nothing(
    run_cli, client_file: Path, key: str, value: str, field: str
) -> None:
    before = client_file.read_bytes()
    result = run_cli("profile", PRAIRIE, "set", key, value, "--profile", client_file)
    assert result.exit_code == 2
    assert field in result.stderr and "Traceback" not in result.output
    assert client_file.read_bytes() == before


def _editor(tmp_path: Path, script: str) -> str:
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\n{script}\n")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    return str(editor)


def test_edit_saves_a_valid_profile_as_written(run_cli, client_file, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "sed -i 's/^headcount: 7/headcount: 9/' \"$1\""))
    result = run_cli("profile", PRAIRIE, "edit", "--profile", client_file)
    assert result.exit_code == 0, result.output
    assert f"Saved {client_file}" in result.stdout
    text = client_file.read_text()
    # Saved as the person wrote it: the comments stay.
    assert "headcount: 9" in text and text.startswith("# Company profile of the sample SECOR")


def test_edit_to_an_invalid_profile_fails_and_writes_nothing(
    run_cli, client_file, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", _editor(tmp_path, "sed -i 's/^headcount: 7/headcount: -3/' \"$1\"")
    )
    before = client_file.read_bytes()
    result = run_cli("profile", PRAIRIE, "edit", "--profile", client_file)
    assert result.exit_code == 2
    assert f"{client_file}: headcount: must be a whole number" in result.stderr
    assert client_file.read_bytes() == before


def test_edit_without_a_change_says_so(run_cli, client_file, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", _editor(tmp_path, 'touch "$1"'))
    result = run_cli("profile", PRAIRIE, "edit", "--profile", client_file)
    assert result.exit_code == 0 and "No change" in result.stdout


def test_edit_starts_a_new_profile_from_a_commented_template(
    run_cli, tmp_path, monkeypatch, state: Path
) -> None:
    script = (
        "sed -i 's/^# company: .*/company: Acme Ltd./; s/^# headcount: 12/headcount: 4/' \"$1\""
    )
    monkeypatch.setenv("EDITOR", _editor(tmp_path, script))
    result = run_cli("profile", PRAIRIE, "edit")
    assert result.exit_code == 0, result.output
    saved = next(state.rglob("profile.yaml")).read_text()
    assert "company: Acme Ltd." in saved and "everyone on the WCB account" in saved


def test_an_unknown_action_is_refused(run_cli) -> None:
    result = run_cli("profile", PRAIRIE, "set", "headcount")
    assert result.exit_code == 2
    assert "after FOLDER: nothing, set KEY VALUE, edit or accept FIELD" in result.stderr


def test_the_example_profiles_show_on_their_sample(run_cli, tmp_path: Path) -> None:
    for example in sorted(PROFILES.glob("*.yaml")):
        copy = tmp_path / example.name
        shutil.copy(example, copy)
        # Each example names its sample company in its opening comment.
        sample = re.search(r"\(sample_evidence/([\w-]+)\)", example.read_text()).group(1)
        folder = REPO / "sample_evidence" / sample
        result = run_cli("profile", folder, "--profile", copy, "--no-suggestions", with_state=False)
        assert result.exit_code == 0, result.output
        assert "Company profile:" in result.stdout
        assert "Company:    (not given)" not in result.stdout


def _edit_at_a_terminal(monkeypatch, folder: Path, profile: Path, answers: str):
    monkeypatch.setattr("evidencekit.cli.profile.at_a_terminal", lambda: True)
    words = ["profile", str(folder), "edit", "--profile", str(profile)]
    return CliRunner().invoke(cli, words, input=answers, catch_exceptions=False)


def test_at_a_terminal_an_invalid_edit_may_be_edited_again(
    client_file, tmp_path, monkeypatch
) -> None:
    # The first edit breaks the headcount, the second mends it.
    script = (
        'if [ -e "$0.once" ]; then sed -i "s/^headcount: -3/headcount: 9/" "$1";'
        ' else touch "$0.once"; sed -i "s/^headcount: 7/headcount: -3/" "$1"; fi'
    )
    monkeypatch.setenv("EDITOR", _editor(tmp_path, script))
    result = _edit_at_a_terminal(monkeypatch, PRAIRIE, client_file, "y\n")
    assert result.exit_code == 0, result.output
    assert "headcount: must be a whole number" in result.stderr
    assert "headcount: 9" in client_file.read_text()


def test_at_a_terminal_giving_up_an_invalid_edit_writes_nothing(
    client_file, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", _editor(tmp_path, "sed -i 's/^headcount: 7/headcount: -3/' \"$1\"")
    )
    before = client_file.read_bytes()
    result = _edit_at_a_terminal(monkeypatch, PRAIRIE, client_file, "n\n")
    assert result.exit_code == 2
    assert client_file.read_bytes() == before


def test_a_mistyped_option_is_named(run_cli) -> None:
    result = run_cli("profile", PRAIRIE, "--jsn")
    assert result.exit_code == 2 and "no such option: --jsn" in result.stderr


def test_accepting_a_field_with_nothing_new_writes_nothing(run_cli, client_file) -> None:
    before = client_file.read_bytes()
    result = run_cli("profile", PRAIRIE, "accept", "sites", "--profile", client_file)
    assert result.exit_code == 0 and "Nothing to accept" in result.stdout
    assert client_file.read_bytes() == before


@pytest.fixture
def evidence_copy(tmp_path: Path) -> Path:
    """An evidence folder of the test's own: were it written into, no sample changes."""
    folder = tmp_path / "evidence"
    shutil.copytree(PRAIRIE, folder)
    return folder


@pytest.mark.parametrize(
    "words",
    [("set", "headcount", "3"), ("edit",), ("accept", "--all")],
    ids=["set", "edit", "accept"],
)
def test_a_profile_file_inside_the_evidence_folder_is_never_written(
    run_cli, evidence_copy: Path, tmp_path, monkeypatch, words: tuple[str, ...]
) -> None:
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "echo 'headcount: 3' > \"$1\""))
    before = sorted(path.relative_to(evidence_copy) for path in evidence_copy.rglob("*"))
    inside = evidence_copy / "Safety" / "company.yaml"
    result = run_cli("profile", evidence_copy, "--profile", inside, *words)
    assert result.exit_code == 2
    assert f"{inside} is inside the evidence folder; evidencekit never writes there" in (
        result.stderr
    )
    assert sorted(path.relative_to(evidence_copy) for path in evidence_copy.rglob("*")) == before


def test_a_profile_file_in_the_state_directory_may_be_written(run_cli, state: Path) -> None:
    inside = state / "clients" / "prairie.yaml"
    inside.parent.mkdir(parents=True)
    result = run_cli("profile", PRAIRIE, "--profile", inside, "set", "headcount", "3")
    assert result.exit_code == 0, result.output
    assert "headcount: 3" in inside.read_text()


def test_a_profile_file_inside_the_evidence_folder_may_be_shown(run_cli, evidence_copy) -> None:
    inside = evidence_copy / "company.yaml"
    inside.write_text("company: Prairie Line Electric Ltd.\n", encoding="utf-8")
    result = run_cli("profile", evidence_copy, "--profile", inside, "--no-suggestions")
    assert result.exit_code == 0, result.output
    assert "Company:    Prairie Line Electric Ltd." in result.stdout


class _LongerCorTool:
    """Another partner's COR tool, its id sorting before the bundled one's, whose
    certificate (it says) lasts four years."""

    def __init__(self, folder: Path) -> None:
        from evidencekit.audit_tools.schema import mappings_dir

        source = (mappings_dir() / "acsa-cor-2019.yaml").read_text(encoding="utf-8")
        self.file = folder / "aaa-cor-2026.yaml"
        source = source.replace("\nid: acsa-cor-2019\n", "\nid: aaa-cor-2026\n")
        source = source.replace("\npartner: Alberta", "\npartner: Not Alberta")
        self.file.write_text(source.replace("validity_years: 3", "validity_years: 4"))

    @hookimpl
    def register_audit_tools(self, register) -> None:
        register(self.file)


def test_set_validates_the_history_as_check_does_the_bundled_tool_first(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    from evidencekit.cli import options as cli_options
    from evidencekit.plugins import make_plugin_manager

    plugin = _LongerCorTool(tmp_path)
    monkeypatch.setattr(
        cli_options,
        "make_plugin_manager",
        lambda: make_plugin_manager(load_entrypoints=False, extra=[plugin]),
    )
    client = tmp_path / "client.yaml"
    client.write_text("company: Acme Ltd.\n", encoding="utf-8")
    history = ", ".join(
        f"{{program: COR, audit_type: {kind}, date: {day}}}"
        for kind, day in [
            ("certification", "2022-01-10"),
            ("maintenance", "2023-01-10"),
            ("maintenance", "2024-01-10"),
            ("maintenance", "2025-01-10"),
        ]
    )
    # check holds the bundled tool's certificate of three years: a third maintenance
    # audit is one too many, whatever the other partner's tool says.
    result = run_cli("profile", PRAIRIE, "--profile", client, "set", "certificates", f"[{history}]")
    assert result.exit_code == 2
    assert "certificates[3].audit_type: maintenance audit number 3" in result.stderr
    assert "valid 3 years" in result.stderr
    assert client.read_text(encoding="utf-8") == "company: Acme Ltd.\n"


def test_roles_holding_more_people_than_the_headcount_are_warned_of(
    run_cli, tmp_path: Path
) -> None:
    client = tmp_path / "client.yaml"
    client.write_text(
        "headcount: 5\nroles:\n  - {name: Crew, people: 5}\n"
        "  - {name: Drywall Ltd. drywaller, people: 3, employment: subcontractor}\n",
        encoding="utf-8",
    )
    shown = run_cli("profile", PRAIRIE, "--profile", client, "--no-suggestions")
    assert shown.exit_code == 0 and "Warning" not in shown.output
    result = run_cli("profile", PRAIRIE, "--profile", client, "set", "roles.Workers.people", "4")
    assert result.exit_code == 0, result.output
    warning = (
        "the roles hold 9 people (subcontractor roles not counted), more than the headcount of 5"
    )
    assert warning in result.stderr
    shown = run_cli("profile", PRAIRIE, "--profile", client, "--no-suggestions")
    assert shown.exit_code == 0 and f"  Warning: {warning}" in shown.stdout
    data = json.loads(run_cli("profile", PRAIRIE, "--profile", client, "--json").stdout)
    assert any(warning in line for line in data["warnings"])


def test_accepting_everything_beside_the_crew_roles_leaves_their_summary_out(
    run_cli, tmp_path: Path
) -> None:
    # The northridge sample's roles document sums its crews as "Workers: 18"; its example
    # profile lists the crews themselves. Accepting it would count the crews twice and
    # prep would refuse the profile.
    client = tmp_path / "client.yaml"
    shutil.copy(PROFILES / "northridge-construction.yaml", client)
    before = client.read_text()
    folder = REPO / "sample_evidence" / "northridge-construction"
    result = run_cli("profile", folder, "--profile", client, "accept", "--all")
    assert result.exit_code == 0, result.output
    assert "Not accepted: Workers, a count of people the profile's own roles" in result.stderr
    assert client.read_text() == before
    shown = run_cli("profile", folder, "--profile", client)
    assert "~ Workers: 18  (a count of the people in the profile's own roles" in shown.stdout
    prep = run_cli("prep", folder, "--profile", client)
    assert prep.exit_code == 0, prep.output


def test_accepted_roles_keep_the_level_their_title_states(run_cli, tmp_path: Path) -> None:
    client = tmp_path / "client.yaml"
    folder = REPO / "sample_evidence" / "northridge-construction"
    result = run_cli("profile", folder, "--profile", client, "accept", "--all")
    assert result.exit_code == 0, result.output
    roles = {role["name"]: role for role in yaml.safe_load(client.read_text())["roles"]}
    assert roles["President"]["level"] == "senior-management"
    assert roles["Foreman"]["level"] == "supervisor"
    assert "level" not in roles["Safety Coordinator"]
    assert "No title or document states the level of Safety Coordinator" in result.stderr
