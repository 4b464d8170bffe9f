"""The one place that reads the wall clock.

`COMPANION_NOW` (ISO 8601 with an offset) pins the start instant; from there time runs
forward in real time, so timers still move. Tests use ManualClock and move it themselves.
Wall time (not time.monotonic) is used on purpose: it keeps counting while a laptop sleeps.
Readings are aware stdlib datetimes in the clock's zone.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone
from typing import Protocol

from companion.domain.errors import CompanionError
from companion.domain.night import known_zone, shifted, zone_info

NOW_VARIABLE = "COMPANION_NOW"


class Clock(Protocol):
    zone: str

    def now(self) -> datetime: ...


def detect_zone() -> str:
    """The machine's zone name; a household keeps its own in settings after the first run.

    pendulum knows where each platform keeps it, but its import costs more than startup can
    spare, so it is imported here and nowhere else.
    """
    import pendulum

    name = pendulum.local_timezone().name  # None for some settings, e.g. TZ=:/etc/localtime
    return name if known_zone(name) else "UTC"


class SystemClock:
    def __init__(self, zone: str | None = None, pinned: datetime | None = None) -> None:
        self._zone = zone
        self._pinned = pinned
        self._started = time.time()

    @property
    def zone(self) -> str:
        """Detected on first use: a household with its zone in settings never pays for it."""
        if self._zone is None:
            self._zone = detect_zone()
        return self._zone

    @zone.setter
    def zone(self, name: str) -> None:
        self._zone = name

    def now(self) -> datetime:
        if self._pinned is None:
            return datetime.now(zone_info(self.zone))
        since = timedelta(seconds=time.time() - self._started)
        return (self._pinned.astimezone(timezone.utc) + since).astimezone(zone_info(self.zone))


class ManualClock:
    """A clock that moves only when told: for tests, benchmarks and the demo generator."""

    def __init__(self, start: datetime) -> None:
        self.zone = getattr(start.tzinfo, "key", None) or getattr(start, "timezone_name", None) or "UTC"
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **span: float) -> None:
        """Moves by real elapsed time: an hour across a DST change reads as the wall clock would."""
        self._now = shifted(self._now, timedelta(**span))

    def set(self, instant: datetime) -> None:
        self._now = instant


def clock_from_environment() -> SystemClock:
    """The app's clock: the machine's zone, pinned by COMPANION_NOW when it is set."""
    text = os.environ.get(NOW_VARIABLE, "").strip()
    if not text:
        return SystemClock()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise CompanionError(f"{NOW_VARIABLE}={text!r} is not an ISO 8601 instant.") from None
    if parsed.tzinfo is None:
        raise CompanionError(f"{NOW_VARIABLE}={text!r} needs an offset, e.g. +01:00.")
    return SystemClock(pinned=parsed)
