"""The morning recap by keyboard (rules M1–M4, key 5): what the parent reads over breakfast.

Nights are written with the store, event by event, as the evening pane would have logged them.
The clock is a ManualClock in London, set to Sat 21 Nov 2026 07:10 unless a test says
otherwise; "last night" is then the night of Fri 20 Nov. Mia (born 14 Feb 2022) is the
current child.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest
from textual.widgets import Static

from companion.domain.night_log import EventKind
from companion.domain.wins import CLAIMS_NOTHING
from companion.ui.app import make_app
from companion.ui.dialogs import FormDialog
from companion.ui.evening import EveningScreen
from companion.ui.recap import RecapScreen
from companion.ui.rewards import RewardsScreen
from companion.ui.widgets import KeyBar
from tests.ui.pilot_keys import clear_field, keys, london, LONDON, type_text

FRIDAY = date(2026, 11, 20)
IN_BED = "stayed in my bed the whole night"
PRAISE = "I like the way you stayed in your bed the whole night. Here is a star for your chart."
LABEL_WIDTH = 17  # the glance's labels, as drawn: "Fed · dry · safe " is the longest


def on(night: date, hour: int, minute: int) -> datetime:
    """A time of the night of `night`: from noon that day, past midnight into the next."""
    day = night if hour >= 12 else night + timedelta(days=1)
    return london(day.year, day.month, day.day, hour, minute)


def pane(app) -> RecapScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, RecapScreen))


def on_screen(app) -> str:
    return "\n".join(strip.text.rstrip() for strip in pane(app)._compositor.render_strips())


def shown(app, selector: str) -> str:
    return str(pane(app).query_one(selector, Static).render())


def opening(app) -> str:
    return shown(app, "#recap-opening")


def glance(app) -> dict[str, str]:
    """The night at a glance as {label: text}, in the order shown, under its heading: the
    night's rows, then the morning's (the star, a health flag)."""
    heading, *lines = (shown(app, "#recap-glance") + "\n" + shown(app, "#recap-morning")).strip().splitlines()
    assert heading.startswith("The night of ")
    return {line[:LABEL_WIDTH].strip(): line[LABEL_WIDTH:] for line in lines}


def glance_heading(app) -> str:
    return shown(app, "#recap-glance").splitlines()[0]


def trends(app) -> list[str]:
    return shown(app, "#recap-trends").splitlines()


def trend_line(app, label: str) -> str:
    return next(line for line in trends(app) if line.startswith(label))


def child_bar(app) -> str:
    return str(pane(app).query_one("#child-bar").render())


def dialog_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def footer_keys(app) -> set[str]:
    return {description for _, description in pane(app).query_one(KeyBar).keys}


def mia(store):
    return store.children()[0]


def log(store, child, kind: EventKind, at: datetime, value: str = "", **rest):
    return store.add_night_event(child.id, kind, at, value, recorded=at, **rest)


def friday_as_logged(store, child) -> None:
    """Fri 20 Nov: teeth asked for once in quiet mode and repeated once, done three minutes
    later; lights out 19:40, a call-out at 19:45, the pass used for a drink at 19:50 and back
    in three minutes, asleep at 20:05."""
    said = log(store, child, EventKind.QUIET_SAID, on(FRIDAY, 19, 10), "teeth now, please", seconds=10)
    log(store, child, EventKind.QUIET_REPEATED, on(FRIDAY, 19, 11), ref=said.id)
    log(store, child, EventKind.QUIET_DONE, on(FRIDAY, 19, 13), ref=said.id)
    log(store, child, EventKind.LIGHTS_OUT, on(FRIDAY, 19, 40))
    log(store, child, EventKind.CALLED_OUT, on(FRIDAY, 19, 45))
    trip = log(store, child, EventKind.PASS_USED, on(FRIDAY, 19, 50), "a drink", seconds=300)
    log(store, child, EventKind.PASS_BACK, on(FRIDAY, 19, 53), ref=trip.id)
    log(store, child, EventKind.FELL_ASLEEP, on(FRIDAY, 20, 5))


def settled(store, child, night: date, *, lights_out=(19, 40), asleep=(20, 5), call_outs=(), get_ups=()) -> None:
    """A night after goodnight: lights out, some call-outs and get-ups, asleep."""
    log(store, child, EventKind.LIGHTS_OUT, on(night, *lights_out))
    for at in call_outs:
        log(store, child, EventKind.CALLED_OUT, on(night, *at))
    for at in get_ups:
        log(store, child, EventKind.GOT_UP, on(night, *at))
    log(store, child, EventKind.FELL_ASLEEP, on(night, *asleep))


def morning(clock, hour: int = 7, minute: int = 10) -> None:
    clock.set(london(2026, 11, 21, hour, minute))


def star_to_give(store, clock):
    """Breakfast after a settled Friday with a target set that evening: the app, with the
    night's star still to give."""
    child = mia(store)
    store.add_target(child.id, IN_BED, on(FRIDAY, 18, 0))
    settled(store, child, FRIDAY)
    morning(clock)
    return make_app(store, clock)


