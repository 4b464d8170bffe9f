"""The Evening pane by keyboard (rules E1, E3, E4, E5): what the parent sees, and what is stored.

The clock is a ManualClock at Fri 20 Nov 2026 19:30 in London; it moves only when a test moves
it, so every time on screen is known. Mia is the current child (the `household` fixture).
"""

from __future__ import annotations

from datetime import date, datetime

import pendulum
from textual.widgets import Input, OptionList, Static

from companion.domain.night_log import EventKind
from companion.ui.app import make_app
from companion.ui.dialogs import ChoiceDialog, FormDialog
from companion.ui.evening import EveningScreen
from companion.ui.readiness import ReadinessDialog
from companion.ui.widgets import ChildBar, KeyBar
from tests.ui.evening_parts import evening_part
from tests.ui.pilot_keys import keys, LONDON

TONIGHT = date(2026, 11, 20)
LAST_NIGHT = date(2026, 11, 19)


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


def shown(app, part: str) -> str:
    """What a part of the Evening pane says (the pane, even while a dialog is on top)."""
    return evening_part(app, part)


def step_lines(app) -> list[str]:
    pane = next(screen for screen in app.screen_stack if isinstance(screen, EveningScreen))
    steps = pane.query_one("#steps", OptionList)
    return [str(steps.get_option_at_index(index).prompt) for index in range(steps.option_count)]


def dialog_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def key_bar(app) -> set[str]:
    return {description for _, description in app.screen.query_one(KeyBar).keys}


def bar(app) -> str:
    return str(app.screen.query_one(ChildBar).render())


def stored(store, night: date = TONIGHT, **options) -> list[tuple[EventKind, str, str]]:
    """The night's records as (kind, local time, value), in time order."""
    mia = store.children()[0]
    return [(e.kind, f"{e.at.astimezone(LONDON):%H:%M}", e.value) for e in store.night_events(mia.id, night, **options)]


async def test_a_whole_evening_by_keys_alone(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EveningScreen)
        assert app.focused is not None and app.focused.id == "steps"
        assert step_lines(app) == ["▸       bath", "·       teeth", "·       books"]
        assert shown(app, "#routine-status").startswith("Not started")
        assert "Start bedtime" in key_bar(app)

        await keys(pilot, "b")
        assert shown(app, "#routine-status") == "Started 19:30 · 0 s so far"
        assert stored(household) == [(EventKind.BEDTIME_STARTED, "19:30", "")]
        assert "Start bedtime" not in key_bar(app)  # once a night
        await keys(pilot, "b")
        assert stored(household) == [(EventKind.BEDTIME_STARTED, "19:30", "")]

        clock.advance(minutes=5)
        await keys(pilot, "space")
        assert step_lines(app) == ["✓ 19:35  bath", "▸       teeth", "·       books"]
        assert shown(app, "#routine-status") == "Started 19:30 · 5 min so far"

        clock.advance(minutes=7)
        await keys(pilot, "space")
        assert step_lines(app) == ["✓ 19:35  bath", "✓ 19:42  teeth", "▸       books"]
        assert shown(app, "#routine-status") == "Started 19:30 · 12 min so far"

        # Enter on the highlighted step checks it; enter again takes the check back.
        clock.advance(minutes=6)
        await keys(pilot, "down", "down", "enter")
        assert step_lines(app)[2] == "✓ 19:48  books"
        assert shown(app, "#routine-status") == "Started 19:30 · took 18 min"
        await keys(pilot, "enter")
        assert step_lines(app)[2] == "▸       books"
        assert "Took back: books at 19:48" in shown(app, "#evening-message")
        assert shown(app, "#routine-status") == "Started 19:30 · 18 min so far"
        clock.advance(minutes=2)
        await keys(pilot, "enter")
        assert step_lines(app) == ["✓ 19:35  bath", "✓ 19:42  teeth", "✓ 19:50  books"]
        assert shown(app, "#routine-status") == "Started 19:30 · took 20 min"
        assert [(kind, time, value) for kind, time, value in stored(household) if kind is EventKind.STEP_DONE] == [
            (EventKind.STEP_DONE, "19:35", "bath"),
            (EventKind.STEP_DONE, "19:42", "teeth"),
            (EventKind.STEP_DONE, "19:50", "books"),
        ]
        books_taken_back = [e for e in household.night_events(household.children()[0].id, TONIGHT, with_undone=True) if e.undone]
        assert [(e.value, f"{e.at:%H:%M}") for e in books_taken_back] == [("books", "19:48")]

        # After goodnight: lights out now, a get-up typed as "two minutes ago", asleep at a clock time.
        clock.advance(minutes=10)  # 20:00
        await keys(pilot, "l")
        assert isinstance(app.screen, FormDialog)
        await keys(pilot, "enter")
        assert isinstance(app.screen, EveningScreen)
        assert app.focused is not None and app.focused.id == "steps"
        assert shown(app, "#log") == "20:00  lights out"

        clock.advance(minutes=10)  # 20:10
        await keys(pilot, "o", *"-2m", "enter")
        assert shown(app, "#log") == "20:00  lights out\n20:08  got up / came out"

        clock.advance(minutes=37)  # 20:47
        await keys(pilot, "z", *"20:40", "enter")
        clock.advance(minutes=1)  # 20:48: a call-out remembered late, typed with its time
        await keys(pilot, "k", *"20:05", "enter")
        assert shown(app, "#log") == (
            "20:00  lights out\n20:05  called out\n20:08  got up / came out\n20:40  fell asleep"
        )

        # Undo takes back the last thing entered (the call-out), not the latest time (asleep).
        clock.advance(minutes=1)
        await keys(pilot, "u")
        assert shown(app, "#log") == "20:00  lights out\n20:08  got up / came out\n20:40  fell asleep"
        assert "Took back: called out at 20:05" in shown(app, "#evening-message")

    after_goodnight = [row for row in stored(household) if row[0] not in (EventKind.BEDTIME_STARTED, EventKind.STEP_DONE)]
    assert after_goodnight == [
        (EventKind.LIGHTS_OUT, "20:00", ""),
        (EventKind.GOT_UP, "20:08", ""),
        (EventKind.FELL_ASLEEP, "20:40", ""),
    ]
    mia = household.children()[0]
    everything = household.night_events(mia.id, TONIGHT, with_undone=True)
    called_out = [e for e in everything if e.kind is EventKind.CALLED_OUT]
    assert len(called_out) == 1
    assert called_out[0].undone == clock.now()  # kept, marked undone: nothing is lost
    assert f"{called_out[0].at:%H:%M}" == "20:05"


