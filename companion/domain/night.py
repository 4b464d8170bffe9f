"""Which night an instant belongs to, and durations that stay right across DST (rule E5).

A night belongs to the evening it began: anything before noon belongs to the previous
evening. The rule reads the local wall clock, not "twelve hours ago", which is wrong on the
day clocks go back. Instants are aware stdlib datetimes; sorting, comparison and arithmetic
happen in UTC, because stdlib arithmetic within one zone is wall-clock arithmetic and never
sees the repeated or missing hour.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NOON = time(12)
# The morning (rule M1) starts at 05:00: the recap opens, the worry box opens, and last night's
# star can be given. The night-of rule alone would wait until noon, past breakfast.
MORNING_HOUR = 5


@lru_cache(maxsize=None)
def zone_info(name: str) -> ZoneInfo:
    """The zone called `name`, looked up once per process."""
    return ZoneInfo(name)


def known_zone(name: object) -> bool:
    """Whether this machine's zone database knows `name` (a setting may come from elsewhere)."""
    try:
        zone_info(name)  # type: ignore[arg-type]
    except (ValueError, TypeError, ZoneInfoNotFoundError):
        return False
    return True


def night_of(instant: datetime, zone: str) -> date:
    """The date of the evening this instant's night began, in the household's zone."""
    local = instant.astimezone(zone_info(zone))
    day = local.date()
    return day - timedelta(days=1) if local.time() < NOON else day


def night_start(night: date, zone: str) -> datetime:
    """Noon local on the night's date: the first instant that belongs to it."""
    return datetime(night.year, night.month, night.day, 12, tzinfo=zone_info(zone))


def elapsed(start: datetime, end: datetime) -> timedelta:
    """True elapsed time between two instants, whatever the clocks did in between."""
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


def duration(start: datetime, end: datetime) -> timedelta:
    """How long from start to end, never below zero: a clock set back between two readings
    (NTP, a wrong clock corrected) must not make a wait, a trip or a routine run backwards."""
    return max(timedelta(0), elapsed(start, end))


def shifted(instant: datetime, span: timedelta) -> datetime:
    """`instant` moved by `span` of real time, shown in its own zone (stdlib `+` moves the wall clock)."""
    return (instant.astimezone(timezone.utc) + span).astimezone(instant.tzinfo)


def to_storage(instant: datetime) -> str:
    """UTC ISO 8601 with microseconds: sorts as text in true time order."""
    utc = instant.astimezone(timezone.utc)
    return f"{utc:%Y-%m-%dT%H:%M:%S.%f}+00:00"


def from_storage(text: str, zone: str) -> datetime:
    """Back from storage into the household zone (a fixed offset would break day arithmetic)."""
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError(f"instant without an offset: {text!r}")
    return parsed.astimezone(zone_info(zone))


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


def last_night(instant: datetime, zone: str) -> date:
    """The night a parent means by "last night": the evening before today's date."""
    return instant.astimezone(zone_info(zone)).date() - timedelta(days=1)


def morning_after(night: date, zone: str) -> datetime:
    """When the night is over: MORNING_HOUR local on the next calendar day."""
    day = night + timedelta(days=1)
    return datetime(day.year, day.month, day.day, MORNING_HOUR, tzinfo=zone_info(zone))


def is_morning(now: datetime, zone: str) -> bool:
    """05:00–12:00 local: the morning window of rule M1."""
    return MORNING_HOUR <= now.astimezone(zone_info(zone)).hour < NOON.hour
