"""The reward chart (rules R1–R5, issue 6 points 1–7, 10): who it is for, the ladder of
targets, stars given in the morning and never taken away, rewards bought with stars, and the
week-by-week chart, folded from one child's records on explicit instants.

Every instant is explicit, in Europe/London. Changes go through the domain's checks the way
the store makes them: one record appended per change, a refused change appends nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.domain.bedtime_pass import PassPlan, pass_night
from companion.domain.errors import InvalidInput
from companion.domain.night_log import EventKind
from companion.domain.reward_kinds import NIGHT_KINDS, REF_KINDS, STARS_KINDS, TEXT_KINDS, RewardKind
from companion.domain.rewards import (
    DEFAULT_TARGET,
    FOOD_HINT,
    MOST_STARS,
    NOT_NEGATIVE,
    REWARD_NAME_LIMIT,
    STARS_IN_THE_MORNING,
    TARGET_LIMIT,
    VOID_WINDOW,
    Chart,
    DayState,
    Progress,
    RewardRecord,
    Totals,
    chart_applies,
    chart_of,
    chart_with,
    chart_weeks,
    check_redeem,
    check_retire,
    check_reward,
    check_star,
    check_step_up,
    check_target,
    check_void,
    food_hint,
    is_pass_target,
    next_rung,
    night_over,
    open_night,
    pass_night_qualifies,
    praise_for,
    progress,
    suggest_fresh_rewards,
    suggest_step_up,
    third_birthday,
    why_not_yet,
)
from tests.unit.records import LONDON, ZONE, ev, t

_ids = count(1)
MONDAY = date(2026, 11, 9)
TONIGHT = date(2026, 11, 20)  # a Friday


def at(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON)


def morning_after(night: date, hour: int = 7, minute: int = 30) -> datetime:
    day = night + timedelta(days=1)
    return at(day.year, day.month, day.day, hour, minute)


class Ledger:
    """One child's reward records, changed the way the store changes them: checked, then one
    record appended; a refused change appends nothing."""

    def __init__(self, name: str = "Leo") -> None:
        self.name = name
        self.records: list[RewardRecord] = []

    @property
    def chart(self) -> Chart:
        return chart_of(self.records)

    def add_target(self, when: datetime, text: str = DEFAULT_TARGET) -> str:
        line = check_target(text, taken=[target.text for target in self.chart.targets])
        return self._add(RewardKind.TARGET_ADDED, when, night=open_night(when, ZONE), text=line)

    def step_up(self, target_id: str, when: datetime) -> str:
        target = check_step_up(self.chart, target_id)
        return self._add(RewardKind.TARGET_STEPPED_UP, when, night=open_night(when, ZONE), ref=target.id)

    def give(self, night: date, when: datetime) -> str:
        target = check_star(self.chart, night, when, ZONE)
        return self._add(RewardKind.STAR_GIVEN, when, night=night, ref=target.id, text=praise_for(target.text))

    def void(self, star_id: str, when: datetime) -> str:
        star = check_void(self.chart, star_id, when)
        return self._add(RewardKind.STAR_VOIDED, when, ref=star.id)

    def add_reward(self, when: datetime, name: str = "lucky dip", stars: str | int = 4) -> str:
        cleaned, threshold = check_reward(name, stars, taken=[reward.name for reward in self.chart.offered])
        return self._add(RewardKind.REWARD_ADDED, when, text=cleaned, stars=threshold)

    def retire(self, reward_id: str, when: datetime) -> str:
        reward = check_retire(self.chart, reward_id)
        return self._add(RewardKind.REWARD_RETIRED, when, ref=reward.id)

    def redeem(self, reward_id: str, when: datetime) -> str:
        reward = check_redeem(self.chart, reward_id, when, self.name)
        return self._add(RewardKind.REDEEMED, when, ref=reward.id, text=reward.name, stars=reward.stars)

    def stars_for(self, nights: list[date], hour: int = 7) -> list[str]:
        return [self.give(night, morning_after(night, hour)) for night in nights]

    def _add(self, kind: RewardKind, when: datetime, **fields: object) -> str:
        record_id = f"r{next(_ids)}"
        self.records.append(RewardRecord(record_id, "leo", kind, when, **fields))  # type: ignore[arg-type]
        return record_id


def refused(change) -> str:
    with pytest.raises(InvalidInput) as caught:
        change()
    return str(caught.value)


def nights(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def started(first_night: date = MONDAY, text: str = DEFAULT_TARGET) -> tuple[Ledger, str]:
    """A ledger whose first target is current from `first_night` (added that evening)."""
    ledger = Ledger()
    target = ledger.add_target(at(first_night.year, first_night.month, first_night.day, 18), text)
    return ledger, target


# -- who the chart is for (R1) ----------------------------------------------------------------


def test_the_chart_starts_on_the_night_of_the_third_birthday_not_the_night_before() -> None:
    born = date(2023, 11, 20)
    assert not chart_applies(born, date(2026, 11, 19))  # 2 years 364 days
    assert chart_applies(born, date(2026, 11, 20))
    assert chart_applies(born, date(2030, 1, 1))
    assert not chart_applies(born, date(2024, 6, 1))


def test_a_leap_day_child_turns_three_on_the_first_of_march() -> None:
    born = date(2020, 2, 29)
    assert third_birthday(born) == date(2023, 3, 1)
    assert not chart_applies(born, date(2023, 2, 28))
    assert chart_applies(born, date(2023, 3, 1))
    # ... and on the day itself when the third birthday falls in a leap year.
    assert third_birthday(date(2021, 2, 28)) == date(2024, 2, 28)


def test_the_parents_override_wins_both_ways() -> None:
    baby, five = date(2025, 5, 1), date(2021, 5, 1)
    assert not chart_applies(baby, TONIGHT) and chart_applies(five, TONIGHT)
    assert chart_applies(baby, TONIGHT, override=True)
    assert not chart_applies(five, TONIGHT, override=False)
    assert chart_applies(five, TONIGHT, override=None) and not chart_applies(baby, TONIGHT, override=None)


def test_for_a_younger_child_one_calm_paragraph_says_why_and_when() -> None:
    text = why_not_yet("Mia", date(2024, 3, 14), TONIGHT)
    assert "\n" not in text
    assert text.startswith("Mia is 2 years old.")
    assert "link a star in the morning to what they did last night" in text
    assert "14 March 2027" in text
    assert "household pane" in text
    assert why_not_yet("Sam", date(2025, 6, 1), TONIGHT).startswith("Sam is 17 months old.")
    # A child of three or more with the chart turned off is told where to turn it back on.
    off = why_not_yet("Leo", date(2021, 5, 1), TONIGHT)
    assert off == "The reward chart is turned off for Leo. You can turn it on in the household pane."


# -- the nights stars are for ----------------------------------------------------------------


def test_a_night_is_over_at_five_the_next_morning() -> None:
    assert not night_over(TONIGHT, at(2026, 11, 20, 23, 0), ZONE)
    assert not night_over(TONIGHT, at(2026, 11, 21, 4, 59, 59), ZONE)
    assert night_over(TONIGHT, at(2026, 11, 21, 5, 0), ZONE)
    assert open_night(at(2026, 11, 20, 19, 30), ZONE) == TONIGHT
    assert open_night(at(2026, 11, 21, 2, 0), ZONE) == TONIGHT  # still that night
    assert open_night(at(2026, 11, 21, 7, 30), ZONE) == date(2026, 11, 21)  # the coming evening
    assert open_night(at(2026, 11, 21, 12, 0), ZONE) == date(2026, 11, 21)


def test_stars_are_given_in_the_morning_for_last_night_or_any_forgotten_night() -> None:
    ledger, target = started()
    assert refused(lambda: ledger.give(TONIGHT, at(2026, 11, 20, 19, 45))) == STARS_IN_THE_MORNING
    assert refused(lambda: ledger.give(TONIGHT, at(2026, 11, 21, 2, 10))) == STARS_IN_THE_MORNING
    assert refused(lambda: ledger.give(date(2026, 11, 22), at(2026, 11, 21, 8))) == STARS_IN_THE_MORNING
    assert ledger.records and len(ledger.records) == 1

    star = ledger.give(TONIGHT, at(2026, 11, 21, 5, 0))
    forgotten = ledger.give(date(2026, 11, 12), at(2026, 11, 21, 5, 1))  # a morning missed last week
    chart = ledger.chart
    assert [s.id for s in chart.stars] == [star, forgotten]
    assert chart.star(star).target_id == target and chart.star(star).night == TONIGHT
    assert chart.star(star).praise == (
        "I like the way you stayed in your room after using the pass. Here is a star for your chart."
    )


def test_one_star_a_night_and_none_before_the_chart_had_a_target() -> None:
    ledger, _ = started()
    ledger.give(date(2026, 11, 19), morning_after(date(2026, 11, 19)))
    assert refused(lambda: ledger.give(date(2026, 11, 19), morning_after(date(2026, 11, 19), 8))) == (
        "The night of Thursday 19 November already has its star."
    )
    assert refused(lambda: ledger.give(date(2026, 11, 8), at(2026, 11, 20, 8))) == (
        "The chart had no target yet on the night of Sunday 8 November."
    )
    assert len(ledger.chart.stars) == 1


# -- never taken away: voids within ten minutes (R4) -----------------------------------------


def test_a_star_may_be_voided_until_nine_minutes_fifty_nine_and_the_void_stays_in_history() -> None:
    ledger, _ = started()
    given = at(2026, 11, 20, 7, 32)
    star = ledger.give(date(2026, 11, 19), given)
    assert VOID_WINDOW == timedelta(minutes=10)
    void = ledger.void(star, at(2026, 11, 20, 7, 41, 59))

    chart = ledger.chart
    assert chart.star(star).voided == at(2026, 11, 20, 7, 41, 59)
    assert not chart.star(star).live
    assert [r.id for r in ledger.records][-2:] == [star, void]  # both kept
    assert chart.earned(at(2026, 11, 21, 12)) == 0
    assert chart.star_on(date(2026, 11, 19)) is None
    # Voiding twice is refused.
    assert refused(lambda: ledger.void(star, at(2026, 11, 20, 7, 42, 30))) == "That star was already voided at 07:41."


def test_at_ten_minutes_a_star_once_given_stays_given() -> None:
    ledger, _ = started()
    star = ledger.give(date(2026, 11, 19), at(2026, 11, 20, 7, 32))
    before = list(ledger.records)
    assert refused(lambda: ledger.void(star, at(2026, 11, 20, 7, 42))) == (
        "That star was given at 07:32, more than 10 minutes ago: a star once given stays given."
    )
    assert refused(lambda: ledger.void(star, at(2026, 11, 27, 7, 0))).startswith("That star was given at 07:32")
    assert ledger.records == before
    assert ledger.chart.earned(at(2026, 11, 20, 7, 42)) == 1
    assert refused(lambda: ledger.void("nope", at(2026, 11, 20, 7, 33))) == "That star isn't on the chart."


def test_the_void_window_is_ten_minutes_of_real_time_when_the_clocks_go_back() -> None:
    ledger, _ = started(date(2026, 10, 1))
    given = datetime(2026, 10, 25, 1, 55, tzinfo=LONDON, fold=0)  # BST, the first 01:55
    star = ledger.give(date(2026, 10, 23), given)
    nine_later = datetime(2026, 10, 25, 1, 4, tzinfo=LONDON, fold=1)  # GMT: 9 minutes on
    until = ledger.chart.star(star).void_until
    assert until.timestamp() == datetime(2026, 10, 25, 1, 5, tzinfo=LONDON, fold=1).timestamp()
    assert until.timestamp() - given.timestamp() == 600
    ledger.void(star, nine_later)
    assert ledger.chart.star(star).voided == nine_later

    other = ledger.give(date(2026, 10, 22), given)
    assert refused(lambda: ledger.void(other, datetime(2026, 10, 25, 1, 5, tzinfo=LONDON, fold=1))).startswith(
        "That star was given at 01:55, more than 10 minutes ago"
    )


def test_a_night_whose_star_was_voided_may_have_its_star_given_again() -> None:
    ledger, _ = started()
    wrong = ledger.give(date(2026, 11, 18), at(2026, 11, 20, 7, 30))  # meant last night
    ledger.void(wrong, at(2026, 11, 20, 7, 31))
    ledger.give(date(2026, 11, 19), at(2026, 11, 20, 7, 31))
    again = ledger.give(date(2026, 11, 18), at(2026, 11, 20, 7, 35))
    assert ledger.chart.star_on(date(2026, 11, 18)).id == again
    assert ledger.chart.earned(at(2026, 11, 20, 8)) == 2


def test_pending_and_earned_stars_in_the_totals() -> None:
    ledger, _ = started()
    ledger.give(date(2026, 11, 18), at(2026, 11, 20, 7, 20))
    ledger.give(date(2026, 11, 19), at(2026, 11, 20, 7, 30))
    assert ledger.chart.totals(at(2026, 11, 20, 7, 35)) == Totals(earned=1, pending=1, spent=0, available=1)
    assert ledger.chart.totals(at(2026, 11, 20, 7, 40)) == Totals(earned=2, pending=0, spent=0, available=2)
    assert ledger.chart.totals(at(2026, 11, 20, 7, 0)) == Totals(earned=0, pending=0, spent=0, available=0)


def test_a_void_that_could_not_have_been_allowed_is_ignored_by_the_totals() -> None:
    """A damaged or hand-edited file: the earned star stays earned."""
    ledger, _ = started()
    star = ledger.give(date(2026, 11, 19), at(2026, 11, 20, 7, 30))
    late = RewardRecord("late", "leo", RewardKind.STAR_VOIDED, at(2026, 11, 20, 9), ref=star)
    stray = RewardRecord("stray", "leo", RewardKind.STAR_VOIDED, at(2026, 11, 20, 7, 31), ref="missing")
    chart = chart_of([*ledger.records, late, stray])
    assert chart.star(star).voided is None
    assert chart.earned(at(2026, 11, 20, 10)) == 1


def test_the_fold_does_not_depend_on_record_order_and_counts_a_repeated_record_once() -> None:
    ledger, _ = started()
    ledger.stars_for(nights(date(2026, 11, 10), date(2026, 11, 15)))
    reward = ledger.add_reward(at(2026, 11, 16, 9), "lucky dip", 4)
    ledger.redeem(reward, at(2026, 11, 16, 9, 1))
    shuffled = list(ledger.records)
    random.Random(6).shuffle(shuffled)
    assert chart_of(shuffled) == ledger.chart
    assert chart_of([*ledger.records, ledger.records[-1]]) == ledger.chart


# -- targets and the ladder (R2) -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "stayed in my room after using the pass",
        "Stayed in my bed the whole night",
        "noticed the glow stars and went back to sleep",  # "no" and "not" inside words
        "stayed in bed until the bunny clock turned green",
        "knotted my dressing-gown belt by myself",
        "  went to sleep with the night light on  ",
    ],
)
def test_positive_targets_are_kept_as_typed(text: str) -> None:
    assert check_target(text) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "did not get up",
        "No screaming at bedtime",
        "don't come out of my room",
        "Don’t come out",  # a typographic apostrophe
        "never called out",
        "stop calling out",
        "won't leave the room",
        "WON'T get up",
        "didn't wake the baby",
        "went to sleep without a fuss",
        "no-fuss bedtime",
    ],
)
def test_negative_wording_is_refused_gently(text: str) -> None:
    assert refused(lambda: check_target(text)) == NOT_NEGATIVE


def test_a_target_is_one_line_within_its_limit_and_not_repeated_on_the_ladder() -> None:
    assert refused(lambda: check_target("   ")) == "The target can't be empty."
    assert refused(lambda: check_target("x" * (TARGET_LIMIT + 1))) == (
        f"The target is {TARGET_LIMIT + 1} characters; keep it to {TARGET_LIMIT}."
    )
    assert check_target("y" * TARGET_LIMIT) == "y" * TARGET_LIMIT
    assert refused(lambda: check_target("stayed in bed\nall night")).startswith("The target can't contain")
    assert refused(lambda: check_target("Stayed In Bed", taken=["stayed in bed"])) == "That target is already on the ladder."


def test_the_step_up_is_suggested_at_five_of_the_last_seven_nights() -> None:
    ledger, first = started(date(2026, 11, 1))
    ledger.stars_for([date(2026, 11, 13), date(2026, 11, 15), date(2026, 11, 17), date(2026, 11, 19)])
    assert suggest_step_up(ledger.chart, TONIGHT) is None  # 4 of 7

    ledger.give(date(2026, 11, 12), at(2026, 11, 20, 9))  # 8 nights back: outside the window
    assert suggest_step_up(ledger.chart, TONIGHT) is None

    ledger.give(date(2026, 11, 14), at(2026, 11, 20, 9, 1))  # 5 of 7
    suggestion = suggest_step_up(ledger.chart, TONIGHT)
    assert suggestion is not None
    assert (suggestion.current.id, suggestion.next, suggestion.nights) == (first, None, 5)  # add a next rung

    second = ledger.add_target(at(2026, 11, 20, 9, 5), "stayed in my bed the whole night")
    suggestion = suggest_step_up(ledger.chart, TONIGHT)
    assert suggestion is not None and suggestion.next is not None and suggestion.next.id == second
    assert next_rung(ledger.chart).id == second
    assert ledger.chart.current.id == first  # adding a rung doesn't step up: the parent chooses


def test_a_voided_star_does_not_count_towards_the_step_up() -> None:
    ledger, _ = started(date(2026, 11, 1))
    stars = ledger.stars_for(nights(date(2026, 11, 15), date(2026, 11, 19)))
    assert suggest_step_up(ledger.chart, TONIGHT) is not None
    ledger.void(stars[-1], morning_after(date(2026, 11, 19), 7) + timedelta(minutes=5))
    assert suggest_step_up(ledger.chart, TONIGHT) is None


def test_stars_of_an_earlier_target_do_not_count_for_the_new_one() -> None:
    ledger, first = started(date(2026, 11, 1))
    second = ledger.add_target(at(2026, 11, 2, 18), "stayed in my bed the whole night")
    ledger.stars_for(nights(date(2026, 11, 12), date(2026, 11, 16)))
    # The morning of the 17th: last night's star first, then the step up; the new target
    # starts with the coming evening, so the star for the 16th stays with the old one.
    ledger.step_up(second, at(2026, 11, 17, 7, 45))
    ledger.stars_for(nights(date(2026, 11, 17), date(2026, 11, 19)))

    chart = ledger.chart
    assert chart.current.id == second
    assert chart.target_on(date(2026, 11, 16)).id == first
    assert chart.target_on(date(2026, 11, 17)).id == second
    assert [star.target_id for star in chart.stars].count(first) == 5
    assert [(change.target_id, change.night) for change in chart.changes] == [
        (first, date(2026, 11, 1)),
        (second, date(2026, 11, 17)),
    ]
    assert chart.changes[-1].at == at(2026, 11, 17, 7, 45)
    # Seven nights before tonight hold 7 stars, but only 3 for the current target.
    assert suggest_step_up(chart, TONIGHT) is None
    assert suggest_step_up(chart, date(2026, 11, 17)) is None  # the old target's 5 don't carry over


def test_a_star_given_after_a_morning_step_up_is_still_for_last_nights_target() -> None:
    ledger, first = started(date(2026, 11, 1))
    second = ledger.add_target(at(2026, 11, 2, 18), "stayed in my bed the whole night")
    ledger.step_up(second, at(2026, 11, 20, 7, 0))
    star = ledger.give(date(2026, 11, 19), at(2026, 11, 20, 7, 5))
    chart = ledger.chart
    assert chart.star(star).target_id == first
    assert chart.star(star).praise.startswith("I like the way you stayed in your room after using the pass.")


def test_stepping_is_the_parents_choice_among_the_rungs_of_the_ladder() -> None:
    ledger, first = started(date(2026, 11, 1))
    assert refused(lambda: ledger.step_up(first, at(2026, 11, 3, 8))) == "That is already the current target."
    assert refused(lambda: ledger.step_up("elsewhere", at(2026, 11, 3, 8))) == "That target isn't on the ladder; add it first."
    second = ledger.add_target(at(2026, 11, 2, 18), "stayed in my bed the whole night")
    ledger.step_up(second, at(2026, 11, 10, 8))
    ledger.step_up(first, at(2026, 11, 12, 8))  # back down a rung that proved too far
    chart = ledger.chart
    assert [target.rung for target in chart.targets] == [0, 1]
    assert chart.current.id == first and len(chart.changes) == 3
    assert next_rung(chart).id == second


# -- praise (R3) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "middle"),
    [
        ("stayed in my bed the whole night", "you stayed in your bed the whole night"),
        ("I stayed in my room after using the pass", "you stayed in your room after using the pass"),
        ("Stayed in bed by myself.", "you stayed in bed by yourself"),
        ("I'm brave at bedtime", "you're brave at bedtime"),
        ("I’m brave at bedtime", "you’re brave at bedtime"),
        ("I was quiet after the pass", "you were quiet after the pass"),
        ("I am calm after lights out", "you are calm after lights out"),
        ("read with Mummy and me, then slept", "you read with Mummy and you, then slept"),
        ("put the Lego back in its box and then mine", "you put the Lego back in its box and then yours"),
        ("asked Dad to tuck me in and I stayed put!", "you asked Dad to tuck you in and you stayed put"),
        ("listened to a mystery story in my own bed", "you listened to a mystery story in your own bed"),
        ("played I-spy quietly with Myra", "you played I-spy quietly with Myra"),
        ("gave MY teddy a goodnight kiss", "you gave YOUR teddy a goodnight kiss"),
        ("stayed in bed until the OK clock went green", "you stayed in bed until the OK clock went green"),
    ],
)
def test_praise_is_written_from_the_target_in_the_second_person(target: str, middle: str) -> None:
    assert praise_for(target) == f"I like the way {middle}. Here is a star for your chart."


def test_the_issues_own_example() -> None:
    assert praise_for("stayed in my bed the whole night") == (
        "I like the way you stayed in your bed the whole night. Here is a star for your chart."
    )


def test_a_pass_target_is_met_on_the_nights_the_pass_was_used_and_the_child_stayed_in() -> None:
    assert is_pass_target(DEFAULT_TARGET)
    assert is_pass_target("Used my PASS and stayed in")
    assert not is_pass_target("stayed in my bed the whole night")
    assert not is_pass_target("passed the book to Dad")

    use = ev(EventKind.PASS_USED, t(20, 10), "a drink", seconds=300)
    stayed = pass_night([use, ev(EventKind.PASS_BACK, t(20, 13), ref=use.id), ev(EventKind.CALLED_OUT, t(20, 30))], 1)
    came_out = pass_night([use, ev(EventKind.GOT_UP, t(20, 40))], 1)
    unused = pass_night([], 1)
    assert pass_night_qualifies(stayed, PassPlan())
    assert not pass_night_qualifies(came_out, PassPlan())
    assert not pass_night_qualifies(unused, PassPlan())
    assert pass_night_qualifies(unused, PassPlan(reward_unused=True))


# -- rewards (R5) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stars", "expected"),
    [("1", 1), ("4", 4), (" 10 ", 10), ("100", 100), ("+7", 7), ("007", 7), (10, 10), (100, 100)],
)
def test_a_threshold_is_a_whole_number_from_1_to_100(stars: str | int, expected: int) -> None:
    assert check_reward("park trip", stars) == ("park trip", expected)


@pytest.mark.parametrize(
    ("stars", "message"),
    [
        ("0", "A reward needs at least 1 star."),
        (0, "A reward needs at least 1 star."),
        ("-3", "A reward needs at least 1 star."),
        (-3, "A reward needs at least 1 star."),
        ("-99999999999", "A reward needs at least 1 star."),
        ("101", "101 stars is a long way off for a child: keep rewards within reach (1–100)."),
        (10**30, "That many stars is a long way off for a child: keep rewards within reach (1–100)."),
        ("1000", "1000 stars is a long way off for a child: keep rewards within reach (1–100)."),
        (250, "250 stars is a long way off for a child: keep rewards within reach (1–100)."),
        ("9" * 40, "That many stars is a long way off for a child: keep rewards within reach (1–100)."),
        ("ten", "Type the stars as a whole number, like 10."),
        ("2.5", "Type the stars as a whole number, like 10."),
        ("1e3", "Type the stars as a whole number, like 10."),
        ("４", "Type the stars as a whole number, like 10."),
        (True, "Type the stars as a whole number, like 10."),
        ("", "How many stars does it need? Type a whole number, like 10."),
        ("   ", "How many stars does it need? Type a whole number, like 10."),
    ],
)
def test_a_threshold_out_of_reach_or_not_a_number_gets_a_clear_sentence(stars: str | int, message: str) -> None:
    assert MOST_STARS == 100
    assert refused(lambda: check_reward("park trip", stars)) == message


def test_a_reward_name_is_one_line_within_its_limit_and_not_offered_twice() -> None:
    assert check_reward("  lucky dip ", "4") == ("lucky dip", 4)
    assert refused(lambda: check_reward("", "4")) == "The reward can't be empty."
    assert refused(lambda: check_reward("z" * (REWARD_NAME_LIMIT + 1), "4")) == (
        f"The reward is {REWARD_NAME_LIMIT + 1} characters; keep it to {REWARD_NAME_LIMIT}."
    )
    assert refused(lambda: check_reward("Lucky Dip", "4", taken=["lucky dip"])) == "There is already a reward called Lucky Dip."


@pytest.mark.parametrize(
    "name",
    [
        "Sweets",
        "a bag of sweeties",
        "ice cream at the park",
        "Ice-cream",
        "CHOCOLATE",
        "a chocolate bar",
        "cake with Grandma",
        "cupcakes",
        "cookie",
        "biscuits",
        "a special treat",
        "Friday treats",
        "lollipop",
        "an ice lolly",
        "crisps and a film",
        "doughnut",
        "dessert first",
        "candy floss",
        "a sugar mouse",
    ],
)
def test_a_reward_that_looks_like_food_gets_one_gentle_hint(name: str) -> None:
    assert food_hint(name) == FOOD_HINT


@pytest.mark.parametrize(
    "name",
    [
        "park trip",
        "lucky dip",
        "pancake day at the park",  # an outing: only sweets, snacks and desserts are on the list
        "treasure hunt",
        "Sugarloaf hill walk",
        "a new sticker book",
        "extra bedtime story",
        "swimming with Grandad",
    ],
)
def test_other_rewards_get_no_hint(name: str) -> None:
    assert food_hint(name) is None


def test_redeeming_spends_the_threshold_and_the_earned_total_never_goes_down() -> None:
    ledger, _ = started()
    ledger.stars_for(nights(date(2026, 11, 9), date(2026, 11, 18)), hour=7)  # 10 stars
    dip = ledger.add_reward(at(2026, 11, 9, 9), "lucky dip", 4)
    park = ledger.add_reward(at(2026, 11, 9, 9, 1), "park trip", 10)
    now = at(2026, 11, 19, 12)

    ledger.redeem(park, now)  # exactly the 10 available
    chart = ledger.chart
    assert chart.totals(now) == Totals(earned=10, pending=0, spent=10, available=0)
    assert [(r.reward_id, r.name, r.stars, r.at) for r in chart.redemptions] == [(park, "park trip", 10, now)]

    before = list(ledger.records)
    assert refused(lambda: ledger.redeem(dip, now)) == "Leo has 0 stars to spend; the lucky dip needs 4."
    assert ledger.records == before
    assert ledger.chart.earned(now) == 10


def test_one_star_short_is_refused_and_nothing_changes() -> None:
    ledger, _ = started()
    ledger.stars_for(nights(date(2026, 11, 9), date(2026, 11, 11)))
    park = ledger.add_reward(at(2026, 11, 9, 9), "park trip", 4)
    before = list(ledger.records)
    assert refused(lambda: ledger.redeem(park, at(2026, 11, 13, 9))) == "Leo has 3 stars to spend; the park trip needs 4."
    assert ledger.records == before
    ledger.give(date(2026, 11, 12), at(2026, 11, 13, 9))
    assert ledger.chart.available(at(2026, 11, 13, 9, 10)) == 4
    ledger.redeem(park, at(2026, 11, 13, 9, 10))
    assert ledger.chart.totals(at(2026, 11, 13, 9, 10)) == Totals(earned=4, pending=0, spent=4, available=0)


def test_a_star_that_may_still_be_voided_cannot_be_spent_yet() -> None:
    ledger, _ = started()
    ledger.stars_for(nights(date(2026, 11, 9), date(2026, 11, 11)))
    dip = ledger.add_reward(at(2026, 11, 9, 9), "Lucky dip", 4)
    ledger.give(date(2026, 11, 12), at(2026, 11, 13, 7, 32))
    assert refused(lambda: ledger.redeem(dip, at(2026, 11, 13, 7, 35))) == (
        "Leo has 3 stars to spend; Lucky dip needs 4. 1 more, given just now, can be spent from 07:42."
    )
    ledger.redeem(dip, at(2026, 11, 13, 7, 42))
    assert ledger.chart.spent == 4


def test_a_retired_reward_is_kept_in_history_but_no_longer_offered() -> None:
    ledger, _ = started()
    ledger.stars_for(nights(date(2026, 11, 9), date(2026, 11, 14)))
    dip = ledger.add_reward(at(2026, 11, 9, 9), "lucky dip", 4)
    ledger.redeem(dip, at(2026, 11, 15, 9))
    ledger.retire(dip, at(2026, 11, 15, 10))
    chart = ledger.chart
    assert chart.offered == () and chart.reward(dip).retired == at(2026, 11, 15, 10)
    assert chart.spent == 4 and len(chart.redemptions) == 1
    assert refused(lambda: ledger.redeem(dip, at(2026, 11, 15, 11))) == "The lucky dip is no longer offered."
    assert refused(lambda: ledger.retire(dip, at(2026, 11, 15, 11))) == "The lucky dip is no longer offered."
    assert refused(lambda: ledger.redeem("gone", at(2026, 11, 15, 11))) == "That reward isn't on the chart."
    # The same name may be offered again, as a new reward.
    again = ledger.add_reward(at(2026, 11, 16, 9), "lucky dip", 5)
    assert [reward.id for reward in ledger.chart.offered] == [again]


def test_progress_shows_the_stars_to_spend_towards_each_reward_nearest_first() -> None:
    ledger, _ = started()
    ledger.stars_for(nights(date(2026, 11, 9), date(2026, 11, 14)))  # 6
    park = ledger.add_reward(at(2026, 11, 9, 9), "park trip", 10)
    dip = ledger.add_reward(at(2026, 11, 9, 9, 1), "lucky dip", 4)
    now = at(2026, 11, 15, 9)
    rows = progress(ledger.chart, now)
    assert [(row.reward.id, row.available, row.threshold) for row in rows] == [(dip, 6, 4), (park, 6, 10)]
    assert [(row.ready, row.to_go) for row in rows] == [(True, 0), (False, 4)]
    reward, available, threshold = rows[1]  # a plain tuple too
    assert (reward.name, available, threshold) == ("park trip", 6, 10)
    ledger.redeem(dip, now)
    assert progress(ledger.chart, now) == [
        Progress(ledger.chart.reward(dip), 2, 4),
        Progress(ledger.chart.reward(park), 2, 10),
    ]


def test_fresh_rewards_are_suggested_after_two_weeks_on_the_same_ones() -> None:
    ledger, _ = started()
    assert not suggest_fresh_rewards(ledger.chart, date(2026, 12, 25))  # no rewards yet
    dip = ledger.add_reward(at(2026, 11, 1, 20), "lucky dip", 4)
    ledger.add_reward(at(2026, 11, 1, 20, 5), "park trip", 10)
    assert not suggest_fresh_rewards(ledger.chart, date(2026, 11, 14))  # 13 days
    assert suggest_fresh_rewards(ledger.chart, date(2026, 11, 15))  # 14 days

    ledger.add_reward(at(2026, 11, 10, 9), "a new sticker book", 6)
    assert not suggest_fresh_rewards(ledger.chart, date(2026, 11, 15))  # one is fresh
    assert suggest_fresh_rewards(ledger.chart, date(2026, 11, 24))

    ledger.retire(dip, at(2026, 11, 24, 9))  # retired rewards don't count either way
    assert suggest_fresh_rewards(ledger.chart, date(2026, 11, 24))


# -- the chart, week by week -----------------------------------------------------------------


def test_the_weeks_show_stars_a_void_and_a_gap_without_any_negative_mark() -> None:
    ledger, target = started(date(2026, 11, 11))  # first night a Wednesday
    ledger.stars_for([date(2026, 11, 11), date(2026, 11, 12)])
    mistake = ledger.give(date(2026, 11, 13), at(2026, 11, 14, 8))
    ledger.void(mistake, at(2026, 11, 14, 8, 2))
    ledger.stars_for([date(2026, 11, 15), date(2026, 11, 16), date(2026, 11, 18)])
    pending = ledger.give(date(2026, 11, 19), at(2026, 11, 20, 7, 30))

    weeks = chart_weeks(ledger.chart, target, TONIGHT)  # weeks=4, but only two since the first night
    assert [week.start for week in weeks] == [MONDAY, date(2026, 11, 16)]
    assert all(len(week.days) == 7 for week in weeks)
    S, V, N, F, B = DayState.STAR, DayState.VOIDED, DayState.NONE, DayState.FUTURE, DayState.BEFORE_TARGET
    assert [day.state for day in weeks[0].days] == [B, B, S, S, V, N, S]
    assert [day.state for day in weeks[1].days] == [S, N, S, S, F, F, F]
    assert [day.night for day in weeks[1].days] == nights(date(2026, 11, 16), date(2026, 11, 22))
    assert weeks[0].days[4].star.id == mistake and weeks[0].days[4].star.voided is not None
    assert weeks[1].days[3].star.id == pending  # shown while it may still be voided
    assert {state.value for state in DayState} >= {"star", "voided", "none", "future", "before_target"}
    assert not any("fail" in state.value or "miss" in state.value for state in DayState)


def test_the_weeks_go_back_as_far_as_asked_and_mark_another_targets_nights() -> None:
    ledger, first = started(date(2026, 10, 1))
    second = ledger.add_target(at(2026, 10, 2, 18), "stayed in my bed the whole night")
    ledger.stars_for([date(2026, 11, 3), date(2026, 11, 10)])
    ledger.step_up(second, at(2026, 11, 12, 7, 0))  # from the night of the 12th
    ledger.stars_for([date(2026, 11, 12)])

    old = chart_weeks(ledger.chart, first, TONIGHT, weeks=3)
    assert [week.start for week in old] == [date(2026, 11, 2), MONDAY, date(2026, 11, 16)]
    O, S, N = DayState.OTHER_TARGET, DayState.STAR, DayState.NONE
    assert [day.state for day in old[0].days] == [N, S, N, N, N, N, N]
    assert [day.state for day in old[1].days] == [N, S, N, O, O, O, O]

    new = chart_weeks(ledger.chart, second, TONIGHT)
    assert [week.start for week in new] == [MONDAY, date(2026, 11, 16)]
    assert [day.state for day in new[0].days][:4] == [DayState.BEFORE_TARGET] * 3 + [S]
    # A rung never reached: one row, nothing but "before".
    third = ledger.add_target(at(2026, 11, 20, 9), "got dressed by myself in the morning")
    (only,) = chart_weeks(ledger.chart, third, TONIGHT)
    assert [day.state for day in only.days] == [DayState.BEFORE_TARGET] * 4 + [DayState.FUTURE] * 3


# -- the record kinds ------------------------------------------------------------------------


def test_each_kind_says_what_it_carries() -> None:
    assert {kind.value for kind in RewardKind} == {
        "target_added",
        "target_stepped_up",
        "star_given",
        "star_voided",
        "reward_added",
        "reward_retired",
        "redeemed",
    }
    assert RewardKind.STAR_GIVEN in NIGHT_KINDS & REF_KINDS & TEXT_KINDS
    assert RewardKind.STAR_VOIDED in REF_KINDS and RewardKind.STAR_VOIDED not in TEXT_KINDS
    assert STARS_KINDS == {RewardKind.REWARD_ADDED, RewardKind.REDEEMED}


# -- the property: no sequence of actions lowers the earned total or removes a record --------

ACTIONS = st.one_of(
    st.tuples(st.just("give"), st.integers(0, 20)),
    st.tuples(st.just("void"), st.integers(0, 31)),  # after n % 16 minutes, the latest star or the one before
    st.tuples(st.just("redeem"), st.integers(0, 10)),
    st.tuples(st.just("add_reward"), st.integers(-2, 8)),
    st.tuples(st.just("retire"), st.integers(0, 10)),
    st.tuples(st.just("add_target"), st.integers(0, 1000)),
    st.tuples(st.just("step"), st.integers(0, 10)),
    st.tuples(st.just("wait"), st.integers(0, 12)),
    st.tuples(st.just("wait"), st.integers(0, 3000)),
)


def apply(ledger: Ledger, action: tuple[str, int], now: datetime) -> datetime:
    """One action at `now`, through the domain's checks; the instant after it."""
    name, n = action
    chart = ledger.chart
    if name == "wait":
        return now + timedelta(minutes=n)
    if name == "give":
        ledger.give(open_night(now, ZONE) - timedelta(days=n), now)
    elif name == "void" and chart.stars:
        now += timedelta(minutes=n % 16)
        ledger.void(chart.stars[-1 - (n // 16) % len(chart.stars)].id, now)
    elif name == "redeem" and chart.rewards:
        ledger.redeem(chart.rewards[n % len(chart.rewards)].id, now)
    elif name == "add_reward":
        ledger.add_reward(now, f"outing {next(_ids)}", n)
    elif name == "retire" and chart.rewards:
        ledger.retire(chart.rewards[n % len(chart.rewards)].id, now)
    elif name == "add_target":
        ledger.add_target(now, f"stayed in bed for story {n}")
    elif name == "step" and chart.targets:
        ledger.step_up(chart.targets[n % len(chart.targets)].id, now)
    return now


def history() -> Ledger:
    """A month on the chart: six stars earned in October, a lucky dip and a park trip offered."""
    ledger, _ = started(date(2026, 10, 1))
    ledger.stars_for(nights(date(2026, 10, 1), date(2026, 10, 6)))
    ledger.add_reward(at(2026, 10, 1, 19), "lucky dip", 2)
    ledger.add_reward(at(2026, 10, 1, 19, 1), "park trip", 5)
    return ledger


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTIONS, min_size=5, max_size=60))
def test_no_sequence_of_actions_lowers_the_earned_total_or_removes_a_record(actions: list[tuple[str, int]]) -> None:
    ledger = history()
    now = at(2026, 11, 20, 7, 0)
    earned, spent, records = 0, 0, list(ledger.records)
    stars_seen: dict[str, tuple[date, datetime, str]] = {}
    earned_ids: set[str] = set()
    for action in actions:
        try:
            now = apply(ledger, action, now)
        except InvalidInput:
            assert ledger.records == records  # a refused change appends nothing
        chart = ledger.chart
        assert ledger.records[: len(records)] == records  # every earlier record, unchanged
        assert len(ledger.records) >= len(records)
        for star in chart.stars:
            stars_seen.setdefault(star.id, (star.night, star.given, star.target_id))
        assert {star.id: (star.night, star.given, star.target_id) for star in chart.stars} == stars_seen
        now_earned = {star.id for star in chart.stars if star.earned(now)}
        assert earned_ids <= now_earned  # once earned, always earned
        assert chart.earned(now) >= earned
        assert chart.spent >= spent
        assert chart.available(now) >= 0
        assert len({star.night for star in chart.stars if star.live}) == sum(1 for star in chart.stars if star.live)
        earned, spent, records, earned_ids = chart.earned(now), chart.spent, list(ledger.records), now_earned


def test_replacing_a_record_is_not_something_the_ledger_does() -> None:
    """The records are frozen: a change is a new record, never an edit of an old one."""
    ledger, _ = started()
    star = ledger.give(date(2026, 11, 19), at(2026, 11, 20, 7, 30))
    record = next(r for r in ledger.records if r.id == star)
    with pytest.raises(AttributeError):
        record.stars = 3  # type: ignore[misc]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=25))
def test_appending_records_one_by_one_gives_the_chart_folding_them_all_gives(offsets: list[int]) -> None:
    """chart_with (a keypress's append) and chart_of (a fresh read) never disagree."""
    start = datetime(2026, 11, 1, 7, 0, tzinfo=LONDON)
    target = RewardRecord("t", "mia", RewardKind.TARGET_ADDED, start, date(2026, 10, 1), text="stayed in my bed")
    records = [target]
    chart = chart_of(records)
    for index, offset in enumerate(sorted(offsets)):
        at = start + timedelta(minutes=offset * 30 + index)
        kind = RewardKind.STAR_VOIDED if index % 4 == 3 else RewardKind.STAR_GIVEN
        ref = f"s{index - 1}" if kind is RewardKind.STAR_VOIDED else "t"
        record = RewardRecord(f"s{index}", "mia", kind, at, date(2026, 10, 2) + timedelta(days=index), ref=ref, text="praise")
        records.append(record)
        chart = chart_with(chart, record)
        assert chart == chart_of(records)