async def test_a_bad_time_is_explained_in_the_dialog_and_nothing_is_stored(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "u")
        assert shown(app, "#evening-message") == "Nothing to undo for this night."
        await keys(pilot, "l", *"25:99", "enter")
        assert isinstance(app.screen, FormDialog)
        assert "'25:99' is not a time on a clock" in dialog_text(app)
        assert app.screen.query_one(Input).value == "25:99"  # kept for correcting

        await keys(pilot, "ctrl+u", *"2:10", "enter")  # 02:10 tonight has not happened yet at 19:30
        assert isinstance(app.screen, FormDialog)
        assert "02:10 on Sat 21 Nov is still to come." in dialog_text(app)

        await keys(pilot, "escape")
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#log").startswith("Nothing logged yet")

        await keys(pilot, "l", *"-16h", "enter")  # 03:30 this morning: last night, not tonight
        assert isinstance(app.screen, FormDialog)
        assert "not in the night of Fri 20 Nov" in dialog_text(app)
        await keys(pilot, "escape")
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#log").startswith("Nothing logged yet")

    assert stored(household, with_undone=True) == []
    assert stored(household, LAST_NIGHT, with_undone=True) == []


async def test_readiness_checks_one_key_each_and_screens_off_before_bed(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "r")
        assert isinstance(app.screen, ReadinessDialog)
        assert "m  Moved / played outside: –" in dialog_text(app)  # the dash: not recorded

        await keys(pilot, "m")
        assert "m  Moved / played outside: yes" in dialog_text(app)
        await keys(pilot, "m")  # pressed again: no
        assert "m  Moved / played outside: no" in dialog_text(app)
        await keys(pilot, "f", "d", "s")
        text = dialog_text(app)
        for line in ("f  Fed: yes", "d  Dry: yes", "s  Safe: yes"):
            assert line in text

        await keys(pilot, "t")
        assert isinstance(app.screen, FormDialog)
        await keys(pilot, *"17:00", "enter")
        assert isinstance(app.screen, ReadinessDialog)  # back in the checks, showing the time
        assert "t  Screens off at 17:00" in dialog_text(app)

        await keys(pilot, "enter")
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#readiness").splitlines() == [
            "Moved / played outside: no",
            "Screens off 17:00, 2 h 30 min before bed",
            "Fed: yes · Dry: yes · Safe: yes",
            "Needs met: a cry now is not necessarily an unmet need.",
        ]

        # Screens went off later than that after all: under two hours before bed is flagged.
        await keys(pilot, "r", "t", *"18:00", "enter")
        assert "t  Screens off at 18:00  (under 2 h" in dialog_text(app)
        await keys(pilot, "d", "escape")  # not dry after all
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#readiness").splitlines() == [
            "Moved / played outside: no",
            "Screens off 18:00, 1 h 30 min before bed  (under 2 h)",
            "Fed: yes · Dry: no · Safe: yes",
        ]

    assert stored(household) == [
        (EventKind.SCREENS_OFF, "17:00", ""),
        (EventKind.SCREENS_OFF, "18:00", ""),
        (EventKind.MOVED, "19:30", "yes"),
        (EventKind.MOVED, "19:30", "no"),
        (EventKind.FED, "19:30", "yes"),
        (EventKind.DRY, "19:30", "yes"),
        (EventKind.SAFE, "19:30", "yes"),
        (EventKind.DRY, "19:30", "no"),
    ]


