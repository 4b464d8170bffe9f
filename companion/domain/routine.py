"""The bedtime routine (rules E1, E2): a short ordered list of steps, made with the child.

Every version is kept with the night it took effect, so a past night shows the routine it
used, and the app can say how many nights the current one has held. Changing a routine that
is younger than two weeks is allowed, but asked about once: consistency is the guidance's
first advice to tired parents.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from companion.domain.errors import InvalidInput
from companion.domain.text import clean_line, same_text

DEFAULT_STEPS = ("bath", "teeth", "books")
STEP_LIMIT = 40
MOST_STEPS = 12
SETTLING_NIGHTS = 14
WHY_KEEP_IT = (
    "This routine has held for {nights} of {settle} nights. Children settle faster when the "
    "routine stays the same; change it anyway?"
)


class RoutineVersion(NamedTuple):
    """One version of a child's routine, in force from the night `since` on."""

    id: str
    child_id: str
    since: date
    steps: tuple[str, ...]

    def nights_held(self, night: date) -> int:
        """Nights this version has been in force up to and including `night`."""
        return max(0, (night - self.since).days + 1)

    def asks_before_change(self, night: date) -> bool:
        """A version begun tonight is still being made: changing it again doesn't ask."""
        return self.since < night and self.nights_held(night) < SETTLING_NIGHTS

    def why_keep_it(self, night: date) -> str:
        return WHY_KEEP_IT.format(nights=self.nights_held(night), settle=SETTLING_NIGHTS)


def version_on(versions: list[RoutineVersion], night: date) -> RoutineVersion | None:
    """The version a night used: the latest that began on or before it."""
    used = [version for version in versions if version.since <= night]
    return max(used, key=lambda version: version.since) if used else None


def added(steps: tuple[str, ...], text: str) -> tuple[str, ...]:
    if len(steps) >= MOST_STEPS:
        raise InvalidInput(f"A bedtime routine works best short; {MOST_STEPS} steps is the most.")
    return (*steps, _step_name(text, steps))


def renamed(steps: tuple[str, ...], index: int, text: str) -> tuple[str, ...]:
    others = steps[:index] + steps[index + 1 :]
    return (*steps[:index], _step_name(text, others), *steps[index + 1 :])


def moved(steps: tuple[str, ...], index: int, by: int) -> tuple[str, ...]:
    """The step at `index` moved up (by -1) or down (by +1); at an end it stays put."""
    target = index + by
    if not 0 <= target < len(steps):
        return steps
    order = list(steps)
    order[index], order[target] = order[target], order[index]
    return tuple(order)


def removed(steps: tuple[str, ...], index: int) -> tuple[str, ...]:
    if len(steps) == 1:
        raise InvalidInput("A routine needs at least one step.")
    return steps[:index] + steps[index + 1 :]


def _step_name(text: str, others: tuple[str, ...]) -> str:
    name = clean_line(text, what="step", limit=STEP_LIMIT)
    if any(same_text(name, other) for other in others):
        raise InvalidInput(f"The routine already has a step called {name}.")
    return name
