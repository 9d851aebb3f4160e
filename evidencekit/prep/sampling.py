"""The sampling plan of an audit: how many people to interview and which sites to visit,
from the company profile and the audit tool's sampling tables, and a suggested interview
list that reaches every level, role, shift and kind of employment, each choice explained.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evidencekit.models import AuditTool, SamplingExample, SamplingRow, SiteShareRow
from evidencekit.profile.model import CompanyProfile, ProfileError, Role, Site
from evidencekit.vocabulary import EMPLOYMENTS, LEVELS, SUBCONTRACTOR

#: The profile answers a sampling plan is made from, in the order they are asked for.
PLAN_ANSWERS = ("headcount", "sites", "roles", "shifts")


@dataclass(frozen=True)
class SiteChoice:
    """A site to visit, or one left out, and why."""

    site: Site
    #: The company's own people whose roles can work there (subcontractors' not counted).
    people: int
    reason: str
    #: Subcontractors' workers whose roles can work there.
    subcontracted: int = 0


@dataclass(frozen=True)
class InterviewSlot:
    """One suggested interview: who (a role, a named person if the profile names one), on
    which shift."""

    role: str
    audience: str
    employment: str
    shift: str | None
    person: str | None = None
    #: The role gives no shifts, so ``shift`` is one of the profile's that the role is
    #: taken to work: an assumption, said next to it.
    shift_assumed: bool = False

    @property
    def shift_text(self) -> str:
        """ "weekend shift", or "weekend shift, assumed" when the profile does not say it."""
        if self.shift is None:
            return ""
        return f"{self.shift} shift" + (", assumed" if self.shift_assumed else "")


@dataclass(frozen=True)
class RoleAllocation:
    """The interviews given to one role, with the share its people would get and why."""

    role: Role
    interviews: int
    share: float
    reason: str


@dataclass(frozen=True)
class GroupCoverage:
    """How many interviews reach one group (a level, a shift, an employment type)."""

    kind: str
    group: str
    people: int
    interviews: int
    #: Of ``people``, those in roles that give no shifts, counted on every shift (assumed).
    assumed_people: int = 0


@dataclass(frozen=True)
class SamplingPlan:
    """How many interviews, which sites, and whom; ``missing`` lists the profile answers
    it still needs (then the counts it cannot tell are ``None``)."""

    tool_id: str
    headcount: int | None
    #: Interviews planned of the company's own people: at least the table's minimum,
    #: raised where that is needed to reach every role.
    interviews: int | None
    #: The least the tool's table or examples ask for (shown as "at least").
    interviews_at_least: int | None
    interview_rule: str
    subcontractor_interviews: int
    sites_to_visit: int | None
    site_rule: str
    sites: tuple[SiteChoice, ...]
    sites_left_out: tuple[SiteChoice, ...]
    #: Sites the profile lists as no longer active: not sampled.
    sites_inactive: tuple[Site, ...]
    allocations: tuple[RoleAllocation, ...]
    slots: tuple[InterviewSlot, ...]
    coverage: tuple[GroupCoverage, ...]
    notes: tuple[str, ...]
    missing: tuple[str, ...]


def audience_of(role: Role) -> str:
    """Whom a role's interview questions are for: its level, or subcontractor."""
    return SUBCONTRACTOR if role.employment == SUBCONTRACTOR else role.level


