"""The report's figures (M5), from hand-built nights: the trend tables' rows, a range summed up
with "not recorded" kept apart from zero, and the few nights a pediatrician should look at."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from companion.domain.night_log import EventKind
from companion.domain.report import Period, by_week, notable_nights, periods, summarize_range
from companion.domain.routine import DEFAULT_STEPS
from tests.unit.nights import Plan, series

LAST = date(2026, 11, 19)  # a Thursday
ALL = frozenset(DEFAULT_STEPS)
CALM = Plan(lights_out=45, asleep=20, steps=ALL, started=True)


# -- rows of the trend tables -------------------------------------------------------------------


def test_up_to_twelve_weeks_a_row_per_calendar_week_cut_to_the_range():
    first = date(2026, 8, 28)  # a Friday: the first row is Friday to Sunday
    last = first + timedelta(days=12 * 7 - 1)
    rows = periods(first, last)
    assert by_week(first, last)
    assert rows[0] == Period(date(2026, 8, 28), date(2026, 8, 30))
    assert rows[1] == Period(date(2026, 8, 31), date(2026, 9, 6))  # Monday to Sunday
    assert rows[-1].last == last
    assert all(row.first.weekday() == 0 for row in rows[1:])
    assert [night for row in rows for night in row.nights] == list(Period(first, last).nights)  # every night once


def test_longer_than_twelve_weeks_a_row_per_calendar_month():
    first = date(2025, 11, 20)
    last = date(2026, 11, 19)
    rows = periods(first, last)
    assert not by_week(first, first + timedelta(days=12 * 7))
    assert rows[0] == Period(date(2025, 11, 20), date(2025, 11, 30))
    assert rows[1] == Period(date(2025, 12, 1), date(2025, 12, 31))  # across the new year
    assert rows[2] == Period(date(2026, 1, 1), date(2026, 1, 31))
    assert rows[3] == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert rows[-1] == Period(date(2026, 11, 1), date(2026, 11, 19))
    assert len(rows) == 13


# -- a range summed up ------------------------------------------------------------------------


def test_nights_without_a_night_log_are_not_counted_as_nights_without_get_ups():
    recaps = series(
        LAST,
        [
            replace(CALM, asleep=10, get_ups=(5, 9), call_outs=(3,)),
            replace(CALM, asleep=30),
            Plan(lights_out=None, steps=ALL, started=True),  # the routine only: the night wasn't logged
            None,  # nothing at all
        ],
    )
    summary = summarize_range(recaps)
    assert summary.logged == 3
    assert summary.after_goodnight == 2
    assert summary.get_ups_a_night == 1.0  # two get-ups over the two nights logged, not three
    assert summary.call_outs_a_night == 0.5
    assert summary.time_to_sleep == timedelta(minutes=20)  # the median of 10 and 30
    assert summary.time_to_sleep_nights == 2
    assert summary.routine_done == 3 and summary.routine_nights == 3


def test_a_range_with_only_routines_logged_has_no_night_figures():
    summary = summarize_range(series(LAST, [Plan(lights_out=None, steps=ALL, started=True)] * 2))
    assert summary.get_ups_a_night is None
    assert summary.call_outs_a_night is None
    assert summary.time_to_sleep is None
    assert summary.repeats_a_night is None  # quiet mode never used
    assert summary.routine_done == 2


def test_said_once_and_repeats_count_only_nights_with_quiet_mode():
    recaps = series(LAST, [replace(CALM, instructions=(0, 3)), replace(CALM, instructions=(1,)), CALM])
    summary = summarize_range(recaps)
    assert (summary.instructions, summary.said_once, summary.repeats) == (3, 1, 4)
    assert summary.quiet_nights == 2
    assert summary.repeats_a_night == 2.0


def test_the_pass_plan_phases_and_the_pass_nights():
    recaps = series(
        LAST,
        [
            replace(CALM, phase="baseline"),
            replace(CALM, phase="baseline", get_ups=(5,)),
            replace(CALM, pass_at=10),  # used, stayed in
            replace(CALM, pass_at=10, get_ups=(20,)),  # used, came out after it
            CALM,  # not used
        ],
    )
    summary = summarize_range(recaps)
    assert [(run.value, run.first, run.last) for run in summary.phases] == [
        ("baseline", LAST - timedelta(days=4), LAST - timedelta(days=3)),
        ("pass", LAST - timedelta(days=2), LAST),
    ]
    assert (summary.pass_nights, summary.pass_used, summary.stayed_in) == (3, 2, 1)
    assert summary.pass_reasons == (("a drink", 2),)
    assert [run.value for run in summary.routines] == [DEFAULT_STEPS]


# -- notable nights ---------------------------------------------------------------------------


def test_notable_nights_say_why_and_come_in_night_order():
    recaps = series(
        LAST,
        [
            replace(CALM, asleep=70),  # the longest
            replace(CALM, asleep=15, get_ups=(5, 10, 15, 20)),  # the most get-ups
            replace(CALM, asleep=15, extra=(EventKind.VOMITED,)),  # a health flag
            replace(CALM, asleep=40, get_ups=(5,)),
        ],
    )
    notable = notable_nights(recaps, few=1)
    assert [(night.night, night.reasons) for night in notable] == [
        (LAST - timedelta(days=3), ("1 h 10 min to fall asleep (no night in the range took longer)",)),
        (LAST - timedelta(days=2), ("4 get-ups (no night in the range had more)",)),
        (LAST - timedelta(days=1), ("health flag: vomited",)),
    ]


def test_a_night_can_be_notable_for_several_reasons_and_ties_go_to_the_later_night():
    recaps = series(
        LAST,
        [
            replace(CALM, asleep=50, get_ups=(5, 9)),
            replace(CALM, asleep=50, get_ups=(5, 9), extra=(EventKind.BREATHING, EventKind.PANICKED)),
            replace(CALM, asleep=30, get_ups=(5,)),
        ],
    )
    notable = notable_nights(recaps, few=1)
    assert len(notable) == 1
    assert notable[0].night == LAST - timedelta(days=1)
    assert notable[0].reasons == (
        "health flag: breathing trouble, panicked crying",
        "50 min to fall asleep (no night in the range took longer)",
        "2 get-ups (no night in the range had more)",
    )


def test_runners_up_are_named_as_such_and_quiet_nights_never_stand_out():
    recaps = series(LAST, [replace(CALM, asleep=60), replace(CALM, asleep=45), Plan(lights_out=45), None])
    notable = notable_nights(recaps)
    assert [night.reasons for night in notable] == [
        ("1 h 00 min to fall asleep (no night in the range took longer)",),
        ("45 min to fall asleep (among the longest in the range)",),
    ]
    assert notable_nights(series(LAST, [Plan(lights_out=45), None])) == ()
