"""Trends over 7 / 14 / 30 nights (rule M4): per-night values with gaps, means with how many
nights had data, the week-over-week change said honestly, baseline against pass (P5), routine
consistency, and sparklines."""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.routine import DEFAULT_STEPS
from companion.domain.trends import (
    BLOCKS,
    Comparison,
    Measure,
    Stats,
    compare_phases,
    describe_change,
    describe_phase_change,
    describe_trend,
    night_values,
    sparkline,
    start_minutes,
    stats,
    _median,
    trend,
    usual_start,
)
from companion.domain.recap import StarOffer
from tests.unit.nights import PRAISE, Plan, night_recap, series
from tests.unit.records import LONDON

LAST = date(2026, 11, 19)
ALL = frozenset(DEFAULT_STEPS)
CALM = Plan(lights_out=45, asleep=20)


def asleep(minutes):
    return None if minutes is None else replace(CALM, asleep=minutes)


def fortnight(previous, this):
    """14 nights ending LAST: the week before, then this week (minutes to fall asleep)."""
    return series(LAST, [asleep(m) for m in [*previous, *this]])


# -- values -------------------------------------------------------------------------------------


def test_each_measure_per_night_and_not_recorded_as_none():
    plans = [
        Plan(lights_out=45, asleep=30, get_ups=(5, 9), call_outs=(3, 12), parents_bed=True, instructions=(2, 1), star=True),
        Plan(lights_out=45, asleep=None),  # lights out only: counts are zero, sleep not recorded
        Plan(lights_out=None, steps=("bath",)),  # the routine only: the night log not recorded
        None,  # nothing logged
    ]
    recaps = series(LAST, plans)
    nights = [recap.night for recap in recaps]

    def values(measure):
        found = night_values(recaps, measure)
        return [found[night] for night in nights]

    assert values(Measure.TIME_TO_SLEEP) == [30.0, None, None, None]
    assert values(Measure.TIME_TO_QUIET) == [12.0, 0.0, None, None]
    assert values(Measure.GET_UPS) == [2.0, 0.0, None, None]
    assert values(Measure.PARENTS_BED) == [1.0, 0.0, None, None]
    assert values(Measure.REPEATS) == [3.0, None, None, None]  # only nights quiet mode was used
    assert values(Measure.STARS) == [1.0, 0.0, 0.0, None]
    assert values(Measure.ROUTINE_CONSISTENCY) == [None, None, 0.0, None]


def test_a_star_counts_even_on_a_night_not_logged():
    recap = night_recap(LAST, None)
    starred = recap._replace(star=StarOffer(PRAISE, given=True))
    assert night_values([starred], Measure.STARS) == {LAST: 1.0}


def test_one_value_per_night_the_later_recap_wins():
    first, second = night_recap(LAST, asleep(30)), night_recap(LAST, asleep(10))
    assert night_values([first, second], Measure.TIME_TO_SLEEP) == {LAST: 10.0}


def test_stats_mean_count_spread():
    assert stats([None, None]) == Stats(0, None, None)
    assert stats([4.0, None]) == Stats(1, 4.0, None)
    summary = stats([2.0, 4.0, None, 6.0])
    assert (summary.count, summary.mean, summary.spread) == (3, 4.0, 2.0)
    assert stats([1.0, 0.0, 1.0, 1.0]).hits == 3


NUMBERS = st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6)), min_size=1, max_size=40)


@given(NUMBERS)
def test_stats_are_the_statistics_module_s_to_the_bit(values):
    """trends does its own exact arithmetic (importing statistics costs milliseconds at every
    start): the same mean, spread and median, of the same type, to the last bit."""
    summary = stats(values)
    assert (summary.mean, type(summary.mean)) == (statistics.mean(values), type(statistics.mean(values)))
    assert summary.spread == (statistics.stdev(values) if len(values) >= 2 else None)
    assert (_median(values), type(_median(values))) == (statistics.median(values), type(statistics.median(values)))


def test_stats_of_minutes_are_the_statistics_module_s():
    minutes = [seconds / 60 for seconds in range(0, 3600, 7)]  # the durations the recap averages
    assert stats(minutes) == Stats(len(minutes), statistics.mean(minutes), statistics.stdev(minutes))


# -- trend windows ------------------------------------------------------------------------------


