"""`evidencekit plan` on the sample companies with the example profiles."""

import csv
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
ELIGIBLE = ROOT / "docs" / "examples" / "action-plans" / "northridge-eligible.yaml"
FIRST_MAINTENANCE = (
    ROOT / "docs" / "examples" / "action-plans" / "prairie-line-first-maintenance.yaml"
)
TOOLS = {tool.program: tool for tool in map(load_audit_tool, bundled_mapping_files())}
TODAY = "2026-11-16"


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, Path]:
    return {name: tmp_path_factory.mktemp(name) for name in ("northridge", "prairie")}


def plan(state: Path, folder: Path, *args) -> object:
    command = ["plan", str(folder), "--state", str(state), "--today", TODAY]
    return CliRunner().invoke(cli, [*command, *map(str, args)])


def test_the_plan_of_a_recertified_company_names_its_maintenance_year(states) -> None:
    result = plan(states["northridge"], NORTHRIDGE, "--profile", ELIGIBLE)
    assert result.exit_code == 0, result.output
    maintenance = TOOLS["COR"].audit_type("maintenance")
    # The earlier of the sources' deadlines: the certificate's anniversary, not 31 December.
    deadline = "2026-11-17"
    out = result.stdout
    assert "issued 2025-11-17, valid until 2028-11-17" in out
    assert f"Maintenance audit, year 1 of 2: due by {deadline} (this year)" in out
    assert "The sources disagree on the deadline" in out
    assert "confirm it with the certifying partner" in out
    assert f"pass mark: {maintenance.overall_pass_pct:g}% overall" in out
    window = maintenance.documentation_window_months
    assert f"{window} months of records before the deadline" in out
    assert "Action Plan instead of the audit: eligible" in out
    assert "proposal by 2026-05-31 (passed)" in out
    assert f"Corrective actions to close by {deadline}:" in out
    # An owner the evidence names comes through from the tracker.
    assert "Dale Whitford" in out


def test_a_plan_file_date_after_the_deadline_is_flagged(states, tmp_path: Path) -> None:
    first = json.loads(
        plan(states["northridge"], NORTHRIDGE, "--profile", ELIGIBLE, "--format", "json").stdout
    )
    finding = first["actions_to_close"][-1]["finding_id"]
    tracker = tmp_path / "tracker.csv"
    with tracker.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["finding_id", "owner", "due", "status"])
        writer.writerow([finding, "Karen Lindqvist", "2027-03-01", "in-progress"])
    imported = CliRunner().invoke(
        cli,
        ["actions", str(NORTHRIDGE), "import", str(tracker), "--state", str(states["northridge"])],
    )
    assert imported.exit_code == 0, imported.output
    after = json.loads(
        plan(states["northridge"], NORTHRIDGE, "--profile", ELIGIBLE, "--format", "json").stdout
    )
    action = next(a for a in after["actions_to_close"] if a["finding_id"] == finding)
    assert (action["owner"], action["due"], action["status"]) == (
        "Karen Lindqvist",
        "2027-03-01",
        "in-progress",
    )
    assert action["concerns"] == [f"due after {after['close_by']}, the day it must be closed by"]


