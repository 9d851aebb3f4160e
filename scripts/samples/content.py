"""The fictional world the samples are made of: the companies, their people, sites and trade,
and the words of their records, read from ``scripts/sample_content.yaml``."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class Crew:
    name: str
    foreman: Person
    members: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    name: str
    short: str
    start: date
    end: date


@dataclass(frozen=True)
class Hazard:
    name: str
    control: str
    task: str


@dataclass(frozen=True)
class Topic:
    title: str
    summary: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Equipment:
    name: str
    unit: str
    meter: str  # "hours" or "km"
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Procedure:
    title: str
    purpose: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Schedule:
    """The frequencies a company's own manual promises; the records are judged against them."""

    inspections: str
    flha: str
    meetings: str
    committee: str
    drills: str
    policy_review: str


@dataclass(frozen=True)
class TradePool:
    """What a trade's records talk about; companies of the same trade share one."""

    hazards: tuple[Hazard, ...]
    topics: tuple[Topic, ...]
    inspection_items: tuple[tuple[str, str], ...]  # (item, what a deficiency looked like)
    equipment: tuple[Equipment, ...]
    procedures: tuple[Procedure, ...]
    incident_keys: tuple[str, ...]


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    program: str
    trade: str
    city: str
    headcount: int
    leader: Person
    safety_lead: Person
    crews: tuple[Crew, ...]
    office: tuple[Person, ...]
    sites: tuple[Site, ...]
    pool: TradePool
    committee: str
    schedule: Schedule
    # Workers hired during the records' period; nobody appears on a record before this date.
    start_dates: tuple[tuple[str, date], ...] = ()

    @property
    def supervisors(self) -> tuple[Person, ...]:
        return tuple(crew.foreman for crew in self.crews)

    @property
    def workers(self) -> tuple[str, ...]:
        return tuple(name for crew in self.crews for name in crew.members)

    @property
    def everyone(self) -> tuple[str, ...]:
        people = (self.leader, self.safety_lead, *self.office, *self.supervisors)
        return tuple(dict.fromkeys([p.name for p in people] + list(self.workers)))


@dataclass(frozen=True)
class ActionTemplate:
    text: str
    owner_key: str
    due_in_days: int


@dataclass(frozen=True)
class IncidentScenario:
    kind: str
    summary: str
    description: str  # {worker} and {site} are filled in
    immediate_action: str
    causes: tuple[str, ...]
    actions: tuple[ActionTemplate, ...]


# They live in sample_content.yaml beside the generator script: prose reads better there than
# in code, and adding a hazard or a topic needs no code change.
CONTENT_FILE = Path(__file__).resolve().parent.parent / "sample_content.yaml"


def person_from(raw: dict[str, str]) -> Person:
    return Person(raw["name"], raw["role"])


def site_from(raw: dict[str, str]) -> Site:
    return Site(
        raw["name"], raw["short"], date.fromisoformat(raw["start"]), date.fromisoformat(raw["end"])
    )


def trade_pool_from(raw: dict[str, Any]) -> TradePool:
    return TradePool(
        hazards=tuple(Hazard(**hazard) for hazard in raw["hazards"]),
        topics=tuple(Topic(t["title"], t["summary"], tuple(t["points"])) for t in raw["topics"]),
        inspection_items=tuple((i["item"], i["deficiency"]) for i in raw["inspection_items"]),
        equipment=tuple(
            Equipment(e["name"], e["unit"], e["meter"], tuple(e["tasks"])) for e in raw["equipment"]
        ),
        procedures=tuple(
            Procedure(p["title"], p["purpose"], tuple(p["steps"])) for p in raw["procedures"]
        ),
        incident_keys=tuple(raw["incidents"]),
    )


def company_from(raw: dict[str, Any], pools: dict[str, TradePool]) -> Company:
    return Company(
        slug=raw["slug"],
        name=raw["name"],
        program=raw["program"],
        trade=raw["trade"],
        city=raw["city"],
        headcount=raw["headcount"],
        leader=person_from(raw["leader"]),
        safety_lead=person_from(raw["safety_lead"]),
        crews=tuple(
            Crew(c["name"], person_from(c["foreman"]), tuple(c["members"])) for c in raw["crews"]
        ),
        office=tuple(person_from(person) for person in raw["office"]),
        sites=tuple(site_from(site) for site in raw["sites"]),
        pool=pools[raw["pool"]],
        committee=raw["committee"],
        schedule=Schedule(**raw["schedule"]),
        start_dates=tuple(
            (name, date.fromisoformat(day)) for name, day in raw["start_dates"].items()
        ),
    )


