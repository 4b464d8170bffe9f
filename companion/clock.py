"""The one place that reads the wall clock.

`COMPANION_NOW` (ISO 8601 with an offset) pins the start instant; from there time runs
forward in real time, so timers still move. Tests use ManualClock and move it themselves.
Wall time (not time.monotonic) is used on purpose: it keeps counting while a laptop sleeps.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from typing import Protocol

import pendulum
from pendulum import DateTime

from companion.domain.errors import CompanionError

NOW_VARIABLE = "COMPANION_NOW"


class Clock(Protocol):
    zone: str

    def now(self) -> DateTime: ...


def detect_zone() -> str:
    """The machine's zone name; a household keeps its own in settings after the first run."""
    return pendulum.local_timezone().name


class SystemClock:
    def __init__(self, zone: str, pinned: DateTime | None = None) -> None:
        self.zone = zone
        self._pinned = pinned
        self._started = time.time()

    def now(self) -> DateTime:
        if self._pinned is None:
            return pendulum.now(self.zone)
        return (self._pinned + timedelta(seconds=time.time() - self._started)).in_tz(self.zone)


class ManualClock:
    """A clock that moves only when told: for tests, benchmarks and the demo generator."""

    def __init__(self, start: DateTime) -> None:
        self.zone = start.timezone_name or "UTC"
        self._now = start

    def now(self) -> DateTime:
        return self._now

    def advance(self, **span: float) -> None:
        self._now = self._now + timedelta(**span)

    def set(self, instant: DateTime) -> None:
        self._now = instant


def clock_from_environment() -> SystemClock:
    """The app's clock: the machine's zone, pinned by COMPANION_NOW when it is set."""
    zone = detect_zone()
    text = os.environ.get(NOW_VARIABLE, "").strip()
    if not text:
        return SystemClock(zone)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise CompanionError(f"{NOW_VARIABLE}={text!r} is not an ISO 8601 instant.") from None
    if parsed.tzinfo is None:
        raise CompanionError(f"{NOW_VARIABLE}={text!r} needs an offset, e.g. +01:00.")
    return SystemClock(zone, pinned=pendulum.instance(parsed).in_tz(zone))
