"""The writer that test_kill_every_write.py kills (SIGKILL) at random moments.

    python kill_writer.py DATA_DIR FIRST_CYCLE [SECTION,...]
    python kill_writer.py --serve          (a writer forked per request: see `serve`)

It opens the household as the app does and then, cycle after cycle, makes every kind of
change the panes make through the store: one cycle is one evening and the morning after
(night N = BASE_NIGHT + cycle), on the household's clock:

  afternoon   worries written and edited (worry box), grown-ups added, renamed, removed, a child
              added and edited, theme, sound, current child, the child's wait and pass plan,
              tonight's routine (household)
  evening     bedtime started, steps checked and one taken back, readiness, screens off, who
              did bedtime, a hand-over note (evening); say it once with each outcome and an undo
              (quiet mode); worries put to bed; the pass used and back; the night log and a
              health flag
  morning     a worry still there, new solutions, two gone (one file each, then worries.json);
              last night's star given, taken back, given again; a target added and stepped up
              to; a reward added, redeemed and retired (reward chart)

Each pane's writes are a section of the cycle (SECTIONS); a writer may be told to run only
some, to reach a kind of write sooner. Worries left open by a cycle that was killed go away at
the start of the next one, so the box stays small however many kills there were.

Before each write it prints what the write may change, after the write *returns* what it
changed, as the app would then show it (so "acknowledged" means "shown to the parent"):

  begin <seq> <kind> {"touch": [KEY...], "new": {FAMILY: N}}
  ack <seq> <kind> {"set": [[KEY, VALUE]...], "removed": [KEY...]}

KEY is a JSON list: ["caregiver", id], ["child", id], ["setting", name], ["child_settings", id],
["routine", child, since], ["event", id], ["worry", id], ["reward", id]. VALUEs are what the
`*_view` functions below give; a fresh Store read with the same functions must agree.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pendulum

from companion.clock import ManualClock
from companion.domain.bedtime_pass import PassPlan
from companion.domain.child_settings import ChildSettings
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.reward_kinds import RewardKind
from companion.domain.worry import Worry, WorryKind, clean_worry
from companion.store.store import Store

ZONE = "Europe/London"
# Cycles run night after night from here: across the October clock change, month ends (each
# month a new folder of nights and a new stars file) and, after 73 cycles, into 2027.
BASE_NIGHT = date(2026, 10, 20)
CHILD, SIBLING, CARER = "Mia", "Leo", "Sam"
FIRST_TARGET = "stayed in my bed the whole night"

# The writer's parts, each one pane's writes (the routine is edited from the evening pane, but
# written with the household); a cycle runs them all, or only some (see Writer.cycle).
SECTIONS = {
    "worries": ("worry_write", "worry_edit", "worries_to_bed", "worry_kept", "worry_solutions", "worry_gone"),
    "household": ("add_caregiver", "rename_caregiver", "remove_caregiver", "add_child", "update_child", "theme", "sound",
                  "current_child", "child_settings", "routine"),
    "evening": ("bedtime_started", "step_check", "step_undo", "readiness", "screens_off", "bedtime_by", "handover",
                "night_log", "health_flag"),
    "quiet": ("quiet_said", "quiet_repeated", "quiet_done", "quiet_moved_on", "quiet_interrupted", "quiet_undo"),
    "pass": ("pass_used", "pass_back"),
    "rewards": ("star_give", "star_void", "target_add", "step_up", "reward_add", "redeem", "reward_retire"),
}
# How many times a cycle makes each kind of write: once, unless said here.
PER_CYCLE = {"worry_write": 2, "worry_gone": 2, "step_check": 4, "readiness": 4, "night_log": 7, "quiet_said": 3, "star_give": 2}

# A child comes with the default settings (its wait and pass plan), shown with it.
NEW_CHILD = {"child": 1, "child_settings": 1}

Key = tuple[str, ...]
View = dict[Key, Any]


def night_of_cycle(cycle: int) -> date:
    return BASE_NIGHT + timedelta(days=cycle)


def local(day: date, hour: int, minute: int) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=ZONE)


def utc(instant: datetime | None) -> str | None:
    return instant.astimezone(timezone.utc).isoformat() if instant is not None else None


# -- what the app shows, as plain values (the writer and the test read it the same way) ----


def household_view(store: Store) -> View:
    view: View = {}
    for child in store.children():
        view[("child", child.id)] = [child.name, child.birth_date.isoformat()]
        settings = store.child_settings(child.id)
        view[("child_settings", child.id)] = [settings.wait_seconds, settings.plan.passes, settings.plan.trip_minutes]
        for version in store.routine_versions(child.id):
            view[("routine", child.id, version.since.isoformat())] = list(version.steps)
    for person in store.caregivers():
        view[("caregiver", person.id)] = person.name
    current = store.current_child()
    view[("setting", "theme")] = store.theme_choice()
    view[("setting", "sound")] = store.sound_on()
    view[("setting", "current")] = current.id if current else None
    return view


def event_value(event: NightEvent) -> list[Any]:
    return [
        event.night.isoformat(), event.kind.value, utc(event.at), event.value, event.ref, event.undone is not None, event.seconds
    ]


def night_view(store: Store, child_id: str, night: date) -> View:
    return {("event", event.id): event_value(event) for event in store.night_events(child_id, night, with_undone=True)}


def worry_value(worry: Worry) -> list[Any]:
    content = worry.content
    return [content.text, list(content.solutions), len(worry.boxings), len(worry.reviews), worry.gone is not None]


def live_worries_view(store: Store, child_id: str) -> View:
    """The worries not gone (worries.json): what the worry box lists."""
    return {("worry", worry.id): worry_value(worry) for worry in store.worries_not_gone(child_id)}


def all_worries_view(store: Store, child_id: str) -> View:
    """Every worry, gone ones too (each gone worry's own file is read)."""
    return {("worry", worry.id): worry_value(worry) for worry in store.worries(child_id)}


def rewards_view(store: Store, child_id: str) -> View:
    """Every record of the child's reward ledger, by id: its kind."""
    return {("reward", record.id): record.kind.value for record in store.reward_records(child_id)}


# The record each reward-chart write appends (R4: the ledger only grows).
REWARD_KINDS = {
    "star_give": RewardKind.STAR_GIVEN,
    "star_void": RewardKind.STAR_VOIDED,
    "target_add": RewardKind.TARGET_ADDED,
    "step_up": RewardKind.TARGET_STEPPED_UP,
    "reward_add": RewardKind.REWARD_ADDED,
    "redeem": RewardKind.REDEEMED,
    "reward_retire": RewardKind.REWARD_RETIRED,
}


# -- the writer ------------------------------------------------------------------------------


class Writer:
    def __init__(self, store: Store, clock: ManualClock) -> None:
        self.store = store
        self.clock = clock
        self.seq = 0
        self.out = sys.stdout

    def emit(self, word: str, kind: str, payload: dict[str, Any]) -> None:
        self.out.write(f"{word} {self.seq} {kind} {json.dumps(payload, separators=(',', ':'))}\n")
        self.out.flush()

    def scope(self, scopes: Iterable[str | date]) -> View:
        view: View = {}
        for scope in scopes:
            if scope == "household":
                view |= household_view(self.store)
            elif scope == "worries":
                view |= live_worries_view(self.store, self.mia)
            elif scope == "rewards":
                # By the folded chart's record ids: reading the whole ledger again after
                # each star would cost more than the write, hundreds of cycles in.
                view |= {("reward", ident): None for ident in self.store.reward_chart(self.mia).record_ids}
            else:
                view |= night_view(self.store, self.mia, scope)  # type: ignore[arg-type]
        return view

    def act(
        self,
        kind: str,
        at: datetime,
        write: Callable[[], View | None],
        *,
        scopes: Iterable[str | date],
        touch: Iterable[Key] = (),
        new: dict[str, int] | None = None,
    ) -> None:
        """One write as a pane makes it: announced, done, then acknowledged with what it changed."""
        scopes = list(scopes)
        self.clock.set(at)
        before = self.scope(scopes)
        self.seq += 1
        touch = [list(key) for key in touch]
        self.emit("begin", kind, {"touch": touch, "new": new or {}})
        extra = write() or {}
        after = self.scope(scopes) | extra
        if kind in REWARD_KINDS:  # the one new record: its kind
            after |= {key: REWARD_KINDS[kind].value for key in after.keys() - before.keys() if key[0] == "reward"}
        changed = [[list(key), value] for key, value in after.items() if before.get(key, _NONE) != value]
        removed = [list(key) for key in before if key not in after]
        # The writer's own check: a write changes only what it said it may.
        allowed = {tuple(key) for key in touch}
        news: dict[str, int] = {}
        for key, _ in changed:
            if tuple(key) not in allowed and tuple(key) not in before:
                news[key[0]] = news.get(key[0], 0) + 1
        stray = [key for key, _ in changed if tuple(key) in before and tuple(key) not in allowed]
        stray += [key for key in removed if tuple(key) not in allowed]
        stray += [family for family, count in news.items() if count > (new or {}).get(family, 0)]
        if stray:
            sys.exit(f"kill_writer: {kind} changed more than it announced: {stray}")
        self.emit("ack", kind, {"set": changed, "removed": removed})

    # -- setup, once ---------------------------------------------------------------------

    def setup(self) -> None:
        store = self.store
        start = local(BASE_NIGHT - timedelta(days=1), 17, 0)
        for name, born in ((CHILD, date(2021, 5, 1)), (SIBLING, date(2023, 3, 1))):
            if not any(child.name == name for child in store.children()):
                self.act(
                    "add_child", start, lambda: store.add_child(name, born) and None,
                    scopes=["household"], touch=[("setting", "current")], new=NEW_CHILD,
                )
        self.mia = next(child.id for child in store.children() if child.name == CHILD)
        self.leo = next(child.id for child in store.children() if child.name == SIBLING)
        if not any(person.name == CARER for person in store.caregivers()):
            self.act("add_caregiver", start, lambda: store.add_caregiver(CARER) and None, scopes=["household"], new={"caregiver": 1})
        if not store.reward_chart(self.mia).targets:
            self.act(
                "target_add", start, lambda: store.add_target(self.mia, FIRST_TARGET, start) and None,
                scopes=["rewards"], new={"reward": 1},
            )

    def household(self, cycle: int, night: date, made: dict[str, str], settings: ChildSettings, steps: tuple[str, ...]) -> None:
        store, mia = self.store, self.mia
        ev = lambda hour, minute: local(night, hour, minute)  # noqa: E731
        household = ["household"]
        self.act("add_caregiver", ev(16, 10), lambda: made.update(carer=store.add_caregiver(f"Carer {cycle}").id), scopes=household, new={"caregiver": 1})
        carer = ("caregiver", made["carer"])
        self.act("rename_caregiver", ev(16, 11), lambda: store.rename_caregiver(made["carer"], f"Carer {cycle} b") and None, scopes=household, touch=[carer])
        self.act("remove_caregiver", ev(16, 12), lambda: store.remove_caregiver(made["carer"]), scopes=household, touch=[carer])
        self.act("add_child", ev(16, 13), lambda: made.update(kid=store.add_child(f"Kid {cycle}", date(2020, 1, 1)).id), scopes=household, new=NEW_CHILD)
        self.act(
            "update_child", ev(16, 14), lambda: store.update_child(made["kid"], f"Kid {cycle} b", date(2020, 1, 2)) and None,
            scopes=household, touch=[("child", made["kid"])],
        )
        self.act("theme", ev(16, 15), lambda: store.set_theme_choice("night" if cycle % 2 else "day"), scopes=household, touch=[("setting", "theme")])
        self.act("sound", ev(16, 16), lambda: store.set_sound(cycle % 2 == 1), scopes=household, touch=[("setting", "sound")])
        self.act(
            "current_child", ev(16, 17), lambda: store.set_current_child(self.leo if cycle % 2 else mia),
            scopes=household, touch=[("setting", "current")],
        )
        self.act(
            "child_settings", ev(16, 18), lambda: store.set_child_settings(mia, settings, night) and None,
            scopes=household, touch=[("child_settings", mia)],
        )
        self.act("routine", ev(16, 20), lambda: store.set_routine(mia, steps, night) and None, scopes=household, new={"routine": 1})

    # -- one evening and the morning after -------------------------------------------------

    def cycle(self, cycle: int, sections: frozenset[str] = frozenset(SECTIONS)) -> None:
        """One evening and the morning after, in the order of the clock; only `sections`
        (every one by default). No section needs what another writes."""
        store, mia = self.store, self.mia
        worries, household, evening, quiet, bedtime_pass, rewards = (name in sections for name in SECTIONS)
        night = night_of_cycle(cycle)
        morning = night + timedelta(days=1)
        ev = lambda hour, minute: local(night, hour, minute)  # noqa: E731
        am = lambda hour, minute: local(morning, hour, minute)  # noqa: E731

        def worry_change(kind: str, at: datetime, change: Callable[[], Worry], worry_id: str | None) -> str:
            made: list[Worry] = []

            def write() -> View:
                made.append(change())
                return {("worry", made[0].id): worry_value(made[0])}

            touch = [("worry", worry_id)] if worry_id else []
            self.act(kind, at, write, scopes=["worries"], touch=touch, new=None if worry_id else {"worry": 1})
            return made[0].id

        def gone(at: datetime, worry_id: str) -> None:
            worry_change("worry_gone", at, lambda: store.review_worry(worry_id, WorryKind.GONE, at), worry_id)

        content = lambda text, *solutions: clean_worry(text, solutions=solutions, helper="guardian dragon")[0]  # noqa: E731
        if worries:
            # What a killed cycle left open goes away first: the box stays small.
            for worry in store.worries_not_gone(mia):
                gone(ev(15, 0), worry.id)
            worry_a = worry_change("worry_write", ev(16, 0), lambda: store.write_worry(mia, content(f"dark room {cycle}", "night light"), ev(16, 0)), None)
            worry_b = worry_change("worry_write", ev(16, 1), lambda: store.write_worry(mia, content(f"bad dream {cycle}"), ev(16, 1)), None)
            worry_change("worry_edit", ev(16, 5), lambda: store.edit_worry(worry_a, content(f"the dark room {cycle}", "night light"), ev(16, 5)), worry_a)

        made: dict[str, str] = {}
        settings = ChildSettings(wait_seconds=3 + cycle % 58, plan=PassPlan(passes=1, trip_minutes=5 + cycle % 3))
        steps = ("bath", "teeth", f"story {cycle}")
        if household:
            self.household(cycle, night, made, settings, steps)
        # The night's records: evening, quiet mode, the pass, the night log.
        def record(kind: str, at: datetime, event: EventKind, value: str = "", *, when: datetime | None = None, **extra: Any) -> str:
            written: list[NightEvent] = []
            self.act(
                kind, at, lambda: written.append(store.add_night_event(mia, event, when or at, value, **extra)),
                scopes=[night], new={"event": 1},
            )
            return written[0].id

        def undo(kind: str, at: datetime, event_id: str) -> None:
            event = next(e for e in store.night_events(mia, night) if e.id == event_id)
            self.act(kind, at, lambda: store.undo(event) and None, scopes=[night], touch=[("event", event_id)])

        if evening:
            record("bedtime_started", ev(18, 30), EventKind.BEDTIME_STARTED)
            record("step_check", ev(18, 31), EventKind.STEP_DONE, "bath")
            teeth = record("step_check", ev(18, 32), EventKind.STEP_DONE, "teeth")
            undo("step_undo", ev(18, 33), teeth)
            record("step_check", ev(18, 34), EventKind.STEP_DONE, "teeth")
            record("step_check", ev(18, 35), EventKind.STEP_DONE, steps[-1])
            for minute, (kind, answer) in enumerate(
                ((EventKind.MOVED, "yes"), (EventKind.FED, "yes"), (EventKind.DRY, "no"), (EventKind.SAFE, "yes")), start=36
            ):
                record("readiness", ev(18, minute), kind, answer)
            record("screens_off", ev(18, 40), EventKind.SCREENS_OFF, when=ev(17, 30))
            record("bedtime_by", ev(18, 41), EventKind.BEDTIME_BY, CARER)
            record("handover", ev(18, 42), EventKind.HANDOVER, f"story {cycle} read twice")
        if quiet:
            wait = settings.wait_seconds
            said = record("quiet_said", ev(18, 45), EventKind.QUIET_SAID, "teeth now", seconds=wait)
            record("quiet_repeated", ev(18, 46), EventKind.QUIET_REPEATED, ref=said)
            record("quiet_done", ev(18, 47), EventKind.QUIET_DONE, ref=said)
            said = record("quiet_said", ev(18, 48), EventKind.QUIET_SAID, "pyjamas on", seconds=wait)
            record("quiet_moved_on", ev(18, 49), EventKind.QUIET_MOVED_ON, ref=said)
            said = record("quiet_said", ev(18, 50), EventKind.QUIET_SAID, "into bed", seconds=wait)
            interrupted = record("quiet_interrupted", ev(18, 51), EventKind.QUIET_INTERRUPTED, ref=said)
            undo("quiet_undo", ev(18, 52), interrupted)
        if worries:
            open_now = [("worry", worry.id) for worry in store.worries_not_gone(mia)]
            self.act("worries_to_bed", ev(19, 0), lambda: store.put_worries_to_bed(mia, ev(19, 0)) and None, scopes=["worries"], touch=open_now)
        if evening:
            record("night_log", ev(19, 30), EventKind.LIGHTS_OUT)
        if bedtime_pass:
            used = record("pass_used", ev(19, 40), EventKind.PASS_USED, "a drink of water", seconds=settings.plan.trip_minutes * 60)
            record("pass_back", ev(19, 44), EventKind.PASS_BACK, ref=used)
        if evening:
            for at, kind in (
                (ev(20, 0), EventKind.CALLED_OUT), (ev(20, 5), EventKind.GOT_UP), (ev(20, 6), EventKind.BACK_IN_BED),
                (ev(20, 30), EventKind.FELL_ASLEEP), (am(2, 0), EventKind.WOKE), (am(2, 5), EventKind.PARENTS_BED),
            ):
                record("night_log", at, kind)
            record("health_flag", am(3, 0), EventKind.VOMITED)

        # The morning: the worry box, then the reward chart.
        if worries:
            worry_change("worry_kept", am(7, 0), lambda: store.review_worry(worry_a, WorryKind.KEPT, am(7, 0)), worry_a)
            worry_change(
                "worry_solutions", am(7, 1),
                lambda: store.edit_worry(worry_a, content(f"the dark room {cycle}", "night light", "door open"), am(7, 1)), worry_a,
            )
            gone(am(7, 2), worry_b)
            gone(am(7, 3), worry_a)
        if rewards:
            self.rewards(cycle, night, made)

    def rewards(self, cycle: int, night: date, made: dict[str, str]) -> None:
        store, mia = self.store, self.mia
        am = lambda hour, minute: local(night + timedelta(days=1), hour, minute)  # noqa: E731
        rewards, one = ["rewards"], {"reward": 1}
        stars: list[str] = []
        self.act("star_give", am(7, 5), lambda: stars.append(store.give_star(mia, night, am(7, 5)).id), scopes=rewards, new=one)
        self.act("star_void", am(7, 6), lambda: store.void_star(mia, stars[0], am(7, 6)) and None, scopes=rewards, new=one)
        self.act("star_give", am(7, 7), lambda: store.give_star(mia, night, am(7, 7)) and None, scopes=rewards, new=one)
        target = f"stayed in my room after story {cycle}"
        self.act("target_add", am(7, 8), lambda: made.update(target=store.add_target(mia, target, am(7, 8)).id), scopes=rewards, new=one)
        self.act("step_up", am(7, 9), lambda: store.step_up(mia, made["target"], am(7, 9)) and None, scopes=rewards, new=one)
        reward = f"Sticker {cycle}"
        self.act("reward_add", am(7, 10), lambda: made.update(reward=store.add_reward(mia, reward, 1, am(7, 10)).id), scopes=rewards, new=one)
        self.act("redeem", am(7, 30), lambda: store.redeem(mia, made["reward"], am(7, 30), CHILD) and None, scopes=rewards, new=one)
        self.act("reward_retire", am(7, 31), lambda: store.retire_reward(mia, made["reward"], am(7, 31)) and None, scopes=rewards, new=one)


_NONE = object()


def main(data_dir: Path, first_cycle: int, sections: frozenset[str] = frozenset(SECTIONS)) -> None:
    clock = ManualClock(local(BASE_NIGHT, 12, 0))
    store = Store.open(data_dir, clock)
    if store.read_only:
        sys.exit("kill_writer: the household is locked by another writer")
    writer = Writer(store, clock)
    writer.setup()
    cycle = first_cycle
    while True:
        writer.emit("cycle", str(cycle), {})
        writer.cycle(cycle, sections)
        cycle += 1


def serve() -> None:
    """Start writers without paying for the interpreter and the imports each time. For each
    request read, a JSON line {"data_dir": ..., "cycle": N, "sections": [...]}, fork a writer
    (its first line: "pid <pid>"), wait until it has died (killed), then print "exit <pid>
    <code>". The writer is a process of its own, killed as any process is; only its start is
    quicker."""
    for request in sys.stdin:
        asked = json.loads(request)
        pid = os.fork()
        if pid == 0:  # the writer
            try:
                sys.stdout.write(f"pid {os.getpid()}\n")
                sys.stdout.flush()
                main(Path(asked["data_dir"]), asked["cycle"], frozenset(asked["sections"]))
            except SystemExit as stop:
                sys.stderr.write(f"{stop.code}\n")
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(f"exit {pid} {os.waitstatus_to_exitcode(status)}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        main(Path(sys.argv[1]), int(sys.argv[2]), frozenset(sys.argv[3].split(",")) if sys.argv[3:] else frozenset(SECTIONS))
