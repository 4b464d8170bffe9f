"""The real `companion` in a pseudo-terminal over breakfast: on the reward chart (4), s gives
last night's star; the praise to read aloud is on screen, and the star is on disk in this
stars of the month, rewards/stars-2026-11.json (rules R3, R4, X5)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

from companion.clock import ManualClock
from companion.store import Store
from tests.e2e.companion_cli import COMPANION, MORNING, needs_companion
from tests.support.terminal import Terminal

PRAISE = "I like the way you stayed in your bed the whole night. Here is a star for your chart."

pytestmark = needs_companion


def mia_with_a_target(data: Path) -> None:
    """Mia, with the target set on Friday evening, written by the real store."""
    store = Store.open(data, ManualClock(datetime.fromisoformat(MORNING["COMPANION_NOW"])))
    try:
        mia = store.add_child("Mia", date(2022, 2, 14))
        store.add_target(mia.id, "stayed in my bed the whole night", datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc))
    finally:
        store.close()


def test_s_gives_last_nights_star_with_the_praise_and_it_is_on_disk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    mia_with_a_target(data)

    with Terminal([COMPANION, "--data-dir", str(data)], env=MORNING, cols=100, rows=30) as term:
        term.wait_for("Good morning.")  # the recap, as every morning
        term.press("4")
        term.wait_for("Target: stayed in my bed the whole night")
        term.settle(0.2)
        assert PRAISE not in term.text()
        term.press("s")
        term.wait_for("A star for the night of Fri 20 Nov. Read the praise to Mia.")
        term.settle(0.2)
        screen = term.text()
        assert PRAISE in " ".join(screen.replace("│", " ").split()), screen
        assert "1 just given" in screen, screen
        lines = screen.splitlines()
        header = next(line for line in lines if "Mo Tu We Th Fr Sa Su" in line)
        week = next(line for line in lines if line.strip().startswith("16 Nov"))
        assert week.index("★") == header.index("Fr"), screen  # under Friday
        assert week.count("★") == 1, screen
        term.press("ctrl+q")
        assert term.wait_exit() == 0

    stored = json.loads((data / "rewards" / "stars-2026-11.json").read_text(encoding="utf-8"))
    stars = [record for record in stored["records"].values() if record["kind"] == "star_given"]
    assert len(stars) == 1
    assert stars[0]["night"] == "2026-11-20"
    assert stars[0]["text"] == PRAISE
    assert stars[0]["at"].startswith("2026-11-21T07:1")