def check_interview_profile(profile: CompanyProfile, role_filter: Iterable[str] = ()) -> None:
    """Raise ``ProfileError`` naming the field when the profile cannot make an interview plan."""
    role_names = [role.name for role in profile.roles]
    site_names = {site.name for site in profile.sites}
    for index, role in enumerate(profile.roles):
        where = f"roles[{index}]"
        if role.level not in LEVELS:
            raise ProfileError(f"{where}.level: {role.level!r} is not one of {', '.join(LEVELS)}")
        if role.employment not in EMPLOYMENTS:
            raise ProfileError(
                f"{where}.employment: {role.employment!r} is not one of {', '.join(EMPLOYMENTS)}"
            )
        if isinstance(role.people, bool) or not isinstance(role.people, int) or role.people < 0:
            raise ProfileError(f"{where}.people: must be a whole number of 0 or more")
        for shift in role.shifts:
            if shift not in profile.shifts:
                raise ProfileError(
                    f"{where}.shifts: {shift!r} is not one of the profile's shifts"
                    f" ({_listed(profile.shifts)})"
                )
        for site in role.sites:
            if site not in site_names:
                raise ProfileError(f"{where}.sites: {site!r} is not one of the profile's sites")
    if len(set(role_names)) != len(role_names):
        twice = next(name for name, n in Counter(role_names).items() if n > 1)
        raise ProfileError(f"roles: {twice!r} is defined twice")
    for index, person in enumerate(profile.people):
        if person.role is not None and person.role not in role_names:
            raise ProfileError(
                f"people[{index}].role: {person.role!r} is not a role of the profile"
                f" (roles: {_listed(role_names)})"
            )
        if person.site is not None and person.site not in site_names:
            raise ProfileError(
                f"people[{index}].site: {person.site!r} is not one of the profile's sites"
            )
    own_people = sum(role.people for role in profile.roles if role.employment != SUBCONTRACTOR)
    if profile.headcount is not None and profile.headcount < own_people:
        raise ProfileError(
            f"headcount: {profile.headcount} is below the {own_people} people the roles hold"
            " (roles[].people, subcontractors not counted); count everyone on the WCB account"
        )
    for name in role_filter:
        if name not in role_names:
            raise ProfileError(
                f"--role: {name!r} is not a role of the profile (roles: {_listed(role_names)})"
            )


def sample_size(rows: Sequence[SamplingRow], count: int) -> tuple[int, str] | None:
    """How many of ``count`` people or sites the table samples, and the row it used."""
    if not rows:
        return None
    row = next((row for row in rows if count <= row.up_to), None)
    if row is None:
        last = rows[-1]
        return last.sample, f"beyond the table's last row (up to {last.up_to}: {last.sample})"
    return min(row.sample, count), f"the row 'up to {row.up_to}: {row.sample}'"


def least_from_examples(
    examples: Sequence[SamplingExample], people: int
) -> tuple[int, str, int | None]:
    """The fewest interviews published examples support for ``people``, why, and the next
    example's count when ``people`` falls between two: the example at or below the
    headcount (a bigger company is asked at least as much), never the next one up, since
    the count between two examples is not published."""
    below = [example for example in examples if example.people <= people]
    above = next((example for example in examples if example.people > people), None)
    if not below:
        least = min(examples[0].at_least, people)
        why = (
            f"fewer people than the smallest example ({examples[0].people} people: at least"
            f" {examples[0].at_least}), so at least {least}"
        )
        return least, why, None
    nearest = below[-1]
    why = f"the example for {nearest.people} people asks at least {nearest.at_least}"
    if nearest.people == people or above is None:
        return nearest.at_least, why, None
    why += f", the next (for {above.people}) {above.at_least}"
    return nearest.at_least, why, above.at_least


def sites_to_visit(tool: AuditTool, count: int) -> tuple[int, str]:
    """How many of ``count`` active sites to visit, and by which rule of the tool."""
    share = _share_row(tool.preparation.site_share, count)
    if share is not None:
        visited = math.ceil(count / share.one_in)
        return visited, (
            f"{count} sites: one in {share.one_in} from {share.from_sites} to {share.up_to}"
            f" sites ({tool.id})"
        )
    sized = sample_size(tool.site_sampling, count)
    if sized is None:
        return count, f"{tool.id} has no site sampling table: every active site"
    visited, row = sized
    return visited, f"{count} sites: {row} of {tool.id}'s site table"


