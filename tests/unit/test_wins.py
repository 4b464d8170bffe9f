"""The morning's celebration line (rule M3): warm every morning, naming a real win where the
data holds one, by a fixed priority; and a property test that no named win is ever false."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, time, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from companion.domain.night_log import EventKind
from companion.domain.routine import DEFAULT_STEPS, RoutineVersion
from companion.domain.wins import (
    CLAIMS_NOTHING,
    NOTHING_LOGGED,
    PRIORITY,
    WinKind,
    celebrate,
    celebration,
    find_wins,
    week_before,
)
from companion.domain.recap import recap_night
from companion.domain.child_settings import NightPhase
from tests.unit.nights import Plan, events_of, night_recap, series
from tests.unit.records import FALL_BACK_NIGHT

LAST = date(2026, 11, 19)
ALL_STEPS = frozenset(DEFAULT_STEPS)
# A night with no win at all: got up, called out, no routine, no quiet mode, screens late.
HARD = Plan(lights_out=45, asleep=50, get_ups=(10,), call_outs=(5,), screens_before=60)


def kinds(last, earlier=()):
    return [win.kind for win in find_wins(last, list(earlier))]


def asleep_in(minutes, **fields):
    return replace(HARD, asleep=minutes, **fields)


def test_a_hard_night_names_no_win_and_claims_nothing():
    last = night_recap(LAST, HARD)
    assert find_wins(last, []) == []
    result = celebration(last, [])
    assert result.win is None
    assert result.line in CLAIMS_NOTHING
    assert result.line == CLAIMS_NOTHING[LAST.toordinal() % len(CLAIMS_NOTHING)]


def test_the_no_win_line_is_chosen_by_the_date_never_at_random():
    lines = [celebrate(night_recap(LAST + timedelta(days=day), HARD), []) for day in range(6)]
    assert lines == [celebrate(night_recap(LAST + timedelta(days=day), HARD), []) for day in range(6)]
    assert set(lines) == set(CLAIMS_NOTHING)
    for line in CLAIMS_NOTHING + (NOTHING_LOGGED,):
        assert line.startswith("Good morning.")
        assert not re.search(r"\d", line)  # no figure, so no claim


def test_a_night_with_nothing_logged():
    result = celebration(night_recap(LAST, None), [])
    assert result == type(result)(NOTHING_LOGGED, None)


def test_stayed_in_after_the_pass():
    last = night_recap(LAST, replace(HARD, get_ups=(10,), pass_at=20, call_outs=(5, 30)))
    wins = find_wins(last, [])
    assert [win.kind for win in wins] == [WinKind.STAYED_IN]
    assert wins[0].figures == {"passes_used": 1}
    assert celebrate(last, []) == "Good morning. Used the pass, then stayed in the room after it."


def test_came_out_after_the_pass_is_no_win():
    assert kinds(night_recap(LAST, replace(HARD, pass_at=5, get_ups=(10,)))) == []
    assert kinds(night_recap(LAST, replace(HARD, pass_at=5, get_ups=(1,), parents_bed=True))) == []


def week(minutes):
    """The 7 nights before LAST, each with the given time to fall asleep (None: not recorded)."""
    return series(LAST - timedelta(days=1), [None if m is None else asleep_in(m) for m in minutes])


def test_asleep_faster_than_the_week_s_average():
    earlier = week([40, 50, None, 45, None, None, None])  # 45 min over 3 nights
    last = night_recap(LAST, asleep_in(25))
    [win] = find_wins(last, earlier)
    assert win.kind is WinKind.FASTER_ASLEEP
    assert win.figures == {
        "tonight_seconds": 1500.0,
        "average_seconds": 2700.0,
        "faster_seconds": 1200.0,
        "faster_minutes": 20,
        "nights": 3,
    }
    assert celebrate(last, earlier) == (
        "Good morning. Asleep 20 min faster than on the nights before (25 min against 45 min on average over 3 of the 7 nights before)."
    )


def test_ten_minutes_faster_is_the_threshold():
    earlier = week([30, 30, 30])
    assert kinds(night_recap(LAST, asleep_in(20)), earlier) == [WinKind.FASTER_ASLEEP]
    assert kinds(night_recap(LAST, asleep_in(21)), earlier) == []


def test_the_numbers_are_floored_never_overstated():
    earlier = week([30, 31, 31])  # 30 min 40 s
    [win] = find_wins(night_recap(LAST, asleep_in(20)), earlier)
    assert win.figures["faster_minutes"] == 10 and win.figures["faster_seconds"] == 640
    assert "Asleep 10 min faster" in win.sentence and "against 30 min" in win.sentence


def test_fewer_than_three_nights_is_no_average():
    assert kinds(night_recap(LAST, asleep_in(5)), week([60, None, 60, None])) == []


def test_only_the_seven_nights_before_count():
    old = series(LAST - timedelta(days=8), [asleep_in(90)] * 5)  # 8 to 12 nights before: out of the week
    recent = week([20, 20, 20])
    last = night_recap(LAST, asleep_in(5))
    assert len(week_before(last, old + recent)) == 3
    [win] = find_wins(last, old + recent)
    assert win.figures["average_seconds"] == 1200 and win.figures["nights"] == 3
    # Later nights, and last night itself, never count towards its own average.
    after = series(LAST + timedelta(days=3), [asleep_in(90)] * 3)
    assert find_wins(last, [*recent, last, *after]) == find_wins(last, recent)


def test_not_asleep_recorded_last_night_is_no_comparison():
    last = night_recap(LAST, replace(HARD, asleep=None))
    assert kinds(last, week([60, 60, 60])) == []


def test_the_week_s_average_reads_true_time_across_the_clock_change():
    # Fall-back night: lights out 01:30 BST, asleep at the second 01:20 (GMT): 50 min, though
    # the wall clock says -10 min.
    bedtime = time(0, 45)
    fall_back = replace(asleep_in(50), bedtime=bedtime)
    events = events_of(FALL_BACK_NIGHT, fall_back)
    lights = next(e.at for e in events if e.kind is EventKind.LIGHTS_OUT)
    asleep = next(e.at for e in events if e.kind is EventKind.FELL_ASLEEP)
    assert (f"{lights:%H:%M %z}", f"{asleep:%H:%M %z}") == ("01:30 +0100", "01:20 +0000")
    earlier = series(FALL_BACK_NIGHT, [asleep_in(50), asleep_in(50), fall_back])
    last = night_recap(FALL_BACK_NIGHT + timedelta(days=1), asleep_in(35))
    [win] = find_wins(last, earlier)
    assert win.figures["average_seconds"] == 3000 and win.figures["faster_minutes"] == 15


def test_a_quiet_night_and_its_parts():
    quiet = replace(HARD, get_ups=(), call_outs=())
    assert kinds(night_recap(LAST, quiet)) == [WinKind.QUIET_NIGHT, WinKind.NO_GET_UPS, WinKind.NO_CALL_OUTS]
    assert celebrate(night_recap(LAST, quiet), []) == "Good morning. A quiet night: no get-ups and no call-outs."
    assert kinds(night_recap(LAST, replace(HARD, get_ups=()))) == [WinKind.NO_GET_UPS]
    assert celebrate(night_recap(LAST, replace(HARD, get_ups=())), []) == "Good morning. No get-ups last night."
    assert kinds(night_recap(LAST, replace(HARD, call_outs=()))) == [WinKind.NO_CALL_OUTS]
    assert celebrate(night_recap(LAST, replace(HARD, call_outs=())), []) == "Good morning. No calling out last night."


def test_the_parents_bed_is_not_a_night_without_get_ups():
    assert kinds(night_recap(LAST, replace(HARD, get_ups=(), call_outs=(), parents_bed=True))) == [WinKind.NO_CALL_OUTS]


def test_no_get_ups_needs_lights_out_logged():
    assert kinds(night_recap(LAST, replace(HARD, lights_out=None, get_ups=(), call_outs=()))) == []
    only_the_routine = Plan(lights_out=None, steps=("bath",))
    assert kinds(night_recap(LAST, only_the_routine)) == []


def test_every_instruction_said_once():
    once = night_recap(LAST, replace(HARD, instructions=(0, 0, 0)))
    [win] = find_wins(once, [])
    assert win.kind is WinKind.SAID_ONCE and win.figures == {"instructions": 3}
    assert celebrate(once, []) == "Good morning. You said every instruction once (3 of 3), with no repeats."
    single = night_recap(LAST, replace(HARD, instructions=(0,)))
    assert celebrate(single, []) == "Good morning. You said the instruction once, with no repeat: that's the hard part."
    assert kinds(night_recap(LAST, replace(HARD, instructions=(0, 1, 0)))) == []


def test_the_whole_routine_done():
    done = night_recap(LAST, replace(HARD, steps=ALL_STEPS, started=True))
    [win] = find_wins(done, [])
    assert win.kind is WinKind.ROUTINE_DONE and win.figures == {"steps": 3, "minutes": 30}
    assert celebrate(done, []) == "Good morning. The whole routine done, all 3 steps, in 30 min."
    assert kinds(night_recap(LAST, replace(HARD, steps=("bath", "teeth"), started=True))) == []


def test_a_one_step_routine_done():
    routine = RoutineVersion("v2", "mia", date(2026, 1, 1), ("books",))
    events = events_of(LAST, replace(HARD, steps=("books",)))
    last = recap_night(LAST, events, routine, NightPhase("pass", 1), worries_waiting=0, star=None)
    [win] = find_wins(last, [])
    assert win.figures == {"steps": 1}  # checked without the start key: not timed
    assert celebrate(last, []) == "Good morning. The routine done."


def test_screens_off_two_hours_before_lights_out():
    assert kinds(night_recap(LAST, replace(HARD, screens_before=119))) == []
    [win] = find_wins(night_recap(LAST, replace(HARD, screens_before=120)), [])
    assert win.kind is WinKind.SCREENS_OFF_EARLY and win.figures == {"seconds_before_bed": 7200}
    assert win.sentence == "Screens off 2 h 00 min before lights out."


def test_the_strongest_win_leads():
    best = Plan(
        lights_out=45, asleep=10, pass_at=5, instructions=(0,), steps=ALL_STEPS, started=True, screens_before=150
    )
    last = night_recap(LAST, best)
    found = kinds(last, week([40, 40, 40]))
    assert found == list(PRIORITY)  # every win, in the documented order
    assert celebration(last, week([40, 40, 40])).win.kind is WinKind.STAYED_IN
    assert celebration(last, []).win.kind is WinKind.STAYED_IN
    assert celebration(night_recap(LAST, replace(best, pass_at=None)), week([40, 40, 40])).win.kind is WinKind.FASTER_ASLEEP


def test_health_flags_do_not_stop_a_warm_line():
    last = night_recap(LAST, replace(HARD, extra=(EventKind.VOMITED,)))
    assert celebrate(last, []).startswith("Good morning.")


# -- the property: no named win is ever false ----------------------------------------------------

def often(strategy):
    """`strategy` five times in six, else None (not recorded). (`one_of` with None would give
    None about half the time: too rarely a week with enough nights to average.)"""
    present = st.sampled_from([True] * 5 + [False])
    return st.tuples(present, strategy).map(lambda pair: pair[1] if pair[0] else None)


minutes = st.integers(min_value=0, max_value=150) | st.integers(min_value=10, max_value=40)
plans = st.builds(
    Plan,
    bedtime=st.sampled_from([time(18, 30), time(19, 15), time(23, 50)]),
    lights_out=often(st.integers(0, 90)),
    asleep=often(minutes),
    get_ups=st.lists(st.integers(1, 200), max_size=2).map(tuple),
    call_outs=st.lists(st.integers(1, 200), max_size=2).map(tuple),
    parents_bed=st.booleans(),
    pass_at=st.none() | st.integers(1, 200),
    instructions=st.lists(st.integers(0, 2), max_size=3).map(tuple),
    steps=st.frozensets(st.sampled_from(DEFAULT_STEPS)),
    started=st.booleans(),
    screens_before=st.none() | st.integers(60, 180) | st.integers(115, 125),
    phase=st.sampled_from(["pass", "pass", "baseline"]),
)
# A night's plan: None is a night with nothing logged; a baseline night never uses the pass.
nights = often(plans).map(lambda p: replace(p, pass_at=None) if p is not None and p.phase != "pass" else p)


def timed_sleep(plan: Plan | None) -> bool:
    return plan is not None and plan.lights_out is not None and plan.asleep is not None


def expected(last: Plan | None, earlier: list[tuple[int, Plan | None]]) -> dict[WinKind, dict]:
    """Every win that holds, worked out from the plans alone (not from the recap)."""
    if last is None:
        return {}
    wins: dict[WinKind, dict] = {}
    lights = last.lights_out is not None
    after_pass = last.pass_at is not None and (
        any(g > last.pass_at for g in last.get_ups) or (last.parents_bed and 420 > last.pass_at)
    )
    if last.pass_at is not None and not after_pass:
        wins[WinKind.STAYED_IN] = {}
    if lights and last.asleep is not None:
        week_ = [plan.asleep * 60 for back, plan in earlier if 1 <= back <= 7 and timed_sleep(plan)]  # type: ignore[union-attr]
        if len(week_) >= 3:
            faster = Fraction(sum(week_), len(week_)) - last.asleep * 60
            if faster >= 600:
                wins[WinKind.FASTER_ASLEEP] = {"faster_minutes": math.floor(faster / 60), "nights": len(week_)}
    if lights and not last.get_ups and not last.call_outs and not last.parents_bed:
        wins[WinKind.QUIET_NIGHT] = {}
    if lights and not last.get_ups and not last.parents_bed:
        wins[WinKind.NO_GET_UPS] = {}
    if lights and not last.call_outs:
        wins[WinKind.NO_CALL_OUTS] = {}
    if last.instructions and not any(last.instructions):
        wins[WinKind.SAID_ONCE] = {"instructions": len(last.instructions)}
    if set(last.steps) == ALL_STEPS:
        wins[WinKind.ROUTINE_DONE] = {"steps": 3}
    if lights and last.screens_before is not None and last.screens_before >= 120:
        wins[WinKind.SCREENS_OFF_EARLY] = {"minutes": last.screens_before}
    return wins


def logs_anything(plan: Plan | None) -> bool:
    if plan is None:
        return False
    timed = (plan.lights_out, plan.asleep, plan.pass_at, plan.screens_before)
    listed = (plan.get_ups, plan.call_outs, plan.instructions, plan.steps)
    return any(x is not None for x in timed) or any(listed) or plan.parents_bed or plan.started


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plans_=st.integers(1, 11).flatmap(lambda n: st.lists(nights, min_size=n, max_size=n)),
    last_night=st.sampled_from([date(2026, 3, 28), date(2026, 3, 31), date(2026, 10, 24), date(2026, 10, 27), LAST]),
    shuffle=st.randoms(use_true_random=False),
)
def test_the_win_finder_never_states_a_false_win(plans_, last_night, shuffle):
    recaps = series(last_night, plans_)
    last, last_plan = recaps[-1], plans_[-1]
    earlier = list(recaps)  # last night itself included: it must not count towards its own average
    shuffle.shuffle(earlier)
    numbered = [(len(plans_) - 1 - index, plan) for index, plan in enumerate(plans_)]  # nights back from last
    truth = expected(last_plan, [(back, plan) for back, plan in numbered if back > 0])

    wins = find_wins(last, earlier)
    event(f"leads with {wins[0].kind if wins else 'no win'}")
    timed = [plan for back, plan in numbered if 1 <= back <= 7 and timed_sleep(plan)]
    event(f"{len(timed)} nights in the week with a time to fall asleep")
    # Every named win is true, with the true numbers; and every true win is named, in order.
    assert [win.kind for win in wins] == [kind for kind in PRIORITY if kind in truth]
    for win in wins:
        facts = truth[win.kind]
        if win.kind is WinKind.FASTER_ASLEEP:
            assert win.figures["faster_minutes"] == facts["faster_minutes"]
            assert win.figures["nights"] == facts["nights"]
            assert win.figures["faster_seconds"] >= 600
            said = re.search(r"Asleep (\d+) min faster .* over (?:the )?(\d+) (?:of the 7 )?nights before", win.sentence)
            assert said and (int(said[1]), int(said[2])) == (facts["faster_minutes"], facts["nights"])
        elif win.kind is WinKind.SAID_ONCE:
            assert win.figures["instructions"] == facts["instructions"]
            assert str(facts["instructions"]) in win.sentence or facts["instructions"] == 1
        elif win.kind is WinKind.ROUTINE_DONE:
            assert win.figures["steps"] == 3 and "all 3 steps" in win.sentence
        elif win.kind is WinKind.SCREENS_OFF_EARLY:
            assert win.figures["seconds_before_bed"] == facts["minutes"] * 60
            hours, mins = map(int, re.search(r"Screens off (\d+) h (\d+) min", win.sentence).groups())
            assert hours * 60 + mins == facts["minutes"]

    # The line names the strongest win, or claims nothing; the same input gives the same line.
    line = celebrate(last, earlier)
    assert line == celebrate(last, list(reversed(earlier)))
    if wins:
        assert line == f"Good morning. {wins[0].sentence}"
    elif not logs_anything(last_plan):
        assert line == NOTHING_LOGGED
    else:
        assert line in CLAIMS_NOTHING
