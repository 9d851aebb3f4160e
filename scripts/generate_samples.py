"""Generate the sample evidence folders, their truth files, and mixed corpora for benchmarks.

Owns ``sample_evidence/<company>/`` for the two fictional companies, the files
``sample_evidence/truth/<company>.yaml`` and ``sample_evidence/README.md``: every one of
them is rewritten from this module and the words in ``sample_content.yaml`` beside it,
never edited by hand. The same document builders and writers also serve
``generate_mixed_corpus``, which fills a folder with throwaway evidence for speed and
search benchmarks.

Run: ``python scripts/generate_samples.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import random
import re
import shutil
import textwrap
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import Any

import docx
import openpyxl
import yaml
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pypdf import PdfReader, PdfWriter

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "sample_evidence"
TRUTH_FOLDER = "truth"
# A fixed offset (Mountain Standard Time), so file dates never depend on the machine's zone.
LOCAL_TZ = timezone(timedelta(hours=-7))
AUDIT_EXPECTED = date(2026, 11, 16)
ENCRYPTED_PDF_PASSWORD = "NRC-payroll-2026"

# The document types evidencekit classifies into, each with its home: the element numbers
# (as DOMAIN.md lists them; the COR 2019 tool and the SECOR 2023 evaluation number their
# ten elements alike) where a document of the type is the primary evidence. Toolbox talks
# and safety meetings prove element 1 (meetings held on the company's schedule); they are
# not training records (element 4), which name a course, a trainer and who passed. A
# builder replaces the home only where a document of the type belongs elsewhere (a
# committee's terms of reference -> 3), and adds cross uses (CROSS_USES) for content that
# also answers another element's question.
ELEMENTS_BY_TYPE: dict[str, tuple[int, ...]] = {
    "policy": (1,),
    "responsibilities": (1,),
    "formal-hazard-assessment": (5,),
    "field-level-hazard-assessment": (5,),
    "safe-work-procedure": (6,),
    "inspection": (7,),
    "maintenance-record": (7,),
    "safety-meeting": (1,),
    "committee-minutes": (3,),
    "orientation-record": (4,),
    "training-record": (4,),
    "certificate": (4,),
    "emergency-response-plan": (8,),
    "drill-record": (8,),
    "incident-report": (9,),
    "investigation": (9,),
    "statistics-review": (10,),
    "contractor-visitor-record": (2,),
    "other": (),
}

# What a document's content may also show, and the element that asks for it in each
# program's audit tool. The two tools do not ask the same questions: a use counts only for
# the programs whose tool has a documentary question it answers, so the truth lists the
# elements a consultant would file the document under for the company's own audit.
CROSS_USES: dict[str, dict[str, int]] = {
    # The program manual is a controlled, revised program document (COR 10.3, SECOR 10.2).
    "program-administration": {"COR": 10, "SECOR": 10},
    # Written processes COR asks for and SECOR does not: visitors (COR 2.1), the inspection
    # program (7.1), incident reporting (9.1); SECOR asks for the records only.
    "visitor-process": {"COR": 2},
    "inspection-program": {"COR": 7},
    "incident-procedure": {"COR": 9},
    # A list of the legislation kept on site (COR 1.7).
    "legislation-access": {"COR": 1},
    # A senior manager did the inspection (COR 1.5: managers take a visible part).
    "senior-manager-took-part": {"COR": 1},
    # A roles document that designates the health and safety representative (3.1 in both).
    "hsr-designated": {"COR": 3, "SECOR": 3},
    # Workers were told of the violence and harassment policies (COR 6.7, SECOR 6.3).
    "harassment-instruction": {"COR": 6, "SECOR": 6},
    # Protective equipment or a health hazard's controls taught (COR 6.3, 6.5); SECOR checks
    # protective equipment by observation only.
    "ppe-or-health-hazards": {"COR": 6},
    # A first aider's certificate is part of the first aid arrangements (COR 8.3); SECOR
    # asks for first aid certificates in 4.3 only.
    "first-aid-cover": {"COR": 8},
    # Extinguishers, eyewash, spill or first aid kits were checked (COR 8.6); SECOR's kit
    # question (8.3) is answered by observation.
    "emergency-equipment-check": {"COR": 8},
    # The company's own incidents, near misses or investigations gone over with the crew or
    # the committee (COR 9.4 and 9.6); SECOR asks nothing about sharing or follow-up.
    "incident-review": {"COR": 9},
}

# Toolbox talk topics (sample_content.yaml) whose content has a cross use.
TOPIC_USES: dict[str, tuple[str, ...]] = {
    # They go over the company's own injuries and near misses and what changed after them.
    "Ladder use": ("incident-review",),
    "Hand safety and knives": ("incident-review",),
    "Housekeeping": ("incident-review",),
    "Reporting near misses": ("incident-review",),
    # Protective equipment inspected, fitted or chosen; a health hazard's controls.
    "Harness inspection": ("ppe-or-health-hazards",),
    "Silica dust": ("ppe-or-health-hazards",),
    "Hearing protection": ("ppe-or-health-hazards",),
    "Arc flash labels": ("ppe-or-health-hazards",),
}
# Courses whose records also answer another element's question: WHMIS training is part of
# controlling chemical hazards (COR 6.5); a record of who holds first aid, of the first
# aid arrangements (COR 8.3).
COURSE_USES = (("WHMIS", "ppe-or-health-hazards"), ("First Aid", "first-aid-cover"))
# Emergency equipment an inspection item or a service task may name.
EMERGENCY_EQUIPMENT = ("extinguisher", "eyewash", "spill kit", "first aid kit")
# Roles that make an inspector a senior manager.
SENIOR_ROLES = ("President", "Owner", "General Manager", "Operations Manager")


# --- The content model ---------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # the first row is the header


@dataclass(frozen=True)
class Signature:
    name: str
    role: str
    signed_on: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Signature | PageBreak


@dataclass(frozen=True)
class DocumentBody:
    """What one document says, independent of the file format it is written in."""

    doc_type: str
    title: str
    effective: date  # the record's own date: meeting, inspection, signature, issue
    author: str
    subject: str  # a few words people put in file names: crew, site, person, unit
    blocks: tuple[Block, ...]
    elements: tuple[int, ...]


class Rendering(StrEnum):
    """How a document lands on disk; the value is the extraction status we expect."""

    TEXT = "ok"
    SCANNED = "needs-ocr"
    ENCRYPTED = "encrypted"
    # A phone photo (.jpg) of a paper form: no extractor reads it until OCR is installed.
    PHOTO = "unsupported"


@dataclass(frozen=True)
class EvidenceDocument:
    path: str  # POSIX, relative to the company folder or corpus root; the suffix picks the format
    body: DocumentBody
    header: str | None  # page header text, usually the company name
    rendering: Rendering = Rendering.TEXT
    # A scanned paper form filled in by hand: names and initials drawn as handwriting.
    handwritten: bool = False


def elements_for(company: Company, doc_type: str, uses: Sequence[str]) -> tuple[int, ...]:
    """The type's home elements and those of the ``uses`` the company's program asks about."""
    cross = (CROSS_USES[use].get(company.program) for use in uses)
    return tuple(sorted({*ELEMENTS_BY_TYPE[doc_type], *(e for e in cross if e is not None)}))


def course_uses(courses: Sequence[str]) -> tuple[str, ...]:
    return tuple(use for word, use in COURSE_USES if names_any(" ".join(courses), (word,)))


def names_any(text: str, words: Sequence[str]) -> bool:
    return any(word.lower() in text.lower() for word in words)


def new_body(
    doc_type: str,
    title: str,
    effective: date,
    author: str,
    subject: str,
    blocks: Sequence[Block],
    elements: tuple[int, ...] | None = None,
) -> DocumentBody:
    return DocumentBody(
        doc_type=doc_type,
        title=title,
        effective=effective,
        author=author,
        subject=subject,
        blocks=tuple(blocks),
        elements=ELEMENTS_BY_TYPE[doc_type] if elements is None else elements,
    )


# --- Dates as people write them ------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DATE_STYLES = ("iso", "slash", "long", "day-first", "short")


def format_date(day: date, style: str) -> str:
    # Month names spelt out here, not via strftime, so the locale cannot change them.
    month = MONTHS[day.month - 1]
    return {
        "iso": day.isoformat(),
        "slash": f"{day.year}/{day.month:02d}/{day.day:02d}",
        "long": f"{month} {day.day}, {day.year}",
        "day-first": f"{day.day} {month} {day.year}",
        "short": f"{month[:3]} {day.day} {day.year}",
    }[style]


def pick_date_writer(rng: random.Random) -> Callable[[date], str]:
    """Choose how one document's author writes dates: consistent within a form, not across."""
    return partial(format_date, style=rng.choice(DATE_STYLES))


def moment(day: date, hour: int = 16, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def previous_weekday(day: date) -> date:
    return day - timedelta(days=max(day.weekday() - 4, 0))


def next_weekday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)


def month_starts(first: date, last: date) -> list[date]:
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def weekday_in_month(month: date, weekday: int, rng: random.Random) -> date:
    """A working day of the given weekday in the first three weeks of the month."""
    first = month + timedelta(days=(weekday - month.weekday()) % 7)
    return first + timedelta(weeks=rng.randrange(3))


# --- The fictional companies ---------------------------------------------------------


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


# --- The words and facts the samples are made of --------------------------------------
# They live in sample_content.yaml beside this script: prose reads better there than in
# code, and adding a hazard or a topic needs no code change.

CONTENT_FILE = Path(__file__).with_name("sample_content.yaml")


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
# The extra companies only widen the benchmark corpus's spread of names and places.
MIXED_CORPUS_COMPANIES = (
    NORTHRIDGE,
    PRAIRIE_LINE,
    *(
        variant_company_from(raw, SAMPLE_COMPANIES[raw["based_on"]])
        for raw in CONTENT["extra_companies"]
    ),
)
INCIDENT_SCENARIOS = {key: scenario_from(raw) for key, raw in CONTENT["incident_scenarios"].items()}
_UNKNOWN_TOPICS = set(TOPIC_USES) - {
    topic.title for pool in POOLS.values() for topic in pool.topics
}
if _UNKNOWN_TOPICS:
    raise ValueError(
        f"TOPIC_USES names topics {sorted(_UNKNOWN_TOPICS)} not in {CONTENT_FILE.name}"
    )
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


# --- Incidents -----------------------------------------------------------------------


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


# --- Shared pieces of documents ------------------------------------------------------


def weather_on(day: date, rng: random.Random) -> str:
    season = ("winter", "winter", "spring", "spring", "spring", "summer",
              "summer", "summer", "fall", "fall", "fall", "winter")[day.month - 1]  # fmt: skip
    return rng.choice(WEATHER_BY_SEASON[season])


def signed_by(person: Person, day: date, dates: Callable[[date], str]) -> Signature:
    return Signature(person.name, person.role, dates(day))


def attendance_table(names: Sequence[str], rng: random.Random) -> Table:
    rows = [("Name", "Sign / initials")]
    rows += [(name, initials(name)) for name in names]
    if rng.random() < 0.3:
        rows.append(("(visitor) " + rng.choice(VISITORS)[0], "signed"))
    return Table(tuple(rows))


def actions_table(actions: Sequence[CorrectiveAction], dates: Callable[[date], str]) -> Table:
    rows = [("Action", "Owner", "Due", "Completed")]
    rows += [
        (a.text, a.owner, dates(a.due), dates(a.completed) if a.completed else "OPEN")
        for a in actions
    ]
    return Table(tuple(rows))


def hazard_rows(hazards: Sequence[Hazard], rng: random.Random) -> list[tuple[str, ...]]:
    rows = []
    for hazard in hazards:
        severity, likelihood = rng.randint(2, 5), rng.randint(1, 4)
        rows.append(
            (
                hazard.task,
                hazard.name,
                f"{severity} x {likelihood} = {severity * likelihood}",
                hazard.control,
            )
        )
    return rows


# --- Document builders ---------------------------------------------------------------
# Each builder takes (company, day, rng) and optional specifics; without them it picks
# its own, which is how the benchmark corpus reuses every builder.


def policy_blocks(
    company: Company, day: date, dates: Callable[[date], str], rng: random.Random
) -> list[Block]:
    return [
        Heading(f"{company.name} Health and Safety Policy"),
        Paragraph(rng.choice(POLICY_OPENINGS).format(name=company.name)),
        Paragraph(
            "Management will provide the training, equipment, supervision and time needed to "
            "work safely, and will take part in inspections, meetings and investigations."
        ),
        Paragraph(
            "Supervisors make sure hazards are assessed before work starts, that controls are in "
            "place, and that their crews are competent for the work they are given."
        ),
        Paragraph("Every worker is expected to:"),
        Bullets(
            (
                "follow safe work procedures and use the protective equipment provided;",
                "report hazards, incidents and near misses right away;",
                "take part in hazard assessments, inspections and safety meetings;",
                "refuse work they believe is dangerous. Nobody will be disciplined for using "
                "this right.",
            )
        ),
        Paragraph(
            "We will meet or exceed the Alberta Occupational Health and Safety Act, Regulation "
            f"and Code, and we will involve our workers through our {company.committee} and "
            "regular safety meetings."
        ),
        Paragraph(
            f"This policy covers all {company.headcount} people on our payroll and applies "
            "equally to subcontractors and visitors on our sites. "
            f"{company.schedule.policy_review}."
        ),
        signed_by(company.leader, day, dates),
    ]


def build_policy_statement(company: Company, day: date, rng: random.Random) -> DocumentBody:
    dates = pick_date_writer(rng)
    return new_body(
        "policy",
        f"{company.name} Health and Safety Policy",
        day,
        company.leader.name,
        "HS Policy",
        policy_blocks(company, day, dates, rng),
    )


