"""A report written to a file is in the format its name promises, or not written at all."""

from __future__ import annotations

import json
from pathlib import Path
from zipfile import ZipFile

import pytest

from tests.documents import write_text

CHECK = ("--audit-date", "2026-11-16", "--quiet")


@pytest.fixture
def company(evidence: Path) -> Path:
    write_text(
        evidence / "Meetings" / "Toolbox talk 2026-03-11.txt", "Toolbox talk\nDate: 2026-03-11"
    )
    return evidence


def test_check_writes_the_format_the_output_suffix_names(
    company: Path, tmp_path: Path, run_cli
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("report.html", "report.md", "report.json", "report.xlsx", "report.csv"):
        result = run_cli("check", company, *CHECK, "-o", out / name)
        assert result.exit_code in (0, 1), result.output
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert (out / "report.md").read_text().startswith("# Audit readiness")
    assert json.loads((out / "report.json").read_text())["tool"].startswith("acsa-cor-")
    with ZipFile(out / "report.xlsx") as workbook:
        assert "xl/workbook.xml" in workbook.namelist()
    assert (out / "report.csv").read_text(encoding="utf-8-sig").startswith("finding_id,")


def test_an_explicit_format_wins_over_the_suffix(company: Path, tmp_path: Path, run_cli) -> None:
    result = run_cli("check", company, *CHECK, "--format", "md", "-o", tmp_path / "report.txt")
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "report.txt").read_text().startswith("# Audit readiness")


def test_a_suffix_no_format_writes_is_refused(company: Path, tmp_path: Path, run_cli) -> None:
    result = run_cli("check", company, *CHECK, "-o", tmp_path / "report.pdf")
    assert result.exit_code == 2
    assert "no report format writes .pdf files" in result.output
    assert not (tmp_path / "report.pdf").exists()


def test_other_commands_take_the_format_from_the_suffix_too(
    company: Path, tmp_path: Path, run_cli
) -> None:
    result = run_cli("prep", company, "-o", tmp_path / "prep.html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "prep.html").read_text().startswith("<!DOCTYPE html>")
    refused = run_cli("prep", company, "-o", tmp_path / "prep.json")
    assert refused.exit_code == 2
    assert "no report format writes .json files" in refused.output
