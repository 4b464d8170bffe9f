"""The real `companion` in a pseudo-terminal over breakfast: started at 07:10 it opens on the
morning recap by itself (rule M1) and shows last night as the store has it (M2): lights out
and the time to fall asleep, with what was not logged said so, never as zero."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from companion.clock import ManualClock
from companion.domain.night_log import EventKind
from companion.store import Store
from tests.e2e.companion_cli import COMPANION, MORNING, needs_companion
from tests.support.terminal import Terminal


pytestmark = needs_companion


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def last_night_logged(data: Path) -> None:
    """Mia's Friday night, written by the real store: lights out 19:40, a call-out at 19:50,
    asleep at 20:05."""
    store = Store.open(data, ManualClock(datetime.fromisoformat(MORNING["COMPANION_NOW"])))
    try:
        mia = store.add_child("Mia", date(2022, 2, 14))
        for kind, at in (
            (EventKind.LIGHTS_OUT, utc(2026, 11, 20, 19, 40)),
            (EventKind.CALLED_OUT, utc(2026, 11, 20, 19, 50)),
            (EventKind.FELL_ASLEEP, utc(2026, 11, 20, 20, 5)),
        ):
            store.add_night_event(mia.id, kind, at, recorded=at)
    finally:
        store.close()


def test_in_the_morning_the_app_opens_on_last_nights_recap(tmp_path: Path) -> None:
    data = tmp_path / "data"
    last_night_logged(data)

    with Terminal([COMPANION, "--data-dir", str(data)], env=MORNING, cols=100, rows=30) as term:
        term.wait_for("The night of Friday 20 November")
        term.settle(0.2)
        screen = term.text()
        lines = [line.strip() for line in screen.splitlines()]
        assert "Good morning." in screen, screen
        assert "Lights out       19:40" in lines, screen
        assert "Fell asleep      20:05, 25 min after lights out" in lines, screen
        assert "Called out       1" in lines, screen
        assert "Routine          not recorded" in lines, screen
        assert "Mia" in lines[0] and "night of Fri 20 Nov" in lines[0], screen
        assert "Routine" not in screen.split("The night of Friday 20 November")[0]  # not the evening pane
        term.press("ctrl+q")
        assert term.wait_exit() == 0
