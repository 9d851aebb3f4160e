"""Comparing two audit tool versions: what an author sees changed, and the thresholds."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from evidencekit.audit_tools.diff import (
    MINOR_REWORDING_MIN,
    RENUMBERED_MIN_TEXT,
    SAME_ID_MIN_TEXT,
    CarryStatus,
    RequirementChange,
    carry_over_decisions,
    decisions_for_new_version,
    diff_audit_tools,
    evidence_similarity,
    text_similarity,
)
from evidencekit.audit_tools.loading import load_audit_tool
from evidencekit.errors import UsageError
from evidencekit.figures import percent
from evidencekit.folder import compare_tool_versions, decide_link
from evidencekit.hookspecs import hookimpl
from evidencekit.models import EvidenceRule, Verification
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace
from tests.audit_tools.tool_copies import (
    COR,
    NEXT_ID,
    POINTS,
    REMOVED,
    RENUMBERED,
    REWORDED,
    cor_copy,
    next_version,
    requirement_of,
)

OLD = load_audit_tool(COR)


def diff_with(path: Path):
    return diff_audit_tools(OLD, load_audit_tool(path))


def change_of(diff, requirement_id: str) -> RequirementChange:
    return next(change for change in diff.requirements if change.id == requirement_id)


def test_a_copy_with_another_id_changes_nothing(tmp_path: Path) -> None:
    diff = diff_with(cor_copy(tmp_path))
    assert diff.changes() == []
    assert (diff.elements, diff.pass_marks) == ((), ())
    assert len(diff.requirements) == len(OLD.requirements())


def test_the_next_version_shows_each_change_and_nothing_else(tmp_path: Path) -> None:
    diff = diff_with(next_version(tmp_path))
    changed = {change.id: change for change in diff.changes()}
    assert set(changed) == {RENUMBERED[1], REWORDED[0], REMOVED, *POINTS}
    renumbered = changed[RENUMBERED[1]]
    assert renumbered.renumbered and renumbered.old.id == RENUMBERED[0]
    assert (renumbered.text_similarity, renumbered.evidence_similarity) == (1.0, 1.0)
    assert not renumbered.reworded and renumbered.look_reasons() == ()
    reworded = changed[REWORDED[0]]
    assert reworded.reworded and not reworded.renumbered
    assert SAME_ID_MIN_TEXT <= reworded.text_similarity < MINOR_REWORDING_MIN
    assert reworded.look_reasons() == (f"reworded (similarity {reworded.text_similarity:.2f})",)
    assert changed[REMOVED].removed and changed[REMOVED].look_reasons()
    for requirement_id, points in POINTS.items():
        change = changed[requirement_id]
        assert change.points_changed and change.new.points == points
        assert change.look_reasons() == ()  # points change the score, not the links


def test_renumbering_everything_is_still_matched_by_text_and_evidence(tmp_path: Path) -> None:
    renumber = {req.id: req.id.replace("cor2019", "cor2026") for req in OLD.requirements()}
    diff = diff_with(cor_copy(tmp_path, renumber=renumber))
    assert all(change.renumbered for change in diff.requirements)
    assert {change.old.id: change.new.id for change in diff.requirements} == renumber


def test_a_renumbered_requirement_rewritten_beyond_recognition_is_removed_and_added(
    tmp_path: Path,
) -> None:
    rewritten = "A sealed binder of signatures is kept in the site trailer."
    path = cor_copy(
        tmp_path, renumber={"cor2019-1.1": "cor2019-1.9"}, reword={"cor2019-1.9": rewritten}
    )
    diff = diff_with(path)
    assert text_similarity(OLD.requirements()[0].summary, rewritten) < RENUMBERED_MIN_TEXT
    assert change_of(diff, "cor2019-1.9").added
    assert change_of(diff, "cor2019-1.1").removed


def test_a_renumbered_requirement_with_other_evidence_rules_is_not_paired(
    tmp_path: Path,
) -> None:
    def other_evidence(data: dict) -> None:
        requirement_of(data, "cor2019-1.9")["evidence"] = {"doc_types": ["certificate"]}

    diff = diff_with(cor_copy(tmp_path, renumber=dict([RENUMBERED]), edit=other_evidence))
    assert change_of(diff, "cor2019-1.9").added
    assert change_of(diff, "cor2019-1.1").removed


def test_an_id_reused_for_another_requirement_is_not_a_rewording(tmp_path: Path) -> None:
    other = "Ladders are inspected before each use and damaged ones are tagged out."
    diff = diff_with(cor_copy(tmp_path, reword={"cor2019-10.5": other}))
    old_text = next(req.summary for req in OLD.requirements() if req.id == "cor2019-10.5")
    assert text_similarity(old_text, other) < SAME_ID_MIN_TEXT
    kinds = [(c.added, c.removed) for c in diff.requirements if c.id == "cor2019-10.5"]
    assert sorted(kinds) == [(False, True), (True, False)]


@pytest.mark.parametrize(
    ("new_text", "needs_a_look"),
    [
        # A typo fixed and a comma: an edit of words; corrections carry over.
        (
            "A written, fairly applied process deals with breaches of safety rules, from a "
            "reminder to discipline, and the records show it used.",
            False,
        ),
        # What must be shown changed: someone should look at the links again.
        (
            "A written process for breaches of safety rules exists and supervisors are "
            "trained to apply it the same way to everyone.",
            True,
        ),
    ],
)
def test_a_rewording_needs_a_look_only_below_the_minor_rewording_mark(
    tmp_path: Path, new_text: str, needs_a_look: bool
) -> None:
    change = change_of(
        diff_with(cor_copy(tmp_path, reword={"cor2019-1.6": new_text})), "cor2019-1.6"
    )
    assert change.reworded
    assert (change.text_similarity < MINOR_REWORDING_MIN) is needs_a_look
    assert bool(change.look_reasons()) is needs_a_look


def test_case_punctuation_and_line_breaks_are_not_a_rewording() -> None:
    assert text_similarity("Workers  are trained,\nyearly.", "workers are trained yearly") == 1.0
    assert text_similarity("a b c d", "a b x d") == 0.75


def test_evidence_similarity_is_the_share_of_rule_entries_in_common() -> None:
    old = EvidenceRule(doc_types=("policy",), queries=('"safety policy"',))
    assert evidence_similarity(old, old) == 1.0
    assert evidence_similarity(old, EvidenceRule(doc_types=("policy",))) == 0.5
    assert evidence_similarity(EvidenceRule(), EvidenceRule()) == 1.0


def test_verification_evidence_elements_and_pass_marks_changes_are_listed(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        requirement_of(data, "cor2019-1.3")["verification"] = ["documentation", "interview"]
        requirement_of(data, "cor2019-1.5")["evidence"]["queries"].append('"site visit"')
        requirement_of(data, "cor2019-8.2")["recurrence"] = "half-yearly"
        data["elements"][2]["name"] = "Joint health and safety committee"
        data["elements"].append(
            {
                "id": "11",
                "name": "Fleet safety",
                "requirements": [
                    {
                        "id": "cor2026-11.1",
                        "summary": "Drivers hold the licence class of the vehicles they drive.",
                        "points": 10,
                        "verification": ["documentation"],
                        "evidence": {"doc_types": ["certificate"]},
                    }
                ],
            }
        )
        data["audit_types"]["certification"]["overall_pass_pct"] = 85
        del data["audit_types"]["action-plan"]

    diff = diff_with(cor_copy(tmp_path, edit=edit))
    verification = change_of(diff, "cor2019-1.3")
    assert verification.verification_changed and verification.look_reasons() == ()
    assert verification.new.verification == (Verification.DOCUMENTATION, Verification.INTERVIEW)
    evidence = change_of(diff, "cor2019-1.5")
    assert evidence.evidence_added == ('query "site visit"',) and evidence.evidence_removed == ()
    assert evidence.look_reasons() == ("its evidence rules changed",)
    assert change_of(diff, "cor2019-8.2").other_changes == ("recurrence yearly → half-yearly",)
    assert change_of(diff, "cor2026-11.1").added
    assert [(e.id, e.old_name, e.new_name) for e in diff.elements] == [
        ("3", OLD.elements[2].name, "Joint health and safety committee"),
        ("11", None, "Fleet safety"),
    ]
    assert {(m.audit_type, m.mark, m.old, m.new) for m in diff.pass_marks} == {
        ("certification", "overall_pass_pct", 80, 85),
        ("action-plan", "overall_pass_pct", 60, None),
    }


# --- the user's corrections ------------------------------------------------------------------

POLICY = "Safety Program/06 Hazard Control/Violence and Harassment Prevention Policy.docx"
REPORT = "Incidents/2026/ir_20260603.pdf"


def test_a_correction_follows_its_requirement_to_the_new_id(tmp_path: Path) -> None:
    diff = diff_with(next_version(tmp_path))
    corrections = {
        (RENUMBERED[0], POLICY): "reject",
        (REWORDED[0], REPORT): "add",
        (REMOVED, REPORT): "add",
        ("cor2019-7.2", REPORT): "add",
    }
    carries = {
        carry.old_requirement: carry for carry in carry_over_decisions(diff, corrections, {})
    }
    assert carries[RENUMBERED[0]].translated == ((RENUMBERED[1], POLICY), "reject")
    assert carries["cor2019-7.2"].translated == (("cor2019-7.2", REPORT), "add")
    for looked_at in (REWORDED[0], REMOVED):
        assert carries[looked_at].status is CarryStatus.NEEDS_A_LOOK
        assert carries[looked_at].translated is None
    assert decisions_for_new_version(carries.values(), {}) == {
        (RENUMBERED[1], POLICY): "reject",
        ("cor2019-7.2", REPORT): "add",
    }


def test_a_decision_already_made_for_the_new_version_wins(tmp_path: Path) -> None:
    diff = diff_with(next_version(tmp_path))
    stored = {(RENUMBERED[1], POLICY): "add"}
    (carry,) = carry_over_decisions(diff, {(RENUMBERED[0], POLICY): "reject"}, stored)
    assert carry.status is CarryStatus.NEEDS_A_LOOK and "'add'" in carry.reason
    assert decisions_for_new_version([carry], stored) == stored


def test_a_correction_for_a_requirement_the_old_tool_lacks_is_named(tmp_path: Path) -> None:
    diff = diff_with(next_version(tmp_path))
    (carry,) = carry_over_decisions(diff, {("cor2019-99.1", POLICY): "add"}, {})
    assert carry.status is CarryStatus.NEEDS_A_LOOK and "cor2019-99.1" in carry.reason


# --- one folder under both versions (the COR sample) ------------------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "sample_evidence" / "northridge-construction"
AUDIT_DATE = date(2026, 11, 16)


class NextVersion:
    """Installs a mapping file as a plugin would."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def register_audit_tools(self, register):
        register(self.path)


