"""SVG snapshots of the reward chart (rules R2–R5): four weeks of stars under one target, a
star taken back, two lucky dips spent, one reward ready and one half-way, and this morning's
star with its praise (baselines: pytest tests/ui/test_rewards_snapshots.py --snapshot-update).

Sat 21 Nov 2026 07:35 in London. Mia's target "stayed in my bed the whole night" began on
Mon 26 Oct. Stars were given at breakfast each morning, except after Wed 28 Oct, Tue 3 Nov and
Wed 11 Nov; Wed 4 Nov's star was given by mistake and taken back two minutes later. Friday's
star was given at 07:20, so its praise is still shown and it is earned. 22 earned, 8 spent
(two lucky dips), 14 to spend: the lucky dip (4) is ready, the trip to the zoo (28) half-way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.widgets import Static

from companion.ui.app import make_app
from companion.ui.rewards import RewardsScreen
from tests.ui.pilot_keys import london, LONDON

TARGET_FROM = date(2026, 10, 26)
NO_STAR = {date(2026, 10, 28), date(2026, 11, 3), date(2026, 11, 11)}
TAKEN_BACK = date(2026, 11, 4)


def breakfast(night: date, minute: int = 30) -> datetime:
    day = night + timedelta(days=1)
    return london(day.year, day.month, day.day, 7, minute)


def four_weeks_of_stars(store, clock) -> None:
    mia = store.children()[0]
    store.add_target(mia.id, "stayed in my bed the whole night", london(2026, 10, 26, 18, 0))
    lucky_dip = store.add_reward(mia.id, "lucky dip", 4, london(2026, 10, 26, 18, 5))
    store.add_reward(mia.id, "trip to the zoo", 28, london(2026, 10, 26, 18, 6))
    night = TARGET_FROM
    while night < date(2026, 11, 20):
        if night not in NO_STAR:
            star = store.give_star(mia.id, night, breakfast(night))
            if night == TAKEN_BACK:
                store.void_star(mia.id, star.id, breakfast(night, 32))
        night += timedelta(days=1)
    store.redeem(mia.id, lucky_dip.id, london(2026, 11, 1, 10, 0))
    store.redeem(mia.id, lucky_dip.id, london(2026, 11, 8, 10, 0))
    store.give_star(mia.id, date(2026, 11, 20), london(2026, 11, 21, 7, 20))
    clock.set(london(2026, 11, 21, 7, 35))


async def the_chart(pilot) -> None:
    await pilot.pause()
    await pilot.press("4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RewardsScreen)
    assert "Earned 22 · spent 8 · to spend 14" in str(screen.query_one("#reward-grid", Static).render())


def test_the_reward_chart_with_weeks_of_stars(household, clock, snap_compare) -> None:
    four_weeks_of_stars(household, clock)
    app = make_app(household, clock, pane="evening")
    assert snap_compare(app, terminal_size=(120, 40), run_before=the_chart)


def test_the_reward_chart_with_weeks_of_stars_in_80_by_24(household, clock, snap_compare) -> None:
    four_weeks_of_stars(household, clock)
    app = make_app(household, clock, pane="evening")
    assert snap_compare(app, terminal_size=(80, 24), run_before=the_chart)
