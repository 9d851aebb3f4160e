"""The built-in gap rules: what an auditor would find missing, late, expired or unreadable.

Each rule takes an ``AssessmentInput`` (evidence map, audit type, audit date) and yields
``Finding``s of one kind. Only requirements verified by documentation produce
requirement gaps; interview and observation questions never do.

Kinds and the decisions behind them:

``missing-evidence``
    A documentation requirement with no linked document: ``major``; ``critical`` when the
    requirement is worth so much that losing it alone drops its element below the audit
    type's element minimum (so a missing document blocks a pass on its own).
``coverage-gap``
    A recurring record counted per period: ISO week ``YYYY-Www`` for weekly records,
    ``YYYY-MM`` for monthly and each-shift ones (shifts cannot be told from files),
    ``YYYY-Qn`` quarterly. The frequency is the tool's, or the company's own promise
    where it is more frequent or the tool defers to it (``assess/schedule.py``); a
    default the company has not confirmed gives ``minor`` findings only. Every dated
    linked record counts, whatever the link strength, but not a document linked only as
    supporting evidence; a requirement with nothing else gets a ``minor`` finding saying
    so. Periods that overlap the audit type's documentation window (its months, ending
    at the audit date) are required, except the period holding the audit date, which is
    still running. One finding per requirement (its id stays the same while its periods
    change): ``major`` when a required period is missing (including when the records
    start after the window opens), otherwise ``minor`` for periods missing in the
    ``LOOKBACK_MONTHS`` before the audit, counted only from the first record found: an
    auditor may ask about them. A record due every six or twelve months is a gap when
    the last one plus that interval falls before the audit date.
``stale``
    A standing document (``max_age_months``) whose newest dated linked document of the
    requirement's types is older than that at the audit date, or whose documents are all
    undated: ``major``; not raised when minutes in that window record its review
    (``recorded_reviews.py``, the only rule that reads those links).
``expired`` / ``expiring``
    Certificates and training records of a requirement with ``validity_months``: expiry
    is the document's stated expiry, else its date plus the validity. Expired before the
    audit date: ``major``; expiring within ``EXPIRING_WITHIN_DAYS`` after it: ``warning``.
    One finding per document, under the first requirement (tool order) that links it.
``unreadable``
    Every encrypted, needs-OCR or failed document: ``major``; an unsupported file only
    when a mapper linked it, as a ``warning``. One finding per document, naming every
    requirement that links it; scoring already counts the document for nothing.
``weak-evidence``
    A documentation requirement whose links are all weak: ``minor`` (not raised when none
    of them can be read: ``unreadable`` says so).
``incident-not-investigated``
    For the requirement whose ``checks`` name it: each readable incident report of the
    ``LOOKBACK_MONTHS`` before the audit that no investigation names by incident number
    or by the incident's date: ``major``, ``minor`` when an unreadable investigation
    might be it.
``action-overdue``
    For the requirement whose ``checks`` name it: each corrective action its records
    list as open with a due date before the audit date: ``major``.
``training-requirement``
    For a tool with ``training_requirements``: each course the program needs that no
    current record shows held (``program/training.py``), naming the person and the
    course: ``major``, ``minor`` when a training record or certificate cannot be read
    (the course may be in it). Reported under the block's element, with no
    requirement: it is a condition of the certificate, not audit points. A course whose
    holder's full-time status or certification the profile does not give is no gap;
    ``evidencekit training`` lists it as a question.

Finding ids come from ``hookspecs.finding_id``, which hashes ``kind:requirement:subject``
(subject: the path for per-document kinds, empty for per-requirement kinds), so the same
gap keeps its id across runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from evidencekit.assess.coverage import record_coverage
from evidencekit.assess.schedule import OVERDUE_CHECK_FROM_MONTHS
from evidencekit.builtins.recorded_reviews import (
    latest_recorded_review,
    reviewable,
    without_recorded_reviews,
)
from evidencekit.hookspecs import GapRule, finding_id, hookimpl
from evidencekit.models import (
    USER,
    AssessmentInput,
    AuditType,
    CheckedFrequency,
    DocumentFacts,
    DocumentStatus,
    EvidenceMap,
    Finding,
    FrequencySource,
    LinkStrength,
    Recurrence,
    Requirement,
    RequirementEvidence,
    Severity,
)
from evidencekit.periods import add_months, parse_date, period_of, periods_between
from evidencekit.program.training import (
    GAP_STATUSES,
    TrainingStatus,
    assess_training,
    training_gap_id,
)
from evidencekit.vocabulary import EMPTY_FILE, is_certifying

#: Missing periods this far back from the audit date are reported (minor) even when they
#: fall outside the audit type's documentation window.
LOOKBACK_MONTHS = 12
#: A certificate expiring this many days after the audit date is flagged.
EXPIRING_WITHIN_DAYS = 90
#: Document types that carry a validity (in addition to a requirement's own types).
EXPIRING_DOC_TYPES = ("certificate", "training-record")

#: How a client calls each document type, plural.
RECORD_NAMES = {
    "policy": "signed health and safety policy",
    "responsibilities": "written responsibilities",
    "formal-hazard-assessment": "formal hazard assessments",
    "field-level-hazard-assessment": "field-level hazard assessments (FLHAs)",
    "safe-work-procedure": "safe work procedures",
    "inspection": "site inspection records",
    "maintenance-record": "maintenance records",
    "safety-meeting": "safety meeting or toolbox talk records",
    "committee-minutes": "committee meeting minutes",
    "orientation-record": "orientation records",
    "training-record": "training records",
    "certificate": "certificates",
    "emergency-response-plan": "emergency response plan",
    "drill-record": "emergency drill records",
    "incident-report": "incident reports",
    "investigation": "incident investigations",
    "statistics-review": "statistics and annual reviews",
    "contractor-visitor-record": "visitor and contractor records",
}

EXPECTED_EVERY = {
    Recurrence.EACH_SHIFT: "every shift (checked month by month)",
    Recurrence.WEEKLY: "every week",
    Recurrence.MONTHLY: "every month",
    Recurrence.QUARTERLY: "every quarter",
    Recurrence.HALF_YEARLY: "every six months",
    Recurrence.YEARLY: "at least once a year",
}

UNREADABLE_REASONS = {
    DocumentStatus.ENCRYPTED: (
        "is password-protected, so neither an auditor's copy nor this check can read it",
        "Save an unprotected copy (or remove the password) in the evidence folder and scan again.",
    ),
    DocumentStatus.NEEDS_OCR: (
        "is a scan without a text layer: its content cannot be read without OCR",
        "Run OCR on the scan (or file a typed copy) and scan again.",
    ),
    DocumentStatus.FAILED: (
        "could not be read: the file may be damaged",
        "Open it to check it is intact, re-save or re-export it, and scan again.",
    ),
    DocumentStatus.UNSUPPORTED: (
        "is in a file format evidencekit does not read",
        "Save a copy as PDF or DOCX in the evidence folder and scan again.",
    ),
}


#: What the scan or extraction said, when it tells a cause other than a damaged file.
FAILURE_CAUSES = (
    (
        "permission denied",
        "cannot be read: the account running the check has no read permission on it",
        "Give that account read permission on the file (or ask its owner to), and scan again.",
    ),
    (
        EMPTY_FILE,
        "is an empty file (0 bytes): there is nothing in it to read",
        "File the real document in its place (the copy may have failed) and scan again.",
    ),
)


#: Photos and image scans: no built-in extractor reads them, OCR does (the OCR plugin
#: reads these types). Like a scanned PDF they need OCR, not another file format.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".bmp", ".gif", ".webp")
NEEDS_OCR_IMAGE = (
    "is a photo or image: its content cannot be read without OCR",
    "Run OCR on it (the evidencekit OCR plugin reads photos of forms) or file a typed copy, "
    "and scan again.",
)


def needs_ocr(document: DocumentFacts) -> bool:
    """A scanned PDF without a text layer, or a photo no installed extractor reads."""
    return document.status is DocumentStatus.NEEDS_OCR or (
        document.status is DocumentStatus.UNSUPPORTED
        and document.path.lower().endswith(IMAGE_SUFFIXES)
    )


def unreadable_reason(document: DocumentFacts) -> tuple[str, str]:
    """Why ``document`` cannot be used and what to do, from the real cause where the scan
    or extraction recorded one ("no read permission", not "may be damaged"; a photo needs
    OCR as a scan does, not another file format)."""
    if document.status is DocumentStatus.UNSUPPORTED and needs_ocr(document):
        return NEEDS_OCR_IMAGE
    if document.status is DocumentStatus.FAILED:
        said = document.reason.lower()
        for cause, reason, action in FAILURE_CAUSES:
            if cause in said:
                return reason, action
        if said:
            reason, action = UNREADABLE_REASONS[DocumentStatus.FAILED]
            return f"{reason} ({document.reason})", action
    return UNREADABLE_REASONS.get(
        document.status, (f"could not be read ({document.status})", "Check the file.")
    )


@hookimpl(trylast=True)
def register_gap_rules(register: Callable[[str, GapRule], None]) -> None:
    register("missing-evidence", find_missing_evidence)
    register("coverage-gap", find_coverage_gaps)
    register("stale", find_stale_documents)
    register("expired", find_expired)
    register("expiring", find_expiring)
    register("unreadable", find_unreadable)
    register("weak-evidence", find_weak_evidence)
    register("incident-not-investigated", find_uninvestigated_incidents)
    register("action-overdue", find_overdue_actions)
    register("training-requirement", find_training_gaps)


# --- Dates and periods -------------------------------------------------------------------


def describe_periods(missing: list[str], in_order: list[str]) -> str:
    """``missing`` in words, consecutive periods of ``in_order`` shown as one range.

    ``2026-W33, 2026-W35 to 2026-W37 and 2026-W39``.
    """
    position = {label: index for index, label in enumerate(in_order)}
    runs: list[list[str]] = []
    for label in missing:
        if runs and position.get(label, -2) == position.get(runs[-1][-1], -9) + 1:
            runs[-1].append(label)
        else:
            runs.append([label])
    return join_list(run[0] if len(run) == 1 else f"{run[0]} to {run[-1]}" for run in runs)


# --- Helpers over the evidence map -------------------------------------------------------


def documentary(evidence_map: EvidenceMap) -> Iterator[RequirementEvidence]:
    """The requirements (with the links that may prove them) that documents can prove."""
    return (
        without_recorded_reviews(entry)
        for entry in evidence_map.requirements
        if entry.requirement.needs_documents
    )


def linked_paths(entry: RequirementEvidence) -> list[str]:
    """The linked documents' paths, each once, in link order."""
    return list(dict.fromkeys(link.path for link in entry.links))


