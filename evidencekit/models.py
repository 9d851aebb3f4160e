"""The plain, frozen dataclasses that flow from one stage to the next.

A document's own (``FileSeen``, ``Extraction``, ``IndexEntry``, ``SearchHit``,
``ScanSummary``, ``DocumentRecord``, ``DocumentFacts``...) live in
``evidencekit.document_models`` and are offered here too; here are the audit tools', the
evidence map's and the assessment's. What a watch batch changed lives with the watcher
(``evidencekit.watch.outcome``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from evidencekit.certificate_length import CertificateLength
from evidencekit.document_models import (  # noqa: F401 (offered here too)
    DOCUMENT_TYPES,
    UNCLASSIFIED,
    Classification,
    CorrectiveAction,
    CourseHeld,
    DocumentContent,
    DocumentFacts,
    DocumentRecord,
    DocumentStatus,
    DocumentText,
    Extraction,
    ExtractionLimits,
    FileSeen,
    IndexEntry,
    PlacedDate,
    Recurrence,
    ScanSummary,
    SchedulePromise,
    SearchHit,
    file_type_of,
)
from evidencekit.in_force import ALWAYS, InForce
from evidencekit.profile.model import CompanyProfile
from evidencekit.vocabulary import CERTIFICATION

# --- Audit tools (loaded from the YAML files under mappings/) ----------------------------


class Verification(StrEnum):
    """How an auditor verifies a requirement; only documentation can be proven by files."""

    DOCUMENTATION = "documentation"
    INTERVIEW = "interview"
    OBSERVATION = "observation"


@dataclass(frozen=True)
class EvidenceRule:
    """What documents can prove a requirement.

    A document of one of ``doc_types`` proves it on its type. A document of one of
    ``supporting_doc_types`` (a toolbox talk for an incident requirement) proves it only
    when one of ``queries`` or ``path_patterns`` matches it. An unclassified document
    (type ``other``) is linked, weakly, when a query or pattern matches it. ``queries``
    use the search index's query language; ``path_patterns`` are case-insensitive shell
    patterns (``*flha*``) matched against the path relative to the evidence folder.
    ``proved_only_by`` narrows what proves it to some of those types.
    """

    doc_types: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    path_patterns: tuple[str, ...] = ()
    supporting_doc_types: tuple[str, ...] = ()
    #: When given, only a document of one of these types proves the requirement (a
    #: written policy); others linked (an orientation record that ticks "policy: yes")
    #: support it, weakly. The assessment and ``prep`` read this one rule.
    proved_only_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """One auditable requirement (an audit question), in our own words."""

    id: str
    element_id: str
    summary: str
    points: int
    verification: tuple[Verification, ...]
    evidence: EvidenceRule
    recurrence: Recurrence | None = None
    #: A standing document must have been reviewed within this many months (policy: 12).
    max_age_months: int | None = None
    #: A certificate or training record is valid this many months (first aid: 36).
    validity_months: int | None = None
    #: The tool leaves the frequency to the company; ``recurrence`` is only a default to
    #: check against when the company's own documents promise none.
    recurrence_set_by_company: bool = False
    #: Gap rule kinds that check this requirement's records' content (every incident
    #: investigated, corrective actions closed on time); the rules do nothing elsewhere.
    checks: tuple[str, ...] = ()
    note: str = ""
    in_force: InForce = ALWAYS

    @property
    def needs_documents(self) -> bool:
        return Verification.DOCUMENTATION in self.verification


@dataclass(frozen=True)
class Element:
    id: str
    name: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class AuditType:
    """An audit type's pass marks and documentation window."""

    name: str
    overall_pass_pct: float
    element_min_pct: float | None = None
    #: Records must cover at least this many months before the audit date.
    documentation_window_months: int | None = None
    in_force: InForce = ALWAYS


@dataclass(frozen=True)
class SamplingRow:
    """Up to ``up_to`` people (or sites), sample ``sample`` of them."""

    up_to: int
    sample: int


@dataclass(frozen=True)
class SamplingExample:
    """One published example of a sample size: with ``people`` people, at least
    ``at_least`` interviews. Between two examples the count is not known."""

    people: int
    at_least: int


@dataclass(frozen=True)
class Course:
    """A course a program asks for, with the other names records give it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    #: A certificate without a stated expiry lapses this long after it was taken.
    validity_months: int | None = None


@dataclass(frozen=True)
class RequiredTraining:
    """One training condition of a program: someone holds one of ``any_of``'s courses."""

    id: str
    summary: str
    any_of: tuple[str, ...]
    #: Only a full-time employee's course counts (decided from the company profile).
    full_time: bool = False
    #: A profile answer id that confirms what records cannot show (a certified auditor).
    confirm: str | None = None
    #: Whose course counts: anyone (``None``), or the profile's ``assessor``.
    held_by: str | None = None
    #: The course must have been taken within this many months before the audit date.
    within_months: int | None = None
    in_force: InForce = ALWAYS
    source: str = ""


