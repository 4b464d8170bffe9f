"""Each child's own settings: the silent wait of quiet mode (Q1) and the pass plan (P1, P5).

The parent types them in a form; `read_settings` turns the typed text into settings or says
in one sentence what is wrong, so nothing half-checked reaches the store.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from companion.domain.bedtime_pass import PassPlan
from companion.domain.errors import InvalidInput
from companion.domain.quiet import DEFAULT_WAIT_SECONDS, check_wait

MOST_PASSES = 5
LONGEST_TRIP_MINUTES = 30
LONGEST_BASELINE_NIGHTS = 14
LONGEST_FADE_NIGHTS = 28
_YES, _NO = ("y", "yes", "on", "true"), ("n", "no", "off", "false", "")


class ChildSettings(NamedTuple):
    wait_seconds: int = DEFAULT_WAIT_SECONDS
    plan: PassPlan = PassPlan()  # immutable: one shared default is safe
    reward_chart: bool | None = None  # None: from three (R1); True/False: the parent's choice


class NightPhase(NamedTuple):
    """What a night was in the pass plan, kept with the night so a later change of plan
    doesn't rewrite history: "before" the plan, a "baseline" night, or a "pass" night."""

    phase: str
    passes: int


def phase_of(plan: PassPlan, night: date) -> NightPhase:
    return NightPhase(plan.phase_on(night), plan.passes_on(night))


def read_settings(values: dict[str, str], *, current: ChildSettings, tonight: date) -> ChildSettings:
    """The settings typed in the form. A new baseline or fading schedule starts tonight;
    changing anything else keeps the night the plan began."""
    wait = check_wait(_whole(values["wait"], "The wait"))
    passes = _within(_whole(values["passes"], "Passes a night"), 0, MOST_PASSES, "Passes a night")
    trip = _within(_whole(values["trip"], "The trip"), 1, LONGEST_TRIP_MINUTES, "The trip (minutes)")
    baseline = _within(_whole(values["baseline"], "Baseline nights"), 0, LONGEST_BASELINE_NIGHTS, "Baseline nights")
    start = _within(_whole(values["start_passes"] or str(passes), "Passes to start with"), passes, MOST_PASSES, "Passes to start with")
    fade = _within(_whole(values["fade_every"] or "7", "Fade every"), 1, LONGEST_FADE_NIGHTS, "Fade every (nights)")
    reward_unused = _yes_no(values["reward_unused"], "An unused pass earns a reward")
    reward_chart = _chart_choice(values.get("reward_chart", "auto"))
    old = current.plan
    plan = PassPlan(
        passes=passes,
        trip_minutes=trip,
        started=old.started,
        baseline_nights=baseline,
        start_passes=start,
        fade_every=fade,
        reward_unused=reward_unused,
    )
    schedule_changed = (baseline, start, fade) != (old.baseline_nights, old.start_passes, old.fade_every)
    if schedule_changed:
        plan = plan._replace(started=tonight if baseline or start > passes else None)
    return ChildSettings(wait_seconds=wait, plan=plan, reward_chart=reward_chart)


def describe_plan(plan: PassPlan, night: date) -> str:
    """One line for the household pane: what tonight is, and where the plan goes."""
    phase = plan.phase_on(night)
    if phase == "baseline" and plan.started is not None:
        left = plan.baseline_nights - (night - plan.started).days
        return f"baseline: log only, {left} night{'s' * (left != 1)} to go, then {plan.start_passes} pass(es)"
    passes = plan.passes_on(night)
    fading = f", fading to {plan.passes}" if passes > plan.passes else ""
    return f"{passes} pass{'es' * (passes != 1)} tonight{fading}, trip {plan.trip_minutes} min"


def _whole(text: str, what: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit() or not cleaned.isascii() or len(cleaned) > 4:
        raise InvalidInput(f"{what}: type a whole number, like 10.")
    return int(cleaned)


def _within(value: int, low: int, high: int, what: str) -> int:
    if not low <= value <= high:
        raise InvalidInput(f"{what} is {value}; choose between {low} and {high}.")
    return value


CHART_CHOICES = {"auto": None, "on": True, "off": False}


def chart_choice_text(choice: bool | None) -> str:
    return next(text for text, value in CHART_CHOICES.items() if value is choice)


def _chart_choice(text: str) -> bool | None:
    answer = text.strip().casefold() or "auto"
    if answer not in CHART_CHOICES:
        raise InvalidInput("Reward chart: type auto (from three), on or off.")
    return CHART_CHOICES[answer]


def _yes_no(text: str, what: str) -> bool:
    answer = text.strip().casefold()
    if answer in _YES:
        return True
    if answer in _NO:
        return False
    raise InvalidInput(f"{what}: type yes or no.")
