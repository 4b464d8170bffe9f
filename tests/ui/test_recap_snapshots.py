"""SVG snapshots of the morning recap (rules M1–M4) with a month of demo data, over breakfast
(baselines: pytest tests/ui/test_recap_snapshots.py --snapshot-update).

Sat 21 Nov 2026 07:10 in London: the app opens on the recap by itself (M1), on the eldest
demo child's Friday night. At a roomy size the trends show below the night; at the smallest
supported size the top of the recap shows: the warm line and the night at a glance. The demo
household (`companion demo`) is the whole of the data, reward chart included.
"""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Static

from companion.demo import write_demo
from companion.ui.app import make_app
from companion.ui.recap import RecapScreen
from tests.ui.pilot_keys import LONDON

BREAKFAST = datetime(2026, 11, 21, 7, 10, tzinfo=LONDON)


def a_demo_month(store, clock) -> None:
    clock.set(BREAKFAST)
    write_demo(store, clock.now(), nights=30, children=2, seed=3)


async def the_recap_opens_by_itself(pilot) -> None:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RecapScreen)
    assert "The night of Friday 20 November" in str(screen.query_one("#recap-glance", Static).render())
    assert str(screen.query_one("#recap-opening", Static).render()).startswith("Good morning.")


def test_the_recap_with_demo_data(store, clock, snap_compare) -> None:
    a_demo_month(store, clock)
    app = make_app(store, clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=the_recap_opens_by_itself)


def test_the_recap_with_demo_data_in_80_by_24(store, clock, snap_compare) -> None:
    a_demo_month(store, clock)
    app = make_app(store, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=the_recap_opens_by_itself)