@dataclass(frozen=True)
class TrainingRequirements:
    """The courses a program needs its people to hold before it certifies them."""

    courses: tuple[Course, ...]
    required: tuple[RequiredTraining, ...]
    #: The element a missing course is reported under (it costs no audit points).
    element_id: str = ""
    unverified: tuple[str, ...] = ()

    def course(self, course_id: str) -> Course | None:
        return next((course for course in self.courses if course.id == course_id), None)


@dataclass(frozen=True)
class ActionPlanQuestion:
    """One eligibility condition of an Action Plan, and what decides it."""

    id: str
    question: str
    #: The rule that answers it from the profile and the evidence (``program/action_plan.py``).
    decided_by: str


@dataclass(frozen=True)
class ActionPlanDeadlines:
    """One year's Action Plan dates at the certifying partner (ISO dates)."""

    year: int
    proposal: str
    final: str
    internal_audit_by: str


@dataclass(frozen=True)
class ActionPlanRules:
    """When an Action Plan may replace a maintenance audit, its marks and its dates."""

    questions: tuple[ActionPlanQuestion, ...]
    deadlines: tuple[ActionPlanDeadlines, ...]
    self_score_pass_pct: float
    second_year_min_pct: float
    #: The OHS Act asks for a health and safety representative from this many workers.
    hsr_required_from: int | None = None
    #: SECOR only: the evaluation version the certificate must have been earned on.
    secor_tool_version: str | None = None
    unverified: tuple[str, ...] = ()


@dataclass(frozen=True)
class CertificateCycle:
    """The certificate's life as the tool's data states it: how long it is valid, the
    audit types due in the years after a certifying audit, and the yearly deadline.
    The one source of a certificate's validity (Action Plans and the profile read it)."""

    validity_years: int
    #: The audit types due, one per calendar year, after a certification or recertification.
    after_certifying: tuple[str, ...]
    #: Month and day (``12-31``) by which each of those years' audit is due.
    interim_deadline: str
    #: Audit types that may stand in for one that is due (``maintenance``: an Action Plan),
    #: as (audit type, stand-ins) pairs.
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unverified: tuple[str, ...] = ()
    #: (``MM-DD`` or ``anniversary``, source) per source; where they differ, the earliest.
    deadline_sources: tuple[tuple[str, str], ...] = ()

    @property
    def full_cycle(self) -> tuple[str, ...]:
        """The audit types, in order, that make one full audit cycle."""
        return (CERTIFICATION, *self.after_certifying)

    def alternatives_to(self, audit_type: str) -> tuple[str, ...]:
        return dict(self.alternatives).get(audit_type, ())


@dataclass(frozen=True)
class SiteShareRow:
    """With ``from_sites`` to ``up_to`` sites, visit one in ``one_in``, rounded up."""

    from_sites: int
    up_to: int
    one_in: int


@dataclass(frozen=True)
class DocumentToKnow:
    """A company document interviewees should know, picked from a requirement's evidence.

    ``pick`` is ``current`` (the newest dated), ``their-work`` (those named for the
    interviewee's role or sites) or ``all``; ``audiences`` empty means everyone.
    """

    name: str
    requirement_id: str
    pick: str
    audiences: tuple[str, ...] = ()
    #: Only linked documents of these types; empty: any the requirement names.
    doc_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class InterviewQuestion:
    """Whom an interview requirement is for, and how to put it to each audience
    (``ask``: audience and wording pairs)."""

    requirement_id: str
    audiences: tuple[str, ...]
    ask: tuple[tuple[str, str], ...] = ()

    def wording_for(self, audience: str) -> str | None:
        return dict(self.ask).get(audience)


@dataclass(frozen=True)
class ObservationItem:
    """What to look at for an observation requirement; ``site_kinds`` empty: any site."""

    requirement_id: str
    look_for: str
    site_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreparationData:
    """An audit tool's data for sampling and interview preparation (``prep``)."""

    levels: tuple[str, ...] = ()
    subcontractors: bool = False
    site_share: tuple[SiteShareRow, ...] = ()
    documents_to_know: tuple[DocumentToKnow, ...] = ()
    interviews: tuple[InterviewQuestion, ...] = ()
    observations: tuple[ObservationItem, ...] = ()


