"""Recaps built from the store: the same figures for the recap pane and `companion recap`.

Never imports textual. Reads only the nights it is asked for (a trend of 30 nights opens 30
night files, whatever the length of the history: rule M4, issue 7 point 8).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from companion.domain.bedtime_pass import pass_night
from companion.domain.household import Child
from companion.domain.night_log import NightEvent
from companion.domain.recap import NightRecap, StarOffer, recap_night
from companion.domain.rewards import Star, chart_applies, is_pass_target, pass_night_qualifies, praise_for
from companion.domain.wins import celebrate
from companion.store import Store

TREND_NIGHTS = (7, 14, 30)


def night_recap(store: Store, child: Child, night: date, now: datetime, *, offer_star: bool = True) -> NightRecap:
    """One child's night. `offer_star` asks the reward chart whether the night earns a star
    still to give (the morning's recap); without it only a star already given is shown."""
    events = store.night_events(child.id, night)
    phase = store.night_phase(child.id, night)
    waiting = store.worries_to_review(child.id, now) if offer_star else 0
    return recap_night(
        night,
        events,
        store.routine_on(child.id, night),
        phase,
        worries_waiting=waiting,
        star=_star(store, child, night, events, phase.passes, offer=offer_star),
    )


def recent_recaps(store: Store, child: Child, last: date, now: datetime, nights: int) -> list[NightRecap]:
    """The `nights` nights ending with `last`, oldest first, for trends and the week's wins."""
    return [
        night_recap(store, child, last - timedelta(days=back), now, offer_star=False) for back in range(nights - 1, -1, -1)
    ]


class KeptRecaps:
    """Earlier nights' recaps (no star offered), kept while the data is unchanged: the recap
    pane then browses a night back, widens its trends or gives the star without reading
    again the nights it has read. Any write drops them, except this pane's own star, which
    changes its one night only."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: tuple[int, str] | None = None  # (store.changes, child id) the recaps are of
        self._recaps: dict[date, NightRecap] = {}

    def before(self, child: Child, night: date, now: datetime, nights: int) -> list[NightRecap]:
        """The `nights` nights before `night`, oldest first (as `recent_recaps`)."""
        seen = (self._store.changes, child.id)
        if self._seen != seen:
            self._seen, self._recaps = seen, {}
        wanted = [night - timedelta(days=back) for back in range(nights, 0, -1)]
        for earlier in wanted:
            if earlier not in self._recaps:
                self._recaps[earlier] = night_recap(self._store, child, earlier, now, offer_star=False)
        return [self._recaps[earlier] for earlier in wanted]

    def star_given(self, night: date) -> None:
        """Just after giving `night` its star: that night is read again, the rest kept (if
        that star was the only write since they were read)."""
        self._recaps.pop(night, None)
        if self._seen is not None and self._store.changes == self._seen[0] + 1:
            self._seen = (self._store.changes, self._seen[1])


def opening_line(recap: NightRecap, earlier: list[NightRecap], latest: date) -> str:
    """The recap's first line: the warm line (M3) is about last night (`latest`); any other
    night is looked back on without one."""
    if recap.night != latest:
        return f"Looking back at the night of {recap.night:%A %d %B}."
    return celebrate(recap, earlier)


def with_star_given(recap: NightRecap, star: Star) -> NightRecap:
    """The night's recap once `star` is given for it: what `night_recap` would read back after
    the write, without reading the night again (the star changes nothing else of it)."""
    return recap._replace(star=_given(star))


def _given(star: Star) -> StarOffer:
    return StarOffer(star.praise, given=True)


def _star(store: Store, child: Child, night: date, events: list[NightEvent], passes: int, *, offer: bool) -> StarOffer | None:
    """The chart's word on the night (R3): a star given, or (when offering) one to give: for the
    pass's target only if the child used the pass and stayed in (P3), otherwise the parent's
    call, so it is offered."""
    settings = store.child_settings(child.id)
    if not chart_applies(child.birth_date, night, settings.reward_chart):
        return None
    given, target = store.night_star(child.id, night)  # a live star: a voided one is not the night's
    if given is not None:
        return _given(given)
    if not offer or target is None:
        return None
    if is_pass_target(target.text) and not pass_night_qualifies(pass_night(events, passes), settings.plan):
        return None
    return StarOffer(praise_for(target.text))
