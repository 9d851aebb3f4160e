"""The certificate cycle: which program and audit tool fit the company, and which audit
is due, by when, against which pass mark and over which documentation window.

Decided from the company profile (its headcount and certificate history) and the
installed tools' data (``employees``, ``audit_types``, ``certificate_cycle``); nothing
here is a constant of a program. Each decision carries its reason in words, because a
consultant must be able to say why evidencekit picked it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from evidencekit.audit_tools.in_force import tools_in_force
from evidencekit.errors import UsageError
from evidencekit.models import ActionPlanRules, AuditTool, AuditType, CertificateCycle
from evidencekit.periods import add_months
from evidencekit.profile.model import (
    CertificateRecord,
    CompanyProfile,
    CycleLimits,
    load_profile,
)
from evidencekit.program.action_plan import proposal_passed, too_late, verdict_in_time
from evidencekit.program.tracker import TrackerRow
from evidencekit.vocabulary import CERTIFICATION, RECERTIFICATION, is_certifying

#: The audit that starts a certificate where there is none (or it has lapsed).
FIRST_AUDIT = CERTIFICATION
#: The audit that renews a certificate before it ends.
RENEWAL_AUDIT = RECERTIFICATION


# --- the profile, validated against the installed tools' data ----------------------------


def load_company_profile(
    state_dir: Path,
    profile_file: Path | None,
    tools: Sequence[AuditTool],
    today: date | None = None,
) -> CompanyProfile:
    """The folder's profile (or ``profile_file``), its history checked against the
    installed tools: each past audit's tool and program, and each certificate's validity
    and interim audits from its program's ``certificate_cycle``."""
    return load_profile(
        state_dir,
        profile_file,
        today=today,
        tool_programs={tool.id: tool.program for tool in tools},
        validity_years=validity_years_by_program(tools),
    )


def validity_years_by_program(tools: Sequence[AuditTool]) -> dict[str, CycleLimits]:
    """Each program's certificate cycle, from its preferred tool's ``certificate_cycle``:
    how long a certificate lasts, how many interim audits ``due_audit`` expects in it
    (one per ``after_certifying`` entry) and the audit types the program's tools declare.
    A program no tool describes is absent; the profile validator then falls back on
    ``DEFAULT_VALIDITY_YEARS``."""
    limits: dict[str, CycleLimits] = {}
    for tool in _preferred_first(tools):
        if tool.cycle is not None and tool.program not in limits:
            limits[tool.program] = CycleLimits(
                tool.cycle.validity_years,
                len(tool.cycle.after_certifying),
                # A past audit may be of any type a tool of its program declares, also an
                # older version's.
                tuple(
                    dict.fromkeys(
                        kind.name
                        for other in tools
                        if other.program == tool.program
                        for kind in other.audit_types
                    )
                ),
            )
    return limits


# --- the program and its audit tool ------------------------------------------------------


@dataclass(frozen=True)
class ProgramChoice:
    """The audit tool to work with, the reason, and a warning when the company has
    outgrown the program it holds or asked for."""

    tool: AuditTool
    reason: str
    #: False when no profile answer decided it (the default tool, ``--tool``, or the
    #: headcount the evidence states).
    from_profile: bool
    warning: str | None = None


@dataclass(frozen=True)
class StatedHeadcount:
    """The people on the WCB account as a document of the evidence states it, and where:
    what decides the program when the profile does not."""

    count: int
    path: str
    #: The page or sheet, when known.
    where: str | None = None
    quote: str | None = None

    def source(self) -> str:
        where = f", {self.where}" if self.where else ""
        quote = f': "{self.quote}"' if self.quote else ""
        return f"{self.path}{where}{quote}"


def serves(tool: AuditTool, headcount: int) -> bool:
    return tool.employees_min <= headcount and (
        tool.employees_max is None or headcount <= tool.employees_max
    )