@dataclass(frozen=True)
class AuditTool:
    """One audit tool version, loaded from a mapping file."""

    id: str
    name: str
    version: str
    partner: str
    program: str
    employees_min: int
    employees_max: int | None
    source: str
    audit_types: tuple[AuditType, ...]
    interview_sampling: tuple[SamplingRow, ...]
    site_sampling: tuple[SamplingRow, ...]
    elements: tuple[Element, ...]
    unverified: tuple[str, ...] = ()
    file: str = ""
    training_requirements: TrainingRequirements | None = None
    action_plans: ActionPlanRules | None = None
    #: The certificate cycle; ``None`` for a tool whose file states none.
    cycle: CertificateCycle | None = None
    #: Why its scores and sample sizes are estimates, in its file's words (``estimates``).
    points_estimate: str = ""
    sampling_estimate: str = ""
    #: Published examples of interview counts (``sampling.interview_examples``), read as
    #: minimums; a tool gives these or the ``interview_sampling`` bands.
    interview_examples: tuple[SamplingExample, ...] = ()
    #: Whose table or examples the sample sizes come from (``sampling.source``).
    sampling_source: str = ""
    preparation: PreparationData = PreparationData()
    #: The audit dates this tool version is used for.
    in_force: InForce = ALWAYS

    def requirements(self) -> list[Requirement]:
        return [req for element in self.elements for req in element.requirements]

    def audit_type(self, name: str) -> AuditType | None:
        return next((kind for kind in self.audit_types if kind.name == name), None)


# --- Document facts and the evidence map ------------------------------------------------
#: The ``source`` of a link the user added by hand (``evidencekit link add``).
USER = "user"


class LinkStrength(StrEnum):
    STRONG = "strong"
    WEAK = "weak"


@dataclass(frozen=True)
class EvidenceLink:
    """One document proposed as evidence of one requirement, and why.

    ``rule`` names what fired (``type``, ``query "..."``, ``path *flha*``, ``user``);
    ``source`` is the mapper (or ``user`` for a correction).
    """

    requirement_id: str
    path: str
    rule: str
    strength: LinkStrength
    source: str
    page: int | None = None
    snippet: str = ""


@dataclass(frozen=True)
class RequirementEvidence:
    """A requirement with the documents that prove it (merged per document) and rejections."""

    requirement: Requirement
    links: tuple[EvidenceLink, ...]
    rejected: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceMap:
    """The evidence map of one evidence folder against one audit tool."""

    tool: AuditTool
    requirements: tuple[RequirementEvidence, ...]
    documents: tuple[DocumentFacts, ...]
    unmapped: tuple[str, ...]
    #: Plugins that raised while mapping, each said in one line naming the plugin; their
    #: links are left out and the assessment reports each as a ``plugin-failed`` finding.
    plugin_failures: tuple[str, ...] = ()
    #: What the last scan could not take in (bad names, unlistable folders), with why.
    left_out: tuple[tuple[str, str], ...] = ()


# --- Readiness: findings and scores ------------------------------------------------------


class Severity(StrEnum):
    """How much a finding threatens the audit: critical blocks a pass on its own."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    WARNING = "warning"


class RequirementResult(StrEnum):
    """The estimated documentation result of one requirement."""

    MET = "met"
    PARTLY_MET = "partly-met"
    NOT_MET = "not-met"
    NOT_DOCUMENTARY = "not-documentary"


@dataclass(frozen=True)
class Finding:
    """One gap a gap rule found: what is missing or weak, and what to do about it.

    ``id`` is stable across runs for the same gap (kind, requirement and subject), so a
    tracker can follow it. ``periods`` are ``YYYY-MM``, ``YYYY-Www`` or ``YYYY-Qn``.
    """

    id: str
    kind: str
    severity: Severity
    element_id: str
    requirement_id: str | None
    message: str
    action: str
    paths: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    #: Who the evidence names as responsible (an open action's owner): the tracker's
    #: owner until someone sets one.
    owner: str | None = None
    #: The program cannot be certified while this finding stands, whatever the score (a
    #: required course no one holds): the verdict is not ready.
    blocks_certification: bool = False


@dataclass(frozen=True)
class AssessmentInput:
    """What gap rules look at: the evidence map, the audit type, the audit date and the
    company profile (empty when the company has none)."""

    evidence_map: EvidenceMap
    audit_type: AuditType
    audit_date: date
    profile: CompanyProfile = field(default_factory=CompanyProfile)


@dataclass(frozen=True)
class RequirementScore:
    requirement: Requirement
    result: RequirementResult
    #: Documentation points estimated as earned; interview/observation points separately.
    earned: float
    documentation_points: float
    other_points: float
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ElementScore:
    element: Element
    requirements: tuple[RequirementScore, ...]
    #: Percent of the element's points: interview/observation points lost (worst) or won.
    worst_pct: float
    best_pct: float
    #: Percent of the documentation points alone.
    documentation_pct: float


# --- Coverage of recurring records -------------------------------------------------------


@dataclass(frozen=True)
class CompanyPromise:
    """A frequency the company promises for one kind of record, and where it says so."""

    recurrence: Recurrence
    path: str
    quote: str


class FrequencySource(StrEnum):
    #: The tool's frequency: it asks for this at least, and the company promises no more.
    TOOL = "tool"
    #: The company's own promise: more often than the tool asks, or the tool defers to it.
    COMPANY = "company"
    #: The tool defers to the company, whose documents promise nothing that was found.
    DEFAULT = "default"


@dataclass(frozen=True)
class CheckedFrequency:
    """How often a requirement's records are expected, and who says so."""

    recurrence: Recurrence
    source: FrequencySource
    promise: CompanyPromise | None = None


