"""Reading a company's sample plan, ``companies/<slug>.yaml``: its steps, run in order, add its
incidents and documents; then its junk files, gaps and traps. README.md beside this module
describes the fields."""

from __future__ import annotations

import random
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from samples.content import INCIDENT_SCENARIOS, SAMPLE_COMPANIES, Company
from samples.dates import add_years, month_starts, recurring_days
from samples.document import EvidenceDocument, Rendering
from samples.file_names import messy_name
from samples.formats.pdf import ENCRYPTED_PDF_PASSWORD
from samples.incidents import (
    CorrectiveAction,
    Incident,
    closed_on,
    investigation_sign_off,
    make_incident,
)
from samples.plan_kinds import FIELD_READERS, KINDS, PlanError
from samples.sample import DS_STORE, THUMBS_DB, CompanySample, Gap, JunkFile, lock_file_for

PLANS_FOLDER = Path(__file__).with_name("companies")
PLAN_FIELDS = {"company", "period", "audit_expected", "steps", "junk", "gaps", "traps"}
INCIDENT_FIELDS = {"incident", "scenario", "date", "number", "open_actions"}
DOCUMENT_FIELDS = {
    "kind",
    "date",
    "folder",
    "name",
    "format",
    "key",
    "rendering",
    "handwritten",
    "header",
    "seed",
}
SERIES_FIELDS = {"monthly", "distinct_topics", "months"}
GAP_FIELDS = {"id", "element", "summary", "documents", "months"}
FORMATS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "jpg": (".jpg",),
    "pdf or docx": (".pdf", ".docx"),
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
JUNK_CONTENT = {"Thumbs.db": THUMBS_DB, ".DS_Store": DS_STORE}
DATE_SHIFT = re.compile(r"\+(\d+) (days|years)")


def company_samples() -> tuple[CompanySample, ...]:
    """Every plan under ``companies/``, in the order of their file names."""
    return tuple(read_plan(path) for path in sorted(PLANS_FOLDER.glob("*.yaml")))


class TemplateDate(date):
    """A date a text may shift: ``{last_drill.date:+183 days}``, ``{policy.date:+3 years}``."""

    def __format__(self, spec: str) -> str:
        if not spec:
            return self.isoformat()
        shift = DATE_SHIFT.fullmatch(spec)
        if shift is None:
            raise PlanError(f"a date shifts by '+N days' or '+N years', not {spec!r}")
        amount = int(shift[1])
        if shift[2] == "years":
            return add_years(self, amount).isoformat()
        return (self + timedelta(days=amount)).isoformat()


def template_date(day: date) -> TemplateDate:
    return TemplateDate(day.year, day.month, day.day)


@dataclass(frozen=True)
class DocumentFacts:
    """What a text may say of a keyed document."""

    path: str
    date: TemplateDate


@dataclass(frozen=True)
class ActionFacts:
    text: str
    due: TemplateDate


@dataclass(frozen=True)
class IncidentFacts:
    """What a text may say of an incident."""

    number: str
    date: TemplateDate
    actions: tuple[CorrectiveAction, ...]

    @property
    def open_action(self) -> ActionFacts:
        for action in self.actions:
            if action.completed is None:
                return ActionFacts(action.text, template_date(action.due))
        raise PlanError(f"incident {self.number} has no open corrective action")


@dataclass
class PlanRun:
    """One plan file being run: what its steps have made so far, and its random sources."""

    company: Company
    period: tuple[date, date]
    audit_expected: date
    documents: list[EvidenceDocument] = field(default_factory=list)
    named: dict[str, EvidenceDocument] = field(default_factory=dict)
    named_incidents: dict[str, Incident] = field(default_factory=dict)
    random_sources: dict[str, random.Random] = field(default_factory=dict)

    def random_source(self, seed: str | None) -> random.Random:
        """The plan's own source (seeded with the company's slug), or one a step names."""
        seed = seed or self.company.slug
        if seed not in self.random_sources:
            self.random_sources[seed] = random.Random(seed)
        return self.random_sources[seed]

    def incident(self, key: str) -> Incident:
        if key not in self.named_incidents:
            raise PlanError(f"no incident {key!r} defined before this step")
        return self.named_incidents[key]

    def incidents(self) -> list[Incident]:
        return list(self.named_incidents.values())

    def document(self, key: str) -> EvidenceDocument:
        if key not in self.named:
            raise PlanError(f"no document with key {key!r}")
        return self.named[key]

    def fill(self, template: str) -> str:
        """The text with its {placeholders} filled from the keyed documents and incidents."""
        facts: dict[str, object] = {
            "audit_expected": template_date(self.audit_expected),
            "encrypted_pdf_password": ENCRYPTED_PDF_PASSWORD,
        }
        facts |= {
            key: DocumentFacts(doc.path, template_date(doc.body.effective))
            for key, doc in self.named.items()
        }
        facts |= {
            key: IncidentFacts(incident.number, template_date(incident.day), incident.actions)
            for key, incident in self.named_incidents.items()
        }
        try:
            return template.format_map(facts)
        except (KeyError, AttributeError) as error:
            raise PlanError(f"cannot fill {error} in {template!r}") from error

    def name_key(self, key: str) -> None:
        if not key.isidentifier():
            raise PlanError(f"key {key!r} must be a word like last_drill, for {{placeholders}}")
        if key in self.named or key in self.named_incidents:
            raise PlanError(f"key {key!r} is used twice")


