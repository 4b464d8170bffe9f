"""The reward chart by keyboard (rules R1–R5, key 4): what the parent sees, and what is stored.

The clock is a ManualClock at Fri 20 Nov 2026 19:30 in London; it moves only when a test moves
it. The pane redraws itself every 30 s of real time, so after moving the clock a test asks for
a redraw (`pane.reload()`). Mia (born 14 Feb 2022) is the current child; Leo (born 1 Jun 2024)
is under three. Stars a test needs as history are given with the store, each at the morning
after its night, as a parent at breakfast would have given them.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from textual.widgets import OptionList, Static

from companion.domain.errors import CompanionError
from companion.domain.rewards import FOOD_HINT, NOT_NEGATIVE
from companion.ui.app import make_app
from companion.ui.dialogs import ChoiceDialog, FormDialog
from companion.ui.household import HouseholdScreen
from companion.ui.rewards import RewardsScreen
from companion.ui.widgets import KeyBar
from tests.ui.pilot_keys import clear_field, keys, london, LONDON, type_text

IN_BED = "stayed in my bed the whole night"
PRAISE = "I like the way you stayed in your bed the whole night. Here is a star for your chart."
ASK = "Did Mia earn last night's star? s gives it, with praise to read aloud."
JUST_GIVEN = "1 just given (x takes it back within 10"  # the line may wrap before "min)" at 80 columns


def pane(app) -> RewardsScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, RewardsScreen))


def on_screen(app) -> str:
    """Every line of the reward pane as drawn (footer and all)."""
    return "\n".join(strip.text.rstrip() for strip in pane(app)._compositor.render_strips())


def flat(app) -> str:
    """The pane's words as one line: boxes and line wraps taken out."""
    text = on_screen(app).translate(str.maketrans("", "", "│╭╮╰╯─"))
    return " ".join(text.split())


def shown(app, selector: str) -> str:
    return str(pane(app).query_one(selector, Static).render())


def grid(app) -> str:
    return shown(app, "#reward-grid")


def week_row(app, monday: str) -> str:
    """The grid's row for the week starting `monday` ("16 Nov"), cells only: Mo..Su."""
    line = next(line for line in grid(app).splitlines() if line.startswith(monday))
    return line[len(monday) :].rstrip()


def cell(app, monday: str, weekday: int) -> str:
    """One night's cell: 0 is Monday ... 6 is Sunday (the header is "Mo Tu We Th Fr Sa Su")."""
    header = grid(app).splitlines()[0]
    column = header.index(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][weekday])
    line = next(line for line in grid(app).splitlines() if line.startswith(monday))
    return line[column] if column < len(line) else " "


def dialog_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def footer_keys(app) -> set[str]:
    return {description for _, description in pane(app).query_one(KeyBar).keys}


def footer_line(app) -> str:
    return on_screen(app).splitlines()[-1]


def choices(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]


async def redraw(pilot) -> None:
    pane(pilot.app).reload()
    await pilot.pause()


def mia(store):
    return store.children()[0]


def leo(store):
    return store.children()[1]


def star_for(store, child, night: date, hour: int = 7, minute: int = 30):
    """The night's star, given at breakfast the morning after."""
    morning = night + timedelta(days=1)
    return store.give_star(child.id, night, london(morning.year, morning.month, morning.day, hour, minute))


def five_stars_and_a_park_trip(store, *, lucky_dip: bool = False):
    """Mia with five stars (14–18 Nov) for staying in bed, a park trip for 10 and, if asked, a
    lucky dip for 4: enough for the one, not the other."""
    child = mia(store)
    store.add_target(child.id, IN_BED, london(2026, 11, 9, 18, 0))
    for day in (14, 15, 16, 17, 18):
        star_for(store, child, date(2026, 11, day))
    store.add_reward(child.id, "park trip", 10, london(2026, 11, 9, 18, 5))
    if lucky_dip:
        store.add_reward(child.id, "lucky dip", 4, london(2026, 11, 9, 18, 6))
    return child


