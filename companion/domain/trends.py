"""Trends over 7 / 14 / 30 nights (rule M4), the week-over-week change said honestly, the
baseline against the pass phase (P5), and sparklines as plain text.

Each measure gives one value per night, or None when the night didn't record it (a night not
logged is a gap in the sparkline, never a zero):

- TIME_TO_SLEEP, TIME_TO_QUIET: minutes (lights out to sleep; lights out to the last call-out).
- GET_UPS, REPEATS: a count per night (repeats only on nights quiet mode was used).
- PARENTS_BED, STARS, ROUTINE_CONSISTENCY: 1 or 0, so the mean is a share of nights: a night
  in the parents' bed at all; a night that earned a star (as the caller passed it); a night
  whose routine was consistent.

Routine consistency (the under-fives survey tied consistent routines to shorter sleep onset):
a night counts as consistent when every step of its routine was done and bedtime started within
30 min of the usual start. The usual start is the median local start time of the nights that
recorded one among the 30 nights ending with that night (the night itself included): a rolling
"usual" that means the same night scores the same in every window, and a family that moved
bedtime on purpose is judged against its new time within a few weeks. Start times are read on
the local wall clock (bedtime follows the clock, also across a clock change) and measured from
noon, so a start after midnight is later, not earlier. Nights with no routine recorded: None.

Honesty of a change (week over week, or baseline against pass): each side needs at least 3
nights with data, else "too few nights logged". A change is named only when it is larger than
the noise: the larger of a practical floor (5 min; half a get-up or repeat a night; 15% of
nights, about one night in seven) and twice the standard error of the difference of the two
means (the nights' own spread). Otherwise it is "about the same". The words are directional
("faster", "fewer"), never "improved", and the numbers in them are floored, never overstated.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from companion.domain.night import describe_duration
from companion.domain.recap import NightRecap

WINDOWS = (7, 14, 30)
WEEK = 7
FEWEST_NIGHTS = 3  # nights with data on each side of a comparison
USUAL_NIGHTS = 30  # nights whose median start is "the usual time"
ON_TIME = timedelta(minutes=30)
BLOCKS = " ▁▂▃▄▅▆▇█"  # BLOCKS[0] is the gap (not recorded); 1..8 are the bars


class Measure(StrEnum):
    TIME_TO_SLEEP = "time_to_sleep"
    TIME_TO_QUIET = "time_to_quiet"
    GET_UPS = "get_ups"
    PARENTS_BED = "parents_bed"
    REPEATS = "repeats"
    STARS = "stars"
    ROUTINE_CONSISTENCY = "routine_consistency"


class Scale(StrEnum):
    MINUTES = "minutes"
    PER_NIGHT = "per night"
    SHARE = "share of nights"


class MeasureInfo(NamedTuple):
    label: str
    scale: Scale
    floor: float  # the smallest change worth naming, in the measure's unit
    fall: str  # words for a lower value ({n}: the amount, when the scale has one)
    rise: str


MEASURES = {
    Measure.TIME_TO_SLEEP: MeasureInfo(
        "time to fall asleep", Scale.MINUTES, 5, "{n} min faster to fall asleep", "{n} min slower to fall asleep"
    ),
    Measure.TIME_TO_QUIET: MeasureInfo("time to quiet", Scale.MINUTES, 5, "quiet {n} min sooner", "quiet {n} min later"),
    Measure.GET_UPS: MeasureInfo("get-ups", Scale.PER_NIGHT, 0.5, "{n} fewer get-ups a night", "{n} more get-ups a night"),
    Measure.PARENTS_BED: MeasureInfo(
        "nights in the parents' bed", Scale.SHARE, 0.15, "fewer nights in the parents' bed", "more nights in the parents' bed"
    ),
    Measure.REPEATS: MeasureInfo("repeats", Scale.PER_NIGHT, 0.5, "{n} fewer repeats a night", "{n} more repeats a night"),
    Measure.STARS: MeasureInfo("nights with a star", Scale.SHARE, 0.15, "fewer nights with a star", "more nights with a star"),
    Measure.ROUTINE_CONSISTENCY: MeasureInfo(
        "routine consistency",
        Scale.SHARE,
        0.15,
        "fewer nights with the usual routine",
        "more nights with the usual routine",
    ),
}


class Stats(NamedTuple):
    count: int  # nights with data
    mean: float | None
    spread: float | None  # sample standard deviation; None under 2 nights

    @property
    def hits(self) -> int:
        """For a share: the nights it was true on."""
        return round((self.mean or 0) * self.count)


class Comparison(NamedTuple):
    """`later` against `earlier`: this week against the week before, or the pass phase
    against the baseline."""

    measure: Measure
    earlier: Stats
    later: Stats

    @property
    def enough(self) -> bool:
        return self.earlier.count >= FEWEST_NIGHTS and self.later.count >= FEWEST_NIGHTS

    @property
    def difference(self) -> float | None:
        """later - earlier, in the measure's unit; None when either side has no data."""
        if self.earlier.mean is None or self.later.mean is None:
            return None
        return self.later.mean - self.earlier.mean

    @property
    def noise(self) -> float | None:
        """The largest difference still called "about the same"."""
        if not self.enough:
            return None
        error = math.sqrt(
            (self.earlier.spread or 0) ** 2 / self.earlier.count + (self.later.spread or 0) ** 2 / self.later.count
        )
        return max(MEASURES[self.measure].floor, 2 * error)

    @property
    def verdict(self) -> str:
        """"too few", "same", "lower" or "higher"."""
        noise, difference = self.noise, self.difference
        if noise is None or difference is None:
            return "too few"
        if abs(difference) <= noise:
            return "same"
        return "lower" if difference < 0 else "higher"


