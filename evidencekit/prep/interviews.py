"""Interview and observation preparation: per role (or, without a profile, per level) the
requirements an auditor verifies by interview, put for that audience, with the company's
own documents the person should know; and per site the observation checklist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.builtins.gap_rules import standing_documents
from evidencekit.models import (
    AuditTool,
    DocumentFacts,
    DocumentStatus,
    DocumentToKnow,
    EvidenceMap,
    Requirement,
    Verification,
)
from evidencekit.periods import parse_date
from evidencekit.prep.sampling import (
    SamplingPlan,
    audience_of,
    check_interview_profile,
    plan_sampling,
)
from evidencekit.profile.model import CompanyProfile, Role, Site
from evidencekit.vocabulary import LEVELS, SUBCONTRACTOR

#: How an audience is named on a sheet that is not a role's.
AUDIENCE_TITLES = {
    "senior-management": "Senior management",
    "supervisor": "Supervisors",
    "worker": "Workers",
    SUBCONTRACTOR: "Subcontractors' workers",
}
# Words of a role or site too common to say which hazard assessment is about its work.
_COMMON_WORDS = frozenset(
    [
        "and",
        "the",
        "for",
        "with",
        "crew",
        "crews",
        "site",
        "sites",
        "worker",
        "workers",
        "lead",
        "hand",
        "team",
        "staff",
        "general",
        "formal",
        "hazard",
        "hazards",
        "assessment",
        "assessments",
        "safe",
        "work",
        "working",
        "procedure",
        "procedures",
        "swp",
        "fha",
        "rev",
        "final",
        "draft",
        "copy",
        "company",
        "ltd",
        "inc",
    ]
)


# A title of office work: its people are not handed the field's procedures by default.
_OFFICE_TITLE = re.compile(
    r"\b(?:office|administrat\w*|admin|bookkeep\w*|accounta\w*|clerk|receptionist|"
    r"payroll|estimator)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Question:
    """An interview requirement as one audience should be ready for it."""

    requirement: Requirement
    element_name: str
    #: The tool's wording for this audience; ``None``: the requirement's summary says it.
    ask: str | None
    also_observed: bool


@dataclass(frozen=True)
class DocumentRef:
    path: str
    date: str | None
    doc_type: str


@dataclass(frozen=True)
class KnownDocument:
    """A document an interviewee should know: the files found for it in the evidence map."""

    name: str
    requirement_id: str
    documents: tuple[DocumentRef, ...]
    note: str = ""


@dataclass(frozen=True)
class PreparationSheet:
    """One interview preparation sheet: a role of the profile, or a level without one."""

    title: str
    audience: str
    role: Role | None
    interviews: int | None
    people: tuple[str, ...]
    questions: tuple[Question, ...]
    documents: tuple[KnownDocument, ...]


@dataclass(frozen=True)
class ObservationPoint:
    requirement: Requirement
    element_name: str
    look_for: str


@dataclass(frozen=True)
class ObservationChecklist:
    """What to have ready for observation at one site (``site`` ``None``: any site)."""

    site: Site | None
    reason: str
    points: tuple[ObservationPoint, ...]


@dataclass(frozen=True)
class InterviewPreparation:
    """Everything ``evidencekit prep`` shows: the plan, the sheets, the checklists."""

    tool: AuditTool
    company: str | None
    plan: SamplingPlan
    sheets: tuple[PreparationSheet, ...]
    checklists: tuple[ObservationChecklist, ...]
    documents: int


def prepare_interviews(
    evidence_map: EvidenceMap, profile: CompanyProfile, role_filter: tuple[str, ...] = ()
) -> InterviewPreparation:
    """The sampling plan, a preparation sheet per role and an observation checklist per
    site to visit; raises ``ProfileError`` naming the field when the profile cannot do."""
    check_interview_profile(profile, role_filter)
    tool = evidence_map.tool
    plan = plan_sampling(tool, profile)
    interviews = {allocation.role.name: allocation.interviews for allocation in plan.allocations}
    if profile.roles:
        roles = [role for role in profile.roles if not role_filter or role.name in role_filter]
        sheets = [
            _sheet(
                evidence_map,
                role.name,
                audience_of(role),
                role,
                interviews.get(role.name),
                profile,
            )
            for role in roles
        ]
    else:
        audiences = list(tool.preparation.levels or LEVELS)
        if tool.preparation.subcontractors:
            audiences.append(SUBCONTRACTOR)
        sheets = [
            _sheet(evidence_map, AUDIENCE_TITLES[audience], audience, None, None, profile)
            for audience in audiences
        ]
    checklists = (
        [
            ObservationChecklist(choice.site, choice.reason, _points(tool, choice.site))
            for choice in plan.sites
        ]
        if plan.sites
        else [ObservationChecklist(None, "every site visited", _points(tool, None))]
    )
    return InterviewPreparation(
        tool=tool,
        company=profile.company,
        plan=plan,
        sheets=tuple(sheets),
        checklists=tuple(checklists),
        documents=len(evidence_map.documents),
    )


# --- sheets ------------------------------------------------------------------------------


def _sheet(
    evidence_map: EvidenceMap,
    title: str,
    audience: str,
    role: Role | None,
    interviews: int | None,
    profile: CompanyProfile,
) -> PreparationSheet:
    tool = evidence_map.tool
    people = tuple(
        person.name for person in profile.people if role is not None and person.role == role.name
    )
    return PreparationSheet(
        title=title,
        audience=audience,
        role=role,
        interviews=interviews,
        people=people,
        questions=tuple(_questions(tool, audience)),
        documents=tuple(
            _known_document(evidence_map, wanted, role, profile)
            for wanted in tool.preparation.documents_to_know
            if not wanted.audiences or audience in wanted.audiences
        ),
    )


def _questions(tool: AuditTool, audience: str) -> list[Question]:
    entries = {entry.requirement_id: entry for entry in tool.preparation.interviews}
    questions = []
    for element in tool.elements:
        for requirement in element.requirements:
            if Verification.INTERVIEW not in requirement.verification:
                continue
            entry = entries.get(requirement.id)
            if entry is not None and audience not in entry.audiences:
                continue
            ask = None
            if entry is not None:
                # Subcontractors' workers answer as workers unless the tool words it for them.
                ask = entry.wording_for(audience)
                if ask is None and audience == SUBCONTRACTOR:
                    ask = entry.wording_for("worker")
            observed = Verification.OBSERVATION in requirement.verification
            questions.append(Question(requirement, element.name, ask, observed))
    return questions


def _known_document(
    evidence_map: EvidenceMap, wanted: DocumentToKnow, role: Role | None, profile: CompanyProfile
) -> KnownDocument:
    entry = next(
        (
            item
            for item in evidence_map.requirements
            if item.requirement.id == wanted.requirement_id
        ),
        None,
    )
    facts = {document.path: document for document in evidence_map.documents}
    # The documents that prove the requirement, by the rule the assessment reads too.
    kinds = wanted.doc_types or (entry.requirement.evidence.proved_only_by if entry else ())
    paths = (
        [
            path
            for path in standing_documents(entry, facts)
            if path in facts
            and facts[path].status is DocumentStatus.OK
            and (not kinds or facts[path].doc_type in kinds)
        ]
        if entry is not None
        else []
    )
    note = ""
    if not paths:
        kinds = " or ".join(kinds) or "readable"
        note = f"none found: no {kinds} document is linked to {wanted.requirement_id}"
    elif wanted.pick == "current":
        paths, note = _current(paths, facts)
    elif wanted.pick == "their-work":
        paths, note = _for_their_work(paths, role, profile)
    return KnownDocument(
        name=wanted.name,
        requirement_id=wanted.requirement_id,
        documents=tuple(
            DocumentRef(path, facts[path].date, facts[path].doc_type) for path in paths
        ),
        note=note,
    )


def _current(paths: list[str], facts: dict[str, DocumentFacts]) -> tuple[list[str], str]:
    dated = sorted(
        (day, path) for path in paths if (day := parse_date(facts[path].date)) is not None
    )
    if not dated:
        return paths, "none is dated: the current one cannot be told"
    return [dated[-1][1]], ""


def _for_their_work(
    paths: list[str], role: Role | None, profile: CompanyProfile
) -> tuple[list[str], str]:
    if role is None:
        return paths, "every one; each person should know those for the work they do"
    # The role's name and the kinds of its sites ("yard"); site names are left out, as
    # a name like "Blackfalds shop build" would match the yard and shop assessment.
    words = _words(role.name)
    for site in profile.sites:
        if site.name in role.sites:
            words |= _words(site.kind or "")
    words -= _words(profile.company or "")
    matching = [path for path in paths if words & _words(_file_stem(path))]
    if matching:
        return matching, ""
    if _OFFICE_TITLE.search(role.name):
        # Handing a bookkeeper the trenching procedure tells the auditor the sheet was not
        # made for the person; the consultant asks what the office work needs instead.
        return [], (
            f"none is named for this office role's work ({len(paths)} on file are for"
            " other work): ask which, if any, the person's tasks need"
        )
    return paths, "none is named for this role's work or kind of site: every one is listed"


def _file_stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _words(text: str) -> set[str]:
    """Four-letter stems of the meaningful words (framer and framing alike)."""
    return {
        word[:4]
        for word in re.findall(r"[a-z]+", text.lower())
        if len(word) >= 4 and word not in _COMMON_WORDS
    }


# --- observation -------------------------------------------------------------------------


def _points(tool: AuditTool, site: Site | None) -> tuple[ObservationPoint, ...]:
    entries = {entry.requirement_id: entry for entry in tool.preparation.observations}
    points = []
    for element in tool.elements:
        for requirement in element.requirements:
            if Verification.OBSERVATION not in requirement.verification:
                continue
            entry = entries.get(requirement.id)
            kinds = entry.site_kinds if entry else ()
            if site is not None and site.kind and kinds and site.kind not in kinds:
                continue
            look_for = entry.look_for if entry else requirement.summary
            points.append(ObservationPoint(requirement, element.name, look_for))
    return tuple(points)