def tool_for_headcount(
    tools: Iterable[AuditTool],
    headcount: int | None,
    preferred: Sequence[str] = (),
    preferred_programs: Sequence[str] = (),
) -> AuditTool | None:
    """The tool whose program serves an employer of ``headcount`` people: one of
    ``preferred`` (ids) first, then one of ``preferred_programs``, else the one made for
    the narrowest range of sizes, else the first in ``tools``."""
    if headcount is None:
        return None
    fitting = [tool for tool in tools if serves(tool, headcount)]
    for tool_id in preferred:
        chosen = next((tool for tool in fitting if tool.id == tool_id), None)
        if chosen is not None:
            return chosen
    for program in preferred_programs:
        chosen = next((t for t in _preferred_first(fitting) if t.program == program), None)
        if chosen is not None:
            return chosen
    return next(iter(_preferred_first(fitting)), None)


def _preferred_first(tools: Iterable[AuditTool]) -> list[AuditTool]:
    # A program made for small employers (a maximum) is more specific than one without.
    def width(tool: AuditTool) -> float:
        return float("inf") if tool.employees_max is None else tool.employees_max

    # A stable sort: among equals, the caller's order (bundled tools first) decides.
    return sorted(tools, key=lambda tool: width(tool) - tool.employees_min)


def _one_tool_per_program(tools: Iterable[AuditTool]) -> list[AuditTool]:
    """Each program's preferred tool, smallest employers' program first."""
    chosen: dict[str, AuditTool] = {}
    for tool in _preferred_first(tools):
        chosen.setdefault(tool.program, tool)
    return sorted(chosen.values(), key=lambda tool: tool.employees_min)


def _size_range(tool: AuditTool) -> str:
    if tool.employees_max is None:
        return f"{tool.employees_min} or more people"
    return f"{tool.employees_min} to {tool.employees_max} people"


def choose_program(
    tools: Sequence[AuditTool],
    profile: CompanyProfile,
    tool_id: str | None,
    default_tool: Callable[[], AuditTool],
    as_of: date | None = None,
    *,
    stated_headcount: StatedHeadcount | None = None,
) -> ProgramChoice:
    """The tool to assess against: ``tool_id`` when given, else the one in force on
    ``as_of`` (default: today) whose program serves the profile's headcount (the program
    the profile chooses, else that of the company's last certificate, when it fits), else
    the last certificate's program, else the program serving the headcount the evidence
    states (``stated_headcount``), else ``default_tool``. Every command decides its tool
    here, so that none of them assesses another program."""
    by_id = {tool.id: tool for tool in tools}
    as_of = as_of or date.today()
    tools = tools_in_force(tools, as_of)
    history_tools = [record.tool for record in reversed(profile.certificates) if record.tool]
    programs = [profile.program] if profile.program else []
    programs += [record.program for record in reversed(profile.certificates)]
    warning = _outgrown_warning(tools, profile, by_id.get(tool_id) if tool_id else None)
    if tool_id is not None:
        if tool_id not in by_id:
            raise UsageError(f"no audit tool {tool_id!r}; installed: {', '.join(by_id) or 'none'}")
        warning = warning or _not_in_force_warning(by_id[tool_id], tools, as_of)
        return ProgramChoice(by_id[tool_id], f"{tool_id}, as --tool asks", False, warning)
    size, counted = _program_size(profile)
    if size is not None:
        chosen = tool_for_headcount(tools, size, history_tools, programs)
        if chosen is None:
            raise UsageError(
                f"profile {counted} {size}: no installed audit tool serves {size} people "
                f"on {as_of} ("
                + "; ".join(f"{tool.id}: {_size_range(tool)}" for tool in by_id.values())
                + ")"
            )
        reason = (
            f"{chosen.program} for {size} people on the WCB account (profile {counted}): "
            f"{chosen.id} serves {_size_range(chosen)}"
        )
        if chosen.in_force.dated:
            reason += f" and is in force on {as_of} ({chosen.in_force.describe()})"
        if profile.program == chosen.program:
            reason += f"; the profile chooses {chosen.program}"
        elif chosen.program in programs:
            reason += f"; the company holds a {chosen.program}"
        if chosen.employees_max is not None and profile.peak_headcount is None:
            reason += (
                f"; {chosen.program}'s limit counts the most people at any time in the past "
                "12 months, and the profile gives only today's headcount (add peak_headcount)"
            )
        return ProgramChoice(chosen, reason, True, warning)
    if profile.certificates:
        last = profile.certificates[-1]
        program_tools = [tool for tool in tools if tool.program == last.program]
        chosen = by_id.get(last.tool or "") or next(iter(_preferred_first(program_tools)), None)
        if chosen is not None and chosen.program == last.program:
            reason = (
                f"{last.program}, the program of the last audit in the profile ({last.date}); "
                "the profile gives no headcount to check it by"
            )
            return ProgramChoice(chosen, reason, True, warning)
    if stated_headcount is not None:
        chosen = tool_for_headcount(tools, stated_headcount.count)
        if chosen is not None:
            return ProgramChoice(chosen, _stated_reason(chosen, stated_headcount), False)
    tool = default_tool()
    return ProgramChoice(
        tool,
        f"{tool.id}, the default: neither the profile nor the evidence gives a headcount to "
        "choose the program by; another tool with --tool",
        False,
    )


