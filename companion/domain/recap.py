"""A night at a glance, computed from its logged events (rules M2, E5).

Missing data stays missing (None), never zero: "not recorded" and "none" are different
things to a parent reading the morning recap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from companion.domain.night import elapsed
from companion.domain.night_log import EventKind, NightEvent


@dataclass(frozen=True, slots=True)
class NightSummary:
    night: date
    events: int
    lights_out: datetime | None
    fell_asleep: datetime | None
    time_to_sleep: timedelta | None
    got_up: int
    called_out: int
    woke: int
    parents_bed: int
    health_flags: tuple[EventKind, ...]


def summarize_night(night: date, events: list[NightEvent]) -> NightSummary:
    """Summarise one night's events (any order); the first lights-out and sleep count."""
    ordered = sorted(events, key=lambda event: event.at.timestamp())
    lights_out = _first(ordered, EventKind.LIGHTS_OUT)
    # Asleep in the car before lights out is not sleep onset: take the first sleep after it.
    after_lights = [e for e in ordered if lights_out is None or e.at.timestamp() >= lights_out.timestamp()]
    asleep = _first(after_lights, EventKind.FELL_ASLEEP)
    to_sleep = elapsed(lights_out, asleep) if lights_out and asleep else None
    return NightSummary(
        night=night,
        events=len(ordered),
        lights_out=lights_out,
        fell_asleep=asleep,
        time_to_sleep=to_sleep,
        got_up=_count(ordered, EventKind.GOT_UP),
        called_out=_count(ordered, EventKind.CALLED_OUT),
        woke=_count(ordered, EventKind.WOKE),
        parents_bed=_count(ordered, EventKind.PARENTS_BED),
        health_flags=tuple(dict.fromkeys(e.kind for e in ordered if e.kind.is_health_flag)),
    )


def _first(events: list[NightEvent], kind: EventKind) -> datetime | None:
    return next((event.at for event in events if event.kind is kind), None)


def _count(events: list[NightEvent], kind: EventKind) -> int:
    return sum(1 for event in events if event.kind is kind)
