"""First-run setup, by keyboard: validation in place, everything saved as it is added."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from companion.ui.app import make_app
from companion.ui.evening import EveningScreen
from companion.ui.setup import SetupScreen


def screen_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


async def type_into(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_first_run_asks_for_the_household_and_saves_each_child(store, clock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await type_into(pilot, *"Mia", "enter", *"2022-02-14", "enter")
        assert [c.name for c in store.children()] == ["Mia"]
        assert "Added: Mia (4 years)" in screen_text(app)
        await type_into(pilot, *"Leo", "enter", *"2024-06-01", "enter")
        await type_into(pilot, "tab", "tab", *"Sam", "enter")
        assert [p.name for p in store.caregivers()] == ["Sam"]
        await type_into(pilot, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EveningScreen)
        assert app.child is not None and app.child.name == "Mia"


async def test_setup_explains_bad_input_in_place_and_keeps_what_was_typed(store, clock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_into(pilot, "enter", "enter")
        assert "can't be empty" in screen_text(app)
        await type_into(pilot, "shift+tab", *"Mia", "enter", *"2030-01-01", "enter")
        assert "in the future" in screen_text(app)
        await type_into(pilot, *["backspace"] * 10, *"2022-02-30", "enter")
        assert "There is no 30 February 2022." in screen_text(app)
        fields = list(app.screen.query(Input))
        assert fields[0].value == "Mia" and fields[1].value == "2022-02-30"
        assert store.children() == []
        await type_into(pilot, "ctrl+s")
        assert "Add at least one child first" in screen_text(app)
        assert isinstance(app.screen, SetupScreen)


async def test_a_duplicate_or_overlong_name_is_refused_with_a_reason(store, clock) -> None:
    store.add_child("Mia", date(2022, 2, 14))
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, *"mia", "enter", *"2023-01-01", "enter")
        assert "There is already someone called mia." in screen_text(app)
        await type_into(pilot, "shift+tab", *["backspace"] * 3, *("x" * 41), "enter", "enter")
        assert "keep it to 40" in screen_text(app)
        assert [c.name for c in store.children()] == ["Mia"]
