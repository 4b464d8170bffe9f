"""Which night an instant belongs to, and durations that stay right across DST (rule E5).

A night belongs to the evening it began: anything before noon belongs to the previous
evening. The rule reads the local wall clock, not "twelve hours ago", which is wrong on the
day clocks go back. Instants are kept as UTC so that sorting and subtraction never see the
repeated or missing hour.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pendulum
from pendulum import DateTime

NOON = time(12)
_UTC = pendulum.timezone("UTC")


def night_of(instant: DateTime, zone: str) -> date:
    """The date of the evening this instant's night began, in the household's zone."""
    local = instant.in_tz(zone)
    day = local.date()
    return day - timedelta(days=1) if local.time() < NOON else day


def night_start(night: date, zone: str) -> DateTime:
    """Noon local on the night's date: the first instant that belongs to it."""
    return pendulum.datetime(night.year, night.month, night.day, 12, tz=zone)


def elapsed(start: DateTime, end: DateTime) -> timedelta:
    """True elapsed time between two instants, whatever the clocks did in between."""
    return end.in_tz(_UTC) - start.in_tz(_UTC)


def to_storage(instant: DateTime) -> str:
    """UTC ISO 8601 with microseconds: sorts as text in true time order."""
    utc = instant.in_tz(_UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S.%f}+00:00"


def from_storage(text: str, zone: str) -> DateTime:
    """Back from storage into the household zone (a fixed offset would break day arithmetic)."""
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError(f"instant without an offset: {text!r}")
    return pendulum.instance(parsed.astimezone(timezone.utc)).in_tz(zone)


def describe_duration(span: timedelta) -> str:
    """'1 h 05 min' / '12 min' / '40 s': short enough for a narrow terminal."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours} h {minutes:02d} min"
    if minutes:
        return f"{sign}{minutes} min"
    return f"{sign}{secs} s"


def last_night(instant: DateTime, zone: str) -> date:
    """The night a parent means by "last night": the evening before today's date."""
    return instant.in_tz(zone).date() - timedelta(days=1)