def test_the_secor_plan_in_json_says_why_no_action_plan(states) -> None:
    result = plan(states["prairie"], PRAIRIE, "--profile", FIRST_MAINTENANCE, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["tool"] == TOOLS["SECOR"].id
    assert report["due"]["label"] == "maintenance audit, year 2 of 2"
    assert report["due"]["pass_mark"]["overall_pct"] == 60
    assert report["certificate"] == {
        "audit_type": "certification",
        "issued": "2024-11-18",
        "expires": "2027-11-18",
    }
    window = report["due"]["documentation_window"]
    # Ending on the earlier of the sources' deadlines, the certificate's anniversary.
    assert (window["from"], window["to"]) == ("2025-11-18", "2026-11-18")
    option = report["action_plan"]
    assert option["verdict"] == "not eligible"
    assert any("full audit cycle" in reason for reason in option["reasons"])


def test_markdown_and_html_escape_what_comes_from_the_profile(states, tmp_path: Path) -> None:
    profile = yaml.safe_load(ELIGIBLE.read_text(encoding="utf-8"))
    profile["company"] = "<script>alert(1)</script> | # [x](y)"
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(yaml.safe_dump(profile), encoding="utf-8")
    page = tmp_path / "plan.html"
    result = plan(
        states["northridge"], NORTHRIDGE, "--profile", hostile, "--format", "html", "-o", page
    )
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html and "https://" not in html  # self-contained
    markdown = plan(states["northridge"], NORTHRIDGE, "--profile", hostile, "--format", "md").stdout
    assert markdown.startswith("# Certificate plan: \\<script\\>alert\\(1\\)\\</script\\> \\| \\#")


def test_a_future_past_audit_stops_the_plan_and_writes_nothing(states, tmp_path: Path) -> None:
    page = tmp_path / "plan.md"
    result = plan(states["northridge"], NORTHRIDGE, "--profile", ELIGIBLE, "--today", "2025-06-01")
    assert result.exit_code == 2
    assert "certificates[3].date: 2025-11-17 is in the future" in result.output
    result = plan(
        states["northridge"], NORTHRIDGE, "--profile", ELIGIBLE, "--today", "2025-06-01", "-o", page
    )
    assert result.exit_code == 2 and not page.exists()


def test_without_a_profile_the_plan_names_the_answers_it_needs(tmp_path: Path) -> None:
    result = plan(tmp_path / "state", NORTHRIDGE)
    assert result.exit_code == 2
    assert "plan needs a company profile (headcount:" in result.output
    # The programs the headcount chooses between, with their sizes, from the tools' data.
    secor, cor = TOOLS["SECOR"], TOOLS["COR"]
    assert (
        f"headcount: SECOR for {secor.employees_min} to {secor.employees_max} people or "
        f"COR for {cor.employees_min} or more people (the audit tool)"
    ) in result.output
    assert "certificates:" in result.output and "Traceback" not in result.output


def test_an_implausible_today_is_named_as_today(tmp_path: Path) -> None:
    result = plan(tmp_path / "state", NORTHRIDGE, "--profile", ELIGIBLE, "--today", "1999-01-01")
    assert result.exit_code == 2
    assert "--today 1999-01-01 is not a plausible date" in result.output
    assert "--audit-date" not in result.output


def test_an_audit_date_before_today_is_refused(tmp_path: Path) -> None:
    result = plan(
        tmp_path / "state", NORTHRIDGE, "--profile", ELIGIBLE, "--audit-date", "2025-01-01"
    )
    assert result.exit_code == 2
    assert f"--audit-date 2025-01-01 is before --today {TODAY}" in result.output
    assert "Traceback" not in result.output


def test_an_audit_date_after_the_deadline_is_said_in_every_format(states, tmp_path: Path) -> None:
    said = "the planned audit date 2027-06-01 is after the deadline 2026-11-17"
    late = ("--profile", ELIGIBLE, "--audit-date", "2027-06-01")
    for report_format in ("terminal", "md", "json"):
        result = plan(states["northridge"], NORTHRIDGE, *late, "--format", report_format)
        assert result.exit_code == 0, result.output
        assert said in result.stdout, report_format
    assert json.loads(result.stdout)["late_audit_date"] == said
    page = tmp_path / "plan.html"
    assert (
        plan(states["northridge"], NORTHRIDGE, *late, "--format", "html", "-o", page).exit_code == 0
    )
    assert said in page.read_text(encoding="utf-8")
    on_time = plan(states["northridge"], NORTHRIDGE, "--profile", ELIGIBLE, "--format", "json")
    assert json.loads(on_time.stdout)["late_audit_date"] is None
