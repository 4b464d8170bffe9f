"""SVG snapshots of the Evening pane with a month of demo data, in the night theme
(baselines: pytest tests/ui/test_evening_snapshots.py --snapshot-update).

Two steps checked and lights out logged, at 19:30 on Fri 20 Nov 2026: the pane as a parent
sees it mid-evening, at a roomy size and at the smallest supported one.
"""

from __future__ import annotations

from companion.demo import write_demo
from companion.ui.app import make_app
from companion.ui.theme import NIGHT


async def two_steps_and_lights_out(pilot) -> None:
    await pilot.pause()
    await pilot.press("space", "space")
    await pilot.pause()
    await pilot.press("l", "enter")
    await pilot.pause()
    assert pilot.app.theme == NIGHT


def test_evening_with_demo_data_at_night(store, clock, snap_compare) -> None:
    write_demo(store, clock.now(), nights=30, children=2, seed=3)
    app = make_app(store, clock)
    assert snap_compare(app, terminal_size=(100, 30), run_before=two_steps_and_lights_out)


def test_evening_with_demo_data_at_night_in_80_by_24(store, clock, snap_compare) -> None:
    write_demo(store, clock.now(), nights=30, children=2, seed=3)
    app = make_app(store, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=two_steps_and_lights_out)