def variant_company_from(raw: dict[str, Any], base: Company) -> Company:
    """A benchmark-only company: another name, people and sites on a sample company's trade."""
    return replace(
        base,
        slug=raw["slug"],
        name=raw["name"],
        city=raw["city"],
        headcount=raw["headcount"],
        leader=person_from(raw["leader"]),
        safety_lead=person_from(raw["safety_lead"]),
        sites=tuple(site_from(site) for site in raw["sites"]),
    )


def scenario_from(raw: dict[str, Any]) -> IncidentScenario:
    return IncidentScenario(
        kind=raw["kind"],
        summary=raw["summary"],
        description=raw["description"],
        immediate_action=raw["immediate_action"],
        causes=tuple(raw["causes"]),
        actions=tuple(ActionTemplate(**action) for action in raw["actions"]),
    )


CONTENT: dict[str, Any] = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
POOLS = {key: trade_pool_from(raw) for key, raw in CONTENT["pools"].items()}
SAMPLE_COMPANIES = {key: company_from(raw, POOLS) for key, raw in CONTENT["companies"].items()}
NORTHRIDGE = SAMPLE_COMPANIES["northridge"]
PRAIRIE_LINE = SAMPLE_COMPANIES["prairie_line"]
INCIDENT_SCENARIOS = {key: scenario_from(raw) for key, raw in CONTENT["incident_scenarios"].items()}
WEATHER_BY_SEASON = {season: tuple(days) for season, days in CONTENT["weather_by_season"].items()}
POLICY_OPENINGS: tuple[str, ...] = tuple(CONTENT["policy_openings"])
CREW_QUESTIONS: tuple[str, ...] = tuple(CONTENT["crew_questions"])
COMMITTEE_BUSINESS: tuple[str, ...] = tuple(CONTENT["committee_business"])
ORIENTATION_TOPICS: tuple[str, ...] = tuple(CONTENT["orientation_topics"])
COURSES = tuple((c["name"], c["provider"], c["length"]) for c in CONTENT["courses"])
EMERGENCY_PROCEDURES = tuple(
    (p["name"], tuple(p["steps"])) for p in CONTENT["emergency_procedures"]
)
DRILL_SCENARIOS = tuple((d["name"], d["setup"], d["went_well"]) for d in CONTENT["drill_scenarios"])
VISITORS = tuple((v["name"], v["organization"]) for v in CONTENT["visitors"])
SUBCONTRACTORS: tuple[str, ...] = tuple(CONTENT["subcontractors"])
NAME_PATTERNS = {doc_type: tuple(names) for doc_type, names in CONTENT["name_patterns"].items()}
SECTION_FOLDERS = {
    doc_type: tuple(folders) for doc_type, folders in CONTENT["section_folders"].items()
}
VOCABULARY: dict[str, tuple[str, ...]] = {
    key: tuple(words) for key, words in CONTENT["vocabulary"].items()
}


def on_payroll(company: Company, name: str, day: date) -> bool:
    return dict(company.start_dates).get(name, date.min) <= day


def workers_on(company: Company, day: date) -> tuple[str, ...]:
    return tuple(name for name in company.workers if on_payroll(company, name, day))


def people_on(company: Company, day: date) -> tuple[str, ...]:
    return tuple(name for name in company.everyone if on_payroll(company, name, day))


def active_sites(company: Company, day: date) -> tuple[Site, ...]:
    sites = tuple(site for site in company.sites if site.start <= day <= site.end)
    return sites or company.sites


def pick_site(company: Company, day: date, rng: random.Random) -> Site:
    return rng.choice(active_sites(company, day))


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split())


def short_name(name: str) -> str:
    first, *rest = name.split()
    return f"{first[0]} {' '.join(rest)}"


def person_for(company: Company, role_key: str, rng: random.Random) -> Person:
    """The person who owns an action: the leader, the safety lead or some supervisor."""
    if role_key == "leader":
        return company.leader
    if role_key == "safety":
        return company.safety_lead
    return rng.choice(company.supervisors)


def weather_on(day: date, rng: random.Random) -> str:
    season = ("winter", "winter", "spring", "spring", "spring", "summer",
              "summer", "summer", "fall", "fall", "fall", "winter")[day.month - 1]  # fmt: skip
    return rng.choice(WEATHER_BY_SEASON[season])
