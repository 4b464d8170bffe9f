"""The baseline for benchmarks/run.py: a bare Textual app (Header, Static, Footer), no writes.

It shows "ready" and a child's name; `c` swaps the name, so key-to-paint can be timed the
same way as companion's `c` (next child), minus the durable write. `w` opens a small dialog
(on a plain field, as companion's are) whose enter closes it and shows what was typed: the
like-for-like baseline for companion's keys that save and close a dialog.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Static

NAMES = ("Ada", "Bo")


class Ask(ModalScreen[str]):
    DEFAULT_CSS = "Ask { align: center middle; background: $background; } Ask Vertical { width: 60; height: auto; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("A question")
            yield Input(value="an answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class BareApp(App[None]):
    TITLE = "bare"
    BINDINGS = [Binding("c", "swap", "Swap child"), Binding("w", "ask", "Ask")]
    answers = 0

    def action_ask(self) -> None:
        self.push_screen(Ask(), self._answered)

    def _answered(self, answer: str | None) -> None:
        self.answers += 1
        self.query_one("#child", Static).update(f"answer {self.answers}: {answer}")

    def __init__(self) -> None:
        super().__init__()
        self.current = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._label(), id="child")
        yield Footer()

    def action_swap(self) -> None:
        self.current = 1 - self.current
        self.query_one("#child", Static).update(self._label())

    def _label(self) -> str:
        return f"ready · child: {NAMES[self.current]}"


if __name__ == "__main__":
    BareApp().run()
