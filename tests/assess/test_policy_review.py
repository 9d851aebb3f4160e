"""A policy's yearly review counts when minutes record it, not only when the policy is
re-dated: the stale finding goes, and the evidence names the minutes that showed it."""

from pathlib import Path

import pytest

from evidencekit.analyse.content import recorded_policy_review
from evidencekit.testing import assert_evidence, evidence_folder, run_check

POLICY = (
    "Safety Program/H&S Policy.pdf: Health and safety policy | Our commitment to a safe "
    "workplace for everyone who works for us. | Signed by the President, 2024-06-02"
)


def committee_minutes(note: str) -> str:
    return (
        "JHSC/JHSC minutes 2026-03-12.pdf: Joint health and safety committee meeting minutes"
        f" | Meeting held 2026-03-12 | Attendees: D. Whitford, P. Sandhu | {note}"
    )


@pytest.fixture(scope="module")
def reviewed_in_minutes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    note = "The committee reviewed the health and safety policy; no changes were needed."
    return evidence_folder(
        tmp_path_factory.mktemp("reviewed") / "evidence", f"{POLICY}\n{committee_minutes(note)}"
    )


def test_minutes_recording_the_review_keep_an_older_signature_current(
    reviewed_in_minutes: Path,
) -> None:
    result = run_check(reviewed_in_minutes, tool="acsa-cor-2023", audit_date="2026-11-16")
    assert_evidence(result, finding_kinds=["stale"], findings=[])
    # The minutes are named as what showed the review, with their words.
    (policy,) = [
        requirement
        for element in result.report["elements"]
        for requirement in element["requirements"]
        if requirement["id"] == "cor2023-1.1"
    ]
    assert policy["result"] == "met"
    (review,) = [
        item for item in policy["evidence"] if item["path"] == "JHSC/JHSC minutes 2026-03-12.pdf"
    ]
    assert "records the policy's review" in review["reason"]
    assert "reviewed the health and safety policy" in review["reason"]


def test_minutes_without_a_review_leave_the_policy_stale(tmp_path: Path) -> None:
    note = "Reviewed last month's inspections; two ladders tagged out."
    folder = evidence_folder(tmp_path / "evidence", f"{POLICY}\n{committee_minutes(note)}")
    result = run_check(folder, tool="acsa-cor-2023", audit_date="2026-11-16")
    assert_evidence(result, findings=[("stale", "cor2023-1.1")])
    (stale,) = [finding for finding in result.findings if finding["kind"] == "stale"]
    assert "or record its review in meeting minutes" in stale["action"]


def test_a_review_recorded_after_the_audit_date_does_not_count(
    reviewed_in_minutes: Path,
) -> None:
    # On 2026-03-01 the minutes of 12 March do not exist yet, and the 2024 signature is old.
    result = run_check(reviewed_in_minutes, tool="acsa-cor-2023", audit_date="2026-03-01")
    assert_evidence(result, findings=[("stale", "cor2023-1.1")])


@pytest.mark.parametrize(
    "sentence",
    [
        "The policy is reviewed and re-signed by the President every October.",
        "Policy review due in January.",
        "The harassment policy was reviewed.",
        "The safety policy was not reviewed this year.",
    ],
)
def test_a_promise_or_another_policy_is_not_a_recorded_review(sentence: str) -> None:
    assert recorded_policy_review(sentence) == ""


@pytest.mark.parametrize(
    "sentence",
    [
        "H&S policy reviewed and re-signed by Dale Whitford.",
        "Policy review completed, signed copy posted.",
        "Went over the OHS policy with all members, no changes.",
    ],
)
def test_minutes_may_record_the_review_in_several_ways(sentence: str) -> None:
    assert recorded_policy_review(sentence)
