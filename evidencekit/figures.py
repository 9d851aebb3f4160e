"""How every report writes a percentage: one function, so that a figure never reads as
meeting a mark the verdict says it misses (79.96% is "79.9%", never "80%")."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

#: Digits kept before comparing with a mark: float noise (79.99999999999999 for 80) must
#: neither fail a pass nor print below its mark. The assessment compares with the same.
COMPARISON_DIGITS = 9


def percent(value: float | None, decimals: int = 1) -> str:
    """``value`` as ``79.9%`` or ``80%``, rounded down: a score shown is never more than the
    score, so it agrees with every verdict drawn from it. ``none`` for no value."""
    if value is None:
        return "none"
    return f"{percent_figure(value, decimals):g}%"


def percent_figure(value: float, decimals: int = 1) -> float:
    """``value`` rounded down to ``decimals`` places: the number :func:`percent` prints, for
    formats that carry numbers (JSON, spreadsheets)."""
    exact = Decimal(repr(round(value, COMPARISON_DIGITS)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_FLOOR))