def read_plan(path: Path) -> CompanySample:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    check_fields(raw, PLAN_FIELDS, path.name, required={"company", "period", "audit_expected"})
    if raw["company"] not in SAMPLE_COMPANIES:
        raise PlanError(f"{path.name}: no company {raw['company']!r} in sample_content.yaml")
    company = SAMPLE_COMPANIES[raw["company"]]
    check_fields(raw["period"], {"start", "end"}, f"{path.name}: period", {"start", "end"})
    period = (raw["period"]["start"], raw["period"]["end"])
    run = PlanRun(company, period, raw["audit_expected"])
    for number, step in enumerate(raw.get("steps", []), start=1):
        try:
            run_step(step, run)
        except PlanError as error:
            raise PlanError(f"{path.name}, step {number} ({describe(step)}): {error}") from error
    try:
        junk = tuple(junk_file(entry, run) for entry in raw.get("junk", []))
        gaps = tuple(read_gap(entry, run) for entry in raw.get("gaps", []))
        traps = tuple(run.fill(trap) for trap in raw.get("traps", []))
    except PlanError as error:
        raise PlanError(f"{path.name}: {error}") from error
    return CompanySample(
        company, period, raw["audit_expected"], tuple(run.documents), junk, gaps, traps
    )


def describe(step: object) -> str:
    if isinstance(step, dict):
        return str(step.get("kind") or f"incident {step.get('incident')}")
    return repr(step)


def check_fields(raw: object, allowed: set[str], what: str, required: Collection[str] = ()) -> None:
    if not isinstance(raw, dict):
        raise PlanError(f"{what}: expected a mapping of fields, got {raw!r}")
    if unknown := set(raw) - allowed:
        raise PlanError(f"{what}: unknown fields {sorted(unknown)}; known: {sorted(allowed)}")
    if missing := set(required) - set(raw):
        raise PlanError(f"{what}: missing {sorted(missing)}")


def run_step(step: object, run: PlanRun) -> None:
    if not isinstance(step, dict):
        raise PlanError(f"a step is a mapping of fields, not {step!r}")
    if "kind" not in step:
        add_incident(step, run)
    elif "monthly" in step:
        add_monthly_series(step, run)
    else:
        add_document(step, run)


def add_incident(step: dict[str, Any], run: PlanRun) -> None:
    check_fields(step, INCIDENT_FIELDS, "an incident", required={"incident", "scenario", "date"})
    run.name_key(step["incident"])
    if step["scenario"] not in INCIDENT_SCENARIOS:
        raise PlanError(f"no incident scenario {step['scenario']!r} in sample_content.yaml")
    number = step.get("number")
    run.named_incidents[step["incident"]] = make_incident(
        run.company,
        step["date"],
        run.random_source(None),
        key=step["scenario"],
        number=None if number is None else str(number),
        # The plan counts actions from 1, as the investigation's table reads.
        open_actions=tuple(action - 1 for action in step.get("open_actions", ())),
    )


def read_date(value: object, run: PlanRun) -> date:
    """A date, or one the plan's incidents decide: ``{incident: ice}`` (the day it happened),
    ``{investigated: ice}`` (signed off), ``{closed: ice, action: 2}`` (its second action)."""
    if isinstance(value, date):
        return value
    if isinstance(value, dict) and value.keys() == {"incident"}:
        return run.incident(value["incident"]).day
    if isinstance(value, dict) and value.keys() == {"investigated"}:
        return investigation_sign_off(run.incident(value["investigated"]))
    if isinstance(value, dict) and value.keys() == {"closed", "action"}:
        actions = run.incident(value["closed"]).actions
        if not 1 <= value["action"] <= len(actions):
            raise PlanError(f"incident {value['closed']!r} has actions 1 to {len(actions)}")
        return closed_on(actions[value["action"] - 1])
    raise PlanError(f"not a date: {value!r}")