def _stated_reason(chosen: AuditTool, stated: StatedHeadcount) -> str:
    return (
        f"{chosen.program} for {stated.count} people on the WCB account, as the evidence "
        f"states it ({stated.source()}): {chosen.id} serves {_size_range(chosen)}; the "
        "profile gives no headcount, so confirm it there (evidencekit profile FOLDER "
        "accept headcount)"
    )


def _program_size(profile: CompanyProfile) -> tuple[int | None, str]:
    """The people that decide the program, and which profile field gave them. The past
    12 months include today: a headcount above a stale peak is the peak."""
    peak, today = profile.peak_headcount, profile.headcount
    if peak is not None and (today is None or peak >= today):
        return peak, "peak_headcount, the most in the past 12 months"
    return today, "headcount"


def _not_in_force_warning(
    tool: AuditTool, in_force: Sequence[AuditTool], as_of: date
) -> str | None:
    if tool.in_force.covers(as_of):
        return None
    current = [t.id for t in in_force if (t.partner, t.program) == (tool.partner, tool.program)]
    instead = f"; on that day it is {', '.join(current)}" if current else ""
    return f"{tool.id} is used for audits {tool.in_force.describe()}, not on {as_of}{instead}"


def _outgrown_warning(
    tools: Sequence[AuditTool], profile: CompanyProfile, asked: AuditTool | None
) -> str | None:
    """Said when a company bigger than its program's size (SECOR over 10) holds it or
    asks for it: it has to move to the program that serves its size."""
    size, counted = _program_size(profile)
    if size is None:
        return None
    held = next((r for r in reversed(profile.certificates)), None)
    program = asked.program if asked is not None else held.program if held else None
    if program is None:
        return None
    program_tools = [tool for tool in tools if tool.program == program]
    limit = asked or next(iter(_preferred_first(program_tools)), None)
    if limit is None or limit.employees_max is None or size <= limit.employees_max:
        return None
    why = (
        f"--tool {asked.id} is a {program} tool"
        if asked is not None
        else f"the company's last audit ({held.audit_type}, {held.date}) was {program}"  # type: ignore[union-attr]
    )
    move_to = tool_for_headcount(tools, size)
    move = f"; it must move to {move_to.program} ({move_to.id})" if move_to else ""
    return (
        f"{why}, but {size} people are on the WCB account (profile {counted}): "
        f"more than the {limit.employees_max} {program} serves ({limit.id}){move}"
    )


# --- the audit due -----------------------------------------------------------------------


@dataclass(frozen=True)
class DueAudit:
    """The next audit of the company's certificate cycle, with its dates and marks."""

    audit_type: AuditType
    #: How a person says it: "maintenance audit, year 1 of 2".
    label: str
    reason: str
    #: The certifying audit the current certificate comes from, and its dates.
    certified: CertificateRecord | None = None
    issued: date | None = None
    expires: date | None = None
    #: The latest day the audit may be held; None when nothing fixes it (a first one).
    deadline: date | None = None
    #: The deadline passed with no such audit in the history.
    overdue: bool = False
    #: Audit types that may stand in for it where the company is eligible.
    alternatives: tuple[str, ...] = ()

    def due_in(self, year: int) -> bool:
        return self.overdue or (self.deadline is not None and self.deadline.year == year)


