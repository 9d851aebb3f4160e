"""Pieces several kinds of document share: signatures, sign-in sheets, action and hazard tables."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date

from samples.content import VISITORS, Hazard, Person, initials
from samples.document import Signature, Table
from samples.incidents import CorrectiveAction


def signed_by(person: Person, day: date, dates: Callable[[date], str]) -> Signature:
    return Signature(person.name, person.role, dates(day))


def attendance_table(names: Sequence[str], rng: random.Random) -> Table:
    rows = [("Name", "Sign / initials")]
    rows += [(name, initials(name)) for name in names]
    if rng.random() < 0.3:
        rows.append(("(visitor) " + rng.choice(VISITORS)[0], "signed"))
    return Table(tuple(rows))


def actions_table(actions: Sequence[CorrectiveAction], dates: Callable[[date], str]) -> Table:
    rows = [("Action", "Owner", "Due", "Completed")]
    rows += [
        (a.text, a.owner, dates(a.due), dates(a.completed) if a.completed else "OPEN")
        for a in actions
    ]
    return Table(tuple(rows))


def hazard_rows(hazards: Sequence[Hazard], rng: random.Random) -> list[tuple[str, ...]]:
    rows = []
    for hazard in hazards:
        severity, likelihood = rng.randint(2, 5), rng.randint(1, 4)
        rows.append(
            (
                hazard.task,
                hazard.name,
                f"{severity} x {likelihood} = {severity * likelihood}",
                hazard.control,
            )
        )
    return rows
