"""The certificate a certifying audit can earn, from how long the records show the health
and safety system running, and the documentation window of the certificate aimed for.

A 3-year certificate needs 12 months of records of the system running; 3 to 11 months
earn a 1-year certificate; under 3, a partner issues only a temporary letter (AMTA states
it; ACSA's pages are a secondary source). "Running" is read from the recurring records
(those expected monthly or more often): a calendar month counts when one of them is dated
in it. Whole months only: the audit's own month is not over, so it is not counted.
"""

from __future__ import annotations

from datetime import date

from evidencekit.certificate_length import TEMPORARY_LETTER
from evidencekit.models import AuditType, CertificateLength, EvidenceMap, Recurrence
from evidencekit.periods import add_months, parse_date

#: Months of records that earn each certificate, longest first.
CERTIFICATE_MONTHS = (("3-year", 12), ("1-year", 3))
FULL_CERTIFICATE = CERTIFICATE_MONTHS[0]
#: The audit types that issue a certificate.
CERTIFYING = ("certification", "recertification")
#: Records expected this often show the system running month after month.
MONTH_AFTER_MONTH = frozenset({Recurrence.EACH_SHIFT, Recurrence.WEEKLY, Recurrence.MONTHLY})
#: No run of records is counted further back than this.
LONGEST_RUN_MONTHS = 120


def aimed_window(audit_type: AuditType, aim: str | None) -> AuditType:
    """``audit_type`` with the documentation window of the certificate aimed for (a
    certification audit only: ``3-year`` 12 months, ``1-year`` 3); unchanged otherwise."""
    months = dict(CERTIFICATE_MONTHS).get(aim or "")
    if audit_type.name != "certification" or months is None:
        return audit_type
    return AuditType(
        name=audit_type.name,
        overall_pass_pct=audit_type.overall_pass_pct,
        element_min_pct=audit_type.element_min_pct,
        documentation_window_months=months,
        in_force=audit_type.in_force,
    )


def certificate_length(
    evidence_map: EvidenceMap, audit_type: AuditType, audit_date: date
) -> CertificateLength | None:
    """The whole months of recurring records before ``audit_date`` and what they earn;
    None for an audit type that issues no certificate."""
    if audit_type.name not in CERTIFYING:
        return None
    recurring = {
        link.path
        for entry in evidence_map.requirements
        if entry.requirement.recurrence in MONTH_AFTER_MONTH
        for link in entry.links
    }
    types_by_month: dict[str, set[str]] = {}
    for document in evidence_map.documents:
        day = parse_date(document.date) if document.path in recurring else None
        if day is not None:
            types_by_month.setdefault(_month(day), set()).add(document.doc_type)
    audit_month = audit_date.replace(day=1)
    months, basis = 0, set()
    while months < LONGEST_RUN_MONTHS:
        in_month = types_by_month.get(_month(add_months(audit_month, -(months + 1))))
        if not in_month:
            break
        months += 1
        basis |= in_month
    return CertificateLength(
        records_months=months,
        qualifies_for=_earned(months),
        full_from=_full_from(months, audit_date),
        basis=tuple(sorted(basis)),
    )


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _earned(months: int) -> str:
    return next((name for name, needed in CERTIFICATE_MONTHS if months >= needed), TEMPORARY_LETTER)


def _full_from(months: int, audit_date: date) -> date | None:
    needed = FULL_CERTIFICATE[1]
    if months == 0 or months >= needed:
        return None
    return add_months(audit_date.replace(day=1), needed - months)
