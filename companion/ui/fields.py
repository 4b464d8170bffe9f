"""Keyboard forms: labelled text fields with one message line, for setup and dialogs.

Kept apart from the always-shown widgets so the first frame does not wait for them.
User text is shown as Content (literal), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static

from companion.domain.errors import CompanionError
from companion.domain.text import cap

# Typing is capped well above any limit so a huge paste can't stall the screen; the save
# step then says plainly what the real limit is.
TYPING_CAP = 2000


class TextField(Input):
    """A one-line text field that doesn't blink (nothing flashes at night)."""

    def __init__(self, value: str = "", *, placeholder: str = "", name: str | None = None, compact: bool = False) -> None:
        super().__init__(value=value, placeholder=placeholder, name=name, max_length=TYPING_CAP, compact=compact)
        self.cursor_blink = False

    def replace(self, text: str, start: int, end: int) -> None:
        """A paste longer than the field holds is cut to fit (Input would drop it whole, without
        a word); saving then says what the real limit is."""
        start, end = sorted((max(0, start), min(len(self.value), end)))
        super().replace(cap(text, max(0, TYPING_CAP - len(self.value) + end - start)), start, end)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    placeholder: str = ""
    value: str = ""


class Form(Vertical):
    """Labelled fields and one message line. Enter moves on; Enter in the last field saves.

    `save` gets the typed values and either returns what it saved or raises a
    CompanionError, whose message is shown in place while the typed text stays for correction.
    """

    DEFAULT_CSS = """
    Form { height: auto; }
    Form .form-row { height: auto; }
    Form .form-label { width: 14; padding: 1 1 0 0; }
    Form TextField { width: 1fr; max-width: 48; }
    Form .form-error { color: $error; height: auto; padding: 0 0 0 14; }
    """

    class Saved(Message):
        def __init__(self, form: Form, result: object) -> None:
            super().__init__()
            self.form = form
            self.result = result

        @property
        def control(self) -> Form:
            return self.form

    def __init__(
        self,
        fields: list[FieldSpec],
        save: Callable[[dict[str, str]], object],
        *,
        clear_on_save: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._fields = fields
        self._save = save
        self._clear_on_save = clear_on_save
        self._inputs: dict[str, TextField] = {}
        self._saved = False

    def compose(self) -> ComposeResult:
        for spec in self._fields:
            field = TextField(spec.value, placeholder=spec.placeholder, name=spec.key)
            self._inputs[spec.key] = field
            with Horizontal(classes="form-row"):
                yield Label(spec.label, classes="form-label")
                yield field
        yield Static(classes="form-error")

    def focus_first(self) -> None:
        next(iter(self._inputs.values())).focus()

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.screen.is_active:  # enter pressed twice: the first saved and closed the dialog
            return
        fields = list(self._inputs.values())
        position = fields.index(event.input)
        if position + 1 < len(fields):
            fields[position + 1].focus()
        else:
            self.submit()

    def submit(self) -> None:
        if self._saved:  # a dialog's form saves once (enter pressed twice would save twice)
            return
        values = {key: field.value for key, field in self._inputs.items()}
        try:
            result = self._save(values)
        except CompanionError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        if self._clear_on_save:
            for field in self._inputs.values():
                field.value = ""
            self.focus_first()
        else:
            self._saved = True  # the dialog closes with what was saved
        self.post_message(self.Saved(self, result))

    def show_error(self, message: str) -> None:
        self.query_one(".form-error", Static).update(Content(message))
