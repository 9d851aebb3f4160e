"""`evidencekit tools diff` as a user meets it: formats, files, messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit_tools.tool_copies import NEXT_ID, REMOVED, RENUMBERED, REWORDED, next_version
from tests.conftest import json_output
from tests.documents import write_text

POLICY = "Policy/Health and Safety Policy.txt"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return next_version(tmp_path)


@pytest.fixture
def company(evidence: Path) -> Path:
    write_text(
        evidence / POLICY,
        "Health and Safety Policy\nOur commitment to safety. Signed by the president. "
        "Date: 2026-10-01",
    )
    write_text(evidence / "Incidents/Investigation 2026-09-02.txt", "Incident investigation")
    return evidence


def test_without_a_folder_it_lists_what_changed(draft: Path, run_cli) -> None:
    result = run_cli("tools", "diff", "acsa-cor-2019", draft, with_state=False)
    assert result.exit_code == 0, result.output
    assert f"acsa-cor-2019 (ACSA COR audit tool 2019) → {NEXT_ID}" in result.output
    assert "1 removed, 1 renumbered, 1 reworded, 2 points changed" in result.output
    assert f"~ {RENUMBERED[1]}: renumbered {RENUMBERED[0]} → {RENUMBERED[1]}" in result.output
    assert f"~ {REWORDED[0]}: reworded (similarity 0.67)" in result.output
    assert f"      now: {REWORDED[1]}" in result.output
    assert f"- {REMOVED} removed (D, 10 points)" in result.output
    assert "~ cor2019-7.2: points 20 → 15" in result.output
    assert "Evidence folder" not in result.output


def test_json_lists_each_change_with_its_scores(draft: Path, run_cli) -> None:
    data = json_output(run_cli("tools", "diff", "acsa-cor-2019", draft, "--format", "json"))
    assert data["counts"] == {
        "added": 0,
        "removed": 1,
        "renumbered": 1,
        "reworded": 1,
        "points_changed": 2,
        "verification_changed": 0,
        "evidence_changed": 0,
    }
    changes = {change["id"]: change for change in data["requirements"]}
    assert changes[RENUMBERED[1]]["old"]["id"] == RENUMBERED[0]
    assert changes[REWORDED[0]]["text_similarity"] == 0.667
    assert changes[REWORDED[0]]["needs_a_look"] == ["reworded (similarity 0.67)"]
    assert data["thresholds"]["minor_rewording_min"] == 0.9
    assert data["folder"] is None


def test_markdown_goes_to_the_output_file(draft: Path, run_cli, tmp_path: Path) -> None:
    report = tmp_path / "diff.md"
    result = run_cli("tools", "diff", "acsa-cor-2019", draft, "--format", "md", "-o", report)
    assert result.exit_code == 0 and f"Wrote {report}" in result.output
    text = report.read_text(encoding="utf-8")
    assert text.startswith(f"# acsa-cor-2019 → {NEXT_ID}\n")
    assert f"| {REWORDED[0]} | reworded (similarity 0.67) |" in text.replace("\\", "")


def test_with_a_folder_corrections_follow_the_renumbering(
    company: Path, draft: Path, run_cli
) -> None:
    assert run_cli("scan", company).exit_code == 0
    run_cli("link", company, "reject", POLICY, RENUMBERED[0], "--tool", "acsa-cor-2019")
    args = ("tools", "diff", "acsa-cor-2019", draft, company, "--audit-date", "2026-11-16")
    shown = run_cli(*args)
    assert shown.exit_code == 0, shown.output
    assert f"  = reject {RENUMBERED[0]} → {RENUMBERED[1]} {POLICY}: renumbered" in shown.output
    assert "run again with --carry-over" in shown.output
    assert "overall" in shown.output and "verdict" in shown.output

    stored = json_output(run_cli(*args, "--carry-over", "--format", "json"))
    folder = stored["folder"]
    assert folder["corrections_stored"] == 1
    assert folder["corrections"] == [
        {
            "path": POLICY,
            "decision": "reject",
            "old_requirement": RENUMBERED[0],
            "new_requirement": RENUMBERED[1],
            "status": "carries-over",
            "reason": f"renumbered {RENUMBERED[0]} → {RENUMBERED[1]}",
        }
    ]
    assert set(folder["readiness"]) == {"old", "new"}
    assert folder["readiness"]["new"]["tool"] == NEXT_ID
    again = run_cli(*args)
    assert "already stored for the new version" in again.output


@pytest.mark.parametrize(
    ("tool", "message"),
    [
        ("acsa-cor-1999", "no audit tool 'acsa-cor-1999'; installed: acsa-cor-2019"),
        ("missing/draft.yaml", "no mapping file missing/draft.yaml"),
    ],
)
def test_an_unknown_tool_is_a_message_and_exit_2(tool: str, message: str, run_cli) -> None:
    result = run_cli("tools", "diff", "acsa-cor-2019", tool, with_state=False)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_an_invalid_draft_lists_its_problems_and_exits_2(tmp_path: Path, run_cli) -> None:
    def break_points(data: dict) -> None:
        data["elements"][0]["requirements"][0]["points"] = "ten"

    broken = next_version(tmp_path, edit=break_points)
    result = run_cli("tools", "diff", "acsa-cor-2019", broken, with_state=False)
    assert result.exit_code == 2
    assert f"{broken}:" in result.output
    assert f"requirement {RENUMBERED[1]}: points must be a whole number" in result.output


def test_carry_over_needs_a_folder(draft: Path, run_cli) -> None:
    result = run_cli("tools", "diff", "acsa-cor-2019", draft, "--carry-over", with_state=False)
    assert result.exit_code == 2 and "give FOLDER" in result.output


def test_the_report_is_never_written_into_the_evidence_folder(
    company: Path, draft: Path, run_cli
) -> None:
    target = company / "diff.json"
    result = run_cli("tools", "diff", "acsa-cor-2019", draft, company, "-o", target)
    assert result.exit_code == 2 and "never writes there" in result.output
    assert not target.exists()