class Trend(NamedTuple):
    measure: Measure
    nights: tuple[date, ...]  # the window, oldest first, one per calendar night
    values: tuple[float | None, ...]  # None: not recorded that night
    stats: Stats  # over the window's nights with data
    week_over_week: Comparison  # the 7 nights ending with the window's last against the 7 before

    @property
    def mean(self) -> float | None:
        return self.stats.mean

    @property
    def count(self) -> int:
        return self.stats.count

    def sparkline(self, gap: str = BLOCKS[0]) -> str:
        return sparkline(self.values, gap=gap, low=0)


class PhaseComparison(NamedTuple):
    """The baseline week (log only) against the pass phase (P5), measure by measure."""

    baseline_nights: int
    pass_nights: int
    comparisons: tuple[Comparison, ...]  # earlier: baseline, later: pass

    def of(self, measure: Measure) -> Comparison:
        return next(c for c in self.comparisons if c.measure is measure)


# -- values -----------------------------------------------------------------------------------


def night_values(recaps: Iterable[NightRecap], measure: Measure) -> dict[date, float | None]:
    """Each night's value of `measure` (one recap per night: a later one for the same night
    replaces an earlier one)."""
    by_night = _by_night(recaps)
    if measure is Measure.ROUTINE_CONSISTENCY:
        return _consistency(by_night)
    return {night: _value(recap, measure) for night, recap in by_night.items()}


def _value(recap: NightRecap, measure: Measure) -> float | None:
    if measure is Measure.TIME_TO_SLEEP:
        return _minutes(recap.time_to_sleep)
    if measure is Measure.TIME_TO_QUIET:
        return _minutes(recap.time_to_quiet)
    if measure is Measure.GET_UPS:
        return float(recap.got_up.total) if recap.got_up is not None else None
    if measure is Measure.PARENTS_BED:
        return None if recap.parents_bed is None else float(recap.parents_bed > 0)
    if measure is Measure.REPEATS:
        return float(recap.quiet.repeats) if recap.quiet is not None else None
    if measure is Measure.STARS:
        if recap.star is not None:
            return 1.0
        return 0.0 if recap.logged else None
    raise ValueError(f"no per-night value for {measure}")


def _minutes(span: timedelta | None) -> float | None:
    return span.total_seconds() / 60 if span is not None else None


def start_minutes(instant: datetime) -> int:
    """Minutes after noon on the local wall clock of `instant` (19:30 -> 450, 00:30 -> 750)."""
    return ((instant.hour - 12) % 24) * 60 + instant.minute


def usual_start(recaps: Iterable[NightRecap], night: date) -> float | None:
    """The median start (minutes after noon) of the nights among the 30 ending with `night`
    that recorded one."""
    first = night - timedelta(days=USUAL_NIGHTS - 1)
    starts = [
        start_minutes(recap.bedtime_started)
        for recap in recaps
        if first <= recap.night <= night and recap.bedtime_started is not None
    ]
    return _median(starts) if starts else None


