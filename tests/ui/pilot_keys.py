"""What the Pilot tests of every pane do alike: press keys and type as a parent does, and make
times on the household's clock (London)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


async def keys(pilot, *pressed: str) -> None:
    """Press like a parent: one key at a time, then let the screen settle."""
    for key in pressed:
        await pilot.press(key)
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await keys(pilot, *("space" if char == " " else char for char in text))


async def clear_field(pilot) -> None:
    """Empty the focused one-line field, as a parent does: a backspace a character."""
    await keys(pilot, *["backspace"] * len(pilot.app.focused.value))
