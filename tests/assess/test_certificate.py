"""The certificate a certifying audit can earn from the months of records before it."""

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import cli
from evidencekit.testing import evidence_folder, run_check


def monthly_records(months: list[str]) -> str:
    """A toolbox talk and a site inspection dated in each of ``months`` (YYYY-MM)."""
    lines = []
    for month in months:
        lines.append(
            f"Meetings/Toolbox talk {month}-08.pdf: Toolbox talk | Safety meeting held "
            f"{month}-08 | Topic: ladders | Attendees: crew A"
        )
        lines.append(
            f"Inspections/Site inspection {month}-12.pdf: Site inspection checklist | "
            f"Inspected {month}-12 | Inspection checklist completed by the foreman"
        )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def five_months(tmp_path_factory: pytest.TempPathFactory) -> Path:
    months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    return evidence_folder(
        tmp_path_factory.mktemp("five-months") / "evidence", monthly_records(months)
    )


def test_five_months_of_records_earn_a_one_year_certificate_and_say_when_three_would(
    five_months: Path,
) -> None:
    report = run_check(five_months, audit_date="2026-11-16").report
    certificate = report["certificate"]
    assert certificate["records_months"] == 5
    assert certificate["qualifies_for"] == "1-year"
    assert certificate["full_from"] == "2027-06-01"
    assert set(certificate["basis"]) >= {"safety-meeting", "inspection"}
    assert (
        "qualifies for a 1-year certificate; 12 months from 2027-06 would earn 3 years"
        in certificate["sentence"]
    )


def test_a_month_without_any_recurring_record_ends_the_run(tmp_path: Path) -> None:
    months = ["2025-10", "2025-11", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    folder = evidence_folder(tmp_path / "evidence", monthly_records(months))
    certificate = run_check(folder, audit_date="2026-11-16").report["certificate"]
    assert certificate["records_months"] == 5


def test_under_three_months_of_records_earn_only_a_temporary_letter(tmp_path: Path) -> None:
    folder = evidence_folder(tmp_path / "evidence", monthly_records(["2026-09", "2026-10"]))
    certificate = run_check(folder, audit_date="2026-11-16").report["certificate"]
    assert (certificate["records_months"], certificate["qualifies_for"]) == (2, "temporary-letter")
    assert "only a temporary letter" in certificate["sentence"]


def test_twelve_months_earn_three_years_and_a_maintenance_audit_has_no_certificate_block(
    tmp_path: Path,
) -> None:
    months = [
        f"{year}-{month:02d}"
        for year, month in [(2025, m) for m in range(11, 13)] + [(2026, m) for m in range(1, 11)]
    ]
    folder = evidence_folder(tmp_path / "evidence", monthly_records(months))
    certification = run_check(folder, audit_date="2026-11-16").report["certificate"]
    assert (certification["records_months"], certification["qualifies_for"]) == (12, "3-year")
    assert certification["full_from"] is None
    maintenance = run_check(folder, audit_type="maintenance", audit_date=date(2026, 11, 16))
    assert maintenance.report["certificate"] is None


def test_gap_rules_judge_the_window_of_the_certificate_the_profile_aims_for(
    five_months: Path, tmp_path: Path
) -> None:
    def coverage_windows(profile_text: str) -> set[str]:
        profile = tmp_path / f"profile-{len(profile_text)}.yaml"
        profile.write_text(profile_text, encoding="utf-8")
        arguments = ["check", str(five_months), "--state", str(tmp_path / "state")]
        arguments += ["--profile", str(profile), "--audit-date", "2026-11-16", "--format", "json"]
        report = json.loads(CliRunner().invoke(cli, arguments).stdout)
        return {
            finding["message"].split("Missing inside the ")[1].split(" documentation window")[0]
            for finding in report["findings"]
            if "Missing inside the " in finding["message"]
        }

    # Five months of records leave a 12-month window (a 3-year certificate) short ...
    assert coverage_windows("company: Five Months Ltd.\nheadcount: 30\n") == {"12-month"}
    # ... and fill the 3 months a 1-year certificate is judged over.
    one_year = "company: Five Months Ltd.\nheadcount: 30\ncertificate_aim: 1-year\n"
    assert coverage_windows(one_year) == set()


@pytest.mark.parametrize("report_format", ["terminal", "md", "html"])
def test_every_report_says_what_the_records_earn(
    five_months: Path, tmp_path: Path, report_format: str
) -> None:
    arguments = ["check", str(five_months), "--state", str(tmp_path / "state")]
    arguments += ["--audit-date", "2026-11-16", "--format", report_format]
    output = CliRunner().invoke(cli, arguments).stdout
    assert "Certificate: 5 whole months of recurring records before the audit" in output
    assert "12 months from 2027-06 would earn 3 years" in output


def test_an_earlier_audit_date_leaves_out_the_records_written_after_it(tmp_path: Path) -> None:
    # Twelve months of records, assessed as of 2026-03-16: only October to February
    # existed then, so five months, and the later records are neither counted nor linked.
    months = [f"2025-{m:02d}" for m in range(10, 13)] + [f"2026-{m:02d}" for m in range(1, 10)]
    folder = evidence_folder(tmp_path / "evidence", monthly_records(months))
    result = run_check(folder, audit_date="2026-03-16")
    certificate = result.report["certificate"]
    assert (certificate["records_months"], certificate["qualifies_for"]) == (5, "1-year")
    assert "12 months from 2026-10 would earn 3 years" in certificate["sentence"]
    linked = {path for paths in result.links.values() for path in paths}
    assert "Meetings/Toolbox talk 2026-02-08.pdf" in linked
    assert not any("2026-04" in path or "2026-09" in path for path in linked)
    # Six toolbox talks and six inspections, 2026-04 to 2026-09.
    assert "12 documents dated after 2026-03-16 left out" in result.report["rules_applied"]
