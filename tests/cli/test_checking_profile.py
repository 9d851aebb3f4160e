"""`evidencekit check` choosing its tool and audit type from the company profile."""

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evidencekit.audit_tools.loading import bundled_mapping_files, load_audit_tool
from evidencekit.cli import cli

ROOT = Path(__file__).resolve().parents[2]
NORTHRIDGE = ROOT / "sample_evidence" / "northridge-construction"
PRAIRIE = ROOT / "sample_evidence" / "prairie-line-electric-secor"
EXAMPLES = ROOT / "docs" / "examples"
TOOLS = {tool.program: tool for tool in map(load_audit_tool, bundled_mapping_files())}


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, Path]:
    return {name: tmp_path_factory.mktemp(name) for name in ("northridge", "prairie")}


def check(state: Path, folder: Path, *args) -> object:
    command = ["check", str(folder), "--state", str(state), "--audit-date", "2026-11-16"]
    return CliRunner().invoke(cli, [*command, "--format", "json", *map(str, args)])


def test_without_a_profile_check_is_unchanged_and_says_what_a_profile_would_answer(
    states,
) -> None:
    result = check(states["northridge"], NORTHRIDGE)
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["overall"]["verdict"] == "ready"
    assert (report["tool"], report["audit_type"]) == (TOOLS["COR"].id, "certification")
    # acsa-cor-2023, checked over the 12 months a 3-year certificate needs; a requirement
    # with a finding standing (a minor coverage gap too) is only partly met.
    assert (report["overall"]["score_pct"], len(report["findings"])) == (80.6, 18)
    assert "a company profile" in result.stderr and "audit due" in result.stderr


def test_a_secor_company_grown_past_secor_is_warned_and_checked_on_the_cor_tool(states) -> None:
    grown = EXAMPLES / "profiles" / "prairie-line-electric-grown.yaml"
    headcount = yaml.safe_load(grown.read_text(encoding="utf-8"))["headcount"]
    assert headcount > TOOLS["SECOR"].employees_max
    result = check(states["prairie"], PRAIRIE, "--profile", grown)
    assert result.exit_code in (0, 1)
    assert "Warning: the company's last audit" in result.stderr
    assert f"{headcount} people are on the WCB account" in result.stderr
    assert f"it must move to COR ({TOOLS['COR'].id})" in result.stderr
    assert f"Assessed against {TOOLS['COR'].id}: COR for {headcount} people" in result.stderr
    report = json.loads(result.stdout)
    assert report["tool"] == TOOLS["COR"].id
    # The SECOR certificate does not carry over: a first COR certification is due.
    assert report["audit_type"] == "certification"
    assert "no COR certificate in the profile's history" in result.stderr


def test_a_history_that_makes_the_next_audit_a_maintenance_applies_its_mark(states) -> None:
    history = EXAMPLES / "action-plans" / "northridge-eligible.yaml"
    maintenance = TOOLS["COR"].audit_type("maintenance")
    result = check(states["northridge"], NORTHRIDGE, "--profile", history)
    report = json.loads(result.stdout)
    assert report["audit_type"] == "maintenance"
    assert report["pass_marks"]["overall_pct"] == maintenance.overall_pass_pct
    assert report["pass_marks"]["element_min_pct"] is None
    said = f"Maintenance audit, year 1 of 2 (pass mark {maintenance.overall_pass_pct:g}% overall)"
    assert said in result.stderr
    assert "recertification audit of 2025-11-17" in result.stderr
    state = str(states["northridge"])
    arguments = ["check", str(NORTHRIDGE), "--state", state, "--profile", str(history)]
    terminal = CliRunner().invoke(cli, [*arguments, "--audit-date", "2026-11-16"])
    assert f"pass mark {maintenance.overall_pass_pct:g}%" in terminal.stdout
    assert "maintenance audit on 2026-11-16" in terminal.stdout


def test_gap_rules_see_the_profile(states, tmp_path: Path) -> None:
    part_time = tmp_path / "part-time.yaml"
    part_time.write_text(
        yaml.safe_dump(
            {
                "headcount": 28,
                "people": [{"name": "Priya Sandhu", "full_time": False}],
                "answers": {"certified-auditor": False},
            }
        ),
        encoding="utf-8",
    )
    without = check(states["northridge"], NORTHRIDGE, "--audit-type", "certification")
    with_profile = check(
        states["northridge"], NORTHRIDGE, "--audit-type", "certification", "--profile", part_time
    )

    def training(result) -> list[str]:
        findings = json.loads(result.stdout)["findings"]
        return [f["message"] for f in findings if f["kind"] == "training-requirement"]

    assert training(without) == []
    assert any("Priya Sandhu" in message for message in training(with_profile))


def test_an_invalid_profile_stops_check_naming_the_field(states, tmp_path: Path) -> None:
    future = tmp_path / "future.yaml"
    future.write_text(
        yaml.safe_dump(
            {
                "certificates": [
                    {"program": "COR", "audit_type": "certification", "date": "2099-01-01"}
                ]
            }
        ),
        encoding="utf-8",
    )
    result = check(states["northridge"], NORTHRIDGE, "--profile", future)
    assert result.exit_code == 2
    assert "certificates[0].date: 2099-01-01 is in the future" in result.output
