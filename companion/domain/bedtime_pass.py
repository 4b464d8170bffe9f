"""The bedtime pass (rules P1–P3, P5): a few passes a night, each good for one short trip
out or one visit; after the last one, call-outs and come-outs are counted apart.

Passes reset each night because a night's records only ever hold that night. Using a pass
and then staying in (or, if the family chose it, not needing one) earns a morning reward.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from companion.domain.errors import InvalidInput
from companion.domain.night import duration, elapsed, shifted
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.text import clean_line

DEFAULT_PASSES = 1
DEFAULT_TRIP_MINUTES = 5
REASON_LIMIT = 60
QUICK_REASONS = ("a hug", "a drink", "the toilet")
COME_OUTS = (EventKind.GOT_UP, EventKind.PARENTS_BED)


class PassPlan(NamedTuple):
    """The family's settings. With a baseline, the first nights only log (no pass) so the
    recap can compare; with fading, the pass phase starts at `start_passes` a night and
    drops by one every `fade_every` nights down to `passes` (P5)."""

    passes: int = DEFAULT_PASSES
    trip_minutes: int = DEFAULT_TRIP_MINUTES
    started: date | None = None  # the first night of the plan (baseline or pass)
    baseline_nights: int = 0
    start_passes: int = DEFAULT_PASSES
    fade_every: int = 7
    reward_unused: bool = False

    def phase_on(self, night: date) -> str:
        """"before" the plan, its "baseline" week, or the "pass" phase; the recap compares
        the last two (M4) and leaves out nights from before the family began."""
        if self.started is not None and night < self.started:
            return "before"
        if self.started is not None and night < self.started + timedelta(days=self.baseline_nights):
            return "baseline"
        return "pass"

    def passes_on(self, night: date) -> int:
        if self.phase_on(night) != "pass":
            return 0
        if self.started is None or self.start_passes <= self.passes:
            return self.passes
        pass_nights = (night - self.started).days - self.baseline_nights
        return max(self.passes, self.start_passes - pass_nights // max(1, self.fade_every))


class PassNight(NamedTuple):
    allowed: int
    used: tuple[NightEvent, ...]
    backs: dict[str, NightEvent]  # PASS_USED id -> when the child was back
    before: dict[EventKind, int]  # call-outs and come-outs before the last pass
    after: dict[EventKind, int]  # ... and after it (P2)

    @property
    def left(self) -> int:
        return max(0, self.allowed - len(self.used))

    @property
    def all_used(self) -> bool:
        return self.allowed > 0 and self.left == 0

    def trip(self, now: datetime) -> tuple[NightEvent, datetime] | None:
        """The pass whose trip is running now, and when the trip time is up."""
        if not self.used or self.used[-1].id in self.backs:
            return None  # only the latest pass can be out: using one ends any earlier trip
        use = self.used[-1]
        deadline = shifted(use.at, timedelta(seconds=use.seconds or DEFAULT_TRIP_MINUTES * 60))
        return (use, deadline) if now.timestamp() < deadline.timestamp() else None

    def trip_left(self, now: datetime) -> timedelta | None:
        """Between zero and the trip's length, whatever the clock did."""
        running = self.trip(now)
        if running is None:
            return None
        use, up = running
        return min(elapsed(use.at, up), duration(now, up))

    def stayed_in(self) -> bool:
        """A pass was used and the child didn't come out after it (P3)."""
        return bool(self.used) and self.after.get(EventKind.GOT_UP, 0) == 0 and self.after.get(EventKind.PARENTS_BED, 0) == 0

    def earns_reward(self, plan: PassPlan) -> bool:
        """Used the pass and stayed in; or, if the family chose it, didn't need it at all."""
        needed_none = not self.used and not any(self.before[kind] for kind in COME_OUTS)
        return self.stayed_in() or (plan.reward_unused and self.allowed > 0 and needed_none)


def pass_night(events: list[NightEvent], allowed: int) -> PassNight:
    live = sorted((e for e in events if e.undone is None), key=lambda e: e.at.timestamp())
    used = tuple(e for e in live if e.kind is EventKind.PASS_USED)
    backs = {e.ref: e for e in live if e.kind is EventKind.PASS_BACK}
    last = used[-1].at.timestamp() if used else None
    counted = (EventKind.CALLED_OUT, *COME_OUTS)
    before = {kind: 0 for kind in counted}
    after = {kind: 0 for kind in counted}
    for event in live:
        if event.kind in counted:
            side = after if last is not None and event.at.timestamp() > last else before
            side[event.kind] += 1
    return PassNight(allowed=allowed, used=used, backs=backs, before=before, after=after)


def check_redeem(night: PassNight, reason: str) -> str:
    """The reason, cleaned, or why the pass can't be used now."""
    if night.allowed == 0:
        raise InvalidInput("No pass tonight: this is a baseline night (log only).")
    if night.left == 0:
        raise InvalidInput("No passes left tonight. Calls out: ignore it; comes out: back to bed, little or no talking.")
    return clean_line(reason, what="reason", limit=REASON_LIMIT)
