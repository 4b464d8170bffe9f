"""The real `companion` in a pseudo-terminal: a checked step and lights out survive a restart
(rules E1, E4, X5: on disk before the screen shows it done)."""

from __future__ import annotations

import re
from pathlib import Path


from tests.e2e.companion_cli import demo_household, launch, needs_companion, wait_for_pattern

# "19:30  lights out" in the log; the empty log's hint also says "l lights out".
LIGHTS_OUT_LOGGED = re.compile(r"\b\d\d:\d\d  lights out\b")
BATH_CHECKED = re.compile(r"✓ \d\d:\d\d  bath")

pytestmark = needs_companion


def test_a_checked_step_and_lights_out_are_there_after_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo_household(data)

    with launch(data) as term:
        term.wait_for("Routine")
        term.wait_for("Nothing logged yet")  # tonight is still empty; the demo wrote earlier nights
        term.press("space")
        screen = wait_for_pattern(term, BATH_CHECKED)
        assert "Started 19:3" in screen
        term.press("l")
        term.wait_for("Lights out: when?")
        term.press("enter")
        wait_for_pattern(term, LIGHTS_OUT_LOGGED)
        term.press("ctrl+q")
        assert term.wait_exit() == 0

    with launch(data) as term:
        term.wait_for("Routine")
        wait_for_pattern(term, LIGHTS_OUT_LOGGED)
        screen = wait_for_pattern(term, BATH_CHECKED)
        assert "night of Fri 20 Nov" in screen
        assert "Nothing logged yet" not in screen
        term.press("ctrl+q")
        assert term.wait_exit() == 0
