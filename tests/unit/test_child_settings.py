"""The settings form's typed text → a child's settings (rules Q1, P1, P5; issue 4 points 1, 5, 6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from companion.domain.bedtime_pass import PassPlan
from companion.domain.child_settings import ChildSettings, describe_plan, read_settings
from companion.domain.errors import InvalidInput

TONIGHT = date(2026, 11, 20)
TYPED = {"wait": "10", "passes": "1", "trip": "5", "baseline": "0", "start_passes": "1", "fade_every": "7", "reward_unused": "no"}


def typed(**changes: str) -> dict[str, str]:
    return {**TYPED, **changes}


def test_the_defaults_typed_back_are_the_defaults() -> None:
    assert read_settings(TYPED, current=ChildSettings(), tonight=TONIGHT) == ChildSettings()


def test_a_baseline_week_starts_tonight_then_fades_from_three_passes() -> None:
    settings = read_settings(typed(baseline="7", start_passes="3"), current=ChildSettings(), tonight=TONIGHT)
    plan = settings.plan
    assert plan.started == TONIGHT
    nights = [TONIGHT + timedelta(days=offset) for offset in (0, 6, 7, 13, 14, 21, 60)]
    assert [plan.passes_on(night) for night in nights] == [0, 0, 3, 3, 2, 1, 1]


def test_changing_only_the_wait_or_trip_keeps_the_night_the_plan_began() -> None:
    current = ChildSettings(plan=PassPlan(started=date(2026, 11, 1), baseline_nights=7, start_passes=3))
    settings = read_settings(
        typed(wait="12", trip="8", baseline="7", start_passes="3", reward_unused="yes"), current=current, tonight=TONIGHT
    )
    assert settings.wait_seconds == 12
    assert (settings.plan.started, settings.plan.trip_minutes, settings.plan.reward_unused) == (date(2026, 11, 1), 8, True)


def test_dropping_the_baseline_and_fading_ends_the_plan_schedule() -> None:
    current = ChildSettings(plan=PassPlan(started=date(2026, 11, 1), baseline_nights=7, start_passes=3))
    settings = read_settings(TYPED, current=current, tonight=TONIGHT)
    assert settings.plan.started is None
    assert settings.plan.passes_on(TONIGHT) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wait": "2"}, "The wait is 2 s; choose between 3 and 60 seconds."),
        ({"wait": "61"}, "The wait is 61 s; choose between 3 and 60 seconds."),
        ({"wait": "-5"}, "The wait: type a whole number, like 10."),
        ({"wait": "1e9"}, "The wait: type a whole number, like 10."),
        ({"wait": "9" * 5000}, "The wait: type a whole number, like 10."),
        ({"wait": "١٠"}, "The wait: type a whole number, like 10."),  # Arabic-Indic digits
        ({"passes": "6"}, "Passes a night is 6; choose between 0 and 5."),
        ({"trip": "0"}, "The trip (minutes) is 0; choose between 1 and 30."),
        ({"baseline": "15"}, "Baseline nights is 15; choose between 0 and 14."),
        ({"passes": "2", "start_passes": "1"}, "Passes to start with is 1; choose between 2 and 5."),
        ({"fade_every": "0"}, "Fade every (nights) is 0; choose between 1 and 28."),
        ({"reward_unused": "maybe"}, "An unused pass earns a reward: type yes or no."),
    ],
)
def test_bad_settings_are_refused_with_one_clear_sentence(changes: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_settings(typed(**changes), current=ChildSettings(), tonight=TONIGHT)
    assert str(refused.value) == message


def test_spaces_and_case_are_forgiven() -> None:
    settings = read_settings(typed(wait=" 15 ", reward_unused=" Yes"), current=ChildSettings(), tonight=TONIGHT)
    assert (settings.wait_seconds, settings.plan.reward_unused) == (15, True)


def test_the_plan_reads_as_a_parent_would_say_it() -> None:
    plan = read_settings(typed(baseline="7", start_passes="3"), current=ChildSettings(), tonight=TONIGHT).plan
    assert describe_plan(plan, TONIGHT) == "baseline: log only, 7 nights to go, then 3 pass(es)"
    assert describe_plan(plan, date(2026, 11, 27)) == "3 passes tonight, fading to 1, trip 5 min"
    assert describe_plan(PassPlan(), TONIGHT) == "1 pass tonight, trip 5 min"
