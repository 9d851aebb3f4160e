"""Scoring and verdicts: what a consultant reads as 'would we pass, and what first'."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from evidencekit.assess.readiness import assess
from evidencekit.errors import PluginError
from evidencekit.hookspecs import hookimpl
from evidencekit.models import AuditType, Finding, RequirementResult, Severity
from evidencekit.plugins import make_plugin_manager
from evidencekit.registry import Registration
from evidencekit.workspace import open_workspace
from tests.documents import write_text

TOOLS = Path(__file__).parents[1] / "audit_tools" / "tools"
CERTIFICATION = AuditType("certification", 80, 50, 3)
AUDIT_DATE = date(2026, 11, 16)


class MenuTool:
    @hookimpl
    def register_audit_tools(self, register):
        register(TOOLS / "menu-tool.yaml")


@pytest.fixture
def menu_map(evidence: Path, state: Path, scan):
    write_text(evidence / "lunch menu 2026-11-02.txt", "Lunch menu: soup. Date: 2026-11-02")
    scan()
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[MenuTool()])
    with open_workspace(evidence, state, plugin_manager) as workspace:
        return workspace.evidence_map("test-menu-tool")


def rules(*functions) -> dict[str, Registration]:
    return {f.__name__: Registration(f.__name__, f, "tests") for f in functions}


def finding(kind: str, severity: Severity, requirement: str = "menu-1.1") -> Finding:
    return Finding(f"{kind}-1", kind, severity, "1", requirement, "message", "action")


def test_evidence_without_findings_meets_the_requirement(menu_map) -> None:
    readiness = assess(menu_map, CERTIFICATION, AUDIT_DATE, {})
    (element,) = readiness.elements
    menu, interview = element.requirements
    assert (menu.result, menu.earned) == (RequirementResult.MET, 10)
    assert interview.result is RequirementResult.NOT_DOCUMENTARY
    assert (element.documentation_pct, element.worst_pct, element.best_pct) == pytest.approx(
        (100, 66.67, 100), abs=0.01
    )
    assert readiness.ready and readiness.blocking_elements == ()


def test_a_serious_finding_leaves_it_partly_met_below_the_pass_mark(menu_map) -> None:
    def stale(assessment):
        yield finding("stale", Severity.MAJOR)

    readiness = assess(menu_map, CERTIFICATION, AUDIT_DATE, rules(stale))
    menu = readiness.elements[0].requirements[0]
    assert (menu.result, menu.earned, menu.findings) == (
        RequirementResult.PARTLY_MET,
        5,
        ("stale-1",),
    )
    assert readiness.overall_documentation_pct == 50
    assert not readiness.ready
    # At the 50 % element minimum: it does not block, it is only below the 80 % pass mark.
    assert (readiness.blocking_elements, readiness.below_pass_mark_elements) == ((), ("1",))


@pytest.mark.parametrize(
    ("kind", "severity"),
    [("coverage-gap", Severity.MINOR), ("unreadable", Severity.WARNING)],
)
def test_a_requirement_with_any_finding_standing_is_not_shown_met(
    menu_map, kind: str, severity: Severity
) -> None:
    def light(assessment):
        yield finding(kind, severity)

    readiness = assess(menu_map, CERTIFICATION, AUDIT_DATE, rules(light))
    assert readiness.elements[0].requirements[0].result is RequirementResult.PARTLY_MET
    assert readiness.elements[0].documentation_pct < 100
    assert [f.kind for f in readiness.findings] == [kind]


def test_a_finding_that_blocks_certification_makes_it_not_ready_whatever_the_score(
    menu_map,
) -> None:
    def course_missing(assessment):
        yield replace(
            finding("training-requirement", Severity.MAJOR),
            requirement_id=None,
            blocks_certification=True,
        )

    readiness = assess(menu_map, CERTIFICATION, AUDIT_DATE, rules(course_missing))
    assert readiness.overall_documentation_pct == 100
    assert not readiness.ready
    assert [f.kind for f in readiness.certification_blocked_by] == ["training-requirement"]


def test_a_check_no_installed_gap_rule_provides_is_named(menu_map) -> None:
    entry = menu_map.requirements[0]
    asking = replace(entry.requirement, checks=("no-such-check",))
    broken = replace(menu_map, requirements=(replace(entry, requirement=asking),))
    with pytest.raises(PluginError, match=r"menu-1.1 asks for the check 'no-such-check'"):
        assess(broken, CERTIFICATION, AUDIT_DATE, {})


def test_maintenance_needs_only_sixty_percent(menu_map) -> None:
    def stale(assessment):
        yield finding("stale", Severity.MAJOR)

    maintenance = AuditType("maintenance", 60, None, 12)
    assert not assess(menu_map, maintenance, AUDIT_DATE, rules(stale)).ready
    assert assess(menu_map, maintenance, AUDIT_DATE, {}).ready


def test_findings_are_ranked_by_points_at_stake(menu_map) -> None:
    def several(assessment):
        yield finding("weak-evidence", Severity.MINOR, requirement="menu-1.2")
        yield finding("stale", Severity.MAJOR)

    readiness = assess(menu_map, CERTIFICATION, AUDIT_DATE, rules(several))
    assert [f.kind for f in readiness.findings] == ["stale", "weak-evidence"]


def test_a_broken_gap_rule_is_named_in_a_finding_and_the_others_run(menu_map) -> None:
    def broken(assessment):
        yield finding("stale", Severity.MAJOR)  # half-way: nothing of it is kept
        raise ValueError("no dates")

    def weak(assessment):
        yield finding("weak-evidence", Severity.MINOR, requirement="menu-1.2")

    readiness = assess(menu_map, CERTIFICATION, AUDIT_DATE, {**rules(broken), **rules(weak)})
    assert [(f.kind, f.severity) for f in readiness.findings] == [
        ("weak-evidence", Severity.MINOR),
        ("plugin-failed", Severity.WARNING),
    ]
    assert "gap rule broken (tests) failed: ValueError: no dates" in readiness.findings[1].message
