"""SVG snapshots of quiet mode mid-wait (rules Q1, Q4): calm and dim, the instruction, a large
countdown and the reminder (baselines: pytest tests/ui/test_quiet_snapshots.py --snapshot-update).

Mia's "Time for bath" said at 19:30:00 on Fri 20 Nov 2026, three seconds into the ten-second
wait, at a roomy size and at the smallest supported one.
"""

from __future__ import annotations

from textual.widgets import Digits

from companion.ui.app import make_app
from companion.ui.quiet import QuietScreen
from companion.ui.theme import NIGHT


def three_seconds_into_the_wait(clock):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(seconds=3)
        screen = pilot.app.screen
        assert isinstance(screen, QuietScreen)
        screen.redraw()
        await pilot.pause()
        assert screen.query_one("#quiet-clock", Digits).value == "0:07"
        assert pilot.app.theme == NIGHT

    return run_before


def test_quiet_mode_mid_wait(household, clock, snap_compare) -> None:
    app = make_app(household, clock)
    assert snap_compare(app, terminal_size=(100, 30), run_before=three_seconds_into_the_wait(clock))


def test_quiet_mode_mid_wait_in_80_by_24(household, clock, snap_compare) -> None:
    app = make_app(household, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=three_seconds_into_the_wait(clock))
