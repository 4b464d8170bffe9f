"""Rule E5: which night an instant belongs to, and durations across daylight-saving changes.

Every instant here is explicit. Instants in a repeated hour are built with `fold` (0 = the
first occurrence, 1 = the second) and checked against their UTC offset, because pendulum's
`==` and `<` compare wall clocks and can't tell the two apart.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest

from companion.domain.night import (
    describe_duration,
    elapsed,
    from_storage,
    last_night,
    night_of,
    night_start,
    to_storage,
)

LONDON = "Europe/London"
NEW_YORK = "America/New_York"
TOKYO = "Asia/Tokyo"
ZONES = (LONDON, NEW_YORK, TOKYO, "UTC")

# 2026 daylight-saving days.
LONDON_FORWARD = date(2026, 3, 29)  # 01:00 GMT -> 02:00 BST
LONDON_BACK = date(2026, 10, 25)  # 02:00 BST -> 01:00 GMT (01:00-01:59 happens twice)
NY_FORWARD = date(2026, 3, 8)  # 02:00 EST -> 03:00 EDT
NY_BACK = date(2026, 11, 1)  # 02:00 EDT -> 01:00 EST (01:00-01:59 happens twice)

FALL_BACK = {LONDON: LONDON_BACK, NEW_YORK: NY_BACK}
SPRING_FORWARD = {LONDON: LONDON_FORWARD, NEW_YORK: NY_FORWARD}


def local(zone: str, day: date, hour: int, minute: int = 0, second: int = 0, micro: int = 0, *, fold: int = 0):
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, second, micro, tz=zone, fold=fold)


def naive_night_of(instant, zone: str) -> date:
    """The tempting wrong rule (PITFALLS.md): twelve real hours back, then take the date."""
    return instant.in_tz(zone).subtract(hours=12).date()


# -- night_of on ordinary days --------------------------------------------------------------


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("hour", "minute", "second", "expected_offset_days"),
    [
        (19, 30, 0, 0),  # bedtime: tonight
        (23, 59, 0, 0),  # still the same evening
        (23, 59, 59, 0),
        (0, 0, 0, -1),  # midnight: the night that began yesterday evening
        (2, 10, 0, -1),
        (7, 10, 0, -1),
        (11, 59, 59, -1),  # the last second before noon
        (12, 0, 0, 0),  # noon starts a new night
        (12, 0, 1, 0),
    ],
)
def test_night_of_ordinary_day(zone, hour, minute, second, expected_offset_days):
    day = date(2026, 6, 17)
    instant = local(zone, day, hour, minute, second)
    assert night_of(instant, zone) == day + timedelta(days=expected_offset_days)


def test_night_of_last_microsecond_before_noon_is_previous_night():
    day = date(2026, 6, 17)
    instant = local(LONDON, day, 11, 59, 59, 999_999)
    assert night_of(instant, LONDON) == day - timedelta(days=1)


def test_night_of_reads_the_household_zone_not_the_instants_zone():
    # 23:30 UTC on 17 June is 08:30 on 18 June in Tokyo and 19:30 on 17 June in New York.
    instant = pendulum.datetime(2026, 6, 17, 23, 30, tz="UTC")
    assert night_of(instant, "UTC") == date(2026, 6, 17)
    assert night_of(instant, TOKYO) == date(2026, 6, 17)  # morning of the 18th: night of the 17th
    assert night_of(instant, NEW_YORK) == date(2026, 6, 17)
    # 03:30 UTC on the 18th is 12:30 in Tokyo (a new night) and 23:30 on the 17th in New York.
    later = pendulum.datetime(2026, 6, 18, 3, 30, tz="UTC")
    assert night_of(later, TOKYO) == date(2026, 6, 18)
    assert night_of(later, NEW_YORK) == date(2026, 6, 17)


def test_night_of_crosses_month_and_year_ends():
    assert night_of(local(LONDON, date(2027, 1, 1), 3, 0), LONDON) == date(2026, 12, 31)
    assert night_of(local(LONDON, date(2026, 3, 1), 3, 0), LONDON) == date(2026, 2, 28)
    assert night_of(local(LONDON, date(2028, 3, 1), 3, 0), LONDON) == date(2028, 2, 29)


@pytest.mark.parametrize("zone", ZONES)
def test_night_start_is_noon_and_the_first_instant_of_the_night(zone):
    for night in (date(2026, 6, 17), LONDON_BACK, LONDON_FORWARD, NY_BACK, NY_FORWARD):
        start = night_start(night, zone)
        assert (start.hour, start.minute, start.second) == (12, 0, 0)
        assert start.astimezone(ZoneInfo(zone)).date() == night
        assert night_of(start, zone) == night
        assert night_of(start - timedelta(microseconds=1), zone) == night - timedelta(days=1)


# -- night_of on daylight-saving days ---------------------------------------------------------


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
@pytest.mark.parametrize("fold", [0, 1])
def test_night_of_repeated_hour_belongs_to_previous_evening(zone, fold):
    day = FALL_BACK[zone]
    instant = local(zone, day, 1, 30, fold=fold)
    # Guard the fixture: the two occurrences are an hour apart in real time.
    first, second = local(zone, day, 1, 30, fold=0), local(zone, day, 1, 30, fold=1)
    assert second.timestamp() - first.timestamp() == 3600
    assert night_of(instant, zone) == day - timedelta(days=1)


def test_night_of_both_occurrences_of_0130_in_london_utc_check():
    first = pendulum.datetime(2026, 10, 25, 0, 30, tz="UTC")  # 01:30 BST
    second = pendulum.datetime(2026, 10, 25, 1, 30, tz="UTC")  # 01:30 GMT
    assert first.in_tz(LONDON).strftime("%H:%M %z") == "01:30 +0100"
    assert second.in_tz(LONDON).strftime("%H:%M %z") == "01:30 +0000"
    assert night_of(first, LONDON) == night_of(second, LONDON) == date(2026, 10, 24)


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
def test_night_of_1130_on_fall_back_day_is_previous_night_where_naive_rule_fails(zone):
    day = FALL_BACK[zone]
    instant = local(zone, day, 11, 30)
    assert night_of(instant, zone) == day - timedelta(days=1)
    # The case distinguishes: twelve real hours before 11:30 is 00:30 the same day,
    # because the clocks went back an hour in between.
    assert naive_night_of(instant, zone) == day


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
def test_night_of_1230_on_fall_back_day_is_the_new_night(zone):
    day = FALL_BACK[zone]
    instant = local(zone, day, 12, 30)
    assert night_of(instant, zone) == day
    # Both rules agree here (12 h back lands in the repeated hour, still the same date).
    assert naive_night_of(instant, zone) == day


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
def test_night_of_on_spring_forward_day(zone):
    day = SPRING_FORWARD[zone]
    assert night_of(local(zone, day, 11, 30), zone) == day - timedelta(days=1)
    assert night_of(local(zone, day, 11, 59, 59), zone) == day - timedelta(days=1)
    assert night_of(local(zone, day, 12, 0), zone) == day
    # 12:30 is a new night, but twelve real hours back is 23:30 the day before (the day
    # was an hour short): the naive rule gets this one wrong.
    after_noon = local(zone, day, 12, 30)
    assert night_of(after_noon, zone) == day
    assert naive_night_of(after_noon, zone) == day - timedelta(days=1)


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
def test_night_of_on_fall_back_day_every_minute_follows_the_wall_clock(zone):
    day = FALL_BACK[zone]
    instant = pendulum.datetime(day.year, day.month, day.day, tz="UTC").subtract(hours=14)
    end = instant.add(hours=48)
    while instant < end:
        wall = instant.in_tz(zone)
        expected = wall.date() - timedelta(days=1) if wall.hour < 12 else wall.date()
        assert night_of(instant, zone) == expected, wall.isoformat()
        instant = instant.add(minutes=10)


def test_night_of_in_tokyo_has_no_surprises_on_the_western_dst_days():
    for day in (LONDON_FORWARD, LONDON_BACK, NY_FORWARD, NY_BACK):
        assert night_of(local(TOKYO, day, 1, 30), TOKYO) == day - timedelta(days=1)
        assert night_of(local(TOKYO, day, 11, 30), TOKYO) == day - timedelta(days=1)
        assert night_of(local(TOKYO, day, 12, 30), TOKYO) == day
        assert naive_night_of(local(TOKYO, day, 11, 30), TOKYO) == day - timedelta(days=1)


# -- elapsed --------------------------------------------------------------------------------


def test_elapsed_over_london_fall_back_is_twelve_hours():
    bed = local(LONDON, date(2026, 10, 24), 19, 30)
    woke = local(LONDON, date(2026, 10, 25), 6, 30)
    assert bed.strftime("%z") == "+0100" and woke.strftime("%z") == "+0000"
    assert elapsed(bed, woke) == timedelta(hours=12)


def test_elapsed_over_london_spring_forward_is_ten_hours():
    bed = local(LONDON, date(2026, 3, 28), 19, 30)
    woke = local(LONDON, date(2026, 3, 29), 6, 30)
    assert bed.strftime("%z") == "+0000" and woke.strftime("%z") == "+0100"
    assert elapsed(bed, woke) == timedelta(hours=10)


def test_elapsed_over_new_york_fall_back_is_twelve_hours():
    bed = local(NEW_YORK, date(2026, 10, 31), 19, 30)
    woke = local(NEW_YORK, date(2026, 11, 1), 6, 30)
    assert bed.strftime("%z") == "-0400" and woke.strftime("%z") == "-0500"
    assert elapsed(bed, woke) == timedelta(hours=12)


def test_elapsed_over_new_york_spring_forward_is_ten_hours():
    bed = local(NEW_YORK, date(2026, 3, 7), 19, 30)
    woke = local(NEW_YORK, date(2026, 3, 8), 6, 30)
    assert bed.strftime("%z") == "-0500" and woke.strftime("%z") == "-0400"
    assert elapsed(bed, woke) == timedelta(hours=10)


def test_elapsed_in_tokyo_is_the_plain_difference():
    bed = local(TOKYO, date(2026, 10, 24), 19, 30)
    woke = local(TOKYO, date(2026, 10, 25), 6, 30)
    assert elapsed(bed, woke) == timedelta(hours=11)


def test_elapsed_within_the_repeated_hour_uses_true_order():
    first = local(LONDON, LONDON_BACK, 1, 30, fold=0)  # 01:30 BST
    second = local(LONDON, LONDON_BACK, 1, 10, fold=1)  # 01:10 GMT, forty minutes later
    assert elapsed(first, second) == timedelta(minutes=40)
    assert elapsed(second, first) == timedelta(minutes=-40)


def test_elapsed_between_instants_given_in_different_zones():
    bed = local(LONDON, date(2026, 10, 24), 19, 30)
    woke_in_tokyo = local(LONDON, date(2026, 10, 25), 6, 30).in_tz(TOKYO)
    assert elapsed(bed, woke_in_tokyo) == timedelta(hours=12)


# -- storage ----------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
@pytest.mark.parametrize("fold", [0, 1])
def test_storage_round_trip_in_the_repeated_hour_keeps_microseconds_and_offset(zone, fold):
    instant = local(zone, FALL_BACK[zone], 1, 30, 15, 123_456, fold=fold)
    text = to_storage(instant)
    back = from_storage(text, zone)
    assert back.timestamp() == instant.timestamp()
    assert back.microsecond == 123_456
    assert back.utcoffset() == instant.utcoffset()
    assert back.isoformat() == instant.isoformat()
    assert back.tzinfo.key == zone
    assert to_storage(back) == text


def test_to_storage_is_utc_iso_with_microseconds():
    first = local(LONDON, LONDON_BACK, 1, 30, fold=0)
    second = local(LONDON, LONDON_BACK, 1, 30, fold=1)
    assert to_storage(first) == "2026-10-25T00:30:00.000000+00:00"
    assert to_storage(second) == "2026-10-25T01:30:00.000000+00:00"
    assert to_storage(local(TOKYO, date(2026, 6, 17), 19, 30, 0, 5)) == "2026-06-17T10:30:00.000005+00:00"


@pytest.mark.parametrize("zone", ZONES)
def test_storage_round_trip_on_ordinary_and_dst_days(zone):
    for day in (date(2026, 6, 17), LONDON_FORWARD, LONDON_BACK, NY_FORWARD, NY_BACK):
        for hour in (0, 1, 3, 12, 19, 23):
            instant = local(zone, day, hour, 7, 9, 999_999)
            back = from_storage(to_storage(instant), zone)
            assert back.isoformat() == instant.isoformat()
            assert back.timestamp() == instant.timestamp()


def test_storage_strings_sort_in_true_time_order_in_the_repeated_hour():
    earlier = local(LONDON, LONDON_BACK, 1, 30, fold=0)  # 01:30 BST = 00:30 UTC
    later = local(LONDON, LONDON_BACK, 1, 10, fold=1)  # 01:10 GMT = 01:10 UTC
    assert later.timestamp() > earlier.timestamp()
    # The wall clock says the other thing ...
    assert earlier.strftime("%H:%M") > later.strftime("%H:%M")
    # ... but the stored text sorts the way time went.
    assert to_storage(earlier) < to_storage(later)
    assert sorted([to_storage(later), to_storage(earlier)]) == [to_storage(earlier), to_storage(later)]


def test_storage_strings_sort_in_true_time_order_across_a_whole_night():
    start = local(NEW_YORK, date(2026, 10, 31), 18, 0)
    instants = [start.add(minutes=7 * k) for k in range(200)]  # crosses the repeated hour
    texts = [to_storage(instant) for instant in instants]
    assert texts == sorted(texts)
    assert len(set(texts)) == len(texts)


def test_from_storage_accepts_other_offsets_and_returns_the_household_zone():
    back = from_storage("2026-10-24T19:30:00.000000+01:00", LONDON)
    assert back.tzinfo.key == LONDON
    assert back.isoformat() == "2026-10-24T19:30:00+01:00"
    # Day arithmetic then follows the zone's rules, not a fixed +01:00.
    assert (back + timedelta(days=1)).isoformat() == "2026-10-25T19:30:00+00:00"


@pytest.mark.parametrize("text", ["2026-10-25T01:30:00", "2026-10-25T01:30:00.000000", "2026-10-25"])
def test_from_storage_rejects_a_string_without_offset(text):
    with pytest.raises(ValueError):
        from_storage(text, LONDON)


def test_from_storage_rejects_garbage():
    with pytest.raises(ValueError):
        from_storage("last tuesday", LONDON)


# -- last_night -----------------------------------------------------------------------------


def test_last_night_in_the_morning_is_yesterdays_evening():
    saturday_morning = local(LONDON, date(2026, 6, 20), 7, 10)
    assert saturday_morning.format("dddd") == "Saturday"
    assert last_night(saturday_morning, LONDON) == date(2026, 6, 19)  # Friday


def test_last_night_in_the_evening_is_the_evening_before_today():
    friday_evening = local(LONDON, date(2026, 6, 19), 19, 0)
    assert friday_evening.format("dddd") == "Friday"
    assert last_night(friday_evening, LONDON) == date(2026, 6, 18)  # Thursday


def test_last_night_uses_the_household_zone():
    # 07:10 Saturday in London is 02:10 Saturday in New York and 15:10 Saturday in Tokyo.
    instant = local(LONDON, date(2026, 6, 20), 7, 10)
    assert last_night(instant, NEW_YORK) == date(2026, 6, 19)
    assert last_night(instant, TOKYO) == date(2026, 6, 19)
    # 23:30 Friday in New York is already Saturday in London.
    late = local(NEW_YORK, date(2026, 6, 19), 23, 30)
    assert last_night(late, NEW_YORK) == date(2026, 6, 18)
    assert last_night(late, LONDON) == date(2026, 6, 19)


def test_last_night_on_the_fall_back_morning():
    morning = local(LONDON, LONDON_BACK, 7, 10)
    assert last_night(morning, LONDON) == date(2026, 10, 24)
    in_repeated_hour = local(LONDON, LONDON_BACK, 1, 30, fold=1)
    assert last_night(in_repeated_hour, LONDON) == date(2026, 10, 24)


# -- describe_duration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(seconds=40), "40 s"),
        (timedelta(0), "0 s"),
        (timedelta(seconds=59), "59 s"),
        (timedelta(seconds=60), "1 min"),
        (timedelta(minutes=12), "12 min"),
        (timedelta(minutes=12, seconds=59), "12 min"),
        (timedelta(minutes=59), "59 min"),
        (timedelta(hours=1), "1 h 00 min"),
        (timedelta(hours=1, minutes=5), "1 h 05 min"),
        (timedelta(hours=2, minutes=40), "2 h 40 min"),
        (timedelta(hours=12), "12 h 00 min"),
        (timedelta(hours=26, minutes=1), "26 h 01 min"),
        (timedelta(seconds=-40), "-40 s"),
        (timedelta(minutes=-12), "-12 min"),
        (timedelta(hours=-1, minutes=-5), "-1 h 05 min"),
    ],
)
def test_describe_duration(span, text):
    assert describe_duration(span) == text
