"""Last night at a glance (rules M2, E3, E5, P2, P3, Q2): every figure of `recap_night` on
hand-built nights, in Europe/London. Missing data is None ("not recorded"), never zero.

DST nights: clocks go forward at 01:00 GMT on Sunday 29 March 2026 (the night of Saturday
28 March), and back at 02:00 BST on Sunday 25 October 2026 (the night of Saturday 24 October).
Instants in the repeated hour are built with `fold` (0: the first 01:xx, BST; 1: the second, GMT).
"""

from __future__ import annotations

from datetime import date, timedelta

from companion.domain.child_settings import NightPhase
from companion.domain.night_log import EventKind
from companion.domain.recap import (
    NOT_RECORDED,
    BeforeAfter,
    StarOffer,
    glance_rows,
    median_span,
    recap_night,
    summarize_night,
)
from companion.domain.routine import DEFAULT_STEPS, RoutineVersion
from tests.unit.records import FALL_BACK_NIGHT, TONIGHT, ev, t

ROUTINE = RoutineVersion("v1", "mia", date(2026, 1, 1), DEFAULT_STEPS)  # bath, teeth, books
PASS_NIGHT = NightPhase("pass", 1)
BASELINE = NightPhase("baseline", 0)
BEFORE = NightPhase("before", 0)
SPRING_NIGHT = date(2026, 3, 28)  # clocks go forward at 01:00 GMT on Sunday 29 March 2026
PRAISE = "I like the way you stayed in your room after using your pass. Here is a star for your chart."


def recap(events, *, night=TONIGHT, routine=ROUTINE, phase=PASS_NIGHT, worries=0, star=None):
    return recap_night(night, events, routine, phase, worries_waiting=worries, star=star)


def said(at, instruction="teeth now", seconds=10):
    return ev(EventKind.QUIET_SAID, at, instruction, seconds=seconds)


def answer(kind, instruction, at):
    return ev(kind, at, ref=instruction.id)


def full_night():
    """A whole evening and night: routine, readiness, say it once, the pass, a health flag."""
    teeth = said(t(18, 40))
    books = said(t(18, 50), "books on the bed")
    pass_used = ev(EventKind.PASS_USED, t(19, 50), "a drink", seconds=300)
    return [
        ev(EventKind.SCREENS_OFF, t(16, 45)),
        ev(EventKind.MOVED, t(17, 0), "yes"),
        ev(EventKind.FED, t(17, 30), "yes"),
        ev(EventKind.DRY, t(18, 55), "yes"),
        ev(EventKind.SAFE, t(18, 55), "no"),
        ev(EventKind.BEDTIME_STARTED, t(18, 20)),
        ev(EventKind.STEP_DONE, t(18, 35), "bath"),
        teeth,
        answer(EventKind.QUIET_REPEATED, teeth, t(18, 41)),
        answer(EventKind.QUIET_REPEATED, teeth, t(18, 42)),
        answer(EventKind.QUIET_DONE, teeth, t(18, 44)),
        ev(EventKind.STEP_DONE, t(18, 45), "teeth"),
        books,
        answer(EventKind.QUIET_DONE, books, t(18, 51)),
        ev(EventKind.STEP_DONE, t(19, 5), "books"),
        ev(EventKind.LIGHTS_OUT, t(19, 15)),
        ev(EventKind.CALLED_OUT, t(19, 20)),
        ev(EventKind.GOT_UP, t(19, 30)),
        ev(EventKind.BACK_IN_BED, t(19, 32)),
        pass_used,
        ev(EventKind.PASS_BACK, t(19, 54), ref=pass_used.id),
        ev(EventKind.CALLED_OUT, t(20, 5)),
        ev(EventKind.CALLED_OUT, t(20, 12)),
        ev(EventKind.FELL_ASLEEP, t(20, 25)),
        ev(EventKind.WOKE, t(2, 10)),
        ev(EventKind.CALLED_OUT, t(2, 12)),  # a waking: not part of settling
        ev(EventKind.VOMITED, t(2, 15)),
    ]


