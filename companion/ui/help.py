"""The `?` screen: what the pane is for, and every key that works here, from the bindings."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


MOVING_AROUND = "tab / shift+tab: next or previous field  ·  ↑ ↓: move in a list  ·  enter: choose"


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for the screen's and the app's own bindings, screen first.

    Widget-level keys (scrolling, cursor moves) are left out: they are the same everywhere
    and are summed up in one line instead.
    """
    active = sorted(screen.active_bindings.values(), key=lambda a: a.node is not screen)
    return binding_rows((a.binding for a in active if a.node in (screen, screen.app)), screen.app)


EVERYWHERE = frozenset(binding.action for binding in Screen.BINDINGS)  # tab, copy: no screen's own


def named_bindings(bindings: Iterable[Binding]) -> list[Binding]:
    """One binding per action, each with a description (as the footer shows only those),
    without the keys every screen has: what `?`, the README and the palette list."""
    named: dict[str, Binding] = {}
    for binding in bindings:
        if binding.description and binding.action not in EVERYWHERE:
            named.setdefault(binding.action, binding)
    return list(named.values())


def binding_rows(bindings: Iterable[Binding], app: App, *, long: bool = False) -> list[tuple[str, str]]:
    """(key, description) as the app shows them: shared by `?` and the README's key reference
    (companion/ui/key_reference.py), so the two cannot disagree. `long`: a binding's tooltip,
    where it has one, for its longer name (the README has the room; help keeps the footer's
    words, which fit 40 columns)."""
    return [
        (app.get_key_display(binding), (binding.tooltip if long else "") or binding.description)
        for binding in named_bindings(bindings)
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close help", id="close")]

    def __init__(
        self, title: str, purpose: str, keys: list[tuple[str, str]], guides: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._purpose = purpose
        self._keys = keys
        self._guides = guides

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self._keys), default=4) + 2
        lines = [f"{key:<{width}}{description}" for key, description in self._keys]
        with Vertical(classes="dialog-box help-box"):
            yield Static(Content(f"Help — {self._title}"), classes="dialog-title")
            with VerticalScroll():
                yield Static(Content(self._purpose), classes="help-purpose")
                yield Static(Content("\n".join(lines)), classes="help-keys")
                yield Static(Content(MOVING_AROUND), classes="help-moving")
                for heading, text in self._guides:
                    yield Static(Content(heading), classes="help-heading")
                    yield Static(Content(text), classes="help-guide")
            yield Static("escape: close", classes="dialog-hint")

    def on_resize(self) -> None:
        """The keys scroll inside the box at any height: the box is at most 90% of the screen,
        and its border, padding, title and hint take 8 rows of that (with the 20 rows of the
        stylesheet, a 24-row terminal cut off the last keys and the hint)."""
        self.query_one(VerticalScroll).styles.max_height = max(1, min(20, int(self.size.height * 0.9) - 8))

    def action_close(self) -> None:
        self.dismiss(None)