def facts_by_path(evidence_map: EvidenceMap) -> dict[str, DocumentFacts]:
    return {document.path: document for document in evidence_map.documents}


def record_name(requirement: Requirement) -> str:
    """What the requirement's records are called (``site inspection records``)."""
    names = [RECORD_NAMES[kind] for kind in requirement.evidence.doc_types if kind in RECORD_NAMES]
    return " or ".join(names) if names else "records"


def quote(requirement: Requirement) -> str:
    return f'{requirement.id} ("{requirement.summary}")'


def join_list(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _finding(
    kind: str,
    severity: Severity,
    requirement: Requirement | None,
    message: str,
    action: str,
    paths: Iterable[str] = (),
    periods: Iterable[str] = (),
    subject: str = "",
    owner: str | None = None,
) -> Finding:
    requirement_id = requirement.id if requirement else None
    return Finding(
        id=finding_id(kind, requirement_id, subject),
        kind=kind,
        severity=severity,
        element_id=requirement.element_id if requirement else "",
        requirement_id=requirement_id,
        message=message,
        action=action,
        paths=tuple(paths),
        periods=tuple(periods),
        owner=owner,
    )


# --- missing-evidence --------------------------------------------------------------------


def blocks_element_alone(
    requirement: Requirement, evidence_map: EvidenceMap, kind: AuditType
) -> bool:
    """Would losing this requirement's points alone put its element under the element minimum?"""
    if kind.element_min_pct is None:
        return False
    element_points = sum(
        entry.requirement.points
        for entry in evidence_map.requirements
        if entry.requirement.element_id == requirement.element_id
    )
    if element_points <= 0:
        return False
    return (element_points - requirement.points) * 100 / element_points < kind.element_min_pct


def find_missing_evidence(assessment: AssessmentInput) -> Iterator[Finding]:
    evidence_map = assessment.evidence_map
    for entry in documentary(evidence_map):
        if entry.links:
            continue
        requirement = entry.requirement
        critical = blocks_element_alone(requirement, evidence_map, assessment.audit_type)
        wanted = (
            f"the {record_name(requirement)}"
            if requirement.evidence.doc_types
            else "a written record"
        )
        yield _finding(
            "missing-evidence",
            Severity.CRITICAL if critical else Severity.MAJOR,
            requirement,
            f"No document in the evidence folder shows {quote(requirement)}."
            + (
                f" It is worth {requirement.points} points, enough to fail element "
                f"{requirement.element_id} on its own."
                if critical
                else ""
            ),
            f"Produce or find {wanted} showing this and file it in the evidence folder; "
            f"if it already exists under another name, link it with `evidencekit link add`.",
        )


# --- coverage-gap ------------------------------------------------------------------------


def find_coverage_gaps(assessment: AssessmentInput) -> Iterator[Finding]:
    facts = facts_by_path(assessment.evidence_map)
    # No links at all is missing-evidence, not a coverage gap.
    checked = {
        entry.requirement.id: entry for entry in documentary(assessment.evidence_map) if entry.links
    }
    for row in record_coverage(assessment.evidence_map, assessment.audit_date):
        entry = checked.get(row.requirement.id)
        if entry is None:
            continue
        if row.unchecked:
            yield supporting_only_gap(entry, facts, row.frequency)
            continue
        records = list(row.records)
        if row.frequency.recurrence.months_apart >= OVERDUE_CHECK_FROM_MONTHS:
            finding = overdue_gap(entry.requirement, row.frequency, records, assessment)
        else:
            finding = periodic_gap(entry.requirement, row.frequency, records, assessment)
        if finding is not None:
            yield finding


def expected(requirement: Requirement, frequency: CheckedFrequency) -> str:
    """Who expects the records how often, as a sentence."""
    every = EXPECTED_EVERY[frequency.recurrence]
    name = record_name(requirement)
    if frequency.source is FrequencySource.COMPANY and frequency.promise is not None:
        return (
            f"{frequency.promise.path} promises {name} {every} "
            f'("{frequency.promise.quote}"), and an auditor checks {requirement.id} '
            "against that promise."
        )
    if frequency.source is FrequencySource.DEFAULT:
        return (
            f"{requirement.id} expects {name} on the company's own schedule; no frequency "
            f"was found in its program documents, so they are compared with {every}, a "
            "common choice: check them against the frequency your manual sets."
        )
    return f"{requirement.id} expects {name} {every}."


def supporting_only_gap(
    entry: RequirementEvidence, facts: dict[str, DocumentFacts], frequency: CheckedFrequency
) -> Finding:
    requirement = entry.requirement
    paths = linked_paths(entry)
    kinds = join_list(
        dict.fromkeys(
            RECORD_NAMES.get(facts[path].doc_type, facts[path].doc_type)
            for path in paths
            if path in facts
        )
    )
    return _finding(
        "coverage-gap",
        Severity.MINOR,
        requirement,
        f"{expected(requirement, frequency)} Only supporting documents are linked "
        f"({kinds}: {join_list(paths)}); they mention these records but are not the records "
        "themselves, so no period can be checked.",
        "Keep the records themselves (or a sample from each period) in the evidence folder, "
        "or link them with `evidencekit link add`.",
        paths=paths,
    )


def overdue_gap(
    requirement: Requirement,
    frequency: CheckedFrequency,
    records: list[tuple[date, str]],
    assessment: AssessmentInput,
) -> Finding | None:
    """A record expected every six or twelve months: is the next one overdue at the audit?"""
    months = round(frequency.recurrence.months_apart)
    name = record_name(requirement)
    if records:
        last, last_path = records[-1]
        due = add_months(last, months)
        if due >= assessment.audit_date:
            return None
        situation = (
            f"The last one is dated {last} ({last_path}), so the next was due by {due}, "
            f"before the audit on {assessment.audit_date}."
        )
        paths = [last_path]
    else:
        situation = "None of the linked documents shows a date."
        paths = []
    return _finding(
        "coverage-gap",
        Severity.MINOR if frequency.source is FrequencySource.DEFAULT else Severity.MAJOR,
        requirement,
        f"{expected(requirement, frequency)} {situation}",
        f"Hold the overdue one before the audit and record it, with the date; if it was held, "
        f"file its record with the other {name}.",
        paths=paths,
    )


def periodic_gap(
    requirement: Requirement,
    frequency: CheckedFrequency,
    records: list[tuple[date, str]],
    assessment: AssessmentInput,
) -> Finding | None:
    recurrence = frequency.recurrence
    audit_date = assessment.audit_date
    audit_type = assessment.audit_type
    current = period_of(audit_date, recurrence)
    window = audit_type.documentation_window_months
    window_start = add_months(audit_date, -window) if window else audit_date
    required = [p for p in periods_between(window_start, audit_date, recurrence) if p != current]
    lookback_start = min(add_months(audit_date, -LOOKBACK_MONTHS), window_start)
    every_period = [
        p for p in periods_between(lookback_start, audit_date, recurrence) if p != current
    ]
    lookback = [p for p in every_period if p not in required]
    covered = {period_of(day, recurrence) for day, _ in records}
    first = records[0][0] if records else None
    missing_required = [p for p in required if p not in covered]
    missing_earlier = [
        p
        for p in lookback
        if p not in covered and first is not None and p >= period_of(first, recurrence)
    ]
    if not missing_required and not missing_earlier:
        return None

    name = record_name(requirement)
    sentences = [expected(requirement, frequency)]
    if first is None:
        sentences.append("None of the linked documents shows a date, so no period is covered.")
    elif required and period_of(first, recurrence) > required[0]:
        sentences.append(
            f"The records start {first}; a {audit_type.name} audit needs {window} months of "
            f"records, from {window_start}."
        )
    if missing_required:
        sentences.append(
            f"Missing inside the {window}-month documentation window: "
            f"{describe_periods(missing_required, every_period)}."
        )
    if missing_earlier:
        sentences.append(
            f"Also missing earlier in the {LOOKBACK_MONTHS} months before the audit: "
            f"{describe_periods(missing_earlier, every_period)}; an auditor may ask about them."
        )
    missing = sorted(missing_required + missing_earlier)
    serious = missing_required and frequency.source is not FrequencySource.DEFAULT
    return _finding(
        "coverage-gap",
        Severity.MAJOR if serious else Severity.MINOR,
        requirement,
        " ".join(sentences),
        f"Find or complete the {name} for {describe_periods(missing, every_period)}; "
        "if none was done, record why and schedule the next one.",
        periods=missing,
    )


# --- stale -------------------------------------------------------------------------------


#: Which links name the standing document itself, most specific first: the user's own,
#: a file name the requirement's patterns match, then words in the text.
NAMING_SOURCES = (USER, "path-pattern", "search-query")


def standing_documents(entry: RequirementEvidence, facts: dict[str, DocumentFacts]) -> list[str]:
    """The linked documents that must be current, by how specifically they are named.

    Of several policies, the one the requirement's paths or words name must be current
    (the H&S policy, not a newer harassment policy); a file named as the policy beats a
    manual that merely contains it.
    """
    wanted, entry = set(entry.requirement.evidence.doc_types), without_recorded_reviews(entry)
    typed = [
        path for path in linked_paths(entry) if path in facts and facts[path].doc_type in wanted
    ]
    sources: dict[str, set[str]] = {}
    for link in entry.links:
        sources.setdefault(link.path, set()).add(link.source)
    for source in NAMING_SOURCES:
        named = [path for path in typed if source in sources.get(path, ())]
        if named:
            return named
    return typed or linked_paths(entry)


def find_stale_documents(assessment: AssessmentInput) -> Iterator[Finding]:
    facts = facts_by_path(assessment.evidence_map)
    for listed in assessment.evidence_map.requirements:
        entry, requirement = without_recorded_reviews(listed), listed.requirement
        max_age = requirement.max_age_months
        paths = linked_paths(entry)
        if max_age is None or not paths or not requirement.needs_documents:
            continue
        due_after = add_months(assessment.audit_date, -max_age)
        if latest_recorded_review(listed, facts, due_after, assessment.audit_date):
            continue
        candidates = standing_documents(entry, facts)
        dated = sorted(
            (day, path)
            for path in candidates
            if (day := parse_date(facts[path].date if path in facts else None)) is not None
        )
        name = record_name(requirement)
        action = (
            f"Review the {name}, update it if needed, and have it signed and dated again "
            f"before the audit (the date must be after {due_after})"
            + (", or record its review in meeting minutes" if reviewable(requirement) else "")
            + "."
        )
        if not dated:
            yield _finding(
                "stale",
                Severity.MAJOR,
                requirement,
                f"The date of the {name} cannot be told: none of {join_list(candidates)} "
                f"shows one, and {requirement.id} needs it reviewed within {max_age} months.",
                action,
                paths=candidates,
            )
            continue
        newest, path = dated[-1]
        if newest < due_after:
            yield _finding(
                "stale",
                Severity.MAJOR,
                requirement,
                f"The newest {name}, {path}, is dated {newest}: more than {max_age} months "
                f"before the audit on {assessment.audit_date}. {requirement.id} needs it "
                f"reviewed within {max_age} months.",
                action,
                paths=[path],
            )


# --- expired / expiring ------------------------------------------------------------------


def expiry_of(document: DocumentFacts, validity_months: int) -> tuple[date, str] | None:
    """A document's expiry and how it was found, or ``None`` when it cannot be told."""
    stated = parse_date(document.expiry)
    if stated is not None:
        return stated, "as stated on it"
    issued = parse_date(document.date)
    if issued is not None:
        return add_months(issued, validity_months), f"{validity_months} months after {issued}"
    return None


def expiring_documents(
    assessment: AssessmentInput,
) -> Iterator[tuple[Requirement, DocumentFacts, date, str]]:
    """Every document with a validity, once, under the first requirement that links it."""
    facts = facts_by_path(assessment.evidence_map)
    seen: set[str] = set()
    for entry in documentary(assessment.evidence_map):
        requirement = entry.requirement
        if requirement.validity_months is None:
            continue
        types = set(EXPIRING_DOC_TYPES) | set(requirement.evidence.doc_types)
        for path in linked_paths(entry):
            document = facts.get(path)
            if path in seen or document is None or document.doc_type not in types:
                continue
            seen.add(path)
            expiry = expiry_of(document, requirement.validity_months)
            if expiry is not None:
                yield requirement, document, *expiry


def find_expired(assessment: AssessmentInput) -> Iterator[Finding]:
    for requirement, document, expiry, how in expiring_documents(assessment):
        if expiry < assessment.audit_date:
            yield _finding(
                "expired",
                Severity.MAJOR,
                requirement,
                f"{document.path} expired on {expiry} ({how}), before the audit on "
                f"{assessment.audit_date}; it does not count for {requirement.id}.",
                "Have the holder renew it (or name another current holder) and file the new "
                "certificate before the audit.",
                paths=[document.path],
                subject=document.path,
            )


def find_expiring(assessment: AssessmentInput) -> Iterator[Finding]:
    horizon = assessment.audit_date + timedelta(days=EXPIRING_WITHIN_DAYS)
    for requirement, document, expiry, how in expiring_documents(assessment):
        if assessment.audit_date <= expiry <= horizon:
            days = (expiry - assessment.audit_date).days
            yield _finding(
                "expiring",
                Severity.WARNING,
                requirement,
                f"{document.path} expires on {expiry} ({how}), {days} days after the audit "
                f"on {assessment.audit_date}.",
                "Book the renewal now so the new certificate is on file before it expires.",
                paths=[document.path],
                subject=document.path,
            )


# --- unreadable --------------------------------------------------------------------------


def requirements_linking(evidence_map: EvidenceMap) -> dict[str, list[Requirement]]:
    """For each linked path, the documentation requirements linking it, in tool order."""
    linking: dict[str, list[Requirement]] = {}
    for entry in documentary(evidence_map):
        for path in linked_paths(entry):
            linking.setdefault(path, []).append(entry.requirement)
    return linking


def find_unreadable(assessment: AssessmentInput) -> Iterator[Finding]:
    linking = requirements_linking(assessment.evidence_map)
    for document in assessment.evidence_map.documents:
        if document.status is DocumentStatus.OK:
            continue
        requirements = linking.get(document.path, [])
        requirement = requirements[0] if requirements else None
        unsupported = document.status is DocumentStatus.UNSUPPORTED and not needs_ocr(document)
        if unsupported and requirement is None:
            continue  # an unsupported file nobody linked is not evidence of anything
        reason, action = unreadable_reason(document)
        proves = ""
        if len(requirements) == 1:
            proves = (
                f" It is linked to {requirements[0].id} and counts for nothing until it can "
                "be read."
            )
        elif requirements:
            proves = (
                f" It is linked to {join_list(r.id for r in requirements)} and counts for none "
                "of them until it can be read."
            )
        yield _finding(
            "unreadable",
            Severity.WARNING if unsupported else Severity.MAJOR,
            requirement,
            f"{document.path} {reason}.{proves}",
            action,
            paths=[document.path],
            subject=document.path,
        )
    for path, reason in assessment.evidence_map.left_out:
        what = "folder" if path.endswith("/") else "file"
        yield _finding(
            "unreadable",
            Severity.MAJOR,
            None,
            f"The {what} {path} was left out of this check: {reason}. Whatever it holds "
            "counts for nothing.",
            "Rename it with ordinary characters (letters, digits, spaces), then scan again."
            if what == "file"
            else "Give the account running the check permission to list the folder (or ask "
            "its owner to), then scan again.",
            paths=[path],
            subject=path,
        )


# --- weak-evidence -----------------------------------------------------------------------


def find_weak_evidence(assessment: AssessmentInput) -> Iterator[Finding]:
    statuses = {document.path: document.status for document in assessment.evidence_map.documents}
    for entry in documentary(assessment.evidence_map):
        if not entry.links or any(link.strength is LinkStrength.STRONG for link in entry.links):
            continue
        if not any(statuses.get(link.path) is DocumentStatus.OK for link in entry.links):
            continue  # nothing readable is linked: the unreadable findings say so
        requirement = entry.requirement
        paths = linked_paths(entry)
        reasons = join_list(dict.fromkeys(link.rule for link in entry.links))
        proving = requirement.evidence.proved_only_by
        expected_kind = (
            f"a dated {' or '.join(proving)}, the only documents that prove it"
            if proving
            else "a dated document of the expected type"
        )
        yield _finding(
            "weak-evidence",
            Severity.MINOR,
            requirement,
            f"Only weak evidence for {quote(requirement)}: {join_list(paths)}, matched by "
            f"{reasons}, not by {expected_kind}.",
            "Check that these documents really show this; confirm them with `evidencekit link "
            "add`, or file a dated document that does.",
            paths=paths,
        )


# --- incident-not-investigated -----------------------------------------------------------


def requirements_checking(evidence_map: EvidenceMap, kind: str) -> list[Requirement]:
    """The documentation requirements whose mapping asks for the check ``kind``."""
    return [
        entry.requirement for entry in documentary(evidence_map) if kind in entry.requirement.checks
    ]


def investigates(investigation: DocumentFacts, report: DocumentFacts) -> bool:
    """Is ``investigation`` about the incident ``report`` records? Same incident number,
    or, failing one, the report's date given as the incident's date."""
    if set(report.content.incident_refs) & set(investigation.content.incident_refs):
        return True
    return report.date is not None and report.date in investigation.content.event_dates


def find_uninvestigated_incidents(assessment: AssessmentInput) -> Iterator[Finding]:
    checking = requirements_checking(assessment.evidence_map, "incident-not-investigated")
    if not checking:
        return
    requirement = checking[0]
    documents = assessment.evidence_map.documents
    investigations = [d for d in documents if d.doc_type == "investigation"]
    readable = [d for d in investigations if d.status is DocumentStatus.OK]
    unreadable = [d.path for d in investigations if d.status is not DocumentStatus.OK]
    since = add_months(assessment.audit_date, -LOOKBACK_MONTHS)
    for report in documents:
        day = parse_date(report.date)
        if (
            report.doc_type != "incident-report"
            or report.status is not DocumentStatus.OK
            or day is None
            or not since <= day <= assessment.audit_date
            or any(investigates(investigation, report) for investigation in readable)
        ):
            continue
        named = (
            f"incident {report.content.incident_refs[0]}"
            if report.content.incident_refs
            else "the incident"
        )
        caveat = (
            f" Unless it is in {join_list(unreadable)}, which cannot be read." if unreadable else ""
        )
        yield _finding(
            "incident-not-investigated",
            Severity.MINOR if unreadable else Severity.MAJOR,
            requirement,
            f"{report.path} reports {named} of {day}, but no investigation in the evidence "
            f"folder names it (by its number or its date); {requirement.id} expects every "
            f"reported incident to be investigated.{caveat}",
            "Investigate the incident (causes, corrective actions with owners and due dates) "
            "and file the investigation; if one exists, file it or link it with "
            "`evidencekit link add`.",
            paths=[report.path],
            periods=[period_of(day, Recurrence.MONTHLY)],
            subject=report.path,
        )


# --- action-overdue ----------------------------------------------------------------------


def find_overdue_actions(assessment: AssessmentInput) -> Iterator[Finding]:
    checking = requirements_checking(assessment.evidence_map, "action-overdue")
    if not checking:
        return
    requirement = checking[0]
    wanted = set(requirement.evidence.doc_types)
    for document in assessment.evidence_map.documents:
        if document.doc_type not in wanted or document.status is not DocumentStatus.OK:
            continue
        for action in document.content.actions:
            due = parse_date(action.due)
            if action.done or due is None or due >= assessment.audit_date:
                continue
            days = (assessment.audit_date - due).days
            owner = f" (owner {action.owner})" if action.owner else ""
            yield _finding(
                "action-overdue",
                Severity.MAJOR,
                requirement,
                f'{document.path} lists the corrective action "{action.text}"{owner}, due {due} '
                f"and still open: {days} days overdue at the audit on "
                f"{assessment.audit_date}. {requirement.id} expects corrective actions "
                "tracked until they are closed.",
                "Close the action (or record why it is late and its new due date) and file "
                "the proof of completion with the investigation.",
                paths=[document.path],
                periods=[period_of(due, Recurrence.MONTHLY)],
                # The row's words, owner included, as ids had before owners were read
                # apart: a tracker keeps following the same finding.
                subject=f"{document.path}:{' '.join(filter(None, (action.text, action.owner)))}",
                owner=action.owner,
            )


# --- training-requirement ----------------------------------------------------------------


def find_training_gaps(assessment: AssessmentInput) -> Iterator[Finding]:
    tool = assessment.evidence_map.tool
    if tool.training_requirements is None:
        return
    training = assess_training(
        tool.training_requirements,
        assessment.evidence_map.documents,
        assessment.audit_date,
        assessment.profile,
    )
    unreadable = [document.path for document in training.unreadable]
    caveat = (
        f" Unless it is in {join_list(unreadable)}, which cannot be read." if unreadable else ""
    )
    for result in training.results:
        if result.status not in GAP_STATUSES:
            continue
        lapsed = "renew it" if result.status is TrainingStatus.EXPIRED else "take the course"
        yield Finding(
            id=training_gap_id(result.required.id),
            kind="training-requirement",
            severity=Severity.MINOR if unreadable else Severity.MAJOR,
            element_id=training.element_id,
            requirement_id=None,
            message=(
                f"{tool.program} training requirement {result.required.id} "
                f'("{result.required.summary}") is {result.status}: {result.reason}{caveat}'
            ),
            action=(
                f"Have {result.person or 'the person who runs the program'} {lapsed} and "
                "file the certificate or transcript in the evidence folder; a certificate "
                "is needed before the program can be certified."
            ),
            paths=result.paths,
            blocks_certification=is_certifying(assessment.audit_type.name),
        )
