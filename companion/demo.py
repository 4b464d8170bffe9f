"""A deterministic, realistic made-up household (`companion demo`, benchmarks, screenshots).

The same seed and the same "now" give the same household. Most nights are calm, some are
rough, a few carry a health flag, and a few were never logged, as in a real family's data.
Some weeks in, the parents start saying instructions once (quiet mode) and then the bedtime
pass: the repeats, the time to comply and the call-outs after the pass fall as the weeks go by.
From three, a child has a worry every week or three, written down in the afternoon, put to bed
at bedtime and looked at over breakfast: most go within a few nights, a few stay for weeks.
"""

from __future__ import annotations

import math
import os
import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from companion.clock import Clock
from companion.domain.bedtime_pass import QUICK_REASONS, PassPlan
from companion.domain.child_settings import ChildSettings
from companion.domain.errors import CompanionError
from companion.domain.household import Child
from companion.domain.night import night_of, shifted, zone_info
from companion.domain.night_log import EventKind
from companion.domain.routine import DEFAULT_STEPS, version_on
from companion.domain.worry import HELPERS, MOST_SOLUTIONS, WorryContent, WorryKind, add_solutions, clean_worry
from companion.store import Store
from companion.store.files import fsync_dir

CHILD_NAMES = ("Mia", "Leo", "Ada", "Noah", "Iris", "Theo")
CAREGIVER_NAMES = ("Sam", "Alex")
SPACING = 545  # days between one child's birth and the next: eighteen months
WORRY_AGE = 3  # years: from then on a child says what worries them, and the box makes sense
CHART_AGE = 3  # years: the reward chart's age (R1)


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


# `companion demo` writes the household in a folder of its own inside the data dir, renames the
# folder when it is complete, then moves its files in, household.json last (see fill_data_dir).
DEMO_BUILDING, DEMO_READY = ".demo-building", ".demo-ready"
DEMO_FILES = ("rewards", "worries-gone", "worries.json", "nights", "household.json")


def fill_data_dir(store: Store, clock: Clock, *, nights: int, children: int, seed: int) -> str:
    """`companion demo`: killed at any moment, it leaves the data dir as it was (the demo can be
    run again), or whole; killed while moving the files in, running it again finishes the move.
    (One bulk write into the data dir itself would leave half a household, which refuses a
    second demo.) Nothing already in the data dir is ever replaced."""
    data_dir = store.data_dir
    ready = data_dir / DEMO_READY
    if ready.is_dir():
        if any((ready / name).exists() for name in DEMO_FILES):
            _move_in(ready, data_dir)
            return "Finished moving in the demo household that an earlier run had written."
        shutil.rmtree(ready)  # killed after the last rename: the household is whole, as below
    nights_dir = data_dir / "nights"
    taken = any((data_dir / name).exists() for name in DEMO_FILES if name != "nights")
    if taken or store.children() or (nights_dir.is_dir() and any(nights_dir.iterdir())):
        raise CompanionError(f"{data_dir} already has a household; the demo needs an empty data dir.")
    building = data_dir / DEMO_BUILDING
    shutil.rmtree(building, ignore_errors=True)  # left by a demo killed while it wrote: made up, never moved in
    try:
        staged = Store.open(building, clock)
        try:
            summary = write_demo(staged, clock.now(), nights=nights, children=children, seed=seed)
        finally:
            staged.close()
        os.replace(building, ready)
        fsync_dir(data_dir)
        _move_in(ready, data_dir)
    except OSError as error:
        raise CompanionError(f"The demo was not written ({error.strerror or error}).") from None
    finally:
        shutil.rmtree(building, ignore_errors=True)  # refused or failed before it was complete
    return summary


