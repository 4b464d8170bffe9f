"""Quiet mode, "say it once" (rules Q1, Q2, Q3). Key 2.

The parent says the instruction aloud once and presses enter. The screen goes calm: the
instruction, a large silent countdown, and the reminder. When the wait is over it turns to
"show, don't tell" and counts up. Every number on screen is computed from the stored instant
and the clock on each redraw, so a laptop that slept, a busy loop or a resize can't drift it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Digits

from companion.domain.errors import CompanionError
from companion.domain.night import elapsed, night_of, shifted
from companion.domain.bedtime_pass import pass_night
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.evening import last_action
from companion.domain.quiet import (
    DEFAULT_WAIT_SECONDS,
    OUTCOMES,
    STALE_AFTER,
    Phase,
    QuietUse,
    clean_instruction,
    open_use,
    quiet_uses,
)
from companion.ui.pass_actions import PASS_GUIDE, pass_status, use_or_return_pass
from companion.ui.screen import PaneScreen
from companion.ui.styles import stylesheets
from companion.ui.widgets import LiveText

REDRAW_SECONDS = 0.25
RING_WITHIN = timedelta(seconds=5)
REMINDER = "You said it once. Let your body language do the talking."
SHOW_DONT_TELL = "Show, don't tell: start the step yourself."
QUIET_KINDS = frozenset({EventKind.QUIET_SAID, EventKind.QUIET_REPEATED, *OUTCOMES})
_ANSWERS = {"repeated": EventKind.QUIET_REPEATED, "done": EventKind.QUIET_DONE, "moved_on": EventKind.QUIET_MOVED_ON}


def instruction_for(step: str) -> str:
    return f"Time for {step}"


def clock_face(span: timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


class QuietScreen(PaneScreen):
    CSS_PATH = stylesheets("quiet.tcss")
    QUIET = True  # the app keeps this pane dim and without toasts (Q4)
    TITLE = "Quiet mode"
    PURPOSE = (
        "Say it once: say the instruction once, out loud, and press enter. The screen stays dim "
        "and silent for the child's wait, then reminds you to show rather than tell, and counts "
        "up until it is done. Say how it went: the repeats are the number that should fall over "
        "the weeks."
    )
    GUIDES = (PASS_GUIDE,)
    BINDINGS = [
        Binding("enter", "said", "I said it", id="said"),
        Binding("i", "other_instruction", "Another instruction", id="other-instruction"),
        # The same keys while a wait runs: first ask what became of the running one.
        Binding("enter", "next_instruction", "New instruction", id="next-instruction", show=False),
        Binding("i", "next_instruction('other')", "New, typed instruction", id="next-other", show=False),
        Binding("r", "answer('repeated')", "Repeated", tooltip="I repeated the instruction", id="repeated"),
        Binding("d", "answer('done')", "Done", tooltip="The instruction was done", id="done"),
        Binding("m", "answer('moved_on')", "Moved on", tooltip="Moved on without it being done", id="moved-on"),
        Binding("u", "undo", "Undo", tooltip="Take back the last answer", id="undo", show=False),
        Binding("v", "use_pass", "Pass", tooltip="Use the bedtime pass", id="use-pass", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="quiet"):
            yield LiveText(id="quiet-instruction")
            with Center():
                yield Digits(id="quiet-clock")
            yield LiveText(id="quiet-line")
            yield LiveText(id="quiet-message", classes="pane-message")
            yield LiveText(id="quiet-pass")

    _rung = ""  # the instruction whose end of wait has had its bell

    def on_mount(self) -> None:
        self._redraws = self.set_interval(REDRAW_SECONDS, self.redraw)

    def on_screen_resume(self) -> None:
        self.companion.dim()  # quiet is dim whatever the hour (Q4)
        self.close_if_stale()
        if self.is_mounted:  # the first resume can come before on_mount has set the timer
            self._redraws.resume()
            self.redraw()

    def on_screen_suspend(self) -> None:
        self.companion.dim()  # the theme goes back only if another pane took over, not a dialog
        self._redraws.pause()  # nothing to redraw while another pane is shown

    _running_seen: tuple[object, ...] | None = None  # (store changes, child, night) when last asked
    _running_now = False

    def child_changed(self) -> None:
        self.close_if_stale()
        self.redraw()
        self.companion.show_notices()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that make sense now are shown (and work). Asked for every key at
        every redraw of the keys: the night is read once per change, not once per key."""
        if action not in ("answer", "said", "other_instruction", "next_instruction"):
            return True
        seen = (self.companion.store.changes, self.companion.child, self.companion.night)
        if self._running_seen != seen:
            self._running_seen, self._running_now = seen, self.running() is not None
        running = self._running_now
        if action == "answer":
            return running
        if action in ("said", "other_instruction"):
            return not running  # hidden while a wait runs: only its own keys are shown (Q4)
        if action == "next_instruction":
            return running
        return True

    # -- what is shown --------------------------------------------------------------------

    def uses(self) -> list[QuietUse]:
        return quiet_uses(self.tonight())

    def wait_seconds(self) -> int:
        app = self.companion
        return app.store.child_settings(app.child.id).wait_seconds if app.child else DEFAULT_WAIT_SECONDS

    def running(self) -> QuietUse | None:
        return open_use(self.uses())

    def tonight(self) -> list[NightEvent]:
        app = self.companion
        return app.store.night_events(app.child.id, app.night) if app.child else []

    def next_instruction(self, events: list[NightEvent] | None = None) -> str:
        """The routine's next step, as the instruction a parent would give: a step checked
        on the Evening pane, or said here and done, is not asked for again."""
        app = self.companion
        if app.child is None:
            return ""
        routine = app.store.routine_on(app.child.id, app.night)
        events = self.tonight() if events is None else events
        done = {e.value for e in events if e.kind is EventKind.STEP_DONE}
        done |= {use.instruction for use in quiet_uses(events) if use.outcome is not None and use.outcome.kind is EventKind.QUIET_DONE}
        step = next((step for step in routine.steps if step not in done and instruction_for(step) not in done), None)
        return instruction_for(step) if step else "Time for bed"

    def redraw(self) -> None:
        """Four times a second: the night's records are read once, and only what changed is
        redrawn (LiveText skips the same words)."""
        now = self.companion.clock.now()
        events = self.tonight()
        use = open_use(quiet_uses(events))
        if use is not None and use.is_stale(now):
            self.close_if_stale()
            events = self.tonight()
            use = open_use(quiet_uses(events))
        self._draw_pass(now, events)
        clock = self.query_one(Digits)
        if use is None:
            self._show("#quiet-instruction", self.next_instruction(events))
            face = clock_face(timedelta(seconds=self.wait_seconds()))
            self._show("#quiet-line", "Say it once, out loud, then press enter. i: another instruction.")
            clock.set_class(False, "-showing")
        else:
            self._show("#quiet-instruction", use.instruction)
            waiting = use.phase(now) is Phase.WAITING
            self._ring_once_at_the_end(use, now, waiting)
            face = clock_face(use.remaining(now) if waiting else use.since_said(now))
            counted = f"  ·  repeated {len(use.repeats)}×" if use.repeats else ""
            self._show("#quiet-line", (REMINDER if waiting else SHOW_DONT_TELL) + counted)
            # On the clock alone: a class on the screen would restyle every widget on it.
            clock.set_class(not waiting, "-showing")
        if clock.value != face:
            clock.update(face)

    def _show(self, selector: str, text: str) -> None:
        self.query_one(selector, LiveText).show(text)

    def _draw_pass(self, now: datetime, events: list[NightEvent]) -> None:
        """Once a pass is used, its trip and the rest-of-night rules (P2) stay in view here
        too; before that the line is empty, to keep the screen calm."""
        app = self.companion
        night = pass_night(events, app.store.night_phase(app.child.id, app.night).passes) if app.child else None
        self._show("#quiet-pass", pass_status(night, now) if night is not None and night.used else "")

    def _ring_once_at_the_end(self, use: QuietUse, now: datetime, waiting: bool) -> None:
        """With sound on, one bell as the wait ends; not for a wait that ended long ago
        (a laptop waking up) nor again on later redraws."""
        if waiting or self._rung == use.said.id:
            return
        self._rung = use.said.id
        if elapsed(use.deadline, now) <= RING_WITHIN:
            self.app.bell()  # the app keeps it silent unless sound is on

    # -- actions --------------------------------------------------------------------------

    def action_said(self, instruction: str | None = None) -> None:
        app = self.companion
        if app.child is None:
            self.say("Add a child first (h: household).")
            return
        try:
            text = clean_instruction(instruction or self.next_instruction())
            app.store.add_night_event(app.child.id, EventKind.QUIET_SAID, app.clock.now(), text, seconds=self.wait_seconds())
        except CompanionError as error:
            self.say(str(error))
            return
        self.say("")
        self.redraw()
        self.refresh_bindings()

    def action_other_instruction(self) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        field = FieldSpec("instruction", "Instruction", "say it once, then enter", self.next_instruction())
        dialog = FormDialog("What did you say?", [field], lambda values: clean_instruction(values["instruction"]))
        self.app.push_screen(dialog, lambda text: text and self.action_said(text))

    def action_next_instruction(self, typed: str = "") -> None:
        """A new instruction while one runs: the first gets its outcome before the next starts,
        so no wait is left open by a hurried key."""
        use = self.running()
        if use is None:
            return
        from companion.ui.dialogs import ChoiceDialog

        def chosen(choice: str | None) -> None:
            if choice not in ("done", "moved_on") or not self.action_answer(choice):
                return  # kept waiting, or the outcome could not be saved (said in place)
            if typed:
                self.action_other_instruction()
            else:
                self.action_said()

        choices = [("done", "It was done: start the new one"), ("moved_on", "Moved on: start the new one"), ("keep", "Keep waiting on it")]
        self.app.push_screen(ChoiceDialog(f"“{use.instruction}” is still running. What became of it?", choices), chosen)

    def action_answer(self, answer: str) -> bool:
        use = self.running()
        if use is None:
            return False
        app = self.companion
        try:
            app.store.add_night_event(app.child.id, _ANSWERS[answer], app.clock.now(), ref=use.said.id)
        except CompanionError as error:
            self.say(str(error))
            return False
        if answer == "repeated":
            self.say("Counted.")
        else:
            ended = next(u for u in self.uses() if u.said.id == use.said.id)
            took = ended.time_to_outcome()
            self.say(f"{ended.phase(app.clock.now()).value.capitalize()} after {clock_face(took)}." if took else "")
        self.redraw()
        self.refresh_bindings()
        return True

    def action_use_pass(self) -> None:
        use_or_return_pass(self, lambda said: (self.say(said), self.redraw()))

    def action_undo(self) -> None:
        """Take back the last quiet-mode record (a mis-keyed d, a repeat that wasn't)."""
        app = self.companion
        if app.child is None:
            return
        records = [e for e in app.store.night_events(app.child.id, app.night) if e.kind in QUIET_KINDS]
        last = last_action(records)
        if last is None:
            self.say("Nothing to undo in quiet mode tonight.")
            return
        try:
            app.store.undo(last)
        except CompanionError as error:
            self.say(str(error))
            return
        self.say(f"Took back: {last.kind.label} (kept in the history).")
        self.redraw()
        self.refresh_bindings()

    def close_if_stale(self) -> None:
        """An instruction left running while the app was away is closed honestly (Q3)."""
        use = self.running()
        app = self.companion
        if use is None or not use.is_stale(app.clock.now()) or app.store.read_only:
            return
        at: datetime = shifted(use.said.at, STALE_AFTER)
        if night_of(at, app.store.zone) != use.said.night:
            at = use.said.at
        try:
            app.store.add_night_event(app.child.id, EventKind.QUIET_INTERRUPTED, at, ref=use.said.id)
        except CompanionError as error:
            self.say(str(error))
            return
        self.say(f"“{use.instruction}” was left running too long; it is kept as interrupted.")
        self.refresh_bindings()

