"""The worry box (rules W1–W4). Key 3.

By day the parent writes the child's worries down (w). At bedtime one key (b) puts every
open worry in the box: until the morning the pane shows only a closed box, a count and a calm
line. Next morning each worry comes back to look at: gone (g), still there (k), or new
solutions (s). Worry text is user text: always shown literally, and only on this pane.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList

from companion.domain.night import MORNING_HOUR, is_morning
from companion.domain.worry import (
    BoxState,
    Worry,
    WorryContent,
    WorryKind,
    closed_box,
    nights_in_box,
    open_worries,
    to_review,
)
from companion.ui.screen import PaneScreen
from companion.ui.styles import stylesheets
from companion.ui.widgets import LiveText, SteadyList

REDRAW_SECONDS = 30  # the box opens at 05:00 whether or not a key was pressed
FIRST_LINE = 48


def first_line(worry: Worry) -> str:
    line = worry.content.text.split("\n", 1)[0].strip() or "…"
    return line if len(line) <= FIRST_LINE else line[: FIRST_LINE - 1] + "…"


def nights(count: int) -> str:
    return f"{count} night{'s' * (count != 1)}"


def closed_box_text(state: BoxState, child_name: str) -> str:
    """The closed box: a count and a calm line, never a worry's words (W2)."""
    inside = f"{state.inside} worr{'ies' if state.inside != 1 else 'y'} asleep"
    lines = [
        "╭──────────────────────────╮",
        f"│  ☾  {inside:<21}│",
        "│     in the worry box     │",
        "╰──────────────────────────╯",
        "",
        f"{child_name}'s worries are in the box for the night. They can wait until tomorrow: "
        f"the box opens in the morning ({MORNING_HOUR:02d}:00).",
    ]
    if state.waiting:
        lines += ["", f"{state.waiting} written since the box closed will wait for tomorrow."]
    return "\n".join(lines)


