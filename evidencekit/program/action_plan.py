"""Action Plans, the alternative to a maintenance audit: whether the company may use one,
the plan (objectives, milestones, deliverables with owners and due dates), its progress
against the evidence, and the self-score against the partner's mark.

Eligibility questions, marks and dates are the audit tool's ``action_plans`` data. Each
question is decided by a rule named in that data, from the company profile and the
evidence; what neither can decide is a question for the profile's ``answers``.

The plan's rows are made afresh from the last certification audit's recommendations and
the open findings each time, keyed by stable ids, and merged with what the consultant
stored (owner, due, status, note, linked_to): as the tracker does for findings. A
deliverable is done when the consultant marks it ``done``, or when what it is linked to
is resolved by the evidence: its finding is no longer found, or the requirement it
names is met.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

from evidencekit.errors import UsageError
from evidencekit.models import (
    ActionPlanDeadlines,
    ActionPlanQuestion,
    ActionPlanRules,
    AuditTool,
    CertificateCycle,
    Readiness,
    RequirementResult,
    Severity,
)
from evidencekit.periods import add_months
from evidencekit.program.training import (
    GAP_STATUSES,
    TrainingAssessment,
    TrainingStatus,
    training_gap_id,
)
from evidencekit.vocabulary import ACTION_PLAN, RECERTIFICATION, is_certifying

if TYPE_CHECKING:
    from evidencekit.profile.model import CertificateRecord, CompanyProfile

PLAN_STATUSES = ("open", "in-progress", "done")
#: Findings that become deliverables: those that cost points (training gaps come from
#: the training requirements themselves).
PLANNED_SEVERITIES = frozenset({Severity.CRITICAL, Severity.MAJOR})
TRAINING_KINDS = frozenset({"training-requirement"})
#: Deliverables are due this long before the final version, so it can report them done.
DELIVERABLES_BEFORE_FINAL = timedelta(days=30)


# --- eligibility -------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityAnswer:
    """One question, answered (True/False) or not (None), with what answered it."""

    question: ActionPlanQuestion
    answer: bool | None
    #: The document, profile field or answer that decided; what to fill in when None.
    source: str
    reason: str


@dataclass(frozen=True)
class Eligibility:
    answers: tuple[EligibilityAnswer, ...]

    @property
    def eligible(self) -> bool | None:
        """False when any answer is no; None while some are unanswered; else True."""
        if any(answer.answer is False for answer in self.answers):
            return False
        if any(answer.answer is None for answer in self.answers):
            return None
        return True

    @property
    def verdict(self) -> str:
        return {True: "eligible", False: "not eligible", None: "cannot tell yet"}[self.eligible]


@dataclass(frozen=True)
class PlanContext:
    """What the eligibility rules and the plan read."""

    tool: AuditTool
    rules: ActionPlanRules
    profile: CompanyProfile
    training: TrainingAssessment | None
    readiness: Readiness
    today: date


class ImportedRowLike(Protocol):
    """An edited plan row as ``report/actionplan.py`` reads it; None: no such column."""

    row_id: str
    owner: str | None
    due: str | None
    status: str | None
    note: str | None
    linked_to: str | None


Decider = Callable[[PlanContext], tuple[bool | None, str, str]]


def action_plan_rules(tool: AuditTool) -> ActionPlanRules:
    if tool.action_plans is None:
        raise UsageError(f"{tool.id} has no action_plans block: it does not describe Action Plans")
    return tool.action_plans


def eligibility(context: PlanContext) -> Eligibility:
    """Every eligibility question of the tool, each decided where the data allows."""
    answers = []
    for question in context.rules.questions:
        answer, source, reason = DECIDERS[question.decided_by](context)
        if answer is None:
            given = context.profile.answers.get(question.id)
            if given is not None:
                answer = _yes(given)
                source = f"profile answers.{question.id}"
                reason = f"answered in the profile: {given}"
            else:
                reason += f"; answer it in the profile (answers.{question.id}: yes or no)"
        answers.append(EligibilityAnswer(question, answer, source, reason))
    return Eligibility(tuple(answers))


def _yes(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("yes", "true", "y")


def _program_history(context: PlanContext) -> list[CertificateRecord]:
    return [
        record for record in context.profile.certificates if record.program == context.tool.program
    ]


def _last_certifying(context: PlanContext) -> CertificateRecord | None:
    return next(
        (
            record
            for record in reversed(_program_history(context))
            if is_certifying(record.audit_type)
        ),
        None,
    )


def _cycle(context: PlanContext) -> CertificateCycle:
    # The loader refuses a tool with action_plans and no certificate_cycle.
    assert context.tool.cycle is not None, f"{context.tool.id} has no certificate_cycle"
    return context.tool.cycle


def _good_standing(context: PlanContext) -> tuple[bool | None, str, str]:
    history = _program_history(context)
    if not history:
        return None, "profile certificates", "the profile has no certificate history"
    last = history[-1]
    where = f"profile certificates[{len(context.profile.certificates) - 1}]"
    kind = context.tool.audit_type(last.audit_type)
    certified = _last_certifying(context)
    if certified is None:
        return False, where, f"no {context.tool.program} certification audit in the history"
    expires = add_months(date.fromisoformat(certified.date), 12 * _cycle(context).validity_years)
    if expires < context.today:
        return False, where, f"the certificate of {certified.date} lapsed on {expires}"
    if last.overall is not None and kind is not None and last.overall < kind.overall_pass_pct:
        return (
            False,
            where,
            f"the last audit ({last.audit_type}, {last.date}) scored {last.overall:g}%, "
            f"under its {kind.overall_pass_pct:g}% pass mark",
        )
    if last.overall is None:
        return None, where, f"the last audit ({last.date}) has no overall score in the profile"
    return (
        True,
        where,
        f"certified {certified.date} (valid to {expires}); the last audit "
        f"({last.audit_type}, {last.date}) scored {last.overall:g}%",
    )


def _training_met(context: PlanContext) -> tuple[bool | None, str, str]:
    training = context.training
    if training is None:
        return None, "audit tool", f"{context.tool.id} lists no training requirements"
    gaps = [result for result in training.results if result.status in GAP_STATUSES]
    source = "training requirements (evidencekit training)"
    if gaps:
        named = "; ".join(f"{r.required.id} {r.status} ({r.person or 'no one'})" for r in gaps)
        return False, source, f"not met: {named}"
    open_ = [r for r in training.results if r.status is TrainingStatus.TO_CONFIRM]
    if open_:
        return None, source, "to confirm in the profile: " + "; ".join(r.required.id for r in open_)
    return True, source, "every required course is held and current"


def _full_cycle(context: PlanContext) -> tuple[bool | None, str, str]:
    history = [record.audit_type for record in _program_history(context)]
    if not history:
        return None, "profile certificates", "the profile has no certificate history"
    wanted = list(_cycle(context).full_cycle)
    position = 0
    for audit_type in history:
        if position < len(wanted) and audit_type == wanted[position]:
            position += 1
    # A recertification closes a cycle, whatever the records before it.
    done = position == len(wanted) or RECERTIFICATION in history
    return (
        done,
        "profile certificates",
        f"{'completed' if done else 'not completed'}: a full cycle is "
        f"{' then '.join(wanted)}; the history shows {', '.join(history)}",
    )


def _second_year(context: PlanContext) -> tuple[bool | None, str, str]:
    history = _program_history(context)
    since = next(
        (i for i in range(len(history) - 1, -1, -1) if is_certifying(history[i].audit_type)),
        0,
    )
    plans = [record for record in history[since:] if record.audit_type == ACTION_PLAN]
    if not plans:
        return True, "profile certificates", "a first-year plan: the 80% condition does not apply"
    first = plans[0]
    if first.overall is None:
        return None, "profile certificates", f"the Action Plan of {first.date} has no score"
    mark = context.rules.second_year_min_pct
    return (
        first.overall >= mark,
        "profile certificates",
        f"the first Action Plan ({first.date}) scored {first.overall:g}% (needs {mark:g}%)",
    )


def _objective_from_recommendations(context: PlanContext) -> tuple[bool | None, str, str]:
    certified = _last_certifying(context)
    if certified is None or not certified.recommendations:
        return (
            None,
            "profile certificates[].recommendations",
            "the last certification audit's recommendations are not in the profile",
        )
    return (
        True,
        "profile certificates[].recommendations",
        f"the plan's first objective draws on the {certified.date} audit's recommendations",
    )


def _secor_tool(context: PlanContext) -> tuple[bool | None, str, str]:
    certified = _last_certifying(context)
    version = context.rules.secor_tool_version
    if certified is None or certified.tool is None:
        return None, "profile certificates[].tool", "the certificate's evaluation tool is not given"
    held = version is not None and version in certified.tool
    return held, "profile certificates[].tool", f"certified on {certified.tool}"


def _hsr(context: PlanContext) -> tuple[bool | None, str, str]:
    profile = context.profile
    if profile.health_safety_representative is not None:
        return (
            profile.health_safety_representative,
            "profile health_safety_representative",
            f"the profile says {'an' if profile.health_safety_representative else 'no'} HSR",
        )
    minimum = context.rules.hsr_required_from
    if profile.headcount is not None and minimum is not None and profile.headcount < minimum:
        return (
            True,
            "profile headcount",
            f"{profile.headcount} people: the OHS Act asks for an HSR from {minimum} workers",
        )
    documents = context.readiness.evidence_map.documents
    minutes = [d.path for d in documents if d.doc_type == "committee-minutes"]
    if minutes:
        return (
            True,
            minutes[0],
            "the evidence has HSR or committee meeting records (health_safety_representative "
            "in the profile overrides this)",
        )
    return None, "profile health_safety_representative", "not in the profile"


def _profile_answer(context: PlanContext) -> tuple[bool | None, str, str]:
    return None, "profile answers", "only the profile can answer this"


DECIDERS: Mapping[str, Decider] = {
    "certificate-in-good-standing": _good_standing,
    "training-requirements": _training_met,
    "full-audit-cycle": _full_cycle,
    "second-year-score": _second_year,
    "objective-from-recommendations": _objective_from_recommendations,
    "secor-2023-tool": _secor_tool,
    "health-safety-representative": _hsr,
    "profile-answer": _profile_answer,
}


def deadlines_for(rules: ActionPlanRules, tool: AuditTool, year: int) -> ActionPlanDeadlines:
    found = next((item for item in rules.deadlines if item.year == year), None)
    if found is None:
        years = ", ".join(str(item.year) for item in rules.deadlines) or "none"
        raise UsageError(
            f"{tool.id} has no Action Plan dates for {year} (it has: {years}); add them to "
            "its action_plans.deadlines"
        )
    return found


def too_late(deadlines: ActionPlanDeadlines, today: date) -> str | None:
    """Why an Action Plan can no longer replace this year's audit on ``today`` (the final
    date has passed), or None while it still can: ``plan`` and ``actionplan`` both ask
    this, so they agree."""
    year, final = deadlines.year, deadlines.final
    if today <= date.fromisoformat(final):
        return None
    return (
        f"the {year} dates have passed (proposal {deadlines.proposal}, final {final}): "
        f"nothing can be planned for {year} any more; unless a final version was sent and "
        f"self-scored, the maintenance audit is due by {deadlines.internal_audit_by}"
    )


def verdict_in_time(verdict: str, year: int, late: str | None) -> str:
    """The eligibility verdict, saying "too late" when the year's dates have passed for a
    company that is (or may be) eligible."""
    return f"{verdict}, but too late for {year}" if late and verdict != "not eligible" else verdict


def proposal_passed(deadlines: ActionPlanDeadlines, today: date, started: bool) -> str | None:
    """What to say between the proposal and the final date when evidencekit holds no plan
    (none ``started``): it may only go on if a proposal was sent in time."""
    if started or not (
        date.fromisoformat(deadlines.proposal) < today <= date.fromisoformat(deadlines.final)
    ):
        return None
    return (
        f"the {deadlines.year} proposal date ({deadlines.proposal}) has passed: unless a "
        "proposal was sent by then, this year's audit stays due"
    )


# --- the plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPlanRow:
    """What the consultant set on one plan row."""

    owner: str = ""
    due: str = ""
    status: str = "open"
    note: str = ""
    linked_to: str | None = None


@dataclass(frozen=True)
class PlanRow:
    """One row of the plan: a milestone, or a deliverable of an objective."""

    row_id: str
    kind: str  # "milestone" | "deliverable"
    objective: str
    source: str
    deliverable: str
    #: A finding id or a requirement id whose resolution completes it; "" for none.
    linked_to: str
    owner: str
    due: str
    status: str
    note: str
    #: Computed: "done (marked)", "done (finding no longer found)", "open", ...
    progress: str

    @property
    def done(self) -> bool:
        return self.progress.startswith("done")


@dataclass(frozen=True)
class ActionPlan:
    year: int
    deadlines: ActionPlanDeadlines
    eligibility: Eligibility
    rows: tuple[PlanRow, ...]
    self_score_pass_pct: float
    #: The audit tool (and so the program) the plan is for.
    tool: AuditTool
    #: What to tell the user first: the program followed and why.
    notices: tuple[str, ...] = ()
    #: Why no plan can replace this year's audit any more (``too_late``); its rows are
    #: then only those already started.
    late: str | None = None
    #: What to say about the year's dates: ``late``, or that the proposal date passed.
    timing: str | None = None

    @property
    def verdict(self) -> str:
        """The eligibility verdict, and, when the dates have passed, that it is too late."""
        return verdict_in_time(self.eligibility.verdict, self.year, self.late)

    @property
    def deliverables(self) -> tuple[PlanRow, ...]:
        return tuple(row for row in self.rows if row.kind == "deliverable")

    @property
    def self_score(self) -> float:
        """Percent of deliverables done: the estimate of the final self-score."""
        deliverables = self.deliverables
        if not deliverables:
            return 0.0
        return 100 * sum(row.done for row in deliverables) / len(deliverables)

    @property
    def passes(self) -> bool:
        return self.self_score >= self.self_score_pass_pct


def build_plan(context: PlanContext, year: int, stored: Mapping[str, StoredPlanRow]) -> ActionPlan:
    """The plan for ``year``: fresh rows merged with what was stored, progress measured.
    Once the year's dates have passed (``too_late``), nothing new is planned: only the rows
    of a plan already started are kept, to show what was done."""
    deadlines = deadlines_for(context.rules, context.tool, year)
    late = too_late(deadlines, context.today)
    rows = [
        _merged(row, stored.get(row.row_id), context)
        for row in _fresh_rows(context, deadlines)
        if late is None or row.row_id in stored
    ]
    return ActionPlan(
        year,
        deadlines,
        eligibility(context),
        tuple(rows),
        context.rules.self_score_pass_pct,
        context.tool,
        late=late,
        timing=late or proposal_passed(deadlines, context.today, started=bool(stored)),
    )


def _row_id(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"


def _fresh_rows(context: PlanContext, deadlines: ActionPlanDeadlines) -> list[PlanRow]:
    deliverables_due = (date.fromisoformat(deadlines.final) - DELIVERABLES_BEFORE_FINAL).isoformat()
    rows = [
        _milestone("proposal", "Proposal sent to the certifying partner", deadlines.proposal),
        _milestone("deliverables", "Every deliverable complete", deliverables_due),
        _milestone("final", "Final version sent, self-scored", deadlines.final),
    ]
    certified = _last_certifying(context)
    for recommendation in certified.recommendations if certified else ():
        rows.append(
            _deliverable(
                _row_id("rec", recommendation),
                f"Act on the auditor's recommendation: {recommendation}",
                f"recommendation of the {certified.date} audit (profile)",
                "Put the recommendation in place and file the record that shows it.",
                "",
                deliverables_due,
            )
        )
    elements = {element.id: element.name for element in context.tool.elements}
    for result in context.training.results if context.training else ():
        if result.status in GAP_STATUSES:
            rows.append(
                _deliverable(
                    training_gap_id(result.required.id),
                    f"Training requirements: {result.required.summary}",
                    f"training requirement {result.required.id} ({result.status})",
                    f"{result.person or 'Someone'} to complete the course and file the record.",
                    result.required.id,
                    deliverables_due,
                )
            )
    for finding in context.readiness.findings:
        # Training gaps come from the assessment above, which read the profile.
        if finding.severity not in PLANNED_SEVERITIES or finding.kind in TRAINING_KINDS:
            continue
        element = finding.element_id or "-"
        where = finding.requirement_id or f"element {element}"
        # The tracker's owner and due date (``actions import``) are this action's too.
        tracked = context.readiness.action_of(finding)
        rows.append(
            _deliverable(
                finding.id,
                f"Element {element} {elements.get(element, '')}: close its open gaps".replace(
                    "  ", " "
                ),
                f"finding {finding.id} ({finding.kind})",
                f"{where}: {finding.action}",
                finding.id,
                (tracked.due if tracked and tracked.due else deliverables_due),
                owner=(tracked.owner if tracked and tracked.owner else finding.owner or ""),
            )
        )
    return rows


def _milestone(name: str, text: str, due: str) -> PlanRow:
    return PlanRow(
        f"milestone-{name}", "milestone", "", "partner's dates", text, "", "", due, "open", "", ""
    )


def _deliverable(
    row_id: str,
    objective: str,
    source: str,
    deliverable: str,
    linked_to: str,
    due: str,
    owner: str = "",
) -> PlanRow:
    return PlanRow(
        row_id, "deliverable", objective, source, deliverable, linked_to, owner, due, "open", "", ""
    )


def _merged(row: PlanRow, stored: StoredPlanRow | None, context: PlanContext) -> PlanRow:
    if stored is not None:
        row = replace(
            row,
            owner=stored.owner or row.owner,
            due=stored.due or row.due,
            status=stored.status or "open",
            note=stored.note,
            linked_to=row.linked_to if stored.linked_to is None else stored.linked_to,
        )
    return replace(row, progress=_progress(row, context))


def _progress(row: PlanRow, context: PlanContext) -> str:
    if row.status == "done":
        return "done (marked)"
    link = row.linked_to
    if link:
        found = {finding.id for finding in context.readiness.findings}
        if link in found:
            return row.status
        results = {
            score.requirement.id: score.result
            for element in context.readiness.elements
            for score in element.requirements
        }
        if link in results:
            met = results[link] is RequirementResult.MET
            return "done (requirement met)" if met else row.status
        training = {
            result.required.id: result.status
            for result in (context.training.results if context.training else ())
        }
        if link in training:
            met = training[link] not in GAP_STATUSES
            return "done (training held)" if met else row.status
        return "done (finding no longer found)"
    return row.status


@dataclass(frozen=True)
class PlanImport:
    """What an import of an edited plan file changed."""

    updated: int
    #: Rows naming an id that is neither in the plan now nor stored: not kept.
    ignored_ids: tuple[str, ...]


def merge_imported_rows(
    imported: Sequence[ImportedRowLike],
    plan: ActionPlan,
    stored: Mapping[str, StoredPlanRow],
) -> tuple[dict[str, StoredPlanRow], PlanImport]:
    """The rows to store after an import: edited values, stored ones where a column is
    missing. A row of the plan left as exported is not stored."""
    current = {row.row_id: row for row in plan.rows}
    result = dict(stored)
    updated = 0
    ignored = []
    for row in imported:
        shown = current.get(row.row_id)
        before = stored.get(row.row_id)
        if shown is None and before is None:
            ignored.append(row.row_id)
            continue
        base = before or StoredPlanRow()
        merged = StoredPlanRow(
            owner=base.owner if row.owner is None else row.owner,
            due=base.due if row.due is None else row.due,
            status=base.status if row.status is None else row.status,
            note=base.note if row.note is None else row.note,
            linked_to=base.linked_to if row.linked_to is None else row.linked_to,
        )
        if before is None and shown is not None and _as_shown(merged, shown):
            continue
        if merged != before:
            result[row.row_id] = merged
            updated += 1
    return result, PlanImport(updated, tuple(ignored))


def _as_shown(row: StoredPlanRow, shown: PlanRow) -> bool:
    """Does the imported row say only what the exported plan already showed?"""
    return (row.owner, row.due, row.status, row.note, row.linked_to) == (
        shown.owner,
        shown.due,
        shown.status,
        shown.note,
        shown.linked_to,
    )