@pytest.fixture(scope="module")
def scanned_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    state = tmp_path_factory.mktemp("sample-state")
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(SAMPLE, state, plugin_manager) as workspace, workspace.writing():
        scan_folder(workspace, ScanOptions(jobs=2))
    return state


@pytest.fixture
def sample(scanned_sample: Path, tmp_path: Path):
    """A workspace on the COR sample, its state a fresh copy, with the next version installed."""
    state = tmp_path / "state"
    shutil.copytree(scanned_sample, state)
    tool_file = next_version(tmp_path)
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[NextVersion(tool_file)])
    with open_workspace(SAMPLE, state, plugin_manager) as workspace:
        yield workspace, diff_audit_tools(OLD, workspace.audit_tool(NEXT_ID))


def test_links_carry_over_unless_their_requirement_was_reworded_or_removed(sample) -> None:
    workspace, diff = sample
    comparison = compare_tool_versions(workspace, diff, "certification", AUDIT_DATE)
    look = {(c.old_requirement, c.path) for c in comparison.links if c.status == "needs-a-look"}
    old_map = workspace.evidence_map(OLD.id)
    linked = {(i.requirement.id, link.path) for i in old_map.requirements for link in i.links}
    assert look == {key for key in linked if key[0] in (REWORDED[0], REMOVED)}
    assert look and len(comparison.links) == len(linked)
    renumbered = [c for c in comparison.links if c.old_requirement == RENUMBERED[0]]
    assert renumbered and all(
        (c.new_requirement, c.status) == (RENUMBERED[1], CarryStatus.CARRIES_OVER)
        for c in renumbered
    )
    assert comparison.new_links == ()