def plan_sampling(tool: AuditTool, profile: CompanyProfile) -> SamplingPlan:
    """The sampling plan for ``profile`` (already checked) against ``tool``'s tables."""
    missing = tuple(
        answer
        for answer, given in zip(
            PLAN_ANSWERS,
            (profile.headcount is not None, profile.sites, profile.roles, profile.shifts),
            strict=True,
        )
        if not given
    )
    notes: list[str] = []
    interviews_at_least, interview_rule, next_example = _interview_minimum(tool, profile)
    interviews = _interviews_planned(interviews_at_least, next_example, profile, notes)
    active = [site for site in profile.sites if site.active]
    visit, site_rule = sites_to_visit(tool, len(active)) if active else (None, "no sites given")
    chosen, left_out = _choose_sites(active, profile.roles, visit or 0)
    own = [role for role in profile.roles if role.employment != SUBCONTRACTOR and role.people]
    allocations = _allocate(own, interviews, profile, notes) if interviews else []
    subcontractors = [role for role in profile.roles if role.employment == SUBCONTRACTOR]
    if subcontractors and tool.preparation.subcontractors:
        allocations += [
            RoleAllocation(role, 1, 1.0, f"subcontractor role: {tool.id} asks for one interview")
            for role in subcontractors
        ]
    elif subcontractors:
        notes.append(f"{tool.id} does not ask for subcontractor interviews; none planned.")
    if own:
        unrepresented = [
            level
            for level in tool.preparation.levels or LEVELS
            if not any(role.level == level for role in own)
        ]
        if unrepresented:
            notes.append(
                f"No role of the profile is at the level of {_listed(unrepresented)}; an"
                " auditor interviews every level, so add the roles that are."
            )
    unshifted = [role.name for role in own if not role.shifts]
    if len(profile.shifts) > 1 and unshifted:
        notes.append(
            f"{_listed(unshifted)}: the profile gives no shifts for these roles, so they are"
            f" counted on every shift ({_listed(profile.shifts)}) and their interviews put on"
            " the shifts no one else reaches; that they work those shifts is assumed (set"
            " roles.NAME.shifts to say)."
        )
    visited = {choice.site.name for choice in chosen}
    slots = _slots(allocations, profile, visited)
    return SamplingPlan(
        tool_id=tool.id,
        headcount=profile.headcount,
        interviews=interviews,
        interviews_at_least=interviews_at_least,
        interview_rule=interview_rule,
        subcontractor_interviews=sum(
            a.interviews for a in allocations if a.role.employment == SUBCONTRACTOR
        ),
        sites_to_visit=visit,
        site_rule=site_rule,
        sites=tuple(chosen),
        sites_left_out=tuple(left_out),
        sites_inactive=tuple(site for site in profile.sites if not site.active),
        allocations=tuple(allocations),
        slots=tuple(slots),
        coverage=tuple(_coverage(tool, profile, slots)),
        notes=tuple(notes),
        missing=missing,
    )


# --- how many interviews -----------------------------------------------------------------


def _interview_minimum(
    tool: AuditTool, profile: CompanyProfile
) -> tuple[int | None, str, int | None]:
    """The least number of interviews the tool's examples or table ask for, why, and the
    next example's count when the headcount falls between two examples."""
    if profile.headcount is None:
        return None, "the headcount is needed to size the sample", None
    people = profile.headcount
    if tool.interview_examples:
        least, why, next_example = least_from_examples(tool.interview_examples, people)
        return least, f"{people} people: {why} ({tool.id})", next_example
    sized = sample_size(tool.interview_sampling, people)
    if sized is None:
        own = [role for role in profile.roles if role.employment != SUBCONTRACTOR and role.people]
        # Without a table, the least sample that still reaches every role.
        why = (
            f"{tool.id} has no interview sampling table: one interview per role, the least"
            " that reaches every group"
        )
        return len(own) or None, why, None
    least, row = sized
    return least, f"{people} people: {row} of {tool.id}'s interview table", None


def _interviews_planned(
    least: int | None, next_example: int | None, profile: CompanyProfile, notes: list[str]
) -> int | None:
    """The minimum, capped at the people the roles hold. Between two examples the minimum
    is the smaller company's, so the plan is raised to one interview per role (never past
    the next example's count) for every role to be heard."""
    if least is None:
        return None
    own = [role for role in profile.roles if role.employment != SUBCONTRACTOR and role.people]
    count = least
    if next_example is not None and len(own) > count:
        count = min(len(own), next_example)
        notes.append(
            f"At least {least} interviews are asked for; {count} are planned, one per role, so"
            " that every role is heard (no count between the examples is published)."
        )
    in_roles = sum(role.people for role in own)
    if own and in_roles < count:
        notes.append(
            f"At least {count} interviews are asked for but the roles hold {in_roles} people:"
            f" all {in_roles} are planned."
        )
        count = in_roles
    if own and profile.headcount is not None and in_roles < profile.headcount:
        notes.append(
            f"{profile.headcount - in_roles} of the {profile.headcount} people on the"
            " headcount are in no role of the profile; the plan covers the roles listed."
        )
    return count