def due_audit(tool: AuditTool, profile: CompanyProfile, as_of: date) -> DueAudit:
    """The audit due next on ``tool``'s program, from the profile's history up to
    ``as_of`` and the tool's certificate cycle."""
    history = [
        record
        for record in profile.certificates
        if record.program == tool.program and date.fromisoformat(record.date) <= as_of
    ]
    certified_at = next(
        (i for i in range(len(history) - 1, -1, -1) if is_certifying(history[i].audit_type)),
        None,
    )
    if certified_at is None:
        other = [r for r in profile.certificates if r.program != tool.program]
        why = (
            f"no {tool.program} certificate in the profile's history"
            if profile.certificates
            else "the profile has no certificate history"
            if not profile.is_empty
            else "no company profile: the certificate history decides the audit due"
        )
        if other:
            why += f" (its {other[-1].program} certificate does not carry over)"
        return DueAudit(_kind(tool, FIRST_AUDIT), "certification audit", why)
    if tool.cycle is None:
        return DueAudit(
            _kind(tool, FIRST_AUDIT),
            "certification audit",
            f"{tool.id} states no certificate_cycle, so the audit due cannot be told",
        )
    return _due_in_cycle(
        tool, tool.cycle, history[certified_at], history[certified_at + 1 :], as_of
    )


def _due_in_cycle(
    tool: AuditTool,
    cycle: CertificateCycle,
    certified: CertificateRecord,
    since: list[CertificateRecord],
    as_of: date,
) -> DueAudit:
    issued = date.fromisoformat(certified.date)
    expires = add_months(issued, 12 * cycle.validity_years)
    held = f"{certified.program} {certified.audit_type} audit of {issued}"
    dates = {"certified": certified, "issued": issued, "expires": expires}
    if as_of >= expires:
        return DueAudit(
            _kind(tool, FIRST_AUDIT),
            "certification audit",
            f"the certificate from the {held} ended on {expires}: a new certification is due",
            **dates,
        )
    done = [record for record in since if not is_certifying(record.audit_type)]
    if len(done) < len(cycle.after_certifying):
        year_number = len(done) + 1
        name = cycle.after_certifying[len(done)]
        deadline, deadline_note = _interim_deadline(cycle, issued, issued.year + year_number)
        overdue = deadline < as_of
        done_text = (
            f"; done since: {', '.join(f'{r.audit_type} {r.date}' for r in done)}" if done else ""
        )
        timing = (
            f"was due by {deadline} and is not in the history"
            if overdue
            else f"is due by {deadline}"
        )
        return DueAudit(
            _kind(tool, name),
            f"{name} audit, year {year_number} of {len(cycle.after_certifying)}",
            f"certified by the {held}{done_text}: the year-{year_number} {name} audit "
            f"{timing} ({tool.id} certificate_cycle){deadline_note}",
            deadline=deadline,
            overdue=overdue,
            alternatives=cycle.alternatives_to(name),
            **dates,
        )
    renewal = RENEWAL_AUDIT if tool.audit_type(RENEWAL_AUDIT) else FIRST_AUDIT
    last_day = expires - timedelta(days=1)
    return DueAudit(
        _kind(tool, renewal),
        f"{renewal} audit",
        f"certified by the {held}, its {len(done)} yearly audits done: the {renewal} "
        f"audit is due before the certificate ends on {expires}",
        deadline=last_day,
        alternatives=cycle.alternatives_to(renewal),
        **dates,
    )


