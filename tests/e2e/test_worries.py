"""The real `companion` in a pseudo-terminal: a worry typed with markup and an emoji in it is
shown exactly as typed, before and after a restart, and is on disk exactly so (rules W1, W4)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from companion.clock import ManualClock
from companion.store import Store
from tests.e2e.companion_cli import EVENING, launch, needs_companion, type_slowly

WORDS = "[b]Monsters[/b] 🐉 [@click=app.quit]"
SOLUTION = "[i]big torch[/i]"

pytestmark = needs_companion


def one_child(data: Path) -> None:
    """A household of one, written by the real store (no worries yet)."""
    store = Store.open(data, ManualClock(datetime.fromisoformat(EVENING["COMPANION_NOW"])))
    try:
        store.add_child("Mia", date(2022, 2, 14))
    finally:
        store.close()


def test_a_worry_with_markup_and_an_emoji_is_shown_and_kept_exactly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    one_child(data)

    with launch(data) as term:
        term.wait_for("Routine")
        term.press("3")
        term.wait_for("No open worries")
        term.press("w")
        term.wait_for("A worry for Mia")
        term.settle(0.2)
        type_slowly(term, WORDS)
        term.press("tab", pause=0.15)  # the "drawing" checkbox
        term.press("tab", pause=0.15)  # the solutions
        type_slowly(term, SOLUTION)
        term.press("ctrl+s")
        term.wait_for("Written down.")
        term.settle(0.2)
        screen = term.text()
        assert f"{WORDS}  ·  new Fri 20 Nov" in screen, screen
        assert "• [i]big torch[/i]" in screen, screen
        term.press("ctrl+q")
        assert term.wait_exit() == 0  # ctrl+q quit it, not the words

    with launch(data) as term:
        term.wait_for("Routine")
        term.press("3")
        term.wait_for("Open worries")
        term.wait_for("In their words:")
        term.settle(0.2)
        lines = term.text().splitlines()
        assert any(line.strip() == f"{WORDS}  ·  new Fri 20 Nov" for line in lines), term.text()
        words_at = next(i for i, line in enumerate(lines) if line.strip() == "In their words:")
        assert lines[words_at + 1].strip() == WORDS, term.text()
        assert "• [i]big torch[/i]" in term.text()
        term.press("ctrl+q")
        assert term.wait_exit() == 0

    # On disk, exactly as typed: the worries file holds the words and the solution unchanged.
    raw = (data / "worries.json").read_text(encoding="utf-8")
    assert json.dumps(WORDS, ensure_ascii=False) in raw  # not even escaped
    stored = json.loads(raw)
    written = [doc for doc in stored["records"].values() if doc["kind"] == "written"]
    assert len(written) == 1
    assert written[0]["text"] == WORDS
    assert written[0]["solutions"] == [SOLUTION]
