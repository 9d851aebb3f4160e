"""What changes between two versions of an audit tool, and what it means for one folder.

``diff_audit_tools`` matches the requirements of an old and a new tool version (by id,
then, for those left over, by the similarity of their text and evidence rules, which
finds a requirement renumbered) and lists what was added, removed, renumbered, reworded
or re-scored, with the elements and pass marks. ``carry_over_links`` and
``carry_over_decisions`` sort one folder's evidence links and the user's corrections
into those that carry over to the new version and those that need a look.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from evidencekit.models import (
    AuditTool,
    AuditType,
    EvidenceMap,
    EvidenceRule,
    Readiness,
    Requirement,
    Verification,
)

#: Two requirements under different ids are the same one renumbered when their summaries
#: are at least this similar (word-level ratio, 0 to 1) ...
RENUMBERED_MIN_TEXT = 0.6
#: ... and their evidence rules share at least this share of their entries (Jaccard).
RENUMBERED_MIN_EVIDENCE = 0.5
#: A requirement keeping its id is taken for a different one reusing the id (removed,
#: and another added) when its summary is less similar than this.
SAME_ID_MIN_TEXT = 0.35
#: A rewording at least this similar is an edit of words (a typo, a clearer phrase): the
#: folder's links and the user's corrections carry over. Below it they need a look.
MINOR_REWORDING_MIN = 0.9

VERIFICATION_LETTERS = {
    Verification.DOCUMENTATION: "D",
    Verification.INTERVIEW: "I",
    Verification.OBSERVATION: "O",
}


class CarryStatus(StrEnum):
    CARRIES_OVER = "carries-over"
    NEEDS_A_LOOK = "needs-a-look"


@dataclass(frozen=True)
class RequirementChange:
    """One requirement of either version: its counterpart in the other and what differs.

    ``old`` is ``None`` for an added requirement, ``new`` for a removed one. Similarities
    are from 0 to 1 and only set when both sides exist.
    """

    old: Requirement | None
    new: Requirement | None
    text_similarity: float | None = None
    evidence_similarity: float | None = None
    #: Evidence rule entries (``doc type policy``, ``query "..."``) only one side has.
    evidence_added: tuple[str, ...] = ()
    evidence_removed: tuple[str, ...] = ()
    #: Other differences in words: element, recurrence, review age, validity, checks.
    other_changes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The id the change is known by: the new one, or the old one if removed."""
        requirement = self.new or self.old
        assert requirement is not None, "a change has at least one side"
        return requirement.id

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def removed(self) -> bool:
        return self.new is None

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.id != self.new.id

    @property
    def reworded(self) -> bool:
        if self.old is None or self.new is None:
            return False
        return _words(self.old.summary) != _words(self.new.summary)

    @property
    def points_changed(self) -> bool:
        return bool(self.old and self.new and self.old.points != self.new.points)

    @property
    def verification_changed(self) -> bool:
        return bool(self.old and self.new and self.old.verification != self.new.verification)

    @property
    def evidence_changed(self) -> bool:
        return bool(self.evidence_added or self.evidence_removed)

    @property
    def changed(self) -> bool:
        return (
            self.added
            or self.removed
            or self.renumbered
            or self.reworded
            or self.points_changed
            or self.verification_changed
            or self.evidence_changed
            or bool(self.other_changes)
        )

    def identity(self) -> str:
        """How the requirement continues in the new version, in words."""
        if self.old is None or self.new is None:
            return "added" if self.old is None else "removed"
        return (
            f"renumbered {self.old.id} → {self.new.id}" if self.renumbered else "same requirement"
        )

    def look_reasons(self) -> tuple[str, ...]:
        """Why the folder's links and corrections of this requirement need a look; empty
        when they carry over as they are."""
        if self.new is None:
            return ("removed in the new version",)
        reasons = []
        if self.reworded and (self.text_similarity or 0) < MINOR_REWORDING_MIN:
            reasons.append(f"reworded (similarity {self.text_similarity:.2f})")
        if self.evidence_changed:
            reasons.append("its evidence rules changed")
        if self.old is not None and self.old.needs_documents and not self.new.needs_documents:
            reasons.append("no longer verified by documentation")
        return tuple(reasons)


@dataclass(frozen=True)
class ElementChange:
    """An element added (``old_name`` ``None``), removed (``new_name`` ``None``) or renamed."""

    id: str
    old_name: str | None
    new_name: str | None


