"""Hand-built nights for the recap tests (wins, trends): a few numbers in, a NightRecap out.

Times are minutes after an anchor in true (UTC) time, placed on the London clock, so a night
across a clock change keeps the durations it was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from companion.domain.child_settings import NightPhase
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.recap import NightRecap, StarOffer, recap_night
from companion.domain.routine import DEFAULT_STEPS, RoutineVersion
from tests.unit.records import LONDON, ev

ROUTINE = RoutineVersion("v1", "mia", date(2026, 1, 1), DEFAULT_STEPS)
PRAISE = "I like the way you stayed in your room after using your pass. Here is a star for your chart."


@dataclass(frozen=True)
class Plan:
    """One night in numbers. Minutes: `lights_out` after `bedtime` (local); `asleep` after lights
    out; get-ups, call-outs and the pass after lights out (or after bedtime + 60 without it)."""

    bedtime: time = time(18, 30)  # the local clock time everything counts from
    lights_out: int | None = 45
    asleep: int | None = None
    get_ups: tuple[int, ...] = ()
    call_outs: tuple[int, ...] = ()
    parents_bed: bool = False  # at 7 h after the anchor
    pass_at: int | None = None
    instructions: tuple[int, ...] = ()  # repeats of each instruction
    steps: frozenset[str] | tuple[str, ...] = ()
    started: bool = False  # the start key pressed 10 min before the first step could be
    screens_before: int | None = None  # minutes before lights out (or before bedtime)
    phase: str = "pass"
    star: bool = False
    extra: tuple[EventKind, ...] = field(default=())  # more kinds at the anchor + 1 min


def local(night: date, clock: time) -> datetime:
    """A London clock time within `night` (noon to noon)."""
    day = night if clock.hour >= 12 else night + timedelta(days=1)
    return datetime.combine(day, clock, tzinfo=LONDON)


def later(instant: datetime, minutes: float) -> datetime:
    """`minutes` of true time after `instant`, on the London clock."""
    return (instant.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(LONDON)


def events_of(night: date, plan: Plan) -> list[NightEvent]:
    base = local(night, plan.bedtime)
    events: list[NightEvent] = []
    if plan.started:
        events.append(ev(EventKind.BEDTIME_STARTED, later(base, -40)))
    for index, step in enumerate(DEFAULT_STEPS):
        if step in plan.steps:
            events.append(ev(EventKind.STEP_DONE, later(base, -30 + 10 * index), step))
    for index, repeats in enumerate(plan.instructions):
        said = ev(EventKind.QUIET_SAID, later(base, -25 + 3 * index), "teeth now", seconds=10)
        events.append(said)
        events += [ev(EventKind.QUIET_REPEATED, later(said.at, (r + 1) / 6), ref=said.id) for r in range(repeats)]
        events.append(ev(EventKind.QUIET_DONE, later(said.at, 1.5), ref=said.id))
    lights = later(base, plan.lights_out) if plan.lights_out is not None else None
    anchor = lights or later(base, 60)
    if lights is not None:
        events.append(ev(EventKind.LIGHTS_OUT, lights))
    if plan.screens_before is not None:
        events.append(ev(EventKind.SCREENS_OFF, later(anchor if lights else base, -plan.screens_before)))
    if plan.asleep is not None:
        events.append(ev(EventKind.FELL_ASLEEP, later(anchor, plan.asleep)))
    events += [ev(EventKind.GOT_UP, later(anchor, m)) for m in plan.get_ups]
    events += [ev(EventKind.CALLED_OUT, later(anchor, m)) for m in plan.call_outs]
    if plan.parents_bed:
        events.append(ev(EventKind.PARENTS_BED, later(anchor, 420)))
    if plan.pass_at is not None:
        events.append(ev(EventKind.PASS_USED, later(anchor, plan.pass_at), "a drink", seconds=300))
    events += [ev(kind, later(anchor, 1)) for kind in plan.extra]
    return events


def night_recap(night: date, plan: Plan | None) -> NightRecap:
    """The recap of `plan` on `night`; None: a night with nothing logged."""
    plan_ = plan or Plan(lights_out=None, phase="pass")
    passes = 1 if plan_.phase == "pass" else 0
    return recap_night(
        night,
        events_of(night, plan) if plan is not None else [],
        ROUTINE,
        NightPhase(plan_.phase, passes),
        worries_waiting=0,
        star=StarOffer(PRAISE) if plan is not None and plan.star else None,
    )


def series(last: date, plans: list[Plan | None]) -> list[NightRecap]:
    """Consecutive nights ending with `last`, oldest first."""
    first = last - timedelta(days=len(plans) - 1)
    return [night_recap(first + timedelta(days=index), plan) for index, plan in enumerate(plans)]
