"""The baseline for benchmarks/run.py: a bare Textual app (Header, Static, Footer), no writes.

It shows "ready" and a child's name; `c` swaps the name, so key-to-paint can be timed the
same way as companion's `c` (next child), minus the durable write.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

NAMES = ("Ada", "Bo")


class BareApp(App[None]):
    TITLE = "bare"
    BINDINGS = [Binding("c", "swap", "Swap child")]

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