def build_program_manual(company: Company, day: date, rng: random.Random) -> DocumentBody:
    """The several-page manual: the signed policy first, then what the company promises."""
    dates = pick_date_writer(rng)
    schedule = company.schedule
    blocks: list[Block] = [
        Heading(f"{company.name} Health and Safety Program Manual"),
        Paragraph(
            f"Revision date: {dates(day)}. Owner of this manual: {company.safety_lead.name}, "
            f"{company.safety_lead.role}."
        ),
        *policy_blocks(company, day, dates, rng),
        PageBreak(),
        Heading("1. About us", 2),
        Paragraph(
            f"{company.name} is a {company.trade} based in {company.city}, Alberta. We employ "
            f"{company.headcount} people, counting the owners, office staff and seasonal workers "
            "on our WCB account."
        ),
        Heading("2. Responsibilities", 2),
        Paragraph(
            f"{company.leader.name} ({company.leader.role}) is accountable for the program. "
            f"{company.safety_lead.name} ({company.safety_lead.role}) runs it day to day. "
            "Supervisors carry it out on site; workers follow it and help improve it. The roles "
            "and responsibilities document gives the detail for each position."
        ),
        Heading("3. Hazard assessment", 2),
        Paragraph(
            "A formal hazard assessment is done for each type of work we do, reviewed at least "
            "every year, and redone before we take on new work, new equipment or a new kind of "
            f"site. {schedule.flha}."
        ),
        Heading("4. Hazard control", 2),
        Paragraph(
            "Hazards are controlled in this order: remove the hazard, engineer it out, control "
            "it with procedures and training, and finally protect the worker with PPE. Safe work "
            "procedures are written for our higher-risk tasks and reviewed after any incident "
            "involving them."
        ),
        Paragraph(
            "Violence and harassment are hazards like any other: our prevention policy explains "
            "how to report them and how reports are handled."
        ),
        PageBreak(),
        Heading("5. Inspections and maintenance", 2),
        Paragraph(
            f"{schedule.inspections}. Deficiencies are written up with an owner and a due date "
            f"and are reviewed at the next {company.committee} meeting. Equipment gets a pre-use "
            "check every shift and preventive maintenance on the manufacturer's schedule."
        ),
        Heading("6. Training and orientation", 2),
        Paragraph(
            "Every new or returning worker is oriented before starting work. Training and "
            "certificates are tracked in the training matrix; first aid certificates are renewed "
            "before they expire, which is at most three years after issue."
        ),
        Heading("7. Emergency response", 2),
        Paragraph(
            f"The emergency response plan covers each site and the shop. {schedule.drills}. "
            "Drill results are recorded and improvements assigned."
        ),
        PageBreak(),
        Heading("8. Incident reporting and investigation", 2),
        Paragraph(
            "All incidents, including near misses and property damage, are reported to a "
            "supervisor before the end of the shift. An investigation starts within 24 hours and "
            "is finished within 7 days. Every corrective action gets an owner and a due date and "
            "is tracked until it is closed."
        ),
        Heading("9. Worker participation", 2),
        Paragraph(f"{schedule.committee}. {schedule.meetings}."),
        Heading("10. Contractors and visitors", 2),
        Paragraph(
            "Visitors sign in, get a short site orientation and are escorted. Subcontractors "
            "give us a WCB clearance letter and proof of insurance, and their workers attend our "
            "site orientation."
        ),
        Heading("11. Program administration", 2),
        Paragraph(
            "Incident statistics are kept monthly and the whole program is reviewed by "
            f"management every January. {schedule.policy_review}."
        ),
    ]
    return new_body(
        "policy",
        f"{company.name} Health and Safety Program Manual",
        day,
        company.safety_lead.name,
        "HS Program Manual",
        blocks,
        # Its sections 5, 8 and 10 are the written inspection program and the incident
        # reporting and visitor processes.
        elements=elements_for(
            company,
            "policy",
            (
                "program-administration",
                "visitor-process",
                "inspection-program",
                "incident-procedure",
            ),
        ),
    )


def build_harassment_policy(company: Company, day: date, rng: random.Random) -> DocumentBody:
    dates = pick_date_writer(rng)
    blocks: list[Block] = [
        Heading("Violence and Harassment Prevention Policy"),
        Paragraph(
            f"{company.name} does not accept workplace violence or harassment from anyone: "
            "managers, workers, subcontractors, customers or the public."
        ),
        Heading("What counts", 2),
        Paragraph(
            "Harassment is any repeated or single serious conduct, comment or gesture that a "
            "person knows or should know is unwelcome and that affects a worker's dignity, "
            "safety or well-being. Violence includes threats, attempts and acts of physical "
            "force, and domestic violence that follows a worker to work."
        ),
        Heading("How to report", 2),
        Bullets(
            (
                f"Tell your supervisor, or {company.safety_lead.name} if the supervisor is "
                "involved.",
                f"If neither feels right, go directly to {company.leader.name}.",
                "Reports can be made in person, by phone or in writing.",
            )
        ),
        Heading("What we will do", 2),
        Paragraph(
            "Every report is investigated promptly and kept as confidential as the investigation "
            "allows. The person who reported will be told the outcome. Nobody will face reprisal "
            "for reporting in good faith."
        ),
        signed_by(company.leader, day, dates),
    ]
    return new_body(
        "policy",
        "Violence and Harassment Prevention Policy",
        day,
        company.safety_lead.name,
        "Violence and Harassment",
        blocks,
        # Violence and harassment prevention is part of hazard control (element 6); this is
        # not the health and safety policy element 1 asks for.
        elements=(6,),
    )


def build_roles(company: Company, day: date, rng: random.Random) -> DocumentBody:
    dates = pick_date_writer(rng)
    rows = [("Position", "Who", "Health and safety responsibilities")]
    rows.append(
        (
            company.leader.role,
            company.leader.name,
            "Signs the policy; provides resources; reviews statistics and the program yearly; "
            "takes part in at least one inspection per quarter",
        )
    )
    rows.append(
        (
            company.safety_lead.role,
            company.safety_lead.name,
            "Runs the program; keeps records; tracks corrective actions; arranges training; "
            "coordinates audits",
        )
    )
    rows += [
        (
            p.role,
            p.name,
            "Oversees schedules and subcontractors; inspects sites; leads investigations of "
            "serious incidents",
        )
        for p in company.office
        if "Super" in p.role or "Operations" in p.role
    ]
    rows += [
        (
            p.role,
            p.name,
            "Reviews FLHAs each shift; holds toolbox talks; corrects unsafe acts; reports "
            "incidents the same day",
        )
        for p in company.supervisors
    ]
    rows.append(
        (
            "Workers",
            f"{len(company.workers)} crew members",
            "Follow procedures; wear PPE; complete FLHAs; report hazards and incidents; refuse "
            "dangerous work",
        )
    )
    rows.append(
        (
            "Subcontractors and visitors",
            "-",
            "Follow site rules; attend orientation; report hazards to our supervisor",
        )
    )
    blocks: list[Block] = [
        Heading("Health and Safety Roles and Responsibilities"),
        Paragraph(
            f"Effective {dates(day)}. This document applies to all {company.headcount} people at "
            f"{company.name}."
        ),
        Table(tuple(rows)),
    ]
    uses: tuple[str, ...] = ()
    if company.program == "SECOR":
        hsr = company.crews[0].foreman
        uses = ("hsr-designated",)
        blocks.append(
            Paragraph(
                f"{hsr.name} is designated as our health and safety representative (HSR). The "
                "HSR takes part in inspections and incident investigations, receives worker "
                "concerns and meets with the owner to review them."
            )
        )
    blocks.append(
        Paragraph(
            "Everyone on our payroll has the right to know the hazards of their work, the right "
            "to take part in health and safety activities, and the right to refuse dangerous "
            "work."
        )
    )
    blocks.append(signed_by(company.leader, day, dates))
    return new_body(
        "responsibilities",
        "Health and Safety Roles and Responsibilities",
        day,
        company.safety_lead.name,
        "Roles and Responsibilities",
        blocks,
        elements=elements_for(company, "responsibilities", uses),
    )


def build_committee_terms(company: Company, day: date, rng: random.Random) -> DocumentBody:
    dates = pick_date_writer(rng)
    members = [
        (company.safety_lead.name, "Employer co-chair", "Appointed"),
        (company.supervisors[0].name, "Employer member", "Appointed"),
        (company.workers[6 % len(company.workers)], "Worker co-chair", "Elected by crews"),
        (company.workers[-2], "Worker member", "Elected by crews"),
    ]
    blocks: list[Block] = [
        Heading(f"{company.committee}: members and terms of reference"),
        Paragraph(f"Updated {dates(day)}."),
        Table((("Member", "Role", "How chosen"), *members)),
        Heading("Terms of reference", 2),
        Bullets(
            (
                company.schedule.committee + ".",
                "Quorum is half the members, with at least one worker member present.",
                "Members inspect a site before each meeting and review incidents since the last "
                "one.",
                "Recommendations go to management in writing; management answers within 30 days.",
            )
        ),
    ]
    return new_body(
        "responsibilities",
        f"{company.committee} members and terms of reference",
        day,
        company.safety_lead.name,
        "JHSC members",
        blocks,
        elements=(3,),
    )