# --- which sites -------------------------------------------------------------------------


def _share_row(rows: Sequence[SiteShareRow], count: int) -> SiteShareRow | None:
    return next((row for row in rows if row.from_sites <= count <= row.up_to), None)


def _people_at(site: Site, roles: Sequence[Role], subcontracted: bool = False) -> int:
    """The company's own people (or, ``subcontracted``, the subcontractors' workers) whose
    roles can work at ``site``."""
    return sum(
        role.people
        for role in roles
        if (not role.sites or site.name in role.sites)
        and (role.employment == SUBCONTRACTOR) == subcontracted
    )


def _site_choice(site: Site, roles: Sequence[Role], reason: str) -> SiteChoice:
    return SiteChoice(site, _people_at(site, roles), reason, _people_at(site, roles, True))


def _who_can_work_at(site: Site, roles: Sequence[Role]) -> str:
    own, subcontracted = _people_at(site, roles), _people_at(site, roles, True)
    text = f"{own} of the company's people can work there"
    if subcontracted:
        text += f", and {subcontracted} subcontractors' workers"
    return text


def _choose_sites(
    active: list[Site], roles: Sequence[Role], visit: int
) -> tuple[list[SiteChoice], list[SiteChoice]]:
    """Each kind of site first (its busiest), then the busiest of the rest."""
    busiest = sorted(active, key=lambda site: -_people_at(site, roles))
    chosen: list[SiteChoice] = []
    kinds_seen: set[str | None] = set()
    for site in busiest:
        if len(chosen) < visit and site.kind not in kinds_seen:
            kinds_seen.add(site.kind)
            reason = f"the busiest {site.kind} site" if site.kind else "the busiest site"
            reason += f" ({_who_can_work_at(site, roles)})"
            chosen.append(_site_choice(site, roles, reason))
    picked = {choice.site.name for choice in chosen}
    for site in busiest:
        if len(chosen) < visit and site.name not in picked:
            picked.add(site.name)
            reason = f"next most people ({_who_can_work_at(site, roles)})"
            chosen.append(_site_choice(site, roles, reason))
    order = {site.name: index for index, site in enumerate(active)}
    chosen.sort(key=lambda choice: order[choice.site.name])
    left_out = [
        _site_choice(site, roles, "fewer people, and its kind is visited")
        for site in active
        if site.name not in picked
    ]
    return chosen, left_out


# --- whom --------------------------------------------------------------------------------


def _groups(role: Role, profile: CompanyProfile) -> set[tuple[str, str]]:
    shifts = role.shifts or profile.shifts
    return {("level", role.level), ("employment", role.employment)} | {
        ("shift", shift) for shift in shifts
    }


def _allocate(
    roles: list[Role], total: int, profile: CompanyProfile, notes: list[str]
) -> list[RoleAllocation]:
    """At least one interview per role, the rest in proportion to the roles' people."""
    people = sum(role.people for role in roles)
    if not roles:
        return []
    given = dict.fromkeys((role.name for role in roles), 0)
    first: list[Role] = []
    if total >= len(roles):
        first = list(roles)
    else:
        # Too few interviews for every role: reach every group first, the biggest roles next.
        uncovered = set().union(*(_groups(role, profile) for role in roles))
        pool = list(roles)
        while len(first) < total:
            best = max(
                pool, key=lambda role: (len(_groups(role, profile) & uncovered), role.people)
            )
            first.append(best)
            pool.remove(best)
            uncovered -= _groups(best, profile)
        left = [role.name for role in pool]
        notes.append(
            f"{total} interviews cannot reach all {len(roles)} roles; not interviewed:"
            f" {_listed(left)}. Every level, shift and employment type is still reached"
            " where the roles allow."
        )
    for role in first:
        given[role.name] = 1
    shares = {role.name: total * role.people / people for role in roles}
    # The seats left go one by one to the role with the highest Sainte-Laguë quotient
    # (people / (2 * seats + 1)): the roles given a seat above their share pay for it in
    # proportion to their size, not the next-largest role alone.
    for _ in range(total - len(first)):
        open_roles = [role for role in roles if given[role.name] < role.people]
        if not open_roles:
            break
        best = max(open_roles, key=lambda role: role.people / (2 * given[role.name] + 1))
        given[best.name] += 1
    return [
        RoleAllocation(
            role,
            given[role.name],
            shares[role.name],
            _reason(role, given[role.name], shares[role.name], people, total),
        )
        for role in roles
    ]