def test_a_whole_night_at_a_glance():
    night = recap(full_night(), worries=2, star=StarOffer(PRAISE))
    assert night.night == TONIGHT and night.logged and night.night_logged and night.phase == "pass"
    # The routine (E1): all three steps, from the start key to the last step.
    assert night.steps == DEFAULT_STEPS and night.steps_done == DEFAULT_STEPS
    assert night.bedtime_started == t(18, 20)
    assert night.routine_length == timedelta(minutes=45)
    assert night.routine_done is True
    # Readiness (E3): screens off 2 h 30 min before lights out; safe recorded as no.
    assert night.screens_off == t(16, 45)
    assert night.screens_before_bed == timedelta(hours=2, minutes=30)
    assert night.screens_too_late is False
    assert (night.moved, night.fed, night.dry, night.safe) == (True, True, True, False)
    assert night.needs_met is False
    # After goodnight (E4).
    assert night.lights_out == t(19, 15) and night.fell_asleep == t(20, 25)
    assert night.time_to_sleep == timedelta(minutes=70)
    assert night.time_to_quiet == timedelta(minutes=57)  # to the 20:12 call-out; 02:12 was a waking
    assert night.got_up == BeforeAfter(before=1, after=0)
    assert night.called_out == BeforeAfter(before=1, after=3)
    assert night.called_out.total == 4
    assert (night.woke, night.parents_bed) == (1, 0)
    # The pass (P1–P3).
    assert night.passes_allowed == 1
    assert [(use.at, use.reason, use.back) for use in night.passes] == [(t(19, 50), "a drink", t(19, 54))]
    assert night.stayed_in is True
    # Say it once (Q2): one said once, one repeated twice; comply in 4 min and 1 min.
    quiet = night.quiet
    assert (quiet.instructions, quiet.said_once, quiet.repeated, quiet.repeats) == (2, 1, 1, 2)
    assert (quiet.done, quiet.moved_on) == (2, 0)
    assert quiet.times_to_comply == (timedelta(minutes=4), timedelta(minutes=1))
    assert quiet.time_to_comply == timedelta(minutes=2, seconds=30)  # the median of two
    # Worries, the star, health.
    assert night.worries_waiting == 2
    assert night.star_to_give == StarOffer(PRAISE)
    assert night.health_flags == (EventKind.VOMITED,)
    assert night.health_line == "Logged in the night: vomited. Worth a calm check with the pediatrician."


def test_the_glance_in_words():
    rows = dict(glance_rows(recap(full_night(), worries=2, star=StarOffer(PRAISE))))
    assert rows["Routine"] == "3 of 3 steps in 45 min"
    assert rows["Screens off"] == "2 h 30 min before lights out"
    assert rows["Moved today"] == "yes"
    assert rows["Fed · dry · safe"] == "yes · yes · no"
    assert rows["Lights out"] == "19:15"
    assert rows["Fell asleep"] == "20:25, 1 h 10 min after lights out"
    assert rows["Time to quiet"] == "57 min after lights out"
    assert rows["Got up"] == "1 (1 before the pass, 0 after)"
    assert rows["Called out"] == "4 (1 before the pass, 3 after)"
    assert rows["Woke"] == "1" and rows["Parents' bed"] == "0"
    assert rows["Pass"] == "used 19:50 for a drink · stayed in after it"
    assert rows["Said once"] == "1 of 2 said once · 2 repeats · 2 min to comply (median)"
    assert rows["Worries"] == "2 waiting in the box"
    assert rows["Star"] == f"give it now: {PRAISE}"
    assert rows["Health"].endswith("Worth a calm check with the pediatrician.")


def test_nothing_logged_is_not_recorded_not_zero():
    night = recap([])
    assert night.logged is False and night.night_logged is False
    assert night.steps == DEFAULT_STEPS and night.steps_done == ()
    for figure in (
        night.bedtime_started, night.routine_length, night.routine_done, night.screens_off, night.screens_before_bed,
        night.moved, night.fed, night.dry, night.safe, night.needs_met, night.lights_out, night.fell_asleep,
        night.time_to_sleep, night.time_to_quiet, night.got_up, night.called_out, night.woke, night.parents_bed,
        night.stayed_in, night.quiet, night.star, night.health_line,
    ):  # fmt: skip
        assert figure is None
    assert night.passes == () and night.health_flags == ()
    rows = dict(glance_rows(night))
    for label in ("Routine", "Screens off", "Moved today", "Lights out", "Fell asleep", "Time to quiet", "Got up",
                  "Called out", "Woke", "Parents' bed", "Pass"):  # fmt: skip
        assert rows[label] == NOT_RECORDED, label
    assert rows["Fed · dry · safe"] == NOT_RECORDED  # once, not three times
    assert rows["Said once"] == "not used" and rows["Worries"] == "none waiting"
    assert "Star" not in rows and "Health" not in rows