#: The coverage calendar covers this many whole months before the month of the audit.
CALENDAR_MONTHS = 12


class CoverageState(StrEnum):
    """What one period of a recurring record holds (also the calendar's CSS class names)."""

    COVERED = "covered"
    #: A weekly record with weeks of the month missing.
    PARTIAL = "partial"
    MISSING = "missing"
    #: The period holding the audit date, empty so far: not yet a gap.
    RUNNING = "running"
    #: Only supporting documents are linked: no period can be told to have or lack a record.
    UNCHECKED = "unchecked"


@dataclass(frozen=True)
class CoverageCell:
    """One period of a recurring record and how many of its dated records fall in it.

    ``period`` is labelled as findings label it (``2026-07``, ``2026-Q2``). A record due
    every six or twelve months has one cell: is the next one overdue at the audit?
    """

    label: str
    period: str
    count: int
    state: CoverageState
    note: str = ""


@dataclass(frozen=True)
class CoverageRow:
    """One recurring requirement: the frequency it is checked at, its dated records and
    the calendar of the months before the audit."""

    requirement: Requirement
    frequency: CheckedFrequency
    #: The linked records dated on or before the audit, oldest first, with their paths.
    records: tuple[tuple[date, str], ...]
    cells: tuple[CoverageCell, ...]
    #: Linked records without a date: they cannot be placed in any period.
    undated: int
    #: How many documents are linked when none of them is a record, only supporting
    #: evidence (0 otherwise): then no period can be checked.
    supporting: int = 0

    @property
    def unchecked(self) -> bool:
        return self.supporting > 0


@dataclass(frozen=True)
class TrackedAction:
    """The consultant's action on one finding, as the tracker (``actions import``) stores
    it: every output that shows the finding shows this beside it."""

    owner: str
    #: ``YYYY-MM-DD`` or "".
    due: str
    #: ``open``, ``in-progress`` or ``closed``.
    status: str
    note: str


@dataclass(frozen=True)
class Readiness:
    """Would the documentation pass, and what must be fixed first."""

    tool: AuditTool
    audit_type: AuditType
    audit_date: date
    elements: tuple[ElementScore, ...]
    overall_worst_pct: float
    overall_best_pct: float
    overall_documentation_pct: float
    ready: bool
    blocking_elements: tuple[str, ...]
    findings: tuple[Finding, ...]
    evidence_map: EvidenceMap
    #: One sentence: the rules applied as in force on the audit date, and those left out.
    rules_applied: str = ""
    certificate: CertificateLength | None = None  # certifying audits only
    #: One row per recurring requirement, in tool order.
    coverage: tuple[CoverageRow, ...] = ()
    #: Over the element minimum, under the missed overall mark (blocking: under the minimum).
    below_pass_mark_elements: tuple[str, ...] = ()
    company: str | None = None  # the profile's, for a report handed over
    #: The tracker's corrective actions by finding id (also of findings no longer found).
    actions: Mapping[str, TrackedAction] = field(default_factory=dict)

    @property
    def certification_blocked_by(self) -> tuple[Finding, ...]:
        """The findings that keep the program from being certified whatever the score."""
        return tuple(finding for finding in self.findings if finding.blocks_certification)

    def action_of(self, finding: Finding) -> TrackedAction | None:
        """The tracker's action on ``finding``, when someone recorded one."""
        return self.actions.get(finding.id)

    def closed_but_found(self, finding: Finding) -> bool:
        """The tracker says the finding is closed, yet this assessment found it again."""
        action = self.actions.get(finding.id)
        return action is not None and action.status == "closed"
