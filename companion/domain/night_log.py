"""The night log: everything recorded for a child's night, from the routine to the morning
(rules E1, E3, E4). One kind of record serves them all, so "undo the last action" and the
history work the same for a checked step, a readiness check and a call-out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


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


@dataclass(frozen=True, slots=True)
class NightEvent:
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
