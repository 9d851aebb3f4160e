"""An audit type a tool file declares is honoured: the tool loads, its certificate cycle
may name it, the audit due can be it, and a company's history may record it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evidencekit.audit_tools.loading import load_audit_tool, validate_audit_tool_file
from evidencekit.models import AuditTool
from evidencekit.profile.model import ProfileError, profile_from_data
from evidencekit.program.cycle import due_audit, validity_years_by_program
from tests.audit_tools.tool_copies import cor_copy

#: An audit type no core module names.
FOLLOW_UP = "follow-up"
TODAY = date(2026, 11, 16)


def _with_follow_up(data: dict) -> None:
    data["audit_types"][FOLLOW_UP] = {"overall_pass_pct": 70}
    data["certificate_cycle"]["after_certifying"] = [FOLLOW_UP, "maintenance"]


@pytest.fixture
def tool(tmp_path: Path) -> AuditTool:
    return load_audit_tool(cor_copy(tmp_path, "cor-with-follow-up", edit=_with_follow_up))


def _history(*audits: tuple[str, str]) -> dict:
    return {
        "certificates": [
            {"program": "COR", "audit_type": kind, "date": day} for kind, day in audits
        ]
    }


def test_a_tool_declares_an_audit_type_with_its_own_pass_marks(tool: AuditTool) -> None:
    follow_up = tool.audit_type(FOLLOW_UP)
    assert follow_up is not None and follow_up.overall_pass_pct == 70
    assert tool.cycle is not None and tool.cycle.after_certifying[0] == FOLLOW_UP


def test_the_audit_due_after_a_certification_is_the_declared_one(tool: AuditTool) -> None:
    profile = profile_from_data(_history(("certification", "2026-03-02")), today=TODAY)
    due = due_audit(tool, profile, date(2027, 2, 1))
    assert (due.audit_type.name, due.audit_type.overall_pass_pct) == (FOLLOW_UP, 70)


def test_a_history_may_record_an_audit_type_its_programs_tools_declare(tool: AuditTool) -> None:
    history = _history(("certification", "2024-03-02"), (FOLLOW_UP, "2025-03-03"))
    limits = validity_years_by_program([tool])
    profile = profile_from_data(history, today=TODAY, validity_years=limits)
    assert [record.audit_type for record in profile.certificates] == ["certification", FOLLOW_UP]
    # The follow-up counts as the first year's audit: the second year's is due next.
    assert due_audit(tool, profile, TODAY).audit_type.name == "maintenance"


def test_a_history_naming_an_audit_type_no_tool_declares_is_refused(tool: AuditTool) -> None:
    history = _history(("certification", "2024-03-02"), ("surveillance", "2025-03-03"))
    with pytest.raises(ProfileError) as raised:
        profile_from_data(history, today=TODAY, validity_years=validity_years_by_program([tool]))
    assert str(raised.value) == (
        "certificates[1].audit_type: must be one of certification, recertification, "
        "maintenance, action-plan, follow-up (not 'surveillance')"
    )


def test_a_misspelt_audit_type_the_core_knows_is_still_caught(tmp_path: Path) -> None:
    def misspelt(data: dict) -> None:
        data["audit_types"]["recertifcation"] = data["audit_types"].pop("recertification")

    problems = [str(p) for p in validate_audit_tool_file(cor_copy(tmp_path, edit=misspelt))]
    assert any(
        "unknown audit type 'recertifcation' (did you mean 'recertification'?)" in problem
        for problem in problems
    ), problems
