"""What follows an incident: the report, the investigation, and the statistics and reviews that
count incidents."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from samples.content import Company, workers_on
from samples.dates import MONTHS, pick_date_writer
from samples.document import (
    Block,
    Bullets,
    DocumentBody,
    Heading,
    Paragraph,
    Signature,
    Table,
    new_body,
)
from samples.documents.parts import actions_table, signed_by
from samples.incidents import Incident, investigation_sign_off, make_incident


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
