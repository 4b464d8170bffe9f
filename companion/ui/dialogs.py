"""Typed modal dialogs: each dismisses with its answer, escape always backs out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from companion.ui.fields import FieldSpec, Form

T = TypeVar("T")


class FormDialog(ModalScreen[T | None], Generic[T]):
    """A form in a box: saves through `save`, dismisses with what was saved, or None."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="cancel")]

    def __init__(self, title: str, fields: list[FieldSpec], save: Callable[[dict[str, str]], T]) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._form = Form(fields, save, clear_on_save=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content(self._title), classes="dialog-title")
            yield self._form
            yield Static("enter: next / save  ·  escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self._form.focus_first()

    @on(Form.Saved)
    def _saved(self, event: Form.Saved) -> None:
        self.dismiss(event.result)  # type: ignore[arg-type]

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; the question may quote user text, so it is shown literally."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content(self._question), classes="dialog-title")
            yield Static("y: yes  ·  n or escape: no", classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class NoticesDialog(ModalScreen[None]):
    """What the store had to tell the parent at startup (files set aside, read-only)."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="close")]

    def __init__(self, notices: list[str]) -> None:
        super().__init__(classes="dialog")
        self._notices = notices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Please note", classes="dialog-title")
            for notice in self._notices:
                yield Static(Content(notice), classes="notice")
            yield Static("enter or escape: close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few labelled choices with the arrows and enter; escape backs out."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content(self._title), classes="dialog-title")
            yield OptionList(*(Option(Content(label), id=key) for key, label in self._choices))
            yield Static("↑ ↓ and enter: choose  ·  escape: cancel", classes="dialog-hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self.is_active:  # enter pressed twice: the first chose, and closed the dialog
            self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