def test_readiness_is_shown_under_both_versions(sample) -> None:
    workspace, diff = sample
    comparison = compare_tool_versions(workspace, diff, "certification", AUDIT_DATE)
    old, new = comparison.old_readiness, comparison.new_readiness
    assert (old.tool.id, new.tool.id) == (OLD.id, NEXT_ID)
    # A certification audit's records are judged over the 12 months of a 3-year certificate;
    # a requirement with a finding standing is only partly met.
    assert (percent(old.overall_documentation_pct), old.ready, len(old.findings)) == (
        "80.8%",
        True,
        18,
    )
    old_elements = {e.element.id: e.documentation_pct for e in old.elements}
    new_elements = {e.element.id: e.documentation_pct for e in new.elements}
    # The removed requirement was met: only its element loses; elsewhere every requirement
    # keeps its result (a percentage may move where the new version changed points).
    assert new_elements["10"] < old_elements["10"]

    def results(readiness) -> dict[str, str]:
        return {
            score.requirement.id: str(score.result)
            for element in readiness.elements
            if element.element.id != "10"
            for score in element.requirements
        }

    renamed = {RENUMBERED[0]: RENUMBERED[1]}
    assert {renamed.get(k, k): v for k, v in results(old).items()} == results(new)


def test_a_correction_follows_the_renumbered_requirement_into_a_check(sample) -> None:
    workspace, diff = sample
    decide_link(workspace, OLD.id, "reject", POLICY, RENUMBERED[0])
    decide_link(workspace, OLD.id, "add", REPORT, REWORDED[0])
    before = _folder_snapshot()

    preview = compare_tool_versions(workspace, diff, "certification", AUDIT_DATE)
    assert preview.stored is None
    assert workspace.catalog.link_decisions(NEXT_ID) == {}
    assert POLICY in _rejected(preview.new_readiness.evidence_map, RENUMBERED[1])

    stored = compare_tool_versions(workspace, diff, "certification", AUDIT_DATE, carry_over=True)
    assert stored.stored == 1
    assert workspace.catalog.link_decisions(NEXT_ID) == {(RENUMBERED[1], POLICY): "reject"}
    # The rejection holds in a plain evidence map of the new tool; the reworded one's
    # addition was not carried, it needs a look.
    new_map = workspace.evidence_map(NEXT_ID)
    assert POLICY in _rejected(new_map, RENUMBERED[1])
    assert REPORT not in {link.path for link in _evidence(new_map, REWORDED[0]).links}
    again = compare_tool_versions(workspace, diff, "certification", AUDIT_DATE, carry_over=True)
    assert again.stored == 0
    assert "already stored" in next(c.reason for c in again.decisions if c.decision == "reject")
    assert _folder_snapshot() == before


