"""Hand-built night records for the domain tests: London wall times placed in their night."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from companion.domain.night import night_of
from companion.domain.night_log import EventKind, NightEvent

ZONE = "Europe/London"
LONDON = ZoneInfo(ZONE)
TONIGHT = date(2026, 11, 20)  # an ordinary Friday in November (GMT)
FALL_BACK_NIGHT = date(2026, 10, 24)  # clocks go back at 02:00 BST on Sunday 25 October 2026

_ids = count(1)


def t(hour: int, minute: int = 0, second: int = 0, *, night: date = TONIGHT, fold: int = 0) -> datetime:
    """A London wall time within `night` (noon to noon): from 12:00 the evening, else next morning."""
    day = night if hour >= 12 else night + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=LONDON, fold=fold)


def ev(
    kind: EventKind,
    at: datetime,
    value: str = "",
    *,
    ref: str = "",
    seconds: int | None = None,
    undone: datetime | None = None,
) -> NightEvent:
    """A record of the night `at` belongs to (the noon rule), entered when it happened."""
    return NightEvent(
        id=f"r{next(_ids)}",
        child_id="mia",
        night=night_of(at, ZONE),
        kind=kind,
        at=at,
        value=value,
        recorded=at,
        undone=undone,
        ref=ref,
        seconds=seconds,
    )
