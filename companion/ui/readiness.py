"""Readiness checks for tonight (rule E3), one key each, saved as they are pressed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from companion.domain.errors import CompanionError
from companion.domain.night_log import EventKind

from companion.ui.evening import NOT_RECORDED, readiness_answer

if TYPE_CHECKING:
    from companion.ui.evening import EveningScreen

# Each press says the opposite of what is recorded now; not recorded becomes "yes".
TOGGLES = {"m": EventKind.MOVED, "f": EventKind.FED, "d": EventKind.DRY, "s": EventKind.SAFE}


class ReadinessDialog(ModalScreen[None]):
    BINDINGS = [
        *(Binding(key, f"toggle('{kind.value}')", kind.label.capitalize(), id=f"toggle-{kind.value}") for key, kind in TOGGLES.items()),
        Binding("t", "screens_off", "Screens off at…", id="screens-off"),
        Binding("escape,enter", "close", "Done", id="close"),
    ]

    def __init__(self, evening_screen: EveningScreen) -> None:
        super().__init__(classes="dialog")
        self._pane = evening_screen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Ready for bed?", classes="dialog-title")
            yield Static(id="readiness-keys")
            yield Static(id="readiness-message", classes="form-error")
            yield Static("m f d s: yes / no  ·  t: when screens went off  ·  enter: done", classes="dialog-hint")

    def _show(self) -> None:
        evening = self._pane.evening()
        if evening is None:
            return
        now = self._pane.companion.clock.now()

        lines = [f"{key}  {kind.label.capitalize()}: {readiness_answer(evening, kind)}" for key, kind in TOGGLES.items()]
        if evening.screens_off is None:
            lines.append(f"t  Screens off: {NOT_RECORDED}")
        else:
            late = "  (under 2 h: screens this late can delay sleep)" if evening.screens_too_late(now) else ""
            lines.append(f"t  Screens off at {evening.screens_off:%H:%M}{late}")
        self.query_one("#readiness-keys", Static).update(Content("\n".join(lines)))

    def action_toggle(self, kind_value: str) -> None:
        kind = EventKind(kind_value)
        evening = self._pane.evening()
        now_yes = evening is not None and evening.readiness.get(kind) is True
        try:
            self._pane.record(kind, value="no" if now_yes else "yes")
        except CompanionError as error:
            self.query_one("#readiness-message", Static).update(Content(str(error)))
        self._show()

    def action_screens_off(self) -> None:
        self._pane.ask_when("Screens off: when?", lambda when: self._pane.record(EventKind.SCREENS_OFF, when))

    def on_screen_resume(self) -> None:
        """Back from the time dialog: show what it saved."""
        self._show()

    def action_close(self) -> None:
        self.dismiss(None)
