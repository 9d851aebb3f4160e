"""Calendar periods of recurring records: ISO weeks, months, quarters, years.

Shared by the gap rules (which periods lack a record) and the reports (the coverage
calendar), so both count periods the same way.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from evidencekit.models import Recurrence


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), clamped to the end of a shorter month."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


def parse_date(text: str | None) -> date | None:
    """An ISO date (``2026-07-14``, or the date part of a timestamp), or ``None``."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def period_of(day: date, recurrence: Recurrence) -> str:
    """The label of the period holding ``day``: ``2026-W07``, ``2026-07``, ``2026-Q3``,
    ``2026-H2`` or ``2026``.

    Labels of one recurrence sort in time order as strings.
    """
    if recurrence is Recurrence.WEEKLY:
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    # Shifts are not known from the files; a month without a single record is a gap
    # whatever the shift pattern, and weekly checks drown the report in false gaps.
    if recurrence in (Recurrence.MONTHLY, Recurrence.EACH_SHIFT):
        return f"{day.year}-{day.month:02d}"
    if recurrence is Recurrence.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if recurrence is Recurrence.HALF_YEARLY:
        return f"{day.year}-H{(day.month - 1) // 6 + 1}"
    return str(day.year)


def periods_between(start: date, end: date, recurrence: Recurrence) -> list[str]:
    """The labels of every period overlapping the days from ``start`` up to, not incl., ``end``."""
    labels: list[str] = []
    day = start
    while day < end:
        label = period_of(day, recurrence)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += timedelta(days=1)
    return labels
