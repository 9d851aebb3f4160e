"""Every figure that is an estimate says so next to it, in the words of the tool's file."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.models import Readiness
from evidencekit.report.files import readiness_report
from tests.report.test_html import readiness  # noqa: F401  (the fixture)

FORMATS = ("terminal", "md", "html", "json")


@pytest.mark.parametrize("report_format", FORMATS)
def test_the_score_says_it_is_an_estimate_in_the_tools_words(
    readiness: Readiness,  # noqa: F811
    evidence: Path,
    report_format: str,
) -> None:
    text = readiness_report(readiness, report_format, evidence)
    said = (
        "These scores are estimates: the requirements are our own summaries and their points "
        "are illustrative"
    )
    if report_format == "json":
        assert json.loads(text)["overall"]["estimate"].startswith(said)
    else:
        head = text[: text.index("Scorecard") if "Scorecard" in text else len(text)]
        assert said in " ".join(head.split()), "said next to the score, before the scorecard"


def test_the_caveat_comes_from_the_tool_file(readiness: Readiness, evidence: Path) -> None:  # noqa: F811
    tool = replace(readiness.tool, points_estimate="points invented for a test")
    text = readiness_report(replace(readiness, tool=tool), "terminal", evidence)
    assert "These scores are estimates: points invented for a test." in text


def test_prep_says_sample_sizes_are_the_partners_example(run_cli) -> None:
    root = Path(__file__).parents[2]
    folder = root / "sample_evidence" / "northridge-construction"
    profile = root / "docs" / "examples" / "profiles" / "northridge-construction.yaml"
    for report_format in ("terminal", "md", "html"):
        result = run_cli("prep", folder, "--profile", profile, "--format", report_format)
        assert result.exit_code == 0, result.output
        # Markdown escapes brackets; the words are what a reader sees.
        text = " ".join(html.unescape(result.stdout).replace("\\", "").split())
        assert "at least 4 interviews of the company's people, 10 planned" in text, report_format
        assert "an estimate from Energy Safety Canada's published examples, not ACSA's own" in (
            text
        ), report_format
