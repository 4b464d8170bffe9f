"""Issue 8, point 7: the terminal. Every pane from 200x60 down to 40x12 and back, and without colour.

Each pane opens at 200x60 on a household with a month of made-up history (plus a worry and a
checked step, so every pane has something to show), then the terminal is resized 200x60 ->
120x40 -> 80x24 -> 60x20 -> 40x12 -> 200x60. At every size the app runs on, the terminal's
size is the app's and the pane is drawn (child bar and heading). At 80x24 and at 40x12 every
essential word of the pane is on screen or reachable by scrolling: each part of the screen that
scrolls and that the keyboard can reach is scrolled from its top to its end, and the lines seen
on the way are collected; and `?` opens the help, whose every key is reachable the same way. At
80x24 the footer also shows every one of the pane's keys.

With NO_COLOR=1 Textual draws in greys only (its Monochrome filter): each pane still shows its
essential words, and what is checked, current or highlighted stays distinguishable without
colour: by a mark (✓ ▸ ● ★ ☆) or, for the list cursor, by a row drawn differently from the rest.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum
import pytest
from rich.segment import Segment
from textual.containers import ScrollableContainer
from textual.widget import Widget
from textual.widgets import OptionList

from companion.clock import ManualClock
from companion.demo import write_demo
from companion.domain.night_log import EventKind
from companion.domain.worry import clean_worry
from companion.panes import PANE_NAMES
from companion.store import Store
from companion.ui.app import make_app
from companion.ui.help import HelpScreen
from companion.ui.widgets import KeyBar

ZONE = "Europe/London"
SIZES = [(200, 60), (120, 40), (80, 24), (60, 20), (40, 12), (200, 60)]
CHECKED = ((80, 24), (40, 12))  # every essential word reached, the keys and help checked

# What a parent must be able to find on each pane (single words: a narrow screen wraps lines).
ESSENTIAL = {
    "evening": ["Routine", "bath", "teeth", "books", "Ready", "Screens", "Pass", "Bedtime", "goodnight"],
    "quiet": ["Time", "teeth", "once"],
    "worries": ["Open", "monsters", "Written"],
    "rewards": ["Target", "Earned", "★", "kite"],
    "recap": ["night", "Fell", "Star", "last"],
    "household": ["Children", "Mia", "Leo", "Grown-ups", "Sam", "Alex"],
}
# The marks that carry a state without colour, on each pane.
MARKS = {
    "evening": ["✓", "▸", "·"],  # a checked step (with its time), the next one, one to come
    "quiet": [],
    "worries": [],
    "rewards": ["★", "☆", "·", "█", "░"],  # a star, one taken back, none; progress to a reward
    "recap": [],
    "household": ["●"],  # the current child
}
assert set(ESSENTIAL) == set(MARKS) == set(PANE_NAMES)


@pytest.fixture(scope="module")
def household(tmp_path_factory) -> Path:
    """A month of made-up nights for two children; tonight Mia's routine is bath, teeth, books,
    with bath checked; a worry written; a reward of her own on the chart."""
    data_dir = tmp_path_factory.mktemp("sizes") / "data"
    clock = ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE))
    store = Store.open(data_dir, clock)
    write_demo(store, clock.now(), nights=30, children=2, seed=3)
    mia = store.children()[0]
    store.set_routine(mia.id, ("bath", "teeth", "books"), date(2026, 11, 20))
    store.add_night_event(mia.id, EventKind.STEP_DONE, clock.now(), "bath")
    store.add_reward(mia.id, "kite", 5, clock.now())
    content, _ = clean_worry("monsters under the bed\nand in the wardrobe")
    store.write_worry(mia.id, content, clock.now())
    store.close()
    return data_dir


def clock_at_evening() -> ManualClock:
    return ManualClock(pendulum.datetime(2026, 11, 20, 19, 31, tz=ZONE))


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def scrollables(app) -> list[Widget]:
    """The parts of the screen that scroll and that the keyboard can reach (tab focuses them)."""
    return [widget for widget in app.screen.query("*") if isinstance(widget, ScrollableContainer | OptionList)
            and widget.focusable and widget.region.area and (widget.max_scroll_y or widget.max_scroll_x)]


async def reachable_lines(pilot) -> str:
    """What the screen shows, and all it shows as each scrollable part is scrolled from its top
    to its end (a page at a time, then back): what a parent can reach with the keyboard."""
    app = pilot.app
    seen = screen_lines(app)
    for widget in scrollables(app):
        widget.scroll_visible(animate=False, immediate=True)  # as tab would bring it into view
        widget.scroll_to(0, 0, animate=False, immediate=True)
        await pilot.pause()
        page = widget.scrollable_content_region.size
        for _ in range(200):
            seen += screen_lines(app)
            if widget.scroll_y >= widget.max_scroll_y and widget.scroll_x >= widget.max_scroll_x:
                break
            widget.scroll_to(min(widget.max_scroll_x, widget.scroll_x + max(1, page.width)),
                             min(widget.max_scroll_y, widget.scroll_y + max(1, page.height)), animate=False, immediate=True)
            await pilot.pause()
        widget.scroll_to(0, 0, animate=False, immediate=True)
    await pilot.pause()
    return "\n".join(seen)


def footer_keys(app) -> list[str]:
    """The footer's entries, "key description", as the screen's bindings say they should be."""
    return [f"{app.get_key_display(active.binding)} {active.binding.description}"
            for active in app.screen.active_bindings.values()
            if active.binding.show and active.binding.description and not active.binding.system]


@pytest.mark.parametrize("pane", PANE_NAMES)
async def test_every_size_down_to_40x12_and_back_keeps_the_pane_working_and_reachable(household: Path, pane: str) -> None:
    clock = clock_at_evening()
    store = Store.open(household, clock)
    app = make_app(store, clock, pane=pane)
    try:
        async with app.run_test(size=SIZES[0]) as pilot:
            await pilot.pause()
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                where = f"{pane} at {width}x{height}"
                assert app.is_running, where
                assert app.size == (width, height), where
                if (width, height) not in CHECKED:  # on the way: drawn, child bar and pane on top
                    drawn = "\n".join(screen_lines(app))
                    assert app.child.name in drawn and ESSENTIAL[pane][0] in drawn, f"{where}\n{drawn}"
                    continue
                shown = await reachable_lines(pilot)
                missing = [word for word in ESSENTIAL[pane] if word not in shown]
                assert not missing, f"{where}: {missing} can't be reached\n" + "\n".join(screen_lines(app))

                if (width, height) == (80, 24):  # fully usable: every key in view, and help works
                    footer = app.screen.query_one(KeyBar)
                    drawn = screen_lines(app)[footer.region.y]
                    absent = [entry for entry in footer_keys(app) if entry not in drawn]
                    assert not absent, f"{where}: the footer lacks {absent}: {drawn!r}"
                # Help lists every key of the pane, reachable by scrolling it.
                await pilot.press("question_mark")
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen), where
                help_text = await reachable_lines(pilot)
                rows = [description for _, description in app.screen._keys]
                words = set(help_text.split())  # a narrow help wraps a long description
                lacking = [description for description in rows if not set(description.split()) <= words]
                assert rows and not lacking, f"{where}: help lacks {lacking}\n{help_text}"
                await pilot.press("escape")
                await pilot.pause()
                assert not isinstance(app.screen, HelpScreen), where
            assert app.is_running
    finally:
        store.close()


def cursor_row_differs(app) -> bool | None:
    """Whether the highlighted row of the focused list is drawn differently from the rows
    around it, in something a colourless screen keeps: brightness, bold, reverse, underline."""
    focused = app.focused
    if not isinstance(focused, OptionList) or focused.highlighted is None or focused.option_count < 2:
        return None
    region = focused.content_region
    lines = app.screen._compositor.render_strips()[region.y:region.bottom]
    looks = []
    for strip in lines:
        segments = [segment for segment in strip if isinstance(segment, Segment) and segment.text.strip()]
        inside = [segment for segment in segments if segment.style]
        looks.append({look(segment.style) for segment in inside} if inside else None)
    drawn = [row for row in looks if row is not None]
    return len({frozenset(row) for row in drawn}) > 1


def look(style) -> tuple:
    background = style.bgcolor.get_truecolor() if style.bgcolor else None
    brightness = round(sum(background) / 3 / 16) if background else None
    return (brightness, bool(style.bold), bool(style.reverse), bool(style.underline))


async def test_without_colour_every_pane_keeps_its_words_and_marks(household: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    clock = clock_at_evening()
    store = Store.open(household, clock)
    app = make_app(store, clock, pane="evening")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.no_color
            lists_checked = 0
            for pane in PANE_NAMES:
                app.switch_mode(pane)
                await pilot.pause()
                shown = await reachable_lines(pilot)
                missing = [word for word in ESSENTIAL[pane] + MARKS[pane] if word not in shown]
                assert not missing, f"{pane} without colour lacks {missing}\n" + "\n".join(screen_lines(app))
                differs = cursor_row_differs(app)
                if differs is not None:
                    assert differs, f"{pane}: the highlighted row looks like the others without colour"
                    lists_checked += 1
                colours = {segment.style.color.get_truecolor() for strip in app.screen._compositor.render_strips()
                           for segment in strip if segment.style and segment.style.color and segment.text.strip()}
                assert all(red == green == blue for red, green, blue in colours), f"{pane}: colour with NO_COLOR"
            assert lists_checked >= 2  # the evening's steps and the household's children at least
    finally:
        store.close()