def _interim_deadline(cycle: CertificateCycle, issued: date, year: int) -> tuple[date, str]:
    """The day of ``year`` the interim audit is due, and, where the sources disagree,
    a note that the earliest is shown and should be confirmed."""
    if not cycle.deadline_sources:
        return date.fromisoformat(f"{year}-{cycle.interim_deadline}"), ""
    candidates = [
        (_day_in(year, issued.strftime("%m-%d") if said == "anniversary" else said), said, source)
        for said, source in cycle.deadline_sources
    ]
    earliest = min(candidates)
    if len({day for day, _, _ in candidates}) == 1:
        return earliest[0], ""
    said = "; ".join(f"{day} per {source}" for day, _, source in sorted(candidates))
    return earliest[0], (
        f". The sources disagree on the deadline ({said}): the earlier, {earliest[0]}, is "
        "shown as the safe one; confirm it with the certifying partner"
    )


def _day_in(year: int, month_day: str) -> date:
    # A certificate of 29 February has its anniversary on the 28th in other years.
    try:
        return date.fromisoformat(f"{year}-{month_day}")
    except ValueError:
        return date.fromisoformat(f"{year}-{month_day[:3]}28")


def _kind(tool: AuditTool, name: str) -> AuditType:
    kind = tool.audit_type(name)
    if kind is None:
        names = ", ".join(known.name for known in tool.audit_types)
        raise UsageError(f"{tool.id} has no audit type {name!r}; it has: {names}")
    return kind


# --- the documentation window ------------------------------------------------------------


@dataclass(frozen=True)
class DocumentationWindow:
    """The months of records the audit looks at: ``start`` to ``end`` (the audit day)."""

    start: date
    end: date
    months: int
    #: Where ``end`` comes from: "the audit date" or "the deadline".
    basis: str


def documentation_window(
    kind: AuditType, audit_date: date | None, deadline: date | None
) -> DocumentationWindow | None:
    """The window of ``kind`` ending on the planned audit date, else on the deadline;
    None when the audit type asks for no window or no day is known."""
    months = kind.documentation_window_months
    end, basis = (audit_date, "the audit date") if audit_date else (deadline, "the deadline")
    if months is None or end is None:
        return None
    return DocumentationWindow(add_months(end, -months), end, months, basis)


def pass_mark_text(kind: AuditType) -> str:
    text = f"{kind.overall_pass_pct:g}% overall"
    if kind.element_min_pct is not None:
        text += f" and at least {kind.element_min_pct:g}% in every element"
    return text


# --- what ``check`` assesses against -----------------------------------------------------


@dataclass(frozen=True)
class AssessmentChoice:
    """The tool and audit type ``check`` assesses against, with what to tell the user."""

    tool: AuditTool
    audit_type: str
    #: Why this tool and this audit type, one sentence each (none when both were asked for).
    notices: tuple[str, ...]
    warning: str | None = None
    due: DueAudit | None = None


def choose_assessment(
    tools: Sequence[AuditTool],
    default_tool: Callable[[], AuditTool],
    profile: CompanyProfile,
    tool_id: str | None,
    audit_type: str | None,
    as_of: date,
    *,
    stated_headcount: StatedHeadcount | None = None,
) -> AssessmentChoice:
    """What ``tool_id`` and ``audit_type`` leave open, decided from the profile: the tool
    by the headcount (or history; else the headcount the evidence states), the audit
    type due by the certificate history."""
    if profile.is_empty and (tool_id is not None or stated_headcount is None):
        return _without_profile(tools, default_tool, tool_id, audit_type)
    program = choose_program(
        tools, profile, tool_id, default_tool, as_of, stated_headcount=stated_headcount
    )
    notices = [] if tool_id else [f"Assessed against {program.tool.id}: {program.reason}."]
    if audit_type is not None:
        return AssessmentChoice(program.tool, audit_type, tuple(notices), program.warning)
    due = due_audit(program.tool, profile, as_of)
    said = f"{due.label[0].upper()}{due.label[1:]} (pass mark {pass_mark_text(due.audit_type)}): "
    # Without a profile (the evidence chose the program), say what a profile would answer.
    said += f"{NO_PROFILE_HINT}." if profile.is_empty else f"{due.reason}."
    if due.alternatives:
        said += f" Instead, where eligible: {', '.join(due.alternatives)} (evidencekit actionplan)."
    notices.append(said)
    return AssessmentChoice(program.tool, due.audit_type.name, tuple(notices), program.warning, due)