def records_on_disk(store) -> list[dict]:
    """Every ledger record in the files: the chart's terms and each year's stars."""
    docs = []
    for path in sorted((store.data_dir / "rewards").glob("*.json")):
        docs += json.loads(path.read_text(encoding="utf-8"))["records"].values()
    return docs


# -- who the chart is for (R1) ------------------------------------------------------------


async def test_for_leo_under_three_the_pane_explains_why_in_one_calm_paragraph_with_no_chart_keys(household, clock) -> None:
    app = make_app(household, clock, child=leo(household), pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        why = shown(app, "#reward-target")
        assert why.startswith("Leo is 2 years old.")
        assert "the reward chart starts at three: on 1 June 2027" in why
        assert "warm, specific praise at bedtime and in the morning is enough" in why
        assert "you can turn the chart on in the household pane" in why
        assert "\n\n" not in why  # one paragraph
        assert "!" not in why  # calm
        # No chart keys in the footer, and none of them does anything.
        assert footer_keys(app) == {"Help", "Next child"}
        for key in ("Star", "Take back", "Target", "Step up", "Reward", "Redeem"):
            assert key not in footer_line(app)
        await keys(pilot, "t", "a", "s", "r", "u")
        assert isinstance(app.screen, RewardsScreen)
        assert household.reward_records(leo(household).id) == []
        screen = on_screen(app)
        assert "Earned" not in screen and "Mo Tu We Th Fr Sa Su" not in screen


async def test_turning_the_chart_on_for_leo_in_the_household_settings_shows_it(household, clock) -> None:
    app = make_app(household, clock, child=leo(household), pane="rewards")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Leo is 2 years old." in shown(app, "#reward-target")

        await keys(pilot, "h")
        assert isinstance(app.screen, HouseholdScreen)
        await keys(pilot, "down", "p")  # Leo is the second child in the list
        assert isinstance(app.screen, FormDialog)
        assert "Leo: quiet-mode wait, bedtime pass, reward chart" in dialog_text(app)
        await keys(pilot, *["enter"] * 7)  # past the wait and the pass, to the last field
        assert app.focused.name == "reward_chart" and app.focused.value == "auto"
        await clear_field(pilot)
        await type_text(pilot, "on")
        await keys(pilot, "enter")
        assert isinstance(app.screen, HouseholdScreen)
        assert household.child_settings(leo(household).id).reward_chart is True

        await keys(pilot, "4")
        assert isinstance(app.screen, RewardsScreen)
        assert shown(app, "#reward-target").startswith("No target yet. t sets one")
        assert "Leo is 2 years old." not in on_screen(app)
        assert {"Star", "Target", "Reward", "Redeem"} <= footer_keys(app)
        await keys(pilot, "t")
        assert isinstance(app.screen, FormDialog)
        assert "A new step on Leo's ladder" in dialog_text(app)


async def test_mia_over_three_has_the_chart_without_any_setting(household, clock) -> None:
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(app, "#reward-target").startswith("No target yet. t sets one: a positive, specific behaviour")
        assert "No rewards yet. a adds one" in shown(app, "#reward-progress")
        assert {"Star", "Target", "Reward", "Redeem"} <= footer_keys(app)


# -- the target (R2) and the star in the morning (R3, R4) ----------------------------------


async def test_a_negative_target_is_refused_in_place_and_a_positive_one_is_added(household, clock) -> None:
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "t")
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "didn't get up")
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)  # refused in place, the words kept to change
        assert NOT_NEGATIVE in dialog_text(app)
        assert "Say what to do rather than what not to do" in dialog_text(app)
        assert app.focused.value == "didn't get up"
        assert household.reward_records(mia(household).id) == []

        await clear_field(pilot)
        await type_text(pilot, IN_BED)
        await keys(pilot, "enter")
        assert isinstance(app.screen, RewardsScreen)
        assert shown(app, "#reward-message") == "The target starts tonight."
        assert shown(app, "#reward-target") == f"Target: {IN_BED}  (step 1 of 1)"
        chart = household.reward_chart(mia(household).id)
        assert [target.text for target in chart.targets] == [IN_BED]
        assert chart.target_on(date(2026, 11, 20)).text == IN_BED  # from tonight
        assert chart.target_on(date(2026, 11, 19)) is None


