"""Times a parent types into the night log (rule E4): `2:10`, `02:10`, `21:05`, `9:05pm`,
`-10m`, `-1h30m`, `now`, resolved inside one night (noon to noon, rule E5).

A clock time has exactly one place in a night: from 12:00 it is the evening's date, before
12:00 the next morning's. On the night clocks go back, 01:30 happens twice: the first
occurrence is taken (and said). On the night they go forward, 01:30 never happened: refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from companion.domain.errors import InvalidInput
from companion.domain.night import NOON, elapsed, night_of, shifted, zone_info

TIME_HELP = "Type a time like 21:05, 2:10, 9:05pm, -10m or now."
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a|p)?$")
_RELATIVE = re.compile(r"^-\s*(?:(\d{1,2})\s*h)?\s*(?:(\d{1,3})\s*m(?:in)?)?$")
FUTURE_GRACE = timedelta(minutes=1)


class ParsedTime(NamedTuple):
    at: datetime
    note: str = ""  # said to the parent when the time needed a choice (the repeated hour)


def parse_night_time(text: str, *, night: date, now: datetime, zone: str) -> ParsedTime:
    """The instant `text` means within `night`, or InvalidInput saying what to type.

    Times still to come are refused: the log records what happened, and a future time is
    almost always a slip (2:10 typed at 21:30 meaning last night).
    """
    value = text.strip().lower()
    if value in ("", "now"):
        parsed = ParsedTime(_inside(now, night, zone))
    elif value.startswith("-"):
        parsed = ParsedTime(_inside(shifted(now, -_relative(value)), night, zone))
    else:
        parsed = _on_night(_clock_time(value, text), night, zone)
    if elapsed(now, parsed.at) > FUTURE_GRACE:
        raise InvalidInput(f"{parsed.at:%H:%M} on {parsed.at:%a %d %b} is still to come.")
    return parsed


def _clock_time(value: str, text: str) -> time:
    match = _CLOCK.match(value)
    if not match:
        raise InvalidInput(f"{text.strip()!r} is not a time. {TIME_HELP}")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    hour = _twelve_hour(hour, match.group(3), text)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"{text.strip()!r} is not a time on a clock. {TIME_HELP}")
    return time(hour, minute)


def _relative(value: str) -> timedelta:
    match = _RELATIVE.match(value)
    if not match or not (match.group(1) or match.group(2)):
        raise InvalidInput(f"{value!r} is not a time. {TIME_HELP}")
    return timedelta(hours=int(match.group(1) or 0), minutes=int(match.group(2) or 0))


def _twelve_hour(hour: int, suffix: str | None, text: str) -> int:
    if suffix is None:
        return hour
    if not 1 <= hour <= 12:
        raise InvalidInput(f"{text.strip()!r}: with am/pm the hour runs from 1 to 12.")
    return hour % 12 + (12 if suffix.startswith("p") else 0)


def _on_night(clock: time, night: date, zone: str) -> ParsedTime:
    day = night if clock >= NOON else night + timedelta(days=1)
    # zoneinfo accepts a missing wall time and leaves a repeated one to `fold`: a missing
    # time changes on its way through UTC, a repeated one has two offsets. Neither is silent.
    first = datetime.combine(day, clock, tzinfo=zone_info(zone))  # fold=0: the first occurrence
    if first.astimezone(timezone.utc).astimezone(first.tzinfo).time() != clock:
        raise InvalidInput(f"{clock:%H:%M} did not happen that night: the clocks went forward.")
    if first.utcoffset() != first.replace(fold=1).utcoffset():
        return ParsedTime(first, note=f"{clock:%H:%M} happened twice that night; the first one was used.")
    return ParsedTime(first)


def _inside(instant: datetime, night: date, zone: str) -> datetime:
    """The instant, if it belongs to `night` by the night-of rule (nights are 23 to 25 hours
    long around DST changes, so this is not "within 24 hours of noon")."""
    if night_of(instant, zone) != night:
        raise InvalidInput(f"That time is not in the night of {night:%a %d %b} (noon to noon).")
    return instant.astimezone(zone_info(zone))
