"""The kinds of document a plan file may ask for, and how a step's fields become a builder's
arguments: names in the plan (a crew, a topic, a site, an incident) looked up in the company."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from samples.content import COURSES, DRILL_SCENARIOS, Company
from samples.document import DocumentBody
from samples.documents.field import (
    build_committee_minutes,
    build_drill_record,
    build_flha,
    build_maintenance_record,
    build_site_inspection,
    build_subcontractor_prequalification,
    build_toolbox_talk,
    build_visitor_log,
)
from samples.documents.incident_records import (
    build_annual_review,
    build_incident_report,
    build_investigation,
    build_statistics_summary,
)
from samples.documents.program import (
    build_committee_terms,
    build_emergency_response_plan,
    build_formal_hazard_assessment,
    build_harassment_policy,
    build_legislation_list,
    build_policy_statement,
    build_program_manual,
    build_roles,
    build_safe_work_procedure,
)
from samples.documents.training import (
    build_course_certificate,
    build_course_transcript,
    build_crew_workbook,
    build_first_aid_certificate,
    build_orientation,
    build_training_matrix,
    build_training_record,
)
from samples.elements import CROSS_USES
from samples.incidents import Incident, investigation_sign_off


class PlanError(ValueError):
    """A plan file asks for something the generator cannot do; the message says where."""


class PlanSoFar(Protocol):
    """What a step may refer to: the company and what the steps before it made."""

    company: Company

    def incident(self, key: str) -> Incident: ...

    def incidents(self) -> Sequence[Incident]: ...

    def fill(self, template: str) -> str: ...


@dataclass(frozen=True)
class Kind:
    builder: Callable[..., DocumentBody]
    # The date a step of this kind takes when the plan gives none.
    default_date: Callable[[Incident], date] | None = None
    # Arguments computed from what the plan has made so far, not read from the file.
    derived: Callable[[date, PlanSoFar], dict[str, Any]] | None = None

    def fields(self) -> tuple[str, ...]:
        """The step fields this kind takes: its builder's specifics, after company, day, rng."""
        specifics = list(inspect.signature(self.builder).parameters)[3:]
        return tuple(name for name in specifics if name not in DERIVED_ARGUMENTS)


def incidents_of_the_year_before(day: date, plan: PlanSoFar) -> dict[str, Any]:
    """A January review counts the incidents of the year it reviews."""
    return {"incidents": [i for i in plan.incidents() if i.day.year == day.year - 1]}


def incidents_of_the_year_so_far(day: date, plan: PlanSoFar) -> dict[str, Any]:
    return {"incidents": [i for i in plan.incidents() if i.day.year == day.year and i.day <= day]}


# Builder arguments no plan gives: a kind's ``derived`` computes them.
DERIVED_ARGUMENTS = ("incidents",)
KINDS: dict[str, Kind] = {
    "policy-statement": Kind(build_policy_statement),
    "program-manual": Kind(build_program_manual),
    "harassment-policy": Kind(build_harassment_policy),
    "roles": Kind(build_roles),
    "committee-terms": Kind(build_committee_terms),
    "legislation-list": Kind(build_legislation_list),
    "formal-hazard-assessment": Kind(build_formal_hazard_assessment),
    "safe-work-procedure": Kind(build_safe_work_procedure),
    "emergency-response-plan": Kind(build_emergency_response_plan),
    "flha": Kind(build_flha),
    "toolbox-talk": Kind(build_toolbox_talk),
    "site-inspection": Kind(build_site_inspection),
    "committee-minutes": Kind(build_committee_minutes),
    "drill-record": Kind(build_drill_record),
    "maintenance-record": Kind(build_maintenance_record),
    "visitor-log": Kind(build_visitor_log),
    "subcontractor-prequalification": Kind(build_subcontractor_prequalification),
    "orientation": Kind(build_orientation),
    "training-record": Kind(build_training_record),
    "training-matrix": Kind(build_training_matrix),
    "course-transcript": Kind(build_course_transcript),
    "course-certificate": Kind(build_course_certificate),
    "first-aid-certificate": Kind(build_first_aid_certificate),
    "crew-workbook": Kind(build_crew_workbook),
    "incident-report": Kind(build_incident_report, default_date=lambda incident: incident.day),
    "investigation": Kind(build_investigation, default_date=investigation_sign_off),
    "annual-review": Kind(build_annual_review, derived=incidents_of_the_year_before),
    "statistics-summary": Kind(build_statistics_summary, derived=incidents_of_the_year_so_far),
}


def one_named(items: Sequence[Any], name_of: Callable[[Any], str], value: object, what: str) -> Any:
    for item in items:
        if name_of(item) == value:
            return item
    known = ", ".join(repr(name_of(item)) for item in items)
    raise PlanError(f"no {what} {value!r}; known: {known}")


def text(value: object, plan: PlanSoFar) -> str:
    if not isinstance(value, str):
        raise PlanError(f"expected text, got {value!r}")
    return value


def person(value: object, plan: PlanSoFar) -> str:
    if value not in plan.company.everyone:
        raise PlanError(f"{value!r} does not work for {plan.company.name}")
    return str(value)


def whole_number(value: object, plan: PlanSoFar) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise PlanError(f"expected a whole number, got {value!r}")
    return value


def flag(value: object, plan: PlanSoFar) -> bool:
    if not isinstance(value, bool):
        raise PlanError(f"expected true or false, got {value!r}")
    return value


def filled_texts(value: object, plan: PlanSoFar) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise PlanError(f"expected a list of texts, got {value!r}")
    return tuple(plan.fill(text(item, plan)) for item in value)


def cross_uses(value: object, plan: PlanSoFar) -> tuple[str, ...]:
    if not isinstance(value, list) or not set(value) <= set(CROSS_USES):
        raise PlanError(f"uses must be a list of {sorted(CROSS_USES)}, got {value!r}")
    return tuple(value)


def drill_scenario(value: object, plan: PlanSoFar) -> str:
    return one_named(DRILL_SCENARIOS, lambda scenario: scenario[0], value, "drill scenario")[0]


# One reader per builder argument a step may give, by the argument's name.
FIELD_READERS: dict[str, Callable[[Any, PlanSoFar], Any]] = {
    "scope": text,
    "contractor": text,
    "worker": person,
    "holder": person,
    "completed": text,
    "revision": whole_number,
    "draft": flag,
    "notes": filled_texts,
    "uses": cross_uses,
    "scenario": drill_scenario,
    "incident": lambda value, plan: plan.incident(value),
    "crew": lambda value, plan: one_named(plan.company.crews, lambda c: c.name, value, "crew"),
    "site": lambda value, plan: one_named(plan.company.sites, lambda s: s.name, value, "site"),
    "topic": lambda value, plan: one_named(
        plan.company.pool.topics, lambda t: t.title, value, "toolbox talk topic"
    ),
    "procedure": lambda value, plan: one_named(
        plan.company.pool.procedures, lambda p: p.title, value, "safe work procedure"
    ),
    "equipment": lambda value, plan: one_named(
        plan.company.pool.equipment, lambda e: e.name, value, "equipment"
    ),
    "course": lambda value, plan: one_named(COURSES, lambda c: c[0], value, "course"),
}
_UNREADABLE = {field for kind in KINDS.values() for field in kind.fields()} - set(FIELD_READERS)
if _UNREADABLE:
    raise ValueError(f"builder arguments no plan field reads: {sorted(_UNREADABLE)}")
