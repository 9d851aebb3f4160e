"""`evidencekit training` and `evidencekit actionplan` on the sample companies."""

import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from evidencekit.cli import cli

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_evidence"
NORTHRIDGE = SAMPLES / "northridge-construction"
PRAIRIE = SAMPLES / "prairie-line-electric-secor"
ELIGIBLE = {
    "company": "Northridge Construction Ltd.",
    "headcount": 28,
    "people": [{"name": "Priya Sandhu", "full_time": True}],
    "answers": {"certified-auditor": True},
    "certificates": [
        {"program": "COR", "audit_type": "certification", "date": "2022-11-21", "overall": 86},
        {"program": "COR", "audit_type": "maintenance", "date": "2023-11-14", "overall": 78},
        {"program": "COR", "audit_type": "maintenance", "date": "2024-11-12", "overall": 81},
        {
            "program": "COR",
            "audit_type": "recertification",
            "date": "2025-11-17",
            "overall": 88,
            "recommendations": ["Track every corrective action to closure in one register."],
        },
    ],
}
ONE_MAINTENANCE = {
    "company": "Prairie Line Electric Ltd.",
    "headcount": 7,
    "certificates": [
        {
            "program": "SECOR",
            "audit_type": "certification",
            "date": "2024-11-18",
            "tool": "acsa-secor-2023",
            "overall": 84,
        },
        {"program": "SECOR", "audit_type": "maintenance", "date": "2025-11-10", "overall": 76},
    ],
}


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, Path]:
    return {name: tmp_path_factory.mktemp(name) for name in ("northridge", "prairie")}


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def profile_file(tmp_path: Path, profile: dict) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    return path


def eligible_plan_args(states: dict[str, Path], tmp_path: Path) -> tuple:
    """`actionplan` on the COR sample with a history that makes it eligible."""
    return (
        "actionplan",
        NORTHRIDGE,
        "--state",
        states["northridge"],
        "--date",
        "2026-11-01",
        "--profile",
        profile_file(tmp_path, ELIGIBLE),
    )


def test_training_counts_the_industry_course_from_the_day_it_was_taken(states) -> None:
    # Ryan Tsai, a full-time journeyman, took CSTS on 2025-09-18: missing in July 2025,
    # met in 2026.
    profile = REPO / "docs" / "examples" / "profiles" / "prairie-line-electric-secor.yaml"
    args = ("training", PRAIRIE, "--state", states["prairie"], "--profile", profile)
    before = run(*args, "--audit-date", "2025-07-01")
    assert before.exit_code == 0, before.output
    assert "missing    secor-industry-course" in before.output
    assert "Linda Halvorsen holds Small Employer Health and Safety course" in before.output
    # In 2023 the rules of the time applied, and no course taken later is named as held.
    in_2023 = run(*args, "--audit-date", "2023-06-01")
    assert "missing    secor-management-course" in in_2023.output
    assert "met        secor-first-aid" in in_2023.output
    assert "Ryan Tsai holds" not in in_2023.output
    after = run(*args, "--audit-date", "2026-11-16")
    assert "met        secor-industry-course" in after.output
    assert "Ryan Tsai holds Construction Safety Training System" in after.output
    assert "Gord Halvorsen: Standard First Aid (taken 2023-02-11, expires 2026-02-11)" in (
        after.output
    )


def test_training_names_the_unreadable_matrix_and_asks_the_profile(states, tmp_path) -> None:
    args = ("training", NORTHRIDGE, "--state", states["northridge"], "--audit-date", "2026-11-16")
    asked = run(*args)
    assert "to-confirm cor-phsm" in asked.output
    assert "Could not read Training/Training Matrix 2026 - CONFIDENTIAL.pdf (encrypted)" in (
        asked.output
    )
    decided = run(*args, "--profile", profile_file(tmp_path, ELIGIBLE), "--json")
    statuses = {
        item["id"]: item["status"] for item in yaml.safe_load(decided.stdout)["requirements"]
    }
    assert set(statuses.values()) == {"met"}


