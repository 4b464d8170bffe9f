"""Say it once (rules Q1, Q2, issue 4 points 1, 2, 6, 9): the wait's state machine folded from
night records on a manual clock.

Every instant is explicit, in Europe/London. Time moves only through `ManualClock.advance`,
which moves by real elapsed time (a jump of ten minutes is a laptop that slept). Instants in
the repeated hour of the night clocks go back are built with `fold` (0: the first 01:xx, BST;
1: the second, GMT).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from companion.clock import ManualClock
from companion.domain.errors import InvalidInput
from companion.domain.night_log import EventKind, NightEvent
from tests.unit.records import FALL_BACK_NIGHT, ev, t
from companion.domain.quiet import (
    DEFAULT_WAIT_SECONDS,
    INSTRUCTION_LIMIT,
    LONGEST_WAIT,
    SHORTEST_WAIT,
    STALE_AFTER,
    Phase,
    QuietUse,
    check_wait,
    clean_instruction,
    open_use,
    quiet_uses,
)





def said(at: datetime, instruction: str = "Into the bath, please", seconds: int | None = 10) -> NightEvent:
    return ev(EventKind.QUIET_SAID, at, instruction, seconds=seconds)


def answer(kind: EventKind, to: NightEvent, at: datetime, *, undone: datetime | None = None) -> NightEvent:
    return ev(kind, at, ref=to.id, undone=undone)


def only_use(events: list[NightEvent]) -> QuietUse:
    uses = quiet_uses(events)
    assert len(uses) == 1, uses
    return uses[0]


# -- the wait and "show, don't tell" (Q1, Q2, Q3) ------------------------------------------


def test_waiting_until_the_deadline_then_showing_and_exactly_at_the_deadline_is_showing() -> None:
    clock = ManualClock(t(19, 30))
    use = only_use([said(clock.now(), seconds=10)])
    assert use.deadline == t(19, 30, 10)

    assert use.phase(clock.now()) is Phase.WAITING
    assert use.remaining(clock.now()) == timedelta(seconds=10)
    assert use.since_said(clock.now()) == timedelta(0)

    clock.advance(seconds=9, microseconds=999_999)
    assert use.phase(clock.now()) is Phase.WAITING
    assert use.remaining(clock.now()) == timedelta(microseconds=1)

    clock.advance(microseconds=1)  # exactly the deadline
    assert clock.now() == use.deadline
    assert use.phase(clock.now()) is Phase.SHOWING
    assert use.remaining(clock.now()) == timedelta(0)

    clock.advance(seconds=25)  # counting up: "show, don't tell"
    assert use.phase(clock.now()) is Phase.SHOWING
    assert use.since_said(clock.now()) == timedelta(seconds=35)
    assert use.outcome is None and use.time_to_outcome() is None


def test_remaining_is_never_negative_however_late_it_is_read() -> None:
    clock = ManualClock(t(19, 30))
    use = only_use([said(clock.now(), seconds=10)])
    seen = []
    for _ in range(200):  # 0 to 50 s in quarter seconds, well past the deadline
        seen.append(use.remaining(clock.now()))
        clock.advance(seconds=0.25)
    assert min(seen) == timedelta(0)
    assert seen == sorted(seen, reverse=True)  # counts down, then holds at zero
    assert use.remaining(t(23, 59)) == timedelta(0)
    assert use.remaining(t(7, 0)) == timedelta(0)


def test_pendulum_and_stdlib_instants_read_the_same(clock: ManualClock) -> None:
    # The shared test clock reads pendulum instants; records read back from the store are stdlib.
    use = only_use([said(t(19, 30), seconds=10)])  # the shared clock's 19:30, as stdlib
    assert use.phase(clock.now()) is Phase.WAITING
    clock.advance(seconds=4)
    assert use.remaining(clock.now()) == timedelta(seconds=6)
    clock.advance(minutes=10)
    assert use.phase(clock.now()) is Phase.SHOWING
    assert use.since_said(clock.now()) == timedelta(minutes=10, seconds=4)
    pendulum_use = only_use([said(clock.now(), seconds=10)])
    assert pendulum_use.deadline == t(19, 40, 14)
    assert pendulum_use.phase(t(19, 40, 13)) is Phase.WAITING
    assert pendulum_use.phase(t(19, 40, 14)) is Phase.SHOWING


def test_a_ten_minute_jump_while_the_laptop_slept_lands_in_the_right_phase() -> None:
    clock = ManualClock(t(19, 30))
    use = only_use([said(clock.now(), seconds=10)])
    assert use.phase(clock.now()) is Phase.WAITING

    clock.advance(minutes=10)  # one jump, no ticks in between
    assert use.phase(clock.now()) is Phase.SHOWING
    assert use.since_said(clock.now()) == timedelta(minutes=10)
    assert use.remaining(clock.now()) == timedelta(0)
    assert not use.is_stale(clock.now())


def test_a_jump_that_stops_inside_the_wait_is_still_waiting() -> None:
    clock = ManualClock(t(19, 30))
    use = only_use([said(clock.now(), seconds=60)])
    clock.advance(seconds=45)
    assert use.phase(clock.now()) is Phase.WAITING
    assert use.remaining(clock.now()) == timedelta(seconds=15)
    assert use.since_said(clock.now()) == timedelta(seconds=45)


def test_without_a_stored_wait_the_default_is_ten_seconds() -> None:
    assert DEFAULT_WAIT_SECONDS == 10
    use = only_use([said(t(19, 30), seconds=None)])
    assert use.wait == timedelta(seconds=10)
    assert use.deadline == t(19, 30, 10)
    assert use.phase(t(19, 30, 9)) is Phase.WAITING
    assert use.phase(t(19, 30, 10)) is Phase.SHOWING


@pytest.mark.parametrize("seconds", [SHORTEST_WAIT, 5, 15, LONGEST_WAIT])
def test_each_use_keeps_the_wait_it_was_started_with(seconds: int) -> None:
    start = t(19, 30)
    use = only_use([said(start, seconds=seconds)])
    assert use.wait == timedelta(seconds=seconds)
    assert use.phase(start + timedelta(seconds=seconds - 1)) is Phase.WAITING
    assert use.remaining(start + timedelta(seconds=seconds - 1)) == timedelta(seconds=1)
    assert use.phase(start + timedelta(seconds=seconds)) is Phase.SHOWING


def test_two_uses_of_one_night_each_keep_their_own_wait() -> None:
    # The child's setting changed between them: each use keeps the wait it was said with.
    first = said(t(19, 0), "Teeth, please", seconds=5)
    second = said(t(19, 20), "Pyjamas on", seconds=15)
    uses = quiet_uses([second, first])
    assert [use.instruction for use in uses] == ["Teeth, please", "Pyjamas on"]  # in the order said
    assert [use.wait for use in uses] == [timedelta(seconds=5), timedelta(seconds=15)]


# -- repeats and outcomes ------------------------------------------------------------------


def test_repeats_are_counted_ordered_and_kept_with_their_own_instruction() -> None:
    teeth = said(t(19, 0), "Teeth, please")
    bath = said(t(19, 30), "Into the bath, please")
    r1 = answer(EventKind.QUIET_REPEATED, teeth, t(19, 0, 40))
    r2 = answer(EventKind.QUIET_REPEATED, teeth, t(19, 1, 5))
    r3 = answer(EventKind.QUIET_REPEATED, teeth, t(19, 2))
    b1 = answer(EventKind.QUIET_REPEATED, bath, t(19, 30, 30))
    lights = ev(EventKind.LIGHTS_OUT, t(19, 45))

    uses = quiet_uses([r3, bath, lights, r1, b1, teeth, r2])  # in no particular order
    assert [use.said for use in uses] == [teeth, bath]
    assert uses[0].repeats == (r1, r2, r3)
    assert uses[1].repeats == (b1,)


def test_no_instructions_means_no_uses() -> None:
    assert quiet_uses([]) == []
    assert quiet_uses([ev(EventKind.LIGHTS_OUT, t(19, 45)), ev(EventKind.CALLED_OUT, t(20, 5))]) == []
    assert open_use([]) is None


@pytest.mark.parametrize(
    ("kind", "phase"),
    [
        (EventKind.QUIET_DONE, Phase.DONE),
        (EventKind.QUIET_MOVED_ON, Phase.MOVED_ON),
        (EventKind.QUIET_INTERRUPTED, Phase.INTERRUPTED),
    ],
)
def test_an_outcome_ends_the_use_and_keeps_the_time_to_it(kind: EventKind, phase: Phase) -> None:
    instruction = said(t(19, 30), seconds=10)
    outcome = answer(kind, instruction, t(19, 31, 15))
    use = only_use([instruction, outcome])
    assert use.outcome == outcome
    assert use.time_to_outcome() == timedelta(minutes=1, seconds=15)
    # Ended is ended, at any time: even inside what was the wait, and long after.
    for now in (t(19, 30, 5), t(19, 31, 15), t(21, 0), t(7, 0)):
        assert use.phase(now) is phase
        assert not use.is_stale(now)


def test_done_inside_the_wait_is_done() -> None:
    instruction = said(t(19, 30), seconds=10)
    use = only_use([instruction, answer(EventKind.QUIET_DONE, instruction, t(19, 30, 4))])
    assert use.phase(t(19, 30, 5)) is Phase.DONE
    assert use.time_to_outcome() == timedelta(seconds=4)


def test_the_first_outcome_wins() -> None:
    instruction = said(t(19, 30))
    done = answer(EventKind.QUIET_DONE, instruction, t(19, 31))
    moved_on = answer(EventKind.QUIET_MOVED_ON, instruction, t(19, 32))
    interrupted = answer(EventKind.QUIET_INTERRUPTED, instruction, t(20, 10))
    for events in ([instruction, done, moved_on, interrupted], [interrupted, moved_on, done, instruction]):
        use = only_use(events)
        assert use.outcome == done
        assert use.phase(t(20, 30)) is Phase.DONE
        assert use.time_to_outcome() == timedelta(minutes=1)


def test_an_undone_repeat_is_not_counted() -> None:
    instruction = said(t(19, 30))
    kept = answer(EventKind.QUIET_REPEATED, instruction, t(19, 30, 20))
    mis_key = answer(EventKind.QUIET_REPEATED, instruction, t(19, 30, 21), undone=t(19, 30, 23))
    assert only_use([instruction, kept, mis_key]).repeats == (kept,)


def test_undoing_the_outcome_brings_the_use_back_to_running() -> None:
    clock = ManualClock(t(19, 30))
    instruction = said(clock.now(), seconds=10)
    clock.advance(seconds=4)
    done = answer(EventKind.QUIET_DONE, instruction, clock.now())
    assert only_use([instruction, done]).phase(clock.now()) is Phase.DONE

    clock.advance(seconds=1)  # a mis-key, taken back inside the wait
    undone = done._replace(undone=clock.now())
    use = only_use([instruction, undone])
    assert use.outcome is None and use.time_to_outcome() is None
    assert use.phase(clock.now()) is Phase.WAITING
    assert use.remaining(clock.now()) == timedelta(seconds=5)
    assert open_use([use]) == use

    clock.advance(seconds=5)
    assert use.phase(clock.now()) is Phase.SHOWING


def test_an_undone_first_outcome_lets_the_next_one_count() -> None:
    instruction = said(t(19, 30))
    wrong = answer(EventKind.QUIET_MOVED_ON, instruction, t(19, 31), undone=t(19, 31, 5))
    right = answer(EventKind.QUIET_DONE, instruction, t(19, 31, 10))
    use = only_use([instruction, wrong, right])
    assert use.outcome == right
    assert use.time_to_outcome() == timedelta(minutes=1, seconds=10)


def test_an_undone_instruction_is_no_use_at_all() -> None:
    gone = ev(EventKind.QUIET_SAID, t(19, 30), "Bath", seconds=10, undone=t(19, 30, 2))
    repeat = answer(EventKind.QUIET_REPEATED, gone, t(19, 30, 1))
    kept = said(t(19, 31), "Into the bath, please")
    uses = quiet_uses([gone, repeat, kept])
    assert [use.said for use in uses] == [kept]
    assert uses[0].repeats == ()


# -- the open use and the stale use (issue 4 points 2, 6) ----------------------------------


def test_the_open_use_is_the_latest_without_an_outcome() -> None:
    teeth = said(t(19, 0), "Teeth, please")
    bath = said(t(19, 30), "Into the bath, please")
    books = said(t(19, 50), "Choose two books")
    teeth_done = answer(EventKind.QUIET_DONE, teeth, t(19, 2))
    bath_done = answer(EventKind.QUIET_DONE, bath, t(19, 31))
    books_moved_on = answer(EventKind.QUIET_MOVED_ON, books, t(19, 55))

    assert open_use(quiet_uses([teeth, bath, books])).said == books  # all open: the latest
    assert open_use(quiet_uses([teeth, teeth_done, bath, books])).said == books
    assert open_use(quiet_uses([teeth, bath, bath_done, books, books_moved_on])).said == teeth
    assert open_use(quiet_uses([teeth, teeth_done, bath, bath_done, books, books_moved_on])) is None


def test_a_use_left_open_is_stale_after_thirty_minutes_and_not_before() -> None:
    assert STALE_AFTER == timedelta(minutes=30)
    clock = ManualClock(t(19, 30))
    use = only_use([said(clock.now())])
    clock.advance(minutes=29, seconds=59, microseconds=999_999)
    assert not use.is_stale(clock.now())
    clock.advance(microseconds=1)
    assert use.is_stale(clock.now())
    clock.advance(hours=3)  # a laptop closed for the evening
    assert use.is_stale(clock.now())
    assert use.phase(clock.now()) is Phase.SHOWING  # stale is for the app to close honestly; not a guess


def test_a_closed_use_is_never_stale() -> None:
    instruction = said(t(19, 30))
    late = answer(EventKind.QUIET_INTERRUPTED, instruction, t(20, 15))
    use = only_use([instruction, late])
    assert not use.is_stale(t(23, 0))
    assert use.time_to_outcome() == timedelta(minutes=45)


# -- daylight saving (E5 within Q3) --------------------------------------------------------


def test_a_wait_across_the_fall_back_change_counts_real_seconds() -> None:
    # 01:59:55 BST, then the clocks go back: ten real seconds later the wall reads 01:00:05 GMT.
    start = t(1, 59, 55, night=FALL_BACK_NIGHT, fold=0)
    clock = ManualClock(start)
    use = only_use([said(clock.now(), seconds=10)])
    assert use.said.night == FALL_BACK_NIGHT

    clock.advance(seconds=9)
    now = clock.now()
    assert (now.hour, now.minute, now.second, now.utcoffset()) == (1, 0, 4, timedelta(0))
    assert use.phase(now) is Phase.WAITING
    assert use.remaining(now) == timedelta(seconds=1)
    assert use.since_said(now) == timedelta(seconds=9)

    clock.advance(seconds=1)
    assert use.phase(clock.now()) is Phase.SHOWING
    assert use.remaining(clock.now()) == timedelta(0)
    assert use.since_said(clock.now()) == timedelta(seconds=10)


def test_the_repeated_hour_orders_repeats_and_times_outcomes_by_real_time() -> None:
    instruction = said(t(1, 50, night=FALL_BACK_NIGHT, fold=0), "Back to bed")  # 01:50 BST
    r_bst = answer(EventKind.QUIET_REPEATED, instruction, t(1, 55, night=FALL_BACK_NIGHT, fold=0))
    r_gmt = answer(EventKind.QUIET_REPEATED, instruction, t(1, 5, night=FALL_BACK_NIGHT, fold=1))  # 15 min later
    done = answer(EventKind.QUIET_DONE, instruction, t(1, 10, night=FALL_BACK_NIGHT, fold=1))
    use = only_use([done, r_gmt, r_bst, instruction])
    assert use.repeats == (r_bst, r_gmt)
    assert use.time_to_outcome() == timedelta(minutes=20)  # the wall clock says -40 min


def test_a_use_across_the_fall_back_change_goes_stale_by_real_time() -> None:
    use = only_use([said(t(1, 40, night=FALL_BACK_NIGHT, fold=0))])  # 01:40 BST
    assert not use.is_stale(t(1, 9, night=FALL_BACK_NIGHT, fold=1))  # 29 real minutes
    assert use.is_stale(t(1, 10, night=FALL_BACK_NIGHT, fold=1))  # 30 real minutes, wall clock -30


# -- bad input (issue 4 point 6) -----------------------------------------------------------


@pytest.mark.parametrize("seconds", [SHORTEST_WAIT, 5, 10, 15, LONGEST_WAIT])
def test_a_wait_from_three_to_sixty_seconds_is_kept(seconds: int) -> None:
    assert (SHORTEST_WAIT, LONGEST_WAIT) == (3, 60)
    assert check_wait(seconds) == seconds


@pytest.mark.parametrize("seconds", [-10, 0, 1, 2, 61, 600, 86_400])
def test_a_wait_outside_three_to_sixty_seconds_is_refused_with_a_message(seconds: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_wait(seconds)
    assert str(caught.value) == f"The wait is {seconds} s; choose between 3 and 60 seconds."


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_an_empty_instruction_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"^The instruction can't be empty\.$"):
        clean_instruction(text)


def test_an_instruction_of_eighty_characters_is_kept_and_eighty_one_refused() -> None:
    assert INSTRUCTION_LIMIT == 80
    eighty = "Put your pyjamas on, choose two books and then come and sit with me on your bed."
    assert len(eighty) == 80
    assert clean_instruction(eighty) == eighty
    assert clean_instruction(f"  {eighty}  ") == eighty  # the spaces around don't count
    with pytest.raises(InvalidInput) as caught:
        clean_instruction(eighty + "!")
    assert str(caught.value) == "The instruction is 81 characters; keep it to 80."


def test_an_instruction_is_trimmed_and_otherwise_kept_as_typed() -> None:
    assert clean_instruction("  Teeth, please  ") == "Teeth, please"
    assert clean_instruction("Zähne putzen 🪥") == "Zähne putzen 🪥"


@pytest.mark.parametrize(
    "text",
    ["[b]Bath[/b] now", "[@click=app.quit]Teeth[/]", "Books [red]2[/red] \\[only\\]", "50% of *shoes*"],
)
def test_markup_in_an_instruction_is_kept_literally(text: str) -> None:
    assert clean_instruction(text) == text


@pytest.mark.parametrize("text", ["Bath\nnow", "Teeth\x1b[31m", "Books\x00"])
def test_an_instruction_with_a_line_break_or_control_character_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="control characters or line breaks"):
        clean_instruction(text)
