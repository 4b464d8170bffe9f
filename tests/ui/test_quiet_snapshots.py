"""SVG snapshots of quiet mode mid-wait (rules Q1, Q4): calm and dim, the instruction, a large
countdown and the reminder (baselines: pytest tests/ui/test_quiet_snapshots.py --snapshot-update).

Mia's "Time for bath" said at 19:30:00 on Fri 20 Nov 2026, three seconds into the ten-second
wait, at a roomy size and at the smallest supported one.
"""

from __future__ import annotations

from textual.widgets import Digits

from companion.domain.night_log import EventKind
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


def after_the_pass_is_used(clock):
    """Later that night: the bath was done, then the pass used for a drink and the child is back;
    a call-out since. Quiet mode shows the rest-of-night rules (P2) under the next instruction."""

    async def run_before(pilot) -> None:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        clock.advance(seconds=40)
        await pilot.press("d")
        clock.advance(minutes=50)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("down", "enter")  # a drink
        await pilot.pause()
        clock.advance(minutes=3)
        await pilot.press("v")  # back in the room
        await pilot.pause()
        clock.advance(minutes=6)
        pilot.app.store.add_night_event(pilot.app.child.id, EventKind.CALLED_OUT, clock.now())
        pilot.app.screen.redraw()
        await pilot.pause()
        assert pilot.app.theme == NIGHT

    return run_before


def test_quiet_mode_after_the_pass_is_used(household, clock, snap_compare) -> None:
    app = make_app(household, clock)
    assert snap_compare(app, terminal_size=(100, 30), run_before=after_the_pass_is_used(clock))
