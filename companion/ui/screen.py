"""The frame every pane shares: the child bar on top, the pane's body, the keys at the foot."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from companion.ui.widgets import ChildBar

if TYPE_CHECKING:
    from companion.ui.app import CompanionApp


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
        # Compact, and ctrl+p left to help and the palette itself: a pane's keys fit 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "child", self.refresh_bar)  # draws the pane once, at mount
        self.watch(self.app, "night", self.refresh_bar, init=False)

    def shown_night(self) -> date:
        """The night this pane shows; a pane that browses earlier nights says which."""
        return self.companion.night

    def refresh_bar(self) -> None:
        app = self.companion
        night = self.shown_night()
        self.query_one(ChildBar).show(app.child, night, app.store.read_only, earlier=night != app.night)
        self.child_changed()

    def child_changed(self) -> None:
        """Panes that show per-child data refresh here."""
