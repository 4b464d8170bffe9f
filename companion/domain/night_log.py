"""What happens after goodnight (rule E4): the kinds of night event and one logged event."""

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
}
HEALTH_FLAGS = frozenset({EventKind.VOMITED, EventKind.BREATHING, EventKind.PANICKED})


@dataclass(frozen=True, slots=True)
class NightEvent:
    id: str
    child_id: str
    night: date
    kind: EventKind
    at: datetime