async def test_next_morning_s_gives_the_star_with_the_praise_and_x_takes_it_back_within_ten_minutes(household, clock) -> None:
    child = mia(household)
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "t")
        await type_text(pilot, IN_BED)
        await keys(pilot, "enter")
        # Tonight isn't over: no star yet, and the grid shows no mark for it.
        assert cell(app, "16 Nov", 4) == " "

        clock.set(london(2026, 11, 21, 7, 30))
        await redraw(pilot)
        assert cell(app, "16 Nov", 4) == "·"  # the night is over: no star is just no star
        assert "Star" in footer_keys(app)
        assert shown(app, "#reward-praise") == ASK  # the praise's box asks for the star

        await keys(pilot, "s")
        assert shown(app, "#reward-message") == "A star for the night of Fri 20 Nov. Read the praise to Mia."
        assert shown(app, "#reward-praise") == PRAISE
        assert PRAISE in flat(app)  # drawn in its box, for reading aloud
        assert cell(app, "16 Nov", 4) == "★"  # under Friday
        assert "Earned 0 · spent 0 · to spend 0 · 1 just given" in grid(app)
        assert JUST_GIVEN in on_screen(app)
        assert "Star" not in footer_keys(app)  # last night has its star
        assert "Take back" in footer_keys(app)
        [given] = [r for r in records_on_disk(household) if r["kind"] == "star_given"]
        assert given["night"] == "2026-11-20" and given["text"] == PRAISE

        # Nine minutes later it can still be taken back: it shows as taken back, earned 0.
        clock.advance(minutes=9)
        await redraw(pilot)
        assert "1 just given" in grid(app)
        await keys(pilot, "x")
        assert shown(app, "#reward-message") == "Taken back; it stays in the history."
        assert cell(app, "16 Nov", 4) == "☆"
        assert "Earned 0 · spent 0 · to spend 0" in grid(app)
        assert "just given" not in grid(app)
        assert shown(app, "#reward-praise") == ASK  # the star can be given again
        assert PRAISE not in on_screen(app)
        # The history keeps both: the star and its void, on disk.
        kinds = [record["kind"] for record in records_on_disk(household)]
        assert kinds.count("star_given") == 1 and kinds.count("star_voided") == 1
        [void] = [r for r in records_on_disk(household) if r["kind"] == "star_voided"]
        assert void["ref"] == given["id"]
        assert household.reward_chart(child.id).star(given["id"]).voided == london(2026, 11, 21, 7, 39)
        assert "Take back" not in footer_keys(app)
        assert "Star" in footer_keys(app)  # the night may have its star again


async def test_after_ten_minutes_a_star_stays_given(household, clock) -> None:
    child = mia(household)
    household.add_target(child.id, IN_BED, london(2026, 11, 20, 18, 0))
    clock.set(london(2026, 11, 21, 7, 30))
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "s")
        [star] = household.reward_chart(child.id).stars
        assert "1 just given" in grid(app)

        clock.advance(minutes=10)
        await redraw(pilot)
        assert "just given" not in grid(app)
        assert "Earned 1 · spent 0 · to spend 1" in grid(app)
        assert "Take back" not in footer_keys(app)  # x is not offered
        await keys(pilot, "x")
        assert cell(app, "16 Nov", 4) == "★"
        assert household.reward_chart(child.id).star(star.id).voided is None
        assert [r["kind"] for r in records_on_disk(household)].count("star_voided") == 0

        # Not through the store either, with the reason.
        with pytest.raises(CompanionError) as refused:
            household.void_star(child.id, star.id, clock.now())
        assert str(refused.value) == (
            "That star was given at 07:30, more than 10 minutes ago: a star once given stays given."
        )
        assert household.reward_chart(child.id).earned(clock.now()) == 1
        assert [r["kind"] for r in records_on_disk(household)].count("star_voided") == 0


