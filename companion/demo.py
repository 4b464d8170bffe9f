"""A deterministic, realistic made-up household (`companion demo`, benchmarks, screenshots).

The same seed and the same "now" give the same household. Most nights are calm, some are
rough, a few carry a health flag, and a few were never logged, as in a real family's data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from companion.domain.errors import CompanionError
from companion.domain.night import shifted, zone_info
from companion.domain.night_log import EventKind
from companion.domain.routine import DEFAULT_STEPS, version_on
from companion.store import Store

CHILD_NAMES = ("Mia", "Leo", "Ada", "Noah", "Iris", "Theo")
CAREGIVER_NAMES = ("Sam", "Alex")


def write_demo(store: Store, now: datetime, *, nights: int, children: int, seed: int) -> str:
    """Fill an empty household; refuse to mix made-up nights into a real family's data."""
    if store.children():
        raise CompanionError(f"{store.data_dir} already has a household; the demo needs an empty data dir.")
    if children > len(CHILD_NAMES):
        raise CompanionError(f"The demo makes at most {len(CHILD_NAMES)} children.")
    rng = random.Random(seed)
    zone = store.zone
    today = now.astimezone(zone_info(zone)).date()
    first_night = today - timedelta(days=nights)
    with store.bulk():
        for name in CAREGIVER_NAMES:
            store.add_caregiver(name)
        made = [
            store.add_child(CHILD_NAMES[index], _birth_date(first_night, today, index))
            for index in range(children)
        ]
        routines = {}
        for child in made:
            for since, steps in _routine_history(rng, first_night, nights):
                store.set_routine(child.id, steps, max(since, child.birth_date))
            routines[child.id] = store.routine_versions(child.id)
        events = 0
        for offset in range(nights):
            night = first_night + timedelta(days=offset)
            for child in made:
                steps = (version_on(routines[child.id], night) or routines[child.id][0]).steps
                for kind, at, value in _night(rng, night, zone, steps):
                    # Draw every night so a seed gives the same household at any "now";
                    # keep only what could have happened: after birth, before now.
                    if night >= child.birth_date and at.timestamp() <= now.timestamp():
                        store.add_night_event(child.id, kind, at, value, recorded=at)
                        events += 1
    return f"Wrote a demo household: {children} children, {nights} nights, {events} night events."


ROUTINE_CHANGES = (
    ("bath", "pyjamas", "teeth", "books"),
    ("bath", "pyjamas", "teeth", "two books"),
    ("pyjamas", "teeth", "two books", "song"),
    ("shower", "teeth", "reading", "chat"),
)


def _routine_history(rng: random.Random, first_night: date, nights: int) -> list[tuple[date, tuple[str, ...]]]:
    """The default routine from the first night, then a change every year or so: families
    keep a routine for months, and adjust it as the children grow."""
    history = [(first_night, DEFAULT_STEPS)]
    offset = rng.randint(60, 200)
    for steps in ROUTINE_CHANGES:
        if offset >= nights:
            break
        history.append((first_night + timedelta(days=offset), steps))
        offset += rng.randint(300, 700)
    return history


def _birth_date(first_night: date, today: date, index: int) -> date:
    """The eldest about three when the history starts; younger ones eighteen months apart."""
    born = first_night - timedelta(days=3 * 365 - 545 * index)
    return min(born, today - timedelta(days=200))


HANDOVER_NOTES = (
    "Had a bad dream last night; check the night light is on.",
    "Asked for water twice: the pass covers one.",
    "Tired after swimming, went down fast.",
    "Worried about the school trip tomorrow.",
    "Teething, the gel is on the shelf.",
)


def _night(rng: random.Random, night: date, zone: str, steps: tuple[str, ...]) -> list[tuple[EventKind, datetime, str]]:
    """One child's night: the routine and readiness checks, then what came after goodnight."""
    if rng.random() < 0.04:
        return []  # a night nobody logged
    lights_out = _later(datetime.combine(night, time(19, 10), tzinfo=zone_info(zone)), minutes=rng.randint(0, 50))
    clock = _later(lights_out, minutes=-rng.randint(30, 50))
    evening: list[tuple[EventKind, datetime, str]] = [(EventKind.BEDTIME_STARTED, clock, "")]
    for step in steps:
        clock = _later(clock, minutes=rng.randint(4, 10))
        evening.append((EventKind.STEP_DONE, clock, step))
    screens = _later(lights_out, minutes=-rng.randint(60, 240))
    if rng.random() < 0.8:
        evening.append((EventKind.SCREENS_OFF, screens, ""))
    for kind, yes in ((EventKind.MOVED, 0.75), (EventKind.FED, 0.97), (EventKind.DRY, 0.95), (EventKind.SAFE, 0.99)):
        if rng.random() < 0.85:
            evening.append((kind, screens, "yes" if rng.random() < yes else "no"))
    evening.append((EventKind.BEDTIME_BY, lights_out, rng.choice(CAREGIVER_NAMES)))
    if rng.random() < 0.08:
        evening.append((EventKind.HANDOVER, lights_out, rng.choice(HANDOVER_NOTES)))
    return evening + [(kind, at, "") for kind, at in _after_goodnight(rng, lights_out)]


def _after_goodnight(rng: random.Random, lights_out: datetime) -> list[tuple[EventKind, datetime]]:
    """Most nights calm, some rough ones, a few with a health flag."""
    rough = rng.random() < 0.12
    clock = lights_out
    events = [(EventKind.LIGHTS_OUT, clock)]
    for _ in range(rng.choices((0, 1, 2, 4), weights=(55, 25, 12, 8) if rough else (75, 18, 6, 1))[0]):
        clock = _later(clock, minutes=rng.randint(2, 12))
        if rng.random() < 0.55:
            events.append((EventKind.CALLED_OUT, clock))
        else:
            events.append((EventKind.GOT_UP, clock))
            clock = _later(clock, minutes=rng.randint(1, 4))
            events.append((EventKind.BACK_IN_BED, clock))
    clock = _later(clock, minutes=rng.randint(25, 70) if rough else rng.randint(5, 30))
    events.append((EventKind.FELL_ASLEEP, clock))
    if rng.random() < (0.35 if rough else 0.1):
        clock = _later(clock, hours=rng.randint(4, 7), minutes=rng.randint(0, 59))
        events.append((EventKind.WOKE, clock))
        if rng.random() < 0.4:
            events.append((EventKind.PARENTS_BED, _later(clock, minutes=rng.randint(2, 10))))
    if rng.random() < 0.01:
        flag = rng.choice((EventKind.VOMITED, EventKind.BREATHING, EventKind.PANICKED))
        events.append((flag, _later(clock, minutes=rng.randint(5, 60))))
    return events


def _later(instant: datetime, **span: int) -> datetime:
    """Real minutes later: a night that crosses a DST change keeps its true length."""
    return shifted(instant, timedelta(**span))