@dataclass(frozen=True)
class PassMarkChange:
    """One pass mark of one audit type; ``None`` on the side that lacks the audit type or
    the mark."""

    audit_type: str
    mark: str
    old: float | None
    new: float | None


@dataclass(frozen=True)
class ToolDiff:
    """Everything that differs between two audit tool versions."""

    old: AuditTool
    new: AuditTool
    #: Every requirement of both versions, in the new version's order, removed ones last.
    requirements: tuple[RequirementChange, ...]
    elements: tuple[ElementChange, ...]
    pass_marks: tuple[PassMarkChange, ...]

    def changes(self) -> list[RequirementChange]:
        return [change for change in self.requirements if change.changed]

    def by_old_id(self) -> dict[str, RequirementChange]:
        return {change.old.id: change for change in self.requirements if change.old}

    def by_new_id(self) -> dict[str, RequirementChange]:
        return {change.new.id: change for change in self.requirements if change.new}


def diff_audit_tools(old: AuditTool, new: AuditTool) -> ToolDiff:
    """Compare two audit tool versions: requirements, elements and pass marks."""
    return ToolDiff(
        old=old,
        new=new,
        requirements=_requirement_changes(old.requirements(), new.requirements()),
        elements=_element_changes(old, new),
        pass_marks=_pass_mark_changes(old.audit_types, new.audit_types),
    )


# --- similarity ------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def text_similarity(old: str, new: str) -> float:
    """How alike two requirement texts are, 0 to 1: difflib's ratio over their words.

    Words rather than characters: a changed word counts once whatever its length, and
    case, punctuation and line breaks do not count at all.
    """
    return round(difflib.SequenceMatcher(None, _words(old), _words(new), autojunk=False).ratio(), 3)


def evidence_entries(rule: EvidenceRule) -> set[str]:
    """A rule's entries in words: ``doc type policy``, ``query "safety policy"``."""
    return {
        *(f"doc type {doc_type}" for doc_type in rule.doc_types),
        *(f"supporting type {doc_type}" for doc_type in rule.supporting_doc_types),
        *(f"query {query}" for query in rule.queries),
        *(f"path {pattern}" for pattern in rule.path_patterns),
    }


def evidence_similarity(old: EvidenceRule, new: EvidenceRule) -> float:
    """The share of entries two evidence rules have in common (1 when both have none)."""
    old_entries, new_entries = evidence_entries(old), evidence_entries(new)
    union = old_entries | new_entries
    return round(len(old_entries & new_entries) / len(union), 3) if union else 1.0


# --- matching requirements -------------------------------------------------------------


def _requirement_changes(
    old: list[Requirement], new: list[Requirement]
) -> tuple[RequirementChange, ...]:
    new_by_id = {requirement.id: requirement for requirement in new}
    pairs: dict[str, Requirement] = {}  # new id -> old requirement
    for requirement in old:
        counterpart = new_by_id.get(requirement.id)
        if counterpart and text_similarity(requirement.summary, counterpart.summary) >= (
            SAME_ID_MIN_TEXT
        ):
            pairs[counterpart.id] = requirement
    paired_old = {requirement.id for requirement in pairs.values()}
    unpaired_old = [requirement for requirement in old if requirement.id not in paired_old]
    unpaired_new = [requirement for requirement in new if requirement.id not in pairs]
    pairs.update(_renumbered(unpaired_old, unpaired_new))
    paired_old = {requirement.id for requirement in pairs.values()}
    changes = [
        _compare(pairs[requirement.id], requirement)
        if requirement.id in pairs
        else RequirementChange(old=None, new=requirement)
        for requirement in new
    ]
    changes += [
        RequirementChange(old=requirement, new=None)
        for requirement in old
        if requirement.id not in paired_old
    ]
    return tuple(changes)


def _renumbered(old: list[Requirement], new: list[Requirement]) -> dict[str, Requirement]:
    """Pairs the same requirement under a new id, most similar first; new id -> old."""
    candidates = []
    for old_requirement in old:
        for new_requirement in new:
            text = text_similarity(old_requirement.summary, new_requirement.summary)
            evidence = evidence_similarity(old_requirement.evidence, new_requirement.evidence)
            if text >= RENUMBERED_MIN_TEXT and evidence >= RENUMBERED_MIN_EVIDENCE:
                candidates.append((text, evidence, old_requirement, new_requirement))
    candidates.sort(key=lambda candidate: (-candidate[0], -candidate[1]))
    pairs: dict[str, Requirement] = {}
    taken: set[str] = set()
    for _text, _evidence, old_requirement, new_requirement in candidates:
        if new_requirement.id not in pairs and old_requirement.id not in taken:
            pairs[new_requirement.id] = old_requirement
            taken.add(old_requirement.id)
    return pairs


