"""Prairie Line Electric's sample plan (SECOR)."""

from __future__ import annotations

import random
from datetime import date

from samples.content import PRAIRIE_LINE
from samples.dates import add_years
from samples.document import EvidenceDocument, Rendering
from samples.documents.field import (
    build_committee_minutes,
    build_flha,
    build_maintenance_record,
    build_site_inspection,
    build_toolbox_talk,
    build_visitor_log,
)
from samples.documents.incident_records import (
    build_annual_review,
    build_incident_report,
    build_investigation,
)
from samples.documents.program import (
    build_emergency_response_plan,
    build_formal_hazard_assessment,
    build_policy_statement,
    build_program_manual,
    build_roles,
    build_safe_work_procedure,
)
from samples.documents.training import (
    build_course_transcript,
    build_first_aid_certificate,
    build_orientation,
)
from samples.incidents import investigation_sign_off, make_incident
from samples.sample_plan import (
    DS_STORE,
    FLHA_SELECTION_NOTE,
    THUMBS_DB,
    CompanySample,
    Gap,
    JunkFile,
    SamplePlan,
    lock_file_for,
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
