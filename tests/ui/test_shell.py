"""The shell: current child always shown, one key to switch, help, palette, themes, safety."""

from __future__ import annotations

import re
from datetime import date

import pendulum
import pytest
from textual.widgets import OptionList, Static

from companion.store import Store
from companion.ui.app import PANES, make_app, pane_class
from companion.ui.commands import palette_commands
from companion.ui.dialogs import FormDialog, NoticesDialog
from companion.ui.help import EVERYWHERE, HelpScreen, key_rows
from companion.ui.theme import DAY, NIGHT
from companion.ui.widgets import ChildBar


def bar(app) -> str:
    return str(app.screen.query_one(ChildBar).render())


def all_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


async def test_the_current_child_is_shown_and_c_switches_and_remembers(household, clock) -> None:
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert bar(app).startswith("Mia  ·  4 years  ·  night of Fri 20 Nov")
        await pilot.press("c")
        await pilot.pause()
        assert bar(app).startswith("Leo")
        assert household.current_child().name == "Leo"  # on disk before it shows
        await pilot.press("c")
        await pilot.pause()
        assert bar(app).startswith("Mia")


async def test_enter_on_a_child_in_the_household_list_makes_them_current(household, clock) -> None:
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert bar(app).startswith("Leo")
        assert household.current_child().name == "Leo"


async def test_editing_a_child_fixes_a_typo_and_refuses_bad_dates_in_place(household, clock) -> None:
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+u", *"Mila", "enter", "ctrl+u", *"2022-13-01", "enter")
        await pilot.pause()
        assert "There is no month 13" in all_text(app)
        assert [c.name for c in household.children()] == ["Mia", "Leo"]
        await pilot.press("ctrl+u", *"2022-02-15", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        mila = household.children()[0]
        assert (mila.name, mila.birth_date) == ("Mila", date(2022, 2, 15))
        assert bar(app).startswith("Mila")


async def test_grown_ups_can_be_added_renamed_and_removed(household, clock) -> None:
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("g", *"Grandma", "enter")
        await pilot.pause()
        assert [p.name for p in household.caregivers()] == ["Sam", "Alex", "Grandma"]
        app.screen.query_one("#caregivers", OptionList).focus()
        await pilot.press("r", "ctrl+u", *"Samira", "enter")
        await pilot.pause()
        assert [p.name for p in household.caregivers()][0] == "Samira"
        await pilot.press("x", "n")
        await pilot.pause()
        assert len(household.caregivers()) == 3
        await pilot.press("x", "y")
        await pilot.pause()
        assert [p.name for p in household.caregivers()] == ["Alex", "Grandma"]


async def test_user_text_is_shown_literally_never_as_markup(store, clock) -> None:
    store.add_child("[bold]Max[/]", date(2022, 1, 1))
    store.add_child("[@click=app.quit]x", date(2023, 1, 1))
    store.add_caregiver("x [/] y")
    app = make_app(store, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert bar(app).startswith("[bold]Max[/]")
        await pilot.press("c")
        await pilot.pause()
        assert bar(app).startswith("[@click=app.quit]x")
        await pilot.click(ChildBar, offset=(2, 0))
        await pilot.pause()
        assert app.is_running
        lists = app.screen.query(OptionList)
        prompts = [str(o.prompt) for ol in lists for o in (ol.get_option_at_index(i) for i in range(ol.option_count))]
        assert any("[bold]Max[/]" in p for p in prompts)
        assert "x [/] y" in prompts


async def test_help_lists_this_screens_keys_and_the_app_keys(household, clock) -> None:
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = all_text(app)
        for words in ("Add child", "Edit child", "Next child", "Help", "Quit", "The children and the grown-ups"):
            assert words in text
        assert "Scroll Left" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_the_palette_finds_every_action_and_runs_it(household, clock) -> None:
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [command.title for command in palette_commands(app, app.screen)]
        for title in ("Add child", "Next child", "Help", "Quit", "Switch to Leo", "Theme: Day theme"):
            assert title in titles
        assert not any("Screenshot" in title for title in titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"switch to leo")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert household.current_child().name == "Leo"


async def test_night_theme_in_the_evening_day_theme_in_the_day_and_a_choice_is_kept(household, clock) -> None:
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == NIGHT
        app.choose_theme("day")
        assert app.theme == DAY
    assert household.theme_choice() == "day"

    household.set_theme_choice("auto")
    clock.set(pendulum.datetime(2026, 11, 21, 10, 0, tz="Europe/London"))
    app = make_app(household, clock, pane="household")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == DAY


async def test_a_second_copy_is_read_only_and_says_so(household, clock, data_dir) -> None:
    second = Store.open(data_dir, clock)
    try:
        app = make_app(second, clock, pane="household")
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NoticesDialog)
            assert "read-only" in all_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert "read-only" in bar(app)
            await pilot.press("a", *"Ada", "enter", *"2021-01-01", "enter")
            await pilot.pause()
            assert "read-only" in all_text(app)
    finally:
        second.close()
    assert [c.name for c in household.children()] == ["Mia", "Leo"]


async def test_an_unreadable_household_file_is_set_aside_and_the_parent_told(data_dir, clock) -> None:
    data_dir.mkdir()
    (data_dir / "household.json").write_text('{"children": {"1": ')
    store = Store.open(data_dir, clock)
    try:
        app = make_app(store, clock, pane="household")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NoticesDialog)
            assert "household.json could not be read" in all_text(app)
            assert "household.json.corrupt-20261120-193000" in all_text(app)
    finally:
        store.close()
    assert (data_dir / "household.json.corrupt-20261120-193000").read_text() == '{"children": {"1": '