def test_a_seven_night_window_with_gaps():
    recaps = series(LAST, [asleep(m) for m in (30, None, 20, 40)])  # 16 to 19 November
    seven = trend(recaps, Measure.TIME_TO_SLEEP, 7)
    assert seven.nights == tuple(LAST - timedelta(days=back) for back in range(6, -1, -1))
    assert seven.values == (None, None, None, 30.0, None, 20.0, 40.0)
    assert (seven.count, seven.mean) == (3, 30.0)
    assert describe_trend(seven) == "time to fall asleep: 30 min on average over 3 nights (4 not logged)"
    assert seven.sparkline() == "   ▆ ▅█"


@pytest.mark.parametrize("nights", [7, 14, 30])
def test_every_window_ends_with_last_night(nights):
    recaps = series(LAST, [asleep(20)] * 40)
    window = trend(recaps, Measure.TIME_TO_SLEEP, nights)
    assert len(window.nights) == len(window.values) == nights
    assert window.nights[-1] == LAST and window.count == nights
    assert describe_trend(window) == "time to fall asleep: 20 min on average over " + f"{nights} nights"


def test_the_window_may_end_on_a_given_night():
    recaps = series(LAST, [asleep(m) for m in (10, 20, 30)])
    earlier = trend(recaps, Measure.TIME_TO_SLEEP, 7, last=LAST - timedelta(days=1))
    assert earlier.nights[-1] == LAST - timedelta(days=1) and earlier.values[-2:] == (10.0, 20.0)
    later = trend(recaps, Measure.TIME_TO_SLEEP, 7, last=LAST + timedelta(days=2))
    assert later.values[-2:] == (None, None) and later.count == 3


def test_no_nights_at_all():
    empty = trend([], Measure.GET_UPS, 7)
    assert empty.values == () and empty.count == 0 and empty.mean is None
    assert describe_change(empty.week_over_week).startswith("too few nights logged to compare")
    window = trend([], Measure.GET_UPS, 7, last=LAST)
    assert window.values == (None,) * 7
    assert describe_trend(window) == "get-ups: not recorded in the last 7 nights"


def test_a_window_needs_a_night():
    with pytest.raises(ValueError):
        trend([], Measure.GET_UPS, 0)


def test_describe_trend_per_measure():
    plans = [replace(CALM, get_ups=(5,) * n, parents_bed=n == 2) for n in (0, 1, 2)] + [None]
    recaps = series(LAST, plans)
    assert describe_trend(trend(recaps, Measure.GET_UPS, 7)) == "get-ups: 1.0 a night on average over 3 nights (4 not logged)"
    assert describe_trend(trend(recaps, Measure.PARENTS_BED, 7)) == "nights in the parents' bed: 1 of 3 nights (4 not logged)"


def test_time_to_sleep_across_the_fall_back_night_is_true_time():
    fall_back = replace(CALM, bedtime=time(0, 45), asleep=50)  # lights out 01:30 BST, asleep 01:20 GMT
    recaps = series(date(2026, 10, 25), [asleep(40), fall_back, asleep(40)])
    assert trend(recaps, Measure.TIME_TO_SLEEP, 7).values[-3:] == (40.0, 50.0, 40.0)


# -- week over week -----------------------------------------------------------------------------


def test_faster_than_the_week_before():
    recaps = fortnight([40, 42, 38, 40, 41, 39, 40], [26, 28, None, 27, 29, 28, 27])
    change = trend(recaps, Measure.TIME_TO_SLEEP).week_over_week
    assert (change.later.count, change.earlier.count) == (6, 7)
    assert change.verdict == "lower"
    assert describe_change(change) == (
        "12 min faster to fall asleep than the week before (6 nights logged this week, 7 the week before)"
    )


def test_slower_than_the_week_before_is_said_plainly():
    change = trend(fortnight([20] * 7, [32, 31, 33, 32, 31, 33, 32]), Measure.TIME_TO_SLEEP).week_over_week
    assert describe_change(change) == (
        "12 min slower to fall asleep than the week before (7 nights logged this week, 7 the week before)"
    )


def test_a_small_change_is_about_the_same():
    change = trend(fortnight([30] * 7, [27, 26, 27, 26, 27, 26, 27]), Measure.TIME_TO_SLEEP).week_over_week
    assert change.verdict == "same"
    assert describe_change(change) == "about the same as the week before (within 5 min; 7 nights logged this week, 7 the week before)"
    for text in (describe_change(change),):
        assert "improved" not in text and "faster" not in text


