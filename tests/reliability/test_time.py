"""Time does odd things on a family laptop (issue 8 point 6): nights across both DST changes
in two zones, a laptop asleep through a wait and a trip (the clock jumps forward), the
system zone changing between evening and morning, and the clock stepping back (NTP).
Durations stay sane, every record stays on its night, and nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Digits

from companion.clock import ManualClock
from companion.domain.bedtime_pass import pass_night
from companion.domain.night import elapsed
from companion.domain.night_log import EventKind
from companion.domain.quiet import Phase, open_use, quiet_uses
from companion.recaps import night_recap
from companion.store import Store
from companion.ui.app import make_app
from companion.ui.quiet import QuietScreen
from tests.ui.evening_parts import evening_part

LONDON, NEW_YORK = "Europe/London", "America/New_York"

UTC = ZoneInfo("UTC")
# (zone, the Saturday night the clocks change, the instant they change, which way)
DST_NIGHTS = [
    pytest.param(LONDON, date(2026, 3, 28), datetime(2026, 3, 29, 1, tzinfo=UTC), "spring", id="london-spring-forward"),
    pytest.param(LONDON, date(2026, 10, 24), datetime(2026, 10, 25, 1, tzinfo=UTC), "autumn", id="london-fall-back"),
    pytest.param(NEW_YORK, date(2026, 3, 7), datetime(2026, 3, 8, 7, tzinfo=UTC), "spring", id="new-york-spring-forward"),
    pytest.param(NEW_YORK, date(2026, 10, 31), datetime(2026, 11, 1, 6, tzinfo=UTC), "autumn", id="new-york-fall-back"),
]


def wall(zone: str, night: date, hour: int, minute: int = 0, *, next_day: bool = False, fold: int = 0) -> datetime:
    day = night + timedelta(days=1) if next_day else night
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone), fold=fold)


@contextmanager
def household(data_dir: Path, clock: ManualClock) -> Iterator[Store]:
    store = Store.open(data_dir, clock)
    try:
        yield store
    finally:
        store.close()


def mia(store: Store):
    return next(iter(store.children()), None) or store.add_child("Mia", date(2021, 5, 1))


@pytest.mark.parametrize(("zone", "night", "change", "way"), DST_NIGHTS)
def test_a_night_across_each_dst_change_keeps_its_records_order_and_true_durations(
    tmp_path: Path, zone: str, night: date, change: datetime, way: str
) -> None:
    clock = ManualClock(wall(zone, night, 18, 30))
    with household(tmp_path, clock) as store:
        child = mia(store)
        logged = [
            (EventKind.LIGHTS_OUT, wall(zone, night, 19, 30)),
            (EventKind.FELL_ASLEEP, wall(zone, night, 19, 50)),
            (EventKind.CALLED_OUT, (change - timedelta(minutes=30)).astimezone(ZoneInfo(zone))),  # before the change
            (EventKind.WOKE, wall(zone, night, 6, 30, next_day=True)),
        ]
        if way == "autumn":  # the hour after 01:00 happens twice: a call-out in each
            logged += [
                (EventKind.CALLED_OUT, wall(zone, night, 1, 30, next_day=True, fold=0)),
                (EventKind.CALLED_OUT, wall(zone, night, 1, 30, next_day=True, fold=1)),
            ]
        for kind, at in logged:
            clock.set(at)
            store.add_night_event(child.id, kind, at)
        recap = night_recap(store, child, night, wall(zone, night, 7, 10, next_day=True))

    true_night = elapsed(wall(zone, night, 19, 30), wall(zone, night, 6, 30, next_day=True))
    assert true_night == timedelta(hours=10 if way == "spring" else 12)  # what the wall clock can't say

    with household(tmp_path, clock) as reopened:
        events = reopened.night_events(child.id, night)
        instants = [event.at.timestamp() for event in events]
        assert instants == sorted(instants)  # true time order, whatever the wall clock read
        assert sorted((e.kind, e.at.timestamp()) for e in events) == sorted((k, at.timestamp()) for k, at in logged)
        woke = next(event for event in events if event.kind is EventKind.WOKE)
        assert recap.lights_out is not None and elapsed(recap.lights_out, woke.at) == true_night
        again = night_recap(reopened, child, night, wall(zone, night, 7, 10, next_day=True))
    assert recap.time_to_sleep == timedelta(minutes=20)
    assert recap.woke == 1
    assert recap.called_out is not None and recap.called_out.total == (3 if way == "autumn" else 1)
    assert again == recap  # the same figures after a restart


@pytest.mark.parametrize(("zone", "night", "change", "way"), DST_NIGHTS)
def test_a_wait_and_a_trip_running_through_the_change_count_real_seconds(
    tmp_path: Path, zone: str, night: date, change: datetime, way: str
) -> None:
    """An instruction said and a pass used 5 s before the change: the wait and the trip run
    in real time, not in wall-clock time that jumps an hour."""
    clock = ManualClock((change - timedelta(seconds=5)).astimezone(ZoneInfo(zone)))
    with household(tmp_path, clock) as store:
        child = mia(store)
        store.add_night_event(child.id, EventKind.QUIET_SAID, clock.now(), "Into bed, please", seconds=10)
        store.add_night_event(child.id, EventKind.PASS_USED, clock.now(), "a drink", seconds=5 * 60)
        clock.advance(seconds=8)  # across the change
        events = store.night_events(child.id, night)
        use = open_use(quiet_uses(events))
        assert use is not None and use.phase(clock.now()) is Phase.WAITING
        assert use.remaining(clock.now()) == timedelta(seconds=2)
        assert use.since_said(clock.now()) == timedelta(seconds=8)
        trip = pass_night(events, allowed=1)
        assert trip.trip_left(clock.now()) == timedelta(minutes=5, seconds=-8)
        clock.advance(seconds=4)
        assert use.phase(clock.now()) is Phase.SHOWING
        assert use.remaining(clock.now()) == timedelta(0)


async def test_a_laptop_asleep_through_a_wait_and_a_trip_wakes_to_a_calm_sane_screen(tmp_path: Path) -> None:
    """Closed at 19:30 with a wait and a trip running, opened at 22:45: the wait is closed as
    interrupted (not counted as done), the trip is over, and no time on screen is negative."""
    clock = ManualClock(wall(LONDON, date(2026, 11, 20), 19, 30))
    with household(tmp_path, clock) as store:
        child = mia(store)
        store.add_night_event(child.id, EventKind.QUIET_SAID, clock.now(), "Teeth, please", seconds=10)
        store.add_night_event(child.id, EventKind.PASS_USED, clock.now(), "a hug", seconds=5 * 60)
        app = make_app(store, clock, pane="quiet")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            clock.advance(hours=3, minutes=15)  # the lid closed: no ticks in between
            await pilot.pause(0.4)
            quiet = next(screen for screen in app.screen_stack if isinstance(screen, QuietScreen))
            face = quiet.query_one("#quiet-clock", Digits).value
            assert not face.startswith("-") and face == "0:10"  # ready for the next instruction
            await pilot.press("1")
            await pilot.pause()
            assert "trip" not in evening_part(app, "#pass")
        events = store.night_events(child.id, date(2026, 11, 20))
    kinds = [event.kind for event in events]
    assert EventKind.QUIET_INTERRUPTED in kinds and EventKind.QUIET_DONE not in kinds
    assert kinds.count(EventKind.PASS_USED) == 1  # nothing lost, nothing invented


def test_the_system_zone_changing_overnight_keeps_the_households_zone_and_figures(tmp_path: Path) -> None:
    """Set up in London; the laptop wakes with New York as its zone (a trip, a settings
    change). The household keeps its own zone: last night's figures and nights are unchanged."""
    night = date(2026, 11, 20)
    evening = ManualClock(wall(LONDON, night, 19, 0))
    with household(tmp_path, evening) as store:
        child = mia(store)
        for kind, (hour, minute) in [(EventKind.LIGHTS_OUT, (19, 40)), (EventKind.FELL_ASLEEP, (20, 5)), (EventKind.WOKE, (23, 50))]:
            store.add_night_event(child.id, kind, wall(LONDON, night, hour, minute))
        before = night_recap(store, child, night, wall(LONDON, night, 7, 10, next_day=True))
        stored = [(e.id, e.at.timestamp()) for e in store.night_events(child.id, night)]

    morning = ManualClock(wall(LONDON, night, 7, 10, next_day=True).astimezone(ZoneInfo(NEW_YORK)))
    assert morning.zone == NEW_YORK
    with household(tmp_path, morning) as reopened:
        assert reopened.zone == LONDON
        after = night_recap(reopened, child, night, morning.now())
        assert [(e.id, e.at.timestamp()) for e in reopened.night_events(child.id, night)] == stored
        assert len(stored) == 3
    assert after.time_to_sleep == before.time_to_sleep == timedelta(minutes=25)
    assert after.lights_out == before.lights_out
    assert f"{after.lights_out.astimezone(ZoneInfo(LONDON)):%H:%M}" == "19:40"