# -- where the app opens (M1) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "pane_name", "opens_on"),
    [
        (7, 10, None, RecapScreen),
        (5, 0, None, RecapScreen),
        (11, 59, None, RecapScreen),
        (4, 59, None, EveningScreen),
        (12, 0, None, EveningScreen),
        (19, 30, None, EveningScreen),
        (7, 10, "evening", EveningScreen),  # the parent's choice wins
    ],
)
async def test_the_app_opens_on_the_recap_in_the_morning_and_on_the_evening_otherwise(
    household, clock, hour, minute, pane_name, opens_on
) -> None:
    day = 21 if hour < 19 else 20
    clock.set(london(2026, 11, day, hour, minute))
    app = make_app(household, clock, pane=pane_name)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen) is opens_on
        if opens_on is RecapScreen:
            assert opening(app).startswith("Good morning.")


async def test_key_5_opens_the_recap_in_the_evening_too(household, clock) -> None:
    settled(household, mia(household), date(2026, 11, 19))
    app = make_app(household, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EveningScreen)
        await keys(pilot, "5")
        assert isinstance(app.screen, RecapScreen)
        assert glance_heading(app) == "The night of Thursday 19 November"  # last night, seen from Friday evening
        assert glance(app)["Lights out"] == "19:40"


# -- last night at a glance (M2) ------------------------------------------------------------


async def test_a_hand_built_night_shows_its_figures_as_rows_and_missing_data_as_not_recorded(household, clock) -> None:
    friday_as_logged(household, mia(household))
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert glance_heading(app) == "The night of Friday 20 November"
        rows = glance(app)
        assert rows["Lights out"] == "19:40"
        assert rows["Fell asleep"] == "20:05, 25 min after lights out"
        assert rows["Time to quiet"] == "5 min after lights out"  # the call-out at 19:45
        assert rows["Called out"] == "1 (1 before the pass, 0 after)"
        assert rows["Got up"] == "0 (0 before the pass, 0 after)"
        assert rows["Pass"] == "used 19:50 for a drink · stayed in after it"
        assert rows["Said once"] == "0 of 1 said once · 1 repeat · 3 min to comply (median)"
        # What nobody logged is "not recorded", never a zero.
        for label in ("Routine", "Screens off", "Moved today", "Fed · dry · safe"):
            assert rows[label] == "not recorded", label
        assert rows["Worries"] == "none waiting"
        assert "Star" not in rows  # no target: no star row
        assert "Health" not in rows
        screen = on_screen(app)
        assert "Lights out       19:40" in screen
        assert "Fell asleep      20:05, 25 min after lights out" in screen