def _consistency(recaps: dict[date, NightRecap]) -> dict[date, float | None]:
    started = [(night, start_minutes(r.bedtime_started)) for night, r in recaps.items() if r.bedtime_started is not None]
    nights = [night for night, _ in started]  # in order: `recaps` is sorted by night
    values: dict[date, float | None] = {}
    for night, recap in recaps.items():
        done = recap.routine_done
        if done is None or recap.bedtime_started is None:
            values[night] = None
            continue
        window = started[bisect_left(nights, night - timedelta(days=USUAL_NIGHTS - 1)) : bisect_right(nights, night)]
        usual = _median(start for _, start in window)
        on_time = abs(start_minutes(recap.bedtime_started) - usual) <= ON_TIME.total_seconds() / 60
        values[night] = 1.0 if done and on_time else 0.0
    return values


def stats(values: Iterable[float | None]) -> Stats:
    present = [value for value in values if value is not None]
    return Stats(
        count=len(present),
        mean=_mean(present) if present else None,
        spread=_stdev(present) if len(present) >= 2 else None,
    )


# -- exact arithmetic: what statistics.mean, median and stdev give, without importing them ---
# (statistics pulls in fractions and decimal: milliseconds at every start). A float is an
# integer over a power of two, so sums are exact in integers, and int / int rounds once.


