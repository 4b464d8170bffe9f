"""The routine's rules (E1, E2): versions by night, nights held, ask once before a young change."""

from __future__ import annotations

from datetime import date

import pytest

from companion.domain.errors import InvalidInput
from companion.domain.routine import (
    DEFAULT_STEPS,
    MOST_STEPS,
    RoutineVersion,
    added,
    moved,
    removed,
    renamed,
    version_on,
)

FIRST = RoutineVersion("v1", "mia", date(2026, 10, 1), DEFAULT_STEPS)
SECOND = RoutineVersion("v2", "mia", date(2026, 11, 10), ("bath", "pyjamas", "teeth", "books"))


def test_the_default_routine_is_bath_teeth_books() -> None:
    assert DEFAULT_STEPS == ("bath", "teeth", "books")


def test_a_night_uses_the_version_in_force_that_night() -> None:
    versions = [SECOND, FIRST]
    assert version_on(versions, date(2026, 9, 30)) is None
    assert version_on(versions, date(2026, 10, 1)) is FIRST
    assert version_on(versions, date(2026, 11, 9)) is FIRST
    assert version_on(versions, date(2026, 11, 10)) is SECOND
    assert version_on(versions, date(2027, 1, 1)) is SECOND


def test_nights_held_counts_the_first_night_and_tonight() -> None:
    assert SECOND.nights_held(date(2026, 11, 10)) == 1
    assert SECOND.nights_held(date(2026, 11, 20)) == 11
    assert SECOND.nights_held(date(2026, 11, 9)) == 0


def test_a_routine_younger_than_fourteen_nights_asks_before_a_change_and_says_why() -> None:
    assert SECOND.asks_before_change(date(2026, 11, 22))  # night 13
    assert not SECOND.asks_before_change(date(2026, 11, 23))  # night 14
    why = SECOND.why_keep_it(date(2026, 11, 20))
    assert "11 of 14 nights" in why and "same" in why


def test_steps_can_be_added_renamed_moved_and_removed() -> None:
    steps = added(DEFAULT_STEPS, "  song ")
    assert steps == ("bath", "teeth", "books", "song")
    assert renamed(steps, 2, "two books") == ("bath", "teeth", "two books", "song")
    assert moved(steps, 3, -1) == ("bath", "teeth", "song", "books")
    assert moved(steps, 0, -1) == steps  # already first
    assert moved(steps, 3, +1) == steps  # already last
    assert removed(steps, 0) == ("teeth", "books", "song")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda: added(DEFAULT_STEPS, "   "), "can't be empty"),
        (lambda: added(DEFAULT_STEPS, "Teeth"), "already has a step called Teeth"),
        (lambda: added(DEFAULT_STEPS, "x" * 41), "keep it to 40"),
        (lambda: renamed(DEFAULT_STEPS, 0, "books"), "already has a step called books"),
        (lambda: removed(("bath",), 0), "at least one step"),
        (lambda: added(tuple(f"step {n}" for n in range(MOST_STEPS)), "one more"), "works best short"),
    ],
)
def test_bad_steps_are_refused_with_a_reason(change, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        change()


def test_renaming_a_step_to_its_own_name_in_other_case_is_allowed() -> None:
    assert renamed(DEFAULT_STEPS, 0, "Bath") == ("Bath", "teeth", "books")


def test_a_version_begun_tonight_is_still_being_made_and_does_not_ask_again() -> None:
    tonight = RoutineVersion("v3", "mia", date(2026, 11, 20), ("bath", "teeth"))
    assert not tonight.asks_before_change(date(2026, 11, 20))
    assert tonight.asks_before_change(date(2026, 11, 21))
