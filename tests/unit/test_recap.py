"""A night at a glance (rules M2, E5): what summarize_night makes of a night's events."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pendulum

from companion.domain.night_log import EventKind, NightEvent
from companion.domain.recap import summarize_night

LONDON = "Europe/London"
NIGHT = date(2026, 6, 17)
_ids = itertools.count()


def at(hour: int, minute: int = 0, *, day: date = NIGHT, zone: str = LONDON, fold: int = 0):
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=zone, fold=fold)


def next_morning(hour: int, minute: int = 0, **kwargs):
    return at(hour, minute, day=NIGHT + timedelta(days=1), **kwargs)


def event(kind: EventKind, when, night: date = NIGHT) -> NightEvent:
    return NightEvent(id=f"e{next(_ids)}", child_id="mia", night=night, kind=kind, at=when)


def test_a_calm_night():
    events = [event(EventKind.LIGHTS_OUT, at(19, 30)), event(EventKind.FELL_ASLEEP, at(19, 52))]
    summary = summarize_night(NIGHT, events)
    assert summary.night == NIGHT
    assert summary.events == 2
    assert summary.lights_out.isoformat() == at(19, 30).isoformat()
    assert summary.fell_asleep.isoformat() == at(19, 52).isoformat()
    assert summary.time_to_sleep == timedelta(minutes=22)
    assert (summary.got_up, summary.called_out, summary.woke, summary.parents_bed) == (0, 0, 0, 0)
    assert summary.health_flags == ()


def test_events_out_of_order_give_the_same_summary():
    events = [
        event(EventKind.CALLED_OUT, at(19, 45)),
        event(EventKind.LIGHTS_OUT, at(19, 30)),
        event(EventKind.WOKE, next_morning(2, 10)),
        event(EventKind.FELL_ASLEEP, at(20, 15)),
        event(EventKind.GOT_UP, at(19, 50)),
        event(EventKind.BACK_IN_BED, at(19, 53)),
    ]
    ordered = sorted(events, key=lambda e: e.at.timestamp())
    for arrangement in (events, ordered, list(reversed(ordered))):
        summary = summarize_night(NIGHT, arrangement)
        assert summary.lights_out.isoformat() == at(19, 30).isoformat()
        assert summary.fell_asleep.isoformat() == at(20, 15).isoformat()
        assert summary.time_to_sleep == timedelta(minutes=45)
        assert (summary.got_up, summary.called_out, summary.woke) == (1, 1, 1)
        assert summary.events == 6


def test_first_lights_out_and_first_sleep_count():
    events = [
        event(EventKind.FELL_ASLEEP, next_morning(3, 0)),  # back to sleep after waking
        event(EventKind.LIGHTS_OUT, at(20, 0)),  # lights out again after a get-up
        event(EventKind.LIGHTS_OUT, at(19, 30)),
        event(EventKind.WOKE, next_morning(2, 30)),
        event(EventKind.FELL_ASLEEP, at(20, 10)),
    ]
    summary = summarize_night(NIGHT, events)
    assert summary.lights_out.isoformat() == at(19, 30).isoformat()
    assert summary.fell_asleep.isoformat() == at(20, 10).isoformat()
    assert summary.time_to_sleep == timedelta(minutes=40)


def test_missing_lights_out_means_no_time_to_sleep():
    summary = summarize_night(NIGHT, [event(EventKind.FELL_ASLEEP, at(20, 0))])
    assert summary.lights_out is None
    assert summary.fell_asleep is not None
    assert summary.time_to_sleep is None


def test_missing_sleep_means_no_time_to_sleep():
    summary = summarize_night(NIGHT, [event(EventKind.LIGHTS_OUT, at(19, 30)), event(EventKind.CALLED_OUT, at(19, 40))])
    assert summary.fell_asleep is None
    assert summary.time_to_sleep is None
    assert summary.called_out == 1


def test_fell_asleep_at_lights_out_is_zero_not_missing():
    summary = summarize_night(NIGHT, [event(EventKind.LIGHTS_OUT, at(19, 30)), event(EventKind.FELL_ASLEEP, at(19, 30))])
    assert summary.time_to_sleep == timedelta(0)
    assert summary.time_to_sleep is not None


def test_an_empty_night():
    summary = summarize_night(NIGHT, [])
    assert summary.events == 0
    assert summary.lights_out is None and summary.fell_asleep is None and summary.time_to_sleep is None
    assert (summary.got_up, summary.called_out, summary.woke, summary.parents_bed) == (0, 0, 0, 0)
    assert summary.health_flags == ()


def test_counts_of_each_kind():
    events = [
        event(EventKind.LIGHTS_OUT, at(19, 30)),
        *(event(EventKind.GOT_UP, at(19, 35 + m)) for m in (0, 5, 10)),
        *(event(EventKind.BACK_IN_BED, at(19, 37 + m)) for m in (0, 5, 10)),
        *(event(EventKind.CALLED_OUT, at(20, m)) for m in (0, 2, 4, 6, 8)),
        event(EventKind.FELL_ASLEEP, at(20, 30)),
        event(EventKind.WOKE, next_morning(1, 0)),
        event(EventKind.WOKE, next_morning(4, 0)),
        event(EventKind.PARENTS_BED, next_morning(4, 5)),
    ]
    summary = summarize_night(NIGHT, events)
    assert summary.got_up == 3
    assert summary.called_out == 5
    assert summary.woke == 2
    assert summary.parents_bed == 1
    assert summary.events == len(events)
    assert summary.time_to_sleep == timedelta(hours=1)


def test_health_flags_listed_once_each_in_time_order():
    events = [
        event(EventKind.LIGHTS_OUT, at(19, 30)),
        event(EventKind.PANICKED, next_morning(3, 0)),
        event(EventKind.VOMITED, at(22, 0)),
        event(EventKind.VOMITED, next_morning(1, 0)),
        event(EventKind.BREATHING, next_morning(2, 0)),
        event(EventKind.PANICKED, next_morning(2, 30)),
        event(EventKind.VOMITED, next_morning(4, 0)),
    ]
    summary = summarize_night(NIGHT, events)
    assert summary.health_flags == (EventKind.VOMITED, EventKind.BREATHING, EventKind.PANICKED)


def test_health_flags_only_health_kinds():
    summary = summarize_night(NIGHT, [event(kind, at(20, i)) for i, kind in enumerate(EventKind)])
    assert set(summary.health_flags) == {EventKind.VOMITED, EventKind.BREATHING, EventKind.PANICKED}
    assert all(flag.is_health_flag for flag in summary.health_flags)
    assert not EventKind.WOKE.is_health_flag


def test_a_night_across_the_london_fall_back_change():
    night = date(2026, 10, 24)
    lights_out = at(23, 30, day=night)  # 23:30 BST Sat 24 Oct
    asleep = at(1, 10, day=date(2026, 10, 25), fold=1)  # 01:10 GMT, the second 01:xx
    assert lights_out.strftime("%z") == "+0100" and asleep.strftime("%z") == "+0000"
    summary = summarize_night(night, [event(EventKind.FELL_ASLEEP, asleep, night), event(EventKind.LIGHTS_OUT, lights_out, night)])
    assert summary.time_to_sleep == timedelta(hours=2, minutes=40)


def test_first_sleep_in_the_repeated_hour_follows_true_time_not_the_wall_clock():
    night = date(2026, 10, 24)
    sunday = date(2026, 10, 25)
    lights_out = at(23, 30, day=night)
    first_sleep = at(1, 50, day=sunday, fold=0)  # 01:50 BST = 00:50 UTC
    second_sleep = at(1, 10, day=sunday, fold=1)  # 01:10 GMT = 01:10 UTC: later, though it reads earlier
    events = [
        event(EventKind.LIGHTS_OUT, lights_out, night),
        event(EventKind.FELL_ASLEEP, second_sleep, night),
        event(EventKind.WOKE, at(1, 0, day=sunday, fold=1), night),
        event(EventKind.FELL_ASLEEP, first_sleep, night),
    ]
    summary = summarize_night(night, events)
    assert summary.fell_asleep.timestamp() == first_sleep.timestamp()
    assert summary.fell_asleep.strftime("%H:%M %z") == "01:50 +0100"
    assert summary.time_to_sleep == timedelta(hours=2, minutes=20)  # 22:30 UTC -> 00:50 UTC


def test_a_night_across_the_new_york_spring_forward():
    night = date(2026, 3, 7)
    lights_out = at(23, 30, day=night, zone="America/New_York")  # EST
    asleep = at(3, 15, day=date(2026, 3, 8), zone="America/New_York")  # EDT; 02:xx never happened
    summary = summarize_night(night, [event(EventKind.LIGHTS_OUT, lights_out, night), event(EventKind.FELL_ASLEEP, asleep, night)])
    assert summary.time_to_sleep == timedelta(hours=2, minutes=45)
