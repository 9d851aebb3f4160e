"""The names the core, the audit tool files and the company profile share: the programs,
the audit types the core gives a part in a certificate's cycle, the levels of an
organisation and the kinds of employment.

Audit types are open: a tool file may declare one that is not named here (its pass marks
say what it asks), and whether a name is an audit type of a tool is the tool's to say
(``AuditTool.audit_type``). Only the part an audit type plays in a certificate's cycle
(does it start a certificate? is it held between two?) is the core's.
"""

from __future__ import annotations

PROGRAMS = ("COR", "SECOR")

CERTIFICATION = "certification"
RECERTIFICATION = "recertification"
MAINTENANCE = "maintenance"
ACTION_PLAN = "action-plan"
#: The audit types the core knows, in the order a certificate meets them.
KNOWN_AUDIT_TYPES = (CERTIFICATION, RECERTIFICATION, MAINTENANCE, ACTION_PLAN)
#: The audit types that start a certificate (and a new cycle); any other audit type is held
#: in the years between two of them.
CERTIFYING_AUDIT_TYPES = (CERTIFICATION, RECERTIFICATION)

#: The levels of an organisation an interview sample must reach, top down.
LEVELS = ("senior-management", "supervisor", "worker")
SUBCONTRACTOR = "subcontractor"
#: How a role is employed; subcontractors' workers are sampled apart from the company's own.
EMPLOYMENTS = ("full-time", "part-time", "seasonal", SUBCONTRACTOR)
#: Whom an interview question is for: a level, or subcontractors' workers.
AUDIENCES = (*LEVELS, SUBCONTRACTOR)
#: The source of a link from minutes recording a standing document's review: it shows the
#: review, never the document itself.
RECORDED_REVIEW = "recorded-review"


def is_certifying(audit_type: str) -> bool:
    """Does an audit of this type start a certificate?"""
    return audit_type in CERTIFYING_AUDIT_TYPES


#: The reason a 0-byte file failed: nothing to read, whatever its type.
EMPTY_FILE = "empty file (0 bytes)"
