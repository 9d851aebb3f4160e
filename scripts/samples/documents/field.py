"""Records kept in the field and on site: FLHAs, toolbox talks, inspections, committee minutes,
drills, equipment maintenance, visitor sign-ins, subcontractor pre-qualification."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from samples.content import (
    COMMITTEE_BUSINESS,
    CREW_QUESTIONS,
    DRILL_SCENARIOS,
    SUBCONTRACTORS,
    VISITORS,
    Company,
    Crew,
    Equipment,
    Site,
    Topic,
    on_payroll,
    pick_site,
    weather_on,
    workers_on,
)
from samples.dates import pick_date_writer
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
from samples.documents.parts import actions_table, attendance_table, signed_by
from samples.elements import EMERGENCY_EQUIPMENT, SENIOR_ROLES, TOPIC_USES, elements_for, names_any
from samples.incidents import CorrectiveAction


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
