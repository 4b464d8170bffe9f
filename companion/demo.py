"""A deterministic, realistic made-up household (`companion demo`, benchmarks, screenshots).

The same seed and the same "now" give the same household. Most nights are calm, some are
rough, a few carry a health flag, and a few were never logged, as in a real family's data.
Some weeks in, the parents start saying instructions once (quiet mode) and then the bedtime
pass: the repeats, the time to comply and the call-outs after the pass fall as the weeks go by.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from companion.domain.bedtime_pass import QUICK_REASONS, PassPlan
from companion.domain.child_settings import ChildSettings
from companion.domain.errors import CompanionError
from companion.domain.night import night_of, shifted, zone_info
from companion.domain.night_log import EventKind
from companion.domain.routine import DEFAULT_STEPS, version_on
from companion.store import Store

CHILD_NAMES = ("Mia", "Leo", "Ada", "Noah", "Iris", "Theo")
CAREGIVER_NAMES = ("Sam", "Alex")
SPACING = 545  # days between one child's birth and the next: eighteen months


@dataclass(slots=True, eq=False)  # eq=False: each record is only itself, so an answer can name it
class Record:
    """Something that happened in a made-up night, written as one night event."""

    kind: EventKind
    at: datetime
    value: str = ""
    seconds: int | None = None
    answers: Record | None = None  # the record this one answers: stored as its id (`ref`)


@dataclass(frozen=True, slots=True)
class Practice:
    """What the parents practise with one child: saying instructions once from `quiet_since`,
    and the pass plan in the child's settings (the store stamps each night's phase from it)."""

    quiet_since: date
    settings: ChildSettings

    def learning(self, night: date) -> float:
        """How new saying it once still is: 1 on its first evening, a twentieth after three months."""
        return math.exp(-(night - self.quiet_since).days / 30)

    def settling(self, night: date) -> float:
        """The chance that a call-out or come-out still follows the pass: all of them on the
        first pass night, fewer each week, a few for good."""
        plan = self.settings.plan
        first = (plan.started or night) + timedelta(days=plan.baseline_nights)
        return max(0.1, math.exp(-(night - first).days / 30))


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
        practices = {child.id: _practice(first_night, nights, index) for index, child in enumerate(made)}
        for child in made:  # before any night: a night's phase is stamped from them when it begins
            store.set_child_settings(child.id, practices[child.id].settings, night_of(now, zone))
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
                ids: dict[Record, str] = {}  # what was written, for the answers that follow
                for record in _night(rng, night, zone, steps, practices[child.id]):
                    # Draw every night so a seed gives the same household at any "now";
                    # keep only what could have happened: after birth, before now.
                    if night >= child.birth_date and record.at.timestamp() <= now.timestamp():
                        ref = ids[record.answers] if record.answers is not None else ""
                        ids[record] = store.add_night_event(
                            child.id, record.kind, record.at, record.value, ref=ref, seconds=record.seconds, recorded=record.at
                        ).id
                events += len(ids)
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
    born = first_night - timedelta(days=3 * 365 - SPACING * index)
    return min(born, today - timedelta(days=200))


def _practice(first_night: date, nights: int, index: int) -> Practice:
    """Say it once from a month in, the pass from three months in (a younger child's as
    they turn three; both sooner in a short history). The eldest starts with a baseline week,
    then three passes a night fading to one; the others with one pass a night."""
    later = SPACING * index
    quiet_since = first_night + timedelta(days=min(nights // 6, 30 + later))
    started = first_night + timedelta(days=min(nights // 3, 90 + later))
    plan = PassPlan(started=started, baseline_nights=7, start_passes=3) if index == 0 else PassPlan(started=started)
    return Practice(quiet_since, ChildSettings(plan=plan))


HANDOVER_NOTES = (
    "Had a bad dream last night; check the night light is on.",
    "Asked for water twice: the pass covers one.",
    "Tired after swimming, went down fast.",
    "Worried about the school trip tomorrow.",
    "Teething, the gel is on the shelf.",
)


TYPED_REASONS = ("one more cuddle", "the night light", "a tissue", "to tell me something")


def _night(rng: random.Random, night: date, zone: str, steps: tuple[str, ...], practice: Practice) -> list[Record]:
    """One child's night: the routine (some steps asked for once, in quiet mode) and the
    readiness checks, then what came after goodnight."""
    if rng.random() < 0.04:
        return []  # a night nobody logged
    clock = _later(datetime.combine(night, time(18, 30), tzinfo=zone_info(zone)), minutes=rng.randint(0, 50))
    evening = [Record(EventKind.BEDTIME_STARTED, clock)]
    asked = rng.sample(range(len(steps)), rng.choices((0, 1, 2, 3), weights=(45, 35, 15, 5))[0])
    for index, step in enumerate(steps):
        if index in asked and night >= practice.quiet_since:
            evening += _said_once(rng, clock, f"Time for {step}", practice.settings.wait_seconds, practice.learning(night))
            clock = evening[-1].at  # the child got going
        clock = _later(clock, minutes=rng.randint(4, 10))
        evening.append(Record(EventKind.STEP_DONE, clock, step))
    lights_out = _later(clock, minutes=rng.randint(3, 12))
    screens = _later(lights_out, minutes=-rng.randint(60, 240))
    if rng.random() < 0.8:
        evening.append(Record(EventKind.SCREENS_OFF, screens))
    for kind, yes in ((EventKind.MOVED, 0.75), (EventKind.FED, 0.97), (EventKind.DRY, 0.95), (EventKind.SAFE, 0.99)):
        if rng.random() < 0.85:
            evening.append(Record(kind, screens, "yes" if rng.random() < yes else "no"))
    evening.append(Record(EventKind.BEDTIME_BY, lights_out, rng.choice(CAREGIVER_NAMES)))
    if rng.random() < 0.08:
        evening.append(Record(EventKind.HANDOVER, lights_out, rng.choice(HANDOVER_NOTES)))
    plan = practice.settings.plan
    return evening + _after_goodnight(rng, lights_out, plan.passes_on(night), plan.trip_minutes, practice.settling(night))


def _said_once(rng: random.Random, clock: datetime, instruction: str, wait: int, learning: float) -> list[Record]:
    """An instruction said once, the repeats, and how it ended (Q1, Q2). While quiet mode is
    new (`learning` near 1) a child waits for the second or third time; once it has held,
    most instructions need none, and the child gets going sooner."""
    said = Record(EventKind.QUIET_SAID, _later(clock, seconds=rng.randint(5, 30)), instruction, seconds=wait)
    records = [said]
    clock = _later(said.at, seconds=wait)
    repeats = 0.3 + 3.2 * learning  # on average, before the cap of six
    while len(records) <= 6 and rng.random() < repeats / (1 + repeats):
        clock = _later(clock, seconds=rng.randint(10, 30))
        records.append(Record(EventKind.QUIET_REPEATED, clock, answers=said))
    outcome = EventKind.QUIET_MOVED_ON if rng.random() < 0.1 else EventKind.QUIET_DONE
    records.append(Record(outcome, _later(clock, seconds=rng.randint(5, 20 + round(90 * learning))), answers=said))
    return records


def _after_goodnight(rng: random.Random, lights_out: datetime, passes: int, trip_minutes: int, settling: float) -> list[Record]:
    """Most nights calm, some rough ones, a few with a health flag. On a pass night the
    child often uses a pass (or several, while they fade) soon after lights out; the
    call-outs and come-outs after it fall as the child settles into the pass."""
    rough = rng.random() < 0.12
    clock = lights_out
    records = [Record(EventKind.LIGHTS_OUT, clock)]
    used = sum(rng.random() < 0.65 for _ in range(passes))
    for _ in range(used):
        clock = _later(clock, minutes=rng.randint(2, 15))
        reason = rng.choice(QUICK_REASONS if rng.random() < 0.8 else TYPED_REASONS)
        trip = Record(EventKind.PASS_USED, clock, reason, seconds=trip_minutes * 60)
        records.append(trip)
        if rng.random() < 0.85:  # back in the room before the trip time is up
            clock = _later(clock, seconds=rng.randint(30, trip_minutes * 60 - 10))
            records.append(Record(EventKind.PASS_BACK, clock, answers=trip))
    count = rng.choices((0, 1, 2, 4), weights=(55, 25, 12, 8) if rough else (75, 18, 6, 1))[0]
    if used:  # after the pass: worse before it gets better (the child tests the rules), then fewer
        count = sum(rng.random() < settling for _ in range(count + 2))
    for _ in range(count):
        clock = _later(clock, minutes=rng.randint(2, 12))
        if rng.random() < 0.55:
            records.append(Record(EventKind.CALLED_OUT, clock))
        else:
            records.append(Record(EventKind.GOT_UP, clock))
            clock = _later(clock, minutes=rng.randint(1, 4))
            records.append(Record(EventKind.BACK_IN_BED, clock))
    clock = _later(clock, minutes=rng.randint(25, 70) if rough else rng.randint(5, 30))
    records.append(Record(EventKind.FELL_ASLEEP, clock))
    if rng.random() < (0.35 if rough else 0.1):
        clock = _later(clock, hours=rng.randint(4, 7), minutes=rng.randint(0, 59))
        records.append(Record(EventKind.WOKE, clock))
        if rng.random() < 0.4:
            records.append(Record(EventKind.PARENTS_BED, _later(clock, minutes=rng.randint(2, 10))))
    if rng.random() < 0.01:
        flag = rng.choice((EventKind.VOMITED, EventKind.BREATHING, EventKind.PANICKED))
        records.append(Record(flag, _later(clock, minutes=rng.randint(5, 60))))
    return records


def _later(instant: datetime, **span: int) -> datetime:
    """Real minutes later: a night that crosses a DST change keeps its true length."""
    return shifted(instant, timedelta(**span))
