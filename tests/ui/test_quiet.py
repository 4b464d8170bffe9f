"""Quiet mode, "say it once", by keyboard (rules Q1–Q4): what the parent sees, and what is stored.

The clock is a ManualClock at Fri 20 Nov 2026 19:30 in London; it moves only when a test moves
it. The pane redraws from the clock every 0.25 s, so after moving the clock a test either waits
a redraw (`pilot.pause(0.3)`) or asks for one (`screen.redraw()`). Mia is the current child.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.color import Color
from textual.widgets import Digits, Input, Static

from companion.domain.night_log import EventKind
from companion.domain.quiet import INSTRUCTION_LIMIT
from companion.ui.app import make_app
from companion.ui.dialogs import FormDialog
from companion.ui.evening import EveningScreen
from companion.ui.quiet import REMINDER, SHOW_DONT_TELL, QuietScreen
from companion.ui.theme import DAY, NIGHT
from companion.ui.widgets import KeyBar
from tests.ui.pilot_keys import keys, LONDON

TONIGHT = date(2026, 11, 20)
QUIET_KINDS = {
    EventKind.QUIET_SAID,
    EventKind.QUIET_REPEATED,
    EventKind.QUIET_DONE,
    EventKind.QUIET_MOVED_ON,
    EventKind.QUIET_INTERRUPTED,
}


async def later(pilot, clock, **span: float) -> None:
    """Time passes on the manual clock; the pane catches up on its next redraw."""
    clock.advance(**span)
    await pilot.pause(0.3)


def quiet_pane(app) -> QuietScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, QuietScreen))


def shown(app, selector: str) -> str:
    return str(quiet_pane(app).query_one(selector, Static).render())


def clock_face(app) -> str:
    return quiet_pane(app).query_one("#quiet-clock", Digits).value


def clock_in_accent(app) -> bool:
    """The clock turns from muted to the accent colour once the wait is over (counting up)."""
    return quiet_pane(app).query_one("#quiet-clock").styles.color == Color.parse(app.theme_variables["secondary"])


def dialog_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def quiet_events(store, night: date = TONIGHT):
    mia = store.children()[0]
    return [e for e in store.night_events(mia.id, night) if e.kind in QUIET_KINDS]


def local(instant: datetime) -> str:
    return f"{instant.astimezone(LONDON):%H:%M:%S}"


async def test_a_whole_say_it_once_by_keys_alone(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await keys(pilot, "2")
        assert isinstance(app.screen, QuietScreen)
        # Idle: the routine's next step is offered, with the default 10 s wait.
        assert shown(app, "#quiet-instruction") == "Time for bath"
        assert clock_face(app) == "0:10"
        assert "press enter" in shown(app, "#quiet-line")
        assert quiet_events(household) == []

        await keys(pilot, "enter")
        [said] = quiet_events(household)
        assert (said.kind, said.value, said.seconds, local(said.at)) == (EventKind.QUIET_SAID, "Time for bath", 10, "19:30:00")
        assert shown(app, "#quiet-instruction") == "Time for bath"
        assert shown(app, "#quiet-line") == REMINDER
        assert clock_face(app) == "0:10"
        assert not clock_in_accent(app)  # counting down, muted

        await later(pilot, clock, seconds=4)
        assert clock_face(app) == "0:06"
        assert shown(app, "#quiet-line") == REMINDER

        # The wait is over: show, don't tell, and the time since it was said counts up.
        await later(pilot, clock, seconds=10)
        assert shown(app, "#quiet-line") == SHOW_DONT_TELL
        assert shown(app, "#quiet-line").startswith("Show, don't tell")
        assert clock_face(app) == "0:14"
        assert clock_in_accent(app)  # counting up since it was said

        clock.advance(seconds=3)
        await keys(pilot, "r")
        repeat = quiet_events(household)[-1]
        assert (repeat.kind, repeat.ref, local(repeat.at)) == (EventKind.QUIET_REPEATED, said.id, "19:30:17")
        assert shown(app, "#quiet-line") == f"{SHOW_DONT_TELL}  ·  repeated 1×"
        assert shown(app, "#quiet-message") == "Counted."

        clock.advance(seconds=25)  # 42 s after it was said
        await keys(pilot, "d")
        done = quiet_events(household)[-1]
        assert (done.kind, done.ref, local(done.at)) == (EventKind.QUIET_DONE, said.id, "19:30:42")
        assert shown(app, "#quiet-message").startswith("Done after 0:")
        assert shown(app, "#quiet-message") == "Done after 0:42."
        # Idle again, ready for the next instruction: the bath is done, so the next step.
        assert shown(app, "#quiet-instruction") == "Time for teeth"
        assert clock_face(app) == "0:10"
        assert "press enter" in shown(app, "#quiet-line")
        assert not clock_in_accent(app)
        assert [e.kind for e in quiet_events(household)] == [EventKind.QUIET_SAID, EventKind.QUIET_REPEATED, EventKind.QUIET_DONE]


async def test_a_laptop_asleep_for_ten_minutes_and_a_resize_do_not_drift_the_numbers(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await keys(pilot, "2", "enter")
        assert clock_face(app) == "0:10"

        clock.advance(minutes=10)  # one jump: no ticks happened in between
        app.screen.redraw()
        await pilot.pause()
        assert clock_face(app) == "10:00"
        assert shown(app, "#quiet-line") == SHOW_DONT_TELL
        assert clock_in_accent(app)

        # Waiting many redraws with the clock standing still changes nothing: the numbers come
        # from the stored instant and the clock, not from counting intervals.
        await pilot.pause(0.6)
        assert clock_face(app) == "10:00"

        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.3)
        assert app.size == (60, 20)
        assert clock_face(app) == "10:00"
        assert shown(app, "#quiet-line") == SHOW_DONT_TELL
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.3)
        assert clock_face(app) == "10:00"
        assert [e.kind for e in quiet_events(household)] == [EventKind.QUIET_SAID]


async def test_a_wait_left_running_resumes_after_a_relaunch(household, clock) -> None:
    mia = household.children()[0]
    said = household.add_night_event(
        mia.id, EventKind.QUIET_SAID, clock.now() - timedelta(minutes=5), "Time for teeth", seconds=10
    )
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuietScreen)
        assert shown(app, "#quiet-instruction") == "Time for teeth"
        assert clock_face(app) == "5:00"
        assert shown(app, "#quiet-line") == SHOW_DONT_TELL
        assert shown(app, "#quiet-message") == ""
        assert [e.kind for e in quiet_events(household)] == [EventKind.QUIET_SAID]

        # And it is the one the keys answer.
        await keys(pilot, "m")
        moved = quiet_events(household)[-1]
        assert (moved.kind, moved.ref) == (EventKind.QUIET_MOVED_ON, said.id)
        assert shown(app, "#quiet-message") == "Moved on after 5:00."


async def test_a_wait_left_running_too_long_is_closed_as_interrupted(household, clock) -> None:
    mia = household.children()[0]
    household.add_night_event(mia.id, EventKind.QUIET_SAID, clock.now() - timedelta(minutes=40), "Time for teeth", seconds=10)
    [said] = quiet_events(household)
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        events = quiet_events(household)
        assert [e.kind for e in events] == [EventKind.QUIET_SAID, EventKind.QUIET_INTERRUPTED]
        closed = events[-1]
        assert closed.ref == said.id
        assert closed.at == said.at + timedelta(minutes=30)
        assert local(closed.at) == "19:20:00"
        assert shown(app, "#quiet-message") == (
            "“Time for teeth” was left running too long; it is kept as interrupted."
        )
        # Idle again: the routine's next step, the default wait, enter works.
        assert shown(app, "#quiet-instruction") == "Time for bath"
        assert clock_face(app) == "0:10"
        await keys(pilot, "enter")
        assert [e.kind for e in quiet_events(household)][-1] is EventKind.QUIET_SAID
        assert quiet_events(household)[-1].value == "Time for bath"


async def test_another_instruction_is_typed_and_checked_in_place(household, clock) -> None:
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "i")
        assert isinstance(app.screen, FormDialog)
        field = app.screen.query_one(Input)
        assert field.value == "Time for bath"  # the routine's next step, ready to change

        # Empty: a message in the dialog, nothing stored, the dialog stays.
        await keys(pilot, "ctrl+u")
        field.value = ""  # whatever the cursor position, the field is empty now
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        assert "The instruction can't be empty." in dialog_text(app)
        assert quiet_events(household) == []

        # Too long: 81 characters.
        field.value = "x" * (INSTRUCTION_LIMIT + 1)
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        assert f"The instruction is 81 characters; keep it to {INSTRUCTION_LIMIT}." in dialog_text(app)
        assert quiet_events(household) == []

        # Markup is text: stored and shown exactly as typed.
        field.value = ""
        await keys(pilot, *"[b]x[/b]", "enter")
        assert isinstance(app.screen, QuietScreen)
        [said] = quiet_events(household)
        assert (said.kind, said.value, said.seconds) == (EventKind.QUIET_SAID, "[b]x[/b]", 10)
        assert shown(app, "#quiet-instruction") == "[b]x[/b]"
        assert shown(app, "#quiet-line") == REMINDER

        # While it runs, i first asks about the running one; escape keeps it.
        await keys(pilot, "i")
        assert "is still running" in dialog_text(app)
        await keys(pilot, "escape")
        assert isinstance(app.screen, QuietScreen)

        # Escape in the dialog stores nothing (after the wait is closed).
        await keys(pilot, "m")
        await keys(pilot, "i")
        assert isinstance(app.screen, FormDialog)
        await keys(pilot, "escape")
        assert isinstance(app.screen, QuietScreen)
        assert [e.kind for e in quiet_events(household)] == [EventKind.QUIET_SAID, EventKind.QUIET_MOVED_ON]


async def test_quiet_mode_is_dim_even_with_the_day_theme_chosen(household, clock) -> None:
    household.set_theme_choice("day")
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuietScreen)
        assert app.theme == NIGHT

        await keys(pilot, "1")
        assert isinstance(app.screen, EveningScreen)
        assert app.theme == DAY

        await keys(pilot, "2")
        assert app.theme == NIGHT
        # The half-minute tick that follows the auto theme keeps quiet mode dim too.
        app._tick()
        await pilot.pause()
        assert app.theme == NIGHT


async def test_quiet_mode_shows_no_toasts(household, clock) -> None:
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Something the parent need not see now")
        await pilot.pause()
        assert list(app.screen.query("Toast")) == []
        assert len(app._notifications) == 0

        # The same call on the evening pane does show one: the check above can see toasts.
        await keys(pilot, "1")
        app.notify("Something for later")
        await pilot.pause()
        assert len(app._notifications) == 1
        assert len(app.screen.query("Toast")) == 1


async def test_enter_while_a_wait_runs_asks_about_the_first_and_escape_keeps_waiting(household, clock) -> None:
    """Issue 4 point 6: a second wait never silently leaves the first one open."""
    from companion.ui.dialogs import ChoiceDialog

    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "enter")
        [said] = quiet_events(household)

        await later(pilot, clock, seconds=2)
        await keys(pilot, "enter")
        assert isinstance(app.screen, ChoiceDialog)
        assert "“Time for bath” is still running" in dialog_text(app)
        assert app.theme == NIGHT  # the question keeps quiet mode's dim theme
        await keys(pilot, "escape")
        await later(pilot, clock, seconds=20)
        assert quiet_events(household) == [said]  # nothing stored by asking
        quiet_pane(app).redraw()  # the dialog's closing may land between two timed redraws
        assert clock_face(app) == "0:22"
        assert shown(app, "#quiet-line") == SHOW_DONT_TELL

        await keys(pilot, "enter")
        await keys(pilot, "down", "down", "enter")  # "keep waiting on it"
        assert quiet_events(household) == [said]

        await keys(pilot, "m")
        events = quiet_events(household)
        assert [(e.kind, e.ref) for e in events] == [(EventKind.QUIET_SAID, ""), (EventKind.QUIET_MOVED_ON, said.id)]
        assert shown(app, "#quiet-message") == "Moved on after 0:22."
        assert clock_face(app) == "0:10"
        # r, d and m answer nothing now.
        await keys(pilot, "r", "d", "m")
        assert len(quiet_events(household)) == 2

        # Enter starts a new instruction straight away: nothing is running.
        await keys(pilot, "enter")
        assert [e.kind for e in quiet_events(household)][-1] is EventKind.QUIET_SAID
        assert len(quiet_events(household)) == 3


async def test_a_new_instruction_over_a_running_one_closes_the_first_as_done(household, clock) -> None:
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "enter")
        [bath] = quiet_events(household)
        await later(pilot, clock, seconds=30)
        await keys(pilot, "enter", "enter")  # asks; the first choice: it was done
        bath_done, teeth = quiet_events(household)[1:]
        assert (bath_done.kind, bath_done.ref) == (EventKind.QUIET_DONE, bath.id)
        assert (teeth.kind, teeth.value) == (EventKind.QUIET_SAID, "Time for teeth")
        assert shown(app, "#quiet-line") == REMINDER
        assert clock_face(app) == "0:10"

        # i while it runs: moved on, then the typed instruction.
        await keys(pilot, "i", "down", "enter")
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one(Input).value = "Shoes off, please"
        await keys(pilot, "enter")
        kinds = [(e.kind, e.value) for e in quiet_events(household)[3:]]
        assert kinds == [(EventKind.QUIET_MOVED_ON, ""), (EventKind.QUIET_SAID, "Shoes off, please")]


async def test_the_keys_of_a_running_wait_fit_80_columns(household, clock) -> None:
    """The footer is how a parent finds r, d, m in the dark; at 80 columns all of them show
    (screen.py: "a pane's keys fit 80 columns"), not crowded out by keys that do nothing now."""
    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await keys(pilot, "enter")
        bar = app.screen.query_one(KeyBar)
        assert {"Repeated", "Done", "Moved on", "Next child"} <= {description for _, description in bar.keys}
        assert bar.content.cell_length <= bar.size.width == 80, bar.content.plain


async def test_a_mis_keyed_done_is_taken_back_and_the_wait_goes_on(household, clock) -> None:
    from companion.domain.night_log import EventKind as Kind

    app = make_app(household, clock, pane="quiet")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(seconds=20)
        await pilot.press("d", "u")
        await pilot.pause(0.3)
        mia = household.children()[0]
        kinds = [(e.kind, e.undone is not None) for e in household.night_events(mia.id, date(2026, 11, 20), with_undone=True)]
        assert (Kind.QUIET_DONE, True) in kinds
        assert app.screen.running() is not None  # the instruction runs again
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.running() is None
