"""`evidencekit prep` from the command line: the sample companies with their example
profiles, without a profile, and profiles it must refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NORTHRIDGE = REPO / "sample_evidence" / "northridge-construction"
PRAIRIE = REPO / "sample_evidence" / "prairie-line-electric-secor"
PROFILES = REPO / "docs" / "examples" / "profiles"


def test_prep_on_the_cor_sample_plans_interviews_and_sites(run_cli) -> None:
    profile = PROFILES / "northridge-construction.yaml"
    result = run_cli("prep", NORTHRIDGE, "--profile", profile)
    assert result.exit_code == 0, result.output
    assert "Prepared for acsa-cor-2023" in result.stderr
    # 28 people fall between the published examples for 5 and 50: at least the smaller
    # company's 4, with one interview per role planned.
    assert (
        "at least 4 interviews of the company's people, 10 planned"
        " + 2 of subcontractors' workers (28 people: the example for 5 people asks at least 4,"
        " the next (for 50) 19" in result.stdout
    )
    assert "visit  Northridge yard and shop, 67 Street  [yard" in result.stdout
    assert "skip   Gasoline Alley retail build, Lot 14  [no longer active]" in result.stdout
    assert "Preparation sheet: Framing and concrete crew worker" in result.stdout
    assert "Observation checklist: Blackfalds shop build" in result.stdout


def test_prep_writes_printable_html_and_markdown(run_cli, tmp_path: Path) -> None:
    profile = PROFILES / "prairie-line-electric-secor.yaml"
    page, text = tmp_path / "prep.html", tmp_path / "prep.md"
    html = run_cli("prep", PRAIRIE, "--profile", profile, "--format", "html", "-o", page)
    md = run_cli("prep", PRAIRIE, "--profile", profile, "--format", "md", "-o", text)
    assert html.exit_code == 0 and md.exit_code == 0, html.output + md.output
    assert page.read_text().count('<section class="sheet"') == 5
    assert "## Preparation sheet: Summer helper" in text.read_text()
    assert "  - Safety/Emergency Response Plan.docx (2025-11-10)" in text.read_text()


def test_prep_without_a_profile_says_what_it_needs_and_still_helps(run_cli) -> None:
    result = run_cli("prep", PRAIRIE)
    assert result.exit_code == 0, result.output
    # The headcount the manual states picks the program, as for every command.
    assert "Prepared for acsa-secor-2023: SECOR for 7 people on the WCB account, as the " in (
        result.stderr
    )
    for answer in ("headcount", "sites", "roles", "shifts"):
        assert f"  {answer}: needed for" in result.stdout
    assert "Preparation sheet: Workers" in result.stdout
    assert "Safety/HS Policy 2026 signed.docx" in result.stdout


@pytest.mark.parametrize(
    ("profile_text", "extra", "message"),
    [
        (
            "headcount: 3\nroles:\n  - {name: Worker, people: 3}\n"
            "people:\n  - {name: Ann, role: Welder}\n",
            (),
            "people[0].role",
        ),
        ("headcount: 2\nroles:\n  - {name: Worker, people: 3}\n", (), "headcount"),
        ("headcount: 3\nroles:\n  - {name: Worker, people: 3}\n", ("--role", "Boss"), "--role"),
    ],
)
def test_a_profile_prep_cannot_use_is_refused_and_nothing_is_written(
    run_cli, tmp_path: Path, profile_text: str, extra: tuple, message: str
) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(profile_text)
    page = tmp_path / "prep.html"
    result = run_cli("prep", PRAIRIE, "--profile", profile, "--format", "html", "-o", page, *extra)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert not page.exists()