def _compare(old: Requirement, new: Requirement) -> RequirementChange:
    old_entries, new_entries = evidence_entries(old.evidence), evidence_entries(new.evidence)
    return RequirementChange(
        old=old,
        new=new,
        text_similarity=text_similarity(old.summary, new.summary),
        evidence_similarity=evidence_similarity(old.evidence, new.evidence),
        evidence_added=tuple(sorted(new_entries - old_entries)),
        evidence_removed=tuple(sorted(old_entries - new_entries)),
        other_changes=tuple(_other_changes(old, new)),
    )


def verification_letters(requirement: Requirement) -> str:
    """``D+I``: documentation, interview, observation."""
    return "+".join(VERIFICATION_LETTERS[method] for method in requirement.verification)


def _other_changes(old: Requirement, new: Requirement) -> Iterable[str]:
    if old.element_id != new.element_id:
        yield f"moved from element {old.element_id} to {new.element_id}"
    for name, label in (
        ("recurrence", "recurrence"),
        ("max_age_months", "reviewed within (months)"),
        ("validity_months", "valid for (months)"),
        ("recurrence_set_by_company", "frequency set by the company"),
    ):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            yield f"{label} {_shown(before)} → {_shown(after)}"
    if set(old.checks) != set(new.checks):
        yield f"checks {', '.join(old.checks) or 'none'} → {', '.join(new.checks) or 'none'}"


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# --- elements and pass marks -----------------------------------------------------------


def _element_changes(old: AuditTool, new: AuditTool) -> tuple[ElementChange, ...]:
    old_names = {element.id: element.name for element in old.elements}
    new_names = {element.id: element.name for element in new.elements}
    changes = [
        ElementChange(element_id, old_names.get(element_id), name)
        for element_id, name in new_names.items()
        if old_names.get(element_id) != name
    ]
    changes += [
        ElementChange(element_id, name, None)
        for element_id, name in old_names.items()
        if element_id not in new_names
    ]
    return tuple(changes)


_PASS_MARKS = ("overall_pass_pct", "element_min_pct", "documentation_window_months")


def _pass_mark_changes(
    old: tuple[AuditType, ...], new: tuple[AuditType, ...]
) -> tuple[PassMarkChange, ...]:
    old_types = {kind.name: kind for kind in old}
    new_types = {kind.name: kind for kind in new}
    names = [*old_types, *(name for name in new_types if name not in old_types)]
    changes = []
    for name in names:
        for mark in _PASS_MARKS:
            before = getattr(old_types[name], mark) if name in old_types else None
            after = getattr(new_types[name], mark) if name in new_types else None
            if before != after:
                changes.append(PassMarkChange(name, mark, before, after))
    return tuple(changes)


# --- one folder's evidence and corrections ---------------------------------------------


@dataclass(frozen=True)
class LinkCarry:
    """One document linked to an old requirement: whether the link holds under the new one."""

    path: str
    old_requirement: str
    new_requirement: str | None
    by_user: bool
    status: CarryStatus
    reason: str


@dataclass(frozen=True)
class DecisionCarry:
    """One of the user's corrections (``add`` or ``reject``) made against the old version."""

    path: str
    decision: str
    old_requirement: str
    new_requirement: str | None
    status: CarryStatus
    reason: str

    @property
    def translated(self) -> tuple[tuple[str, str], str] | None:
        """The correction as the new version stores it, when it carries over."""
        if self.status is not CarryStatus.CARRIES_OVER or self.new_requirement is None:
            return None
        return (self.new_requirement, self.path), self.decision


