"""A standing document's yearly review shown by other records: minutes or a management
review that record reviewing the health and safety policy. The ``recorded-review`` mapper
links them to the requirements that keep the policy current, each link quoting the words;
the stale rule counts such a record in the review window as the review. Those links never
stand for the policy itself: every other rule and the score leave them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from evidencekit.hookspecs import EvidenceContext
from evidencekit.models import (
    DocumentFacts,
    EvidenceLink,
    LinkStrength,
    Requirement,
    RequirementEvidence,
)
from evidencekit.periods import parse_date
from evidencekit.vocabulary import RECORDED_REVIEW

#: The standing documents whose review minutes may record.
REVIEWED_DOC_TYPES = ("policy",)


def reviewable(requirement: Requirement) -> bool:
    """Does ``requirement`` keep a policy current (``max_age_months``), so that minutes
    recording the policy's review show it?"""
    wanted = set(requirement.evidence.doc_types)
    return requirement.max_age_months is not None and bool(wanted & set(REVIEWED_DOC_TYPES))


def map_recorded_reviews(
    requirement: Requirement, context: EvidenceContext
) -> Iterator[EvidenceLink]:
    """Link the records that say the policy was reviewed to a requirement that keeps a
    policy current."""
    if not reviewable(requirement):
        return
    for document in context.documents:
        if document.content.policy_review:
            yield EvidenceLink(
                requirement_id=requirement.id,
                path=document.path,
                rule=f'records the policy\'s review: "{document.content.policy_review}"',
                strength=LinkStrength.WEAK,
                source=RECORDED_REVIEW,
                snippet=document.content.policy_review,
            )


def without_recorded_reviews(entry: RequirementEvidence) -> RequirementEvidence:
    """``entry`` with only the links that may prove the requirement itself."""
    if not any(link.source == RECORDED_REVIEW for link in entry.links):
        return entry
    return replace(
        entry, links=tuple(link for link in entry.links if link.source != RECORDED_REVIEW)
    )


def latest_recorded_review(
    entry: RequirementEvidence, facts: dict[str, DocumentFacts], since: date, until: date
) -> tuple[date, DocumentFacts] | None:
    """The newest record linked to ``entry`` as recording the review, dated from ``since``
    to ``until`` (the audit date: a record written after it does not count)."""
    dated = sorted(
        (day, facts[link.path])
        for link in entry.links
        if link.source == RECORDED_REVIEW and link.path in facts
        if (day := parse_date(facts[link.path].date)) is not None and since <= day <= until
    )
    return dated[-1] if dated else None
