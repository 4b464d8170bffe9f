"""The routine editor (rules E1, E2), by keyboard: every change is saved as tonight's version,
past nights keep the routine they used, and a routine younger than 14 nights asks once, saying why.

Tonight is Fri 20 Nov 2026 (the `clock` fixture); Mia is the current child.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, OptionList, Static

from companion.domain.routine import DEFAULT_STEPS
from companion.ui.app import make_app
from companion.ui.dialogs import ConfirmDialog, FormDialog
from companion.ui.evening import EveningScreen
from companion.ui.routine_editor import RoutineEditor
from tests.ui.pilot_keys import keys

TONIGHT = date(2026, 11, 20)
LAST_NIGHT = date(2026, 11, 19)


def editor_steps(app) -> list[str]:
    assert isinstance(app.screen, RoutineEditor)
    steps = app.screen.query_one(OptionList)
    return [str(steps.get_option_at_index(index).prompt) for index in range(steps.option_count)]


def screen_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def versions(store) -> list[tuple[date, tuple[str, ...]]]:
    mia = store.children()[0]
    return [(version.since, version.steps) for version in store.routine_versions(mia.id)]


async def test_steps_are_added_moved_renamed_and_removed_each_saved_from_tonight(household, clock) -> None:
    mia = household.children()[0]
    household.set_routine(mia.id, DEFAULT_STEPS, date(2026, 11, 15))  # six nights old: asks once
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "e")
        assert isinstance(app.screen, RoutineEditor)
        assert "Mia's routine" in screen_text(app)
        assert editor_steps(app) == ["bath", "teeth", "books"]

        await keys(pilot, "a")
        assert isinstance(app.screen, FormDialog)
        await keys(pilot, *"pyjamas", "enter", "y")
        assert editor_steps(app) == ["bath", "teeth", "books", "pyjamas"]
        assert versions(household) == [
            (date(2026, 11, 15), DEFAULT_STEPS),
            (TONIGHT, ("bath", "teeth", "books", "pyjamas")),
        ]

        await keys(pilot, "end", "shift+up")
        assert editor_steps(app) == ["bath", "teeth", "pyjamas", "books"]
        assert versions(household)[-1] == (TONIGHT, ("bath", "teeth", "pyjamas", "books"))

        await keys(pilot, "r")  # the highlight followed pyjamas up
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one(Input).value == "pyjamas"
        await keys(pilot, "ctrl+u", *"PJs", "enter")
        assert editor_steps(app) == ["bath", "teeth", "PJs", "books"]
        assert versions(household)[-1] == (TONIGHT, ("bath", "teeth", "PJs", "books"))

        await keys(pilot, "home", "x")
        assert editor_steps(app) == ["teeth", "PJs", "books"]
        # A second change tonight replaces tonight's version; the old one is kept for past nights.
        assert versions(household) == [(date(2026, 11, 15), DEFAULT_STEPS), (TONIGHT, ("teeth", "PJs", "books"))]
        assert household.routine_on(mia.id, LAST_NIGHT).steps == DEFAULT_STEPS

        await keys(pilot, "escape")
        assert isinstance(app.screen, EveningScreen)
        steps = app.screen.query_one("#steps", OptionList)
        assert [str(steps.get_option_at_index(i).prompt) for i in range(steps.option_count)] == [
            "▸       teeth",
            "·       PJs",
            "·       books",
        ]
        assert str(app.screen.query_one("#routine-title", Static).render()) == "Routine · held 1 night"

        await keys(pilot, "left_square_bracket")  # last night still shows the routine it used
        assert [str(steps.get_option_at_index(i).prompt) for i in range(steps.option_count)] == [
            "▸       bath",
            "·       teeth",
            "·       books",
        ]


async def test_an_empty_or_duplicate_step_name_is_explained_in_the_dialog_and_nothing_saved(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "e", "a", "enter")
        assert isinstance(app.screen, FormDialog)
        assert "The step can't be empty." in screen_text(app)

        await keys(pilot, *"Bath", "enter")
        assert isinstance(app.screen, FormDialog)
        assert "The routine already has a step called Bath." in screen_text(app)
        assert app.screen.query_one(Input).value == "Bath"
        await keys(pilot, "escape")
        assert editor_steps(app) == ["bath", "teeth", "books"]

        await keys(pilot, "r", "ctrl+u", *"teeth", "enter")  # renaming bath to another step's name
        assert isinstance(app.screen, FormDialog)
        assert "The routine already has a step called teeth." in screen_text(app)
        await keys(pilot, "ctrl+u", "enter")
        assert "The step can't be empty." in screen_text(app)
        await keys(pilot, "escape")
        assert editor_steps(app) == ["bath", "teeth", "books"]

    assert versions(household) == []  # still the default routine, never saved


async def test_the_last_step_cannot_be_removed(household, clock) -> None:
    mia = household.children()[0]
    household.set_routine(mia.id, ("bath",), date(2026, 10, 1))
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "e", "x")
        assert isinstance(app.screen, RoutineEditor)
        assert "A routine needs at least one step." in screen_text(app)
        assert editor_steps(app) == ["bath"]
    assert versions(household) == [(date(2026, 10, 1), ("bath",))]


async def test_a_routine_younger_than_fourteen_nights_asks_once_saying_why(household, clock) -> None:
    mia = household.children()[0]
    household.set_routine(mia.id, DEFAULT_STEPS, date(2026, 11, 8))  # tonight is its 13th night
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "e", "a", *"pyjamas", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        assert "has held for 13 of 14 nights" in screen_text(app)
        assert "Children settle faster when the routine stays the same" in screen_text(app)

        await keys(pilot, "n")
        assert editor_steps(app) == ["bath", "teeth", "books"]
        assert versions(household) == [(date(2026, 11, 8), DEFAULT_STEPS)]

        await keys(pilot, "a", *"pyjamas", "enter")
        assert isinstance(app.screen, ConfirmDialog)  # no was no; it asks again
        await keys(pilot, "y")
        assert editor_steps(app) == ["bath", "teeth", "books", "pyjamas"]
        assert versions(household)[-1] == (TONIGHT, ("bath", "teeth", "books", "pyjamas"))

        # Once is enough: later changes in the same editor are saved straight away.
        await keys(pilot, "end", "shift+up")
        assert isinstance(app.screen, RoutineEditor)
        assert editor_steps(app) == ["bath", "teeth", "pyjamas", "books"]
        await keys(pilot, "home", "x")
        assert isinstance(app.screen, RoutineEditor)
        assert editor_steps(app) == ["teeth", "pyjamas", "books"]

    assert versions(household) == [
        (date(2026, 11, 8), DEFAULT_STEPS),
        (TONIGHT, ("teeth", "pyjamas", "books")),
    ]
    assert household.routine_on(mia.id, LAST_NIGHT).steps == DEFAULT_STEPS


async def test_a_routine_held_fourteen_nights_is_changed_without_a_question(household, clock) -> None:
    mia = household.children()[0]
    household.set_routine(mia.id, DEFAULT_STEPS, date(2026, 11, 7))  # tonight is its 14th night
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#routine-title", Static).render()) == "Routine · held 14 nights"
        await keys(pilot, "e", "shift+down")
        assert isinstance(app.screen, RoutineEditor)
        assert editor_steps(app) == ["teeth", "bath", "books"]
        # A second change tonight edits tonight's own version: still no question. (Today the
        # editor asks here, "This routine has held for 1 of 14 nights", about the version the
        # parent made a moment ago.)
        await keys(pilot, "shift+down")
        assert isinstance(app.screen, RoutineEditor), screen_text(app)
        assert editor_steps(app) == ["teeth", "books", "bath"]
    assert versions(household) == [(date(2026, 11, 7), DEFAULT_STEPS), (TONIGHT, ("teeth", "books", "bath"))]