async def test_no_star_before_the_night_is_over_and_none_for_a_night_before_the_target(household, clock) -> None:
    child = mia(household)
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "t")
        await type_text(pilot, IN_BED)
        await keys(pilot, "enter")
        # 19:30 on Friday: the star is for Thursday night, before there was a target, so
        # the box for its praise doesn't ask for it.
        assert not pane(app).query_one("#reward-praise").display
        await keys(pilot, "s")
        assert shown(app, "#reward-message") == "The chart had no target yet on the night of Thursday 19 November."
        assert household.reward_chart(child.id).stars == ()
        assert "★" not in week_row(app, "16 Nov")


# -- rewards (R5) -------------------------------------------------------------------------


async def test_a_reward_with_a_bad_threshold_is_refused_in_place_and_food_gets_a_gentle_hint(household, clock) -> None:
    child = mia(household)
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "a")
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "lucky dip")
        await keys(pilot, "enter")  # on to the stars
        refusals = {
            "0": "A reward needs at least 1 star.",
            "-1": "A reward needs at least 1 star.",
            "1000": "1000 stars is a long way off for a child: keep rewards within reach (1–100).",
            "ten": "Type the stars as a whole number, like 10.",
        }
        for typed, message in refusals.items():
            await clear_field(pilot)
            await type_text(pilot, typed)
            await keys(pilot, "enter")
            assert isinstance(app.screen, FormDialog), typed
            assert message in dialog_text(app), typed
            assert household.reward_chart(child.id).rewards == (), typed
        await clear_field(pilot)
        await type_text(pilot, "4")
        await keys(pilot, "enter")
        assert isinstance(app.screen, RewardsScreen)
        assert shown(app, "#reward-message") == "lucky dip: 4 stars."  # no hint for a lucky dip
        [reward] = household.reward_chart(child.id).rewards
        assert (reward.name, reward.stars) == ("lucky dip", 4)
        assert "lucky dip  ░░░░░░░░░░░░  4 more of 4" in shown(app, "#reward-progress")

        await keys(pilot, "a")
        await type_text(pilot, "chocolate")
        await keys(pilot, "enter")
        await type_text(pilot, "3")
        await keys(pilot, "enter")
        assert isinstance(app.screen, RewardsScreen)  # a hint, never a refusal
        assert shown(app, "#reward-message") == f"chocolate: 3 stars. {FOOD_HINT}"
        assert FOOD_HINT.startswith("Food rewards can tie treats to behaviour")
        assert shown(app, "#reward-message").count(FOOD_HINT) == 1
        assert flat(app).count("Food rewards can tie treats to behaviour") == 1
        assert [r.name for r in household.reward_chart(child.id).offered] == ["lucky dip", "chocolate"]


async def test_redeeming_with_too_few_stars_says_how_many_are_left_and_changes_nothing(household, clock) -> None:
    five_stars_and_a_park_trip(household, lucky_dip=True)
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Earned 5 · spent 0 · to spend 5" in grid(app)
        before = records_on_disk(household)

        await keys(pilot, "r")
        assert isinstance(app.screen, ChoiceDialog)
        assert choices(app) == ["park trip · 10 stars", "lucky dip · 4 stars"]
        await keys(pilot, "enter")  # the park trip
        assert isinstance(app.screen, RewardsScreen)
        assert "has 5 stars to spend; the park trip needs 10." in shown(app, "#reward-message")
        assert records_on_disk(household) == before
        assert "Earned 5 · spent 0 · to spend 5" in grid(app)
        assert "park trip  ██████░░░░░░  5 more of 10" in shown(app, "#reward-progress")


