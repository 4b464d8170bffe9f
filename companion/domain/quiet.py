"""Say it once (rules Q1, Q2): an instruction said aloud once, a silent wait, then "show,
don't tell" until the child does it, the parent moves on, or the app was away too long.

Everything is computed from stored instants and the time passed in: never from ticks, so
a laptop that slept through the wait shows the right state when it wakes (Q3).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from companion.domain.errors import InvalidInput
from companion.domain.night import duration, shifted
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.text import clean_line

DEFAULT_WAIT_SECONDS = 10
SHORTEST_WAIT, LONGEST_WAIT = 3, 60
INSTRUCTION_LIMIT = 80
# An instruction still open this long after it was said is closed as interrupted on return:
# the moment has passed, and counting it as "done" or "moved on" would be a guess.
STALE_AFTER = timedelta(minutes=30)
OUTCOMES = (EventKind.QUIET_DONE, EventKind.QUIET_MOVED_ON, EventKind.QUIET_INTERRUPTED)


class Phase(StrEnum):
    WAITING = "waiting"  # the silent wait: say nothing
    SHOWING = "showing"  # the wait is over: show, don't tell
    DONE = "done"
    MOVED_ON = "moved on"
    INTERRUPTED = "interrupted"


_ENDED = {
    EventKind.QUIET_DONE: Phase.DONE,
    EventKind.QUIET_MOVED_ON: Phase.MOVED_ON,
    EventKind.QUIET_INTERRUPTED: Phase.INTERRUPTED,
}


class QuietUse(NamedTuple):
    said: NightEvent
    repeats: tuple[NightEvent, ...]
    outcome: NightEvent | None

    @property
    def instruction(self) -> str:
        return self.said.value

    @property
    def wait(self) -> timedelta:
        return timedelta(seconds=self.said.seconds or DEFAULT_WAIT_SECONDS)

    @property
    def deadline(self) -> datetime:
        return shifted(self.said.at, self.wait)

    def phase(self, now: datetime) -> Phase:
        if self.outcome is not None:
            return _ENDED[self.outcome.kind]
        return Phase.WAITING if now.timestamp() < self.deadline.timestamp() else Phase.SHOWING

    def remaining(self, now: datetime) -> timedelta:
        """What is left of the silent wait: between zero and the wait, whatever the clock did."""
        return min(self.wait, duration(now, self.deadline))

    def since_said(self, now: datetime) -> timedelta:
        return duration(self.said.at, now)

    def time_to_outcome(self) -> timedelta | None:
        return duration(self.said.at, self.outcome.at) if self.outcome is not None else None

    def is_stale(self, now: datetime) -> bool:
        return self.outcome is None and self.since_said(now) >= STALE_AFTER


def quiet_uses(events: list[NightEvent]) -> list[QuietUse]:
    """Every instruction of the night with its repeats and outcome, in the order said."""
    live = [event for event in events if event.undone is None]
    said = sorted((e for e in live if e.kind is EventKind.QUIET_SAID), key=lambda e: e.at.timestamp())
    uses = []
    for instruction in said:
        answers = [e for e in live if e.ref == instruction.id]
        repeats = tuple(sorted((e for e in answers if e.kind is EventKind.QUIET_REPEATED), key=lambda e: e.at.timestamp()))
        outcomes = [e for e in answers if e.kind in OUTCOMES]
        uses.append(QuietUse(instruction, repeats, min(outcomes, key=lambda e: e.at.timestamp(), default=None)))
    return uses


def open_use(uses: list[QuietUse]) -> QuietUse | None:
    """The instruction still running, if any: the latest one without an outcome."""
    return next((use for use in reversed(uses) if use.outcome is None), None)


def clean_instruction(text: str) -> str:
    return clean_line(text, what="instruction", limit=INSTRUCTION_LIMIT)


def check_wait(seconds: int) -> int:
    """A child's wait setting: 5–15 s is what the compliance research used."""
    if not SHORTEST_WAIT <= seconds <= LONGEST_WAIT:
        raise InvalidInput(f"The wait is {seconds} s; choose between {SHORTEST_WAIT} and {LONGEST_WAIT} seconds.")
    return seconds
