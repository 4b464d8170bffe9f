"""The App: themes, app-wide keys, the current child, and the panes as modes.

Screens and dialogs that the first frame does not show (setup, help, notices, the palette)
are imported when first needed: every module on the startup path costs the parent time.

Built by `make_app` from a store and a clock, so the CLI and the tests build it the same way.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from datetime import date
from functools import partial

from textual import events
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.reactive import reactive

from companion.clock import Clock
from companion.domain.errors import CompanionError
from companion.domain.household import Child
from companion.domain.night import is_morning, night_of
from companion.domain.text import visible_controls
from companion.panes import PANE_NAMES
from companion.store import Store, StoreError
from companion.ui.screen import PaneScreen
from companion.ui.styles import stylesheets
from companion.ui.theme import CHOICES, NIGHT, THEMES, theme_for

TICK_SECONDS = 30
# Every pane by name.
# Each pane's module and screen class, imported when the pane is first shown: only the start
# pane's module is on the way to the first frame.
PANES: dict[str, tuple[str, str]] = {
    "evening": ("companion.ui.evening", "EveningScreen"),
    "quiet": ("companion.ui.quiet", "QuietScreen"),
    "worries": ("companion.ui.worries", "WorriesScreen"),
    "rewards": ("companion.ui.rewards", "RewardsScreen"),
    "recap": ("companion.ui.recap", "RecapScreen"),
    "household": ("companion.ui.household", "HouseholdScreen"),
}
assert tuple(PANES) == PANE_NAMES, "companion/panes.py lists the panes for the CLI"


def pane_class(name: str) -> type[PaneScreen]:
    module, screen = PANES[name]
    return getattr(importlib.import_module(module), screen)


def pane_screen(name: str) -> PaneScreen:
    return pane_class(name)()


class Refused(Exception):
    """A StoreError that ended the app: Textual prints its `__rich__`, one line, not a traceback."""

    def __rich__(self) -> Text:
        return Text(f"companion: {self}")


def _collect_garbage_again() -> None:
    """After the first frame, if the CLI paused collection for startup: what startup built
    lives as long as the app, so it is set aside from later collections, keeping them short."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class CompanionApp(App[None]):
    TITLE = "companion"
    # Each screen brings its own stylesheet when first shown; the start pane's loads with the
    # app. The first frame then doesn't wait for parsing the styles of screens it doesn't show.
    CSS_PATH = stylesheets("app.tcss")
    COMMANDS = {lambda: _palette()}
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Help for this screen: what it is for, and its keys", id="help"),
        Binding("c", "next_child", "Next child", tooltip="Switch to the next child", id="next-child"),
        # Pane keys live in help and the palette: the footer keeps room for the pane's own keys.
        Binding("1", "pane('evening')", "Evening", tooltip="The evening: routine, readiness checks, night log", id="pane-evening", show=False),
        Binding("2", "pane('quiet')", "Quiet mode", tooltip="Quiet mode: say it once, a silent wait, then show, don't tell", id="pane-quiet", show=False),
        Binding("3", "pane('worries')", "Worry box", tooltip="The worry box: written by day, put to bed at night", id="pane-worries", show=False),
        Binding("4", "pane('rewards')", "Reward chart", tooltip="The reward chart: targets, stars with praise, rewards", id="pane-rewards", show=False),
        Binding("5", "pane('recap')", "Morning recap", tooltip="The morning recap: last night at a glance, and the trends", id="pane-recap", show=False),
        Binding("h", "pane('household')", "Household", tooltip="The household: children, grown-ups, each child's settings", id="household", show=False),
    ]

    # Watched by the panes, which redraw only what changed: no repaint of the whole screen.
    child: reactive[Child | None] = reactive(None, init=False, repaint=False)
    night: reactive[date] = reactive(date.min, init=False, repaint=False)

    def __init__(self, store: Store, clock: Clock, *, child: Child | None = None, pane: str | None = None) -> None:
        # The recap over breakfast (M1), the evening pane the rest of the day.
        self._start_pane = pane or ("recap" if is_morning(clock.now(), store.zone) else "evening")
        # The start pane's stack is the default one, built by get_default_screen (the fast
        # path), and named after the pane so that switching back to it works like any other.
        self.DEFAULT_MODE = self._start_pane
        super().__init__(css_path=[*self.CSS_PATH, *stylesheets(f"{self._start_pane}.tcss")])
        self.store = store
        store.carry_on = True  # a file it can't open later (a newer companion's) is told; the rest shows
        self.clock = clock
        self._first_child = child
        for theme in THEMES:
            self.register_theme(theme)
        self._start_theme(theme_for(store.theme_choice(), clock.now()))

    def _start_theme(self, name: str) -> None:
        """Start in our theme without the restyle a theme *change* costs.

        Assigning `self.theme` here would re-parse every stylesheet twice before the first
        frame (~18 ms measured, a tenth of the startup budget); nothing is styled yet, so
        setting the value, its classes and the stylesheet's variables is all it takes.
        """
        self.set_reactive(CompanionApp.theme, name)
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_default_screen(self) -> PaneScreen:
        """The first pane is the default screen, not a mode: a mode's first screen paints
        only after a screen switch, which measured 60 ms slower to the first frame."""
        return pane_screen(self._start_pane)

    def on_mount(self) -> None:
        for name in PANES:
            self.add_mode(name, partial(pane_screen, name))
        self.night = night_of(self.clock.now(), self.store.zone)
        self.child = self._first_child or self.store.current_child()
        if not self.store.children():
            from companion.ui.setup import SetupScreen  # first run only

            self.push_screen(SetupScreen(), lambda _: self._tick())
        self.show_notices()
        self.set_interval(TICK_SECONDS, self._tick)
        self.call_after_refresh(_collect_garbage_again)

    async def on_event(self, event: events.Event) -> None:
        """A paste goes to the focused field with its control characters made visible (an
        escape sequence, NUL, a C1 CSI): what the field shows, and what is saved, is text the
        terminal prints, never obeys. Line breaks and tabs stay: the fields split lines."""
        if isinstance(event, events.Paste):
            event.text = visible_controls(event.text, keep_lines=True)
        await super().on_event(event)

    def notify(self, message: str, **options) -> None:  # type: ignore[override]
        """No toasts in quiet mode (Q4): the parent's eyes are on the child, not the screen."""
        if self.quiet_showing:
            return
        super().notify(message, **options)

    def bell(self) -> None:
        """Silent unless the parent turned sound on: a beep at bedtime wakes a child."""
        if self.store.sound_on():
            super().bell()

    def show_notices(self) -> None:
        """Tell the parent what the store had to do (a file set aside, read-only). Called
        after anything that may open a file: night files are opened when first needed."""
        if notices := self.store.take_notices():
            from companion.ui.dialogs import NoticesDialog

            self.push_screen(NoticesDialog(notices))

    def _handle_exception(self, error: Exception) -> None:
        """A store fault no pane expected ends the app with its one-line reason, as `companion
        recap` does, never a traceback (whose locals would show the family's words). Every
        change is on disk already. Anything else ends the app as Textual does."""
        super()._handle_exception(Refused(str(error)) if isinstance(error, StoreError) else error)

    def _tick(self) -> None:
        """Follow the clock: the night changes at noon, the auto theme at 18:00 and 07:00."""
        now = self.clock.now()
        self.night = night_of(now, self.store.zone)
        self.dim()

    # -- actions ------------------------------------------------------------------------

    def attempt(self, change: Callable[[], object]) -> bool:
        """Run a store change; an expected fault becomes one calm message, never a traceback."""
        try:
            change()
        except CompanionError as error:
            self.notify(str(error), severity="warning", markup=False)
            return False
        return True

    def select_child(self, child_id: str) -> None:
        """Make a child current; saved first, so the bar never shows an unsaved choice."""
        chosen = next((c for c in self.store.children() if c.id == child_id), None)
        if chosen is None:
            return
        # A read-only window may still look at another child; it just can't remember it.
        if self.store.read_only or self.attempt(lambda: self.store.set_current_child(child_id)):
            self.child = chosen

    def action_pane(self, name: str) -> None:
        self.switch_mode(name)

    async def run_on_pane(self, name: str, action: str) -> None:
        """Go to a pane and do one of its actions there (the palette, from another pane)."""
        await self.switch_mode(name)
        await self.run_chosen(action, self.screen)

    async def run_chosen(self, action: str, node: DOMNode) -> None:
        """An action chosen in the palette. The palette offers it while its key is dimmed, and
        Textual then does nothing: the pane says why instead."""
        if not await self.run_action(action, node) and isinstance(node, PaneScreen):
            node.say(node.not_now(action))

    def action_next_child(self) -> None:
        children = self.store.children()
        if len(children) < 2:
            self.notify("There is only one child in the household.", markup=False)
            return
        ids = [child.id for child in children]
        position = ids.index(self.child.id) if self.child and self.child.id in ids else -1
        self.select_child(ids[(position + 1) % len(ids)])

    def action_help(self) -> None:
        screen = self.screen
        title = getattr(screen, "TITLE", "") or "companion"
        purpose = getattr(screen, "PURPOSE", "")
        from companion.ui.help import HelpScreen, key_rows

        self.push_screen(HelpScreen(title, purpose, key_rows(screen), getattr(screen, "GUIDES", ())))

    @property
    def quiet_showing(self) -> bool:
        """Quiet mode is on screen, perhaps under one of its own dialogs."""
        return any(getattr(screen, "QUIET", False) for screen in self.screen_stack)

    def dim(self) -> None:
        """The night theme while quiet mode is on screen; the parent's choice otherwise."""
        self.theme = NIGHT if self.quiet_showing else theme_for(self.store.theme_choice(), self.clock.now())

    def theme_choices(self) -> dict[str, str]:
        return CHOICES

    def choose_theme(self, choice: str) -> None:
        if self.store.read_only or self.attempt(lambda: self.store.set_theme_choice(choice)):
            self.theme = theme_for(choice, self.clock.now())


def _palette() -> type:
    from companion.ui.commands import CompanionCommands

    return CompanionCommands


def make_app(store: Store, clock: Clock, *, child: Child | None = None, pane: str | None = None) -> CompanionApp:
    return CompanionApp(store, clock, child=child, pane=pane)