class WorriesScreen(PaneScreen):
    CSS_PATH = stylesheets("worries.tcss")
    TITLE = "Worry box"
    PURPOSE = (
        "The worry box: worries written down by day, in the child's words or as a note of what "
        "they drew, with the solutions you thought of together. At bedtime they are put to bed "
        "in the box, closed until the morning so they can wait for tomorrow; in the morning each "
        "comes back to look at. Worry text stays on this pane: the recap and exports show counts only."
    )
    BINDINGS = [
        # Short names: with ? and c they fit 80 columns.
        Binding("w", "write", "Write", tooltip="Write a worry down", id="write-worry"),
        Binding("b", "to_bed", "To bed", tooltip="Put every open worry to bed for the night", id="worries-to-bed"),
        Binding("g", "review('gone')", "Gone", tooltip="The worry has gone away", id="worry-gone"),
        Binding("k", "review('kept')", "Still there", tooltip="The worry is still there: carried forward", id="worry-kept"),
        Binding("s", "solutions", "Solutions", tooltip="Add solutions to the worry", id="worry-solutions"),
        Binding("e", "edit", "Edit the worry", id="edit-worry", show=False),
        Binding("l", "history", "Gone away: the list", id="worry-history", show=False),
    ]

    showing_gone = False
    _back: frozenset[str] = frozenset()  # worries back from the box, waiting for a look

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="worries"):  # scrolls on a short terminal (40x12)
            yield LiveText(id="worry-state")
            yield LiveText(id="worry-list-title", classes="section")
            yield SteadyList(id="worry-list")
            with VerticalScroll(id="worry-detail-scroll"):
                yield LiveText(id="worry-detail")
        yield LiveText(id="worry-message", classes="pane-message")

    def on_mount(self) -> None:
        self.query_one("#worry-list", SteadyList).focus()
        self.set_interval(REDRAW_SECONDS, self.reload)

    def child_changed(self) -> None:
        self.reload()

    # -- what is shown --------------------------------------------------------------------

    def worries(self) -> list[Worry]:
        """The worries not gone: all the box and the open list need, from one small file."""
        app = self.companion
        return app.store.worries_not_gone(app.child.id) if app.child else []

    def listed(self) -> list[Worry]:
        """The worries the list shows: the open ones, or the history (read only when asked)."""
        app = self.companion
        if self.showing_gone and app.child:
            return app.store.gone_worries(app.child.id)
        return self.worries()

    def state(self) -> tuple[list[Worry], BoxState | None, datetime]:
        now = self.companion.clock.now()
        worries = self.worries()
        return worries, closed_box(worries, now, self.companion.store.zone), now

    def reload(self) -> None:
        app = self.companion
        worries, box, now = self.state()
        self.set_class(box is not None, "-closed")
        state = self.query_one("#worry-state", LiveText)
        title = self.query_one("#worry-list-title", LiveText)
        rows: list[tuple[str, Content]] = []
        back: frozenset[str] = frozenset()
        if app.child is None:
            state.show("Add a child first (h: household).")
        elif box is not None:
            state.show(closed_box_text(box, app.child.name))
        elif self.showing_gone:
            gone = app.store.gone_worries(app.child.id)
            state.show(f"{len(gone)} worr{'ies' if len(gone) != 1 else 'y'} went away. l: back to the open ones.")
            title.show("Gone away")
            rows = [(worry.id, Content(self._gone_row(worry))) for worry in reversed(gone)]
        else:
            back = frozenset(worry.id for worry in to_review(worries, now, app.store.zone))
            listed = open_worries(worries, now, app.store.zone)
            state.show(self._open_summary(len(listed), len(back)))
            title.show("Open worries")
            rows = [(worry.id, Content(self._open_row(worry, worry.id in back))) for worry in listed]
        self._back = back
        worry_list = self.query_one("#worry-list", SteadyList)
        worry_list.show(rows)
        if box is None and self.focused is None:
            worry_list.focus()  # hidden while the box was closed, the list lost the focus
        self._show_detail()
        app.show_notices()  # last: worries.json and the gone worries' files are opened on first use; a damaged one is told here

    def _open_summary(self, listed: int, back: int) -> str:
        if not listed:
            return "No open worries. w writes one down, in the child's words."
        if back:
            return f"Back from the box, waiting for a look: {back}. g gone away · k still there · s new solutions."
        return "b at bedtime puts them all to bed in the box, so they can wait for tomorrow."

    @staticmethod
    def _open_row(worry: Worry, back: bool) -> str:
        count = nights_in_box(worry)
        where = nights(count) + " in the box" if count else f"new {worry.added:%a %d %b}"
        return f"{'☀ ' if back else '  '}{first_line(worry)}  ·  {where}"

    @staticmethod
    def _gone_row(worry: Worry) -> str:
        went = f"{worry.gone:%d %b %Y}" if worry.gone else "–"
        return f"{first_line(worry)}  ·  added {worry.added:%d %b %Y}  ·  went away {went}  ·  {nights(nights_in_box(worry))} in the box"

    @on(OptionList.OptionHighlighted, "#worry-list")
    def _show_detail(self) -> None:
        worry = self.highlighted()
        self.query_one("#worry-detail", LiveText).show(self._detail(worry) if worry else "")
        self.refresh_bindings()  # the keys follow the worry: k only for one back from the box

    def _detail(self, worry: Worry) -> str:
        content = worry.content
        lines = ["What was drawn:" if content.drawn else "In their words:", content.text, ""]
        if content.solutions:
            lines += ["Solutions:", *(f"  • {solution}" for solution in content.solutions), ""]
        if content.helper:
            lines.append(f"Helper: {content.helper}" + (f" — {content.helper_line}" if content.helper_line else ""))
        history = [f"Written {worry.added:%a %d %b %H:%M}"]
        if len(worry.versions) > 1:
            history.append(f"changed {len(worry.versions) - 1}× (last {worry.versions[-1].at:%a %d %b})")
        if worry.boxings:
            history.append(f"in the box {nights(len(worry.boxings))}: " + ", ".join(f"{b.night:%d %b}" for b in worry.boxings))
        if worry.gone:
            history.append(f"went away {worry.gone:%a %d %b}")
        lines.append(" · ".join(history))
        return "\n".join(lines)

    def highlighted(self) -> Worry | None:
        worry_id = self.query_one("#worry-list", SteadyList).highlighted_id()
        return next((worry for worry in self.listed() if worry.id == worry_id), None) if worry_id else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on a worry are shown only when they can: an open worry highlighted,
        and for "still there", one back from the box."""
        if action in ("review", "solutions", "edit"):
            worry_id = self.query_one("#worry-list", SteadyList).highlighted_id() if self.is_mounted else None
            if self.showing_gone or self.has_class("-closed") or worry_id is None:
                return False
            return worry_id in self._back if parameters == ("kept",) else True
        if action == "to_bed":  # not while closed, nor in the morning, when the box is for looking
            morning = is_morning(self.companion.clock.now(), self.companion.store.zone)
            return not self.showing_gone and not self.has_class("-closed") and not morning
        return True

    # -- actions --------------------------------------------------------------------------

    def action_write(self) -> None:
        app = self.companion
        child = app.child
        if child is None:
            self.say("Add a child first (h: household).")
            return

        def save(content: WorryContent) -> Worry:
            return app.store.write_worry(child.id, content, app.clock.now())

        from companion.ui.worry_dialog import WorryDialog

        self.app.push_screen(WorryDialog(f"A worry for {child.name}", child.name, save), self._saved("Written down."))

    def action_edit(self, focus_solutions: bool = False) -> None:
        app = self.companion
        worry, child = self.highlighted(), app.child
        if worry is None or child is None:
            self.say("Pick a worry in the list first.")
            return

        def save(content: WorryContent) -> Worry:
            return app.store.edit_worry(worry.id, content, app.clock.now())

        from companion.ui.worry_dialog import WorryDialog

        title = f"New solutions for {child.name}'s worry" if focus_solutions else f"Edit {child.name}'s worry"
        dialog = WorryDialog(title, child.name, save, worry.content, focus_solutions=focus_solutions)
        self.app.push_screen(dialog, self._saved("Saved; the earlier words are kept in its history."))

    def action_solutions(self) -> None:
        self.action_edit(focus_solutions=True)

    def _saved(self, said: str):
        def after(result: tuple[object, tuple[str, ...]] | None) -> None:
            if result is not None:
                box = closed_box(self.worries(), self.companion.clock.now(), self.companion.store.zone)
                waits = " It waits for tomorrow: the box is closed for tonight." if box else ""
                self.say(" ".join([said + waits, *result[1]]).strip())
            self.reload()

        return after

    def action_to_bed(self) -> None:
        app = self.companion
        if app.child is None:
            self.say("Add a child first (h: household).")
            return
        child_id = app.child.id
        count = self.attempt(lambda: app.store.put_worries_to_bed(child_id, app.clock.now()))
        if count is None:
            return
        if count:
            self.say(f"{count} worr{'ies' if count != 1 else 'y'} put to bed. Goodnight, worries: see you in the morning.")
        elif closed_box(self.worries(), app.clock.now(), app.store.zone):
            self.say("The box is already closed for tonight.")
        else:
            self.say("No open worries to put to bed tonight.")
        self.reload()

    def action_review(self, outcome: str) -> None:
        worry = self.highlighted()
        if worry is None:
            self.say("Pick a worry in the list first.")
            return
        app = self.companion
        if self.attempt(lambda: app.store.review_worry(worry.id, WorryKind(outcome), app.clock.now())) is None:
            return
        self.say(
            f"“{first_line(worry)}” went away: kept in the history (l)."
            if outcome == "gone"
            else f"“{first_line(worry)}” is still there: it goes back in the box tonight."
        )
        self.reload()

    def action_history(self) -> None:
        self.showing_gone = not self.showing_gone
        self.say("")
        self.reload()
