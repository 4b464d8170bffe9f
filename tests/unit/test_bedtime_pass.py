"""The bedtime pass (rules P1–P3, P5, issue 4 points 4–6, 9): the plan's passes night by night
(baseline and fading phases), and a night's passes, trip and counts folded from its records on
a manual clock.

Every instant is explicit, in Europe/London. Instants in the repeated hour of the night clocks
go back are built with `fold` (0: the first 01:xx, BST; 1: the second, GMT).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest

from companion.clock import ManualClock
from companion.domain.bedtime_pass import (
    DEFAULT_PASSES,
    DEFAULT_TRIP_MINUTES,
    QUICK_REASONS,
    REASON_LIMIT,
    PassPlan,
    check_redeem,
    pass_night,
)
from companion.domain.errors import InvalidInput
from companion.domain.night_log import EventKind, NightEvent
from tests.unit.records import FALL_BACK_NIGHT, TONIGHT, ev, t

PLAN_START = date(2026, 11, 2)  # a Monday




def used(
    at: datetime,
    reason: str = "a drink",
    seconds: int | None = DEFAULT_TRIP_MINUTES * 60,
    *,
    undone: datetime | None = None,
) -> NightEvent:
    return ev(EventKind.PASS_USED, at, reason, seconds=seconds, undone=undone)


def back(pass_used: NightEvent, at: datetime) -> NightEvent:
    return ev(EventKind.PASS_BACK, at, ref=pass_used.id)


def counts(side: dict[EventKind, int]) -> tuple[int, int, int]:
    """(call-outs, got up / came out, came to the parents' bed)."""
    return side[EventKind.CALLED_OUT], side[EventKind.GOT_UP], side[EventKind.PARENTS_BED]


def nights_from(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# -- the plan: passes a night, baseline and fading (P1, P5) --------------------------------


def test_a_plain_plan_gives_one_pass_every_night() -> None:
    plan = PassPlan()
    assert DEFAULT_PASSES == 1 and DEFAULT_TRIP_MINUTES == 5
    for night in (date(2020, 1, 1), TONIGHT, date(2036, 12, 31)):
        assert plan.phase_on(night) == "pass"
        assert plan.passes_on(night) == 1


def test_a_plan_with_a_start_and_no_baseline_or_fading_gives_its_passes_from_the_first_night() -> None:
    plan = PassPlan(passes=2, started=PLAN_START)
    for night in nights_from(PLAN_START, PLAN_START + timedelta(days=40)):
        assert (plan.phase_on(night), plan.passes_on(night)) == ("pass", 2)


def test_a_baseline_week_logs_only_then_the_pass_phase_begins() -> None:
    plan = PassPlan(started=PLAN_START, baseline_nights=7)
    week = nights_from(PLAN_START, PLAN_START + timedelta(days=6))
    assert [plan.phase_on(night) for night in week] == ["baseline"] * 7
    assert [plan.passes_on(night) for night in week] == [0] * 7
    first_pass_night = PLAN_START + timedelta(days=7)
    assert plan.phase_on(first_pass_night) == "pass"
    assert plan.passes_on(first_pass_night) == 1
    assert plan.passes_on(first_pass_night + timedelta(days=100)) == 1


def test_fading_from_three_passes_to_one_drops_one_every_seven_nights() -> None:
    plan = PassPlan(passes=1, start_passes=3, fade_every=7, started=PLAN_START)
    nights = nights_from(PLAN_START, PLAN_START + timedelta(days=27))
    assert [plan.passes_on(night) for night in nights] == [3] * 7 + [2] * 7 + [1] * 14
    assert {plan.phase_on(night) for night in nights} == {"pass"}


def test_fading_starts_counting_after_the_baseline_week() -> None:
    plan = PassPlan(passes=1, start_passes=3, fade_every=7, started=PLAN_START, baseline_nights=7)
    nights = nights_from(PLAN_START, PLAN_START + timedelta(days=34))
    assert [plan.phase_on(night) for night in nights] == ["baseline"] * 7 + ["pass"] * 28
    assert [plan.passes_on(night) for night in nights] == [0] * 7 + [3] * 7 + [2] * 7 + [1] * 14


@pytest.mark.parametrize(
    ("passes", "start_passes", "fade_every", "expected"),
    [
        (2, 5, 1, [5, 4, 3, 2, 2, 2, 2]),
        (1, 3, 2, [3, 3, 2, 2, 1, 1, 1]),
        (2, 1, 7, [2, 2, 2, 2, 2, 2, 2]),  # a start below the floor never lowers it
        (1, 4, 0, [4, 3, 2, 1, 1, 1, 1]),  # a fade of 0 nights is read as every night
    ],
)
def test_fading_never_goes_below_the_plans_passes(passes: int, start_passes: int, fade_every: int, expected: list[int]) -> None:
    plan = PassPlan(passes=passes, start_passes=start_passes, fade_every=fade_every, started=PLAN_START)
    nights = nights_from(PLAN_START, PLAN_START + timedelta(days=6))
    assert [plan.passes_on(night) for night in nights] == expected
    assert plan.passes_on(PLAN_START + timedelta(days=3650)) == passes


@pytest.mark.parametrize("baseline_nights", [0, 7])
def test_a_fading_plan_never_gives_more_than_its_start_not_even_before_it_starts(baseline_nights: int) -> None:
    # A family sets the plan up today to start next Monday: tonight is before the plan's first
    # night, and must not get more passes than the plan ever gives.
    plan = PassPlan(passes=1, start_passes=3, fade_every=7, started=PLAN_START, baseline_nights=baseline_nights)
    every_night = nights_from(PLAN_START - timedelta(days=30), PLAN_START + timedelta(days=60))
    over = {night.isoformat(): plan.passes_on(night) for night in every_night if plan.passes_on(night) > 3}
    assert over == {}
    from_start = [plan.passes_on(night) for night in every_night if night >= PLAN_START + timedelta(days=baseline_nights)]
    assert from_start == sorted(from_start, reverse=True)  # fades, never climbs back


# -- a night's passes: left, used, counted before and after (P1, P2) -----------------------


def test_a_night_with_no_pass_used_has_all_its_passes_left() -> None:
    night = pass_night([ev(EventKind.LIGHTS_OUT, t(19, 45)), ev(EventKind.CALLED_OUT, t(20, 0))], allowed=1)
    assert (night.left, night.all_used, night.used) == (1, False, ())
    assert night.trip(t(20, 5)) is None and night.trip_left(t(20, 5)) is None
    assert counts(night.before) == (1, 0, 0)
    assert counts(night.after) == (0, 0, 0)
    assert not night.stayed_in()


def test_using_the_one_pass_leaves_none_and_counts_call_outs_and_come_outs_apart() -> None:
    pass_used = used(t(20, 10), "a drink")
    events = [
        ev(EventKind.LIGHTS_OUT, t(19, 45)),
        ev(EventKind.CALLED_OUT, t(19, 50)),
        ev(EventKind.GOT_UP, t(20, 0)),
        ev(EventKind.BACK_IN_BED, t(20, 2)),
        pass_used,
        back(pass_used, t(20, 13)),
        ev(EventKind.CALLED_OUT, t(20, 30)),
        ev(EventKind.CALLED_OUT, t(20, 35)),
        ev(EventKind.GOT_UP, t(20, 40)),
        ev(EventKind.PARENTS_BED, t(3, 0)),  # after midnight: the same night
    ]
    night = pass_night(list(reversed(events)), allowed=1)
    assert night.used == (pass_used,)
    assert night.used[0].value == "a drink"
    assert (night.left, night.all_used) == (0, True)
    assert counts(night.before) == (1, 1, 0)
    assert counts(night.after) == (2, 1, 1)


def test_with_two_passes_the_rest_of_night_counts_start_after_the_last_one() -> None:
    first, second = used(t(19, 55), "a hug"), used(t(20, 20), "the toilet")
    events = [
        ev(EventKind.CALLED_OUT, t(19, 50)),
        first,
        ev(EventKind.CALLED_OUT, t(20, 5)),  # between the passes: before the last
        second,
        ev(EventKind.CALLED_OUT, t(20, 40)),
        ev(EventKind.GOT_UP, t(21, 0)),
    ]
    one_used = pass_night(events[:3], allowed=2)
    assert (one_used.left, one_used.all_used) == (1, False)

    night = pass_night(events, allowed=2)
    assert night.used == (first, second)
    assert (night.left, night.all_used) == (0, True)
    assert counts(night.before) == (2, 0, 0)
    assert counts(night.after) == (1, 1, 0)


def test_more_passes_recorded_than_allowed_never_leaves_fewer_than_none() -> None:
    night = pass_night([used(t(20, 0)), used(t(20, 30))], allowed=1)
    assert night.left == 0 and night.all_used


def test_an_undone_pass_is_given_back_and_undone_counts_are_not_counted() -> None:
    mis_key = used(t(20, 10), undone=t(20, 10, 30))
    events = [
        ev(EventKind.CALLED_OUT, t(20, 0)),
        mis_key,
        ev(EventKind.CALLED_OUT, t(20, 20)),
        ev(EventKind.GOT_UP, t(20, 25), undone=t(20, 26)),
    ]
    night = pass_night(events, allowed=1)
    assert night.used == ()
    assert (night.left, night.all_used) == (1, False)
    assert counts(night.before) == (2, 0, 0)
    assert counts(night.after) == (0, 0, 0)


def test_before_and_after_follow_real_time_in_the_repeated_hour() -> None:
    pass_used = used(t(1, 30, night=FALL_BACK_NIGHT, fold=0))  # 01:30 BST
    events = [
        ev(EventKind.CALLED_OUT, t(1, 20, night=FALL_BACK_NIGHT, fold=0)),  # 01:20 BST: before
        pass_used,
        ev(EventKind.CALLED_OUT, t(1, 40, night=FALL_BACK_NIGHT, fold=0)),  # 01:40 BST: after
        ev(EventKind.GOT_UP, t(1, 10, night=FALL_BACK_NIGHT, fold=1)),  # 01:10 GMT: 40 min after
    ]
    night = pass_night(events, allowed=1)
    assert counts(night.before) == (1, 0, 0)
    assert counts(night.after) == (1, 1, 0)


def test_a_baseline_night_has_no_pass_and_nothing_counted_after() -> None:
    night = pass_night([ev(EventKind.CALLED_OUT, t(20, 0)), ev(EventKind.GOT_UP, t(20, 30))], allowed=0)
    assert (night.allowed, night.left, night.all_used) == (0, 0, False)
    assert counts(night.before) == (1, 1, 0)
    assert counts(night.after) == (0, 0, 0)


# -- the trip (P1, Q3-style deadlines) -----------------------------------------------------


def test_a_trip_runs_until_its_deadline_five_minutes_by_default() -> None:
    clock = ManualClock(t(20, 10))
    pass_used = used(clock.now(), seconds=None)  # no stored length: the default five minutes
    night = pass_night([pass_used], allowed=1)
    assert night.trip(clock.now()) == (pass_used, t(20, 15))
    assert night.trip_left(clock.now()) == timedelta(minutes=5)

    clock.advance(minutes=4, seconds=59)
    assert night.trip_left(clock.now()) == timedelta(seconds=1)
    clock.advance(seconds=1)  # exactly the deadline: the trip time is up
    assert night.trip(clock.now()) is None
    assert night.trip_left(clock.now()) is None


def test_a_trip_keeps_the_length_it_was_started_with() -> None:
    pass_used = used(t(20, 10), seconds=120)
    night = pass_night([pass_used], allowed=1)
    assert night.trip(t(20, 11)) == (pass_used, t(20, 12))
    assert night.trip_left(t(20, 11, 30)) == timedelta(seconds=30)
    assert night.trip(t(20, 12)) is None


def test_trip_left_is_never_negative_and_none_once_the_time_is_up() -> None:
    clock = ManualClock(t(20, 10))
    night = pass_night([used(clock.now())], allowed=1)
    readings = []
    for _ in range(4 * 7 * 60):  # seven minutes in quarter seconds
        readings.append((clock.now(), night.trip_left(clock.now())))
        clock.advance(seconds=0.25)
    running = [left for now, left in readings if left is not None]
    assert min(running) > timedelta(0)
    assert all(left is None for now, left in readings if now >= t(20, 15))
    assert all(left is not None for now, left in readings if now < t(20, 15))


def test_a_ten_minute_jump_during_a_trip_lands_after_it() -> None:
    clock = ManualClock(t(20, 10))
    night = pass_night([used(clock.now())], allowed=1)
    clock.advance(minutes=10)
    assert night.trip(clock.now()) is None and night.trip_left(clock.now()) is None


def test_back_in_the_room_ends_the_trip_early_and_undoing_it_resumes_the_trip() -> None:
    pass_used = used(t(20, 10))
    returned = back(pass_used, t(20, 12))
    night = pass_night([pass_used, returned], allowed=1)
    assert night.backs == {pass_used.id: returned}
    assert night.trip(t(20, 12, 30)) is None
    assert night.trip_left(t(20, 12, 30)) is None
    assert night.left == 0  # coming back doesn't give the pass back

    resumed = pass_night([pass_used, returned._replace(undone=t(20, 12, 10))], allowed=1)
    assert resumed.backs == {}
    assert resumed.trip_left(t(20, 12, 30)) == timedelta(minutes=2, seconds=30)


def test_a_later_pass_ends_the_trip_of_an_earlier_one() -> None:
    # Fading phase, three passes. A hug at 20:00 (the parent never pressed "back"), the toilet
    # at 20:02, back in the room at 20:04: the child is in bed, and no trip is running. Only the
    # latest pass can be out on a trip; the first one's trip ended when the second was used.
    hug = used(t(20, 0), "a hug")
    toilet = used(t(20, 2), "the toilet")
    out = pass_night([hug, toilet], allowed=3)
    assert out.trip(t(20, 3)) == (toilet, t(20, 7))  # while the second trip runs, it is the one shown
    night = pass_night([hug, toilet, back(toilet, t(20, 4))], allowed=3)
    assert night.trip(t(20, 4, 30)) is None
    assert night.trip_left(t(20, 4, 30)) is None


def test_a_trip_across_the_fall_back_change_lasts_five_real_minutes() -> None:
    pass_used = used(t(1, 58, night=FALL_BACK_NIGHT, fold=0))  # 01:58 BST
    night = pass_night([pass_used], allowed=1)
    _, deadline = night.trip(t(1, 59, night=FALL_BACK_NIGHT, fold=0))
    assert deadline.utcoffset() == timedelta(0) and (deadline.hour, deadline.minute) == (1, 3)  # 01:03 GMT
    assert night.trip_left(t(1, 1, night=FALL_BACK_NIGHT, fold=1)) == timedelta(minutes=2)
    assert night.trip(t(1, 3, night=FALL_BACK_NIGHT, fold=1)) is None


# -- stayed in and the morning reward (P3, P5) ---------------------------------------------


def test_stayed_in_when_a_pass_was_used_and_no_come_out_followed() -> None:
    pass_used = used(t(20, 10))
    came_out_before = ev(EventKind.GOT_UP, t(20, 0))
    called_out_after = ev(EventKind.CALLED_OUT, t(20, 30))  # calling out is not coming out
    assert pass_night([came_out_before, pass_used, called_out_after], allowed=1).stayed_in()


@pytest.mark.parametrize("kind", [EventKind.GOT_UP, EventKind.PARENTS_BED])
def test_a_come_out_after_the_pass_means_not_stayed_in(kind: EventKind) -> None:
    night = pass_night([used(t(20, 10)), ev(kind, t(2, 30))], allowed=1)
    assert not night.stayed_in()
    assert not night.earns_reward(PassPlan(reward_unused=True))


def test_an_undone_come_out_after_the_pass_does_not_spoil_the_night() -> None:
    night = pass_night([used(t(20, 10)), ev(EventKind.GOT_UP, t(21, 0), undone=t(21, 0, 5))], allowed=1)
    assert night.stayed_in()


def test_without_a_pass_used_the_child_has_not_stayed_in_after_it() -> None:
    assert not pass_night([], allowed=1).stayed_in()


def test_the_reward_for_using_the_pass_and_staying_in() -> None:
    night = pass_night([used(t(20, 10)), ev(EventKind.FELL_ASLEEP, t(20, 40))], allowed=1)
    assert night.earns_reward(PassPlan())
    assert night.earns_reward(PassPlan(reward_unused=True))


def test_an_unused_pass_earns_the_reward_only_when_the_family_chose_so() -> None:
    night = pass_night([ev(EventKind.LIGHTS_OUT, t(19, 45)), ev(EventKind.FELL_ASLEEP, t(20, 5))], allowed=1)
    assert not night.earns_reward(PassPlan(reward_unused=False))
    assert night.earns_reward(PassPlan(reward_unused=True))


def test_a_baseline_night_earns_no_pass_reward() -> None:
    night = pass_night([ev(EventKind.FELL_ASLEEP, t(20, 5))], allowed=0)
    assert not night.earns_reward(PassPlan(reward_unused=True, started=PLAN_START, baseline_nights=7))


# -- passes reset each night (P3) ----------------------------------------------------------


def test_passes_reset_each_night() -> None:
    # Three evenings' records as they happened, folded night by night (the noon rule).
    first = used(t(21, 0, night=TONIGHT))
    third = used(t(19, 50, night=TONIGHT + timedelta(days=2)))
    records = [
        ev(EventKind.LIGHTS_OUT, t(19, 45, night=TONIGHT)),
        first,
        back(first, t(21, 4, night=TONIGHT)),
        ev(EventKind.GOT_UP, t(1, 0, night=TONIGHT)),  # Saturday 01:00: still Friday's night
        ev(EventKind.CALLED_OUT, t(11, 59, night=TONIGHT)),  # Saturday 11:59: still Friday's night
        ev(EventKind.CALLED_OUT, t(12, 0, night=TONIGHT + timedelta(days=1))),  # Saturday noon: Saturday's
        ev(EventKind.LIGHTS_OUT, t(19, 40, night=TONIGHT + timedelta(days=1))),
        third,
    ]
    by_night: dict[date, list[NightEvent]] = defaultdict(list)
    for record in records:
        by_night[record.night].append(record)
    assert sorted(by_night) == [TONIGHT, TONIGHT + timedelta(days=1), TONIGHT + timedelta(days=2)]

    plan = PassPlan()
    nights = {night: pass_night(by_night[night], plan.passes_on(night)) for night in sorted(by_night)}
    friday, saturday, sunday = (nights[night] for night in sorted(nights))
    assert (friday.left, friday.all_used, friday.used) == (0, True, (first,))
    assert counts(friday.after) == (1, 1, 0)
    assert not friday.stayed_in()
    assert (saturday.left, saturday.all_used, saturday.used) == (1, False, ())  # Friday's pass doesn't carry over
    assert counts(saturday.before) == (1, 0, 0)
    assert (sunday.left, sunday.used) == (0, (third,))
    assert sunday.stayed_in()
    assert pass_night([], plan.passes_on(TONIGHT + timedelta(days=3))).left == 1


def test_a_fading_plan_resets_to_that_nights_allowance() -> None:
    plan = PassPlan(passes=1, start_passes=3, fade_every=7, started=PLAN_START)
    last_of_three = PLAN_START + timedelta(days=6)
    first_of_two = PLAN_START + timedelta(days=7)
    three_used = [used(t(19, 50 + n, night=last_of_three)) for n in range(3)]
    assert pass_night(three_used, plan.passes_on(last_of_three)).left == 0
    assert pass_night([], plan.passes_on(first_of_two)).left == 2


# -- redeeming: what is refused and what is kept (issue 4 point 6) -------------------------


def test_no_pass_on_a_baseline_night() -> None:
    night = pass_night([], allowed=0)
    with pytest.raises(InvalidInput) as caught:
        check_redeem(night, "a drink")
    assert str(caught.value) == "No pass tonight: this is a baseline night (log only)."


def test_no_passes_left_says_so_with_the_rest_of_night_rules() -> None:
    night = pass_night([used(t(20, 10))], allowed=1)
    with pytest.raises(InvalidInput) as caught:
        check_redeem(night, "a hug")
    message = str(caught.value)
    assert message.startswith("No passes left tonight.")
    assert "ignore it" in message  # calls out: ignore it (P2)
    assert "back to bed, little or no talking" in message  # comes out (P2)


@pytest.mark.parametrize("reason", ["", "   ", "\t"])
def test_an_empty_reason_is_refused(reason: str) -> None:
    with pytest.raises(InvalidInput, match=r"^The reason can't be empty\.$"):
        check_redeem(pass_night([], allowed=1), reason)


def test_a_reason_of_sixty_characters_is_kept_and_sixty_one_refused() -> None:
    assert REASON_LIMIT == 60
    sixty = "One more hug and a glass of water, then lights out for good."
    assert len(sixty) == 60
    assert check_redeem(pass_night([], allowed=1), sixty) == sixty
    with pytest.raises(InvalidInput) as caught:
        check_redeem(pass_night([], allowed=1), sixty + "!")
    assert str(caught.value) == "The reason is 61 characters; keep it to 60."


@pytest.mark.parametrize("reason", QUICK_REASONS)
def test_each_quick_reason_is_a_good_reason(reason: str) -> None:
    assert check_redeem(pass_night([], allowed=1), reason) == reason


def test_a_good_reason_comes_back_cleaned_and_markup_is_kept_literally() -> None:
    night = pass_night([], allowed=1)
    assert check_redeem(night, "  to tell me about the dragon  ") == "to tell me about the dragon"
    assert check_redeem(night, "[b]water[/b] [@click=app.quit]") == "[b]water[/b] [@click=app.quit]"


def test_a_second_pass_can_be_used_while_one_is_left() -> None:
    night = pass_night([used(t(20, 10))], allowed=2)
    assert (night.left, night.all_used) == (1, False)
    assert check_redeem(night, "the toilet") == "the toilet"


def test_nights_before_the_plan_began_are_neither_baseline_nor_pass() -> None:
    plan = PassPlan(started=date(2026, 11, 10), baseline_nights=7)
    assert plan.phase_on(date(2026, 11, 9)) == "before"
    assert plan.passes_on(date(2026, 11, 9)) == 0
    assert plan.phase_on(date(2026, 11, 10)) == "baseline"
    assert plan.phase_on(date(2026, 11, 17)) == "pass"


def test_an_unused_pass_earns_the_reward_only_if_the_child_also_stayed_in() -> None:
    plan = PassPlan(reward_unused=True)
    calm = pass_night([ev(EventKind.CALLED_OUT, t(20, 10))], allowed=1)
    assert calm.earns_reward(plan)  # a call-out is not coming out
    came_out = pass_night([ev(EventKind.GOT_UP, t(20, 10))], allowed=1)
    assert not came_out.earns_reward(plan)
    assert not calm.earns_reward(PassPlan())  # the setting is off by default