def test_a_change_within_the_nights_own_swing_is_about_the_same():
    # 10 min apart on average, but the nights swing by 30 min: not a change worth naming.
    change = trend(fortnight([10, 70, 15, 65, 20, 60, 40], [0, 60, 5, 55, 10, 50, 30]), Measure.TIME_TO_SLEEP).week_over_week
    assert change.difference == pytest.approx(-10)
    assert change.noise > 10 and change.verdict == "same"
    assert describe_change(change).startswith("about the same as the week before (within ")


def test_too_few_nights_to_compare():
    change = trend(fortnight([30] * 7, [None, 10, None, None, 12, None, None]), Measure.TIME_TO_SLEEP).week_over_week
    assert change.verdict == "too few" and change.noise is None
    assert describe_change(change) == (
        "too few nights logged to compare (2 this week, 7 the week before; 3 each needed)"
    )


def test_changes_are_floored_never_overstated():
    # 8 min 50 s faster on average: said as 8 min.
    change = Comparison(Measure.TIME_TO_SLEEP, Stats(7, 30.0, 0.0), Stats(6, 30.0 - 8 - 50 / 60, 0.0))
    assert describe_change(change).startswith("8 min faster to fall asleep")
    per_night = Comparison(Measure.GET_UPS, Stats(7, 2.0, 0.0), Stats(7, 1.01, 0.0))
    assert describe_change(per_night) == "0.9 fewer get-ups a night than the week before (7 nights logged this week, 7 the week before)"


def test_counts_and_shares_in_words():
    plans = [replace(CALM, get_ups=(5, 6, 7), parents_bed=True)] * 7 + [replace(CALM, get_ups=(5,))] * 6 + [None]
    recaps = series(LAST, plans)
    get_ups = trend(recaps, Measure.GET_UPS).week_over_week
    assert describe_change(get_ups) == "2.0 fewer get-ups a night than the week before (6 nights logged this week, 7 the week before)"
    bed = trend(recaps, Measure.PARENTS_BED).week_over_week
    assert describe_change(bed) == (
        "fewer nights in the parents' bed than the week before (0 of 6 nights this week, 7 of 7 the week before)"
    )
    same = trend(series(LAST, [replace(CALM, parents_bed=n % 4 == 0) for n in range(14)]), Measure.PARENTS_BED)
    assert describe_change(same.week_over_week) == "about the same as the week before (2 of 7 nights this week, 2 of 7 the week before)"


def test_more_stars_in_words():
    plans = [replace(CALM, star=n >= 9) for n in range(14)]
    change = trend(series(LAST, plans), Measure.STARS).week_over_week
    assert describe_change(change) == "more nights with a star than the week before (5 of 7 nights this week, 0 of 7 the week before)"


# -- baseline against pass ------------------------------------------------------------------------


def phases(baseline, passes, before=()):
    plans = [replace(CALM, asleep=m, phase="before") for m in before]
    plans += [replace(CALM, asleep=m, phase="baseline") for m in baseline]
    plans += [replace(CALM, asleep=m, phase="pass") for m in passes]
    return series(LAST, plans)


def test_baseline_against_pass():
    recaps = phases([50, 55, 45, 50, 52, 48, 50], [30, 32, 28, 30, None, 31, 29, 30], before=[90, 90, 90])
    comparison = compare_phases(recaps)
    assert (comparison.baseline_nights, comparison.pass_nights) == (7, 8)  # nights before the plan left out
    sleep = comparison.of(Measure.TIME_TO_SLEEP)
    assert (sleep.earlier.count, sleep.later.count) == (7, 7)
    assert sleep.earlier.mean == pytest.approx(50) and sleep.later.mean == pytest.approx(30)
    assert describe_phase_change(sleep) == (
        "20 min faster to fall asleep than in the baseline (7 nights logged with the pass, 7 in the baseline)"
    )
    assert [c.measure for c in comparison.comparisons] == list(Measure)


def test_worse_before_better_is_said_honestly():
    comparison = compare_phases(phases([20, 22, 18], [40, 42, 38]), [Measure.TIME_TO_SLEEP])
    assert describe_phase_change(comparison.of(Measure.TIME_TO_SLEEP)).startswith("20 min slower to fall asleep")


def test_no_phase_comparison_without_both_phases():
    assert compare_phases(phases([], [30, 30, 30], before=[40])) is None
    assert compare_phases(phases([40, 40], [])) is None
    assert compare_phases([]) is None