def build_formal_hazard_assessment(
    company: Company, day: date, rng: random.Random, scope: str | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    hazards = rng.sample(company.pool.hazards, k=min(len(company.pool.hazards), rng.randint(6, 9)))
    scope = scope or rng.choice(sorted({h.task for h in hazards}))
    team = rng.sample(people_on(company, day), k=3)
    blocks: list[Block] = [
        Heading(f"Formal Hazard Assessment: {scope}"),
        Paragraph(f"Date: {dates(day)}    Assessment team: {', '.join(team)}"),
        Paragraph(
            "Method: we listed the tasks for this type of work, the hazards of each task, and "
            "rated each hazard by severity (1 to 5) times likelihood (1 to 4). Anything rated 10 "
            "or more needs a written procedure or engineering control before the work starts."
        ),
        Table((("Task", "Hazard", "Risk", "Controls"), *hazard_rows(hazards, rng))),
        Paragraph(
            "Review: this assessment is reviewed every year and whenever the work, equipment or "
            f"site changes. Next review due {dates(add_years(day, 1))}."
        ),
        signed_by(company.safety_lead, day, dates),
    ]
    return new_body(
        "formal-hazard-assessment",
        f"Formal Hazard Assessment - {scope}",
        day,
        company.safety_lead.name,
        scope,
        blocks,
    )


def build_flha(
    company: Company, day: date, rng: random.Random, crew: Crew | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    crew = crew or rng.choice(company.crews)
    members = [name for name in crew.members if on_payroll(company, name, day)]
    site = pick_site(company, day, rng)
    hazards = rng.sample(company.pool.hazards, k=rng.randint(3, 5))
    task = rng.choice(hazards).task
    ppe = (
        "Hard hat",
        "Safety glasses",
        "Hi-vis vest",
        "CSA boots",
        "Gloves",
        "Hearing protection",
        "Harness",
        "Respirator",
    )
    blocks: list[Block] = [
        Heading("Field Level Hazard Assessment (FLHA)"),
        Paragraph(f"Date: {dates(day)}    Site: {site.name}    Crew: {crew.name}"),
        Paragraph(
            f"Task: {task}. Weather: {weather_on(day, rng)}. Muster point and first aid kit "
            "location confirmed with the crew."
        ),
        Table((("Hazard", "Control", "Done"), *((h.name, h.control, "Y") for h in hazards))),
        Paragraph("PPE required: " + ", ".join(rng.sample(ppe, k=rng.randint(4, 6))) + "."),
        attendance_table(
            (crew.foreman.name, *rng.sample(members, k=min(len(members), rng.randint(2, 5)))), rng
        ),
        Paragraph(
            rng.choice(
                (
                    "End of job: area cleaned up, no hazards left behind.",
                    "Conditions changed after lunch (wind picked up); reviewed with the crew and "
                    "moved the lift work to the sheltered side.",
                    "End of job: one open item, the handrail at the east stair; reported to the "
                    "superintendent.",
                    "No changes during the shift.",
                )
            )
        ),
        signed_by(crew.foreman, day, dates),
    ]
    return new_body(
        "field-level-hazard-assessment",
        "Field Level Hazard Assessment",
        day,
        crew.foreman.name,
        crew.name,
        blocks,
    )


def build_safe_work_procedure(
    company: Company,
    day: date,
    rng: random.Random,
    procedure: Procedure | None = None,
    revision: int | None = None,
) -> DocumentBody:
    dates = pick_date_writer(rng)
    procedure = procedure or rng.choice(company.pool.procedures)
    revision = revision or rng.randint(1, 4)
    blocks: list[Block] = [
        Heading(f"Safe Work Procedure: {procedure.title}"),
        Paragraph(f"Revision {revision}, approved {dates(day)}."),
        Heading("Purpose", 2),
        Paragraph(procedure.purpose),
        Heading("Steps", 2),
        Bullets(tuple(f"{n}. {step}" for n, step in enumerate(procedure.steps, start=1))),
        Heading("Training", 2),
        Paragraph(
            "Workers are trained on this procedure during orientation and before doing the task "
            "for the first time; the supervisor signs off their competence."
        ),
        signed_by(company.safety_lead, day, dates),
    ]
    return new_body(
        "safe-work-procedure",
        f"SWP - {procedure.title}",
        day,
        company.safety_lead.name,
        procedure.title,
        blocks,
    )


def build_toolbox_talk(
    company: Company, day: date, rng: random.Random, topic: Topic | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    topic = topic or rng.choice(company.pool.topics)
    crew = rng.choice(company.crews)
    lead = crew.foreman
    workers = workers_on(company, day)
    attendees = (lead.name, *rng.sample(workers, k=min(len(workers), rng.randint(4, 9))))
    question = rng.choice(CREW_QUESTIONS).format(name=rng.choice(attendees[1:]), lead=lead.name)
    blocks: list[Block] = [
        Heading(f"Toolbox Talk: {topic.title}"),
        Paragraph(
            f"Date: {dates(day)}    Led by: {lead.name}    Location: "
            f"{pick_site(company, day, rng).name}"
        ),
        Paragraph(topic.summary),
        Heading("Key points", 2),
        Bullets(topic.points),
        Heading("Questions and concerns", 2),
        Paragraph(question),
        attendance_table(attendees, rng),
        signed_by(lead, day, dates),
    ]
    return new_body(
        "safety-meeting",
        f"Toolbox Talk - {topic.title}",
        day,
        lead.name,
        topic.title,
        blocks,
        elements=elements_for(company, "safety-meeting", TOPIC_USES.get(topic.title, ())),
    )


def build_site_inspection(
    company: Company, day: date, rng: random.Random, site: Site | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    site = site or pick_site(company, day, rng)
    inspector = rng.choice((company.safety_lead, *company.supervisors, *company.office[:2]))
    items = rng.sample(
        company.pool.inspection_items, k=min(len(company.pool.inspection_items), rng.randint(8, 12))
    )
    deficient = set(rng.sample(range(len(items)), k=rng.randint(0, 3)))
    rows = [("Item", "Status", "Comment")]
    rows += [
        (item, "Deficient", problem)
        if n in deficient
        else (item, rng.choice(("OK", "OK", "OK", "OK", "OK", "N/A")), "")
        for n, (item, problem) in enumerate(items)
    ]
    actions = [
        CorrectiveAction(
            f"Fix: {items[n][1].lower()}",
            rng.choice(company.supervisors).name,
            day + timedelta(days=rng.randint(1, 7)),
            day + timedelta(days=rng.randint(0, 5)),
        )
        for n in sorted(deficient)
    ]
    blocks: list[Block] = [
        Heading("Site Inspection Checklist"),
        Paragraph(
            f"Site: {site.name}    Date: {dates(day)}    Inspected by: {inspector.name}, "
            f"{inspector.role}"
        ),
        Table(tuple(rows)),
    ]
    if actions:
        blocks += [Heading("Corrective actions", 2), actions_table(actions, dates)]
    else:
        blocks.append(Paragraph("No deficiencies found. Crew thanked for a tidy site."))
    blocks.append(signed_by(inspector, day, dates))
    uses = []
    if any(names_any(item, EMERGENCY_EQUIPMENT) for item, _ in items):
        uses.append("emergency-equipment-check")
    if names_any(inspector.role, SENIOR_ROLES):
        uses.append("senior-manager-took-part")
    return new_body(
        "inspection",
        "Site Inspection Checklist",
        day,
        inspector.name,
        site.short,
        blocks,
        elements=elements_for(company, "inspection", uses),
    )


def build_committee_minutes(
    company: Company,
    day: date,
    rng: random.Random,
    notes: Sequence[str] = (),
    draft: bool = False,
    uses: Sequence[str] = (),
) -> DocumentBody:
    """Minutes with the random business of a meeting; ``uses`` are those of the ``notes``."""
    dates = pick_date_writer(rng)
    quarter = f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if company.program == "SECOR":
        hsr = company.crews[0].foreman
        attendees = [(company.leader.name, "Owner", "Present"), (hsr.name, "HSR", "Present")]
        title = f"HSR and Owner Meeting Notes {quarter}"
    else:
        attendees = [
            (company.safety_lead.name, "Employer co-chair", "Present"),
            (company.supervisors[0].name, "Employer member", rng.choice(("Present", "Absent"))),
            (company.workers[6 % len(company.workers)], "Worker co-chair", "Present"),
            (company.workers[-2], "Worker member", "Present"),
        ]
        title = f"JHSC Meeting Minutes {quarter}"
    business = [*notes, *rng.sample(COMMITTEE_BUSINESS, k=3)]
    # Assigned at this meeting, so "New": only overdue corrective actions should read as open.
    action_rows = [
        (text, rng.choice(attendees)[0], dates(day + timedelta(days=rng.randint(14, 45))), "New")
        for text in rng.sample(
            (
                "Add temporary stair lighting",
                "Order second eyewash station",
                "Schedule WHMIS refresher",
                "Remind subs about sign-in",
                "Plan next drill",
            ),
            k=2,
        )
    ]
    blocks: list[Block] = [
        Heading(title + (" - DRAFT" if draft else "")),
        Paragraph(
            f"Meeting date: {dates(day)}. "
            f"Location: site office, {pick_site(company, day, rng).name}."
        ),
        Table((("Name", "Role", "Attendance"), *attendees)),
        Heading("Business", 2),
        Bullets(tuple(business)),
        Heading("Action items", 2),
        Table((("Action", "Owner", "Due", "Status"), *action_rows)),
        Paragraph(
            "Previous minutes accepted as circulated. Minutes posted on the safety board."
            if not draft
            else "Draft for members' comments; not yet approved."
        ),
        Signature(attendees[0][0], attendees[0][1], dates(day)),
    ]
    return new_body(
        "committee-minutes",
        title,
        day,
        company.safety_lead.name,
        quarter,
        blocks,
        elements=elements_for(company, "committee-minutes", uses),
    )


def build_orientation(
    company: Company, day: date, rng: random.Random, worker: str | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    worker = worker or rng.choice(company.workers)
    supervisor = rng.choice(company.supervisors)
    rows = [("Topic", "Covered", "Worker initials")]
    rows += [(topic, "Yes", initials(worker)) for topic in ORIENTATION_TOPICS]
    blocks: list[Block] = [
        Heading("New Worker Orientation Record"),
        Paragraph(
            f"Worker: {worker}    Start date: {dates(day)}    Orientation by: {supervisor.name}"
        ),
        Table(tuple(rows)),
        Paragraph(
            f"I received this orientation and had the chance to ask questions. {worker} will "
            f"work with {supervisor.name} for the first two weeks before working without close "
            "supervision."
        ),
        Signature(worker, "Worker", dates(day)),
        signed_by(supervisor, day, dates),
    ]
    covered = " ".join(ORIENTATION_TOPICS)
    uses = [
        use
        for use, words in (
            ("harassment-instruction", ("harassment",)),
            ("ppe-or-health-hazards", ("PPE", "WHMIS")),
        )
        if names_any(covered, words)
    ]
    return new_body(
        "orientation-record",
        f"Orientation - {worker}",
        day,
        supervisor.name,
        short_name(worker),
        blocks,
        elements=elements_for(company, "orientation-record", uses),
    )


def build_training_record(
    company: Company, day: date, rng: random.Random, course: tuple[str, str, str] | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    name, provider, duration = course or rng.choice(COURSES)
    people = people_on(company, day)
    trainees = rng.sample(people, k=min(len(people), rng.randint(4, 10)))
    blocks: list[Block] = [
        Heading(f"Training Record: {name}"),
        Paragraph(f"Date: {dates(day)}    Provider: {provider}    Length: {duration}"),
        Table(
            (
                ("Trainee", "Result", "Initials"),
                *((t, rng.choice(("Pass", "Pass", "Complete")), initials(t)) for t in trainees),
            )
        ),
        Paragraph(
            "Course outline and test papers are kept in the training binder. Workers who missed "
            "this session are booked for the next one."
        ),
        signed_by(company.safety_lead, day, dates),
    ]
    return new_body(
        "training-record",
        f"{name} training record",
        day,
        company.safety_lead.name,
        name,
        blocks,
        elements=elements_for(company, "training-record", course_uses((name,))),
    )


def build_training_matrix(company: Company, day: date, rng: random.Random) -> DocumentBody:
    dates = pick_date_writer(rng)
    courses = ("Orientation", "WHMIS", "Fall Protection", "First Aid", "Ground Dist.")
    rows: list[tuple[str, ...]] = [("Worker", *courses)]
    for person in people_on(company, day):
        cells = [
            dates(day - timedelta(days=rng.randrange(30, 900))) if rng.random() < 0.85 else "-"
            for _ in courses
        ]
        rows.append((person, *cells))
    blocks: list[Block] = [
        Heading("Training Matrix - CONFIDENTIAL"),
        Paragraph(
            f"As of {dates(day)}. {company.headcount} people on the WCB account. Contains "
            "personal information; do not circulate."
        ),
        Table(tuple(rows)),
        Paragraph("Wage rates and certificate numbers are kept in the payroll file, not here."),
    ]
    return new_body(
        "training-record",
        "Training Matrix",
        day,
        company.safety_lead.name,
        "Training Matrix",
        blocks,
        # Who holds first aid, who had WHMIS: true even when the file cannot be read.
        elements=elements_for(company, "training-record", course_uses(courses)),
    )


def build_course_transcript(company: Company, day: date, rng: random.Random) -> DocumentBody:
    dates = pick_date_writer(rng)
    person = company.safety_lead
    if company.program == "COR":
        courses = (
            "Principles of Health and Safety Management",
            "Leadership for Safety Excellence",
            "Alberta OHS Legislation Awareness",
            "Auditor Training Program",
        )
    else:
        # No industry safety course (CSTS, RSTS, ESTS or PCST): a deliberate gap.
        courses = ("Small Employer Health and Safety course", "Fall Protection")
    offsets = sorted(rng.sample(range(20, 400), k=len(courses)), reverse=True)
    rows = [("Course", "Completed")] + [
        (c, dates(day - timedelta(days=o))) for c, o in zip(courses, offsets, strict=True)
    ]
    blocks: list[Block] = [
        Heading("Course Transcript"),
        Paragraph(f"Participant: {person.name}, {company.name}. Issued {dates(day)}."),
        Table(tuple(rows)),
        Paragraph(
            f"These courses meet the {company.program} training requirement for the person "
            "responsible for the health and safety program."
            if company.program == "COR"
            else "Courses completed by the person responsible for the health and safety "
            "program. An industry safety course is still to be booked."
        ),
    ]
    return new_body(
        "training-record",
        f"{company.program} course transcript",
        day,
        person.name,
        short_name(person.name),
        blocks,
    )


def build_first_aid_certificate(
    company: Company, day: date, rng: random.Random, holder: str | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    holder = holder or rng.choice(people_on(company, day))
    blocks: list[Block] = [
        Heading("Certificate of Completion"),
        Paragraph("Foothills First Aid & Safety Training Inc."),
        Paragraph(
            f"This certifies that {holder} has successfully completed Standard First Aid with "
            "CPR Level C and AED."
        ),
        Table(
            (
                ("Certificate no.", "Issued", "Expires"),
                (f"FFA-{rng.randrange(100000, 999999)}", dates(day), dates(add_years(day, 3))),
            )
        ),
        Paragraph(
            "Valid for three years from the date of issue. Recertify before the expiry date to "
            "keep this certification current."
        ),
        Signature(
            rng.choice(("Heather Quon", "Bill Tanaka", "Renee Duval")), "Instructor", dates(day)
        ),
    ]
    return new_body(
        "certificate",
        f"Standard First Aid certificate - {holder}",
        day,
        "Foothills First Aid & Safety Training Inc.",
        short_name(holder),
        blocks,
        elements=elements_for(company, "certificate", ("first-aid-cover",)),
    )


def build_emergency_response_plan(company: Company, day: date, rng: random.Random) -> DocumentBody:
    """The several-page plan: contacts, roles, muster points and one section per emergency."""
    dates = pick_date_writer(rng)
    phones = [f"403-555-01{n:02d}" for n in rng.sample(range(100), k=4)]
    contacts = (
        ("Emergency services", "911"),
        (f"{company.leader.name}, {company.leader.role}", phones[0]),
        (f"{company.safety_lead.name}, {company.safety_lead.role}", phones[1]),
        (f"{company.supervisors[0].name}, {company.supervisors[0].role}", phones[2]),
        ("Office", phones[3]),
        ("Utility locates", "call before you dig line"),
    )
    blocks: list[Block] = [
        Heading(f"{company.name} Emergency Response Plan"),
        Paragraph(
            f"Revision date: {dates(day)}. Covers the shop and every active site. A copy is "
            "posted in each site trailer and in every company vehicle."
        ),
        Heading("Emergency contacts", 2),
        Table((("Contact", "Phone"), *contacts)),
        Heading("Roles during an emergency", 2),
        Bullets(
            (
                "The site supervisor is the emergency coordinator until relieved.",
                "First aid attendants give first aid and record what was done.",
                "One worker is sent to the gate to guide emergency services.",
                f"{company.safety_lead.name} notifies management and, where required, Alberta OHS.",
            )
        ),
        Heading("Muster points", 2),
        Table(
            (
                ("Site", "Muster point"),
                *(
                    (
                        s.name,
                        rng.choice(
                            (
                                "Front gate",
                                "Site trailer",
                                "North parking lot",
                                "Across the street at the lamp post",
                                "Shop door",
                            )
                        ),
                    )
                    for s in company.sites
                ),
            )
        ),
        PageBreak(),
    ]
    for n, (name, steps) in enumerate(EMERGENCY_PROCEDURES, start=1):
        blocks += [Heading(f"Procedure: {name}", 2), Bullets(steps)]
        if n % 3 == 0:
            blocks.append(PageBreak())
    blocks += [
        Heading("First aid", 2),
        Paragraph(
            "First aid kits, attendants and transport are arranged to meet the OHS Code for the "
            "number of workers on each site and the travel time to the nearest hospital. Kit "
            "contents are checked at every site inspection."
        ),
        Heading("Drills and review", 2),
        Paragraph(
            f"{company.schedule.drills}. This plan is reviewed every year and after every drill "
            "or real emergency."
        ),
        signed_by(company.leader, day, dates),
    ]
    return new_body(
        "emergency-response-plan",
        "Emergency Response Plan",
        day,
        company.safety_lead.name,
        str(day.year),
        blocks,
    )


def build_drill_record(
    company: Company, day: date, rng: random.Random, scenario: str | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    name, setup, went_well = next(
        (s for s in DRILL_SCENARIOS if s[0] == scenario), None
    ) or rng.choice(DRILL_SCENARIOS)
    site = pick_site(company, day, rng)
    start = f"{rng.randint(9, 14)}:{rng.choice(('00', '15', '30', '45'))}"
    minutes = rng.randint(3, 9)
    observer = rng.choice((company.safety_lead, *company.supervisors))
    blocks: list[Block] = [
        Heading(f"Emergency Drill Record: {name}"),
        Paragraph(f"Date: {dates(day)}    Site: {site.name}    Observer: {observer.name}"),
        Paragraph(setup.format(time=start)),
        Table(
            (
                ("Measure", "Result"),
                ("Start time", start),
                ("All accounted for after", f"{minutes} minutes"),
                ("People on site", str(rng.randint(6, 22))),
                ("911 call simulated", "Yes"),
            )
        ),
        Heading("What went well", 2),
        Paragraph(went_well),
        Heading("What to improve", 2),
        Bullets(
            tuple(
                rng.sample(
                    (
                        "Air horn could not be heard at the far end of the site; add a second horn",
                        "Two visitors were not on the sign-in sheet",
                        "First aider's radio battery was flat",
                        "Muster point sign was hidden behind the dumpster",
                    ),
                    k=2,
                )
            )
        ),
        signed_by(observer, day, dates),
    ]
    return new_body("drill-record", f"Emergency Drill - {name}", day, observer.name, name, blocks)


def build_incident_report(
    company: Company, day: date, rng: random.Random, incident: Incident | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    incident = incident or make_incident(company, day, rng)
    witnesses = [name for name in workers_on(company, incident.day) if name != incident.worker]
    blocks: list[Block] = [
        Heading("Incident Report"),
        Table(
            (
                ("Incident no.", incident.number),
                ("Date", dates(incident.day)),
                ("Time", f"{rng.randint(7, 16)}:{rng.randint(0, 59):02d}"),
                ("Site", incident.site),
                ("Type", incident.scenario.kind),
                ("Worker involved", incident.worker),
            )
        ),
        Heading("What happened", 2),
        Paragraph(incident.description),
        Heading("Immediate action taken", 2),
        Paragraph(incident.scenario.immediate_action),
        Paragraph(f"Witnesses: {', '.join(rng.sample(witnesses, k=min(len(witnesses), 2)))}."),
        Signature(incident.reported_by, "Supervisor (reported by)", dates(incident.day)),
    ]
    return new_body(
        "incident-report",
        f"Incident Report {incident.number}",
        incident.day,
        incident.reported_by,
        incident.scenario.summary,
        blocks,
    )


def build_investigation(
    company: Company, day: date, rng: random.Random, incident: Incident | None = None
) -> DocumentBody:
    """An investigation signed off on ``day``.

    Without an incident, one is invented on ``day`` and signed off once its actions close.
    """
    dates = pick_date_writer(rng)
    if incident is None:
        incident = make_incident(company, day, rng)
        day = investigation_sign_off(incident)
    team = (
        incident.investigator,
        incident.reported_by,
        rng.choice(workers_on(company, incident.day)),
    )
    open_count = sum(a.completed is None for a in incident.actions)
    blocks: list[Block] = [
        Heading(f"Incident Investigation Report - {incident.number}"),
        Paragraph(
            f"Incident date: {dates(incident.day)}. Investigation completed: {dates(day)}. Team: "
            f"{', '.join(team)}."
        ),
        Heading("Summary", 2),
        Paragraph(incident.description),
        Heading("Causes", 2),
        Bullets(incident.scenario.causes),
        Heading("Corrective actions", 2),
        actions_table(incident.actions, dates),
        Paragraph(
            f"{open_count} action(s) still open; the safety coordinator follows up at each JHSC "
            "meeting."
            if open_count
            else "All corrective actions completed and verified on site."
        ),
        Signature(incident.investigator, "Investigator", dates(day)),
    ]
    return new_body(
        "investigation",
        f"Incident Investigation {incident.number}",
        day,
        incident.investigator,
        incident.scenario.summary,
        blocks,
    )


def build_maintenance_record(
    company: Company, day: date, rng: random.Random, equipment: Equipment | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    equipment = equipment or rng.choice(company.pool.equipment)
    reading = rng.randint(200, 3000) if equipment.meter == "hours" else rng.randint(20000, 160000)
    interval = 250 if equipment.meter == "hours" else 8000
    technician = rng.choice(
        (
            "Dustin Roy",
            "Central Fleet Service",
            "Parkland Tire & Service",
            "Matt at Lethbridge Truck Repair",
        )
    )
    blocks: list[Block] = [
        Heading(f"Preventive Maintenance Record: {equipment.name}"),
        Paragraph(
            f"Unit: {equipment.unit}    Date: {dates(day)}    Meter: {reading} {equipment.meter}"
        ),
        Table(
            (
                ("Task", "Done", "Notes"),
                *((t, "Y", rng.choice(("", "", "OK", "within spec"))) for t in equipment.tasks),
            )
        ),
        Paragraph(
            f"Next service due at {reading + interval} {equipment.meter}. Unit returned to service."
        ),
        Signature(technician, "Technician", dates(day)),
    ]
    checks_emergency_equipment = any(
        names_any(task, EMERGENCY_EQUIPMENT) for task in equipment.tasks
    )
    return new_body(
        "maintenance-record",
        f"PM record {equipment.unit}",
        day,
        technician,
        equipment.name.split(",")[0],
        blocks,
        elements=elements_for(
            company,
            "maintenance-record",
            ("emergency-equipment-check",) if checks_emergency_equipment else (),
        ),
    )


def build_visitor_log(
    company: Company, day: date, rng: random.Random, site: Site | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    site = site or pick_site(company, day, rng)
    host = rng.choice(company.supervisors)
    rows = [("Name", "Company", "In", "Out", "Orientation", "Host")]
    for name, org in rng.sample(VISITORS, k=rng.randint(3, 6)):
        start = rng.randint(7, 14)
        rows.append(
            (
                name,
                org,
                f"{start}:{rng.choice(('05', '20', '40'))}",
                f"{start + rng.randint(1, 3)}:{rng.choice(('00', '30'))}",
                "Y",
                host.name,
            )
        )
    blocks: list[Block] = [
        Heading("Visitor and Subcontractor Sign-In"),
        Paragraph(f"Site: {site.name}    Date: {dates(day)}"),
        Paragraph(
            "All visitors must sign in, receive the site safety orientation and wear hard hat, "
            "glasses, boots and a vest."
        ),
        Table(tuple(rows)),
    ]
    return new_body(
        "contractor-visitor-record", "Visitor Sign-In", day, host.name, site.short, blocks
    )


def build_subcontractor_prequalification(
    company: Company, day: date, rng: random.Random, contractor: str | None = None
) -> DocumentBody:
    dates = pick_date_writer(rng)
    contractor = contractor or rng.choice(SUBCONTRACTORS)
    rows = (
        ("Check", "Result"),
        ("WCB clearance letter", f"Received, clearance no. {rng.randrange(1000000, 9999999)}"),
        (
            "COR / SECOR",
            rng.choice(
                (
                    "COR holder, expires 2027",
                    "SECOR holder",
                    "No certificate, safety program reviewed",
                )
            ),
        ),
        ("Liability insurance", "$5,000,000, certificate on file"),
        ("Safety program reviewed", "Yes"),
        ("Site orientation for their workers", "Booked for first day on site"),
    )
    blocks: list[Block] = [
        Heading("Subcontractor Pre-qualification"),
        Paragraph(f"Contractor: {contractor}    Reviewed: {dates(day)}"),
        Table(rows),
        Paragraph(
            "The subcontractor agrees to follow our site rules, complete FLHAs for their work, "
            "and report all incidents to our superintendent the same day."
        ),
        signed_by(company.safety_lead, day, dates),
    ]
    return new_body(
        "contractor-visitor-record",
        f"Subcontractor pre-qualification - {contractor}",
        day,
        company.safety_lead.name,
        contractor,
        blocks,
    )


def count_incidents(incidents: Sequence[Incident], kind: str) -> int:
    return sum(incident.scenario.kind == kind for incident in incidents)


def incident_statistics(
    company: Company, incidents: Sequence[Incident], months: int, rng: random.Random
) -> Table:
    hours = company.headcount * 160 * months + rng.randrange(-400, 400)
    rows = (
        ("Measure", "Value"),
        ("Workers on the WCB account", str(company.headcount)),
        ("Hours worked", f"{hours:,}"),
        ("Lost-time claims", "0"),
        ("Medical aid", str(count_incidents(incidents, "Medical aid"))),
        ("First aid", str(count_incidents(incidents, "First aid"))),
        ("Near misses reported", str(count_incidents(incidents, "Near miss"))),
        ("Property damage", str(count_incidents(incidents, "Property damage"))),
    )
    return Table(rows)


def build_annual_review(
    company: Company, day: date, rng: random.Random, incidents: Sequence[Incident] = ()
) -> DocumentBody:
    """The January management review of the previous year."""
    dates = pick_date_writer(rng)
    year = day.year - 1
    blocks: list[Block] = [
        Heading(f"{year} Annual Health and Safety Review"),
        Paragraph(
            f"Reviewed by management on {dates(day)}. {company.name} had {company.headcount} "
            f"workers on its WCB account during {year}."
        ),
        Heading("Statistics", 2),
        incident_statistics(company, incidents, 12, rng),
        Heading("What worked", 2),
        Bullets(
            tuple(
                rng.sample(
                    (
                        "FLHAs are done on every shift we sampled",
                        "Near miss reporting went up after the toolbox talk in the fall",
                        "Subcontractor sign-in is consistent at the main site",
                        "All corrective actions from inspections closed within two weeks",
                    ),
                    k=2,
                )
            )
        ),
        Heading("What to improve", 2),
        Bullets(
            tuple(
                rng.sample(
                    (
                        "Drills are not happening as often as the manual says",
                        "Some investigations stay open too long",
                        "Training records are spread across three binders",
                        "Committee minutes are posted late",
                    ),
                    k=2,
                )
            )
        ),
        Heading(f"Objectives for {year + 1}", 2),
        Table(
            (
                ("Objective", "Owner", "Target"),
                ("Hold every drill on schedule", company.safety_lead.name, "Every six months"),
                (
                    "Close corrective actions on time",
                    company.supervisors[0].name,
                    "90% by due date",
                ),
                (
                    "Move training records into one matrix",
                    company.safety_lead.name,
                    dates(day + timedelta(days=90)),
                ),
            )
        ),
        signed_by(company.leader, day, dates),
    ]
    return new_body(
        "statistics-review",
        f"{year} Annual Health and Safety Review",
        day,
        company.safety_lead.name,
        f"{year} Annual Review",
        blocks,
    )


def build_statistics_summary(
    company: Company, day: date, rng: random.Random, incidents: Sequence[Incident] = ()
) -> DocumentBody:
    dates = pick_date_writer(rng)
    blocks: list[Block] = [
        Heading(f"Safety Statistics Year to Date - {MONTHS[day.month - 2]} {day.year}"),
        Paragraph(f"Prepared {dates(day)} by {company.safety_lead.name}."),
        incident_statistics(company, incidents, max(day.month - 1, 1), rng),
        Paragraph(
            "Trend: near miss reporting steady; no lost-time claims this year. Numbers are "
            "reviewed at the next committee meeting."
        ),
    ]
    return new_body(
        "statistics-review", "Safety statistics YTD", day, company.safety_lead.name, "stats", blocks
    )


def build_legislation_list(company: Company, day: date, rng: random.Random) -> DocumentBody:
    dates = pick_date_writer(rng)
    blocks: list[Block] = [
        Heading("Legislation Available on Site"),
        Paragraph(
            f"Checked {dates(day)}. Current copies of the following are kept in each site "
            "trailer and the office, and workers are shown where they are during orientation."
        ),
        Bullets(
            (
                "Occupational Health and Safety Act",
                "Occupational Health and Safety Regulation",
                "Occupational Health and Safety Code",
                "Workers' Compensation Act (poster)",
            )
        ),
        Paragraph("The online versions are bookmarked on the site tablet."),
    ]
    return new_body(
        "other",
        "Legislation on site",
        day,
        company.safety_lead.name,
        "Legislation",
        blocks,
        # No document type fits it, but it is what COR 1.7 asks for.
        elements=elements_for(company, "other", ("legislation-access",)),
    )


Builder = Callable[[Company, date, random.Random], DocumentBody]

# How often each kind turns up in a real share, used to draw the benchmark corpus. The
# manual and the emergency plan are left out: they are longer than the 1-3 pages wanted.
MIXED_CORPUS_BUILDERS: tuple[tuple[Builder, int], ...] = (
    (build_flha, 20),
    (build_toolbox_talk, 12),
    (build_site_inspection, 12),
    (build_maintenance_record, 6),
    (build_visitor_log, 6),
    (build_training_record, 6),
    (build_orientation, 5),
    (build_first_aid_certificate, 5),
    (build_committee_minutes, 4),
    (build_incident_report, 4),
    (build_investigation, 4),
    (build_safe_work_procedure, 4),
    (build_formal_hazard_assessment, 3),
    (build_drill_record, 3),
    (build_subcontractor_prequalification, 2),
    (build_statistics_summary, 2),
    (build_policy_statement, 2),
    (build_harassment_policy, 1),
    (build_roles, 1),
    (build_training_matrix, 1),
    (build_legislation_list, 1),
)


# --- File names as people type them --------------------------------------------------


def messy_name(body: DocumentBody, rng: random.Random) -> str:
    """A file name (without suffix) in one of the styles people use for this kind of record."""
    day = body.effective
    month = MONTHS[day.month - 1]
    fields = {
        "iso": day.isoformat(),
        "compact": f"{day.year}{day.month:02d}{day.day:02d}",
        "long": f"{month.lower()} {day.day} {day.year}",
        "mon": f"{month[:3]} {day.year}",
        "mon_day": f"{month[:3]} {day.day}",
        "month3": month[:3],
        "year": str(day.year),
        "quarter": f"Q{(day.month - 1) // 3 + 1} {day.year}",
        "subject": body.subject,
        "subject_slug": body.subject.replace(" ", "_"),
        "rev": str(rng.randint(1, 4)),
    }
    name = rng.choice(NAME_PATTERNS[body.doc_type]).format(**fields)
    if rng.random() < 0.15:
        name = name.lower()
    return name.replace("/", "-").replace(":", "-").strip()


# --- Writing documents ---------------------------------------------------------------


def write_document(root: Path, document: EvidenceDocument) -> None:
    path = root / document.path
    suffix = path.suffix.lower()
    if document.rendering is Rendering.PHOTO:
        if suffix != ".jpg":
            raise ValueError(f"{document.path}: a photo is a .jpg")
    elif document.rendering is not Rendering.TEXT and suffix != ".pdf":
        raise ValueError(f"{document.path}: only a PDF can be scanned or encrypted")
    path.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[suffix](path, document)
    # The file's mtime is what a user's file manager shows; make it the record's date.
    stamp = moment(document.body.effective).timestamp()
    os.utime(path, (stamp, stamp))


def write_document_batch(root: Path, documents: Sequence[EvidenceDocument]) -> None:
    for document in documents:
        write_document(root, document)


# Below this many documents per process, starting the processes costs more than it saves.
MIN_DOCUMENTS_PER_WORKER = 16


def write_documents(root: Path, documents: Sequence[EvidenceDocument]) -> None:
    """Write every document, spread over the CPUs when there are enough of them."""
    workers = min(os.cpu_count() or 1, len(documents) // MIN_DOCUMENTS_PER_WORKER)
    # Children must inherit this module rather than re-import it: callers often load it
    # from its file path, under a name a spawned child could not import.
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        write_document_batch(root, documents)
        return
    # Interleaved batches, so each mixes slow PDFs and fast text files.
    batch_count = workers * 4
    batches = [documents[start::batch_count] for start in range(batch_count)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(partial(write_document_batch, root), batches))


# --- PDF -----------------------------------------------------------------------------


class EvidencePdf(FPDF):
    """A letter-size PDF with the company name in the header and page numbers in the footer."""

    def __init__(self, header_text: str | None, footer_text: str) -> None:
        super().__init__(format="letter")
        self.header_text = header_text
        self.footer_text = footer_text
        self.set_margins(18, 14, 18)
        self.set_auto_page_break(auto=True, margin=18)

    def header(self) -> None:
        if self.header_text:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 5, self.header_text, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(3)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"{self.footer_text}    Page {self.page_no()} of {{nb}}", align="C")


def set_pdf_metadata(pdf: FPDF, body: DocumentBody) -> None:
    pdf.set_title(body.title)
    pdf.set_author(body.author)
    pdf.set_creation_date(moment(body.effective))


def column_widths(rows: Sequence[Sequence[str]]) -> tuple[int, ...]:
    """Relative widths from the longest text in each column, capped so no column starves."""
    return tuple(min(max(len(row[i]) for row in rows), 60) + 6 for i in range(len(rows[0])))


def wrap_to_width(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap by the current font's metrics.

    fpdf2's multi_cell re-measures the line for every character it adds, which made it
    most of the corpus generation time; measuring each word once is linear.
    """
    space = pdf.get_string_width(" ")
    lines: list[str] = []
    words: list[str] = []
    used = 0.0
    for word in text.split():
        word_width = pdf.get_string_width(word)
        if words and used + space + word_width > width:
            lines.append(" ".join(words))
            words, used = [], 0.0
        used += word_width + (space if words else 0.0)
        words.append(word)
    return [*lines, " ".join(words)] if words else lines


def draw_pdf_text(
    pdf: FPDF, text: str, size: int, style: str = "", height: float = 5, indent: float = 0
) -> None:
    pdf.set_font("Helvetica", style, size)
    for line in wrap_to_width(pdf, text, pdf.epw - indent):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(pdf.epw - indent, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def draw_pdf_block(pdf: FPDF, block: Block) -> None:
    match block:
        case Heading(text, level):
            draw_pdf_text(pdf, text, {1: 15, 2: 12}.get(level, 11), "B", 7)
            pdf.ln(1)
        case Paragraph(text):
            draw_pdf_text(pdf, text, 10)
            pdf.ln(2)
        case Bullets(items):
            for item in items:
                draw_pdf_text(pdf, f"- {item}", 10, indent=4)
            pdf.ln(2)
        case Table(rows):
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(
                col_widths=column_widths(rows), line_height=4.5, text_align="LEFT"
            ) as table:
                for row in rows:
                    table_row = table.row()
                    for cell in row:
                        table_row.cell(cell)
            pdf.ln(3)
        case Signature(name, role, signed_on):
            pdf.ln(3)
            pdf.set_font("Times", "I", 16)
            pdf.cell(0, 8, name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            draw_pdf_text(pdf, f"Signed: {name}, {role}    Date: {signed_on}", 9)
            pdf.ln(2)
        case PageBreak():
            pdf.add_page()


def text_pdf_bytes(document: EvidenceDocument) -> bytes:
    body = document.body
    pdf = EvidencePdf(document.header, body.title)
    set_pdf_metadata(pdf, body)
    pdf.add_page()
    for block in body.blocks:
        draw_pdf_block(pdf, block)
    return bytes(pdf.output())


def write_text_pdf(path: Path, document: EvidenceDocument) -> None:
    path.write_bytes(text_pdf_bytes(document))


def write_encrypted_pdf(path: Path, document: EvidenceDocument) -> None:
    """Lock the PDF with a user password, as payroll-adjacent files often are.

    pypdf draws a fresh file id and AES salt each time, so this file's bytes (not its
    text) differ between runs.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf_bytes(document))))
    writer.encrypt(
        user_password=ENCRYPTED_PDF_PASSWORD,
        owner_password=ENCRYPTED_PDF_PASSWORD + "-owner",
        algorithm="AES-128",
    )
    with path.open("wb") as stream:
        writer.write(stream)


SCAN_SIZE = (1275, 1650)  # letter at 150 dpi
SCAN_LINE_HEIGHT = 30
SCAN_LINES_PER_PAGE = 46


def scan_image(lines: Sequence[str], rng: random.Random) -> Image.Image:
    """A page as a photocopier would produce it: grey text, specks, slightly skewed."""
    page = Image.new("L", SCAN_SIZE, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=22)
    for number, line in enumerate(lines):
        draw.text((100, 110 + number * SCAN_LINE_HEIGHT), line, fill=rng.randint(20, 70), font=font)
    for _ in range(300):
        draw.point(
            (rng.randrange(SCAN_SIZE[0]), rng.randrange(SCAN_SIZE[1])), fill=rng.randint(90, 200)
        )
    return page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255)


def write_scanned_pdf(path: Path, document: EvidenceDocument) -> None:
    """An image-only PDF: the text exists only as pixels, so extraction needs OCR."""
    pdf = FPDF(format="letter")
    pdf.set_title(f"Scanned document {document.body.effective:%Y%m%d}")
    pdf.set_creation_date(moment(document.body.effective))
    rng = random.Random(document.path)
    for page in plain_pages(document.body.blocks, width=88):
        for start in range(0, len(page), SCAN_LINES_PER_PAGE):
            pdf.add_page()
            lines = page[start : start + SCAN_LINES_PER_PAGE]
            image = scan_form_image(lines, rng) if document.handwritten else scan_image(lines, rng)
            pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(path))


def scan_form_image(lines: Sequence[str], rng: random.Random) -> Image.Image:
    """A printed form filled in by hand and fed through an office scanner: the title in
    large print, the fill-ins (who signed, initials) in a wobbly hand, specks, a grey
    cast and a skew of a degree or two."""
    page = Image.new("L", SCAN_SIZE, 255)
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.load_default(size=34)
    font = ImageFont.load_default(size=22)
    hand_font = ImageFont.load_default(size=25)
    by_hand = False
    y = 100
    for number, line in enumerate(lines):
        if line.startswith("Name | Sign"):
            by_hand = True  # the sign-in rows below the printed header
        elif not line.strip():
            by_hand = False
        if number <= 1 and line.isupper():
            draw.text((100, y), line, fill=15, font=title_font)
            y += 48
            continue
        label, _, filled = line.partition("Signed: ")
        if by_hand and "|" in line:
            draw_handwriting(draw, (100, y), line.replace(" | ", "      "), hand_font, rng)
        elif filled:
            draw.text((100, y), label + "Signed:", fill=rng.randint(20, 60), font=font)
            draw_handwriting(draw, (210, y), filled, hand_font, rng)
        else:
            draw.text((100, y), line, fill=rng.randint(20, 60), font=font)
        y += SCAN_LINE_HEIGHT
    for _ in range(900):
        draw.point(
            (rng.randrange(SCAN_SIZE[0]), rng.randrange(SCAN_SIZE[1])), fill=rng.randint(60, 200)
        )
    page = page.filter(ImageFilter.GaussianBlur(0.5)).point(lambda level: 30 + level * 0.85)
    return page.rotate(rng.uniform(-2.0, 2.0), resample=Image.Resampling.BICUBIC, fillcolor=246)


def draw_handwriting(
    draw: ImageDraw.ImageDraw,
    origin: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    rng: random.Random,
) -> None:
    """Letters set one by one, each nudged up or down and spaced unevenly, in ballpoint."""
    x, y = origin
    ink = rng.randint(40, 90)
    for letter in text:
        draw.text((x, y + rng.randint(-3, 3)), letter, fill=ink, font=font)
        x += int(draw.textlength(letter, font=font) * rng.uniform(0.9, 1.25))


PHOTO_SIZE = (1600, 1200)  # a phone photo, already scaled down by the messaging app


def write_photo_jpeg(path: Path, document: EvidenceDocument) -> None:
    """A phone photo of a printed form lying on a desk: turned, in perspective, unevenly lit."""
    rng = random.Random(document.path)
    lines = next(iter(plain_pages(document.body.blocks, width=60)))[:40]
    sheet = scan_form_image(lines, rng).convert("RGB")
    desk = Image.new("RGB", PHOTO_SIZE, (118, 96, 74))
    height = int(PHOTO_SIZE[1] * 1.15)
    width = int(height * SCAN_SIZE[0] / SCAN_SIZE[1])
    sheet = sheet.resize((width, height), Image.Resampling.LANCZOS)
    # Held a little off square: the top edge is narrower than the bottom one.
    squeeze = rng.randint(40, 70)
    coefficients = perspective_coefficients(
        [(squeeze, 0), (width - squeeze, 0), (width, height), (0, height)],
        [(0, 0), (width, 0), (width, height), (0, height)],
    )
    sheet = sheet.transform(
        (width, height),
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BICUBIC,
        fillcolor=(118, 96, 74),
    )
    sheet = sheet.rotate(
        rng.uniform(-6, -3), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(118, 96, 74)
    )
    desk.paste(sheet, ((PHOTO_SIZE[0] - sheet.width) // 2, (PHOTO_SIZE[1] - sheet.height) // 2))
    shade = Image.linear_gradient("L").resize(PHOTO_SIZE).point(lambda level: 255 - level // 5)
    photo = Image.composite(desk, Image.new("RGB", PHOTO_SIZE, (30, 30, 30)), shade)
    photo.save(path, "JPEG", quality=85)


def perspective_coefficients(
    source: Sequence[tuple[int, int]], target: Sequence[tuple[int, int]]
) -> tuple[float, ...]:
    """The eight coefficients Pillow's perspective transform takes, mapping target corners
    to source corners (solved with plain Gaussian elimination: no numpy needed here)."""
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        values.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.append(v)
    size = len(rows)
    matrix = [[*row, value] for row, value in zip(rows, values, strict=True)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(matrix[r][column]))
        matrix[column], matrix[pivot] = matrix[pivot], matrix[column]
        for row in range(size):
            if row != column:
                factor = matrix[row][column] / matrix[column][column]
                matrix[row] = [
                    a - factor * b for a, b in zip(matrix[row], matrix[column], strict=True)
                ]
    return tuple(matrix[row][size] / matrix[row][row] for row in range(size))


def write_pdf(path: Path, document: EvidenceDocument) -> None:
    {
        Rendering.TEXT: write_text_pdf,
        Rendering.SCANNED: write_scanned_pdf,
        Rendering.ENCRYPTED: write_encrypted_pdf,
    }[document.rendering](path, document)


# --- DOCX ----------------------------------------------------------------------------


def set_docx_properties(document: docx.document.Document, body: DocumentBody) -> None:
    # python-docx writes these as UTC without converting, so hand it naive UTC times.
    when = moment(body.effective).astimezone(UTC).replace(tzinfo=None)
    properties = document.core_properties
    properties.author = body.author
    properties.last_modified_by = body.author
    properties.title = body.title
    properties.comments = ""  # the template says "generated by python-docx"
    properties.created = when
    properties.modified = when
    properties.revision = 1


def add_docx_block(document: docx.document.Document, block: Block) -> None:
    match block:
        case Heading(text, level):
            document.add_heading(text, level=min(level, 3))
        case Paragraph(text):
            document.add_paragraph(text)
        case Bullets(items):
            for item in items:
                document.add_paragraph(item, style="List Bullet")
        case Table(rows):
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for table_row, row in zip(table.rows, rows, strict=True):
                for cell, text in zip(table_row.cells, row, strict=True):
                    cell.text = text
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        case Signature(name, role, signed_on):
            document.add_paragraph().add_run(name).italic = True
            document.add_paragraph(f"Signed: {name}, {role}    Date: {signed_on}")
        case PageBreak():
            document.add_page_break()


def write_docx(path: Path, document: EvidenceDocument) -> None:
    body = document.body
    word = docx.Document()
    set_docx_properties(word, body)
    if document.header:
        section = word.sections[0]
        section.header.paragraphs[0].text = document.header
        section.footer.paragraphs[0].text = f"{body.title} - uncontrolled when printed"
    for block in body.blocks:
        add_docx_block(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    write_zip_with_fixed_timestamps(buffer.getvalue(), path, moment(body.effective))


def write_zip_with_fixed_timestamps(payload: bytes, path: Path, when: datetime) -> None:
    """Rewrite a zip with every member stamped ``when``.

    python-docx stamps members with the current time, which would make every run's
    files differ.
    """
    stamp = when.timetuple()[:6]
    with (
        zipfile.ZipFile(io.BytesIO(payload)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))


# --- Plain text, Markdown, CSV -------------------------------------------------------


def plain_lines(block: Block, width: int) -> list[str]:
    match block:
        case Heading(text, level):
            return ["", text.upper() if level == 1 else text, ""]
        case Paragraph(text):
            return [*textwrap.wrap(text, width), ""]
        case Bullets(items):
            lines = [
                wrapped
                for item in items
                for wrapped in textwrap.wrap(f"- {item}", width, subsequent_indent="  ")
            ]
            return [*lines, ""]
        case Table(rows):
            lines = [
                wrapped
                for row in rows
                for wrapped in textwrap.wrap(" | ".join(row), width, subsequent_indent="    ")
            ]
            return [*lines, ""]
        case Signature(name, role, signed_on):
            return ["", f"Signed: {name}, {role}", f"Date: {signed_on}", ""]
    return []


def plain_pages(blocks: Sequence[Block], width: int) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append([])
        else:
            pages[-1].extend(plain_lines(block, width))
    return pages


def write_plain_text(path: Path, document: EvidenceDocument) -> None:
    pages = plain_pages(document.body.blocks, width=90)
    header = [document.header, ""] if document.header else []
    path.write_text(
        "\n".join(header + [line for page in pages for line in [*page, ""]]), encoding="utf-8"
    )


def markdown_lines(block: Block) -> list[str]:
    match block:
        case Heading(text, level):
            return ["#" * level + " " + text, ""]
        case Paragraph(text):
            return [text, ""]
        case Bullets(items):
            return [*(f"- {item}" for item in items), ""]
        case Table(rows):
            cells = [[cell.replace("|", "/") for cell in row] for row in rows]
            rule = ["---"] * len(cells[0])
            return [*("| " + " | ".join(row) + " |" for row in (cells[0], rule, *cells[1:])), ""]
        case Signature(name, role, signed_on):
            return [f"Signed: *{name}*, {role}, {signed_on}", ""]
        case PageBreak():
            return ["---", ""]


def write_markdown(path: Path, document: EvidenceDocument) -> None:
    lines = [line for block in document.body.blocks for line in markdown_lines(block)]
    path.write_text("\n".join(lines), encoding="utf-8")


def csv_rows(block: Block) -> list[Sequence[str]]:
    match block:
        case Heading(text) | Paragraph(text):
            return [[text]]
        case Bullets(items):
            return [[item] for item in items]
        case Table(rows):
            return list(rows)
        case Signature(name, role, signed_on):
            return [["Signed", name, role, signed_on]]
    return []


def write_csv(path: Path, document: EvidenceDocument) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(
            row for block in document.body.blocks for row in csv_rows(block)
        )


# --- Excel ---------------------------------------------------------------------------

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CORE_PROPERTIES_PART = "docProps/core.xml"


def xlsx_cell(text: str) -> str | date:
    """An ISO date becomes a real date cell; anything else stays text, as typed."""
    return date.fromisoformat(text) if ISO_DAY.fullmatch(text) else text


def write_xlsx(path: Path, document: EvidenceDocument) -> None:
    """A workbook with a sheet per heading; its paragraphs and tables fill the sheet."""
    body = document.body
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    first = True
    for block in body.blocks:
        match block:
            case Heading(text):
                sheet = workbook.active if first else workbook.create_sheet()
                sheet.title = text[:31]
                first = False
            case Paragraph(text):
                sheet.append([text])
            case Table(rows):
                for row in rows:
                    sheet.append([xlsx_cell(cell) for cell in row])
    for written in workbook.worksheets:
        for cells in written.iter_rows():
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    stamp = moment(body.effective)
    workbook.properties.title = body.title
    workbook.properties.creator = body.author
    workbook.properties.created = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_zip_with_fixed_timestamps(with_modified(buffer.getvalue(), stamp), path, stamp)


def with_modified(payload: bytes, when: datetime) -> bytes:
    """openpyxl stamps a workbook modified now on saving; make it the record's date."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == CORE_PROPERTIES_PART:
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    data,
                )
            target.writestr(member, data)
    return out.getvalue()


WRITERS: dict[str, Callable[[Path, EvidenceDocument], None]] = {
    ".pdf": write_pdf,
    ".docx": write_docx,
    ".txt": write_plain_text,
    ".md": write_markdown,
    ".csv": write_csv,
    ".jpg": write_photo_jpeg,
    ".xlsx": write_xlsx,
}


# --- The two sample companies ---------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A deliberate weakness in a sample, described for the README and the truth file."""

    key: str
    #: The element of the company's audit tool that the gap costs points in.
    element: str
    summary: str
    paths: tuple[str, ...] = ()
    months: tuple[str, ...] = ()


@dataclass(frozen=True)
class JunkFile:
    """A file a real share carries that is not evidence; a scanner must skip it."""

    path: str
    content: bytes


@dataclass(frozen=True)
class CompanySample:
    company: Company
    period: tuple[date, date]
    documents: tuple[EvidenceDocument, ...]
    junk: tuple[JunkFile, ...]
    gaps: tuple[Gap, ...]
    traps: tuple[str, ...]  # things that look wrong to a naive tool but are not gaps


@dataclass
class SamplePlan:
    """Collects one company's documents; names come from the plan's seeded generator."""

    company: Company
    rng: random.Random
    documents: list[EvidenceDocument] = field(default_factory=list)
    named: dict[str, EvidenceDocument] = field(default_factory=dict)

    def add(
        self,
        folder: str,
        body: DocumentBody,
        suffix: str,
        name: str | None = None,
        *,
        key: str | None = None,
        rendering: Rendering = Rendering.TEXT,
        with_header: bool = True,
    ) -> None:
        """Add one document; ``key`` files it under ``named`` for the gap descriptions."""
        path = f"{folder}/{name or messy_name(body, self.rng)}{suffix}"
        if any(doc.path.lower() == path.lower() for doc in self.documents):
            raise ValueError(f"two sample documents share the path {path}")
        header = self.company.name if with_header else None
        document = EvidenceDocument(path, body, header, rendering)
        self.documents.append(document)
        if key:
            self.named[key] = document

    def either_format(self) -> str:
        return self.rng.choice((".pdf", ".docx"))


def lock_file_for(document: EvidenceDocument, owner: str) -> JunkFile:
    """Word's owner file: the name loses its first two characters to ``~$``."""
    folder, name = document.path.rsplit("/", 1)
    return JunkFile(f"{folder}/~${name[2:]}", b"\x0c" + owner.encode("latin-1")[:12])


THUMBS_DB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8)  # OLE header, as Windows writes
DS_STORE = b"\x00\x00\x00\x01Bud1" + bytes(8)  # what macOS Finder leaves behind


def recurring_days(months: Sequence[date], weekday: int, rng: random.Random) -> list[date]:
    return [weekday_in_month(month, weekday, rng) for month in months]


FLHA_SELECTION_NOTE = (
    "The manual asks for an FLHA every shift, but the folder keeps one a month, standing in "
    "for the binders on the trucks: only a month with none is a gap."
)


def northridge_sample() -> CompanySample:
    """The COR candidate: 13 months of records with ten deliberate gaps."""
    company = NORTHRIDGE
    plan = SamplePlan(company, random.Random(company.slug))
    period = (date(2025, 10, 1), date(2026, 10, 31))
    incidents = northridge_incidents(company, plan.rng)
    add_northridge_program(plan, incidents)
    add_northridge_field_records(plan, month_starts(*period), incidents)
    add_northridge_committee(plan, incidents)
    add_northridge_training(plan)
    add_northridge_emergency(plan)
    add_northridge_incidents(plan, incidents)
    add_northridge_equipment_and_visitors(plan)
    add_northridge_reviews(plan, incidents)
    add_northridge_crew_workbook(plan)
    junk = (
        lock_file_for(plan.named["march-talk"], company.safety_lead.name),
        JunkFile("Field/FLHA/2026/Thumbs.db", THUMBS_DB),
        JunkFile(".DS_Store", DS_STORE),
        JunkFile("Inspections/.DS_Store", DS_STORE),
    )
    return CompanySample(
        company,
        period,
        tuple(plan.documents),
        junk,
        northridge_gaps(plan.named, incidents),
        northridge_traps(plan.named),
    )


@dataclass(frozen=True)
class NorthridgeIncidents:
    ice: Incident
    knife: Incident
    fence: Incident  # deliberately never investigated
    ladder: Incident  # its third action is deliberately left open

    def all(self) -> tuple[Incident, ...]:
        return (self.ice, self.knife, self.fence, self.ladder)


def northridge_incidents(company: Company, rng: random.Random) -> NorthridgeIncidents:
    return NorthridgeIncidents(
        ice=make_incident(company, date(2025, 12, 9), rng, "ice-slip", "INC-2025-07"),
        knife=make_incident(company, date(2026, 4, 22), rng, "knife-cut", "INC-2026-03"),
        fence=make_incident(company, date(2026, 6, 3), rng, "fence-backing", "INC-2026-05"),
        ladder=make_incident(
            company, date(2026, 8, 17), rng, "ladder-fall", "INC-2026-07", open_actions=(2,)
        ),
    )


def add_northridge_program(plan: SamplePlan, incidents: NorthridgeIncidents) -> None:
    company, rng = plan.company, plan.rng
    policy_folder = "Safety Program/01 Policy"
    plan.add(
        policy_folder,
        build_policy_statement(company, date(2025, 10, 6), rng),
        ".pdf",
        "H&S Policy - signed Oct 2025",
        key="policy",
    )
    plan.add(
        f"{policy_folder}/Old",
        build_policy_statement(company, date(2023, 9, 14), rng),
        ".docx",
        "HS Policy 2023 (superseded)",
        key="old-policy",
    )
    plan.add(
        "Safety Program",
        build_program_manual(company, date(2025, 10, 6), rng),
        ".pdf",
        "HS Program Manual rev 4",
    )
    plan.add(
        "Safety Program/02 Roles",
        build_roles(company, date(2025, 10, 14), rng),
        ".docx",
        "Roles and Responsibilities rev3",
    )
    plan.add(
        "Safety Program/10 Admin",
        build_legislation_list(company, date(2025, 10, 14), rng),
        ".docx",
        "Legislation on site - OHS Act Reg Code",
    )
    plan.add(
        "JHSC",
        build_committee_terms(company, date(2026, 1, 12), rng),
        ".docx",
        "JHSC members and terms 2026",
    )

    hazard_folder = "Safety Program/03 Hazard Assessments"
    for day, scope, suffix, name in (
        (
            date(2025, 10, 27),
            "Framing and concrete forming",
            ".docx",
            "Formal HA - Framing & Concrete",
        ),
        (date(2026, 1, 19), "Yard and shop", ".pdf", "FHA_yard_shop_20260119"),
        (
            date(2026, 4, 13),
            "Excavation and trenching",
            ".pdf",
            "Formal Hazard Assessment - Excavation 2026-04",
        ),
    ):
        plan.add(
            hazard_folder, build_formal_hazard_assessment(company, day, rng, scope), suffix, name
        )

    control_folder = "Safety Program/06 Hazard Control"
    plan.add(
        control_folder,
        build_harassment_policy(company, date(2025, 10, 20), rng),
        ".docx",
        "Violence and Harassment Prevention Policy",
    )
    heights, lockout, trenching, ladders = company.pool.procedures[:4]
    # The ladder procedure was revised as a corrective action of the ladder fall.
    for day, procedure, revision, suffix, name in (
        (date(2025, 10, 20), heights, 3, ".docx", "SWP-01 Working at Heights"),
        (date(2025, 10, 20), lockout, 2, ".docx", "SWP-02 Lockout Tagout"),
        (date(2026, 4, 13), trenching, 1, ".pdf", "SWP-03 Trenching and Excavation"),
        (closed_on(incidents.ladder.actions[0]), ladders, 2, ".pdf", "swp - ladders rev2"),
    ):
        body = build_safe_work_procedure(company, day, rng, procedure, revision)
        plan.add(f"{control_folder}/SWP", body, suffix, name)


def add_northridge_field_records(
    plan: SamplePlan, months: Sequence[date], incidents: NorthridgeIncidents
) -> None:
    """One FLHA a month, monthly toolbox talks, monthly inspections except July 2026 (a gap)."""
    company, rng = plan.company, plan.rng
    flha_days = (
        date(2025, 10, 15), date(2025, 11, 12), date(2025, 12, 9), date(2026, 1, 21),
        date(2026, 2, 10), date(2026, 3, 4), date(2026, 4, 22), date(2026, 5, 27),
        date(2026, 6, 16), date(2026, 7, 14), date(2026, 8, 17), date(2026, 9, 15),
        date(2026, 10, 6),
    )  # fmt: skip
    for number, day in enumerate(flha_days):
        crew = company.crews[number % len(company.crews)]
        folder = f"Field/FLHA/{day.year}" + ("/crew C" if crew.name == "Crew C" else "")
        name = "FLHA 2026-03-04 crew B" if day == date(2026, 3, 4) else None
        plan.add(folder, build_flha(company, day, rng, crew), plan.either_format(), name)

    # Talks that close corrective actions happen on the day the action was closed.
    topics = {topic.title: topic for topic in company.pool.topics}
    fixed_talks = {
        (2026, 3): (date(2026, 3, 4), None),
        (2026, 5): (closed_on(incidents.knife.actions[2]), topics["Hand safety and knives"]),
        (2026, 9): (closed_on(incidents.ladder.actions[1]), topics["Ladder use"]),
    }
    fixed_topics = [topic for _, topic in fixed_talks.values() if topic]
    free_topics = rng.sample(
        [t for t in company.pool.topics if t not in fixed_topics], k=len(months) - len(fixed_topics)
    )
    for usual_day in recurring_days(months, 2, rng):
        day, topic = fixed_talks.get((usual_day.year, usual_day.month), (usual_day, None))
        talk = build_toolbox_talk(company, day, rng, topic or free_topics.pop())
        folder = f"Meetings/Toolbox Talks/{day.year}"
        if day == date(2026, 3, 4):
            plan.add(folder, talk, ".docx", "toolbox talk - march 4 2026", key="march-talk")
        else:
            plan.add(folder, talk, plan.either_format())

    inspected_months = [m for m in months if (m.year, m.month) != (2026, 7)]
    for day in recurring_days(inspected_months, 0, rng):
        name = "Site Insp_20260112" if day == date(2026, 1, 12) else None
        plan.add(
            f"Inspections/{day.year}",
            build_site_inspection(company, day, rng),
            plan.either_format(),
            name,
        )


def add_northridge_committee(plan: SamplePlan, incidents: NorthridgeIncidents) -> None:
    """JHSC minutes for Q4 2025, Q1 2026 (final and draft) and Q3 2026; none for Q2 (a gap)."""
    company, rng = plan.company, plan.rng
    folder = "JHSC/Minutes"
    ice, fence, ladder = incidents.ice, incidents.fence, incidents.ladder
    q4_notes = ("Reviewed the incident reporting process ahead of the winter season.",)
    q1_notes = (f"Reviewed investigation of {ice.number} (slip on ice); actions closed.",)
    q3_notes = (
        f"Investigation {ladder.number} (fall from step ladder): replacing old step ladders is "
        "still open.",
        f"Incident {fence.number} (pickup backed into fence) has no investigation yet.",
    )
    # Q1 and Q3 follow investigations up; Q4 only looked at the reporting process.
    follow_up = ("incident-review",)
    plan.add(
        folder,
        build_committee_minutes(company, date(2025, 11, 19), rng, q4_notes),
        ".docx",
        "JHSC Minutes Q4 2025",
    )
    plan.add(
        folder,
        build_committee_minutes(company, date(2026, 2, 18), rng, q1_notes, uses=follow_up),
        ".docx",
        "JHSC Minutes Q1 2026 FINAL (2)",
    )
    plan.add(
        f"{folder}/drafts",
        build_committee_minutes(company, date(2026, 2, 18), rng, draft=True),
        ".docx",
        "JHSC Minutes Q1 2026 draft",
        key="draft-minutes",
    )
    plan.add(
        folder,
        build_committee_minutes(company, date(2026, 9, 16), rng, q3_notes, uses=follow_up),
        ".pdf",
        "JHSC mtg minutes - Sept 2026",
    )


def add_northridge_training(plan: SamplePlan) -> None:
    company, rng = plan.company, plan.rng
    for day, worker, suffix, name in (
        (date(2026, 3, 2), "Chloe Martens", ".docx", "Orientation - Chloe Martens 2026-03-02"),
        (date(2026, 6, 1), "Ravi Patel", ".pdf", "Orientation_RPatel_20260601"),
        (
            date(2026, 8, 4),
            "Aiden Yellowbird",
            ".docx",
            "New hire orientation checklist - Aiden Yellowbird",
        ),
    ):
        plan.add(
            "Training/Orientations", build_orientation(company, day, rng, worker), suffix, name
        )
    plan.add(
        "Training",
        build_training_matrix(company, date(2026, 9, 30), rng),
        ".pdf",
        "Training Matrix 2026 - CONFIDENTIAL",
        key="matrix",
        rendering=Rendering.ENCRYPTED,
    )
    fall_protection = COURSES[0]
    plan.add(
        "Training",
        build_training_record(company, date(2026, 2, 24), rng, fall_protection),
        ".docx",
        "Fall Protection Training Record 2026-02",
    )
    plan.add(
        "Training/COR courses",
        build_course_transcript(company, date(2025, 4, 11), rng),
        ".pdf",
        "Course transcript - P Sandhu (PHSM LSE LEG ATP)",
        with_header=False,
    )
    # Brandt's expired before the audit and Okafor's expires just after it (both gaps).
    for day, holder, name, key in (
        (date(2023, 6, 10), "Tyler Brandt", "SFA cert - T Brandt", "expired-first-aid"),
        (date(2023, 12, 2), "Maria Okafor", "FirstAid_MOkafor_exp2026", "expiring-first-aid"),
        (date(2025, 2, 8), "Jordan Reimer", "First Aid - Jordan Reimer", None),
        (date(2024, 9, 21), "Luis Ortega", "Luis Ortega SFA 2024", None),
        (date(2026, 1, 17), "Mélanie Gagné", "scan_first aid_Gagne", None),
    ):
        body = build_first_aid_certificate(company, day, rng, holder)
        plan.add("Training/First Aid Certs", body, ".pdf", name, key=key, with_header=False)


def add_northridge_emergency(plan: SamplePlan) -> None:
    """The plan, a scanned drill and one readable drill: fewer drills than the manual promises."""
    company, rng = plan.company, plan.rng
    plan.add(
        "Emergency",
        build_emergency_response_plan(company, date(2026, 1, 20), rng),
        ".pdf",
        "Emergency Response Plan 2026",
    )
    plan.add(
        "Emergency/Drills",
        build_drill_record(company, date(2025, 11, 20), rng, "Fire evacuation"),
        ".pdf",
        "SCAN_20251120_drill",
        key="scanned-drill",
        rendering=Rendering.SCANNED,
        with_header=False,
    )
    plan.add(
        "Emergency/Drills",
        build_drill_record(company, date(2026, 3, 25), rng, "Fall rescue from the scissor lift"),
        ".docx",
        "Drill record - March 2026 lift rescue",
        key="last-drill",
    )


def add_northridge_incidents(plan: SamplePlan, incidents: NorthridgeIncidents) -> None:
    """A report and an investigation for each incident, except the fence (a gap)."""
    company, rng = plan.company, plan.rng
    for incident, report_suffix, investigation_suffix in (
        (incidents.ice, ".docx", ".pdf"),
        (incidents.knife, ".pdf", ".docx"),
        (incidents.ladder, ".docx", ".pdf"),
    ):
        folder = f"Incidents/{incident.day.year}"
        plan.add(folder, build_incident_report(company, incident.day, rng, incident), report_suffix)
        investigation = build_investigation(
            company, investigation_sign_off(incident), rng, incident
        )
        plan.add(
            folder, investigation, investigation_suffix, key=f"investigation {incident.number}"
        )
    fence = incidents.fence
    plan.add(
        f"Incidents/{fence.day.year}",
        build_incident_report(company, fence.day, rng, fence),
        ".pdf",
        key="fence-report",
    )


def add_northridge_equipment_and_visitors(plan: SamplePlan) -> None:
    company, rng = plan.company, plan.rng
    bobcat, genie, _truck, compressor, _saw = company.pool.equipment
    for folder, day, equipment, suffix, name in (
        ("Equipment/PM", date(2026, 1, 14), bobcat, ".pdf", "Bobcat S650 PM 250hr 2026-01-14"),
        (
            "Equipment/PM",
            date(2026, 3, 10),
            genie,
            ".docx",
            "Genie GS-1930 annual inspection 2026-03",
        ),
        ("Equipment/PM/Old", date(2025, 10, 22), compressor, ".docx", "Compressor PM 2025-10"),
    ):
        plan.add(folder, build_maintenance_record(company, day, rng, equipment), suffix, name)
    gasoline_alley, sylvan_lake = company.sites[:2]
    plan.add(
        "Site Admin/Sign in sheets",
        build_visitor_log(company, date(2026, 2, 10), rng, gasoline_alley),
        ".pdf",
        "Visitor Log 2026-02-10",
    )
    plan.add(
        "Site Admin/Sign in sheets",
        build_visitor_log(company, date(2026, 7, 15), rng, sylvan_lake),
        ".docx",
        "visitor sign-in_Sylvan_20260715",
    )
    plan.add(
        "Site Admin/Subcontractors",
        build_subcontractor_prequalification(company, date(2026, 3, 16), rng, "Apex Drywall Ltd."),
        ".docx",
        "Sub prequal - Apex Drywall Ltd",
    )


CREW_WORKBOOK: dict[str, Any] = CONTENT["crew_workbook"]


def build_crew_workbook(company: Company, day: date, rng: random.Random) -> DocumentBody:
    """The training matrix the office keeps in Excel: people by courses, with dates."""
    courses = [course["name"] for course in CREW_WORKBOOK["courses"]]
    recorded: dict[str, dict[str, date]] = CREW_WORKBOOK["recorded"]
    leaders = {company.leader.name, company.safety_lead.name}
    leaders |= {person.name for person in company.supervisors}
    people = people_on(company, day)
    rows: list[tuple[str, ...]] = [("Worker", "Position", *courses)]
    for person in people:
        position = "Supervisor" if person in leaders else "Worker"
        cells = []
        for course in courses:
            taken = recorded.get(course, {}).get(person)
            # Everyone had an orientation; most hold most of the other courses.
            if taken is None and (course == "Orientation" or rng.random() < 0.7):
                taken = day - timedelta(days=rng.randrange(20, 1000))
            if taken is None:
                cells.append("")
            elif rng.random() < CREW_WORKBOOK["typed_date_share"]:
                cells.append(format_date(taken, rng.choice(("short", "long"))))
            else:
                cells.append(taken.isoformat())
        rows.append((person, position, *cells))
    required = [
        (position, ", ".join(names))
        for position, names in CREW_WORKBOOK["required_by_position"].items()
    ]
    # A cover sheet first, as offices keep one; the matrix sheet starts with its header.
    blocks: list[Block] = [
        Heading("About"),
        Table(
            (
                ("Training matrix", company.name),
                ("Reviewed on", day.isoformat(), "by", company.safety_lead.name),
                ("Each date is the day the course was completed.",),
            )
        ),
        Heading("Training Matrix"),
        Table(tuple(rows)),
        Heading("Required training"),
        Table((("Position", "Courses required for the position"), *required)),
        Heading("Courses"),
        Table(
            (
                ("Course", "Renewal"),
                *((course["name"], course["renewal"]) for course in CREW_WORKBOOK["courses"]),
            )
        ),
    ]
    return new_body(
        "training-record",
        "Crew list and training matrix",
        day,
        company.safety_lead.name,
        "Crew list",
        blocks,
        elements=elements_for(company, "training-record", course_uses(courses)),
    )


def add_northridge_crew_workbook(plan: SamplePlan) -> None:
    """The Excel matrix, from its own seed so that no other document changes with it."""
    company = plan.company
    day = CREW_WORKBOOK["reviewed_on"]
    body = build_crew_workbook(company, day, random.Random(f"{company.slug}-crew-workbook"))
    folder, name = CREW_WORKBOOK["file"].rsplit("/", 1)
    plan.add(folder, body, ".xlsx", name, with_header=False)


def add_northridge_reviews(plan: SamplePlan, incidents: NorthridgeIncidents) -> None:
    company, rng = plan.company, plan.rng
    review_day, stats_day = date(2026, 1, 30), date(2026, 10, 5)
    last_year = [i for i in incidents.all() if i.day.year == review_day.year - 1]
    this_year = [i for i in incidents.all() if i.day.year == stats_day.year]
    plan.add(
        "Safety Program/10 Admin",
        build_annual_review(company, review_day, rng, last_year),
        ".docx",
        "2025 Annual HS Review & Stats",
    )
    plan.add(
        "Safety Program/10 Admin",
        build_statistics_summary(company, stats_day, rng, this_year),
        ".pdf",
        "Safety stats YTD Sep 2026",
    )


def northridge_gaps(
    named: dict[str, EvidenceDocument], incidents: NorthridgeIncidents
) -> tuple[Gap, ...]:
    policy, expired, expiring = (
        named["policy"],
        named["expired-first-aid"],
        named["expiring-first-aid"],
    )
    scanned_drill, last_drill = named["scanned-drill"], named["last-drill"]
    fence, ladder = incidents.fence, incidents.ladder
    open_action = ladder.actions[2]
    return (
        Gap(
            "policy-not-re-signed",
            "1",
            f"The current H&S policy was signed {policy.body.effective} and never re-signed: "
            f"more than a year old by the expected audit ({AUDIT_EXPECTED}), although the manual "
            "promises re-signing every October.",
            (policy.path,),
        ),
        Gap(
            "no-site-inspection-2026-07",
            "7",
            "No site inspection in July 2026; the manual promises monthly inspections of every "
            "active site.",
            months=("2026-07",),
        ),
        Gap(
            "no-jhsc-minutes-q2-2026",
            "3",
            "No JHSC minutes for Q2 2026 (April to June); the committee must meet at least "
            "quarterly.",
            months=("2026-04", "2026-05", "2026-06"),
        ),
        Gap(
            "first-aid-expired",
            "4",
            "Tyler Brandt's first aid certificate expired "
            f"{add_years(expired.body.effective, 3)}, before the audit.",
            (expired.path,),
        ),
        Gap(
            "first-aid-expiring-soon",
            "4",
            "Maria Okafor's first aid certificate expires "
            f"{add_years(expiring.body.effective, 3)}, a few weeks after the expected audit.",
            (expiring.path,),
        ),
        Gap(
            "drills-overdue",
            "8",
            f"Only two drills in 13 months, the last on {last_drill.body.effective}; the manual "
            "promises one every six months, so a drill was due by "
            f"{last_drill.body.effective + timedelta(days=183)}.",
            (scanned_drill.path, last_drill.path),
        ),
        Gap(
            "drill-record-needs-ocr",
            "8",
            f"The {scanned_drill.body.effective} drill record is a scan without a text layer: "
            "its content cannot be read without OCR.",
            (scanned_drill.path,),
        ),
        Gap(
            "incident-not-investigated",
            "9",
            f"Incident {fence.number} ({fence.day}, pickup backed into a fence) has a report but "
            "no investigation.",
            (named["fence-report"].path,),
        ),
        Gap(
            "corrective-action-open",
            "9",
            f"Investigation {ladder.number} (fall from a step ladder, {ladder.day}) leaves "
            f"'{open_action.text}' open past its due date {open_action.due}.",
            (named[f"investigation {ladder.number}"].path,),
        ),
        Gap(
            "training-matrix-encrypted",
            "4",
            "The training matrix is password-protected (user password "
            f"'{ENCRYPTED_PDF_PASSWORD}'), so its content cannot be read.",
            (named["matrix"].path,),
        ),
    )


def northridge_traps(named: dict[str, EvidenceDocument]) -> tuple[str, ...]:
    return (
        f"`{named['old-policy'].path}` is a superseded 2023 policy in an Old folder; it must not "
        "count as the current policy.",
        f"`{named['draft-minutes'].path}` is a draft of the same Q1 2026 meeting as the FINAL (2) "
        "file.",
        "`Equipment/PM/Old/` holds a record from the current period despite the folder name.",
        "Most first aid certificates were issued before the 13-month window; they still count "
        "because they are valid for three years.",
        FLHA_SELECTION_NOTE,
    )


def prairie_line_sample() -> CompanySample:
    """The SECOR candidate: 7 people, about 30 records, three deliberate gaps."""
    company = PRAIRIE_LINE
    plan = SamplePlan(company, random.Random(company.slug))
    period = (date(2025, 11, 1), date(2026, 10, 31))
    add_prairie_line_program(plan)
    add_prairie_line_field_records(plan)
    add_prairie_line_paper_records(plan)
    add_prairie_line_people(plan)
    add_prairie_line_events(plan)
    junk = (
        JunkFile(".DS_Store", DS_STORE),
        JunkFile("Office/Thumbs.db", THUMBS_DB),
        lock_file_for(plan.named["policy"], company.leader.name),
    )
    return CompanySample(
        company,
        period,
        tuple(plan.documents),
        junk,
        prairie_line_gaps(plan.named),
        (
            f"The signed policy (`{plan.named['policy'].path}`) and the manual carry the same "
            "date; both are current.",
            "FLHAs sit in two folders (`Jobs/FLHAs/` and `Jobs/FLHAs/2026/`).",
            FLHA_SELECTION_NOTE,
        ),
    )


def add_prairie_line_program(plan: SamplePlan) -> None:
    company, rng = plan.company, plan.rng
    plan.add(
        "Safety",
        build_program_manual(company, date(2026, 1, 12), rng),
        ".pdf",
        "Safety Program Manual - Prairie Line",
    )
    plan.add(
        "Safety",
        build_policy_statement(company, date(2026, 1, 12), rng),
        ".docx",
        "HS Policy 2026 signed",
        key="policy",
    )
    plan.add(
        "Safety", build_roles(company, date(2025, 11, 10), rng), ".docx", "Roles & responsibilities"
    )
    plan.add(
        "Safety",
        build_emergency_response_plan(company, date(2025, 11, 10), rng),
        ".docx",
        "Emergency Response Plan",
    )
    scope = "Residential service and renovation wiring"
    plan.add(
        "Safety/Hazard Assessment",
        build_formal_hazard_assessment(company, date(2025, 11, 24), rng, scope),
        ".docx",
        "Formal HA 2025 - residential service",
    )
    lockout, working_alone = company.pool.procedures[:2]
    plan.add(
        "Safety/SWP",
        build_safe_work_procedure(company, date(2025, 11, 24), rng, lockout, 2),
        ".docx",
        "Lockout and verification SWP",
    )
    plan.add(
        "Safety/SWP",
        build_safe_work_procedure(company, date(2026, 2, 2), rng, working_alone, 1),
        ".pdf",
        "Working alone procedure",
    )


def add_prairie_line_field_records(plan: SamplePlan) -> None:
    """One FLHA a month except June to August 2026 (a gap); quarterly meetings and inspections."""
    company, rng = plan.company, plan.rng
    flha_days = (
        date(2025, 11, 18), date(2025, 12, 15), date(2026, 1, 27), date(2026, 2, 24),
        date(2026, 3, 17), date(2026, 4, 7), date(2026, 5, 5), date(2026, 9, 8),
        date(2026, 10, 13),
    )  # fmt: skip
    for number, day in enumerate(flha_days):
        folder = "Jobs/FLHAs" + ("/2026" if day.year == 2026 and number % 2 else "")
        crew = company.crews[number % len(company.crews)]
        plan.add(folder, build_flha(company, day, rng, crew), plan.either_format())
    for day in (date(2025, 12, 9), date(2026, 3, 10), date(2026, 6, 9), date(2026, 9, 15)):
        plan.add("Safety/Meetings", build_toolbox_talk(company, day, rng), plan.either_format())
    service_calls = company.sites[0]
    for day in (date(2025, 12, 2), date(2026, 3, 3), date(2026, 6, 23), date(2026, 9, 22)):
        plan.add(
            "Safety/Inspections",
            build_site_inspection(company, day, rng, service_calls),
            plan.either_format(),
        )
    plan.add(
        "Safety/HSR",
        build_committee_minutes(company, date(2026, 1, 20), rng),
        ".docx",
        "HSR meeting notes 2026-01-20",
    )


PAPER_FLHA_DAYS = (date(2026, 6, 16), date(2026, 7, 14), date(2026, 8, 11))


def add_prairie_line_paper_records(plan: SamplePlan) -> None:
    """The summer's FLHAs filled in on paper and scanned (image-only PDFs), and a phone
    photo of a site inspection: each readable only with OCR. Their own random source, so
    the other records of the sample stay as they were."""
    company, rng = plan.company, random.Random(f"{plan.company.slug} paper records")
    for number, day in enumerate(PAPER_FLHA_DAYS):
        crew = company.crews[number % len(company.crews)]
        body = build_flha(company, day, rng, crew)
        path = f"Jobs/FLHAs/2026/SCAN_{day:%Y%m%d}_{number + 1:04d}.pdf"
        document = EvidenceDocument(path, body, None, Rendering.SCANNED, handwritten=True)
        plan.documents.append(document)
        plan.named[f"paper-flha-{day:%Y-%m}"] = document
    body = build_site_inspection(company, date(2026, 7, 21), rng, company.sites[0])
    photo = EvidenceDocument(
        "Safety/Inspections/IMG_20260721_142233.jpg", body, None, Rendering.PHOTO
    )
    plan.documents.append(photo)
    plan.named["inspection-photo"] = photo


def add_prairie_line_people(plan: SamplePlan) -> None:
    """Orientations, training, and first aid certificates (the owner's has expired: a gap)."""
    company, rng = plan.company, plan.rng
    plan.add(
        "Office/New hire",
        build_orientation(company, date(2026, 5, 4), rng, "Jesse Blackwater"),
        ".docx",
        "Orientation - Jesse Blackwater",
    )
    plan.add(
        "Office/New hire",
        build_orientation(company, date(2026, 6, 1), rng, "Matt Halvorsen"),
        ".pdf",
        "Orientation Matt H summer 2026",
    )
    plan.add(
        "Office/Training",
        build_course_transcript(company, date(2025, 6, 18), rng),
        ".pdf",
        "SECOR course cert - L Halvorsen",
        key="secor-transcript",
        with_header=False,
    )
    plan.add(
        "Office/Training",
        build_first_aid_certificate(company, date(2023, 2, 11), rng, "Gord Halvorsen"),
        ".pdf",
        "First aid - Gord H",
        key="expired-first-aid",
        with_header=False,
    )
    plan.add(
        "Office/Training",
        build_first_aid_certificate(company, date(2025, 4, 26), rng, "Ryan Tsai"),
        ".pdf",
        "SFA Ryan Tsai 2025",
        with_header=False,
    )


def add_prairie_line_events(plan: SamplePlan) -> None:
    """The one incident, vehicle maintenance, a site sign-in and the year-end review."""
    company, rng = plan.company, plan.rng
    shock = make_incident(company, date(2026, 3, 17), rng, "shock", "2026-01")
    plan.add(
        "Safety/Incidents",
        build_incident_report(company, shock.day, rng, shock),
        ".pdf",
        "Incident report 2026-03-17 shock",
    )
    plan.add(
        "Safety/Incidents",
        build_investigation(company, investigation_sign_off(shock), rng, shock),
        ".docx",
        "Investigation - shock incident March 2026",
    )
    plan.add(
        "Office/Vehicles",
        build_maintenance_record(company, date(2026, 4, 8), rng, company.pool.equipment[0]),
        ".pdf",
        "Van 2 maintenance 2026-04",
    )
    plan.add(
        "Jobs/Coaldale TI",
        build_visitor_log(company, date(2026, 3, 11), rng, company.sites[1]),
        ".docx",
        "Site sign-in - Coaldale TI 2026-03-11",
    )
    plan.add(
        "Safety",
        build_annual_review(company, date(2026, 1, 20), rng),
        ".docx",
        "2025 year end safety review",
    )


def prairie_line_gaps(named: dict[str, EvidenceDocument]) -> tuple[Gap, ...]:
    expired = named["expired-first-aid"]
    return (
        Gap(
            "no-flha-summer-2026",
            "5",
            "No readable FLHA between 2026-05-05 and 2026-09-08 (June, July and August 2026); "
            "the manual promises an FLHA at every job, every day. The summer's FLHAs were "
            "filled in on paper and exist only as scans without a text layer: with OCR "
            "installed (the evidencekit-ocr plugin) they read, and this gap closes.",
            tuple(named[f"paper-flha-{day:%Y-%m}"].path for day in PAPER_FLHA_DAYS),
            months=("2026-06", "2026-07", "2026-08"),
        ),
        Gap(
            "inspection-photo-unreadable",
            "7",
            "The July 2026 site inspection exists only as a phone photo of the paper form "
            f"({named['inspection-photo'].path}): without OCR no extractor reads it.",
            (named["inspection-photo"].path,),
        ),
        Gap(
            "first-aid-expired",
            "4",
            "The owner's (Gord Halvorsen) first aid certificate expired "
            f"{add_years(expired.body.effective, 3)}; SECOR requires Standard First Aid.",
            (expired.path,),
        ),
        Gap(
            "no-emergency-drill",
            "8",
            "No emergency drill record at all; the manual and the emergency response plan "
            "promise a drill at least once a year.",
        ),
        Gap(
            "no-industry-course",
            "4",
            "Linda Halvorsen's transcript shows the small-employer course but no industry "
            "safety course (CSTS, RSTS, ESTS or PCST), and no one else's record shows one; "
            "SECOR requires one.",
            (named["secor-transcript"].path,),
        ),
    )


# --- Truth files and README ----------------------------------------------------------


def truth_record(sample: CompanySample) -> dict[str, object]:
    company = sample.company
    documents = sorted(sample.documents, key=lambda doc: doc.path)
    return {
        "company": company.slug,
        "name": company.name,
        "program": company.program,
        "trade": company.trade,
        "headcount": company.headcount,
        "period": {"start": sample.period[0].isoformat(), "end": sample.period[1].isoformat()},
        "audit_expected": AUDIT_EXPECTED.isoformat(),
        "generated_by": "scripts/generate_samples.py",
        "documents": [
            {
                "path": doc.path,
                "type": doc.body.doc_type,
                "elements": list(doc.body.elements),
                "date": doc.body.effective.isoformat(),
                "status": doc.rendering.value,
            }
            for doc in documents
        ],
        "junk": sorted(junk.path for junk in sample.junk),
        "gaps": [
            {
                "id": gap.key,
                "element": gap.element,
                "summary": gap.summary,
                "paths": list(gap.paths),
                "months": list(gap.months),
            }
            for gap in sample.gaps
        ],
    }


def write_truth(path: Path, sample: CompanySample) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(truth_record(sample), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def readme_section(sample: CompanySample) -> list[str]:
    company = sample.company
    suffixes = Counter(Path(doc.path).suffix for doc in sample.documents)
    types = Counter(doc.body.doc_type for doc in sample.documents)
    lines = [
        f"## {company.name} (`{company.slug}/`)",
        "",
        f"- {company.program} candidate: {company.trade}, {company.city}, Alberta.",
        f"- {company.headcount} employees on the WCB account (stated in its manual and reviews).",
        f"- Records dated {sample.period[0]} to {sample.period[1]}; audit expected "
        f"{AUDIT_EXPECTED}.",
        f"- {len(sample.documents)} documents ({suffixes['.pdf']} PDF, {suffixes['.docx']} DOCX"
        + (f", {suffixes['.xlsx']} Excel" if suffixes[".xlsx"] else "")
        + "), "
        f"plus {len(sample.junk)} junk files a scanner must skip: "
        + ", ".join(f"`{junk.path}`" for junk in sample.junk)
        + ".",
        "",
        "| Document type | Count |",
        "| --- | --- |",
        *(f"| {doc_type} | {count} |" for doc_type, count in sorted(types.items())),
        "",
        "### Deliberate gaps",
        "",
    ]
    for number, gap in enumerate(sample.gaps, start=1):
        where = [f"`{path}`" for path in gap.paths] + [f"month {month}" for month in gap.months]
        lines.append(
            f"{number}. **{gap.key}**: {gap.summary}" + (f" ({'; '.join(where)})" if where else "")
        )
    lines += ["", "### Not gaps, but easy to get wrong", ""]
    lines += [f"- {trap}" for trap in sample.traps]
    return [*lines, ""]


def write_readme(path: Path, samples: Sequence[CompanySample]) -> None:
    lines = [
        "# Sample evidence",
        "",
        "Evidence folders of two fictional Alberta employers preparing for COR and SECOR audits.",
        "Every person, company, phone number and certificate number in them is invented.",
        "",
        "Everything here (the company folders, `truth/*.yaml` and this README) is generated by",
        "`scripts/generate_samples.py` from that script and `scripts/sample_content.yaml`. Do",
        "not edit these files; change the script or the content and run",
        "`python scripts/generate_samples.py`.",
        "",
        "`truth/<company>.yaml` lists every document with its path (relative to the company",
        "folder), expected document type, element numbers, effective date (the record's own",
        "date) and expected extraction status (`ok`, `needs-ocr`, `encrypted`), then the junk",
        "files and the deliberate gaps.",
        "",
        "The element numbers are those a consultant would file the document under for the",
        "company's own audit: the ACSA 2019 COR tool or the 2023 SECOR evaluation, which number",
        "their ten elements alike. Each document type has a home element (a toolbox talk proves",
        "element 1, an inspection element 7); a document adds another element only where its",
        "content answers a documentary question of that element in the company's tool (an",
        "inspection that checked the extinguishers: COR 8.6; a talk that went over the crew's",
        "near misses: COR 9.6). The two tools ask different questions, so the same kind of",
        "document can serve more elements for a COR company than for a SECOR one.",
        "",
    ]
    for sample in samples:
        lines += readme_section(sample)
    path.write_text("\n".join(lines), encoding="utf-8")


def write_company_sample(out: Path, sample: CompanySample) -> None:
    """Replace the company's folder and truth file; nothing else under ``out`` is touched."""
    folder = out / sample.company.slug
    if folder.exists():
        shutil.rmtree(folder)
    write_documents(folder, sample.documents)
    junk_stamp = moment(sample.period[1]).timestamp()
    for junk in sample.junk:
        path = folder / junk.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(junk.content)
        os.utime(path, (junk_stamp, junk_stamp))
    write_truth(out / TRUTH_FOLDER / f"{sample.company.slug}.yaml", sample)


def company_samples() -> tuple[CompanySample, ...]:
    return (northridge_sample(), prairie_line_sample())


# --- The mixed corpus for benchmarks -------------------------------------------------

MIXED_FORMATS = ((".pdf", 45), (".docx", 45), (".txt", 4), (".md", 3), (".csv", 3))
MIXED_FIRST_DAY = date(2024, 1, 1)
MIXED_DAY_SPAN = 3 * 365


# Real vocabulary is skewed: a few nouns turn up everywhere, most rarely (Zipf's law).
NOUN_WEIGHTS = tuple(accumulate(1 / rank for rank in range(1, len(VOCABULARY["nouns"]) + 1)))


def filler_sentence(company: Company, day: date, rng: random.Random) -> str:
    hazard = rng.choice(company.pool.hazards)
    noun, noun2 = rng.choices(VOCABULARY["nouns"], cum_weights=NOUN_WEIGHTS, k=2)
    return rng.choice(VOCABULARY["filler_sentences"]).format(
        person=rng.choice(people_on(company, day)),
        supervisor=rng.choice(company.supervisors).name,
        site=pick_site(company, day, rng).name,
        hazard=hazard.name.lower(),
        control=hazard.control[0].lower() + hazard.control[1:],
        noun=noun,
        noun2=noun2,
        place=rng.choice(VOCABULARY["places"]),
        state=rng.choice(VOCABULARY["states"]),
        weather=weather_on(day, rng),
        rare=rng.choice(VOCABULARY["rare_words"]),
        code=f"{rng.choice(VOCABULARY['code_prefixes'])}-{rng.randrange(10**6):06d}",
        number=f"{rng.randrange(1, 1000) / 10:.1f}",
    )


def filler_paragraphs(company: Company, day: date, rng: random.Random, chars: int) -> list[Block]:
    paragraphs: list[Block] = []
    while chars > 0:
        sentences: list[str] = []
        target = min(chars, rng.randint(300, 700))
        while sum(len(s) + 1 for s in sentences) < target:
            sentences.append(filler_sentence(company, day, rng))
        text = " ".join(sentences)
        paragraphs.append(Paragraph(text))
        chars -= len(text)
    return paragraphs


def text_length(blocks: Sequence[Block]) -> int:
    return sum(len(line) + 1 for block in blocks for line in plain_lines(block, width=10_000))


def pad_to_pages(
    body: DocumentBody, pages: int, company: Company, rng: random.Random
) -> DocumentBody:
    """Bring a document to ``pages`` pages of about 1.5 to 3 KB of text each."""
    day = body.effective
    blocks = list(body.blocks)
    blocks += filler_paragraphs(company, day, rng, rng.randint(1500, 3000) - text_length(blocks))
    for _ in range(pages - 1):
        blocks += [PageBreak(), Heading(rng.choice(VOCABULARY["continuation_headings"]), 2)]
        blocks += filler_paragraphs(company, day, rng, rng.randint(1500, 3000))
    return replace(body, blocks=tuple(blocks))


def plan_mixed_document(seed: int, index: int) -> EvidenceDocument:
    # One generator per document: any document can be rebuilt alone, in any process.
    rng = random.Random(f"mixed-corpus:{seed}:{index}")
    company = rng.choice(MIXED_CORPUS_COMPANIES)
    builders, weights = zip(*MIXED_CORPUS_BUILDERS, strict=True)
    builder = rng.choices(builders, weights=weights)[0]
    day = MIXED_FIRST_DAY + timedelta(days=rng.randrange(MIXED_DAY_SPAN))
    body = pad_to_pages(builder(company, day, rng), rng.randint(1, 3), company, rng)
    suffixes, suffix_weights = zip(*MIXED_FORMATS, strict=True)
    suffix = rng.choices(suffixes, weights=suffix_weights)[0]
    folder = f"{company.slug}/{rng.choice(SECTION_FOLDERS[body.doc_type])}/{body.effective.year}"
    header = company.name if rng.random() < 0.7 else None
    return EvidenceDocument(f"{folder}/{messy_name(body, rng)}{suffix}", body, header)


def with_unique_paths(documents: Sequence[EvidenceDocument]) -> list[EvidenceDocument]:
    """Rename clashing paths the way a file manager does: "name (2).pdf".

    Compared case-insensitively, so the corpus also fits on Windows and macOS file systems.
    """
    seen: set[str] = set()
    unique = []
    for document in documents:
        stem, dot, suffix = document.path.rpartition(".")
        path, copy = document.path, 2
        while path.lower() in seen:
            path, copy = f"{stem} ({copy}){dot}{suffix}", copy + 1
        seen.add(path.lower())
        unique.append(replace(document, path=path))
    return unique


def generate_mixed_corpus(dest: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` mixed evidence documents under ``dest`` and return their paths.

    About 45% PDF and 45% DOCX of 1 to 3 pages, 10% .txt/.md/.csv, in nested company
    folders with messy names. The same ``seed`` always gives the same documents.
    """
    documents = with_unique_paths([plan_mixed_document(seed, index) for index in range(count)])
    write_documents(dest, documents)
    return [dest / document.path for document in documents]


# --- Command line --------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Regenerate the sample company evidence folders, truth files and README."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder to write into (default: {DEFAULT_OUT})",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    samples = company_samples()
    for sample in samples:
        write_company_sample(args.out, sample)
        print(f"{sample.company.slug}: {len(sample.documents)} documents, {len(sample.gaps)} gaps")
    write_readme(args.out / "README.md", samples)
    print(f"written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