def test_the_clock_stepping_back_never_makes_a_duration_negative_or_a_wait_longer(tmp_path: Path) -> None:
    """NTP sets the clock back two minutes while a wait and a trip run, and between lights
    out and sleep: every figure stays between zero and what was set, and every record stays."""
    night = date(2026, 11, 20)
    clock = ManualClock(wall(LONDON, night, 19, 30))
    with household(tmp_path, clock) as store:
        child = mia(store)
        said = store.add_night_event(child.id, EventKind.QUIET_SAID, clock.now(), "Pyjamas on", seconds=10)
        store.add_night_event(child.id, EventKind.PASS_USED, clock.now(), "a drink", seconds=5 * 60)
        store.add_night_event(child.id, EventKind.LIGHTS_OUT, clock.now())
        clock.advance(minutes=-2)  # the clock is corrected backwards
        events = store.night_events(child.id, night)
        use = open_use(quiet_uses(events))
        assert use is not None
        assert timedelta(0) <= use.remaining(clock.now()) <= use.wait
        assert use.since_said(clock.now()) >= timedelta(0)
        assert timedelta(0) <= pass_night(events, allowed=1).trip_left(clock.now()) <= timedelta(minutes=5)
        store.add_night_event(child.id, EventKind.QUIET_DONE, clock.now(), ref=said.id)
        store.add_night_event(child.id, EventKind.FELL_ASLEEP, clock.now())  # "before" lights out
        recap = night_recap(store, child, night, wall(LONDON, night, 7, 10, next_day=True))
        kept = store.night_events(child.id, night)
    assert len(kept) == 5
    assert recap.time_to_sleep is None or recap.time_to_sleep >= timedelta(0)
    assert recap.quiet is not None
    for figure in vars_of(recap.quiet):
        if isinstance(figure, timedelta):
            assert figure >= timedelta(0), recap.quiet
    assert all(use.time_to_outcome() is None or use.time_to_outcome() >= timedelta(0) for use in quiet_uses(kept))


def vars_of(record: object) -> list[object]:
    """The values of a record, whatever kind of record it is."""
    if hasattr(record, "_asdict"):
        return list(record._asdict().values())
    return [getattr(record, name) for name in getattr(record, "__slots__", ()) or vars(record)]
