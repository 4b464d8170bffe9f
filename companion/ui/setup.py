"""First run: the household, typed in by keyboard (children with birth dates, caregivers).

Each child and caregiver is saved as soon as it is added, so nothing typed is lost if the
laptop closes halfway through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from companion.domain.household import Child
from companion.ui.forms import caregiver_fields, child_fields, save_caregiver, save_child
from companion.ui.fields import Form
from companion.ui.styles import stylesheets
from companion.ui.widgets import KeyBar

if TYPE_CHECKING:
    from companion.ui.app import CompanionApp


class SetupScreen(Screen[None]):
    CSS_PATH = stylesheets("setup.tcss")
    TITLE = "Setting up"
    PURPOSE = (
        "Add each child with their birth date (the reward chart uses it), and the grown-ups "
        "who do bedtime. Everything is saved as you add it; you can change it later under "
        "Household (h)."
    )
    BINDINGS = [
        Binding("ctrl+s", "finish", "Done", id="finish"),
        Binding("escape", "leave_field", "Leave field", id="leave-field", show=False),
    ]

    @property
    def companion(self) -> CompanionApp:
        return cast("CompanionApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.companion
        with VerticalScroll(id="setup"):
            yield Static("Welcome to companion", classes="title")
            yield Static(
                "Let's set up your household: your children, and who does bedtime. "
                "Enter moves to the next field and adds; ctrl+s when you are done.",
                classes="lead",
            )
            yield Static("Children", classes="section")
            yield Form(child_fields(), save_child(app.store, app.clock), id="child-form")
            yield Static(id="children-added", classes="added")
            yield Static("Grown-ups who do bedtime (optional)", classes="section")
            yield Form(caregiver_fields(), save_caregiver(app.store), id="caregiver-form")
            yield Static(id="caregivers-added", classes="added")
            yield Static(id="setup-error", classes="form-error")
        yield KeyBar(palette=True)

    def on_mount(self) -> None:
        self._show_added()
        self.query_one("#child-form", Form).focus_first()

    @on(Form.Saved)
    def _added(self, event: Form.Saved) -> None:
        if isinstance(event.result, Child) and self.companion.child is None:
            self.companion.child = event.result
        self._show_added()

    def _show_added(self) -> None:
        store = self.companion.store
        today = self.companion.clock.now().date()
        children = [f"{c.name} ({c.age_on(today)})" for c in store.children()]
        people = [p.name for p in store.caregivers()]
        self.query_one("#children-added", Static).update(Content("Added: " + ", ".join(children) if children else "No children added yet."))
        self.query_one("#caregivers-added", Static).update(Content("Added: " + ", ".join(people) if people else ""))
        self.query_one("#setup-error", Static).update("")

    def action_finish(self) -> None:
        if not self.companion.store.children():
            self.query_one("#setup-error", Static).update(Content("Add at least one child first (name, then birth date)."))
            self.query_one("#child-form", Form).focus_first()
            return
        self.dismiss(None)

    def action_leave_field(self) -> None:
        self.set_focus(None)

