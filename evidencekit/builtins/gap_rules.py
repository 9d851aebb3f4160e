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
    A recurring record (``recurrence``) counted per period: ISO week ``YYYY-Www`` for
    weekly records, ``YYYY-MM`` for monthly and each-shift ones (shifts cannot be told
    from files), ``YYYY-Qn`` quarterly. Every
    dated linked document counts, whatever the link strength. Periods that overlap the
    audit type's documentation window (its months, ending at the audit date) are
    required, except the period holding the audit date, which is still running.
    One finding per requirement (its id stays the same while its periods change):
    ``major`` when a required period is missing (including when the records start after
    the window opens), otherwise ``minor`` for periods missing in the
    ``LOOKBACK_MONTHS`` before the audit, counted only from the first record found: an
    auditor may ask about them. A yearly record is a gap when none is dated in the 12
    months before the audit date.
``stale``
    A standing document (``max_age_months``) whose newest dated linked document of the
    requirement's types is older than that at the audit date, or whose documents are all
    undated: ``major``.
``expired`` / ``expiring``
    Certificates and training records of a requirement with ``validity_months``: expiry
    is the document's stated expiry, else its date plus the validity. Expired before the
    audit date: ``major``; expiring within ``EXPIRING_WITHIN_DAYS`` after it: ``warning``.
    One finding per document, under the first requirement (tool order) that links it.
``unreadable``
    Every encrypted, needs-OCR or failed document: ``major``; an unsupported file only
    when a mapper linked it, as a ``warning``. One finding per document.
``weak-evidence``
    A documentation requirement whose links are all weak: ``minor``.

Finding ids hash ``kind:requirement:subject`` (subject: the path for per-document kinds,
empty for per-requirement kinds), so the same gap keeps its id across runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from evidencekit.audit.periods import add_months, parse_date, period_of, periods_between
from evidencekit.hookspecs import GapRule, hookimpl
from evidencekit.models import (
    AssessmentInput,
    AuditType,
    DocumentFacts,
    DocumentStatus,
    EvidenceMap,
    Finding,
    LinkStrength,
    Recurrence,
    Requirement,
    RequirementEvidence,
    Severity,
)

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


@hookimpl(trylast=True)
def register_gap_rules(register: Callable[[str, GapRule], None]) -> None:
    register("missing-evidence", find_missing_evidence)
    register("coverage-gap", find_coverage_gaps)
    register("stale", find_stale_documents)
    register("expired", find_expired)
    register("expiring", find_expiring)
    register("unreadable", find_unreadable)
    register("weak-evidence", find_weak_evidence)


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


def finding_id(kind: str, requirement_id: str | None, subject: str = "") -> str:
    """A short id that stays the same for the same gap across runs."""
    key = f"{kind}:{requirement_id or '-'}:{subject}"
    return f"{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


# --- Helpers over the evidence map -------------------------------------------------------


def documentary(evidence_map: EvidenceMap) -> Iterator[RequirementEvidence]:
    """The requirements (with their links) that documents can prove, in tool order."""
    return (entry for entry in evidence_map.requirements if entry.requirement.needs_documents)


def linked_paths(entry: RequirementEvidence) -> list[str]:
    """The linked documents' paths, each once, in link order."""
    return list(dict.fromkeys(link.path for link in entry.links))


def facts_by_path(evidence_map: EvidenceMap) -> dict[str, DocumentFacts]:
    return {document.path: document for document in evidence_map.documents}


def record_name(requirement: Requirement) -> str:
    """What the requirement's records are called (``site inspection records``)."""
    rule = requirement.evidence
    kinds = rule.doc_types or rule.supporting_doc_types
    names = [RECORD_NAMES[kind] for kind in kinds if kind in RECORD_NAMES]
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


def dated_records(
    entry: RequirementEvidence, facts: dict[str, DocumentFacts], until: date
) -> list[tuple[date, str]]:
    """The linked documents with a date on or before ``until``, oldest first."""
    records = []
    for path in linked_paths(entry):
        document = facts.get(path)
        day = parse_date(document.date) if document else None
        if day is not None and day <= until:
            records.append((day, path))
    return sorted(records)


def find_coverage_gaps(assessment: AssessmentInput) -> Iterator[Finding]:
    facts = facts_by_path(assessment.evidence_map)
    for entry in documentary(assessment.evidence_map):
        recurrence = entry.requirement.recurrence
        if recurrence is None or not entry.links:
            continue  # no links at all is missing-evidence
        records = dated_records(entry, facts, assessment.audit_date)
        if recurrence is Recurrence.YEARLY:
            finding = yearly_gap(entry.requirement, records, assessment)
        else:
            finding = periodic_gap(entry.requirement, recurrence, records, assessment)
        if finding is not None:
            yield finding