#: What ``check`` tells a user with no profile about the answers that need one.
NO_PROFILE_HINT = (
    "a company profile (evidencekit profile FOLDER, or --profile FILE) would tell the "
    "program from the headcount and the audit due from the certificate history"
)


def _without_profile(
    tools: Sequence[AuditTool],
    default_tool: Callable[[], AuditTool],
    tool_id: str | None,
    audit_type: str | None,
) -> AssessmentChoice:
    notices = []
    if tool_id is None:
        tool = default_tool()
        small = sorted(
            {
                f"{t.program} for {t.employees_max} employees or fewer"
                for t in tools
                if t.employees_max
            }
        )
        hint = f"; {', '.join(small)}" if small else ""
        notices.append(
            f"Assessed against {tool.id}, the default; another tool with --tool (see "
            f"`evidencekit tools`{hint})."
        )
    else:
        tool = choose_program(tools, CompanyProfile(), tool_id, default_tool).tool
    if audit_type is None:
        notices.append(f"Certification audit, the default: {NO_PROFILE_HINT}.")
    return AssessmentChoice(tool, audit_type or FIRST_AUDIT, tuple(notices))


# --- the year's plan (``evidencekit plan``) ----------------------------------------------

#: Tracker statuses of an action still to do before the audit.
OPEN_STATUSES = ("open", "in-progress")
#: Said of an action the tracker closed whose finding the check still finds.
CLOSED_BUT_FOUND = "closed in the tracker but found again: reopen it, or file the proof it was done"
_SEVERITY_ORDER = ("critical", "major", "minor", "warning")


@dataclass(frozen=True)
class ActionToClose:
    """A corrective action of the tracker still open, to close before the audit."""

    row: TrackerRow
    #: Why it needs a look beyond being open: due after the audit.
    concerns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionPlanOption:
    """Whether an Action Plan may stand in for the audit due, and its dates that year."""

    verdict: str
    #: The eligibility answers that are no, or still open, with their reasons.
    reasons: tuple[str, ...]
    year: int
    #: None when the tool's data has no dates for ``year``.
    proposal: date | None
    final: date | None
    internal_audit_by: date | None
    #: The company is eligible, or has started a plan (rows stored with ``actionplan``).
    considered: bool
    self_score_pass_pct: float
    #: Why no plan can replace this year's audit any more, or None while one can.
    late: str | None = None
    #: What to say about the year's dates: ``late``, or that the proposal date passed.
    timing: str | None = None


@dataclass(frozen=True)
class CertificatePlan:
    """What ``evidencekit plan`` shows: the certificate, the audit due and by when, its
    pass mark and documentation window, an Action Plan's dates, and the actions to close."""

    company: str | None
    program: ProgramChoice
    as_of: date
    #: The planned audit day (``--audit-date``), when there is one.
    audit_date: date | None
    due: DueAudit
    window: DocumentationWindow | None
    action_plan: ActionPlanOption | None
    actions: tuple[ActionToClose, ...]
    #: Profile answers the plan could not do without, with what each is for.
    missing: tuple[str, ...]
    #: The day the corrective actions must be closed by (the audit date or the deadline).
    close_by: date | None
    #: The audit day the evidence was assessed for (``assessment_day``).
    assessed_for: date
    #: Said when the planned audit day lies after the audit's deadline.
    late_audit_date: str | None = None

    @property
    def tool(self) -> AuditTool:
        return self.program.tool


def assessment_day(due: DueAudit, as_of: date, audit_date: date | None) -> date:
    """The day to assess the evidence at: the planned audit, else the deadline while it
    lies ahead, else ``as_of``."""
    if audit_date is not None:
        return audit_date
    if due.deadline is not None and due.deadline >= as_of:
        return due.deadline
    return as_of