def carry_over_decisions(
    diff: ToolDiff,
    old_decisions: dict[tuple[str, str], str],
    new_decisions: dict[tuple[str, str], str],
) -> tuple[DecisionCarry, ...]:
    """Sort the user's corrections against the old tool: those that carry over to the new
    version (under the new id when the requirement was renumbered) and those that need a
    look. ``new_decisions`` are those already stored for the new tool: they are the user's
    and win over a translated one."""
    changes = diff.by_old_id()
    carries = []
    for (requirement_id, path), decision in sorted(old_decisions.items()):
        change = changes.get(requirement_id)
        new_id = change.new.id if change and change.new else None
        if change is None:
            status, reason = CarryStatus.NEEDS_A_LOOK, f"{diff.old.id} has no {requirement_id}"
        else:
            status, reason = _decision_status(
                change, new_decisions.get((new_id or "", path)), decision
            )
        carries.append(DecisionCarry(path, decision, requirement_id, new_id, status, reason))
    return tuple(carries)


def _decision_status(
    change: RequirementChange, stored: str | None, decision: str
) -> tuple[CarryStatus, str]:
    reasons = change.look_reasons()
    if reasons:
        return CarryStatus.NEEDS_A_LOOK, "; ".join(reasons)
    if stored is not None and stored != decision:
        return CarryStatus.NEEDS_A_LOOK, f"you chose {stored!r} for the new version already"
    reason = change.identity()
    if change.reworded:
        reason += f", minor rewording (similarity {change.text_similarity:.2f})"
    if stored is not None:
        reason += "; already stored for the new version"
    return CarryStatus.CARRIES_OVER, reason


def decisions_for_new_version(
    carries: Iterable[DecisionCarry], new_decisions: dict[tuple[str, str], str]
) -> dict[tuple[str, str], str]:
    """The corrections the new version applies: those stored for it, with the old
    version's that carry over where the user has not decided anything for it yet."""
    merged = dict(new_decisions)
    for carry in carries:
        translated = carry.translated
        if translated is not None:
            merged.setdefault(*translated)
    return merged


def carry_over_links(
    diff: ToolDiff, old_map: EvidenceMap, new_map: EvidenceMap
) -> tuple[LinkCarry, ...]:
    """Every document linked to an old requirement, and whether the new map (built with
    the corrections that carry over) links it to the requirement that continues it."""
    changes = diff.by_old_id()
    new_links = _linked(new_map)
    carries = []
    for item in old_map.requirements:
        change = changes[item.requirement.id]
        new_id = change.new.id if change.new else None
        for path in dict.fromkeys(link.path for link in item.links):
            by_user = any(link.source == "user" and link.path == path for link in item.links)
            still_linked = (new_id or "", path) in new_links
            reasons = list(change.look_reasons())
            if change.new is not None:
                if not still_linked:
                    reasons.append("the new version does not link it")
                elif reasons:
                    reasons.append("the new version still links it")
            status = CarryStatus.NEEDS_A_LOOK if reasons else CarryStatus.CARRIES_OVER
            if not reasons:
                reasons.append(change.identity())
            carries.append(
                LinkCarry(path, item.requirement.id, new_id, by_user, status, "; ".join(reasons))
            )
    return tuple(carries)


def links_only_in_new(
    diff: ToolDiff, old_map: EvidenceMap, new_map: EvidenceMap
) -> tuple[tuple[str, str], ...]:
    """``(new requirement id, path)`` the new version links and the old did not."""
    by_new = diff.by_new_id()
    old_links = _linked(old_map)
    found = []
    for item in new_map.requirements:
        old = by_new[item.requirement.id].old
        for path in dict.fromkeys(link.path for link in item.links):
            if old is None or (old.id, path) not in old_links:
                found.append((item.requirement.id, path))
    return tuple(found)


def _linked(evidence_map: EvidenceMap) -> set[tuple[str, str]]:
    return {
        (item.requirement.id, link.path)
        for item in evidence_map.requirements
        for link in item.links
    }


@dataclass(frozen=True)
class FolderComparison:
    """One evidence folder under both versions: links, corrections, readiness side by side."""

    folder: str
    links: tuple[LinkCarry, ...]
    #: ``(new requirement id, path)`` linked under the new version only.
    new_links: tuple[tuple[str, str], ...]
    decisions: tuple[DecisionCarry, ...]
    old_readiness: Readiness
    #: Assessed with the corrections that carry over, as a check with the new tool will
    #: be once they are stored (``tools diff --carry-over``).
    new_readiness: Readiness
    #: How many translated corrections ``--carry-over`` stored for the new tool; ``None``
    #: when it was not asked for.
    stored: int | None = None
