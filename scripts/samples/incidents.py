"""Incidents of a sample company: who was hurt where, and the corrective actions that follow."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from samples.content import (
    INCIDENT_SCENARIOS,
    Company,
    IncidentScenario,
    person_for,
    pick_site,
    workers_on,
)
from samples.dates import next_weekday, previous_weekday


@dataclass(frozen=True)
class CorrectiveAction:
    text: str
    owner: str
    due: date
    completed: date | None


def closed_on(action: CorrectiveAction) -> date:
    if action.completed is None:
        raise ValueError(f"corrective action {action.text!r} is still open")
    return action.completed


@dataclass(frozen=True)
class Incident:
    number: str
    day: date
    site: str
    worker: str
    reported_by: str
    investigator: str
    scenario: IncidentScenario
    actions: tuple[CorrectiveAction, ...]

    @property
    def description(self) -> str:
        return self.scenario.description.format(worker=self.worker, site=self.site)


def make_incident(
    company: Company,
    day: date,
    rng: random.Random,
    key: str | None = None,
    number: str | None = None,
    open_actions: tuple[int, ...] = (),
) -> Incident:
    """One incident with named people and dated actions; ``open_actions`` stay unfinished."""
    scenario = INCIDENT_SCENARIOS[key or rng.choice(company.pool.incident_keys)]
    actions = tuple(
        CorrectiveAction(
            text=template.text,
            owner=person_for(company, template.owner_key, rng).name,
            due=day + timedelta(days=template.due_in_days),
            completed=None
            if index in open_actions
            else previous_weekday(day + timedelta(days=template.due_in_days - rng.randrange(3))),
        )
        for index, template in enumerate(scenario.actions)
    )
    return Incident(
        number=number or f"INC-{day.year}-{rng.randrange(1, 40):02d}",
        day=day,
        site=pick_site(company, day, rng).name,
        worker=rng.choice(workers_on(company, day)),
        reported_by=rng.choice(company.supervisors).name,
        investigator=company.safety_lead.name,
        scenario=scenario,
        actions=actions,
    )


def investigation_sign_off(incident: Incident) -> date:
    """An investigation is signed off once its closed actions are verified."""
    closed = [action.completed for action in incident.actions if action.completed]
    return next_weekday(max(closed, default=incident.day) + timedelta(days=2))
