"""One child's evening, folded from its night log (rules E1, E3, E4): the checklist, the
readiness checks, who did bedtime, the hand-over note, and the log after goodnight.

Records are never deleted; an undone record is skipped here. Where a thing was recorded
twice (fed: no, then fed: yes) the latest entry wins.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from companion.domain.night import duration, elapsed
from companion.domain.night_log import AFTER_GOODNIGHT, NEEDS, EventKind, NightEvent
from companion.domain.routine import RoutineVersion

SCREENS_OFF_ENOUGH = timedelta(hours=2)
NOTE_LIMIT = 500


class Evening(NamedTuple):
    night: date
    routine: RoutineVersion
    started: datetime | None
    done: dict[str, datetime]  # step -> when it was checked
    readiness: dict[EventKind, bool]  # MOVED, FED, DRY, SAFE; absent = not recorded
    screens_off: datetime | None
    bedtime_by: str | None
    handover: str | None
    log: tuple[NightEvent, ...]  # after goodnight, in true time order

    @property
    def next_step(self) -> str | None:
        """The first step not yet done, in the routine's order."""
        return next((step for step in self.routine.steps if step not in self.done), None)

    @property
    def all_done(self) -> bool:
        return self.next_step is None

    def routine_length(self, now: datetime) -> timedelta | None:
        """From the start to the last step when all are done; until now while it runs."""
        if self.started is None:
            return None
        end = max(self.done.values(), key=lambda at: at.timestamp()) if self.all_done and self.done else now
        return duration(self.started, end)

    def lights_out(self) -> datetime | None:
        return next((event.at for event in self.log if event.kind is EventKind.LIGHTS_OUT), None)

    def screens_before_bed(self, now: datetime) -> timedelta | None:
        """How long before bed the screens went off: bed is lights out, or now until then."""
        if self.screens_off is None:
            return None
        return elapsed(self.screens_off, self.lights_out() or now)

    def screens_too_late(self, now: datetime) -> bool:
        gap = self.screens_before_bed(now)
        return gap is not None and gap < SCREENS_OFF_ENOUGH

    @property
    def needs_met(self) -> bool:
        """Fed, dry and safe all recorded as yes: a cry is then not necessarily an unmet need."""
        return all(self.readiness.get(kind) is True for kind in NEEDS)

    def oddities(self) -> list[str]:
        """Possible but odd entries, kept and pointed out rather than refused (E4)."""
        notes = []
        lights = self.lights_out()
        for event in self.log:
            if event.kind is EventKind.FELL_ASLEEP and lights and event.at.timestamp() < lights.timestamp():
                notes.append(f"Fell asleep at {event.at:%H:%M}, before lights out at {lights:%H:%M}.")
        return notes


def evening_from(night: date, routine: RoutineVersion, events: list[NightEvent]) -> Evening:
    """Fold a night's records (any order, undone ones included or not) into the evening."""
    live = sorted((e for e in events if e.undone is None), key=lambda e: _entered(e).timestamp())
    done: dict[str, datetime] = {}
    readiness: dict[EventKind, bool] = {}
    latest: dict[EventKind, NightEvent] = {}
    for event in live:
        if event.kind is EventKind.STEP_DONE:
            done[event.value] = event.at
        elif event.kind in (EventKind.MOVED, *NEEDS):
            readiness[event.kind] = event.value == "yes"
        latest[event.kind] = event
    done = {step: at for step, at in done.items() if step in routine.steps}
    # Bedtime began with whatever came first: the start key or a step checked before it.
    starts = [e.at for e in live if e.kind is EventKind.BEDTIME_STARTED] + list(done.values())
    return Evening(
        night=night,
        routine=routine,
        started=min(starts, key=lambda at: at.timestamp()) if starts else None,
        done=done,
        readiness=readiness,
        screens_off=latest[EventKind.SCREENS_OFF].at if EventKind.SCREENS_OFF in latest else None,
        bedtime_by=latest[EventKind.BEDTIME_BY].value if EventKind.BEDTIME_BY in latest else None,
        handover=latest[EventKind.HANDOVER].value if EventKind.HANDOVER in latest else None,
        log=tuple(sorted((e for e in live if e.kind in AFTER_GOODNIGHT), key=lambda e: e.at.timestamp())),
    )


def last_action(events: list[NightEvent]) -> NightEvent | None:
    """The most recently entered record still standing: what "undo" takes back."""
    live = [event for event in events if event.undone is None]
    return max(live, key=lambda event: _entered(event).timestamp(), default=None)


def _entered(event: NightEvent) -> datetime:
    return event.recorded or event.at