def test_a_routine_logged_without_the_night_leaves_the_night_log_not_recorded():
    night = recap([ev(EventKind.BEDTIME_STARTED, t(18, 30)), ev(EventKind.STEP_DONE, t(18, 40), "bath")])
    assert night.logged and not night.night_logged
    assert night.steps_done == ("bath",) and night.routine_done is False
    assert night.routine_length is None  # stopped halfway: no honest length
    assert night.got_up is None and night.called_out is None and night.parents_bed is None and night.woke is None
    assert night.time_to_quiet is None and night.lights_out is None
    assert dict(glance_rows(night))["Routine"] == "1 of 3 steps"


def test_a_night_log_without_the_routine():
    night = recap([ev(EventKind.LIGHTS_OUT, t(19, 30)), ev(EventKind.FELL_ASLEEP, t(19, 50))])
    assert night.routine_done is None and night.bedtime_started is None and night.steps_done == ()
    assert night.got_up == BeforeAfter(0, None) and night.called_out == BeforeAfter(0, None)
    assert night.time_to_quiet == timedelta(0)  # no call-out: quiet from lights out
    assert night.stayed_in is None and night.passes == ()
    rows = dict(glance_rows(night))
    assert rows["Got up"] == "0" and rows["Time to quiet"] == "quiet from lights out"
    assert rows["Pass"] == "not used"


def test_no_routine_version_yet():
    night = recap([ev(EventKind.STEP_DONE, t(18, 40), "bath"), ev(EventKind.LIGHTS_OUT, t(19, 30))], routine=None)
    assert night.steps == () and night.steps_done == () and night.routine_done is None
    assert night.routine_length is None


def test_steps_checked_without_the_start_key_time_from_the_first_step():
    events = [ev(EventKind.STEP_DONE, t(18, 30), "bath"), ev(EventKind.STEP_DONE, t(18, 50), "books"),
              ev(EventKind.STEP_DONE, t(18, 40), "teeth")]  # fmt: skip
    night = recap(events)
    assert night.steps_done == DEFAULT_STEPS  # in the routine's order
    assert night.bedtime_started == t(18, 30) and night.routine_length == timedelta(minutes=20)


def test_undone_records_are_left_out():
    events = [
        ev(EventKind.LIGHTS_OUT, t(19, 0), undone=t(19, 1)),
        ev(EventKind.LIGHTS_OUT, t(19, 30)),
        ev(EventKind.GOT_UP, t(19, 40), undone=t(19, 41)),
        ev(EventKind.FELL_ASLEEP, t(19, 50)),
        ev(EventKind.VOMITED, t(23, 0), undone=t(23, 1)),
    ]
    night = recap(events)
    assert night.lights_out == t(19, 30) and night.time_to_sleep == timedelta(minutes=20)
    assert night.got_up.total == 0 and night.health_flags == () and night.health_line is None
    assert night.summary.events == 2


def test_only_undone_records_is_nothing_logged():
    night = recap([ev(EventKind.LIGHTS_OUT, t(19, 0), undone=t(19, 1))])
    assert not night.logged and night.got_up is None


def test_time_to_quiet_counts_settling_only():
    events = [
        ev(EventKind.CALLED_OUT, t(19, 10)),  # before lights out: not settling
        ev(EventKind.LIGHTS_OUT, t(19, 30)),
        ev(EventKind.CALLED_OUT, t(19, 35)),
        ev(EventKind.CALLED_OUT, t(19, 48)),
        ev(EventKind.WOKE, t(23, 0)),
        ev(EventKind.CALLED_OUT, t(23, 5)),  # after a waking
    ]
    night = recap(events)  # no sleep logged: settling ends at the first waking
    assert night.time_to_quiet == timedelta(minutes=18)
    assert night.time_to_sleep is None
    assert night.called_out == BeforeAfter(4, None)


def test_time_to_quiet_without_lights_out_is_not_recorded():
    night = recap([ev(EventKind.CALLED_OUT, t(19, 35)), ev(EventKind.FELL_ASLEEP, t(20, 0))])
    assert night.night_logged and night.time_to_quiet is None and night.time_to_sleep is None


