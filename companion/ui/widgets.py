"""Widgets shared by every pane.

User text always goes in as Content (literal), never as markup: a child called
"[@click=app.quit]x" is shown exactly so and can't run anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from companion.domain.household import Child


def heading(text: str) -> Content:
    """A section heading inside a multi-part Static (styled like the .section widgets)."""
    return Content(text).stylize("bold $secondary")


class Hanging(Visual):
    """Rows of a label column and words, where long words wrap under the words, not back to
    the label's column: "Star  give it now: I like the way…" goes on under "give".

    Each row is (lead, words): the lead is the label column (padded to its width, or empty
    for a row of its own, like a heading). Wrapped for the width it is drawn at, so a resize
    rewraps it; `str()` is the rows unwrapped, one per line, as a reader of the screen wants."""

    NARROWEST = 16  # words get at least this many columns; narrower, a row wraps as plain text

    def __init__(self, rows: Sequence[tuple[str, Content]]) -> None:
        self.rows = tuple(rows)
        self._lines: tuple[int, Content, int] | None = None  # (width, the rows wrapped at it, their lines)

    def __str__(self) -> str:
        return "\n".join(lead + words.plain for lead, words in self.rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hanging) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[tuple[str, str, tuple], ...]:
        return tuple((lead, words.plain, tuple(words.spans)) for lead, words in self.rows)

    def _wrapped(self, width: int) -> tuple[Content, int]:
        """The rows wrapped at `width`, and how many lines that makes (kept for that width)."""
        if self._lines is None or self._lines[0] != width:
            lines = [line for lead, words in self.rows for line in self._wrap(lead, words, width)]
            self._lines = (width, Content("\n").join(lines), len(lines))
        return self._lines[1], self._lines[2]

    def _wrap(self, lead: str, words: Content, width: int) -> list[Content]:
        room = width - len(lead)
        if words.cell_length <= room and "\n" not in words.plain:  # most rows fit as they are
            return [Content(lead) + words]
        if room < self.NARROWEST:
            return (Content(lead) + words).wrap(max(width, 1))
        first, *rest = words.wrap(room) or [Content()]
        return [Content(lead) + first, *(Content(" " * len(lead)) + line for line in rest)]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._wrapped(width)[0].render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((len(lead) + words.cell_length for lead, words in self.rows), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._wrapped(width)[1]


class LiveText(Static):
    """Words a pane redraws from the store on every key and timer tick, often unchanged.
    The same words are not drawn again, and new words that keep the height repaint this
    widget alone: Static.update would lay out the whole screen each time, milliseconds a key."""

    def show(self, text: str | Content | Hanging) -> None:
        """Plain strings are taken literally, as Content: never parsed as markup."""
        content = Content(text) if isinstance(text, str) else text
        shown = self.content
        if isinstance(content, Hanging):
            if shown == content:
                return
        elif isinstance(shown, Content) and shown.plain == content.plain and shown.spans == content.spans:
            return
        self.update(content, layout=not self._keeps_height(content))

    def _keeps_height(self, content: Content | Hanging) -> bool:
        width, height = self.content_size
        if not (self.is_mounted and self.display and width):
            return False
        return content.get_height(self.styles, width) == height


class ChildBar(LiveText):
    """Always on top: whose evening this is, which night, and whether saving works."""

    def draw(self, child: Child | None, night: date, read_only: bool, *, earlier: bool = False) -> None:
        if child:
            who = Content.from_markup("[b]$name[/b]  ·  $age", name=child.name, age=child.age_on(night))
        else:
            who = Content("No child yet")
        parts = [who, Content(f"  ·  night of {night:%a %d %b}")]
        if earlier:
            parts.append(Content.from_markup("  ·  [b]an earlier night[/b]"))
        if read_only:
            parts.append(Content.from_markup("  ·  [b]read-only[/b]"))
        self.show(Content.assemble(*parts))


class SteadyList(OptionList):
    """An option list redrawn only when what it shows changed, keeping the highlight where
    it was: panes redraw on a timer, and a rebuild would cost a relayout each time."""

    def show(self, rows: list[tuple[str, Content]]) -> None:
        """`rows` are (option id, text); the text is Content, so user text stays literal."""
        shown = [(option_id, text.plain) for option_id, text in rows]
        before: list[tuple[str, str]] | None = getattr(self, "_shown", None)
        if shown == before:
            return
        self._shown = shown
        if before is not None and [row[0] for row in before] == [row[0] for row in shown]:
            # The same options, some reworded (a step checked): new words in place, which
            # repaints the list; a rebuild would lay out the whole screen again.
            for index, ((_, text), (_, old)) in enumerate(zip(rows, before)):
                if text.plain != old:
                    self.replace_option_prompt_at_index(index, text)
            return
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(Option(text, id=option_id) for option_id, text in rows)
        if self.option_count:
            self.highlighted = min(highlighted or 0, self.option_count - 1)

    def action_page_down(self) -> None:
        if self.scrollable_content_region:  # OptionList pages by its drawn lines: none yet right
            super().action_page_down()  # after the options came (a key typed ahead) is a KeyError

    def action_page_up(self) -> None:
        if self.scrollable_content_region:
            super().action_page_up()

    def highlighted_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id


class KeyBar(LiveText):
    """The screen's keys on one line at the foot, as the footer shows them (a key that can't
    be used now is dimmed), redrawn in place when they change. Textual's Footer rebuilds a
    widget per key on every change (quiet mode's wait starts, a worry is highlighted), and
    laying those out again cost more than the rest of the key. A keyboard-only app needs no
    keys to click."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $footer-foreground;
        background: $footer-background;
    }
    """
    KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
    DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"

    def __init__(self, *, palette: bool = False, **options) -> None:
        super().__init__(**options)
        self._palette = palette  # ctrl+p at the end of the line (only where no `?` explains it)
        self.keys: list[tuple[str, str]] = []  # (key, description) as shown, for a reader of the screen

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._draw)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _draw(self, screen) -> None:
        if screen is not self.screen:
            return
        shown: dict[str, tuple[Binding, bool]] = {}
        for _, binding, enabled, _ in screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled)
        palette = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self._palette and palette is not None:
            shown.pop(palette.binding.action, None)
            shown[palette.binding.action] = (palette.binding, palette.enabled)
        self.keys = [(self.app.get_key_display(binding), binding.description) for binding, _ in shown.values()]
        drawn = (self._key(key, words, enabled) for (key, words), (_, enabled) in zip(self.keys, shown.values()))
        self.show(Content(" ").join(drawn))

    def _key(self, key: str, words: str, enabled: bool) -> Content:
        drawn = Content.assemble(Content.styled(key, self.KEY_STYLE), Content.styled(f" {words}", self.DESCRIPTION_STYLE))
        return drawn if enabled else drawn.stylize("dim")