async def test_who_did_bedtime_and_the_hand_over_note(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "a")
        assert isinstance(app.screen, ChoiceDialog)
        people = app.screen.query_one(OptionList)
        assert [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)] == ["Sam", "Alex"]
        await keys(pilot, "down", "enter")
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#tonight") == "Bedtime by: Alex"

        await keys(pilot, "n")
        assert isinstance(app.screen, FormDialog)
        await keys(pilot, *"Asked for water twice", "enter")
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#tonight") == "Bedtime by: Alex\nNote: Asked for water twice"
        assert shown(app, "#evening-message") == "Hand-over note saved."

        await keys(pilot, "n")  # the note opens with what is there, to correct it
        assert app.screen.query_one(Input).value == "Asked for water twice"
        await keys(pilot, "escape")

    assert stored(household) == [
        (EventKind.BEDTIME_BY, "19:30", "Alex"),
        (EventKind.HANDOVER, "19:30", "Asked for water twice"),
    ]


async def test_an_over_long_note_is_refused_in_place_and_kept_for_shortening(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "n")
        note = app.screen.query_one(Input)
        note.value = "x" * 501  # pasted
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        assert "The note is 501 characters; keep it to 500." in dialog_text(app)
        assert note.value == "x" * 501
        assert stored(household, with_undone=True) == []

        await keys(pilot, "end", "backspace", "enter")  # 500 is allowed
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#tonight") == f"Bedtime by: –\nNote: {'x' * 500}"

    assert stored(household) == [(EventKind.HANDOVER, "19:30", "x" * 500)]


async def test_a_note_with_markup_is_shown_literally(household, clock) -> None:
    written = "[b]x[/b] [@click=app.quit]"
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "n", *written, "enter")
        assert shown(app, "#tonight").endswith(f"Note: {written}")
        status = evening_part(app, "#evening-status").splitlines()
        note_row = next(row for row, line in enumerate(status) if line.startswith("Note: "))
        await pilot.click("#evening-status", offset=(8, note_row))  # on the markup-looking text
        await pilot.pause()
        assert app.is_running
    assert stored(household) == [(EventKind.HANDOVER, "19:30", written)]


async def test_browsing_to_earlier_nights_and_back(household, clock) -> None:
    mia = household.children()[0]
    household.add_night_event(mia.id, EventKind.STEP_DONE, at(19, 19, 20), "bath")
    household.add_night_event(mia.id, EventKind.FELL_ASLEEP, at(19, 20, 25))
    household.add_night_event(mia.id, EventKind.LIGHTS_OUT, at(19, 19, 55))
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert shown(app, "#log").startswith("Nothing logged yet")

        await keys(pilot, "left_square_bracket")
        assert shown(app, "#log") == "19:55  lights out\n20:25  fell asleep"
        assert step_lines(app)[0] == "✓ 19:20  bath"
        assert "night of Thu 19 Nov" in bar(app) and "an earlier night" in bar(app)

        await keys(pilot, "right_square_bracket")
        assert shown(app, "#log").startswith("Nothing logged yet")
        assert "night of Fri 20 Nov" in bar(app) and "an earlier night" not in bar(app)
        await keys(pilot, "right_square_bracket")
        assert shown(app, "#evening-message") == "That night hasn't happened yet."
        assert "night of Fri 20 Nov" in bar(app)

        await keys(pilot, "g", *"2026-11-19", "enter")
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#log") == "19:55  lights out\n20:25  fell asleep"
        assert "night of Thu 19 Nov" in bar(app)

        await keys(pilot, "g", *"2026-13-01", "enter")
        assert isinstance(app.screen, FormDialog)
        assert "YYYY-MM-DD" in dialog_text(app)
        assert app.screen.query_one(Input).value == "2026-13-01"
        await keys(pilot, "ctrl+u", *"2026-11-21", "enter")
        assert isinstance(app.screen, FormDialog)
        assert "That night hasn't happened yet." in dialog_text(app)
        await keys(pilot, "escape")
        assert shown(app, "#log") == "19:55  lights out\n20:25  fell asleep"  # still there

        await keys(pilot, "right_square_bracket")
        assert shown(app, "#log").startswith("Nothing logged yet")
    assert stored(household, with_undone=True) == []


async def test_after_midnight_the_pane_still_shows_the_evening_it_began(household, clock) -> None:
    mia = household.children()[0]
    household.add_night_event(mia.id, EventKind.LIGHTS_OUT, at(20, 20, 0))
    clock.set(pendulum.datetime(2026, 11, 21, 7, 10, tz="Europe/London"))  # Saturday breakfast
    app = make_app(household, clock, pane="evening")  # the recap is the morning's start pane
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EveningScreen)
        assert "night of Fri 20 Nov" in bar(app)
        assert shown(app, "#log") == "20:00  lights out"

        await keys(pilot, "z", *"2:10", "enter")
        assert isinstance(app.screen, EveningScreen)
        assert shown(app, "#log") == "20:00  lights out\n02:10  fell asleep"

    asleep = [e for e in household.night_events(mia.id, TONIGHT) if e.kind is EventKind.FELL_ASLEEP]
    assert [(e.night, e.at) for e in asleep] == [(TONIGHT, at(21, 2, 10))]
    assert household.night_events(mia.id, date(2026, 11, 21), with_undone=True) == []