def test_came_out_after_the_pass():
    pass_used = ev(EventKind.PASS_USED, t(19, 45), "the toilet")
    events = [
        ev(EventKind.LIGHTS_OUT, t(19, 30)),
        ev(EventKind.GOT_UP, t(19, 40)),
        pass_used,
        ev(EventKind.GOT_UP, t(20, 5)),
        ev(EventKind.PARENTS_BED, t(3, 0)),
    ]
    night = recap(events)
    assert night.got_up == BeforeAfter(1, 1)
    assert night.parents_bed == 1
    assert night.stayed_in is False
    assert night.passes[0].back is None  # not recorded
    assert dict(glance_rows(night))["Pass"] == "used 19:45 for the toilet · came out after it"


def test_the_parents_bed_after_the_pass_is_not_staying_in():
    events = [ev(EventKind.LIGHTS_OUT, t(19, 30)), ev(EventKind.PASS_USED, t(19, 45), "a hug"), ev(EventKind.PARENTS_BED, t(4, 0))]
    night = recap(events)
    assert night.got_up == BeforeAfter(0, 0) and night.stayed_in is False


def test_a_pass_alone_counts_as_a_logged_night():
    night = recap([ev(EventKind.PASS_USED, t(19, 45), "a hug")])
    assert night.night_logged and night.got_up == BeforeAfter(0, 0) and night.stayed_in is True
    assert night.lights_out is None and night.time_to_quiet is None


def test_a_baseline_night_has_no_pass():
    night = recap([ev(EventKind.LIGHTS_OUT, t(19, 30)), ev(EventKind.GOT_UP, t(19, 40))], phase=BASELINE)
    assert night.phase == "baseline" and night.passes_allowed == 0 and night.passes == ()
    assert night.got_up == BeforeAfter(1, None) and night.stayed_in is None
    assert dict(glance_rows(night))["Pass"] == "none (a baseline night: log only)"


def test_a_night_before_the_plan_shows_no_pass_row():
    rows = dict(glance_rows(recap([ev(EventKind.LIGHTS_OUT, t(19, 30))], phase=BEFORE)))
    assert "Pass" not in rows


def test_several_passes_split_at_the_last():
    first, second = ev(EventKind.PASS_USED, t(19, 40), "a drink"), ev(EventKind.PASS_USED, t(20, 0), "a hug")
    events = [ev(EventKind.LIGHTS_OUT, t(19, 30)), first, ev(EventKind.CALLED_OUT, t(19, 50)), second,
              ev(EventKind.CALLED_OUT, t(20, 10))]  # fmt: skip
    night = recap(events, phase=NightPhase("pass", 3))
    assert night.passes_allowed == 3 and [use.reason for use in night.passes] == ["a drink", "a hug"]
    assert night.called_out == BeforeAfter(1, 1)
    assert dict(glance_rows(night))["Pass"] == "used 19:40 for a drink, 20:00 for a hug · stayed in after it"


def test_said_once_moved_on_and_open_instructions():
    moved = said(t(18, 30))
    open_one = said(t(18, 40), "pyjamas on")
    events = [moved, answer(EventKind.QUIET_MOVED_ON, moved, t(18, 33)), open_one]
    quiet = recap(events).quiet
    assert (quiet.instructions, quiet.said_once, quiet.repeated, quiet.repeats) == (2, 2, 0, 0)
    assert (quiet.done, quiet.moved_on, quiet.times_to_comply, quiet.time_to_comply) == (0, 1, (), None)
    assert dict(glance_rows(recap(events)))["Said once"] == "2 of 2 said once"


def test_readiness_latest_entry_wins_and_needs_met():
    events = [ev(EventKind.FED, t(17, 0), "no"), ev(EventKind.FED, t(17, 30), "yes"), ev(EventKind.DRY, t(18, 0), "yes"),
              ev(EventKind.SAFE, t(18, 0), "yes")]  # fmt: skip
    night = recap(events)
    assert night.fed is True and night.needs_met is True and night.moved is None
    assert recap(events[1:3]).needs_met is None  # safe not recorded


def test_screens_off_without_lights_out_has_no_gap():
    night = recap([ev(EventKind.SCREENS_OFF, t(18, 10))])
    assert night.screens_off == t(18, 10) and night.screens_before_bed is None and night.screens_too_late is None
    assert dict(glance_rows(night))["Screens off"] == "at 18:10"


