"""Every readiness format tells the same story: what blocks a pass and what is only below the
pass mark, and figures that never read as meeting a mark the verdict says is missed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.models import Readiness
from evidencekit.report.files import readiness_report
from tests.report.test_html import readiness  # noqa: F401  (the fixture)

FORMATS = ("terminal", "md", "html", "json")


@pytest.fixture
def just_short(readiness: Readiness) -> Readiness:  # noqa: F811
    """79.96 % overall with one element at 62.5 %: over the 50 % minimum, under the 80 % mark."""
    low, *others = readiness.elements
    return replace(
        readiness,
        elements=(replace(low, documentation_pct=62.5), *others),
        overall_documentation_pct=79.96,
        ready=False,
        blocking_elements=(),
        below_pass_mark_elements=(low.element.id,),
    )


@pytest.mark.parametrize("report_format", FORMATS)
def test_a_score_just_under_the_mark_never_prints_as_the_mark(
    just_short: Readiness, evidence: Path, report_format: str
) -> None:
    text = readiness_report(just_short, report_format, evidence)
    if report_format == "json":
        overall = json.loads(text)["overall"]
        assert (overall["score_pct"], overall["verdict"]) == (79.9, "not-ready")
    else:
        assert "79.9%" in text
        assert "80%" not in text.replace("pass mark 80%", "").replace("80% pass mark", "")


@pytest.mark.parametrize("report_format", FORMATS)
def test_an_element_over_the_minimum_is_below_the_pass_mark_not_blocking(
    just_short: Readiness, evidence: Path, report_format: str
) -> None:
    text = readiness_report(just_short, report_format, evidence)
    element_id = just_short.elements[0].element.id
    if report_format == "json":
        report = json.loads(text)
        assert report["overall"]["blocking_elements"] == []
        assert report["overall"]["below_pass_mark_elements"] == [element_id]
        assert report["elements"][0]["status"] == "low"
    elif report_format == "html":
        assert '<tr class="element-blocking">' not in text
        assert f"below the pass mark: element {element_id}" in text
    else:
        assert "Blocking" not in text
        assert (
            "Below the 80% pass mark, lowest first (raising them is what passes): "
            f"element {element_id}" in text
        )


def test_an_element_under_the_minimum_blocks_in_every_format(
    just_short: Readiness, evidence: Path
) -> None:
    low, *others = just_short.elements
    blocked = replace(
        just_short,
        elements=(replace(low, documentation_pct=40.0), *others),
        blocking_elements=(low.element.id,),
        below_pass_mark_elements=(),
    )
    terminal = readiness_report(blocked, "terminal", evidence)
    assert (
        f"Blocking a pass (under the 50% element minimum), lowest first: element {low.element.id}"
        in terminal
    )
    assert '<tr class="element-blocking">' in readiness_report(blocked, "html", evidence)
    report = json.loads(readiness_report(blocked, "json", evidence))
    assert report["overall"]["blocking_elements"] == [low.element.id]
    assert report["elements"][0]["status"] == "blocking"