def _move_in(ready: Path, data_dir: Path) -> None:
    """One rename each, household.json last: the app shows the household only once all of it
    is there. A file or folder already in the data dir (other than an empty nights/) is not
    replaced: the move stops with a message."""
    for name in DEMO_FILES:
        source, target = ready / name, data_dir / name
        if not source.exists():
            continue  # moved in by the run that was stopped
        if target.exists() and not (name == "nights" and target.is_dir() and not any(target.iterdir())):
            raise CompanionError(f"{target} is already there; the demo waiting in {ready} was not moved in.")
        os.replace(source, target)
        fsync_dir(data_dir)
    shutil.rmtree(ready)
    fsync_dir(data_dir)


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
        bedtimes: dict[str, dict[date, datetime]] = {child.id: {} for child in made}
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
                        if record.kind is EventKind.BEDTIME_STARTED:
                            bedtimes[child.id][night] = record.at
                events += len(ids)
        worries = 0
        for index, child in enumerate(made):
            # An rng of their own: the nights stay as they were, whatever the worries draw.
            worry_rng = random.Random(f"{seed}:worries:{index}")
            start = max(first_night, _birthday(child.birth_date, WORRY_AGE))
            worries += _worries(store, worry_rng, child, start, today, now, zone, bedtimes[child.id])
        stars = 0
        for index, child in enumerate(made):
            chart_rng = random.Random(f"{seed}:rewards:{index}")
            start = max(first_night, _birthday(child.birth_date, CHART_AGE))
            stars += _reward_chart(store, chart_rng, child, start, today, now, zone)
    return (
        f"Wrote a demo household: {children} children, {nights} nights, {events} night events, {worries} worries, "
        f"{stars} stars."
    )


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


TYPED_REASONS = ("one more cuddle", "the night light", "a tissue", "something to tell me")


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


@dataclass(frozen=True, slots=True)
class WorryTheme:
    """A worry as a child says it (or what they drew), the solutions thought of together, more
    that may come up on a later morning, and the helper that fits, if any."""

    text: str
    solutions: tuple[str, ...] = ()
    more: tuple[str, ...] = ()
    helper: str = ""
    helper_line: str = ""
    drawn: bool = False
    from_age: int = WORRY_AGE


WORRY_THEMES = (
    WorryTheme(
        "There's a monster under my bed",
        ("Look under the bed together before lights out", "Monster spray on the pillow"),
        ("Leave the wardrobe door shut",),
        "monster trap",
        "It snaps shut if anything comes near the bed.",
    ),
    WorryTheme("It's too dark in my room", ("Night light on the low setting",), ("Door open a crack", "Glow stars on the ceiling")),
    WorryTheme(
        "I had a bad dream about a wolf",
        ("Draw the dream and put the drawing in the box",),
        ("Think of the dream with a funny ending",),
        "guardian dragon",
        "The dragon sleeps by the door and wolves are scared of it.",
    ),
    WorryTheme("Drew a big black cloud over our house, raining on everyone", ("Talk about where clouds go",), (), drawn=True),
    WorryTheme(
        "What if nobody plays with me at school",
        ("Ask one friend in the morning", "Say hello to the new girl"),
        ("Take the football",),
        from_age=4,
    ),
    WorryTheme("Noor said she isn't my friend any more", ("Play with Jonah tomorrow",), ("Ask Noor to play at lunch",), from_age=4),
    WorryTheme("The thunder is too loud", ("Count between the flash and the bang",), ("Headphones with the rain song",)),
    WorryTheme(
        "I don't want the needle at the doctor's",
        ("Hold Dad's hand and look at the fish tank", "A plaster with a dinosaur on it"),
        (),
        "guardian fairy",
        "She sits on your shoulder the whole time.",
    ),
    WorryTheme("Will the baby get all the cuddles", ("Ten minutes just us two after tea",), ("Be the big helper at bath time",)),
    WorryTheme("Drew a spider as big as the window", ("Catch it in a glass and let it out",), (), drawn=True),
    WorryTheme("What if I get lost on the school trip", ("Stay with your buddy", "Teacher has Mum's number"), (), from_age=5),
    WorryTheme("Grandma is in hospital", ("Make her a card",), ("Call her after school",)),
    WorryTheme("The smoke alarm might go off in the night", ("Press the test button together in the day",)),
    WorryTheme(
        "Someone could come in through the window",
        ("Check the window lock together",),
        (),
        "guardian dragon",
        "The dragon guards the window all night.",
    ),
    WorryTheme("I can't swim in the big pool", ("Armbands on Saturday",), ("Start at the shallow end",), from_age=4),
    WorryTheme("Drew the new teacher with a very loud mouth", ("Tell her teacher it's hard to hear shouting",), (), drawn=True, from_age=4),
    WorryTheme("My tooth is wobbly and it might hurt", ("Wobble it a little each day",), (), "guardian fairy", from_age=5),
    WorryTheme("There's a shadow that looks like a man", ("Move the dressing gown off the door",)),
)


