"""A night at a glance, computed from its logged events (rules M2, E5): `summarize_night`
for the night log alone (used by `companion recap`), `recap_night` for everything the morning
recap shows of one child's night.

Missing data stays missing (None), never zero: "not recorded" and "none" are different
things to a parent reading the morning recap.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from companion.domain.bedtime_pass import PassNight, pass_night
from companion.domain.child_settings import NightPhase
from companion.domain.evening import SCREENS_OFF_ENOUGH, evening_from
from companion.domain.night import describe_duration, elapsed
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.quiet import QuietUse, quiet_uses
from companion.domain.routine import RoutineVersion


class NightSummary(NamedTuple):
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


# -- last night at a glance (M2) -----------------------------------------------------------
#
# `recap_night` folds one child's night into every figure the morning recap shows. It reuses
# the folds the evening already has (summarize_night, evening_from, pass_night, quiet_uses)
# rather than counting again, and it reads no clock: a past night has everything it needs.
#
# What "not recorded" means here (None, never zero):
# - nothing at all logged for the night: every figure is None;
# - nothing logged after goodnight (no lights out, call-out, get-up, sleep, waking, parents'
#   bed, health flag, and no pass used): the night-log counts are None, because a parent who
#   logged the routine and then stopped has not told us "no get-ups";
# - the routine's length only once every step was done (a routine that stopped halfway has no
#   honest length); screens off before bed only when both screens off and lights out are known;
# - say-it-once figures only on nights quiet mode was used;
# - get-ups and call-outs after the pass only when a pass was used.


class StarOffer(NamedTuple):
    """The reward chart's word on the night (R3), decided by the caller: the night earned a star,
    with the praise to say as it is given; `given` once it is on the chart."""

    praise: str
    given: bool = False


class BeforeAfter(NamedTuple):
    """A count split at the (last) pass of the night (P2); `after` is None when no pass was used."""

    before: int
    after: int | None

    @property
    def total(self) -> int:
        return self.before + (self.after or 0)


class PassUse(NamedTuple):
    at: datetime
    reason: str
    back: datetime | None  # back in the room; None when not recorded


class QuietRecap(NamedTuple):
    """Say it once (Q1, Q2) over the night: only on nights quiet mode was used."""

    instructions: int
    said_once: int  # instructions with no repeat
    repeated: int  # instructions repeated at least once
    repeats: int  # every "I repeated it" press
    done: int
    moved_on: int
    times_to_comply: tuple[timedelta, ...]  # said -> done, for each one done, in the order said

    @property
    def time_to_comply(self) -> timedelta | None:
        """The median time to comply; None when nothing was marked done."""
        return median_span(self.times_to_comply)


class NightRecap(NamedTuple):
    night: date
    summary: NightSummary  # as summarize_night makes it, from the records still standing
    phase: str  # of the pass plan that night: "before", "baseline" or "pass" (P5)
    logged: bool  # anything at all recorded for the night
    # The routine (E1).
    steps: tuple[str, ...]  # the routine that night, in order
    steps_done: tuple[str, ...]  # in the routine's order
    bedtime_started: datetime | None
    routine_length: timedelta | None  # start to the last step, once every step was done
    # Readiness (E3).
    screens_off: datetime | None
    screens_before_bed: timedelta | None  # screens off to lights out
    moved: bool | None
    fed: bool | None
    dry: bool | None
    safe: bool | None
    # After goodnight (E4).
    lights_out: datetime | None
    fell_asleep: datetime | None
    time_to_sleep: timedelta | None
    time_to_quiet: timedelta | None  # lights out to the last call-out before sleep (0: none)
    got_up: BeforeAfter | None
    called_out: BeforeAfter | None
    woke: int | None
    parents_bed: int | None
    health_flags: tuple[EventKind, ...]
    # The bedtime pass (P1–P3).
    passes_allowed: int
    passes: tuple[PassUse, ...]
    stayed_in: bool | None  # after the last pass: no get-up, no parents' bed; None without a pass
    # Say it once (Q1, Q2).
    quiet: QuietRecap | None
    # Worries (W2) and the star (R3), as the caller knows them.
    worries_waiting: int
    star: StarOffer | None

    @property
    def night_logged(self) -> bool:
        """Something was logged after goodnight, so the night-log counts mean something."""
        return self.got_up is not None

    @property
    def routine_done(self) -> bool | None:
        """Every step done; None when the routine wasn't recorded at all."""
        if not self.steps or (self.bedtime_started is None and not self.steps_done):
            return None
        return len(self.steps_done) == len(self.steps)

    @property
    def screens_too_late(self) -> bool | None:
        if self.screens_before_bed is None:
            return None
        return self.screens_before_bed < SCREENS_OFF_ENOUGH

    @property
    def needs_met(self) -> bool | None:
        """Fed, dry and safe all yes: True; any of them no: False; otherwise not recorded."""
        answers = (self.fed, self.dry, self.safe)
        if any(answer is False for answer in answers):
            return False
        return True if all(answer is True for answer in answers) else None

    @property
    def star_to_give(self) -> StarOffer | None:
        """The star to award now with its praise: earned and not yet on the chart."""
        return self.star if self.star is not None and not self.star.given else None

    @property
    def given_star(self) -> StarOffer | None:
        """The star already on the chart for this night, with its praise."""
        return self.star if self.star is not None and self.star.given else None

    @property
    def health_line(self) -> str | None:
        """One calm line when a health flag was logged (M2)."""
        if not self.health_flags:
            return None
        flags = ", ".join(flag.label for flag in self.health_flags)
        return f"Logged in the night: {flags}. Worth a calm check with the pediatrician."


