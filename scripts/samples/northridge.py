"""Northridge Construction's sample plan (COR)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from samples.content import COURSES, NORTHRIDGE, Company
from samples.dates import add_years, month_starts, recurring_days
from samples.document import EvidenceDocument, Rendering
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
    CREW_WORKBOOK,
    build_course_transcript,
    build_crew_workbook,
    build_first_aid_certificate,
    build_orientation,
    build_training_matrix,
    build_training_record,
)
from samples.formats.pdf import ENCRYPTED_PDF_PASSWORD
from samples.incidents import Incident, closed_on, investigation_sign_off, make_incident
from samples.sample_plan import (
    AUDIT_EXPECTED,
    DS_STORE,
    FLHA_SELECTION_NOTE,
    THUMBS_DB,
    CompanySample,
    Gap,
    JunkFile,
    SamplePlan,
    lock_file_for,
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
