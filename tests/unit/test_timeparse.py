"""Times typed into the night log land in the right night, or are refused with a reason (E4, E5)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pendulum
import pytest

from companion.domain.errors import InvalidInput
from companion.domain.timeparse import parse_night_time

LONDON = "Europe/London"
NIGHT = date(2026, 11, 20)


def at(text: str, *, now: datetime, night: date = NIGHT, zone: str = LONDON) -> datetime:
    return parse_night_time(text, night=night, now=now, zone=zone).at


def wall(instant: datetime, zone: str = LONDON) -> tuple[date, int, int]:
    local = pendulum.instance(instant).in_tz(zone)
    return local.date(), local.hour, local.minute


MORNING = pendulum.datetime(2026, 11, 21, 3, 30, tz=LONDON)  # 03:30, still the night of the 20th


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("21:05", (date(2026, 11, 20), 21, 5)),
        ("9:05pm", (date(2026, 11, 20), 21, 5)),
        ("9:05 PM", (date(2026, 11, 20), 21, 5)),
        ("2:10", (date(2026, 11, 21), 2, 10)),
        ("02:10", (date(2026, 11, 21), 2, 10)),
        ("2.10", (date(2026, 11, 21), 2, 10)),
        ("12am", (date(2026, 11, 21), 0, 0)),
        ("0:00", (date(2026, 11, 21), 0, 0)),
        ("12:00", (date(2026, 11, 20), 12, 0)),
        ("23:59", (date(2026, 11, 20), 23, 59)),
    ],
)
def test_clock_times_have_one_place_in_the_night(typed: str, expected) -> None:
    assert wall(at(typed, now=MORNING)) == expected


@pytest.mark.parametrize(("typed", "minutes"), [("now", 0), ("", 0), ("-10m", 10), ("-10 min", 10), ("-1h", 60), ("-1h30m", 90)])
def test_now_and_relative_times_count_back_from_now(typed: str, minutes: int) -> None:
    assert MORNING.timestamp() - at(typed, now=MORNING).timestamp() == minutes * 60


@pytest.mark.parametrize("typed", ["25:99", "24:00", "12:60", "abc", "-", "13pm", "0am", "21:5", "--10m", "10m"])
def test_impossible_times_are_refused_with_what_to_type(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        at(typed, now=MORNING)
    assert str(refused.value)


def test_a_time_still_to_come_is_refused() -> None:
    evening = pendulum.datetime(2026, 11, 20, 21, 30, tz=LONDON)
    with pytest.raises(InvalidInput, match="still to come"):
        at("2:10", now=evening)
    assert wall(at("21:31", now=evening)) == (date(2026, 11, 20), 21, 31)  # a minute's grace for slow fingers


def test_a_relative_time_outside_the_night_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not in the night of Fri 20 Nov"):
        at("-16h", now=MORNING)  # 11:30 on the 20th: before that night began


def test_now_on_an_earlier_night_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not in the night of"):
        at("now", now=MORNING, night=date(2026, 11, 18))


def test_a_missing_time_on_the_spring_forward_night_is_refused() -> None:
    morning = pendulum.datetime(2026, 3, 29, 9, 0, tz=LONDON)
    with pytest.raises(InvalidInput, match="clocks went forward"):
        at("1:30", now=morning, night=date(2026, 3, 28))
    assert wall(at("2:30", now=morning, night=date(2026, 3, 28))) == (date(2026, 3, 29), 2, 30)


def test_a_repeated_time_on_the_fall_back_night_takes_the_first_and_says_so() -> None:
    morning = pendulum.datetime(2026, 10, 25, 9, 0, tz=LONDON)
    parsed = parse_night_time("1:30", night=date(2026, 10, 24), now=morning, zone=LONDON)
    assert parsed.at.astimezone(timezone.utc) == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)  # 01:30 BST
    assert "happened twice" in parsed.note
    plain = parse_night_time("3:30", night=date(2026, 10, 24), now=morning, zone=LONDON)
    assert plain.note == ""


def test_relative_times_are_true_elapsed_time_across_the_fall_back_change() -> None:
    # 01:10 GMT, the second time round; an hour earlier was 01:10 BST, not 00:10.
    now = pendulum.datetime(2026, 10, 25, 1, 10, tz=LONDON, fold=1)
    earlier = at("-1h", now=now, night=date(2026, 10, 24))
    assert now.timestamp() - earlier.timestamp() == 3600
    assert earlier.astimezone(timezone.utc) == datetime(2026, 10, 25, 0, 10, tzinfo=timezone.utc)


def test_new_york_and_a_zone_without_dst() -> None:
    ny_morning = pendulum.datetime(2026, 11, 1, 8, 0, tz="America/New_York")
    parsed = parse_night_time("1:30", night=date(2026, 10, 31), now=ny_morning, zone="America/New_York")
    assert parsed.note and parsed.at.astimezone(timezone.utc).hour == 5  # 01:30 EDT = 05:30 UTC
    tokyo_morning = pendulum.datetime(2026, 11, 21, 7, 0, tz="Asia/Tokyo")
    assert wall(at("23:15", now=tokyo_morning, zone="Asia/Tokyo"), "Asia/Tokyo") == (date(2026, 11, 20), 23, 15)