def yearly_gap(
    requirement: Requirement, records: list[tuple[date, str]], assessment: AssessmentInput
) -> Finding | None:
    since = add_months(assessment.audit_date, -12)
    if any(day >= since for day, _ in records):
        return None
    name = record_name(requirement)
    last = (
        f" The last one is dated {records[-1][0]} ({records[-1][1]})."
        if records
        else (" None of the linked documents shows a date.")
    )
    return _finding(
        "coverage-gap",
        Severity.MAJOR,
        requirement,
        f"No {name} dated in the 12 months before the audit ({since} to "
        f"{assessment.audit_date}); {requirement.id} expects them at least once a year.{last}",
        f"Find the {name} of the past year; if none was done, do it before the audit and "
        f"record it, with the date.",
        paths=[records[-1][1]] if records else (),
    )


def periodic_gap(
    requirement: Requirement,
    recurrence: Recurrence,
    records: list[tuple[date, str]],
    assessment: AssessmentInput,
) -> Finding | None:
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
    sentences = [f"{requirement.id} expects {name} {EXPECTED_EVERY[recurrence]}."]
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
    return _finding(
        "coverage-gap",
        Severity.MAJOR if missing_required else Severity.MINOR,
        requirement,
        " ".join(sentences),
        f"Find or complete the {name} for {describe_periods(missing, every_period)}; "
        "if none was done, record why and schedule the next one.",
        periods=missing,
    )


# --- stale -------------------------------------------------------------------------------


def find_stale_documents(assessment: AssessmentInput) -> Iterator[Finding]:
    facts = facts_by_path(assessment.evidence_map)
    for entry in documentary(assessment.evidence_map):
        requirement = entry.requirement
        max_age = requirement.max_age_months
        paths = linked_paths(entry)
        if max_age is None or not paths:
            continue
        wanted = set(requirement.evidence.doc_types)
        typed = [p for p in paths if p in facts and facts[p].doc_type in wanted]
        # Of several policies, the one the requirement's words or paths name is the one
        # that must be current (the H&S policy, not a newer harassment policy).
        named = [
            path
            for path in typed
            if any(link.path == path and link.source != "document-type" for link in entry.links)
        ]
        candidates = named or typed or paths
        dated = sorted(
            (day, path)
            for path in candidates
            if (day := parse_date(facts[path].date if path in facts else None)) is not None
        )
        name = record_name(requirement)
        due_after = add_months(assessment.audit_date, -max_age)
        action = (
            f"Review the {name}, update it if needed, and have it signed and dated again "
            f"before the audit (the date must be after {due_after})."
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


def first_requirement_linking(evidence_map: EvidenceMap) -> dict[str, Requirement]:
    """For each linked path, the first documentation requirement (tool order) linking it."""
    first: dict[str, Requirement] = {}
    for entry in documentary(evidence_map):
        for path in linked_paths(entry):
            first.setdefault(path, entry.requirement)
    return first


def find_unreadable(assessment: AssessmentInput) -> Iterator[Finding]:
    first = first_requirement_linking(assessment.evidence_map)
    for document in assessment.evidence_map.documents:
        if document.status is DocumentStatus.OK:
            continue
        requirement = first.get(document.path)
        if document.status is DocumentStatus.UNSUPPORTED and requirement is None:
            continue  # an unsupported file nobody linked is not evidence of anything
        reason, action = UNREADABLE_REASONS.get(
            document.status, (f"could not be read ({document.status})", "Check the file.")
        )
        proves = f" It is linked to {requirement.id}." if requirement else ""
        yield _finding(
            "unreadable",
            Severity.WARNING if document.status is DocumentStatus.UNSUPPORTED else Severity.MAJOR,
            requirement,
            f"{document.path} {reason}.{proves}",
            action,
            paths=[document.path],
            subject=document.path,
        )


# --- weak-evidence -----------------------------------------------------------------------


def find_weak_evidence(assessment: AssessmentInput) -> Iterator[Finding]:
    for entry in documentary(assessment.evidence_map):
        if not entry.links or any(link.strength is LinkStrength.STRONG for link in entry.links):
            continue
        requirement = entry.requirement
        paths = linked_paths(entry)
        reasons = join_list(dict.fromkeys(link.rule for link in entry.links))
        yield _finding(
            "weak-evidence",
            Severity.MINOR,
            requirement,
            f"Only weak evidence for {quote(requirement)}: {join_list(paths)}, matched by "
            f"{reasons}, not by a dated document of the expected type.",
            "Check that these documents really show this; confirm them with `evidencekit link "
            "add`, or file a dated document that does.",
            paths=paths,
        )