def recap_night(
    night: date,
    events: list[NightEvent],
    routine: RoutineVersion | None,
    phase: NightPhase,
    *,
    worries_waiting: int,
    star: StarOffer | None,
) -> NightRecap:
    """Everything the morning recap shows for one child's night (M2). `events` are the night's
    records (undone ones are skipped); `routine` the version in force that night (None before
    any); `phase` the night's place in the pass plan, as stored with the night."""
    live = [event for event in events if event.undone is None]
    summary = summarize_night(night, live)
    evening = evening_from(night, routine or RoutineVersion("", "", night, ()), live)
    passes = pass_night(live, phase.passes)
    uses = quiet_uses(live)
    night_logged = bool(evening.log) or bool(passes.used)
    lights_out = summary.lights_out
    steps_done = tuple(step for step in evening.routine.steps if step in evening.done)
    routine_length = None
    if routine is not None and evening.all_done and evening.done:
        last_step = max(evening.done.values(), key=lambda at: at.timestamp())
        routine_length = evening.routine_length(last_step)
    screens_gap = evening.screens_before_bed(lights_out) if lights_out is not None else None
    return NightRecap(
        night=night,
        summary=summary,
        phase=phase.phase,
        logged=bool(live),
        steps=evening.routine.steps,
        steps_done=steps_done,
        bedtime_started=evening.started,
        routine_length=routine_length,
        screens_off=evening.screens_off,
        screens_before_bed=screens_gap,
        moved=evening.readiness.get(EventKind.MOVED),
        fed=evening.readiness.get(EventKind.FED),
        dry=evening.readiness.get(EventKind.DRY),
        safe=evening.readiness.get(EventKind.SAFE),
        lights_out=lights_out,
        fell_asleep=summary.fell_asleep,
        time_to_sleep=summary.time_to_sleep,
        time_to_quiet=_time_to_quiet(summary, evening.log),
        got_up=_split(passes, EventKind.GOT_UP) if night_logged else None,
        called_out=_split(passes, EventKind.CALLED_OUT) if night_logged else None,
        woke=summary.woke if night_logged else None,
        parents_bed=summary.parents_bed if night_logged else None,
        health_flags=summary.health_flags,
        passes_allowed=passes.allowed,
        passes=tuple(
            PassUse(use.at, use.value, passes.backs[use.id].at if use.id in passes.backs else None) for use in passes.used
        ),
        stayed_in=passes.stayed_in() if passes.used else None,
        quiet=_quiet(uses) if uses else None,
        worries_waiting=worries_waiting,
        star=star,
    )


def median_span(spans: tuple[timedelta, ...] | list[timedelta]) -> timedelta | None:
    if not spans:
        return None
    ordered = sorted(spans)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _time_to_quiet(summary: NightSummary, log: tuple[NightEvent, ...]) -> timedelta | None:
    """Lights out to the last call-out of settling, which ends at sleep onset or the first
    waking (a call-out at 3 a.m. is a waking, not settling). No call-out: quiet from lights out."""
    lights_out = summary.lights_out
    if lights_out is None:
        return None
    start = lights_out.timestamp()
    ends = [summary.fell_asleep.timestamp()] if summary.fell_asleep is not None else []
    ends += [e.at.timestamp() for e in log if e.kind is EventKind.WOKE and e.at.timestamp() >= start][:1]
    end = min(ends, default=None)
    calls = [
        e.at for e in log
        if e.kind is EventKind.CALLED_OUT and e.at.timestamp() >= start and (end is None or e.at.timestamp() <= end)
    ]
    if not calls:
        return timedelta(0)
    return elapsed(lights_out, max(calls, key=lambda at: at.timestamp()))


def _split(passes: PassNight, kind: EventKind) -> BeforeAfter:
    return BeforeAfter(passes.before[kind], passes.after[kind] if passes.used else None)


def _quiet(uses: list[QuietUse]) -> QuietRecap:
    return QuietRecap(
        instructions=len(uses),
        said_once=sum(1 for use in uses if not use.repeats),
        repeated=sum(1 for use in uses if use.repeats),
        repeats=sum(len(use.repeats) for use in uses),
        done=sum(1 for use in uses if use.outcome is not None and use.outcome.kind is EventKind.QUIET_DONE),
        moved_on=sum(1 for use in uses if use.outcome is not None and use.outcome.kind is EventKind.QUIET_MOVED_ON),
        times_to_comply=tuple(
            use.time_to_outcome()  # type: ignore[misc]
            for use in uses
            if use.outcome is not None and use.outcome.kind is EventKind.QUIET_DONE
        ),
    )


