"""The commands tell one story about a folder: the same program for every command, the
same corrective action in every output, the same dates in `plan` and `actionplan`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from evidencekit.cli import cli

ROOT = Path(__file__).parents[2]
NORTHRIDGE = ROOT / "sample_evidence" / "northridge-construction"
PRAIRIE = ROOT / "sample_evidence" / "prairie-line-electric-secor"
PROFILES = ROOT / "docs" / "examples" / "profiles"
PLANS = ROOT / "docs" / "examples" / "action-plans"
AUDIT_DATE = "2026-11-16"


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, Path]:
    return {name: tmp_path_factory.mktemp(name) for name in ("northridge", "prairie", "bare")}


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


# --- one program for every command -------------------------------------------------------


def test_every_command_follows_the_secor_profile(states) -> None:
    profile = PROFILES / "prairie-line-electric-secor.yaml"
    common = ("--state", states["prairie"], "--profile", profile)
    training = run("training", PRAIRIE, *common, "--audit-date", AUDIT_DATE)
    assert "SECOR training requirements" in training.stdout
    assert "cor-phsm" not in training.stdout
    evidence_map = run("map", PRAIRIE, *common)
    assert "(acsa-secor-2023)" in evidence_map.stdout.splitlines()[0]
    plan = run("actionplan", PRAIRIE, *common, "--date", AUDIT_DATE)
    assert "cor-phsm" not in plan.stdout
    assert "Action Plan of acsa-secor-2023: SECOR for 7 people" in plan.stderr
    document = "Safety/HS Policy 2026 signed.docx"
    linked = run("link", PRAIRIE, "add", document, "secor2023-2.2", *common)
    assert linked.exit_code == 0, linked.output
    assert f"Linked {document} → secor2023-2.2 (acsa-secor-2023)" in linked.stdout
    assert run("link", PRAIRIE, "reset", document, "secor2023-2.2", *common).exit_code == 0


def test_without_a_profile_check_reads_the_headcount_the_evidence_states(states) -> None:
    result = run("check", PRAIRIE, "--state", states["bare"], "--audit-date", AUDIT_DATE, "-q")
    assert "ACSA SECOR evaluation 2023" in result.stdout
    assert "SECOR for 7 people on the WCB account, as the evidence states it (" in result.stderr
    assert "confirm it there (evidencekit profile FOLDER accept headcount)" in result.stderr


# --- one corrective action in every output -----------------------------------------------


def exported_tracker(state: Path, profile: Path, tmp_path: Path) -> list[dict[str, str]]:
    tracker = tmp_path / "tracker.csv"
    args = ("--state", state, "--profile", profile, "--audit-date", AUDIT_DATE, "-q")
    run("check", NORTHRIDGE, *args, "--format", "csv", "-o", tracker)
    with tracker.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_tracker_edits_show_in_every_output_and_plan_keeps_what_is_found_again(
    states, tmp_path: Path
) -> None:
    profile = PROFILES / "northridge-construction.yaml"
    state = states["northridge"]
    rows = exported_tracker(state, profile, tmp_path)
    owned, closed = rows[0], rows[1]
    owned.update(owner="Dana Ross", due="2026-10-01", status="in-progress", note="Asked")
    closed.update(owner="Sam Lee", status="closed")
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(owned))
        writer.writeheader()
        writer.writerows(rows)
    assert run("actions", NORTHRIDGE, "import", edited, "--state", state).exit_code == 0
    args = ("--state", state, "--profile", profile, "--audit-date", AUDIT_DATE, "-q")

    terminal = run("check", NORTHRIDGE, *args).stdout
    assert "tracker: in-progress (owner Dana Ross; due 2026-10-01; note: Asked)" in terminal
    assert "tracker: closed in the tracker, but this check found it again" in terminal
    markdown = run("check", NORTHRIDGE, *args, "--format", "md").stdout
    assert r"in-progress \(owner Dana Ross; due 2026-10-01; note: Asked\)" in markdown
    page = run("check", NORTHRIDGE, *args, "--format", "html").stdout
    assert "<strong>Tracker:</strong> in-progress (owner Dana Ross" in page
    report = json.loads(run("check", NORTHRIDGE, *args, "--format", "json").stdout)
    findings = {finding["id"]: finding for finding in report["findings"]}
    assert findings[owned["finding_id"]]["tracker"]["owner"] == "Dana Ross"
    assert findings[closed["finding_id"]]["tracker"]["closed_but_found_again"] is True

    plan = run("plan", NORTHRIDGE, "--state", state, "--profile", profile, "--today", "2026-11-01")
    assert "1 past due, 1 closed in the tracker but found again" in plan.stdout
    assert "past due: it was due 2026-10-01, before 2026-11-01" in plan.stdout
    assert closed["finding_id"] in plan.stdout

    eligible = PLANS / "northridge-eligible.yaml"
    action_plan = run(
        "actionplan", NORTHRIDGE, "--state", state, "--profile", eligible, "--date", "2026-09-01"
    )
    line = next(text for text in action_plan.stdout.splitlines() if owned["finding_id"] in text)
    assert "Dana Ross" in line


# --- one rule for what proves a requirement, and a verdict that agrees with its findings --


def test_a_policy_is_proved_by_a_policy_in_check_and_prep_alike(states) -> None:
    profile = PROFILES / "prairie-line-electric-secor.yaml"
    args = ("--state", states["prairie"], "--profile", profile)
    report = json.loads(
        run("check", PRAIRIE, *args, "--audit-date", AUDIT_DATE, "-q", "--format", "json").stdout
    )
    requirements = {
        requirement["id"]: requirement
        for element in report["elements"]
        for requirement in element["requirements"]
    }
    assert requirements["secor2023-6.3"]["result"] != "met"
    weak = next(f for f in report["findings"] if f["requirement"] == "secor2023-6.3")
    assert "not by a dated policy or safe-work-procedure, the only documents" in weak["message"]
    prep = run("prep", PRAIRIE, *args).stdout
    assert "the violence and harassment prevention policy: none found" in prep
    # No requirement with a finding standing is shown as met, and no element reaches 100%
    # beside its own findings.
    for element in report["elements"]:
        standing = [r for r in element["requirements"] if r["findings"]]
        assert all(r["result"] != "met" for r in standing)
        if standing:
            assert element["score_pct"] < 100


def test_a_missing_required_course_keeps_the_verdict_from_ready(states, tmp_path) -> None:
    # Were the owner, who holds no management course, to complete the evaluation, the
    # assessor rule of 2024 would fail whatever the score.
    example = PROFILES / "prairie-line-electric-secor.yaml"
    profile = tmp_path / "owner-as-assessor.yaml"
    profile.write_text(
        example.read_text().replace("assessor: Linda Halvorsen", "assessor: Gord Halvorsen")
    )
    args = ("--state", states["prairie"], "--profile", profile, "--audit-date", AUDIT_DATE)
    result = run("check", PRAIRIE, *args, "-q")
    assert result.exit_code == 1
    first, score = result.stdout.splitlines()[:2]
    assert first.endswith("NOT READY")
    assert float(score.split("Documentation score ")[1].split("%")[0]) >= 80
    assert (
        "Not certifiable until this is resolved, whatever the score: SECOR training "
        "requirement secor-assessor-management-course" in result.stdout
    )
    report = json.loads(run("check", PRAIRIE, *args, "-q", "--format", "json").stdout)
    assert report["overall"]["verdict"] == "not-ready"
    assert report["overall"]["certification_blocked_by"] == [
        f["id"] for f in report["findings"] if f["kind"] == "training-requirement"
    ]
    # In the handover report it stands out as the reason, in print too (not grey text).
    html = run("check", PRAIRIE, *args, "-q", "--format", "html").stdout
    assert '<p class="blocked"><strong>Not certifiable until this is resolved' in html


# --- one source for the Action Plan's dates ------------------------------------------------


def test_past_the_years_dates_plan_and_actionplan_both_say_too_late(states) -> None:
    eligible = PLANS / "northridge-eligible.yaml"
    common = ("--state", states["northridge"], "--profile", eligible)
    late = run("actionplan", NORTHRIDGE, *common, "--date", "2026-12-07", "--json")
    report = json.loads(late.stdout)
    assert report["verdict"] == "eligible, but too late for 2026"
    assert "the 2026 dates have passed" in report["too_late"]
    assert report["rows"] == []  # nothing is planned for dates already gone
    plan = run("plan", NORTHRIDGE, *common, "--today", "2026-12-07")
    assert "Action Plan instead of the audit: eligible, but too late for 2026" in plan.stdout
    assert "  the 2026 dates have passed (proposal 2026-05-31, final 2026-11-15)" in plan.stdout
    # Before the proposal date both say eligible and the plan has its deliverables.
    early = json.loads(
        run("actionplan", NORTHRIDGE, *common, "--date", "2026-04-07", "--json").stdout
    )
    assert (early["verdict"], early["too_late"]) == ("eligible", None)
    assert early["rows"]