def test_an_action_plan_is_refused_before_a_full_cycle(states, tmp_path) -> None:
    result = run(
        "actionplan",
        PRAIRIE,
        "--state",
        states["prairie"],
        "--tool",
        "acsa-secor-2023",
        "--date",
        "2026-11-01",
        "--profile",
        profile_file(tmp_path, ONE_MAINTENANCE),
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Action Plan 2026: not eligible")
    assert "[NO] Has the company completed at least one full audit cycle?" in result.output
    # Without people or an assessor in the profile, who holds the courses is a question.
    assert "[?] Are the program's training requirements met? to confirm in the profile" in (
        result.output
    )


def test_an_eligible_plan_keeps_its_edits_through_export_and_import(states, tmp_path) -> None:
    args = eligible_plan_args(states, tmp_path)
    exported = tmp_path / "plan.xlsx"
    first = run(*args, "--write", exported)
    assert first.stdout.startswith("Action Plan 2026: eligible"), first.output
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Action Plan"]
    header = [cell.value for cell in sheet[1]]
    recommendation = next(
        row for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("rec-")
    )
    recommendation[header.index("owner")].value = "Priya Sandhu"
    recommendation[header.index("due")].value = "2026-09-30"
    recommendation[header.index("status")].value = "done"
    workbook.save(exported)
    imported = run(*args, "import", exported)
    assert imported.output == "Updated 1 row\n"
    again = tmp_path / "plan.md"
    run(*args, "--write", again)
    line = next(line for line in again.read_text().splitlines() if line.startswith("| rec-"))
    assert "| Priya Sandhu | 2026-09-30 | done |" in line
    assert "done (marked)" in line


def test_a_plan_file_of_another_kind_is_a_one_line_usage_error(states) -> None:
    result = run("actionplan", PRAIRIE, "--state", states["prairie"], "--write", "plan.txt")
    assert result.exit_code == 2
    assert "give a .xlsx or .md file name" in result.output


def test_the_missing_course_is_a_row_of_the_tracker(states, tmp_path) -> None:
    # Before Ryan Tsai took CSTS (2025-09-18) the industry course was missing.
    tracker = tmp_path / "tracker.csv"
    args = ("check", PRAIRIE, "--state", states["prairie"], "--tool", "acsa-secor-2023")
    run(*args, "--audit-date", "2025-07-01", "--format", "csv", "--output", tracker)
    (row,) = [
        line
        for line in tracker.read_text(encoding="utf-8-sig").splitlines()
        if ",training-requirement," in line and "secor-industry-course" in line
    ]
    assert "Linda Halvorsen" in row


def test_a_year_without_the_partners_dates_is_a_one_line_usage_error(states) -> None:
    result = run(
        "actionplan",
        PRAIRIE,
        "--state",
        states["prairie"],
        "--tool",
        "acsa-secor-2023",
        "--year",
        "2031",
    )
    assert result.exit_code == 2
    assert result.output.startswith("Error: acsa-secor-2023 has no Action Plan dates for 2031")


def test_each_deliverable_shows_under_the_recommendation_it_serves(states, tmp_path) -> None:
    result = run(*eligible_plan_args(states, tmp_path))
    lines = result.output.splitlines()
    heading = lines.index(
        "Act on the auditor's recommendation: Track every corrective action to closure in "
        "one register."
    )
    assert " rec-" in lines[heading + 1]
    assert lines.index("Milestones") < heading


def test_an_import_without_the_profile_says_which_options_make_the_same_plan(tmp_path) -> None:
    # A state of its own: rows stored by another test would count as known.
    args = ("actionplan", NORTHRIDGE, "--state", tmp_path / "state", "--date", "2026-11-01")
    exported = tmp_path / "plan.xlsx"
    run(*args, "--profile", profile_file(tmp_path, ELIGIBLE), "--write", exported)
    result = CliRunner().invoke(cli, [str(arg) for arg in (*args, "import", exported)])
    assert "Not stored, not in the plan: rec-" in result.output
    assert "import with the --profile, --tool and --date the file was written with" in (
        result.output
    )


def test_training_marks_expired_expiring_and_missing_cells_in_every_format(states) -> None:
    args = ("training", NORTHRIDGE, "--state", states["northridge"], "--audit-date", "2030-01-01")
    shown = run(*args)
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert "Training matrix: " in out and " expired, " in out and " no record)" in out
    first_aid = out[out.index("  Standard First Aid (") :]
    assert (
        "expired                   Tyler Brandt (2026-06-10) - Training/First Aid Certs/"
        in first_aid
    )
    assert "expires before the audit  Jordan Reimer (2028-02-08)" in first_aid
    assert "no record" in first_aid
    data = json.loads(run(*args, "--json").stdout)
    cells = {(c["person"], c["course"]): c for c in data["matrix"]["cells"]}
    assert cells[("Tyler Brandt", "Standard First Aid")]["status"] == "expired"
    assert cells[("Jordan Reimer", "Standard First Aid")]["status"] == "expires-before-audit"
    assert cells[("Jordan Reimer", "Fall Protection")]["status"] == "no-record"
