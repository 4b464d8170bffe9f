"""Faults found in review, each pinned by what the parent would have seen."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from companion.domain.night_log import EventKind
from companion.store import Store
from companion.ui.app import make_app
from companion.ui.dialogs import NoticesDialog
from companion.ui.evening import EveningScreen
from companion.ui.widgets import ChildBar


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_child_name_with_markup_is_found_in_the_palette_and_shown_literally(store, clock) -> None:
    store.add_child("Mia [/] x", date(2022, 1, 1))
    store.add_child("[@click=app.quit]Zed", date(2023, 1, 1))
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"switch to zed")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert str(app.screen.query_one(ChildBar).render()).startswith("[@click=app.quit]Zed")


async def test_a_damaged_file_for_tonight_is_set_aside_and_the_parent_told(data_dir, clock) -> None:
    store = Store.open(data_dir, clock)
    mia = store.add_child("Mia", date(2022, 2, 14))
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, clock.now())
    store.close()
    (data_dir / "nights" / "2026-11" / "20.json").write_text('{"events": garbage')

    store = Store.open(data_dir, clock)
    try:
        app = make_app(store, clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NoticesDialog)
            said = "\n".join(str(widget.render()) for widget in app.screen.query(Static))
            assert "nights/2026-11/20.json could not be read" in said
    finally:
        store.close()


async def test_moving_the_first_step_up_changes_nothing_and_keeps_the_nights_held(household, clock) -> None:
    mia = household.children()[0]
    household.set_routine(mia.id, ("bath", "teeth", "books"), date(2026, 10, 1))
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e", "K", "escape")
        await pilot.pause()
        assert text(app, "#routine-title") == "Routine · held 51 nights"
    assert len(household.routine_versions(mia.id)) == 1


def test_changing_a_routine_back_tonight_keeps_the_old_version_going(household) -> None:
    mia = household.children()[0]
    household.set_routine(mia.id, ("bath", "teeth", "books"), date(2026, 10, 1))
    household.set_routine(mia.id, ("teeth", "bath", "books"), date(2026, 11, 20))
    household.set_routine(mia.id, ("bath", "teeth", "books"), date(2026, 11, 20))
    assert [v.since for v in household.routine_versions(mia.id)] == [date(2026, 10, 1)]


async def test_browsing_stops_at_the_childs_birth(store, clock) -> None:
    store.add_child("Baby", date(2026, 11, 19))
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "night of Thu 19 Nov" in str(app.screen.query_one(ChildBar).render())
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert text(app, "#evening-message") == "Baby was born on 19 Nov 2026."
        await pilot.press("g", *"0001-01-01", "enter")
        await pilot.pause()
        assert "was born on" in "\n".join(str(w.render()) for w in app.screen.query(Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EveningScreen) and app.is_running