# -- the glance as plain text ---------------------------------------------------------------

NOT_RECORDED = "not recorded"


def glance_rows(recap: NightRecap) -> tuple[tuple[str, str], ...]:
    """Last night as (label, text) rows, "not recorded" where nothing was: plain text for the
    recap pane and the text recap. Rows that don't apply (the pass before the plan, a star not
    earned, health with no flag) are left out. Step names and the pass's reason are the
    parent's own words: render them as plain text, not markup."""
    return night_rows(recap) + morning_rows(recap)


def night_rows(recap: NightRecap) -> tuple[tuple[str, str], ...]:
    """The glance's rows about the night itself, from the routine to the worries waiting."""
    rows: list[tuple[str, str]] = [
        ("Routine", _routine_text(recap)),
        ("Screens off", _screens_text(recap)),
        ("Moved today", _yes_no(recap.moved)),
        ("Fed · dry · safe", _needs_text(recap)),
        ("Lights out", _clock(recap.lights_out)),
        ("Fell asleep", _asleep_text(recap)),
        ("Time to quiet", _quiet_time_text(recap.time_to_quiet)),
        ("Got up", _split_text(recap.got_up)),
        ("Called out", _split_text(recap.called_out)),
        ("Woke", _count_text(recap.woke)),
        ("Parents' bed", _count_text(recap.parents_bed)),
    ]
    if recap.phase != "before":
        rows.append(("Pass", _pass_text(recap)))
    rows.append(("Said once", _said_once_text(recap.quiet)))
    rows.append(("Worries", f"{recap.worries_waiting} waiting in the box" if recap.worries_waiting else "none waiting"))
    return tuple(rows)


def morning_rows(recap: NightRecap) -> tuple[tuple[str, str], ...]:
    """The glance's last rows, what the morning does about the night: the star to give (or
    given) with its praise, and a health flag's calm line."""
    rows: list[tuple[str, str]] = []
    if recap.star is not None:
        rows.append(("Star", f"given: {recap.star.praise}" if recap.star.given else f"give it now: {recap.star.praise}"))
    if recap.health_line is not None:
        rows.append(("Health", recap.health_line))
    return tuple(rows)


def _clock(instant: datetime | None) -> str:
    return f"{instant:%H:%M}" if instant is not None else NOT_RECORDED


def _yes_no(answer: bool | None) -> str:
    return NOT_RECORDED if answer is None else ("yes" if answer else "no")


def _needs_text(recap: NightRecap) -> str:
    answers = (recap.fed, recap.dry, recap.safe)
    if all(answer is None for answer in answers):
        return NOT_RECORDED
    return " · ".join(_yes_no(answer) for answer in answers)


def _count_text(count: int | None) -> str:
    return NOT_RECORDED if count is None else str(count)


def _routine_text(recap: NightRecap) -> str:
    if recap.routine_done is None:
        return NOT_RECORDED
    text = f"{len(recap.steps_done)} of {len(recap.steps)} steps"
    return f"{text} in {describe_duration(recap.routine_length)}" if recap.routine_length else text


def _screens_text(recap: NightRecap) -> str:
    if recap.screens_off is None:
        return NOT_RECORDED
    if recap.screens_before_bed is None:
        return f"at {recap.screens_off:%H:%M}"
    late = " (under 2 h)" if recap.screens_too_late else ""
    return f"{describe_duration(recap.screens_before_bed)} before lights out{late}"


def _asleep_text(recap: NightRecap) -> str:
    if recap.fell_asleep is None:
        return NOT_RECORDED
    if recap.time_to_sleep is None:
        return _clock(recap.fell_asleep)
    return f"{recap.fell_asleep:%H:%M}, {describe_duration(recap.time_to_sleep)} after lights out"


def _quiet_time_text(span: timedelta | None) -> str:
    if span is None:
        return NOT_RECORDED
    return "quiet from lights out" if not span else f"{describe_duration(span)} after lights out"


def _split_text(split: BeforeAfter | None) -> str:
    if split is None:
        return NOT_RECORDED
    if split.after is None:
        return str(split.before)
    return f"{split.total} ({split.before} before the pass, {split.after} after)"


def _pass_text(recap: NightRecap) -> str:
    if recap.passes_allowed == 0 and not recap.passes:
        return "none (a baseline night: log only)" if recap.phase == "baseline" else "none allowed"
    if not recap.passes:
        return "not used" if recap.night_logged else NOT_RECORDED
    used = ", ".join(f"{use.at:%H:%M} for {use.reason}" for use in recap.passes)
    after = "stayed in after it" if recap.stayed_in else "came out after it"
    return f"used {used} · {after}"


def _said_once_text(quiet: QuietRecap | None) -> str:
    if quiet is None:
        return "not used"
    text = f"{quiet.said_once} of {quiet.instructions} said once"
    if quiet.repeats:
        text += f" · {quiet.repeats} repeat{'s' * (quiet.repeats != 1)}"
    comply = quiet.time_to_comply
    if comply is not None:
        text += f" · {describe_duration(comply)} to comply (median)"
    return text
