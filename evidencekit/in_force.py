"""When a rule applies: the period every dated part of an audit tool carries (a tool
version, a requirement, an audit type, a training rule), evaluated as of an audit date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InForce:
    """When a rule applies: from ``start`` to ``end``, both days included; ``None`` is
    open-ended. ``source`` says who set the dates."""

    start: date | None = None
    end: date | None = None
    source: str = ""

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def describe(self) -> str:
        """``from 2024-01-01``, ``until 2023-12-31``, ``2019-01-01 to 2022-12-31`` or
        ``always``."""
        if self.start and self.end:
            return f"{self.start} to {self.end}"
        if self.start:
            return f"from {self.start}"
        return f"until {self.end}" if self.end else "always"


#: The period of a rule that states none: it always applies.
ALWAYS = InForce()
