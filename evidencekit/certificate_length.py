"""The certificate a certifying audit can earn from its months of records, and how the
reports say it in one sentence (``assess/certificate.py`` counts the months)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: What fewer than 3 months of records earn.
TEMPORARY_LETTER = "temporary-letter"


@dataclass(frozen=True)
class CertificateLength:
    """What a certifying audit can earn from the whole months of records before it."""

    #: Whole months before the audit date, counted back from it, each holding a record.
    records_months: int
    #: ``3-year``, ``1-year`` or ``temporary-letter``.
    qualifies_for: str
    #: The first audit date whose records would reach 12 months, if they carry on; None
    #: when they already do, or when no month holds a record yet.
    full_from: date | None
    #: The record types counted (document types of recurring records).
    basis: tuple[str, ...]


def certificate_sentence(certificate: CertificateLength) -> str:
    """One sentence for the reports."""
    months = certificate.records_months
    counted = f" ({', '.join(certificate.basis)})" if certificate.basis else ""
    plural = "" if months == 1 else "s"
    said = f"{months} whole month{plural} of recurring records before the audit{counted}: "
    if certificate.qualifies_for == TEMPORARY_LETTER:
        said += "only a temporary letter of certification; 3 months earn a 1-year certificate"
    else:
        said += f"qualifies for a {certificate.qualifies_for} certificate"
    if certificate.full_from is not None:
        said += f"; 12 months from {certificate.full_from:%Y-%m} would earn 3 years"
    elif months == 0:
        said += " and 12 months of them a 3-year one"
    return said + "."
