"""SVG snapshots of the main screens (baselines: pytest tests/ui --snapshot-update)."""

from __future__ import annotations

from companion.ui.app import make_app


def test_household_screen_at_night(household, clock, snap_compare) -> None:
    assert snap_compare(make_app(household, clock, pane="household"), terminal_size=(100, 30))


def test_first_run_setup_with_a_message_in_place(store, clock, snap_compare) -> None:
    async def type_a_future_birth_date(pilot) -> None:
        await pilot.press(*"Mia", "enter", *"2030-01-01", "enter")
        await pilot.pause()

    assert snap_compare(make_app(store, clock), terminal_size=(80, 24), run_before=type_a_future_birth_date)


def test_household_screen_by_day(household, clock, snap_compare) -> None:
    household.set_theme_choice("day")
    assert snap_compare(make_app(household, clock, pane="household"), terminal_size=(80, 24))