def _gone_after(rng: random.Random) -> int:
    """How many nights in the box a worry takes to go: most a few, some a fortnight, a
    few a month or more."""
    spell = rng.random()
    if spell < 0.8:
        return rng.choices((1, 2, 3, 4, 5), weights=(30, 25, 20, 15, 10))[0]
    if spell < 0.95:
        return rng.randint(6, 20)
    return rng.randint(30, 50)


def _worries(
    store: Store,
    rng: random.Random,
    child: Child,
    start: date,
    today: date,
    now: datetime,
    zone: str,
    bedtimes: dict[date, datetime],
) -> int:
    """One child's worries from `start` to now, through the store's worry actions as the
    parent would use them: written in the afternoon, put to bed at bedtime (before lights out)
    on the nights that were logged, and looked at the next morning, 07:00–08:30: gone once
    its nights are up, else still there or given a new solution. Stops at the first moment
    after `now`; returns how many worries were written."""
    tz = zone_info(zone)
    planned: dict[str, tuple[WorryTheme, int]] = {}  # open worry -> its theme, nights until it goes
    contents: dict[str, WorryContent] = {}  # open worry -> its words and solutions now
    boxed: dict[str, int] = {}  # nights each open worry has spent in the box
    last_box: list[str] = []  # what went in the box last night
    written = 0
    next_worry = start + timedelta(days=rng.randint(0, 14))
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        # Breakfast: last night's box opens; now and then nobody has time to look.
        if last_box and rng.random() < 0.95:
            at = datetime.combine(day, time(7, 0), tzinfo=tz) + timedelta(minutes=rng.randint(0, 60))
            for worry_id in last_box:
                if at.timestamp() > now.timestamp():
                    return written
                theme, nights = planned[worry_id]
                if boxed[worry_id] >= nights:
                    store.review_worry(worry_id, WorryKind.GONE, at)
                    del planned[worry_id], boxed[worry_id], contents[worry_id]
                elif rng.random() < 0.15 and theme.more:
                    current = contents[worry_id]
                    new = [solution for solution in theme.more if solution not in current.solutions][:1]
                    if new and len(current.solutions) < MOST_SOLUTIONS:
                        contents[worry_id] = store.edit_worry(worry_id, add_solutions(current, new)[0], at).content
                    else:
                        store.review_worry(worry_id, WorryKind.KEPT, at)
                else:
                    store.review_worry(worry_id, WorryKind.KEPT, at)
                at += timedelta(minutes=rng.randint(1, 2))  # the next one, over breakfast (by 08:30)
        last_box = []
        # The afternoon: a new worry every week or three, in the child's words.
        if day == next_worry:
            next_worry = day + timedelta(days=rng.randint(7, 21))
            age = (day - child.birth_date).days // 365
            theme = rng.choice([theme for theme in WORRY_THEMES if theme.from_age <= age])
            at = datetime.combine(day, time(15, 0), tzinfo=tz) + timedelta(minutes=rng.randint(0, 170))
            if at.timestamp() > now.timestamp():
                return written
            helper, line = (theme.helper, theme.helper_line) if rng.random() < 0.7 else ("", "")
            if not helper and rng.random() < 0.1:
                helper = rng.choice(HELPERS)
            solutions = theme.solutions if rng.random() < 0.75 else ()
            content, _ = clean_worry(theme.text, theme.drawn, solutions, helper, line)
            worry = store.write_worry(child.id, content, at)
            planned[worry.id] = (theme, _gone_after(rng))
            contents[worry.id] = worry.content
            boxed[worry.id] = 0
            written += 1
        # Bedtime: the open worries go to bed, a few minutes into the routine.
        bedtime = bedtimes.get(day)
        if planned and bedtime is not None:
            at = _later(bedtime, minutes=rng.randint(1, 5))
            if at.timestamp() > now.timestamp():
                return written
            if store.put_worries_to_bed(child.id, at):
                last_box = list(planned)
                for worry_id in last_box:
                    boxed[worry_id] += 1
    return written