async def test_a_night_logged_only_up_to_goodnight_shows_its_night_counts_as_not_recorded(household, clock) -> None:
    child = mia(household)
    log(household, child, EventKind.BEDTIME_STARTED, on(FRIDAY, 18, 45))
    for minute, step in ((50, "bath"), (58, "teeth")):
        log(household, child, EventKind.STEP_DONE, on(FRIDAY, 18, minute), step)
    log(household, child, EventKind.FED, on(FRIDAY, 18, 46), "yes")
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        rows = glance(app)
        assert rows["Routine"] == "2 of 3 steps"  # no length: the routine stopped before books
        assert rows["Fed · dry · safe"] == "yes · not recorded · not recorded"
        for label in ("Lights out", "Fell asleep", "Time to quiet", "Got up", "Called out", "Woke", "Parents' bed"):
            assert rows[label] == "not recorded", label
        assert not any(re.fullmatch(r"0\b.*", text) for text in rows.values()), rows
        assert "not recorded in the last 7 nights" in trend_line(app, "get-ups")  # a gap, not a zero


async def test_a_health_flag_shows_one_calm_line(household, clock) -> None:
    child = mia(household)
    settled(household, child, FRIDAY)
    log(household, child, EventKind.VOMITED, on(FRIDAY, 2, 5))
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = glance(app)
        assert rows["Health"] == "Logged in the night: vomited. Worth a calm check with the pediatrician."
        health = [line for line in shown(app, "#recap-morning").splitlines() if "pediatrician" in line]
        assert len(health) == 1
        assert "!" not in health[0]
        assert opening(app).startswith("Good morning.")


async def test_a_night_without_a_health_flag_has_no_health_line(household, clock) -> None:
    settled(household, mia(household), FRIDAY, get_ups=((19, 50),))
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Health" not in glance(app)
        assert "pediatrician" not in on_screen(app)


# -- the warm opening line (M3) -------------------------------------------------------------


async def test_the_opening_line_names_a_real_win_asleep_faster_than_the_weeks_average(household, clock) -> None:
    child = mia(household)
    for back in range(1, 8):  # Fri 13 – Thu 19: lights out 19:40, asleep 20:25, 45 min each
        settled(household, child, FRIDAY - timedelta(days=back), asleep=(20, 25))
    settled(household, child, FRIDAY, call_outs=((19, 50),))  # 25 min, and a call-out: no quiet night
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert opening(app) == (
            "Good morning. Asleep 20 min faster than on the nights before (25 min against 45 min on average over the 7 nights before)."
        )
        assert glance(app)["Fell asleep"] == "20:05, 25 min after lights out"
        assert "time to fall asleep" in trend_line(app, "time to fall asleep")
        assert "42 min on average over 7 nights" in trend_line(app, "time to fall asleep")


async def test_the_opening_line_claims_nothing_when_there_is_no_win(household, clock) -> None:
    child = mia(household)
    # Lights out, two call-outs and a get-up, asleep late: nothing in the data to celebrate.
    settled(household, child, FRIDAY, asleep=(21, 10), call_outs=((19, 50), (20, 10)), get_ups=((20, 30),))
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        line = opening(app)
        assert line in CLAIMS_NOTHING
        assert line.startswith("Good morning.")
        assert not re.search(r"\d", line)  # no figure claimed
        for claim in ("faster", "quiet night", "No get-ups", "No calling out", "stayed in", "said"):
            assert claim.casefold() not in line.casefold()


async def test_a_night_with_nothing_logged_is_greeted_without_a_claim(household, clock) -> None:
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert opening(app) == "Good morning. Nothing was logged last night; tonight is a fresh start."
        rows = glance(app)
        assert rows["Lights out"] == "not recorded"
        assert rows["Got up"] == "not recorded"


# -- browsing nights ------------------------------------------------------------------------


