"""Opening hours of a gate or stage: parsed from `HH:MM` text, checked, in hours of the day."""

from __future__ import annotations

import re
from dataclasses import dataclass

from landsea.errors import DataError, Location

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OpeningHours:
    """Open each day on [opens_h, closes_h); `closes_h < opens_h` runs past midnight."""

    opens_h: float
    closes_h: float

    @property
    def always_open(self) -> bool:
        """True for a gate open round the clock (00:00-24:00)."""
        return self.closes_h - self.opens_h >= 24.0

    @property
    def open_hours_per_day(self) -> float:
        """Hours open a day; a window past midnight runs to the next day's closing."""
        if self.always_open:
            return 24.0
        span = self.closes_h - self.opens_h
        return span if span > 0 else span + 24.0

    def kernel_window(self) -> tuple[float, float]:
        """The (opens, closes) pair the kernels read (0, 24 when always open)."""
        return (0.0, 24.0) if self.always_open else (self.opens_h, self.closes_h)


ALWAYS_OPEN = OpeningHours(0.0, 24.0)


def parse_clock(text: str, location: Location | None = None) -> float:
    """`"19:30"` -> 19.5; `"24:00"` is allowed (end of day).

    Raises:
        DataError: not HH:MM, or out of 00:00-24:00 (at `location` when given).
    """
    match = _CLOCK.match(text or "")
    if not match:
        raise DataError(f"time of day {text!r} is not HH:MM", location)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes != 0):
        raise DataError(f"time of day {text!r} is out of range 00:00-24:00", location)
    return hours + minutes / 60.0


def parse_hours(opens: str, closes: str, location: Location | None = None) -> OpeningHours:
    """Opening hours from two `HH:MM` strings; `00:00`-`24:00` is round the clock.

    Raises:
        DataError: a time that does not parse, or a window with no time open.
    """
    opens_h = parse_clock(opens, location)
    closes_h = parse_clock(closes, location)
    if opens_h == closes_h or (opens_h == 24.0):
        raise DataError(
            f"opening hours {opens}-{closes} leave no time open "
            "(use 00:00-24:00 for round the clock)",
            location,
        )
    if closes_h == 24.0 and opens_h == 0.0:
        return ALWAYS_OPEN
    return OpeningHours(opens_h, closes_h)


def parse_window(text: str, location: Location | None = None) -> OpeningHours:
    """`"07:00-22:00"` -> OpeningHours(7, 22); `"00:00-24:00"` is round the clock.

    Raises:
        DataError: not HH:MM-HH:MM, or what `parse_hours` refuses.
    """
    opens, separator, closes = (text or "").partition("-")
    if not separator:
        raise DataError(f"opening hours {text!r} are not HH:MM-HH:MM", location)
    return parse_hours(opens, closes, location)