def _reason(role: Role, interviews: int, share: float, people: int, total: int) -> str:
    proportional = f"{role.people} of {people} people: a share of {share:.1f} of {total}"
    if interviews == 0:
        return f"{proportional}; left out so that every group is reached"
    if interviews == role.people:
        return f"{proportional}; everyone in the role"
    if interviews > share:
        return f"{proportional}; raised to {interviews} so that every role is represented"
    return f"{proportional}; {interviews} once every role has one"


def _slots(
    allocations: list[RoleAllocation], profile: CompanyProfile, visited: set[str]
) -> list[InterviewSlot]:
    """Put each role's interviews on its shifts (one no interview reaches yet first, then
    the role's main shift) and name the profile's people where it names them, those at a
    site to visit first."""
    per_shift: Counter[str] = Counter({shift: 0 for shift in profile.shifts})
    # With one shift, a role that gives none works it: nothing is assumed.
    assumable = len(profile.shifts) > 1
    slots: list[InterviewSlot] = []
    # Roles tied to fewer shifts go first: they alone can reach those shifts.
    ordered = sorted(allocations, key=lambda a: len(a.role.shifts or profile.shifts))
    for allocation in ordered:
        role = allocation.role
        shifts = list(role.shifts or profile.shifts)
        named = [
            person.name
            for person in sorted(profile.people, key=lambda person: person.site not in visited)
            if person.role == role.name
        ]
        for index in range(allocation.interviews):
            # A shift nobody reaches yet first; then the role's main (first) shift.
            unreached = [name for name in shifts if not per_shift[name]]
            shift = (unreached or shifts or [None])[0]
            if shift is not None:
                per_shift[shift] += 1
            person = named[index] if index < len(named) else None
            assumed = assumable and shift is not None and not role.shifts
            slots.append(
                InterviewSlot(role.name, audience_of(role), role.employment, shift, person, assumed)
            )
    order = {allocation.role.name: index for index, allocation in enumerate(allocations)}
    slots.sort(key=lambda slot: order[slot.role])
    return slots


def _coverage(
    tool: AuditTool, profile: CompanyProfile, slots: list[InterviewSlot]
) -> list[GroupCoverage]:
    levels = tool.preparation.levels or LEVELS
    roles = {role.name: role for role in profile.roles}
    rows = [
        GroupCoverage(
            "level",
            level,
            sum(
                r.people
                for r in profile.roles
                if r.level == level and r.employment != SUBCONTRACTOR
            ),
            sum(
                1
                for slot in slots
                if roles[slot.role].level == level and slot.employment != SUBCONTRACTOR
            ),
        )
        for level in levels
    ]
    # Shifts count the company's own people, as levels do: subcontractors' workers have
    # their own row, and counting them here would put more people on a shift than the
    # company employs.
    own = [r for r in profile.roles if r.employment != SUBCONTRACTOR]
    rows += [
        GroupCoverage(
            "shift",
            shift,
            sum(r.people for r in own if not r.shifts or shift in r.shifts),
            sum(1 for slot in slots if slot.shift == shift and slot.employment != SUBCONTRACTOR),
            sum(r.people for r in own if not r.shifts) if len(profile.shifts) > 1 else 0,
        )
        for shift in profile.shifts
    ]
    employments = dict.fromkeys(role.employment for role in profile.roles)
    rows += [
        GroupCoverage(
            "employment",
            employment,
            sum(r.people for r in profile.roles if r.employment == employment),
            sum(1 for slot in slots if slot.employment == employment),
        )
        for employment in employments
    ]
    return rows


def _listed(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"
