"""SVG snapshots of the worry box (rules W1–W3): the open list with one worry's detail, at a
roomy size and at the smallest supported one, and the closed box at night, which shows no
worry text at all (baselines: pytest tests/ui/test_worries_snapshots.py --snapshot-update).

Fri 20 Nov 2026 19:30 in London. Mia's "The dark in the hall" spent Thursday night in the box
and is back from it, not yet looked at; two worries were written this afternoon. The second
row is highlighted, so its detail shows its solutions and helper.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.widgets import Static

from companion.domain.worry import clean_worry
from companion.ui.app import make_app
from companion.ui.worries import WorriesScreen

LONDON = ZoneInfo("Europe/London")


def three_worries(store) -> None:
    mia = store.children()[0]

    def write(text: str, at: datetime, **rest) -> None:
        content, _ = clean_worry(text, **rest)
        store.write_worry(mia.id, content, at)

    write("The dark in the hall\nit's too quiet", datetime(2026, 11, 19, 17, 0, tzinfo=LONDON), solutions=["A night light"])
    store.put_worries_to_bed(mia.id, datetime(2026, 11, 19, 19, 30, tzinfo=LONDON))
    write(
        "There's a monster under the bed\nit comes out when the light goes off",
        datetime(2026, 11, 20, 16, 40, tzinfo=LONDON),
        solutions=["Leave the hall light on", "Check under the bed together"],
        helper="guardian dragon",
        helper_line="it eats bad dreams",
    )
    write("Big school on Monday", datetime(2026, 11, 20, 17, 5, tzinfo=LONDON), solutions=["Visit it first"])


def the_open_list_with_the_monster_highlighted():
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, WorriesScreen)
        assert "Helper: guardian dragon" in str(screen.query_one("#worry-detail", Static).render())

    return run_before


def the_closed_box():
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, WorriesScreen) and screen.has_class("-closed")
        assert "3 worries asleep" in str(screen.query_one("#worry-state", Static).render())

    return run_before


def test_the_open_worries_with_one_in_detail(household, clock, snap_compare) -> None:
    three_worries(household)
    app = make_app(household, clock)
    assert snap_compare(app, terminal_size=(100, 30), run_before=the_open_list_with_the_monster_highlighted())


def test_the_open_worries_with_one_in_detail_in_80_by_24(household, clock, snap_compare) -> None:
    three_worries(household)
    app = make_app(household, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=the_open_list_with_the_monster_highlighted())


def test_the_closed_box_at_night(household, clock, snap_compare) -> None:
    three_worries(household)
    app = make_app(household, clock)
    assert snap_compare(app, terminal_size=(100, 30), run_before=the_closed_box())
