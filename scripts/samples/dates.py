"""Dates as the samples' authors write them, and the calendar arithmetic of recurring records."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import partial

# A fixed offset (Mountain Standard Time), so file dates never depend on the machine's zone.
LOCAL_TZ = timezone(timedelta(hours=-7))
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DATE_STYLES = ("iso", "slash", "long", "day-first", "short")


def format_date(day: date, style: str) -> str:
    # Month names spelt out here, not via strftime, so the locale cannot change them.
    month = MONTHS[day.month - 1]
    return {
        "iso": day.isoformat(),
        "slash": f"{day.year}/{day.month:02d}/{day.day:02d}",
        "long": f"{month} {day.day}, {day.year}",
        "day-first": f"{day.day} {month} {day.year}",
        "short": f"{month[:3]} {day.day} {day.year}",
    }[style]


def pick_date_writer(rng: random.Random) -> Callable[[date], str]:
    """Choose how one document's author writes dates: consistent within a form, not across."""
    return partial(format_date, style=rng.choice(DATE_STYLES))


def moment(day: date, hour: int = 16, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def previous_weekday(day: date) -> date:
    return day - timedelta(days=max(day.weekday() - 4, 0))


def next_weekday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)


def month_starts(first: date, last: date) -> list[date]:
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def weekday_in_month(month: date, weekday: int, rng: random.Random) -> date:
    """A working day of the given weekday in the first three weeks of the month."""
    first = month + timedelta(days=(weekday - month.weekday()) % 7)
    return first + timedelta(weeks=rng.randrange(3))


def recurring_days(months: Sequence[date], weekday: int, rng: random.Random) -> list[date]:
    return [weekday_in_month(month, weekday, rng) for month in months]