async def test_brackets_go_to_the_night_before_and_back_and_the_bar_says_an_earlier_night(household, clock) -> None:
    child = mia(household)
    settled(household, child, FRIDAY)
    settled(household, child, date(2026, 11, 19), lights_out=(20, 15), asleep=(20, 45))
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "night of Fri 20 Nov" in child_bar(app)
        assert "an earlier night" not in child_bar(app)
        assert "Night after" not in footer_keys(app)  # nothing after last night

        await keys(pilot, "left_square_bracket")
        assert glance_heading(app) == "The night of Thursday 19 November"
        assert glance(app)["Lights out"] == "20:15"
        assert "night of Thu 19 Nov" in child_bar(app)
        assert "an earlier night" in child_bar(app)
        assert "Night after" in footer_keys(app)

        await keys(pilot, "left_square_bracket")
        assert glance_heading(app) == "The night of Wednesday 18 November"
        assert glance(app)["Lights out"] == "not recorded"

        await keys(pilot, "right_square_bracket", "right_square_bracket")
        assert glance_heading(app) == "The night of Friday 20 November"
        assert glance(app)["Lights out"] == "19:40"
        assert "an earlier night" not in child_bar(app)
        await keys(pilot, "right_square_bracket")  # no further than last night
        assert glance_heading(app) == "The night of Friday 20 November"


async def test_g_goes_to_a_typed_date_refusing_a_malformed_or_future_one_and_t_comes_back(household, clock) -> None:
    child = mia(household)
    settled(household, child, FRIDAY)
    settled(household, child, date(2026, 11, 15), lights_out=(19, 55), asleep=(20, 20))
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await keys(pilot, "g")
        assert isinstance(app.screen, FormDialog)
        assert "Recap of which night?" in dialog_text(app)
        assert app.focused.value == "2026-11-20"

        await clear_field(pilot)
        await type_text(pilot, "15/11/2026")
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)  # refused in place
        assert "Type the night as YYYY-MM-DD, the evening's date, e.g. 2026-11-19." in dialog_text(app)

        await clear_field(pilot)
        await type_text(pilot, "2026-11-21")  # tonight: not over yet
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        assert "The latest night with a recap is Fri 20 Nov 2026." in dialog_text(app)

        await clear_field(pilot)
        await type_text(pilot, "2026-11-15")
        await keys(pilot, "enter")
        assert isinstance(app.screen, RecapScreen)
        assert glance_heading(app) == "The night of Sunday 15 November"
        assert glance(app)["Lights out"] == "19:55"
        assert "night of Sun 15 Nov" in child_bar(app) and "an earlier night" in child_bar(app)

        await keys(pilot, "t")
        assert glance_heading(app) == "The night of Friday 20 November"
        assert glance(app)["Lights out"] == "19:40"
        assert "an earlier night" not in child_bar(app)


async def test_escape_from_g_stays_on_the_night_shown(household, clock) -> None:
    settled(household, mia(household), FRIDAY)
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await keys(pilot, "g", "backspace", "escape")
        assert isinstance(app.screen, RecapScreen)
        assert glance_heading(app) == "The night of Friday 20 November"


async def test_an_earlier_night_is_not_called_last_night(household, clock) -> None:
    settled(household, mia(household), FRIDAY)
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await keys(pilot, "left_square_bracket")  # Thursday: nothing logged
        assert glance_heading(app) == "The night of Thursday 19 November"
        assert "last night" not in opening(app)


# -- trends (M4) ----------------------------------------------------------------------------


async def test_w_switches_the_trends_between_7_14_and_30_nights_and_the_heading_says_so(household, clock) -> None:
    child = mia(household)
    for back in range(0, 8):  # Thu 13 – Fri 20: eight nights logged
        settled(household, child, FRIDAY - timedelta(days=back), asleep=(20, 5 + back))
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert trends(app)[0] == "The last 7 nights"
        assert "over 7 nights" in trend_line(app, "time to fall asleep")
        assert "not logged" not in trend_line(app, "time to fall asleep")

        await keys(pilot, "w")
        assert trends(app)[0] == "The last 14 nights"
        assert shown(app, "#recap-message") == "Trends over the last 14 nights."
        assert "over 8 nights (6 not logged)" in trend_line(app, "time to fall asleep")

        await keys(pilot, "w")
        assert trends(app)[0] == "The last 30 nights"
        assert "over 8 nights (22 not logged)" in trend_line(app, "time to fall asleep")
        # Drawn, not only listed: one mark a night, with gaps where nothing was logged.
        label = "time to fall asleep"
        line = trend_line(app, label)
        spark = line[27 : 27 + 30]
        assert spark[:22].strip() == "" and all(mark in "▁▂▃▄▅▆▇█" for mark in spark[22:]), line

        await keys(pilot, "w")
        assert trends(app)[0] == "The last 7 nights"
        assert shown(app, "#recap-message") == "Trends over the last 7 nights."


