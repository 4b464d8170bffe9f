"""The real `companion` command in a pseudo-terminal: first-run setup survives a restart."""

from __future__ import annotations

from pathlib import Path


from tests.e2e.companion_cli import launch, needs_companion


pytestmark = needs_companion


def test_first_run_setup_adds_a_child_that_is_there_after_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with launch(data) as term:
        term.wait_for("Welcome to companion")
        term.press("M", "i", "a", "enter", *"2022-02-14", "enter")
        term.wait_for("Added: Mia (4 years)")
        term.press("tab", "tab", *"Sam", "enter")
        term.wait_for("Added: Sam")
        term.press("ctrl+s")
        term.wait_for("Routine")  # setup done: the evening pane
        term.wait_for("Mia  ·  4 years  ·  night of Fri 20 Nov")
        term.press("h")
        term.wait_for("born 14 Feb 2022")
        term.press("ctrl+q")
        assert term.wait_exit() == 0

    with launch(data) as term:
        term.wait_for("Routine")
        term.press("h")
        # Each row is waited for: the screen may be read between two paints.
        term.wait_for("born 14 Feb 2022")
        term.wait_for("Sam")
        term.wait_for("Mia  ·  4 years  ·  night of Fri 20 Nov")
        assert "Welcome to companion" not in term.text()
        term.press("ctrl+q")
        assert term.wait_exit() == 0