def test_carrying_over_to_a_version_with_the_same_id_is_refused(sample) -> None:
    workspace, _diff = sample
    with pytest.raises(UsageError, match="own id"):
        compare_tool_versions(
            workspace, diff_audit_tools(OLD, OLD), "certification", AUDIT_DATE, carry_over=True
        )


def test_an_audit_type_the_new_version_lacks_is_named(sample, tmp_path: Path) -> None:
    workspace, _diff = sample

    def drop_maintenance(data: dict) -> None:
        del data["audit_types"]["maintenance"]

    new = load_audit_tool(cor_copy(tmp_path, "acsa-cor-2027", edit=drop_maintenance))
    with pytest.raises(UsageError, match="acsa-cor-2027 has no audit type 'maintenance'"):
        compare_tool_versions(workspace, diff_audit_tools(OLD, new), "maintenance", AUDIT_DATE)


def _evidence(evidence_map, requirement_id: str):
    return next(i for i in evidence_map.requirements if i.requirement.id == requirement_id)


def _rejected(evidence_map, requirement_id: str) -> tuple[str, ...]:
    return _evidence(evidence_map, requirement_id).rejected


def _folder_snapshot() -> list[tuple[str, int, int]]:
    return sorted(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in SAMPLE.rglob("*")
    )
