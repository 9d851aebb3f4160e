"""File names as people type them for each kind of record."""

from __future__ import annotations

import random

from samples.content import NAME_PATTERNS
from samples.dates import MONTHS
from samples.document import DocumentBody


def messy_name(body: DocumentBody, rng: random.Random) -> str:
    """A file name (without suffix) in one of the styles people use for this kind of record."""
    day = body.effective
    month = MONTHS[day.month - 1]
    fields = {
        "iso": day.isoformat(),
        "compact": f"{day.year}{day.month:02d}{day.day:02d}",
        "long": f"{month.lower()} {day.day} {day.year}",
        "mon": f"{month[:3]} {day.year}",
        "mon_day": f"{month[:3]} {day.day}",
        "month3": month[:3],
        "year": str(day.year),
        "quarter": f"Q{(day.month - 1) // 3 + 1} {day.year}",
        "subject": body.subject,
        "subject_slug": body.subject.replace(" ", "_"),
        "rev": str(rng.randint(1, 4)),
    }
    name = rng.choice(NAME_PATTERNS[body.doc_type]).format(**fields)
    if rng.random() < 0.15:
        name = name.lower()
    return name.replace("/", "-").replace(":", "-").strip()