# -- the star (M2, R3) ----------------------------------------------------------------------


async def test_with_a_target_the_star_row_offers_the_praise_and_s_gives_it(household, clock) -> None:
    app = star_to_give(household, clock)
    child = mia(household)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert glance(app)["Star"] == f"give it now: {PRAISE}"
        assert "Give the star" in footer_keys(app)

        await keys(pilot, "s")
        [star] = household.reward_chart(child.id).stars
        assert (star.night, star.praise, star.given) == (FRIDAY, PRAISE, london(2026, 11, 21, 7, 10))
        raw = json.loads((household.data_dir / "rewards" / "stars-2026-11.json").read_text(encoding="utf-8"))
        assert [r["night"] for r in raw["records"].values() if r["kind"] == "star_given"] == ["2026-11-20"]
        assert glance(app)["Star"] == f"given: {PRAISE}"
        assert shown(app, "#recap-message") == "A star for Mia. Read the praise aloud (the Star row)."
        assert "Give the star" not in footer_keys(app)
        await keys(pilot, "s")  # once is all
        assert len(household.reward_chart(child.id).stars) == 1

        await keys(pilot, "4")  # the chart has it under Friday
        assert isinstance(app.screen, RewardsScreen)
        assert "16 Nov                 ★" in str(app.screen.query_one("#reward-grid", Static).render())


async def test_a_pass_target_offers_the_star_only_when_the_child_stayed_in_after_the_pass(household, clock) -> None:
    child = mia(household)
    household.add_target(child.id, "stayed in my room after using the pass", on(date(2026, 11, 18), 18, 0))
    # Thursday: the pass used, then out again at 20:10. Friday: the pass used, then stayed in.
    thursday = date(2026, 11, 19)
    log(household, child, EventKind.LIGHTS_OUT, on(thursday, 19, 40))
    log(household, child, EventKind.PASS_USED, on(thursday, 19, 50), "a hug", seconds=300)
    log(household, child, EventKind.GOT_UP, on(thursday, 20, 10))
    log(household, child, EventKind.FELL_ASLEEP, on(thursday, 20, 40))
    friday_as_logged(household, child)
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert glance(app)["Star"] == (
            "give it now: I like the way you stayed in your room after using the pass. Here is a star for your chart."
        )
        assert opening(app) == "Good morning. Used the pass, then stayed in the room after it."

        await keys(pilot, "left_square_bracket")  # Thursday: came out after the pass
        assert glance(app)["Pass"] == "used 19:50 for a hug · came out after it"
        assert "Star" not in glance(app)  # just no star, no mark against the child
        assert "Give the star" not in footer_keys(app)
        await keys(pilot, "s")
        assert household.reward_chart(child.id).stars == ()


async def test_without_a_target_or_for_leo_there_is_no_star_row(household, clock) -> None:
    leo = household.children()[1]
    settled(household, mia(household), FRIDAY)
    settled(household, leo, FRIDAY)
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Star" not in glance(app)
        await keys(pilot, "c")
        assert "Leo" in child_bar(app)
        assert glance(app)["Lights out"] == "19:40"
        assert "Star" not in glance(app)
        assert "Give the star" not in footer_keys(app)


async def test_a_star_offered_but_not_given_is_not_counted_as_a_night_with_a_star(household, clock) -> None:
    app = star_to_give(household, clock)
    child = mia(household)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert household.reward_chart(child.id).stars == ()
        assert "0 of 1 night " in trend_line(app, "nights with a star")


