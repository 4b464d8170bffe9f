"""The night log: everything recorded for a child's night, from the routine to the morning
(rules E1, E3, E4). One kind of record serves them all, so "undo the last action" and the
history work the same for a checked step, a readiness check and a call-out."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple


class EventKind(StrEnum):
    LIGHTS_OUT = "lights_out"
    GOT_UP = "got_up"
    CALLED_OUT = "called_out"
    BACK_IN_BED = "back_in_bed"
    FELL_ASLEEP = "fell_asleep"
    WOKE = "woke"
    PARENTS_BED = "parents_bed"
    VOMITED = "vomited"
    BREATHING = "breathing"
    PANICKED = "panicked"
    # The evening before goodnight.
    BEDTIME_STARTED = "bedtime_started"
    STEP_DONE = "step_done"  # value: the step
    MOVED = "moved"  # value: "yes" or "no"; moved their body / played outside today
    FED = "fed"  # value: "yes" or "no"
    DRY = "dry"  # value: "yes" or "no"
    SAFE = "safe"  # value: "yes" or "no"
    SCREENS_OFF = "screens_off"  # at: when screens went off
    BEDTIME_BY = "bedtime_by"  # value: who did bedtime
    HANDOVER = "handover"  # value: a note for the other caregiver
    # Say it once (Q1, Q2): the instruction and what followed it.
    QUIET_SAID = "quiet_said"  # value: the instruction; seconds: the silent wait
    QUIET_REPEATED = "quiet_repeated"  # ref: the QUIET_SAID record
    QUIET_DONE = "quiet_done"  # ref
    QUIET_MOVED_ON = "quiet_moved_on"  # ref
    QUIET_INTERRUPTED = "quiet_interrupted"  # ref: closed honestly after the app was away
    # The bedtime pass (P1–P3).
    PASS_USED = "pass_used"  # value: the reason; seconds: the trip's length
    PASS_BACK = "pass_back"  # ref: the PASS_USED record; back in the room

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_health_flag(self) -> bool:
        return self in HEALTH_FLAGS


_LABELS = {
    EventKind.LIGHTS_OUT: "lights out",
    EventKind.GOT_UP: "got up / came out",
    EventKind.CALLED_OUT: "called out",
    EventKind.BACK_IN_BED: "back in bed",
    EventKind.FELL_ASLEEP: "fell asleep",
    EventKind.WOKE: "woke in the night",
    EventKind.PARENTS_BED: "came to the parents' bed",
    EventKind.VOMITED: "vomited",
    EventKind.BREATHING: "breathing trouble",
    EventKind.PANICKED: "panicked crying",
    EventKind.BEDTIME_STARTED: "bedtime started",
    EventKind.STEP_DONE: "step done",
    EventKind.MOVED: "moved / played outside",
    EventKind.FED: "fed",
    EventKind.DRY: "dry",
    EventKind.SAFE: "safe",
    EventKind.SCREENS_OFF: "screens off",
    EventKind.BEDTIME_BY: "bedtime by",
    EventKind.HANDOVER: "hand-over note",
    EventKind.QUIET_SAID: "said once",
    EventKind.QUIET_REPEATED: "repeated",
    EventKind.QUIET_DONE: "done",
    EventKind.QUIET_MOVED_ON: "moved on",
    EventKind.QUIET_INTERRUPTED: "interrupted",
    EventKind.PASS_USED: "pass used",
    EventKind.PASS_BACK: "back in the room",
}
HEALTH_FLAGS = frozenset({EventKind.VOMITED, EventKind.BREATHING, EventKind.PANICKED})
# What happens after goodnight: the night log proper, shown in time order.
AFTER_GOODNIGHT = frozenset(
    {
        EventKind.LIGHTS_OUT,
        EventKind.GOT_UP,
        EventKind.CALLED_OUT,
        EventKind.BACK_IN_BED,
        EventKind.FELL_ASLEEP,
        EventKind.WOKE,
        EventKind.PARENTS_BED,
        *HEALTH_FLAGS,
    }
)
NEEDS = (EventKind.FED, EventKind.DRY, EventKind.SAFE)


class NightEvent(NamedTuple):
    """One record. `at` is when it happened (typed or now); `recorded` when it was entered,
    which orders undo. An undone record is kept with `undone` set: nothing is silently lost."""

    id: str
    child_id: str
    night: date
    kind: EventKind
    at: datetime
    value: str = ""
    recorded: datetime | None = None
    undone: datetime | None = None
    ref: str = ""  # the record this one answers (a repeat answers its instruction)
    seconds: int | None = None  # a length chosen when it was recorded (a wait, a trip)
