"""The written program: policies, the manual, roles, the committee's terms, formal hazard
assessments, safe work procedures, the emergency response plan, the legislation list."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from samples.content import EMERGENCY_PROCEDURES, POLICY_OPENINGS, Company, Procedure, people_on
from samples.dates import add_years, pick_date_writer
from samples.document import (
    Block,
    Bullets,
    DocumentBody,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    new_body,
)
from samples.documents.parts import hazard_rows, signed_by
from samples.elements import elements_for


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