async def test_after_s_the_praise_to_read_aloud_is_still_on_screen(household, clock) -> None:
    app = star_to_give(household, clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await keys(pilot, "s")
        assert "Read the praise aloud" in shown(app, "#recap-message")
        assert PRAISE in on_screen(app)
        assert glance(app)["Star"].startswith("given: ")
        assert "1 of 1 night " in trend_line(app, "nights with a star")  # the trends count it at once
        assert "Give the star" not in footer_keys(app)


async def test_the_star_asked_for_from_the_palette_when_there_is_none_to_give_says_why(household, clock) -> None:
    """The key is dimmed then, but the palette offers the action from any pane: the pane says
    why nothing happened, where Textual would do nothing."""
    app = star_to_give(household, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await keys(pilot, "s", "1")
        await keys(pilot, "ctrl+p")
        await type_text(pilot, "morning recap give")
        await pilot.pause(0.5)
        await keys(pilot, "enter")
        assert isinstance(app.screen, RecapScreen)
        said = shown(app, "#recap-message")
        assert said == "The night of Friday 20 November has its star: the praise is on the Star row.", said
        assert len(household.reward_chart(mia(household).id).stars) == 1
        await keys(pilot, "c")  # Leo: no target, no star
        await keys(pilot, "1", "ctrl+p")
        await type_text(pilot, "morning recap give")
        await pilot.pause(0.5)
        await keys(pilot, "enter")
        assert shown(app, "#recap-message") == "No star to give for the night of Friday 20 November."
        await keys(pilot, "ctrl+p")  # another pane's dimmed key: its short name, and "not now"
        await type_text(pilot, "reward chart take back")
        await pilot.pause(0.5)
        await keys(pilot, "enter")
        assert isinstance(app.screen, RewardsScreen)
        assert str(app.screen.query_one("#reward-message", Static).render()) == "Take back: not possible just now."


async def test_at_80_columns_a_long_value_wraps_under_its_value_not_under_the_labels(household, clock) -> None:
    app = star_to_give(household, clock)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        lines = on_screen(app).splitlines()
        star = next(index for index, line in enumerate(lines) if line.strip().startswith("Star "))
        value_column = lines[star].index("give it now")
        assert value_column == 2 + LABEL_WIDTH  # the pane's padding, then the label column
        rest = lines[star + 1]
        assert rest[:value_column].strip() == "" and rest[value_column] != " "  # under "give"
        assert " ".join((lines[star][value_column:] + " " + rest[value_column:]).split()) == f"give it now: {PRAISE}"


async def test_browsing_shows_what_was_written_since_and_a_star_given_to_an_earlier_night_counts(household, clock) -> None:
    child = mia(household)
    thursday = FRIDAY - timedelta(days=1)
    household.add_target(child.id, IN_BED, on(thursday - timedelta(days=2), 18, 0))
    settled(household, child, thursday)
    settled(household, child, FRIDAY)
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "0 of 2 nights" in trend_line(app, "nights with a star")

        await keys(pilot, "left_square_bracket", "s")  # Thursday's star, given late
        assert glance(app)["Star"] == f"given: {PRAISE}"
        await keys(pilot, "right_square_bracket")
        assert glance(app)["Star"] == f"give it now: {PRAISE}"  # Friday's is still to give
        assert "1 of 2 nights" in trend_line(app, "nights with a star")

        # A get-up logged for Thursday while the recap is open (as another pane would).
        log(household, child, EventKind.GOT_UP, on(thursday, 19, 50))
        await keys(pilot, "left_square_bracket")
        assert glance(app)["Got up"].startswith("1")
        await keys(pilot, "right_square_bracket")
        assert "0.5 a night on average over 2 nights" in trend_line(app, "get-ups")


async def test_at_80_by_24_the_whole_glance_fits_down_to_the_stars_praise(household, clock) -> None:
    child = mia(household)
    household.add_target(child.id, IN_BED, on(FRIDAY, 18, 0))
    friday_as_logged(household, child)
    morning(clock)
    app = make_app(household, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = " ".join(on_screen(app).split())
        assert "The night of Friday 20 November" in screen and "Routine" in screen
        assert f"give it now: {PRAISE}" in screen  # both lines of it, above the key bar