def actions_to_close(
    rows: Iterable[TrackerRow], close_by: date | None, as_of: date
) -> tuple[ActionToClose, ...]:
    """The tracker's open actions on current findings, and those closed in the tracker that
    the check still finds (nothing the check finds is left out), most severe first, then
    by due; each with what needs a look: past due on ``as_of``, due after ``close_by``."""
    found = []
    for row in rows:
        if not row.kind:
            continue  # a finding no longer found
        if row.status not in OPEN_STATUSES and not row.reappeared:
            continue
        concerns = []
        if row.reappeared:
            concerns.append(CLOSED_BUT_FOUND)
        elif row.due and row.due < as_of.isoformat():
            concerns.append(f"past due: it was due {row.due}, before {as_of}")
        elif row.due and close_by is not None and row.due > close_by.isoformat():
            concerns.append(f"due after {close_by}, the day it must be closed by")
        found.append(ActionToClose(row, tuple(concerns)))
    rank = {name: index for index, name in enumerate(_SEVERITY_ORDER)}
    return tuple(
        sorted(
            found,
            key=lambda a: (
                rank.get(a.row.severity, len(rank)),
                a.row.due or "9999",
                a.row.finding_id,
            ),
        )
    )


def missing_profile_answers(profile: CompanyProfile, tools: Sequence[AuditTool]) -> tuple[str, ...]:
    """The profile answers a plan needs and does not have, each with what it is for (the
    programs the headcount chooses between are the installed tools')."""
    missing = []
    if profile.headcount is None:
        programs = " or ".join(
            f"{tool.program} for {_size_range(tool)}" for tool in _one_tool_per_program(tools)
        )
        missing.append(f"headcount: {programs or 'the program'} (the audit tool)")
    if not profile.certificates:
        missing.append("certificates: the certificate's dates and the audit due this year")
    return tuple(missing)


def certificate_plan(
    profile: CompanyProfile,
    program: ProgramChoice,
    due: DueAudit,
    as_of: date,
    audit_date: date | None,
    tracker: Iterable[TrackerRow],
    action_plan: ActionPlanOption | None,
    tools: Sequence[AuditTool],
) -> CertificatePlan:
    """Put the year's plan together from the decisions made on the profile and the folder."""
    close_by = audit_date or due.deadline
    return CertificatePlan(
        assessed_for=assessment_day(due, as_of, audit_date),
        company=profile.company,
        program=program,
        as_of=as_of,
        audit_date=audit_date,
        due=due,
        window=documentation_window(due.audit_type, audit_date, due.deadline),
        action_plan=action_plan,
        actions=actions_to_close(tracker, close_by, as_of),
        missing=missing_profile_answers(profile, tools),
        close_by=close_by,
        late_audit_date=late_audit_date_warning(due, audit_date),
    )


def late_audit_date_warning(due: DueAudit, audit_date: date | None) -> str | None:
    """The sentence to show when the planned audit day is after the due audit's deadline."""
    if audit_date is None or due.deadline is None or audit_date <= due.deadline:
        return None
    return f"the planned audit date {audit_date} is after the deadline {due.deadline}"


def action_plan_option(
    eligibility_verdict: str,
    eligible: bool | None,
    reasons: Iterable[str],
    rules: ActionPlanRules,
    year: int,
    started: bool,
    as_of: date,
) -> ActionPlanOption:
    """An Action Plan's place in the year: the verdict and, from the tool's data, its dates;
    past them (``too_late``, as ``actionplan`` says too) the verdict says it is too late."""
    dates = next((item for item in rules.deadlines if item.year == year), None)
    late = too_late(dates, as_of) if dates else None
    timing = (late or proposal_passed(dates, as_of, started)) if dates else None
    return ActionPlanOption(
        verdict=verdict_in_time(eligibility_verdict, year, late),
        reasons=tuple(reasons),
        year=year,
        proposal=date.fromisoformat(dates.proposal) if dates else None,
        final=date.fromisoformat(dates.final) if dates else None,
        internal_audit_by=date.fromisoformat(dates.internal_audit_by) if dates else None,
        considered=eligible is True or started,
        self_score_pass_pct=rules.self_score_pass_pct,
        late=late,
        timing=timing,
    )