async def test_panes_switch_back_and_forth_by_key(household, clock) -> None:
    from companion.ui.evening import EveningScreen
    from companion.ui.household import HouseholdScreen

    for start in ("evening", "household"):
        app = make_app(household, clock, pane=start)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key, screen in (("h", HouseholdScreen), ("1", EveningScreen), ("h", HouseholdScreen), ("1", EveningScreen)):
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, screen), (start, key)
            before = app.child.name
            await pilot.press("c")
            await pilot.pause()
            other = app.child.name
            assert other != before and bar(app).startswith(other)  # the bar follows on every pane
            await pilot.press("h")
            await pilot.pause()
            assert bar(app).startswith(other)


@pytest.mark.parametrize("pane", PANES)
async def test_help_on_every_pane_says_in_two_or_three_sentences_what_it_is_for_and_lists_its_keys(household, clock, pane) -> None:
    app = make_app(household, clock, pane=pane)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        keys_now = key_rows(app.screen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        purpose = str(app.screen.query_one(".help-purpose", Static).render())
        assert purpose == pane_class(pane).PURPOSE
        assert len(re.findall(r"[.!?](?:\s|$)", purpose)) in (2, 3), purpose
        listed = str(app.screen.query_one(".help-keys", Static).render())
        own = {words for key, words in keys_now} - {"Help", "Quit", "Next child"}
        assert own and all(words in listed for words in own), listed
        assert all(f"{key} " in listed for key, _ in keys_now), listed


@pytest.mark.parametrize(("word", "found"), [
    ("pass", "Use the bedtime pass"),
    ("worry", "Worry box: Write a worry down"),
    ("star", "Reward chart: Give last night's star, with its praise"),
    ("asleep", "Evening: Fell asleep"),
])
async def test_the_palette_finds_an_action_by_a_natural_word(household, clock, word, found) -> None:
    app = make_app(household, clock, pane="recap")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [command.title for command in palette_commands(app, app.screen)]
        assert any(found in title for title in titles), titles
        assert all(word in title.casefold() for title in titles if found in title)


async def test_every_action_of_every_pane_is_in_the_palette_from_any_pane(household, clock) -> None:
    app = make_app(household, clock, pane="evening")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = {command.title for command in palette_commands(app, app.screen)}
        for name in PANES:
            pane = pane_class(name)
            for _, binding in pane._merged_bindings:
                if binding.description and binding.action not in EVERYWHERE:
                    words = binding.tooltip or binding.description
                    assert words in titles or f"{pane.TITLE}: {words}" in titles, (name, words)


async def test_a_palette_command_of_another_pane_goes_there_and_does_it(household, clock) -> None:
    app = make_app(household, clock, pane="evening")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"write a worry")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorryDialog"
        assert type(app.screen_stack[-2]).__name__ == "WorriesScreen"


async def test_switching_child_clears_what_the_pane_said_about_the_last_one(household, clock) -> None:
    app = make_app(household, clock, pane="evening")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        message = app.screen.query_one(".pane-message", Static)
        assert str(message.render()).startswith("Lights out at"), str(message.render())
        await pilot.press("c")
        await pilot.pause()
        assert bar(app).startswith("Leo")
        assert str(message.render()) == ""
