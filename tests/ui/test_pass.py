"""The bedtime pass from the Evening and Quiet panes (P1–P3): one key and a reason."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from companion.domain.night_log import EventKind
from companion.ui.app import make_app
from companion.ui.dialogs import ChoiceDialog, FormDialog
from tests.ui.evening_parts import evening_part

TONIGHT = date(2026, 11, 20)


def shown(app, part: str) -> str:
    if part.startswith("#quiet"):
        return str(app.screen.query_one(part, Static).render())
    return evening_part(app, part)


def stored(store) -> list[tuple[EventKind, str]]:
    mia = store.children()[0]
    return [(e.kind, e.value) for e in store.night_events(mia.id, TONIGHT) if e.kind in (EventKind.PASS_USED, EventKind.PASS_BACK)]


async def test_a_pass_night_from_the_evening_pane(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Pass: 1 left tonight" in shown(app, "#pass")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")  # a drink
        await pilot.pause()
        assert stored(household) == [(EventKind.PASS_USED, "a drink")]
        assert "trip 5:00 left" in shown(app, "#pass")
        clock.advance(minutes=2, seconds=30)
        await pilot.pause(1.2)
        assert "trip 2:30 left" in shown(app, "#pass")  # from the stored instant, not ticks
        assert "Rest of the night: calls out → ignore it" in shown(app, "#pass")

        await pilot.press("v")  # back in the room
        await pilot.pause()
        assert [kind for kind, _ in stored(household)] == [EventKind.PASS_USED, EventKind.PASS_BACK]
        assert "trip" not in shown(app, "#pass")

        clock.advance(minutes=5)
        await pilot.press("k", "enter")
        await pilot.pause()
        assert "Since the pass: 1 call-out, 0 come-outs." in shown(app, "#pass")

        await pilot.press("v")  # none left: said, nothing stored
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
        assert "No passes left tonight" in shown(app, "#evening-message")
        assert len(stored(household)) == 2


async def test_another_reason_is_typed_and_an_empty_one_refused(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("v", "up", "enter")  # something else…
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert "can't be empty" in "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert stored(household) == []
        await pilot.press(*"[b]one more story[/b]", "enter")
        await pilot.pause()
        assert stored(household) == [(EventKind.PASS_USED, "[b]one more story[/b]")]
        assert "for [b]one more story[/b]" in shown(app, "#pass")


async def test_the_pass_is_one_key_away_in_quiet_mode(household, clock) -> None:
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "v")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # a hug
        await pilot.pause()
        assert stored(household) == [(EventKind.PASS_USED, "a hug")]
        assert "Pass used for a hug" in shown(app, "#quiet-message")
