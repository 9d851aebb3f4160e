"""The assessment stage: gap rules turn the evidence map into findings, and scoring turns
findings and evidence into readiness per requirement, per element and overall.

Scoring is an estimate of the documentation result, as a consultant would make it before
the audit: a documentation requirement with usable evidence and no serious finding is
met, one with evidence but a serious finding is partly met, one without usable evidence
is not met. A requirement verified both by documents and by interviews or observation
counts half its points as documentary. The verdict compares the documentation score with
the audit type's pass marks; interview and observation points are shown as a best case
(all earned) and a worst case (none earned).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pluggy

from evidencekit.assess.certificate import aimed_window, certificate_length
from evidencekit.assess.coverage import record_coverage
from evidencekit.audit_tools.in_force import (
    evidence_map_as_of,
    rules_applied_note,
    written_after,
)
from evidencekit.errors import EvidenceKitError, PluginError
from evidencekit.figures import COMPARISON_DIGITS
from evidencekit.hookspecs import GapRule
from evidencekit.models import (
    AssessmentInput,
    AuditType,
    DocumentStatus,
    Element,
    ElementScore,
    EvidenceMap,
    Finding,
    Readiness,
    RequirementEvidence,
    RequirementResult,
    RequirementScore,
    Severity,
    Verification,
)
from evidencekit.profile.model import CompanyProfile
from evidencekit.registry import Registration, collect_registrations
from evidencekit.vocabulary import RECORDED_REVIEW

PARTLY_MET_SHARE = 0.5
DOCUMENTARY_SHARE_OF_MIXED = 0.5
SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(Severity)}


def installed_gap_rules(plugin_manager: pluggy.PluginManager) -> dict[str, Registration[GapRule]]:
    """Every gap rule plugins register, by kind, with the plugin behind it."""
    return collect_registrations(
        plugin_manager, "register_gap_rules", lambda kind, rule: (kind, rule)
    )


def assess(
    evidence_map: EvidenceMap,
    audit_type: AuditType,
    audit_date: date,
    gap_rules: dict[str, Registration[GapRule]],
    profile: CompanyProfile | None = None,
) -> Readiness:
    """Run every gap rule, score the requirements and elements, decide the verdict; the
    rules see the company ``profile`` (empty without one). Only the tool's rules in force
    on ``audit_date`` apply; a certification audit's documentation window is that of the
    certificate the profile aims for."""
    rules_applied = rules_applied_note(evidence_map.tool, audit_date)
    later = written_after(evidence_map, audit_date)
    if later:
        rules_applied += (
            f" {len(later)} document{'s' if len(later) > 1 else ''} dated after {audit_date}"
            " left out: on that day they did not exist yet."
        )
    evidence_map = evidence_map_as_of(evidence_map, audit_date)
    audit_type = aimed_window(audit_type, profile.certificate_aim if profile else None)
    _require_checked_kinds(evidence_map, gap_rules)
    failures = list(evidence_map.plugin_failures)
    findings = _run_gap_rules(
        AssessmentInput(evidence_map, audit_type, audit_date, profile or CompanyProfile()),
        gap_rules,
        failures,
    )
    findings += [_plugin_failed(number, failure) for number, failure in enumerate(failures, 1)]
    statuses = {document.path: document.status for document in evidence_map.documents}
    by_requirement: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.requirement_id:
            by_requirement.setdefault(finding.requirement_id, []).append(finding)
    scores = {
        item.requirement.id: _score(item, by_requirement.get(item.requirement.id, []), statuses)
        for item in evidence_map.requirements
    }
    elements = tuple(
        _element_score(element, [scores[req.id] for req in element.requirements])
        for element in evidence_map.tool.elements
    )
    every_score = [score for element in elements for score in element.requirements]
    overall = _percentages(every_score)
    blocking, below_pass_mark = _elements_short_of_marks(elements, audit_type)
    return Readiness(
        tool=evidence_map.tool,
        audit_type=audit_type,
        audit_date=audit_date,
        elements=elements,
        overall_worst_pct=overall[0],
        overall_best_pct=overall[1],
        overall_documentation_pct=overall[2],
        # Unrounded (but for float noise, as reports print it): 79.96 % must not pass 80 %.
        ready=not blocking
        and _meets(_documentation_share(every_score), audit_type.overall_pass_pct)
        # READY beside "cannot be certified until …" would contradict itself.
        and not any(finding.blocks_certification for finding in findings),
        blocking_elements=blocking,
        below_pass_mark_elements=below_pass_mark,
        company=profile.company if profile else None,
        findings=tuple(_ranked(findings, scores)),
        evidence_map=evidence_map,
        rules_applied=rules_applied,
        certificate=certificate_length(evidence_map, audit_type, audit_date),
        coverage=record_coverage(evidence_map, audit_date),
    )


def points_at_stake(finding: Finding, scores: dict[str, RequirementScore]) -> float:
    """The documentation points a finding costs (or threatens) as scored."""
    score = scores.get(finding.requirement_id or "")
    return score.documentation_points - score.earned if score else 0.0


def _require_checked_kinds(
    evidence_map: EvidenceMap, gap_rules: dict[str, Registration[GapRule]]
) -> None:
    """A requirement's ``checks`` name gap rules; one that is not installed would be
    silently skipped, so say so instead."""
    for entry in evidence_map.requirements:
        for kind in entry.requirement.checks:
            if kind not in gap_rules:
                raise PluginError(
                    f"{entry.requirement.id} asks for the check {kind!r}, which no installed "
                    f"gap rule provides (installed: {', '.join(sorted(gap_rules)) or 'none'})"
                )


def _run_gap_rules(
    assessment: AssessmentInput, gap_rules: dict[str, Registration[GapRule]], failures: list[str]
) -> list[Finding]:
    """Every rule's findings; a rule that raises is named in ``failures`` and the others run."""
    findings: list[Finding] = []
    for registration in gap_rules.values():
        try:
            # Listed at once: a rule that fails half-way contributes nothing rather than half.
            findings.extend(list(registration.value(assessment)))
        except EvidenceKitError:
            raise
        except Exception as error:  # Name the broken rule; the check goes on without it.
            failures.append(
                f"gap rule {registration.name} ({registration.plugin}) failed: "
                f"{type(error).__name__}: {error}"
            )
    return findings