def test_screens_off_late_is_flagged():
    night = recap([ev(EventKind.SCREENS_OFF, t(18, 10)), ev(EventKind.LIGHTS_OUT, t(19, 30))])
    assert night.screens_before_bed == timedelta(hours=1, minutes=20) and night.screens_too_late is True
    assert dict(glance_rows(night))["Screens off"] == "1 h 20 min before lights out (under 2 h)"


def test_health_flags_make_one_calm_line():
    events = [ev(EventKind.LIGHTS_OUT, t(19, 30)), ev(EventKind.BREATHING, t(1, 0)), ev(EventKind.PANICKED, t(2, 0)),
              ev(EventKind.BREATHING, t(3, 0))]  # fmt: skip
    night = recap(events)
    assert night.health_flags == (EventKind.BREATHING, EventKind.PANICKED)
    assert night.health_line == (
        "Logged in the night: breathing trouble, panicked crying. Worth a calm check with the pediatrician."
    )
    assert "\n" not in night.health_line


def test_a_star_already_given_is_not_offered_again():
    night = recap([ev(EventKind.LIGHTS_OUT, t(19, 30))], star=StarOffer(PRAISE, given=True))
    assert night.star_to_give is None
    assert dict(glance_rows(night))["Star"].startswith("given: ")  # the praise stays to read aloud


def test_the_fall_back_night_times_by_the_true_clock():
    night = FALL_BACK_NIGHT
    events = [
        ev(EventKind.SCREENS_OFF, t(21, 0, night=night)),  # BST
        ev(EventKind.BEDTIME_STARTED, t(0, 40, night=night)),  # 00:40 BST
        ev(EventKind.STEP_DONE, t(1, 10, night=night), "bath"),  # first 01:10, BST
        ev(EventKind.STEP_DONE, t(1, 5, night=night, fold=1), "teeth"),  # second 01:05, GMT
        ev(EventKind.STEP_DONE, t(1, 20, night=night, fold=1), "books"),
        ev(EventKind.LIGHTS_OUT, t(1, 30, night=night, fold=0)),  # 00:30 UTC
        ev(EventKind.CALLED_OUT, t(1, 45, night=night, fold=0)),  # 00:45 UTC
        ev(EventKind.CALLED_OUT, t(1, 15, night=night, fold=1)),  # 01:15 UTC: later, though it reads earlier
        ev(EventKind.FELL_ASLEEP, t(1, 40, night=night, fold=1)),  # 01:40 UTC
    ]
    recap_ = recap(events, night=night)
    assert recap_.routine_length == timedelta(hours=1, minutes=40)  # 23:40 UTC to 01:20 UTC
    assert recap_.screens_before_bed == timedelta(hours=4, minutes=30)  # 20:00 UTC to 00:30 UTC
    assert recap_.time_to_quiet == timedelta(minutes=45)
    assert recap_.time_to_sleep == timedelta(minutes=70)
    rows = dict(glance_rows(recap_))
    assert rows["Lights out"] == "01:30" and rows["Fell asleep"] == "01:40, 1 h 10 min after lights out"


def test_the_spring_forward_night_times_by_the_true_clock():
    night = SPRING_NIGHT
    lights = t(23, 30, night=night)  # GMT
    events = [
        ev(EventKind.SCREENS_OFF, t(21, 0, night=night)),
        ev(EventKind.LIGHTS_OUT, lights),
        ev(EventKind.CALLED_OUT, t(0, 50, night=night)),  # 00:50 GMT
        ev(EventKind.CALLED_OUT, t(3, 5, night=night)),  # 03:05 BST = 02:05 UTC; 01:xx-02:xx never happened
        ev(EventKind.FELL_ASLEEP, t(3, 20, night=night)),  # 02:20 UTC
    ]
    assert lights.utcoffset() == timedelta(0) and t(3, 5, night=night).utcoffset() == timedelta(hours=1)
    recap_ = recap(events, night=night)
    assert recap_.time_to_quiet == timedelta(hours=2, minutes=35)  # not the wall clock's 3 h 35 min
    assert recap_.time_to_sleep == timedelta(hours=2, minutes=50)
    assert recap_.screens_before_bed == timedelta(hours=2, minutes=30)


def test_median_span():
    minutes = [timedelta(minutes=m) for m in (9, 1, 4)]
    assert median_span([]) is None
    assert median_span(minutes) == timedelta(minutes=4)
    assert median_span(minutes[:2]) == timedelta(minutes=5)


def test_the_text_recap_summary_is_unchanged():
    events = full_night()
    assert recap(events).summary == summarize_night(TONIGHT, events)
