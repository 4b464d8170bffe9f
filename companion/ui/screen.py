"""The frame every pane shares: the child bar on top, the pane's body, the keys at the foot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from companion.domain.errors import CompanionError
from companion.ui.widgets import ChildBar, KeyBar, LiveText

if TYPE_CHECKING:
    from companion.ui.app import CompanionApp

T = TypeVar("T")


class PaneScreen(Screen[None]):
    TITLE: ClassVar[str] = ""
    PURPOSE: ClassVar[str] = ""
    GUIDES: ClassVar[tuple[tuple[str, str], ...]] = ()  # (heading, text) sections for `?`

    @property
    def companion(self) -> CompanionApp:
        return cast("CompanionApp", self.app)

    def compose(self) -> ComposeResult:
        yield ChildBar(id="child-bar")
        yield from self.compose_body()
        # ctrl+p is left to help and the palette itself: a pane's keys fit 80 columns.
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        """Textual calls this for every pane, after the pane's own on_mount (handlers run for
        each class in the MRO): a pane never calls it again, or it would watch twice."""
        # First, so that what the pane then says about the new child stays: a message about
        # the last child (his lights out, her star) would read as if about this one.
        self.watch(self.app, "child", self._clear_message, init=False)
        self.watch(self.app, "child", self.refresh_bar)  # draws the pane once, at mount
        self.watch(self.app, "night", self.refresh_bar, init=False)

    _changes_when_hidden: int | None = None  # the store's write count as another screen came up

    def on_screen_suspend(self) -> None:
        self._changes_when_hidden = self.companion.store.changes

    def on_screen_resume(self) -> None:
        """Shown again, after another pane or a dialog: redrawn only if something was saved
        meanwhile (quiet mode checked a step, a setting changed, a dialog saved)."""
        if self._changes_when_hidden is not None and self._changes_when_hidden != self.companion.store.changes:
            self.child_changed()

    def shown_night(self) -> date:
        """The night this pane shows; a pane that browses earlier nights says which."""
        return self.companion.night

    def refresh_bar(self) -> None:
        app = self.companion
        night = self.shown_night()
        self.query_one(ChildBar).draw(app.child, night, app.store.read_only, earlier=night != app.night)
        self.child_changed()

    def _clear_message(self) -> None:
        self.say("")

    def say(self, message: str) -> None:
        """The pane's message line, where the parent is looking; always literal text."""
        self.query_one(".pane-message", LiveText).show(message)

    def not_now(self, action: str) -> str:
        """What the message line says when the palette chose an action this pane can't do just
        now (its key is dimmed: no star to give, none to take back)."""
        words = next((key.description for key in self.BINDINGS if isinstance(key, Binding) and key.action == action), "That")
        return f"{words}: not possible just now."

    def attempt(self, change: Callable[[], T]) -> T | None:
        """Run a store change; an expected fault (bad input, a full disk, a read-only window)
        is said on the message line, and None returned: never a traceback."""
        try:
            return change()
        except CompanionError as error:
            self.say(str(error))
            return None

    def child_changed(self) -> None:
        """Panes that show per-child data refresh here."""
