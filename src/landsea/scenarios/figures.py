"""How a comparison's figures are written for people: the console table and the report's
Markdown and HTML read these, so a share is a percentage and a difference in points everywhere,
and floating-point noise (a difference of 1e-15) reads as no change."""

from __future__ import annotations

NO_CHANGE = "="
NEGLIGIBLE = 1e-9  # differences smaller than this are arithmetic noise, not a change
NEGLIGIBLE_RELATIVE = 1e-12  # the same for large totals (USD 7e9 a year differs by 1e-7)


def is_share(unit: str) -> bool:
    """A unit that is a ratio (written as a percentage)."""
    return unit == "share" or unit.startswith("empty TEU")


def figure(value: float, unit: str) -> str:
    """A value in its unit: shares as percentages, four significant figures below 10,000."""
    if value != value:  # nan
        return "-"
    if is_share(unit):
        return f"{value:.1%}"
    return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


def difference(value: float, relative: float, unit: str) -> str:
    """A scenario minus the baseline: points for shares, else signed with the relative change."""
    noise = relative == relative and abs(relative) < NEGLIGIBLE_RELATIVE
    if value != value or abs(value) < NEGLIGIBLE or noise:
        return NO_CHANGE
    if is_share(unit):
        return f"{value * 100:+.1f} pt"
    rel = f" ({relative:+.1%})" if relative == relative else ""
    written = f"{value:+,.3g}" if abs(value) < 1e3 else f"{value:+,.0f}"
    return f"{written}{rel}"
