"""The clock: ManualClock for tests, and COMPANION_NOW pinning the app's start instant."""

from __future__ import annotations

import types
from datetime import timedelta

import pendulum
import pytest

import companion.clock as clock_module
from companion.clock import NOW_VARIABLE, ManualClock, SystemClock, clock_from_environment
from companion.domain.errors import CompanionError

LONDON = "Europe/London"


# -- ManualClock --------------------------------------------------------------------------------


def test_manual_clock_stands_still_until_told():
    start = pendulum.datetime(2026, 6, 17, 19, 30, tz=LONDON)
    clock = ManualClock(start)
    assert clock.zone == LONDON
    assert clock.now() == start
    assert clock.now() == start


def test_manual_clock_zone_defaults_to_utc():
    assert ManualClock(pendulum.datetime(2026, 6, 17, 19, 30)).zone == "UTC"


def test_manual_clock_advance():
    start = pendulum.datetime(2026, 6, 17, 19, 30, tz=LONDON)
    clock = ManualClock(start)
    clock.advance(minutes=10)
    assert clock.now().isoformat() == "2026-06-17T19:40:00+01:00"
    clock.advance(seconds=30, milliseconds=500)
    assert clock.now().isoformat() == "2026-06-17T19:40:30.500000+01:00"
    clock.advance(hours=1.5)
    assert clock.now().isoformat() == "2026-06-17T21:10:30.500000+01:00"
    clock.advance(minutes=-10)
    assert clock.now().isoformat() == "2026-06-17T21:00:30.500000+01:00"


def test_manual_clock_advance_is_real_time_across_fall_back():
    clock = ManualClock(pendulum.datetime(2026, 10, 25, 0, 30, tz=LONDON))  # 00:30 BST
    clock.advance(hours=1)
    assert clock.now().strftime("%H:%M %z") == "01:30 +0100"
    clock.advance(hours=1)
    assert clock.now().strftime("%H:%M %z") == "01:30 +0000"  # the repeated hour
    clock.advance(hours=1)
    assert clock.now().strftime("%H:%M %z") == "02:30 +0000"


def test_manual_clock_advance_a_day_across_fall_back_is_24_real_hours():
    start = pendulum.datetime(2026, 10, 24, 19, 30, tz=LONDON)
    clock = ManualClock(start)
    clock.advance(hours=24)
    assert clock.now().timestamp() - start.timestamp() == 24 * 3600
    assert clock.now().strftime("%d %H:%M %z") == "25 18:30 +0000"
    assert clock.now().tzinfo.key == LONDON


def test_manual_clock_advance_across_spring_forward():
    clock = ManualClock(pendulum.datetime(2026, 3, 29, 0, 30, tz=LONDON))  # 00:30 GMT
    clock.advance(hours=1)
    assert clock.now().strftime("%H:%M %z") == "02:30 +0100"  # 01:xx never happened


def test_manual_clock_set():
    clock = ManualClock(pendulum.datetime(2026, 6, 17, 19, 30, tz=LONDON))
    later = pendulum.datetime(2026, 6, 18, 7, 10, tz=LONDON)
    clock.set(later)
    assert clock.now() == later
    earlier = pendulum.datetime(2026, 6, 1, 7, 10, tz=LONDON)
    clock.set(earlier)  # a manual clock may go back: tests need it
    assert clock.now() == earlier
    clock.advance(minutes=1)
    assert clock.now().isoformat() == "2026-06-01T07:11:00+01:00"


# -- clock_from_environment --------------------------------------------------------------------


@pytest.fixture
def london_machine(monkeypatch):
    """Pretend the machine is in London, whatever TZ the test runner has."""
    monkeypatch.setattr(clock_module, "detect_zone", lambda: LONDON)


def test_pinned_instant_is_honoured_and_time_runs_forward(monkeypatch, london_machine):
    monkeypatch.setenv(NOW_VARIABLE, "2026-10-24T19:30:00+01:00")
    pin = pendulum.datetime(2026, 10, 24, 18, 30, tz="UTC")
    clock = clock_from_environment()
    first = clock.now()
    second = clock.now()
    assert second >= first
    assert second.timestamp() >= first.timestamp()
    for reading in (first, second):
        assert 0 <= reading.timestamp() - pin.timestamp() < 1
    assert first.tzinfo.key == LONDON
    assert clock.zone == LONDON


def test_pinned_clock_moves_with_elapsed_wall_time(monkeypatch, london_machine):
    """Drive the SystemClock's own time source by hand: 90 s later reads 90 s later."""
    fake = types.SimpleNamespace(now=1_000_000.0)
    monkeypatch.setattr(clock_module, "time", types.SimpleNamespace(time=lambda: fake.now))
    monkeypatch.setenv(NOW_VARIABLE, "2026-10-25T01:30:00+01:00")  # the first 01:30
    clock = clock_from_environment()
    assert clock.now().strftime("%H:%M:%S %z") == "01:30:00 +0100"
    fake.now += 90
    assert clock.now().strftime("%H:%M:%S %z") == "01:31:30 +0100"
    fake.now += 3600  # an hour later the clocks have gone back
    assert clock.now().strftime("%H:%M:%S %z") == "01:31:30 +0000"


def test_pinned_instant_with_z_suffix_and_other_offset(monkeypatch, london_machine):
    monkeypatch.setattr(clock_module, "time", types.SimpleNamespace(time=lambda: 5.0))
    monkeypatch.setenv(NOW_VARIABLE, "  2026-06-17T06:10:00Z  ")
    assert clock_from_environment().now().isoformat() == "2026-06-17T07:10:00+01:00"
    monkeypatch.setenv(NOW_VARIABLE, "2026-06-17T15:10:00+09:00")
    assert clock_from_environment().now().isoformat() == "2026-06-17T07:10:00+01:00"


def test_unset_or_blank_means_the_real_clock(monkeypatch, london_machine):
    monkeypatch.delenv(NOW_VARIABLE, raising=False)
    assert isinstance(clock_from_environment(), SystemClock)
    monkeypatch.setenv(NOW_VARIABLE, "   ")
    clock = clock_from_environment()
    assert isinstance(clock, SystemClock)
    assert clock.zone == LONDON


@pytest.mark.parametrize("value", ["2026-10-24T19:30:00", "2026-10-24 19:30", "2026-10-24"])
def test_pinned_value_without_offset_is_refused(monkeypatch, london_machine, value):
    monkeypatch.setenv(NOW_VARIABLE, value)
    with pytest.raises(CompanionError) as caught:
        clock_from_environment()
    assert NOW_VARIABLE in str(caught.value)
    assert "offset" in str(caught.value)


@pytest.mark.parametrize("value", ["tonight", "19:30", "2026-13-01T19:30:00+01:00", "2026-10-24T19:30:00+25:00", "-10m"])
def test_pinned_garbage_is_refused(monkeypatch, london_machine, value):
    monkeypatch.setenv(NOW_VARIABLE, value)
    with pytest.raises(CompanionError) as caught:
        clock_from_environment()
    assert NOW_VARIABLE in str(caught.value)


def test_system_clock_pinned_directly():
    pin = pendulum.datetime(2026, 6, 17, 19, 30, tz=LONDON)
    clock = SystemClock("Asia/Tokyo", pinned=pin)
    reading = clock.now()
    assert reading.tzinfo.key == "Asia/Tokyo"
    assert timedelta(0) <= reading - pin < timedelta(seconds=1)
