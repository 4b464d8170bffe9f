"""Evening: the routine checklist, readiness checks and the night log (rules E1–E5). Key 1.

Everything here writes through the store before the screen changes, and every write can be
taken back with `u` (undo keeps the record, marked undone). The pane shows one night: tonight
by default, or an earlier one browsed with [ and ] or g.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList

from companion.domain.errors import CompanionError, InvalidInput
from companion.domain.evening import NOTE_LIMIT, Evening, evening_from, last_action
from companion.domain.night import describe_duration
from companion.domain.night_log import HEALTH_FLAGS, EventKind, NightEvent
from companion.domain.text import clean_line
from companion.ui.pass_actions import PASS_GUIDE, pass_status, tonight_pass, use_or_return_pass
from companion.ui.screen import PaneScreen
from companion.ui.styles import stylesheets
from companion.ui.widgets import LiveText, SteadyList, heading

# The night log's keys: one key opens "when?", enter takes now (E4: one or two keys each).
LOG_KEYS = {
    EventKind.LIGHTS_OUT: "l",
    EventKind.GOT_UP: "o",
    EventKind.CALLED_OUT: "k",
    EventKind.BACK_IN_BED: "i",
    EventKind.FELL_ASLEEP: "z",
    EventKind.WOKE: "w",
    EventKind.PARENTS_BED: "p",
}
WHEN_HINT = "enter = now · 21:05 · 2:10 · 9:05pm · -10m"
REDRAW_SECONDS = 30
NOT_RECORDED = "–"  # short, so a readiness line fits 80 columns; help says what it means


def readiness_answer(evening: Evening, kind: EventKind) -> str:
    """yes, no, or the dash for not recorded (never "no" for a check nobody made)."""
    value = evening.readiness.get(kind)
    return NOT_RECORDED if value is None else ("yes" if value else "no")


class EveningScreen(PaneScreen):
    CSS_PATH = stylesheets("evening.tcss")
    TITLE = "Evening"
    PURPOSE = (
        "Tonight's routine, the readiness checks and the night log, for the current child. "
        "Check each step as you go, then log what happens after goodnight with one key, now or "
        "at a time you type (21:05, -10m): the morning recap is drawn from it. Nothing is ever "
        "lost: undo keeps the record, and a dash (–) means not recorded."
    )
    GUIDES = (PASS_GUIDE,)
    BINDINGS = [
        Binding("b", "start_bedtime", "Start bedtime", id="start-bedtime"),
        Binding("space", "check_next", "Step done", tooltip="Check the next step of the routine", id="check-next"),
        *(
            Binding(key, f"log('{kind.value}')", kind.label.capitalize(), id=f"log-{kind.value}", show=False)
            for kind, key in LOG_KEYS.items()
        ),
        Binding("exclamation_mark", "health_flag", "Health flag", id="health-flag", show=False),
        Binding("r", "readiness", "Readiness", tooltip="Readiness checks: moved, screens off, fed, dry, safe", id="readiness"),
        Binding("v", "use_pass", "Pass", tooltip="Use the bedtime pass", id="use-pass"),
        Binding("a", "bedtime_by", "Who did bedtime", id="bedtime-by", show=False),
        Binding("n", "handover", "Hand-over note", id="handover", show=False),
        Binding("e", "edit_routine", "Edit routine", id="edit-routine", show=False),
        Binding("u", "undo", "Undo", tooltip="Take back the last thing logged", id="undo"),
        Binding("left_square_bracket", "browse(-1)", "Night before", id="night-before", show=False),
        Binding("right_square_bracket", "browse(1)", "Night after", id="night-after", show=False),
        Binding("g", "go_to_night", "Go to a night", id="go-to-night", show=False),
        Binding("t", "tonight", "Back to tonight", id="tonight", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.viewing: date | None = None  # None: follow tonight

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="evening"):
            # Few widgets, each holding several parts: every widget costs the first frame.
            with VerticalScroll(id="evening-left"):  # scrolls on a short terminal (40x12)
                yield LiveText(id="routine-title", classes="section")
                yield SteadyList(id="steps")
                yield LiveText(id="evening-status")  # the routine's time, readiness, the pass, who
            with VerticalScroll(id="evening-right"):
                yield LiveText(id="log")  # after goodnight, and anything odd in the records
        yield LiveText(id="evening-message", classes="pane-message")

    def on_mount(self) -> None:
        self.query_one("#steps", OptionList).focus()
        # "so far" and "before bed" follow the clock, computed from stored instants each time;
        # a pass's trip timer is redrawn every second while it runs.
        self.set_interval(REDRAW_SECONDS, self.render_evening)
        self.set_interval(1, self._redraw_trip)

    # -- what is shown --------------------------------------------------------------------

    @property
    def night(self) -> date:
        return self.viewing or self.companion.night

    def shown_night(self) -> date:
        return self.night

    def child_changed(self) -> None:
        self.render_evening()

    _shown_evening: Evening | None = None  # what the status last showed, for the trip's redraw

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """b starts bedtime once a night: after that it leaves the keys (a second press
        would only record a second start)."""
        if action == "start_bedtime":
            return self._shown_evening is None or self._shown_evening.started is None
        return True

    def evening(self) -> Evening | None:
        app = self.companion
        if app.child is None:
            return None
        routine = app.store.routine_on(app.child.id, self.night)
        return evening_from(self.night, routine, app.store.night_events(app.child.id, self.night))

    def render_evening(self) -> None:
        evening = self.evening()
        if evening is None:
            return
        now = self.companion.clock.now()
        self.query_one("#routine-title", LiveText).show(self._routine_title(evening))
        self._render_steps(evening)
        started = self._shown_evening is not None and self._shown_evening.started is not None
        self._shown_evening = evening
        if started != (evening.started is not None):
            self.refresh_bindings()  # b goes once bedtime has started
        self._render_status(evening, now)
        log = [heading("After goodnight"), Content("\n" + self._log(evening))]
        if oddities := evening.oddities():
            log.append(Content("\n\n" + "\n".join(oddities)).stylize("$warning"))
        self.query_one("#log", LiveText).show(Content.assemble(*log))
        self.query_one("#evening-right", VerticalScroll).scroll_end(animate=False)  # the latest in view
        self.companion.show_notices()

    def _render_status(self, evening: Evening, now: datetime) -> None:
        parts = [
            Content(self._routine_status(evening, now)),
            heading("Ready for bed") + Content("\n" + self._readiness(evening, now)),
            Content(self._pass()),
            Content(self._tonight(evening)),
        ]
        self.query_one("#evening-status", LiveText).show(Content("\n\n").join(parts))

    def _redraw_trip(self) -> None:
        app = self.companion
        if self.viewing is not None or app.child is None:
            return
        if self._shown_evening is None or tonight_pass(app.store, app.child.id, self.night).trip(app.clock.now()) is None:
            return
        self._render_status(self._shown_evening, app.clock.now())

    def _routine_title(self, evening: Evening) -> str:
        routine = evening.routine
        if not routine.id:
            return "Routine (the default: e to make it yours)"
        held = routine.nights_held(self.companion.night)
        return f"Routine · held {held} night" + ("s" if held != 1 else "")

    def _render_steps(self, evening: Evening) -> None:
        rows = []
        for step in evening.routine.steps:
            at = evening.done.get(step)
            mark = f"✓ {at:%H:%M}  " if at else ("▸       " if step == evening.next_step else "·       ")
            rows.append((step, Content.assemble(Content(mark), Content(step))))
        self.query_one("#steps", SteadyList).show(rows)

    def _routine_status(self, evening: Evening, now: datetime) -> str:
        if evening.started is None:
            # One line, as "Started 19:30 · 12 min so far" is at 80 columns: the first step
            # checked repaints the status, not the whole screen's layout.
            return "Not started yet · space checks a step"
        length = describe_duration(evening.routine_length(now) or timedelta(0))
        return f"Started {evening.started:%H:%M} · " + (f"took {length}" if evening.all_done else f"{length} so far")

    def _readiness(self, evening: Evening, now: datetime) -> str:
        def answer(kind: EventKind) -> str:
            return readiness_answer(evening, kind)

        lines = [f"Moved / played outside: {answer(EventKind.MOVED)}"]
        if evening.screens_off is None:
            lines.append(f"Screens off: {NOT_RECORDED}")
        else:
            gap = evening.screens_before_bed(now)
            flag = "  (under 2 h)" if evening.screens_too_late(now) else ""
            lines.append(f"Screens off {evening.screens_off:%H:%M}, {describe_duration(gap)} before bed{flag}")
        lines.append(f"Fed: {answer(EventKind.FED)} · Dry: {answer(EventKind.DRY)} · Safe: {answer(EventKind.SAFE)}")
        if evening.needs_met:
            lines.append("Needs met: a cry now is not necessarily an unmet need.")
        return "\n".join(lines)

    def _pass(self) -> str:
        app = self.companion
        return pass_status(tonight_pass(app.store, app.child.id, self.night), app.clock.now())

    def _tonight(self, evening: Evening) -> str:
        lines = [f"Bedtime by: {evening.bedtime_by or NOT_RECORDED}"]
        if evening.handover:
            lines.append(f"Note: {evening.handover}")
        return "\n".join(lines)

    def _log(self, evening: Evening) -> str:
        if not evening.log:
            return "Nothing logged yet. l lights out · k called out · o got up · z asleep"
        return "\n".join(f"{event.at:%H:%M}  {event.kind.label}" for event in evening.log)

    # -- writing --------------------------------------------------------------------------

    def record(self, kind: EventKind, when: str = "now", value: str = "") -> str:
        """Parse `when` within the night shown and record it; returns what to tell the parent.
        Raises CompanionError (shown where the parent is looking) when it can't."""
        app = self.companion
        if app.child is None:
            raise InvalidInput("Add a child first (h: household).")
        from companion.domain.timeparse import parse_night_time  # a typed time: not needed for the first frame

        parsed = parse_night_time(when, night=self.night, now=app.clock.now(), zone=app.store.zone)
        app.store.add_night_event(app.child.id, kind, parsed.at, value)
        self.render_evening()
        what = f"{kind.label.capitalize()}: {value}" if value else kind.label.capitalize()
        said = f"{what} ({parsed.at:%H:%M})." if value else f"{what} at {parsed.at:%H:%M}."
        return f"{said} {parsed.note}".strip()

    def attempt(self, change: Callable[[], str]) -> None:
        try:
            self.say(change())
        except CompanionError as error:
            self.say(str(error))

    def ask_when(self, title: str, save: Callable[[str], str]) -> None:
        """A one-field dialog for the time: enter alone means now; a bad time is explained in it."""
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        dialog = FormDialog(title, [FieldSpec("when", "When", WHEN_HINT)], lambda values: save(values["when"] or "now"))
        self.app.push_screen(dialog, lambda said: self.say(said) if said else None)

    # -- actions --------------------------------------------------------------------------

    def action_start_bedtime(self) -> None:
        self.attempt(lambda: self.record(EventKind.BEDTIME_STARTED))

    def action_check_next(self) -> None:
        evening = self.evening()
        if evening is None or evening.next_step is None:
            self.say("Every step is done." if evening else "Add a child first (h: household).")
            return
        step = evening.next_step
        self.attempt(lambda: self.record(EventKind.STEP_DONE, value=step))

    @on(OptionList.OptionSelected, "#steps")
    def _toggle_step(self, event: OptionList.OptionSelected) -> None:
        """Enter on a step checks it (any order); on a done step, takes the check back."""
        step = event.option.id or ""
        evening = self.evening()
        if evening is None:
            return
        if step in evening.done:
            check = next(
                e for e in reversed(self.companion.store.night_events(self.companion.child.id, self.night))
                if e.kind is EventKind.STEP_DONE and e.value == step
            )
            self.attempt(lambda: self._undo(check))
        else:
            self.attempt(lambda: self.record(EventKind.STEP_DONE, value=step))

    def action_log(self, kind_value: str) -> None:
        kind = EventKind(kind_value)
        self.ask_when(f"{kind.label.capitalize()}: when?", lambda when: self.record(kind, when))

    def action_health_flag(self) -> None:
        from companion.ui.dialogs import ChoiceDialog

        choices = [(kind.value, kind.label) for kind in sorted(HEALTH_FLAGS)]

        def chosen(kind_value: str | None) -> None:
            if kind_value:
                self.action_log(kind_value)

        self.app.push_screen(ChoiceDialog("Health: what happened?", choices), chosen)

    def action_use_pass(self) -> None:
        if self.viewing is not None:
            self.say("The pass is for tonight: t comes back to tonight.")
            return
        use_or_return_pass(self, lambda said: (self.say(said), self.render_evening()))

    def action_readiness(self) -> None:
        from companion.ui.readiness import ReadinessDialog

        self.app.push_screen(ReadinessDialog(self), lambda _: self.render_evening())

    def action_bedtime_by(self) -> None:
        from companion.ui.dialogs import ChoiceDialog

        people = [(person.name, person.name) for person in self.companion.store.caregivers()]
        if not people:
            self.say("Add the grown-ups who do bedtime first (h: household, then g).")
            return

        def chosen(name: str | None) -> None:
            if name:
                self.attempt(lambda: self.record(EventKind.BEDTIME_BY, value=name))

        self.app.push_screen(ChoiceDialog("Who did bedtime tonight?", people), chosen)

    def action_handover(self) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        def save(values: dict[str, str]) -> str:
            note = clean_line(values["note"], what="note", limit=NOTE_LIMIT)
            self.record(EventKind.HANDOVER, value=note)
            return "Hand-over note saved."

        evening = self.evening()
        field = FieldSpec("note", "Note", "for the other grown-up", (evening.handover or "") if evening else "")
        self.app.push_screen(FormDialog("Hand-over note", [field], save), lambda said: self.say(said) if said else None)

    def action_edit_routine(self) -> None:
        from companion.ui.routine_editor import RoutineEditor

        if self.companion.child is None:
            self.say("Add a child first (h: household).")
            return
        self.app.push_screen(RoutineEditor(), lambda _: self.render_evening())

    def action_undo(self) -> None:
        app = self.companion
        if app.child is None:
            return
        last = last_action(app.store.night_events(app.child.id, self.night))
        if last is None:
            self.say("Nothing to undo for this night.")
            return
        self.attempt(lambda: self._undo(last))

    def _undo(self, event: NightEvent) -> str:
        self.companion.store.undo(event)
        self.render_evening()
        what = event.value if event.kind is EventKind.STEP_DONE else event.kind.label
        return f"Took back: {what} at {event.at:%H:%M} (kept in the history)."

    def action_browse(self, days: int) -> None:
        try:
            self.show_night(self._browsable(self.night + timedelta(days=days)))
        except InvalidInput as refused:
            self.say(str(refused))

    def _browsable(self, night: date) -> date:
        """A night that can be shown: not one still to come, nor one before the child was born."""
        if night > self.companion.night:
            raise InvalidInput("That night hasn't happened yet.")
        child = self.companion.child
        if child is not None and night < child.birth_date:
            raise InvalidInput(f"{child.name} was born on {child.birth_date:%d %b %Y}.")
        return night

    def action_go_to_night(self) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        def save(values: dict[str, str]) -> date:
            try:
                wanted = date.fromisoformat(values["night"].strip())
            except ValueError:
                raise InvalidInput("Type the night's date as YYYY-MM-DD, for example 2026-11-19.") from None
            return self._browsable(wanted)

        field = FieldSpec("night", "Night of", "YYYY-MM-DD (the evening's date)")
        self.app.push_screen(FormDialog("Go to a night", [field], save), lambda night: night and self.show_night(night))

    def action_tonight(self) -> None:
        self.show_night(self.companion.night)

    def show_night(self, night: date) -> None:
        self.viewing = None if night == self.companion.night else night
        self.refresh_bar()
        self.say("" if self.viewing is None else "An earlier night: [ and ] move, t comes back to tonight.")
