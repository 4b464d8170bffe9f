"""Household: the children (with ages) and the grown-ups who do bedtime, editable by keyboard."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from companion.domain.child_settings import describe_plan
from companion.domain.household import Caregiver, Child
from companion.domain.night import zone_info
from companion.ui.screen import PaneScreen
from companion.ui.styles import stylesheets
from companion.ui.widgets import LiveText


class HouseholdScreen(PaneScreen):
    CSS_PATH = stylesheets("household.tcss")
    TITLE = "Household"
    PURPOSE = (
        "The children and the grown-ups who do bedtime, and each child's settings: the quiet-mode "
        "wait, the bedtime pass plan and the reward chart. Birth dates decide when the reward "
        "chart starts, and nothing here deletes a child's history. Sound is off unless you turn it on."
    )
    BINDINGS = [
        Binding("a", "add_child", "Add child", id="add-child"),
        Binding("e", "edit_child", "Edit child", id="edit-child"),
        Binding("p", "child_settings", "Wait & pass", tooltip="Each child's wait, pass plan and reward chart", id="child-settings"),
        Binding("g", "add_caregiver", "Add grown-up", id="add-caregiver"),
        # Rare: in help and the palette, kept off the footer so it fits 80 columns.
        Binding("r", "rename_caregiver", "Rename grown-up", id="rename-caregiver", show=False),
        Binding("x", "remove_caregiver", "Remove grown-up", id="remove-caregiver", show=False),
        Binding("s", "toggle_sound", "Sound on or off", id="toggle-sound", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="household"):  # scrolls on a short terminal (40x12)
            yield Static("Children", classes="section")
            yield OptionList(id="children")
            yield LiveText(id="child-plan")
            yield Static("Grown-ups who do bedtime", classes="section")
            yield OptionList(id="caregivers")
            yield LiveText(id="household-message", classes="pane-message form-error")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#children", OptionList).focus()

    def child_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        app = self.companion
        today = app.clock.now().astimezone(zone_info(app.store.zone)).date()
        current = app.child.id if app.child else None
        children = self.query_one("#children", OptionList)
        highlighted = children.highlighted
        children.clear_options()
        children.add_options(
            Option(
                Content.assemble(
                    Content("● " if child.id == current else "  "),
                    Content(child.name),
                    Content(f"  born {child.birth_date:%d %b %Y}  ·  {child.age_on(today)}"),
                ),
                id=child.id,
            )
            for child in app.store.children()
        )
        children.highlighted = highlighted if highlighted is not None and children.option_count else (0 if children.option_count else None)
        caregivers = self.query_one("#caregivers", OptionList)
        kept = caregivers.highlighted
        caregivers.clear_options()
        caregivers.add_options(Option(Content(person.name), id=person.id) for person in app.store.caregivers())
        if caregivers.option_count:
            caregivers.highlighted = min(kept or 0, caregivers.option_count - 1)
        self._show_plan()

    def _selected_child(self) -> Child | None:
        option_id = self._highlighted_id("#children")
        return next((child for child in self.companion.store.children() if child.id == option_id), None)

    def _selected_caregiver(self) -> Caregiver | None:
        option_id = self._highlighted_id("#caregivers")
        return next((person for person in self.companion.store.caregivers() if person.id == option_id), None)

    def _highlighted_id(self, selector: str) -> str | None:
        options = self.query_one(selector, OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionHighlighted, "#children")
    def _show_plan(self) -> None:
        child = self._selected_child()
        line = ""
        if child is not None:
            settings = self.companion.store.child_settings(child.id)
            plan = describe_plan(settings.plan, self.companion.night)
            line = f"{child.name}: wait {settings.wait_seconds} s · {plan}  (p to change)"
        sound = "sound on: quiet mode rings when a wait ends" if self.companion.store.sound_on() else "sound off"
        self.query_one("#child-plan", LiveText).show(f"{line}\n{sound} (s)".strip())

    @on(OptionList.OptionSelected, "#children")
    def _make_current(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.companion.select_child(event.option.id)

    # Dialogs are imported on first use, not at startup: the first frame doesn't need them.

    def action_add_child(self) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.forms import child_fields, save_child

        app = self.companion
        self.app.push_screen(FormDialog("Add a child", child_fields(), save_child(app.store, app.clock)), self._after_change)

    def action_edit_child(self) -> None:
        child = self._selected_child()
        if child is None:
            self.say("Pick a child in the list first.")
            return
        from companion.ui.dialogs import FormDialog
        from companion.ui.forms import child_fields, save_child

        app = self.companion
        dialog = FormDialog(f"Edit {child.name}", child_fields(child), save_child(app.store, app.clock, child))
        self.app.push_screen(dialog, self._after_change)

    def action_child_settings(self) -> None:
        child = self._selected_child()
        if child is None:
            self.say("Pick a child in the list first.")
            return
        from companion.ui.dialogs import FormDialog
        from companion.ui.forms import save_settings, settings_fields

        app = self.companion
        fields = settings_fields(app.store.child_settings(child.id))
        dialog = FormDialog(f"{child.name}: quiet-mode wait, bedtime pass, reward chart", fields, save_settings(app.store, child, app.night))
        self.app.push_screen(dialog, self._after_change)

    def action_toggle_sound(self) -> None:
        store = self.companion.store
        if self.companion.attempt(lambda: store.set_sound(not store.sound_on())):
            self.say("Sound is on: quiet mode rings once when a wait ends." if store.sound_on() else "Sound is off.")
        self._show_plan()

    def action_add_caregiver(self) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.forms import caregiver_fields, save_caregiver

        self.app.push_screen(FormDialog("Add a grown-up", caregiver_fields(), save_caregiver(self.companion.store)), self._after_change)

    def action_rename_caregiver(self) -> None:
        person = self._selected_caregiver()
        if person is None:
            self.say("Pick a grown-up in the list first.")
            return
        from companion.ui.dialogs import FormDialog
        from companion.ui.forms import caregiver_fields, save_caregiver

        dialog = FormDialog(f"Rename {person.name}", caregiver_fields(person), save_caregiver(self.companion.store, person))
        self.app.push_screen(dialog, self._after_change)

    def action_remove_caregiver(self) -> None:
        person = self._selected_caregiver()
        if person is None:
            self.say("Pick a grown-up in the list first.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.companion.attempt(lambda: self.companion.store.remove_caregiver(person.id))
                self._after_change(None)

        from companion.ui.dialogs import ConfirmDialog

        self.app.push_screen(ConfirmDialog(f"Remove {person.name} from the grown-ups?"), answered)

    def _after_change(self, result: object) -> None:
        app = self.companion
        if isinstance(result, Child) and (app.child is None or app.child.id == result.id):
            app.child = result
        self.say("")
        self.reload()