LADDER = ("got into bed when asked", "stayed in my bed the whole night", "went to sleep on my own")
REWARDS = (
    ("lucky dip", 4),
    ("park trip", 10),
    ("an extra bedtime story", 3),
    ("sticker book", 6),
    ("trip to the library", 8),
    ("picnic in the garden", 7),
    ("choose Saturday's breakfast", 5),
)


def _reward_chart(store: Store, rng: random.Random, child: Child, start: date, today: date, now: datetime, zone: str) -> int:
    """One child's chart from three, as a parent keeps it: a ladder of targets stepped up once
    the current one was earned on 5 of 7 nights, last night's star most mornings (more as the
    weeks go by), now and then one taken back at once, a fresh reward every few weeks, and
    stars spent on the cheapest reward ready. Made by the chart's own rules (praise, the void
    window, what is available) and appended in one go: ten years of mornings through the
    checking actions one by one would cost the demo most of a minute."""
    from companion.domain.reward_kinds import RewardKind
    from companion.domain.rewards import STEP_UP_NIGHTS, STEP_UP_WINDOW, VOID_WINDOW, RewardRecord, praise_for

    if start >= today:
        return 0
    ids = iter(range(10**9))
    records: list[RewardRecord] = []

    def record(kind: RewardKind, at: datetime, **fields: object) -> RewardRecord:
        made = RewardRecord(f"demo-{child.id[:8]}-{next(ids)}", child.id, kind, at, **fields)  # type: ignore[arg-type]
        records.append(made)
        return made

    target = record(RewardKind.TARGET_ADDED, _morning(start, zone, rng), night=start, text=LADDER[0])
    rung, earned_on, earned, spent = 0, [], 0, 0
    offered: list[tuple[str, str, int]] = []  # (id, name, stars)
    next_reward = 0
    for offset in range((today - start).days):
        night = start + timedelta(days=offset)
        morning = _morning(night + timedelta(days=1), zone, rng)
        if morning.timestamp() > now.timestamp():
            break
        if offset >= next_reward:  # a fresh reward every two or three weeks, three on offer
            name, threshold = REWARDS[(offset // 14) % len(REWARDS)]
            if name not in [offer[1] for offer in offered]:
                offered.append((record(RewardKind.REWARD_ADDED, morning, text=name, stars=threshold).id, name, threshold))
            if len(offered) > 3:
                record(RewardKind.REWARD_RETIRED, morning, ref=offered.pop(0)[0])
            next_reward = offset + rng.randint(14, 21)
        if rng.random() < 0.5 + 0.35 * min(1.0, offset / 90):
            star = record(RewardKind.STAR_GIVEN, morning, night=night, ref=target.id, text=praise_for(target.text))
            if rng.random() < 0.02:  # a mis-key, taken back within the ten minutes
                record(RewardKind.STAR_VOIDED, _later(morning, minutes=rng.randint(1, 8)), ref=star.id)
            else:
                earned += 1
                earned_on.append(night)
        later = _later(morning, minutes=int(VOID_WINDOW.total_seconds() // 60) + 5)  # the star is earned by then
        ready = [offer for offer in offered if earned - spent >= offer[2]]
        if ready and rng.random() < 0.5:
            reward_id, name, threshold = min(ready, key=lambda offer: offer[2])
            record(RewardKind.REDEEMED, later, ref=reward_id, text=name, stars=threshold)
            spent += threshold
        recent = [day for day in earned_on[-STEP_UP_WINDOW:] if (night - day).days < STEP_UP_WINDOW]
        if len(recent) >= STEP_UP_NIGHTS and rung + 1 < len(LADDER) and rng.random() < 0.3:
            rung += 1
            earned_on = []
            target = record(RewardKind.TARGET_ADDED, later, night=night + timedelta(days=1), text=LADDER[rung])
            record(RewardKind.TARGET_STEPPED_UP, _later(later, minutes=1), night=night + timedelta(days=1), ref=target.id)
    store.append_reward_records(records)
    return earned


def _morning(day: date, zone: str, rng: random.Random) -> datetime:
    """A moment over breakfast, 07:00–08:30 local."""
    return _later(datetime.combine(day, time(7), tzinfo=zone_info(zone)), minutes=rng.randint(0, 90))


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + years, day=28)


def _later(instant: datetime, **span: int) -> datetime:
    """Real minutes later: a night that crosses a DST change keeps its true length."""
    return shifted(instant, timedelta(**span))
