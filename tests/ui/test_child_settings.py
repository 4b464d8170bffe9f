"""Each child's quiet-mode wait and pass plan, set from the household pane (issue 4 points 1,
3, 4, 5; rules Q1, Q4, P1, P4, P5), and what the other panes then do with them."""

from __future__ import annotations

from datetime import date

from textual.widgets import Digits, Input, Static

from companion.domain.night_log import EventKind
from companion.ui.app import make_app
from companion.ui.dialogs import ChoiceDialog, FormDialog
from companion.ui.help import HelpScreen
from tests.ui.evening_parts import evening_part
from tests.ui.pilot_keys import keys

TONIGHT = date(2026, 11, 20)


def text_of(screen) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


def fill(dialog: FormDialog, **values: str) -> None:
    for field in dialog.query(Input):
        if field.name in values:
            field.value = values[field.name]


async def open_settings(pilot, app) -> FormDialog:
    await keys(pilot, "h", "p")
    assert isinstance(app.screen, FormDialog)
    return app.screen


async def save(pilot, app) -> None:
    app.screen.query(Input).last().focus()
    await keys(pilot, "enter")


async def test_a_longer_wait_set_for_the_child_is_the_wait_quiet_mode_counts(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = await open_settings(pilot, app)
        assert "Mia: quiet-mode wait, bedtime pass, reward chart" in text_of(dialog)
        fill(dialog, wait="15")
        await save(pilot, app)
        assert not isinstance(app.screen, FormDialog)
        assert "Mia: wait 15 s" in str(app.screen.query_one("#child-plan", Static).render())

        await keys(pilot, "2")
        assert app.screen.query_one(Digits).value == "0:15"
        await keys(pilot, "enter")
        mia = household.children()[0]
        [said] = [e for e in household.night_events(mia.id, TONIGHT) if e.kind is EventKind.QUIET_SAID]
        assert said.seconds == 15
        assert app.screen.query_one(Digits).value == "0:15"


async def test_a_wait_out_of_range_or_not_a_number_is_refused_in_place(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = await open_settings(pilot, app)
        for typed, message in (
            ("99", "The wait is 99 s; choose between 3 and 60 seconds."),
            ("ten", "The wait: type a whole number, like 10."),
            ("", "The wait: type a whole number, like 10."),
        ):
            fill(dialog, wait=typed)
            await save(pilot, app)
            assert app.screen is dialog
            assert message in text_of(dialog)
        fill(dialog, wait="10", passes="9")
        await save(pilot, app)
        assert "Passes a night is 9; choose between 0 and 5." in text_of(dialog)
        await keys(pilot, "escape")
        assert household.child_settings(household.children()[0].id).wait_seconds == 10


async def test_a_baseline_week_means_no_pass_tonight_and_the_night_keeps_its_phase(household, clock) -> None:
    app = make_app(household, clock)
    mia = household.children()[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = await open_settings(pilot, app)
        fill(dialog, baseline="7", start_passes="3")
        await save(pilot, app)
        assert "baseline: log only, 7 nights to go, then 3 pass(es)" in str(app.screen.query_one("#child-plan", Static).render())

        await keys(pilot, "1")
        assert "Pass: none tonight (a baseline night: log only)." in evening_part(app, "#pass")
        await keys(pilot, "v")
        assert not isinstance(app.screen, ChoiceDialog)
        assert "baseline night" in str(app.screen.query_one("#evening-message", Static).render())

        await keys(pilot, "k", "enter")  # a call-out is logged; tonight is now a baseline night on disk
        assert household.night_phase(mia.id, TONIGHT).phase == "baseline"

    # The family drops the baseline later: tonight takes the new plan, earlier nights would not.
    settings = household.child_settings(mia.id)
    household.set_child_settings(mia.id, settings._replace(plan=settings.plan._replace(baseline_nights=0, start_passes=1)), TONIGHT)
    assert household.night_phase(mia.id, TONIGHT).passes == 1


async def test_the_pass_help_carries_the_daytime_script_and_the_warning(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for pane in ("1", "2"):
            await keys(pilot, pane, "question_mark")
            assert isinstance(app.screen, HelpScreen)
            shown = text_of(app.screen)
            assert "Introducing the bedtime pass (by day, not at bedtime)" in shown
            assert "“This is your bedtime pass." in shown
            assert "the first nights may get worse before they get better" in shown
            await keys(pilot, "escape")


async def test_sound_is_off_by_default_and_the_bell_rings_once_when_a_wait_ends_only_if_turned_on(household, clock, monkeypatch) -> None:
    rings: list[str] = []
    app = make_app(household, clock)
    monkeypatch.setattr(type(app).__mro__[1], "bell", lambda self: rings.append("ding"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "2", "enter")
        clock.advance(seconds=11)
        await pilot.pause(0.6)
        assert rings == []  # silent by default (Q2)

        await keys(pilot, "m", "h", "s")
        assert household.sound_on()
        assert "sound on" in str(app.screen.query_one("#child-plan", Static).render())
        await keys(pilot, "2", "enter")
        clock.advance(seconds=11)
        await pilot.pause(0.6)
        await pilot.pause(0.6)
        assert rings == ["ding"]  # once, not on every redraw