async def test_redeeming_with_enough_stars_spends_them_and_earned_never_goes_down(household, clock) -> None:
    child = five_stars_and_a_park_trip(household, lucky_dip=True)
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "lucky dip  ████████████  4 stars: ready (r)" in shown(app, "#reward-progress")

        await keys(pilot, "r", "down", "enter")  # the lucky dip
        assert shown(app, "#reward-message") == "lucky dip: 4 stars spent. Earned stars stay earned."
        assert "Earned 5 · spent 4 · to spend 1" in grid(app)
        chart = household.reward_chart(child.id)
        assert chart.earned(clock.now()) == 5 and chart.spent == 4
        [redeemed] = [r for r in records_on_disk(household) if r["kind"] == "redeemed"]
        assert (redeemed["text"], redeemed["stars"]) == ("lucky dip", 4)
        # Every star is still on the chart.
        assert week_row(app, "16 Nov").split() == ["★", "★", "★", "·"]  # Mon–Wed; Thursday had none
        assert "lucky dip  ███░░░░░░░░░  3 more of 4" in shown(app, "#reward-progress")

        # Spending again with 1 left is refused, and still nothing goes down.
        await keys(pilot, "r", "down", "enter")
        assert "has 1 star to spend; the lucky dip needs 4." in shown(app, "#reward-message")
        assert "Earned 5 · spent 4 · to spend 1" in grid(app)

        # Next morning's star adds to the earned total.
        clock.set(london(2026, 11, 21, 7, 30))
        await keys(pilot, "s")
        clock.advance(minutes=10)
        await redraw(pilot)
        assert "Earned 6 · spent 4 · to spend 2" in grid(app)


async def test_a_star_given_just_now_cannot_be_spent_until_its_ten_minutes_are_over(household, clock) -> None:
    child = mia(household)
    household.add_target(child.id, IN_BED, london(2026, 11, 9, 18, 0))
    for day in (17, 18, 19):
        star_for(household, child, date(2026, 11, day))
    household.add_reward(child.id, "lucky dip", 4, london(2026, 11, 9, 18, 6))
    clock.set(london(2026, 11, 21, 7, 30))
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "s")  # the fourth star, just given
        await keys(pilot, "r", "enter")
        assert "has 3 stars to spend; the lucky dip needs 4. 1 more, given just now, can be spent from 07:40." in shown(
            app, "#reward-message"
        )
        assert household.reward_chart(child.id).spent == 0

        clock.set(london(2026, 11, 21, 7, 40))
        await redraw(pilot)
        await keys(pilot, "r", "enter")
        assert shown(app, "#reward-message") == "lucky dip: 4 stars spent. Earned stars stay earned."
        assert "Earned 4 · spent 4 · to spend 0" in grid(app)


async def test_the_refusal_to_redeem_names_the_child(household, clock) -> None:
    five_stars_and_a_park_trip(household)
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "r", "enter")
        assert shown(app, "#reward-message") == "Mia has 5 stars to spend; the park trip needs 10."


# -- stepping up the ladder (R2) -----------------------------------------------------------


