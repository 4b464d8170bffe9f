"""The real `companion` in a pseudo-terminal: quiet mode's countdown runs in real time (rules Q1,
Q3), from a pinned start instant that then moves like a wall clock, and `d` closes it on disk."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from pathlib import Path


from companion.clock import ManualClock
from companion.domain.night_log import EventKind
from companion.store import Store
from tests.e2e.companion_cli import EVENING, demo_household, launch, needs_companion
from tests.support.terminal import Terminal

# Digits draws with box characters; the reminder line and the footer are plain text.
REMINDER = "You said it once"
SHOW_DONT_TELL = "Show, don't tell"

pytestmark = needs_companion


def clock_rows(screen: str) -> str:
    """The three rows of the big countdown: the rows between the instruction and the reminder."""
    lines = screen.splitlines()
    instruction = next(i for i, line in enumerate(lines) if "Time for " in line)
    reminder = next(i for i, line in enumerate(lines) if REMINDER in line or SHOW_DONT_TELL in line)
    rows = "\n".join(line.strip() for line in lines[instruction + 1 : reminder] if line.strip())
    assert rows, screen
    return rows


def read_for(term: Terminal, seconds: float) -> str:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        term.read(0.05)
    return term.text()


def test_a_wait_started_in_the_real_app_counts_down_and_is_closed_on_disk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo_household(data)

    with launch(data) as term:
        term.wait_for("Routine")
        term.press("2")
        term.wait_for("Say it once, out loud")
        term.press("enter")
        term.wait_for(REMINDER)
        first = clock_rows(read_for(term, 0.3))
        # Two seconds on, the big digits are different: the countdown runs without a key.
        second = clock_rows(read_for(term, 2.0))
        assert second != first, f"countdown did not move:\n{first}\n---\n{second}"
        assert REMINDER in term.text()

        term.press("d")
        term.wait_for("Done after 0:")
        assert re.search(r"Done after 0:0[1-9]\.", term.text()), term.text()
        term.wait_for("Say it once, out loud")
        term.press("ctrl+q")
        assert term.wait_exit() == 0

    # What the screen said is what is on disk: the instruction and its outcome, tonight.
    pinned = datetime.fromisoformat(EVENING["COMPANION_NOW"])
    clock = ManualClock(pinned + timedelta(minutes=1))
    store = Store.open(data, clock)
    try:
        child = store.current_child()
        assert child is not None
        night = store.night_events(child.id, pinned.date())
        quiet = [e for e in night if e.kind in (EventKind.QUIET_SAID, EventKind.QUIET_DONE)]
        assert [e.kind for e in quiet] == [EventKind.QUIET_SAID, EventKind.QUIET_DONE]
        said, done = quiet
        assert said.value.startswith("Time for ") and said.seconds == 10
        assert done.ref == said.id
        assert 1 <= (done.at - said.at).total_seconds() < 15
    finally:
        store.close()
