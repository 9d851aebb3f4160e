"""Training records: orientations, course records, the training matrix (PDF and Excel), course
transcripts, course certificates and first aid certificates."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from samples.content import (
    CONTENT,
    COURSES,
    ORIENTATION_TOPICS,
    Company,
    initials,
    people_on,
    short_name,
)
from samples.dates import add_years, format_date, pick_date_writer
from samples.document import Block, DocumentBody, Heading, Paragraph, Signature, Table, new_body
from samples.documents.parts import signed_by
from samples.elements import course_uses, elements_for, names_any


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
        # The safety lead's own courses; the industry course (CSTS) is a worker's, on a
        # certificate of its own (build_course_certificate).
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


def build_course_certificate(
    company: Company,
    day: date,
    rng: random.Random,
    holder: str | None = None,
    completed: str = "Construction Safety Training System (CSTS-2020)",
) -> DocumentBody:
    """A certificate of completion of one course, from the certifying partner's online
    training: no expiry, one holder."""
    dates = pick_date_writer(rng)
    holder = holder or rng.choice(people_on(company, day))
    blocks: list[Block] = [
        Heading("Certificate of Completion"),
        Paragraph("Alberta Construction Safety Association - online training"),
        Paragraph(f"This certifies that {holder} has successfully completed {completed}."),
        Table(
            (
                ("Certificate no.", "Completed", "Employer"),
                (f"ACSA-{rng.randrange(1000000, 9999999)}", dates(day), company.name),
            )
        ),
        Paragraph("Keep this certificate with your training records."),
    ]
    return new_body(
        "certificate",
        f"{completed} certificate - {holder}",
        day,
        "Alberta Construction Safety Association",
        short_name(holder),
        blocks,
        elements=elements_for(company, "certificate", ()),
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