#: The kind of finding that reports a plugin which raised during the assessment.
PLUGIN_FAILED = "plugin-failed"


def _plugin_failed(number: int, failure: str) -> Finding:
    return Finding(
        id=f"{PLUGIN_FAILED}-{number}",
        kind=PLUGIN_FAILED,
        severity=Severity.WARNING,
        element_id="all",
        requirement_id=None,
        message=f"A plugin failed, so its part of this assessment is missing: {failure}.",
        action="Upgrade or uninstall the plugin (see `evidencekit plugins`), then check again.",
    )


def _score(
    item: RequirementEvidence, findings: list[Finding], statuses: dict[str, DocumentStatus]
) -> RequirementScore:
    requirement = item.requirement
    finding_ids = tuple(finding.id for finding in findings)
    if not requirement.needs_documents:
        return RequirementScore(
            requirement,
            RequirementResult.NOT_DOCUMENTARY,
            0.0,
            0.0,
            requirement.points,
            finding_ids,
        )
    only_documents = set(requirement.verification) == {Verification.DOCUMENTATION}
    documentary = requirement.points * (1.0 if only_documents else DOCUMENTARY_SHARE_OF_MIXED)
    # Minutes recording a policy's review show the review, not the policy.
    usable = [
        link
        for link in item.links
        if statuses.get(link.path) is DocumentStatus.OK and link.source != RECORDED_REVIEW
    ]
    if not usable:
        result, earned = RequirementResult.NOT_MET, 0.0
    elif findings:
        # A requirement with a finding standing is not met, whatever the finding's weight:
        # an element cannot show 100% beside its own findings.
        result, earned = RequirementResult.PARTLY_MET, documentary * PARTLY_MET_SHARE
    else:
        result, earned = RequirementResult.MET, documentary
    return RequirementScore(
        requirement, result, earned, documentary, requirement.points - documentary, finding_ids
    )


def _element_score(element: Element, scores: list[RequirementScore]) -> ElementScore:
    worst, best, documentation = _percentages(scores)
    return ElementScore(element, tuple(scores), worst, best, documentation)


def _percentages(scores: Sequence[RequirementScore]) -> tuple[float, float, float]:
    """(worst case, best case, documentation only) percentages of the points, unrounded:
    reports round them down as they print them, so a figure agrees with its verdict."""
    earned = sum(score.earned for score in scores)
    documentary = sum(score.documentation_points for score in scores)
    other = sum(score.other_points for score in scores)
    total = documentary + other
    worst = 100.0 * earned / total if total else 100.0
    best = 100.0 * (earned + other) / total if total else 100.0
    documentation = 100.0 * earned / documentary if documentary else 100.0
    return worst, best, documentation


def _documentation_share(scores: Sequence[RequirementScore]) -> float:
    """The unrounded documentation percentage, for comparing with pass marks."""
    documentary = sum(score.documentation_points for score in scores)
    earned = sum(score.earned for score in scores)
    return 100.0 * earned / documentary if documentary else 100.0


def _meets(share: float, mark: float) -> bool:
    return round(share, COMPARISON_DIGITS) >= mark


def _elements_short_of_marks(
    elements: Sequence[ElementScore], audit_type: AuditType
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(blocking, below the pass mark), each lowest first. Blocking: under the element
    minimum, so no overall score can pass. Below the pass mark: at or over the minimum but
    under the overall mark, named when the overall mark is missed, since raising them is
    what passes."""
    shares = {
        element.element.id: _documentation_share(element.requirements)
        for element in elements
        if _has_documentation(element)
    }
    lowest_first = sorted(shares, key=shares.__getitem__)
    minimum = audit_type.element_min_pct
    blocking = tuple(
        i for i in lowest_first if minimum is not None and not _meets(shares[i], minimum)
    )
    overall = _documentation_share(
        [score for element in elements for score in element.requirements]
    )
    if _meets(overall, audit_type.overall_pass_pct):
        return blocking, ()
    below = tuple(
        i
        for i in lowest_first
        if i not in blocking and not _meets(shares[i], audit_type.overall_pass_pct)
    )
    return blocking, below


def _has_documentation(element: ElementScore) -> bool:
    return any(score.documentation_points for score in element.requirements)


def _ranked(findings: list[Finding], scores: dict[str, RequirementScore]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda finding: (
            -points_at_stake(finding, scores),
            SEVERITY_ORDER[finding.severity],
            finding.element_id,
            finding.id,
        ),
    )