def add_document(step: dict[str, Any], run: PlanRun) -> None:
    """Build one document, draw its format and name if the plan leaves them open, file it.

    The draws happen in this order (builder, format, name), which the committed samples
    depend on: change it and every drawn detail after it changes."""
    if step.get("kind") not in KINDS:
        raise PlanError(f"unknown kind {step.get('kind')!r}; known: {sorted(KINDS)}")
    kind = KINDS[step["kind"]]
    check_fields(step, DOCUMENT_FIELDS | set(kind.fields()), "a document", {"folder", "format"})
    if step["format"] not in FORMATS:
        raise PlanError(f"format must be one of {sorted(FORMATS)}, not {step['format']!r}")
    rendering = step.get("rendering", "text")
    if rendering.upper() not in Rendering.__members__:
        raise PlanError(f"rendering must be text, scanned, encrypted or photo, not {rendering!r}")
    if "key" in step:
        run.name_key(step["key"])
    rng = run.random_source(step.get("seed"))
    arguments = {
        name: FIELD_READERS[name](step[name], run) for name in kind.fields() if name in step
    }
    if "date" in step:
        day = read_date(step["date"], run)
    elif kind.default_date and "incident" in arguments:
        day = kind.default_date(arguments["incident"])
    else:
        raise PlanError("a document needs a date")
    if kind.derived:
        arguments |= kind.derived(day, run)
    body = kind.builder(run.company, day, rng, **arguments)
    suffixes = FORMATS[step["format"]]
    # A choice of one still draws from the source; only an open format may.
    suffix = suffixes[0] if len(suffixes) == 1 else rng.choice(suffixes)
    folder = step["folder"].format(year=day.year)
    path = f"{folder}/{step.get('name') or messy_name(body, rng)}{suffix}"
    if any(doc.path.lower() == path.lower() for doc in run.documents):
        raise PlanError(f"two sample documents share the path {path}")
    header = run.company.name if step.get("header", True) else None
    handwritten = step.get("handwritten", False)
    document = EvidenceDocument(path, body, header, Rendering[rendering.upper()], handwritten)
    run.documents.append(document)
    if "key" in step:
        run.named[step["key"]] = document


def add_monthly_series(step: dict[str, Any], run: PlanRun) -> None:
    """One document a month of the period, on a weekday drawn in the month's first three weeks.

    ``months`` changes single months' documents (their date, name, topic...). With
    ``distinct_topics``, the months without a topic of their own draw one each, no topic
    twice."""
    series = step["monthly"]
    check_fields(series, {"weekday", "skip"}, "monthly", required={"weekday"})
    if series["weekday"] not in WEEKDAYS:
        raise PlanError(f"weekday must be one of {WEEKDAYS}, not {series['weekday']!r}")
    if "date" in step:
        raise PlanError("a monthly series draws its dates; change one month's under months")
    skipped = {str(month) for month in series.get("skip", [])}
    months = [m for m in month_starts(*run.period) if f"{m:%Y-%m}" not in skipped]
    changes = {str(month): change for month, change in step.get("months", {}).items()}
    if unknown := set(changes) - {f"{m:%Y-%m}" for m in months}:
        raise PlanError(f"months {sorted(unknown)} are not months of the series")
    rng = run.random_source(step.get("seed"))
    distinct = step.get("distinct_topics", False)
    if distinct:
        read_topic = FIELD_READERS["topic"]
        fixed = [
            read_topic(change["topic"], run) for change in changes.values() if "topic" in change
        ]
        unused = [topic for topic in run.company.pool.topics if topic not in fixed]
        free_topics = rng.sample(unused, k=len(months) - len(fixed))
    days = recurring_days(months, WEEKDAYS.index(series["weekday"]), rng)
    common = {name: value for name, value in step.items() if name not in SERIES_FIELDS}
    for month, day in zip(months, days, strict=True):
        fields = {"date": day, **common, **changes.get(f"{month:%Y-%m}", {})}
        if distinct and "topic" not in fields:
            fields["topic"] = free_topics.pop().title
        add_document(fields, run)


def junk_file(entry: dict[str, Any], run: PlanRun) -> JunkFile:
    """Word's lock file of a keyed document, or a system file whose name says its content."""
    if isinstance(entry, dict) and "lock_file_of" in entry:
        check_fields(entry, {"lock_file_of", "owner"}, "a lock file", {"lock_file_of", "owner"})
        if entry["owner"] not in ("leader", "safety_lead"):
            raise PlanError(f"a lock file's owner is leader or safety_lead, not {entry['owner']!r}")
        owner = getattr(run.company, entry["owner"]).name
        return lock_file_for(run.document(entry["lock_file_of"]), owner)
    check_fields(entry, {"path"}, "a junk file", {"path"})
    name = entry["path"].rsplit("/", 1)[-1]
    if name not in JUNK_CONTENT:
        raise PlanError(f"junk files are {sorted(JUNK_CONTENT)} or lock files, not {name!r}")
    return JunkFile(entry["path"], JUNK_CONTENT[name])


def read_gap(entry: dict[str, Any], run: PlanRun) -> Gap:
    check_fields(entry, GAP_FIELDS, "a gap", {"id", "element", "summary"})
    return Gap(
        entry["id"],
        str(entry["element"]),
        run.fill(entry["summary"]),
        tuple(run.document(key).path for key in entry.get("documents", [])),
        tuple(str(month) for month in entry.get("months", [])),
    )
