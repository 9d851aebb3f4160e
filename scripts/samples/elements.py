"""Which elements of the audit tools a sample document is evidence for: each document type's
home element, and the cross uses a document's content adds for a program's own tool."""

from __future__ import annotations

from collections.abc import Sequence

from samples.content import CONTENT_FILE, POOLS, Company

# The document types evidencekit classifies into, each with its home: the element numbers
# (as DOMAIN.md lists them; the COR tools of 2019 and 2023 and the SECOR 2023 evaluation
# number their ten elements alike) where a document of the type is the primary evidence.
# Toolbox talks and safety meetings prove element 1 (meetings held on the company's
# schedule); they are not training records (element 4), which name a course, a trainer
# and who passed. A builder replaces the home only where a document of the type belongs
# elsewhere (a committee's terms of reference -> 3), and adds cross uses (CROSS_USES) for
# content that also answers another element's question.
ELEMENTS_BY_TYPE: dict[str, tuple[int, ...]] = {
    "policy": (1,),
    "responsibilities": (1,),
    "formal-hazard-assessment": (5,),
    "field-level-hazard-assessment": (5,),
    "safe-work-procedure": (6,),
    "inspection": (7,),
    "maintenance-record": (7,),
    "safety-meeting": (1,),
    "committee-minutes": (3,),
    "orientation-record": (4,),
    "training-record": (4,),
    "certificate": (4,),
    "emergency-response-plan": (8,),
    "drill-record": (8,),
    "incident-report": (9,),
    "investigation": (9,),
    "statistics-review": (10,),
    "contractor-visitor-record": (2,),
    "other": (),
}

# What a document's content may also show, and the element that asks for it in each
# program's audit tool. The two tools do not ask the same questions: a use counts only for
# the programs whose tool has a documentary question it answers, so the truth lists the
# elements a consultant would file the document under for the company's own audit.
CROSS_USES: dict[str, dict[str, int]] = {
    # The program manual is a controlled, revised program document (COR 10.3, SECOR 10.2).
    "program-administration": {"COR": 10, "SECOR": 10},
    # Written processes COR asks for and SECOR does not: visitors (COR 2.1), the inspection
    # program (7.1), incident reporting (9.1); SECOR asks for the records only.
    "visitor-process": {"COR": 2},
    "inspection-program": {"COR": 7},
    "incident-procedure": {"COR": 9},
    # A list of the legislation kept on site (COR 1.7).
    "legislation-access": {"COR": 1},
    # A senior manager did the inspection (COR 1.5: managers take a visible part).
    "senior-manager-took-part": {"COR": 1},
    # A roles document that designates the health and safety representative (3.1 in both).
    "hsr-designated": {"COR": 3, "SECOR": 3},
    # Workers were told of the violence and harassment policies (COR 6.7, SECOR 6.3).
    "harassment-instruction": {"COR": 6, "SECOR": 6},
    # Protective equipment or a health hazard's controls taught (COR 6.3, 6.5); SECOR checks
    # protective equipment by observation only.
    "ppe-or-health-hazards": {"COR": 6},
    # A first aider's certificate is part of the first aid arrangements (COR 8.3); SECOR
    # asks for first aid certificates in 4.3 only.
    "first-aid-cover": {"COR": 8},
    # Extinguishers, eyewash, spill or first aid kits were checked (COR 8.6); SECOR's kit
    # question (8.3) is answered by observation.
    "emergency-equipment-check": {"COR": 8},
    # The company's own incidents, near misses or investigations gone over with the crew or
    # the committee (COR 9.4 and 9.6); SECOR asks nothing about sharing or follow-up.
    "incident-review": {"COR": 9},
}

# Toolbox talk topics (sample_content.yaml) whose content has a cross use.
TOPIC_USES: dict[str, tuple[str, ...]] = {
    # They go over the company's own injuries and near misses and what changed after them.
    "Ladder use": ("incident-review",),
    "Hand safety and knives": ("incident-review",),
    "Housekeeping": ("incident-review",),
    "Reporting near misses": ("incident-review",),
    # Protective equipment inspected, fitted or chosen; a health hazard's controls.
    "Harness inspection": ("ppe-or-health-hazards",),
    "Silica dust": ("ppe-or-health-hazards",),
    "Hearing protection": ("ppe-or-health-hazards",),
    "Arc flash labels": ("ppe-or-health-hazards",),
}

# Courses whose records also answer another element's question: WHMIS training is part of
# controlling chemical hazards (COR 6.5); a record of who holds first aid, of the first
# aid arrangements (COR 8.3).
COURSE_USES = (("WHMIS", "ppe-or-health-hazards"), ("First Aid", "first-aid-cover"))

# Emergency equipment an inspection item or a service task may name.
EMERGENCY_EQUIPMENT = ("extinguisher", "eyewash", "spill kit", "first aid kit")

# Roles that make an inspector a senior manager.
SENIOR_ROLES = ("President", "Owner", "General Manager", "Operations Manager")
_UNKNOWN_TOPICS = set(TOPIC_USES) - {
    topic.title for pool in POOLS.values() for topic in pool.topics
}
if _UNKNOWN_TOPICS:
    raise ValueError(
        f"TOPIC_USES names topics {sorted(_UNKNOWN_TOPICS)} not in {CONTENT_FILE.name}"
    )


def elements_for(company: Company, doc_type: str, uses: Sequence[str]) -> tuple[int, ...]:
    """The type's home elements and those of the ``uses`` the company's program asks about."""
    cross = (CROSS_USES[use].get(company.program) for use in uses)
    return tuple(sorted({*ELEMENTS_BY_TYPE[doc_type], *(e for e in cross if e is not None)}))


def course_uses(courses: Sequence[str]) -> tuple[str, ...]:
    return tuple(use for word, use in COURSE_USES if names_any(" ".join(courses), (word,)))


def names_any(text: str, words: Sequence[str]) -> bool:
    return any(word.lower() in text.lower() for word in words)
