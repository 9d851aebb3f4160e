"""The use cases as a front end calls them: plain arguments in, plain data out, nothing
printed, and a refusal before any work where the answers are missing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evidencekit.errors import UsageError
from evidencekit.folder import (
    ActionPlanRequest,
    PlanRequest,
    assess_folder,
    choose_folder_assessment,
    decide_link,
    folder_action_plan,
    folder_certificate_plan,
    folder_evidence_map,
    folder_interview_prep,
    folder_training,
    import_action_plan_file,
)
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions
from evidencekit.workspace import open_workspace
from tests.assess.test_readiness import MenuTool
from tests.documents import write_text

AUDIT_DATE = date(2026, 11, 16)


@pytest.fixture
def workspace(evidence: Path, state: Path):
    write_text(evidence / "lunch menu 2026-11-02.txt", "Lunch menu: soup. Date: 2026-11-02")
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[MenuTool()])
    with open_workspace(evidence, state, plugin_manager) as opened:
        yield opened


def test_without_a_profile_or_a_stated_headcount_the_choice_is_the_default_and_says_so(
    workspace, capsys
) -> None:
    chosen = choose_folder_assessment(workspace, AUDIT_DATE)
    assert (chosen.tool.id, chosen.audit_type, chosen.warning) == (
        workspace.audit_tool(None).id,
        "certification",
        None,
    )
    assert chosen.notices[0].startswith(f"Assessed against {chosen.tool.id}, the default;")
    assert chosen.notices[1].startswith("Certification audit, the default: a company profile")
    assert chosen.profile.is_empty
    assert capsys.readouterr() == ("", "")


def test_without_a_profile_the_headcount_the_evidence_states_picks_the_program(
    evidence: Path, state: Path
) -> None:
    write_text(
        evidence / "manual.txt",
        "Safety manual. We employ 7 people, counting everyone on our WCB account.",
    )
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as opened:
        chosen = choose_folder_assessment(opened, AUDIT_DATE, scan=ScanOptions(jobs=1))
        training = folder_training(opened, None, AUDIT_DATE, None)
    assert chosen.tool.program == "SECOR"
    assert (
        "7 people on the WCB account, as the evidence states it (manual.txt" in (chosen.notices[0])
    )
    assert "the profile gives no headcount" in chosen.notices[0]
    # Every command follows the same choice.
    assert training.tool.id == chosen.tool.id
    assert training.notices[0].startswith(f"Training requirements of {chosen.tool.id}:")


def test_the_stated_headcount_follows_an_edit_of_the_document_stating_it(
    evidence: Path, state: Path
) -> None:
    manual = evidence / "manual.txt"
    write_text(manual, "Safety manual. We employ 7 people, counting everyone on our WCB account.")
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    programs = []
    for employed in (7, 7, 40):
        write_text(
            manual,
            f"Safety manual. We employ {employed} people, counting everyone on our WCB account.",
        )
        with open_workspace(evidence, state, plugin_manager) as opened:
            chosen = choose_folder_assessment(opened, AUDIT_DATE, scan=ScanOptions(jobs=1))
        programs.append((chosen.tool.program, chosen.notices[0].split(" as the evidence")[0]))
    assert programs == [
        ("SECOR", programs[0][1]),
        ("SECOR", programs[0][1]),
        ("COR", programs[2][1]),
    ]
    assert "7 people" in programs[0][1] and "40 people" in programs[2][1]


def test_after_an_edit_only_the_edited_text_is_read_again_for_the_headcount(
    evidence: Path, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidencekit.profile import suggestions

    for number in range(5):
        write_text(evidence / f"record {number}.txt", f"Toolbox talk {number}: ladders.")
    manual = evidence / "manual.txt"
    read: list[str] = []
    reading = suggestions.headcount_statements

    def counted(text):
        read.append(text.path)
        return reading(text)

    monkeypatch.setattr(suggestions, "headcount_statements", counted)
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    told = []
    for employed in (7, 40):
        read.clear()
        write_text(manual, f"Manual. We employ {employed} people on our WCB account.")
        with open_workspace(evidence, state, plugin_manager) as opened:
            chosen = choose_folder_assessment(opened, AUDIT_DATE, scan=ScanOptions(jobs=1))
        told.append((sorted(read), chosen.tool.program))
    assert told[0] == (sorted(["manual.txt", *(f"record {n}.txt" for n in range(5))]), "SECOR")
    assert told[1] == (["manual.txt"], "COR")


def test_every_command_follows_the_profiles_program(evidence: Path, state: Path) -> None:
    profile = evidence.parent / "profile.yaml"
    profile.write_text("company: Small Co\nheadcount: 6\n")
    write_text(evidence / "policy.txt", "Health and safety policy. Signed 2026-01-05.")
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as opened:
        training = folder_training(opened, None, AUDIT_DATE, profile)
        plan = folder_action_plan(opened, ActionPlanRequest(None, AUDIT_DATE, 2026, profile))
        evidence_map, _ = folder_evidence_map(opened, None, profile)
        secor_requirement = evidence_map.requirements[0].requirement.id
        linked = decide_link(opened, None, "add", "policy.txt", secor_requirement, profile)
        prep = folder_interview_prep(opened, None, (), profile)
    tools = {
        training.tool.program,
        plan.tool.program,
        evidence_map.tool.program,
        prep.preparation.tool.program,
    }
    assert tools == {"SECOR"}
    assert linked.done.startswith(f"Linked policy.txt → {secor_requirement} (acsa-secor")


def test_the_assessment_scans_first_then_assesses_as_chosen(workspace) -> None:
    chosen = choose_folder_assessment(workspace, AUDIT_DATE, tool_id="test-menu-tool")
    readiness = assess_folder(workspace, chosen)
    assert workspace.scanned()
    assert (readiness.tool.id, readiness.audit_type.name, readiness.ready) == (
        "test-menu-tool",
        "certification",
        True,
    )


def test_interview_prep_without_a_headcount_names_the_default_tool(workspace) -> None:
    prep = folder_interview_prep(workspace, None, (), None)
    assert prep.notices == (
        f"Prepared for {prep.preparation.tool.id}, the default: neither the profile nor "
        "the evidence gives a headcount to choose the program by; another tool with --tool.",
    )


def test_a_plan_without_a_profile_names_the_answers_needed_before_any_scan(workspace) -> None:
    request = PlanRequest(None, None, AUDIT_DATE, None, jobs=1)
    with pytest.raises(UsageError, match="plan needs a company profile"):
        folder_certificate_plan(workspace, request)
    assert not workspace.scanned()


def test_an_action_plan_file_that_is_not_there_is_refused(workspace, tmp_path: Path) -> None:
    request = ActionPlanRequest(None, AUDIT_DATE, AUDIT_DATE.year, None)
    missing = tmp_path / "plan.xlsx"
    with pytest.raises(UsageError, match=f"{missing} is not a file"):
        import_action_plan_file(workspace, request, missing)
    assert not workspace.scanned()