def test_a_short_baseline_is_too_few_to_compare():
    comparison = compare_phases(phases([50, 50], [30] * 7))
    assert describe_phase_change(comparison.of(Measure.TIME_TO_SLEEP)) == (
        "too few nights logged to compare (7 with the pass, 2 in the baseline; 3 each needed)"
    )


# -- routine consistency ---------------------------------------------------------------------------


def routine(bedtime=time(19, 0), steps=ALL):
    """A routine started 40 min before `bedtime` (the start key) with the given steps."""
    return Plan(bedtime=bedtime, lights_out=45, asleep=20, steps=steps, started=True)


def test_consistent_means_complete_and_on_time():
    plans = [routine()] * 5 + [
        routine(bedtime=time(19, 30)),  # 30 min late: still on time
        routine(bedtime=time(19, 45)),  # 45 min late
        routine(steps=("bath", "teeth")),  # on time, not complete
        Plan(lights_out=45, asleep=20),  # no routine recorded
    ]
    values = trend(series(LAST, plans), Measure.ROUTINE_CONSISTENCY, 14).values[-9:]
    assert values == (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, None)
    window = trend(series(LAST, plans), Measure.ROUTINE_CONSISTENCY, 7)
    assert describe_trend(window) == "routine consistency: 4 of 6 nights (1 not logged)"


def test_the_usual_time_is_the_median_start_of_the_last_30_nights():
    recaps = series(LAST, [routine()] * 3 + [routine(bedtime=time(20, 0))] * 2)
    assert usual_start(recaps, LAST) == start_minutes(recaps[0].bedtime_started) == 380  # 18:20
    assert usual_start(recaps, LAST - timedelta(days=40)) is None


def test_a_bedtime_moved_on_purpose_becomes_the_usual_within_weeks():
    recaps = series(LAST, [routine()] * 30 + [routine(bedtime=time(20, 0))] * 30)
    values = [night_values(recaps, Measure.ROUTINE_CONSISTENCY)[r.night] for r in recaps]
    assert values[:30] == [1.0] * 30
    assert values[30:44] == [0.0] * 14  # an hour later than the usual
    assert values[44:] == [1.0] * 16  # half the month at the new time: within 30 min of the median


def test_a_start_after_midnight_is_later_not_earlier():
    assert start_minutes(night_recap(LAST, routine(bedtime=time(0, 50))).bedtime_started) == 730  # 00:10
    recaps = series(LAST, [routine(bedtime=time(23, 50))] * 4 + [routine(bedtime=time(0, 10))])
    assert trend(recaps, Measure.ROUTINE_CONSISTENCY).values[-5:] == (1.0,) * 5  # 23:10 .. 23:30


def test_consistency_follows_the_local_clock_across_the_spring_change():
    recaps = series(date(2026, 3, 31), [routine()] * 7)  # 25 to 31 March; BST from the 29th
    starts = [r.bedtime_started for r in recaps]
    assert {s.astimezone(LONDON).strftime("%H:%M") for s in starts} == {"18:20"}
    assert {s.utcoffset() for s in starts} == {timedelta(0), timedelta(hours=1)}
    assert trend(recaps, Measure.ROUTINE_CONSISTENCY).values == (1.0,) * 7


# -- sparklines --------------------------------------------------------------------------------------


def test_sparkline_scales_from_zero_to_the_highest():
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([0.0, None, 7.0]) == "▁ █"
    assert sparkline([None, None]) == "  "
    assert sparkline([]) == ""


def test_sparkline_gap_and_bounds():
    assert sparkline([1, None, 2], gap="·") == "▅·█"  # halfway rounds up
    assert sparkline([3, 3, 3]) == "███"  # all equal, from zero
    assert sparkline([0, 0]) == "▁▁"  # a recorded zero still shows
    assert sparkline([5, 10], low=5) == "▁█"
    assert sparkline([5, 20], high=10) == "▅█"  # clipped at the top
    assert sparkline([-2, 0, 2]) == "▁▅█"  # a negative low
    assert set(sparkline([i / 3 for i in range(40)])) <= set(BLOCKS[1:])


def test_a_trend_s_sparkline_has_one_character_per_night():
    recaps = series(LAST, [asleep(m) for m in (10, None, 30, 20)])
    line = trend(recaps, Measure.TIME_TO_SLEEP, 14).sparkline(gap="·")
    assert len(line) == 14 and line.endswith("▃·█▆") and line.startswith("·" * 10)