def _exact(values: Sequence[float]) -> tuple[list[int], int]:
    """The values as integers over one common denominator (a power of two: the largest one)."""
    ratios = [value.as_integer_ratio() for value in values]
    denominator = max(below for _, below in ratios)
    return [above * (denominator // below) for above, below in ratios], denominator


def _mean(values: Sequence[float]) -> float:
    """The exact mean rounded once; whole numbers with a whole mean give an int, as statistics does."""
    numerators, denominator = _exact(values)
    total, count = sum(numerators), len(values)
    if denominator == 1 and all(isinstance(value, int) for value in values) and total % count == 0:
        return total // count
    return total / (denominator * count)


def _median(values: Iterable[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _stdev(values: Sequence[float]) -> float:
    """The sample standard deviation: the variance as an exact fraction, its root rounded once."""
    numerators, denominator = _exact(values)
    count = len(values)
    top = count * sum(above * above for above in numerators) - sum(numerators) ** 2
    bottom = count * (count - 1) * denominator * denominator
    common = math.gcd(top, bottom)  # in lowest terms, as statistics hands it on
    return _root(top // common, bottom // common)


def _root(top: int, bottom: int) -> float:
    """√(top / bottom) correctly rounded, the way statistics does it: an integer root of 109
    bits with a sticky last bit (round-to-odd), then one int / int."""
    shift = (top.bit_length() - bottom.bit_length() - 109) // 2
    if shift >= 0:
        return (_odd_root(top, bottom << 2 * shift) << shift) / 1
    return _odd_root(top << -2 * shift, bottom) / (1 << -shift)


def _odd_root(top: int, bottom: int) -> int:
    root = math.isqrt(top // bottom)
    return root | (root * root * bottom != top)


# -- trends and comparisons -------------------------------------------------------------------


def trend(recaps: Sequence[NightRecap], measure: Measure, nights: int = 7, *, last: date | None = None) -> Trend:
    """`measure` over the `nights` calendar nights ending with `last` (by default the latest
    night among `recaps`), with the week-over-week change ending there too."""
    if nights < 1:
        raise ValueError("a trend needs at least one night")
    if last is None:
        last = max((recap.night for recap in recaps), default=None)
    if last is None:
        empty = stats(())
        return Trend(measure, (), (), empty, Comparison(measure, empty, empty))
    # Only the nights that can matter: the window or the fortnight, and the usual start's month
    # before them (ten years of history cost nothing here).
    first = last - timedelta(days=max(nights, 2 * WEEK) + USUAL_NIGHTS)
    values = night_values((recap for recap in recaps if first <= recap.night <= last), measure)
    window = tuple(last - timedelta(days=back) for back in reversed(range(nights)))
    series = tuple(values.get(night) for night in window)
    this_week = [values.get(last - timedelta(days=back)) for back in range(WEEK)]
    week_before = [values.get(last - timedelta(days=WEEK + back)) for back in range(WEEK)]
    return Trend(measure, window, series, stats(series), Comparison(measure, stats(week_before), stats(this_week)))


def compare_phases(recaps: Sequence[NightRecap], measures: Iterable[Measure] = tuple(Measure)) -> PhaseComparison | None:
    """The baseline nights against the pass nights among `recaps` (nights before the plan
    are left out); None when either phase has no nights."""
    by_night = _by_night(recaps)
    baseline = [night for night, recap in by_night.items() if recap.phase == "baseline"]
    passes = [night for night, recap in by_night.items() if recap.phase == "pass"]
    if not baseline or not passes:
        return None
    comparisons = []
    for measure in measures:
        values = night_values(by_night.values(), measure)
        comparisons.append(
            Comparison(measure, stats(values[night] for night in baseline), stats(values[night] for night in passes))
        )
    return PhaseComparison(len(baseline), len(passes), tuple(comparisons))


def _by_night(recaps: Iterable[NightRecap]) -> dict[date, NightRecap]:
    by_night = {recap.night: recap for recap in recaps}
    return dict(sorted(by_night.items()))


# -- words --------------------------------------------------------------------------------------


def describe_change(comparison: Comparison, *, this: str = "this week", that: str = "the week before") -> str:
    """The change in plain words, saying how many nights had data. `this`/`that` name the
    later and earlier sides ("with the pass" / "the baseline" for phases)."""
    info = MEASURES[comparison.measure]
    later, earlier = comparison.later, comparison.earlier
    verdict = comparison.verdict
    if verdict == "too few":
        return (
            f"too few nights logged to compare ({later.count} {this}, {earlier.count} {that}; "
            f"{FEWEST_NIGHTS} each needed)"
        )
    if info.scale is Scale.SHARE:
        counts = f"{later.hits} of {later.count} nights {this}, {earlier.hits} of {earlier.count} {that}"
        if verdict == "same":
            return f"about the same as {that} ({counts})"
        words = info.fall if verdict == "lower" else info.rise
        return f"{words} than {that} ({counts})"
    logged = f"{later.count} nights logged {this}, {earlier.count} {that}"
    if verdict == "same":
        return f"about the same as {that} (within {_amount(info.scale, comparison.noise or 0, up=True)}; {logged})"
    amount = _amount(info.scale, abs(comparison.difference or 0), up=False, unit=False)
    words = (info.fall if verdict == "lower" else info.rise).format(n=amount)
    return f"{words} than {that} ({logged})"


def describe_phase_change(comparison: Comparison) -> str:
    """A row of the phase comparison in words: the pass nights against the baseline."""
    return describe_change(comparison, this="with the pass", that="in the baseline")


def _amount(scale: Scale, value: float, *, up: bool, unit: bool = True) -> str:
    """A minutes or per-night figure, rounded up for a noise band and down for a change."""
    if scale is Scale.MINUTES:
        minutes = math.ceil(value - 1e-9) if up else math.floor(value + 1e-9)
        return f"{minutes} min" if unit else str(minutes)
    tenths = math.ceil(value * 10 - 1e-9) if up else math.floor(value * 10 + 1e-9)
    return f"{tenths / 10:.1f} a night" if unit else f"{tenths / 10:.1f}"


def describe_trend(trend: Trend) -> str:
    """The window in one line: the mean (or the share) and how many nights had data."""
    info = MEASURES[trend.measure]
    stats_, total = trend.stats, len(trend.nights)
    missing = f" ({total - stats_.count} not logged)" if stats_.count < total else ""
    if stats_.mean is None:
        return f"{info.label}: not recorded in the last {total} nights"
    if info.scale is Scale.SHARE:
        return f"{info.label}: {stats_.hits} of {_nights(stats_.count)}{missing}"
    if info.scale is Scale.MINUTES:
        average = describe_duration(timedelta(minutes=stats_.mean))
    else:
        average = f"{stats_.mean:.1f} a night"
    return f"{info.label}: {average} on average over {_nights(stats_.count)}{missing}"


def _nights(count: int) -> str:
    return f"{count} night{'s' * (count != 1)}"


def sparkline(
    values: Sequence[float | None], *, gap: str = BLOCKS[0], low: float | None = None, high: float | None = None
) -> str:
    """One character per value: ▁ (lowest) to █ (highest), `gap` where not recorded. The scale
    runs from `low` (default: 0, or the smallest value when one is negative) to `high`
    (default: the largest); a recorded value always shows at least ▁."""
    present = [value for value in values if value is not None]
    if not present:
        return gap * len(values)
    bottom = low if low is not None else min(0.0, min(present))
    top = high if high is not None else max(present)
    span = top - bottom
    bars = BLOCKS[1:]
    line = []
    for value in values:
        if value is None:
            line.append(gap)
            continue
        share = 0.0 if span <= 0 else min(1.0, max(0.0, (value - bottom) / span))
        line.append(bars[math.floor(share * (len(bars) - 1) + 0.5)])  # halfway rounds up
    return "".join(line)
