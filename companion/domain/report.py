"""The figures of the Markdown report for a pediatrician or sleep coach (rule M5): the rows of
its trend tables, what a range of nights adds up to, and the few nights worth a look.

Pure: one child's recaps in (`NightRecap`, one per night, nights with nothing recorded may be
left out), figures out; no store, no clock. What "not recorded" means is the recap's
(companion/domain/recap.py): a figure with no nights behind it is None, never zero.
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Generic, NamedTuple, TypeVar

from companion.domain.night import describe_duration
from companion.domain.recap import NightRecap, median_span

WEEKS_AT_MOST = 12  # a range of up to 12 weeks gets a trend row per week; a longer one, per month
FEW = 3  # notable nights of each kind
_MINUTE = timedelta(minutes=1)

T = TypeVar("T")


class Period(NamedTuple):
    """One row of a trend table: the nights from `first` to `last`, both kept."""

    first: date
    last: date

    @property
    def nights(self) -> tuple[date, ...]:
        return tuple(self.first + timedelta(days=day) for day in range((self.last - self.first).days + 1))


def by_week(first: date, last: date) -> bool:
    """Weeks read well up to three months; a longer range gets months, so a year takes 12 or 13 rows."""
    return (last - first).days + 1 <= WEEKS_AT_MOST * 7


def periods(first: date, last: date) -> tuple[Period, ...]:
    """The rows of the trend tables, oldest first: calendar weeks (Monday to Sunday) or calendar
    months, so rows line up with a diary; the first and last are cut to the range."""
    rows = []
    start = first
    while start <= last:
        if by_week(first, last):
            end = start + timedelta(days=min(6 - start.weekday(), (last - start).days))
        else:  # the month's last day, not "the next month's first, less one": 9999-12 has no next
            end = min(date(start.year, start.month, monthrange(start.year, start.month)[1]), last)
        rows.append(Period(start, end))
        if end == last:  # and 9999-12-31 has no day after it
            break
        start = end + timedelta(days=1)
    return tuple(rows)


class Run(NamedTuple, Generic[T]):
    """Consecutive recorded nights that share `value`: a phase of the pass plan (P5), a routine (E2)."""

    value: T
    first: date
    last: date


class RangeSummary(NamedTuple):
    """One child over the report's range. Counts "a night" over the nights that recorded them:
    get-ups, call-outs and the parents' bed over the nights with a night log (`after_goodnight`),
    repeats over the nights quiet mode was used."""

    logged: int  # nights with anything recorded
    after_goodnight: int  # nights with something logged after goodnight
    time_to_sleep: timedelta | None  # the median
    time_to_sleep_nights: int
    time_to_quiet: timedelta | None  # the median
    time_to_quiet_nights: int
    get_ups: int
    call_outs: int
    parents_bed: int  # nights
    quiet_nights: int
    instructions: int
    said_once: int
    repeats: int
    routine_nights: int  # nights the routine was recorded
    routine_done: int  # of them, every step done
    pass_nights: int  # nights the pass was allowed and the night log kept
    pass_used: int
    stayed_in: int  # nights the child stayed in after the pass
    pass_reasons: tuple[tuple[str, int], ...]  # each reason given for the pass and how often, most often first
    phases: tuple[Run[str], ...]  # "before", "baseline" or "pass"
    routines: tuple[Run[tuple[str, ...]], ...]  # the steps

    @property
    def get_ups_a_night(self) -> float | None:
        return self.get_ups / self.after_goodnight if self.after_goodnight else None

    @property
    def call_outs_a_night(self) -> float | None:
        return self.call_outs / self.after_goodnight if self.after_goodnight else None

    @property
    def repeats_a_night(self) -> float | None:
        return self.repeats / self.quiet_nights if self.quiet_nights else None


def summarize_range(recaps: Iterable[NightRecap]) -> RangeSummary:
    ordered = sorted(recaps, key=lambda recap: recap.night)
    logged = [recap for recap in ordered if recap.logged]
    night_log = [recap for recap in logged if recap.night_logged]
    to_sleep = [recap.time_to_sleep for recap in logged if recap.time_to_sleep is not None]
    to_quiet = [recap.time_to_quiet for recap in logged if recap.time_to_quiet is not None]
    quiet = [recap.quiet for recap in logged if recap.quiet is not None]
    routine = [recap.routine_done for recap in logged if recap.routine_done is not None]
    pass_nights = [recap for recap in night_log if recap.phase == "pass" and recap.passes_allowed]
    return RangeSummary(
        logged=len(logged),
        after_goodnight=len(night_log),
        time_to_sleep=median_span(to_sleep),
        time_to_sleep_nights=len(to_sleep),
        time_to_quiet=median_span(to_quiet),
        time_to_quiet_nights=len(to_quiet),
        get_ups=sum(recap.got_up.total for recap in night_log if recap.got_up is not None),
        call_outs=sum(recap.called_out.total for recap in night_log if recap.called_out is not None),
        parents_bed=sum(1 for recap in night_log if recap.parents_bed),
        quiet_nights=len(quiet),
        instructions=sum(night.instructions for night in quiet),
        said_once=sum(night.said_once for night in quiet),
        repeats=sum(night.repeats for night in quiet),
        routine_nights=len(routine),
        routine_done=sum(routine),
        pass_nights=len(pass_nights),
        pass_used=sum(1 for recap in pass_nights if recap.passes),
        stayed_in=sum(1 for recap in pass_nights if recap.stayed_in),
        pass_reasons=tuple(Counter(use.reason for recap in logged for use in recap.passes).most_common()),
        phases=_runs(logged, lambda recap: recap.phase),
        routines=_runs(logged, lambda recap: recap.steps),
    )


def _runs(recaps: Sequence[NightRecap], value: Callable[[NightRecap], T]) -> tuple[Run[T], ...]:
    runs: list[Run[T]] = []
    for recap in recaps:
        if runs and runs[-1].value == value(recap):
            runs[-1] = Run(runs[-1].value, runs[-1].first, recap.night)
        else:
            runs.append(Run(value(recap), recap.night, recap.night))
    return tuple(runs)


# -- notable nights ---------------------------------------------------------------------------


class Notable(NamedTuple):
    night: date
    reasons: tuple[str, ...]  # why, in words


def notable_nights(recaps: Iterable[NightRecap], few: int = FEW) -> tuple[Notable, ...]:
    """A few nights worth a look, in night order, each with why: the latest nights with a
    health flag, the longest to fall asleep, the most get-ups (`few` of each; on a tie the
    later night, the one a parent remembers). A night with none of them is never chosen."""
    recaps = sorted(recaps, key=lambda recap: recap.night, reverse=True)  # latest first: ties go to it
    reasons: dict[date, list[str]] = {}

    def note(recap: NightRecap, reason: str) -> None:
        reasons.setdefault(recap.night, []).append(reason)

    for recap in [recap for recap in recaps if recap.health_flags][:few]:
        note(recap, "health flag: " + ", ".join(flag.label for flag in recap.health_flags))
    slow = sorted(((r.time_to_sleep, r) for r in recaps if r.time_to_sleep), key=lambda pair: pair[0], reverse=True)
    for span, recap in slow[:few]:
        longest = span // _MINUTE == slow[0][0] // _MINUTE  # as shown: to the minute
        rank = "no night in the range took longer" if longest else "among the longest in the range"
        note(recap, f"{describe_duration(span)} to fall asleep ({rank})")
    busy = sorted(((r.got_up.total, r) for r in recaps if r.got_up and r.got_up.total), key=lambda pair: pair[0], reverse=True)
    for total, recap in busy[:few]:
        rank = "no night in the range had more" if total == busy[0][0] else "among the most in the range"
        note(recap, f"{total} get-up{'s' * (total != 1)} ({rank})")
    return tuple(Notable(night, tuple(why)) for night, why in sorted(reasons.items()))
