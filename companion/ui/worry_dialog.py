"""Writing or editing a worry (rule W1): the child's words on several lines, the solutions
thought of together, and a helper. Keyboard only: tab moves on, ctrl+s saves, escape backs out.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static, TextArea
from textual.widgets.text_area import EditResult, Location

from companion.domain.errors import CompanionError
from companion.domain.text import cap
from companion.domain.worry import HELPERS, MOST_SOLUTIONS, SOLUTION_LIMIT, TEXT_LIMIT, WorryContent, clean_worry
from companion.ui.fields import TextField

SOLUTIONS_CAP = MOST_SOLUTIONS * (SOLUTION_LIMIT + 1)


class CappedTextArea(TextArea):
    """A multi-line field that never holds more than `limit` characters: a 1 MB paste is cut
    before it reaches the document (so it can't stall the screen), and `cut_note` says so."""

    def __init__(self, text: str = "", *, limit: int, what: str, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, compact=True)
        self.limit = limit
        self.what = what
        self.cut_note = ""
        self.cursor_blink = False  # nothing flashes at night

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        kept = len(self.text) - len(self.get_text_range(start, end))
        if kept + len(insert) > self.limit:
            self.cut_note = f"The {self.what} was {kept + len(insert):,} characters long; the first {self.limit:,} were kept."
            insert = cap(insert, max(0, self.limit - kept))
            self.post_message(self.Changed(self))  # the dialog shows the note where the parent is looking
        return super()._replace_via_keyboard(insert, start, end)


class WorryDialog(ModalScreen[tuple[object, tuple[str, ...]] | None]):
    """Dismisses with what `save` returned and the notes about anything cut, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("escape", "dismiss_none", "Cancel", id="cancel"),
    ]

    def __init__(
        self,
        title: str,
        child_name: str,
        save: Callable[[WorryContent], object],
        content: WorryContent | None = None,
        *,
        focus_solutions: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._child_name = child_name
        self._save = save
        self._content = content or WorryContent(text="")
        self._focus_solutions = focus_solutions

    def compose(self) -> ComposeResult:
        content = self._content
        with Vertical(classes="dialog-box worry-box"):
            yield Static(Content(self._title), classes="dialog-title")
            with VerticalScroll(classes="worry-fields", can_focus=False):
                yield from self._fields(content)
            yield Static(classes="form-error")
            yield Static("tab: next field  ·  ctrl+s: save  ·  escape: cancel", classes="dialog-hint")

    def _fields(self, content: WorryContent) -> ComposeResult:
        yield Label(Content(f"In {self._child_name}'s words (or what they drew)"))
        yield CappedTextArea(content.text, limit=TEXT_LIMIT, what="worry", id="worry-text")
        yield Checkbox("A drawing: the words say what was drawn", content.drawn, id="worry-drawn", compact=True)
        yield Label("Solutions thought of together, one per line")
        yield CappedTextArea("\n".join(content.solutions), limit=SOLUTIONS_CAP, what="pasted list of solutions", id="worry-solutions")
        with Horizontal(classes="worry-row"):
            yield Label("Helper")
            yield TextField(content.helper, placeholder=", ".join(HELPERS) + ", or your own", name="helper", compact=True)
        with Horizontal(classes="worry-row"):
            yield Label("Its line")
            yield TextField(content.helper_line, placeholder="e.g. it eats bad dreams", name="helper_line", compact=True)

    def on_mount(self) -> None:
        if not self._focus_solutions:
            self.query_one("#worry-text", TextArea).focus()
            return
        solutions = self.query_one("#worry-solutions", TextArea)
        if solutions.text.strip():  # new solutions go on a line of their own, after the others
            solutions.text = solutions.text.rstrip("\n") + "\n"
        solutions.move_cursor(solutions.document.end)
        solutions.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if isinstance(event.text_area, CappedTextArea) and event.text_area.cut_note:
            self.query_one(".form-error", Static).update(Content(event.text_area.cut_note))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on; in the last one it saves, as in every form."""
        event.stop()
        if not self.is_active:  # enter pressed twice: the first saved and closed the dialog
            return
        if event.input.name == "helper_line":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        helper, helper_line = (field.value for field in self.query(TextField))
        try:
            content, notes = clean_worry(
                self.query_one("#worry-text", TextArea).text,
                self.query_one(Checkbox).value,
                self.query_one("#worry-solutions", TextArea).text.split("\n"),
                helper,
                helper_line,
            )
            result = self._save(content)
        except CompanionError as error:
            self.query_one(".form-error", Static).update(Content(str(error)))
            return
        cut = tuple(area.cut_note for area in self.query(CappedTextArea) if area.cut_note)
        self.dismiss((result, cut + notes))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
