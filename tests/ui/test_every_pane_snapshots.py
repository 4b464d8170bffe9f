"""SVG snapshots of every pane, at the smallest supported size (80x24) and a roomy one (120x40),
in the night and the day theme: 6 panes × 2 sizes × 2 themes, ids like `evening-80x24-night`.

Sat 21 Nov 2026 07:00 in London, breakfast, with a month of the demo household (`companion
demo --nights 30 --children 2 --seed 3`): the eldest child's Friday night is logged, its
pass used; the star is not given yet; one worry is back from the box, not yet looked at. The
app opens on the recap by itself (M1), then the pane's key is pressed as a parent would.
Quiet mode is in the night theme whatever the choice (Q4): its day pictures show that.

Special states (mid-evening, quiet mode mid-wait, the closed worry box, a pass used, first-run
setup) have their own snapshot files. Baselines:
    .venv/bin/python -m pytest tests/ui/test_every_pane_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from companion.demo import write_demo
from companion.ui.app import make_app
from companion.ui.theme import DAY, NIGHT
from tests.ui.pilot_keys import london

BREAKFAST = london(2026, 11, 21, 7, 0)

# pane: its key, and a Static with words that show the pane has its content (no blank picture).
PANES = {
    "evening": ("1", "#log", "19:51  lights out"),
    "quiet": ("2", "#quiet-pass", "Pass used 20:02"),
    "worries": ("3", "#worry-detail", "I had a bad dream about a wolf"),
    "rewards": ("4", "#reward-grid", "Earned 14 · spent 12 · to spend 2"),
    "recap": ("5", "#recap-glance", "The night of Friday 20 November"),
    "household": ("h", "#child-plan", "Mia: wait 10 s"),
}
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
THEMES = {"night": NIGHT, "day": DAY}


def opened(pane: str, theme: str):
    key, selector, words = PANES[pane]

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert words in str(pilot.app.screen.query_one(selector, Static).render())
        assert pilot.app.theme == (NIGHT if pane == "quiet" else theme)

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pane", PANES)
def test_every_pane(pane, size, theme, store, clock, snap_compare) -> None:
    clock.set(BREAKFAST)
    write_demo(store, clock.now(), nights=30, children=2, seed=3)
    store.set_theme_choice(theme)
    assert snap_compare(make_app(store, clock), terminal_size=SIZES[size], run_before=opened(pane, THEMES[theme]))