async def test_the_step_up_is_suggested_once_the_target_was_earned_on_5_of_the_last_7_nights(household, clock) -> None:
    child = mia(household)
    first = "stayed in my room after using the pass"
    household.add_target(child.id, first, london(2026, 11, 9, 18, 0))
    for day in (13, 14, 16, 18):  # 4 of the 7 nights Fri 13 – Thu 19
        star_for(household, child, date(2026, 11, day))
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(app, "#reward-target") == f"Target: {first}  (step 1 of 1)"
        assert "ready for the next step" not in on_screen(app)

        star_for(household, child, date(2026, 11, 19))  # the fifth
        await redraw(pilot)
        assert shown(app, "#reward-target") == (
            f"Target: {first}  (step 1 of 1)\n"
            "Earned on 5 of the last 7 nights: ready for the next step? t adds the next step on the ladder."
        )
        assert "Step up" not in footer_keys(app)  # nothing to step up to yet

        await keys(pilot, "t")
        await type_text(pilot, IN_BED)
        await keys(pilot, "enter")
        assert shown(app, "#reward-message") == "Added to the ladder; u steps up to it when ready."
        assert shown(app, "#reward-target") == (
            f"Target: {first}  (step 1 of 2)\n"
            f"Earned on 5 of the last 7 nights: ready for the next step? u steps up to “{IN_BED}”."
        )
        assert "Step up" in footer_keys(app)

        await keys(pilot, "u")
        assert isinstance(app.screen, ChoiceDialog)
        assert [label.split(". ", 1)[1] for label in choices(app)] == [IN_BED]
        await keys(pilot, "enter")
        assert isinstance(app.screen, RewardsScreen)
        assert shown(app, "#reward-message") == "The new target starts tonight."
        assert shown(app, "#reward-target") == f"Target: {IN_BED}  (step 2 of 2)"  # the suggestion is done
        chart = household.reward_chart(child.id)
        assert chart.target_on(date(2026, 11, 20)).text == IN_BED
        assert chart.target_on(date(2026, 11, 19)).text == first  # last night keeps its target
        assert chart.earned(clock.now()) == 5  # stepping up takes nothing away


async def test_stars_on_5_nights_outside_the_last_7_suggest_nothing(household, clock) -> None:
    child = mia(household)
    household.add_target(child.id, IN_BED, london(2026, 11, 2, 18, 0))
    for day in (5, 6, 7, 8, 9, 10, 11, 12):  # all before Fri 13
        star_for(household, child, date(2026, 11, day))
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(app, "#reward-target") == f"Target: {IN_BED}  (step 1 of 1)"
        assert "Earned 8" in grid(app)


async def test_the_step_up_choices_number_the_steps_as_the_pane_does(household, clock) -> None:
    child = mia(household)
    household.add_target(child.id, "stayed in my room after using the pass", london(2026, 11, 9, 18, 0))
    household.add_target(child.id, IN_BED, london(2026, 11, 9, 18, 1))
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "u")
        assert choices(app) == [f"2. {IN_BED}"]


# -- the keys fit 80 columns (X1) ----------------------------------------------------------


async def test_every_key_of_the_chart_fits_the_footer_at_80_columns(household, clock) -> None:
    child = mia(household)
    household.add_target(child.id, "stayed in my room after using the pass", london(2026, 11, 9, 18, 0))
    household.add_target(child.id, IN_BED, london(2026, 11, 9, 18, 1))
    household.add_reward(child.id, "lucky dip", 4, london(2026, 11, 9, 18, 5))
    clock.set(london(2026, 11, 21, 7, 30))
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert footer_keys(app) == {"Star", "Target", "Step up", "Reward", "Redeem", "Help", "Next child"}
        line = footer_line(app)
        for description in footer_keys(app):
            assert description in line, line
        assert len(line) <= 80

        await keys(pilot, "s")  # now x is offered instead of s
        assert footer_keys(app) == {"Take back", "Target", "Step up", "Reward", "Redeem", "Help", "Next child"}
        line = footer_line(app)
        for description in footer_keys(app):
            assert description in line, line


async def test_at_80_by_24_the_rewards_under_four_weeks_of_stars_can_be_scrolled_to_by_keys(household, clock) -> None:
    from tests.ui.test_rewards_snapshots import four_weeks_of_stars

    four_weeks_of_stars(household, clock)
    app = make_app(household, clock, pane="rewards")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert PRAISE in flat(app)
        await keys(pilot, "pagedown", "end")
        screen = on_screen(app)
        assert "lucky dip        ████████████  4 stars: ready (r)" in screen
        assert "trip to the zoo  ██████░░░░░░  14 more of 28" in screen
        assert "Earned 22 · spent 8 · to spend 14" in screen
