"""Editing the routine (rules E1, E2): add, rename, reorder, remove steps by keyboard.

Each change is saved at once as the version for tonight on (a second change tonight
replaces tonight's version). A routine younger than two weeks asks once, saying why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from companion.domain import routine as rules
from companion.domain.errors import CompanionError

if TYPE_CHECKING:
    from companion.ui.app import CompanionApp


class RoutineEditor(ModalScreen[None]):
    BINDINGS = [
        Binding("a", "add", "Add step", id="add-step"),
        Binding("r", "rename", "Rename step", id="rename-step"),
        Binding("x", "remove", "Remove step", id="remove-step"),
        Binding("shift+up,K", "move(-1)", "Move up", id="move-up"),
        Binding("shift+down,J", "move(1)", "Move down", id="move-down"),
        Binding("escape", "close", "Done", id="close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self._confirmed = False

    @property
    def companion(self) -> CompanionApp:
        return cast("CompanionApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content(f"{self.companion.child.name}'s routine"), classes="dialog-title")
            yield OptionList(id="routine-steps")
            yield Static(id="routine-message", classes="form-error")
            yield Static("a add · r rename · x remove · shift+↑↓ move · escape: done", classes="dialog-hint")

    def on_mount(self) -> None:
        self._show()
        self.query_one(OptionList).focus()

    def _current(self) -> rules.RoutineVersion:
        app = self.companion
        return app.store.routine_on(app.child.id, app.night)

    def _show(self, highlight: int | None = None) -> None:
        steps = self.query_one(OptionList)
        kept = steps.highlighted if highlight is None else highlight
        steps.clear_options()
        steps.add_options(Option(Content(step)) for step in self._current().steps)
        steps.highlighted = min(kept or 0, steps.option_count - 1)

    def _index(self) -> int:
        return self.query_one(OptionList).highlighted or 0

    def _change(self, edit, highlight: int | None = None) -> None:
        """Apply `edit` (old steps -> new steps) and save it, asking once if the routine is young."""
        current = self._current()
        try:
            steps = edit(current.steps)
        except CompanionError as error:
            self.query_one("#routine-message", Static).update(Content(str(error)))
            return
        if steps == current.steps:
            return  # nothing changed (a move at the end of the list): no new version
        if current.id and current.asks_before_change(self.companion.night) and not self._confirmed:
            from companion.ui.dialogs import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self._confirmed = True
                    self._save(steps, highlight)

            self.app.push_screen(ConfirmDialog(current.why_keep_it(self.companion.night)), answered)
            return
        self._save(steps, highlight)

    def _save(self, steps: tuple[str, ...], highlight: int | None) -> None:
        app = self.companion
        try:
            app.store.set_routine(app.child.id, steps, app.night)
        except CompanionError as error:
            self.query_one("#routine-message", Static).update(Content(str(error)))
            return
        self.query_one("#routine-message", Static).update("")
        self._show(highlight)

    def _ask_name(self, title: str, value: str, apply) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        def check(values: dict[str, str]) -> str:
            apply(self._current().steps, values["step"])  # raises InvalidInput in the dialog
            return values["step"]

        def done(text: str | None) -> None:
            if text is not None:
                self._change(lambda steps: apply(steps, text))

        self.app.push_screen(FormDialog(title, [FieldSpec("step", "Step", "e.g. pyjamas", value)], check), done)

    def action_add(self) -> None:
        self._ask_name("Add a step", "", rules.added)

    def action_rename(self) -> None:
        index = self._index()
        steps = self._current().steps
        self._ask_name("Rename the step", steps[index], lambda old, text: rules.renamed(old, index, text))

    def action_remove(self) -> None:
        index = self._index()
        self._change(lambda steps: rules.removed(steps, index), highlight=max(0, index - 1))

    def action_move(self, by: int) -> None:
        index = self._index()
        self._change(lambda steps: rules.moved(steps, index, by), highlight=max(0, index + by))

    def action_close(self) -> None:
        self.dismiss(None)
