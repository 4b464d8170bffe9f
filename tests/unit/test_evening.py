"""One child's evening folded from its night log (rules E1, E3, E4, E5).

Night logs are built by hand. Every instant is explicit, in Europe/London: `at` is when a thing
happened (typed or now), `recorded` when the parent entered it. Instants in the repeated hour of
the night clocks go back are built with `fold` (0: the first 01:xx, in BST; 1: the second, GMT).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from companion.domain.evening import Evening, evening_from, last_action
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.routine import DEFAULT_STEPS, RoutineVersion

LONDON = ZoneInfo("Europe/London")
TONIGHT = date(2026, 11, 20)  # an ordinary Friday in November (GMT)
FALL_BACK_NIGHT = date(2026, 10, 24)  # clocks go back at 02:00 BST on Sunday 25 October
ROUTINE = RoutineVersion("v1", "mia", date(2026, 10, 1), DEFAULT_STEPS)  # bath, teeth, books

_ids = count(1)


def t(hour: int, minute: int = 0, *, night: date = TONIGHT, fold: int = 0) -> datetime:
    """A London wall time within `night` (noon to noon): from 12:00 the evening, else next morning."""
    day = night if hour >= 12 else night + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON, fold=fold)


def ev(
    kind: EventKind,
    at: datetime,
    value: str = "",
    *,
    recorded: datetime | None = None,
    undone: datetime | None = None,
    night: date = TONIGHT,
) -> NightEvent:
    """A record entered when it happened unless `recorded` says otherwise."""
    return NightEvent(
        id=f"e{next(_ids)}",
        child_id="mia",
        night=night,
        kind=kind,
        at=at,
        value=value,
        recorded=recorded or at,
        undone=undone,
    )


def step(name: str, at: datetime, **fields) -> NightEvent:
    return ev(EventKind.STEP_DONE, at, name, **fields)


def fold(events: list[NightEvent], *, night: date = TONIGHT, routine: RoutineVersion = ROUTINE) -> Evening:
    return evening_from(night, routine, events)


# -- the routine's checklist (E1) -----------------------------------------------------------


def test_a_fresh_evening_starts_at_the_first_step_with_nothing_done() -> None:
    evening = fold([])
    assert evening.next_step == "bath"
    assert not evening.all_done
    assert evening.done == {}
    assert evening.started is None
    assert evening.routine_length(t(19, 30)) is None


def test_next_step_follows_the_routine_order_and_all_done_after_the_last() -> None:
    bath = step("bath", t(19, 0))
    teeth = step("teeth", t(19, 25))
    books = step("books", t(19, 35))

    assert fold([bath]).next_step == "teeth"
    assert fold([bath, teeth]).next_step == "books"
    evening = fold([bath, teeth, books])
    assert evening.next_step is None
    assert evening.all_done
    assert evening.done == {"bath": t(19, 0), "teeth": t(19, 25), "books": t(19, 35)}


def test_steps_may_be_checked_out_of_order_and_next_step_is_the_first_not_done() -> None:
    # Teeth first tonight (the bath is broken), then books: the bath is still waiting.
    evening = fold([step("teeth", t(19, 0)), step("books", t(19, 10))])
    assert evening.next_step == "bath"
    assert not evening.all_done
    assert set(evening.done) == {"teeth", "books"}

    evening = fold([step("books", t(19, 0))])
    assert evening.next_step == "bath"

    evening = fold([step("bath", t(19, 0)), step("books", t(19, 10))])
    assert evening.next_step == "teeth"


def test_a_custom_routine_is_followed_in_its_own_order() -> None:
    routine = RoutineVersion("v2", "mia", date(2026, 11, 10), ("pyjamas", "teeth", "story", "song"))
    evening = fold([step("pyjamas", t(19, 0)), step("story", t(19, 20))], routine=routine)
    assert evening.next_step == "teeth"
    evening = fold(
        [step(name, t(19, minute)) for name, minute in zip(routine.steps, (0, 10, 20, 30), strict=True)],
        routine=routine,
    )
    assert evening.all_done


def test_started_is_when_bedtime_was_started() -> None:
    evening = fold([ev(EventKind.BEDTIME_STARTED, t(18, 45)), step("bath", t(19, 0))])
    assert evening.started == t(18, 45)


def test_started_without_an_explicit_start_is_the_first_step_checked() -> None:
    # Entered in this order, but teeth was typed as 19:05 after books at 19:10: the first check
    # in time is the start, not the first entered.
    books = step("books", t(19, 10))
    teeth = step("teeth", t(19, 5), recorded=t(19, 12))
    evening = fold([books, teeth])
    assert evening.started == t(19, 5)


def test_routine_length_runs_until_now_while_steps_remain() -> None:
    evening = fold([ev(EventKind.BEDTIME_STARTED, t(19, 0)), step("bath", t(19, 20))])
    assert evening.routine_length(t(19, 30)) == timedelta(minutes=30)
    assert evening.routine_length(t(19, 52)) == timedelta(minutes=52)


def test_routine_length_stops_at_the_last_check_when_all_are_done() -> None:
    evening = fold(
        [
            ev(EventKind.BEDTIME_STARTED, t(19, 0)),
            step("bath", t(19, 20)),
            # Books before teeth tonight: the last check in time ends the routine.
            step("books", t(19, 50)),
            step("teeth", t(19, 40), recorded=t(19, 55)),
        ]
    )
    assert evening.all_done
    assert evening.routine_length(t(19, 55)) == timedelta(minutes=50)
    assert evening.routine_length(t(22, 0)) == timedelta(minutes=50)  # it does not keep growing


def test_routine_length_without_a_start_counts_from_the_first_check() -> None:
    evening = fold([step("bath", t(19, 10)), step("teeth", t(19, 30))])
    assert evening.routine_length(t(19, 40)) == timedelta(minutes=30)


def test_an_undone_step_check_is_not_done_any_more() -> None:
    bath = step("bath", t(19, 0))
    teeth = step("teeth", t(19, 20), undone=t(19, 21))  # a slip of the finger, taken back
    evening = fold([bath, teeth])  # the undone record is still there: history keeps it
    assert evening.done == {"bath": t(19, 0)}
    assert evening.next_step == "teeth"
    assert evening.routine_length(t(19, 30)) == timedelta(minutes=30)


def test_the_last_step_undone_makes_the_routine_run_again() -> None:
    events = [
        step("bath", t(19, 0)),
        step("teeth", t(19, 20)),
        step("books", t(19, 40), undone=t(19, 41)),
    ]
    evening = fold(events)
    assert not evening.all_done
    assert evening.next_step == "books"
    assert evening.routine_length(t(19, 50)) == timedelta(minutes=50)


def test_re_checking_a_step_after_undo_gives_the_new_time() -> None:
    events = [
        step("bath", t(19, 0)),
        step("teeth", t(19, 15), undone=t(19, 16)),
        step("teeth", t(19, 25)),
    ]
    evening = fold(events)
    assert evening.done["teeth"] == t(19, 25)
    assert evening.next_step == "books"


def test_an_only_step_check_undone_leaves_the_routine_not_started() -> None:
    evening = fold([step("bath", t(19, 0), undone=t(19, 1))])
    assert evening.done == {}
    assert evening.started is None
    assert evening.routine_length(t(19, 30)) is None


def test_a_step_not_in_tonights_routine_is_not_counted_as_done() -> None:
    # "songs" was in an older routine; tonight's is bath, teeth, books.
    evening = fold([step("bath", t(19, 0)), step("songs", t(19, 10)), step("teeth", t(19, 20))])
    assert evening.done == {"bath": t(19, 0), "teeth": t(19, 20)}
    assert evening.next_step == "books"
    assert not evening.all_done


def test_the_folded_evening_does_not_depend_on_the_order_records_are_given_in() -> None:
    events = [
        ev(EventKind.BEDTIME_STARTED, t(18, 50)),
        step("bath", t(19, 0)),
        ev(EventKind.FED, t(19, 5), "no"),
        ev(EventKind.FED, t(19, 10), "yes"),
        step("teeth", t(19, 20)),
        ev(EventKind.LIGHTS_OUT, t(19, 45)),
        ev(EventKind.CALLED_OUT, t(20, 5)),
    ]
    assert fold(list(reversed(events))) == fold(events)


# -- readiness checks (E3) ------------------------------------------------------------------


def test_readiness_yes_and_no_are_kept_and_what_was_not_recorded_is_absent() -> None:
    evening = fold([ev(EventKind.MOVED, t(18, 0), "yes"), ev(EventKind.FED, t(18, 30), "no")])
    assert evening.readiness == {EventKind.MOVED: True, EventKind.FED: False}
    # Not recorded is not "no": the key is missing, never False.
    assert EventKind.DRY not in evening.readiness
    assert EventKind.SAFE not in evening.readiness
    assert fold([]).readiness == {}


def test_readiness_takes_the_latest_entered_answer_not_the_latest_time() -> None:
    # "Fed: no" entered at 19:00; then the parent remembers the snack at 18:50 and enters "yes".
    no = ev(EventKind.FED, t(19, 0), "no", recorded=t(19, 0))
    yes = ev(EventKind.FED, t(18, 50), "yes", recorded=t(19, 5))
    assert fold([no, yes]).readiness[EventKind.FED] is True
    assert fold([yes, no]).readiness[EventKind.FED] is True

    # And the other way round: a later "no" entry overrides an earlier "yes".
    dry = ev(EventKind.DRY, t(19, 0), "yes", recorded=t(19, 0))
    wet = ev(EventKind.DRY, t(18, 55), "no", recorded=t(19, 30))
    assert fold([wet, dry]).readiness[EventKind.DRY] is False


def test_an_undone_readiness_answer_gives_back_the_one_before() -> None:
    no = ev(EventKind.SAFE, t(19, 0), "no")
    yes = ev(EventKind.SAFE, t(19, 10), "yes", undone=t(19, 11))
    assert fold([no, yes]).readiness == {EventKind.SAFE: False}
    assert fold([yes]).readiness == {}


def test_needs_are_met_only_when_fed_dry_and_safe_are_all_yes() -> None:
    fed, dry, safe = (ev(kind, t(19, 0), "yes") for kind in (EventKind.FED, EventKind.DRY, EventKind.SAFE))
    assert fold([fed, dry, safe]).needs_met
    # Moving their body is a readiness check, not a need: it does not matter here.
    assert fold([fed, dry, safe, ev(EventKind.MOVED, t(19, 1), "no")]).needs_met

    assert not fold([]).needs_met
    assert not fold([fed, dry]).needs_met  # safe not recorded
    assert not fold([fed, dry, ev(EventKind.SAFE, t(19, 0), "no")]).needs_met
    assert not fold([fed, dry, safe, ev(EventKind.DRY, t(20, 30), "no")]).needs_met  # wet since
    assert not fold([fed, dry, ev(EventKind.SAFE, t(19, 0), "yes", undone=t(19, 2))]).needs_met


# -- screens off (E3) -----------------------------------------------------------------------


def test_screens_before_bed_runs_to_lights_out_when_logged() -> None:
    evening = fold([ev(EventKind.SCREENS_OFF, t(17, 15)), ev(EventKind.LIGHTS_OUT, t(19, 45))])
    assert evening.screens_off == t(17, 15)
    assert evening.screens_before_bed(t(22, 0)) == timedelta(hours=2, minutes=30)
    assert not evening.screens_too_late(t(22, 0))


def test_screens_before_bed_runs_to_now_until_lights_out() -> None:
    evening = fold([ev(EventKind.SCREENS_OFF, t(18, 0))])
    assert evening.screens_before_bed(t(19, 15)) == timedelta(hours=1, minutes=15)
    assert evening.screens_too_late(t(19, 15))
    assert evening.screens_before_bed(t(20, 30)) == timedelta(hours=2, minutes=30)
    assert not evening.screens_too_late(t(20, 30))


def test_screens_off_under_two_hours_before_bed_is_too_late_and_exactly_two_is_not() -> None:
    lights = ev(EventKind.LIGHTS_OUT, t(19, 30))
    exactly = fold([ev(EventKind.SCREENS_OFF, t(17, 30)), lights])
    assert exactly.screens_before_bed(t(21, 0)) == timedelta(hours=2)
    assert not exactly.screens_too_late(t(21, 0))

    short = fold([ev(EventKind.SCREENS_OFF, t(17, 31)), lights])
    assert short.screens_before_bed(t(21, 0)) == timedelta(hours=1, minutes=59)
    assert short.screens_too_late(t(21, 0))

    a_second_short = fold([ev(EventKind.SCREENS_OFF, t(17, 30) + timedelta(seconds=1)), lights])
    assert a_second_short.screens_too_late(t(21, 0))


def test_screens_not_recorded_says_nothing_rather_than_too_late() -> None:
    evening = fold([ev(EventKind.LIGHTS_OUT, t(19, 30))])
    assert evening.screens_off is None
    assert evening.screens_before_bed(t(19, 30)) is None
    assert not evening.screens_too_late(t(19, 30))


def test_screens_off_corrected_takes_the_latest_entry_and_skips_undone_ones() -> None:
    first = ev(EventKind.SCREENS_OFF, t(18, 0), recorded=t(18, 0))
    corrected = ev(EventKind.SCREENS_OFF, t(17, 20), recorded=t(18, 40))  # "it was earlier, really"
    assert fold([corrected, first]).screens_off == t(17, 20)
    withdrawn = ev(EventKind.SCREENS_OFF, t(17, 20), recorded=t(18, 40), undone=t(18, 41))
    assert fold([first, withdrawn]).screens_off == t(18, 0)


# -- who did bedtime and the hand-over note (E4) --------------------------------------------


def test_bedtime_by_and_handover_take_the_latest_entry() -> None:
    events = [
        ev(EventKind.BEDTIME_BY, t(18, 30), "Sam"),
        ev(EventKind.BEDTIME_BY, t(18, 40), "Alex"),
        ev(EventKind.HANDOVER, t(19, 50), "Asleep by 8. Water on the shelf."),
        ev(EventKind.HANDOVER, t(19, 55), "Asleep by 8. Water on the shelf. Coughing a little."),
    ]
    evening = fold(events)
    assert evening.bedtime_by == "Alex"
    assert evening.handover == "Asleep by 8. Water on the shelf. Coughing a little."
    assert fold(list(reversed(events))) == evening


def test_undone_bedtime_by_and_handover_are_skipped() -> None:
    events = [
        ev(EventKind.BEDTIME_BY, t(18, 30), "Sam"),
        ev(EventKind.BEDTIME_BY, t(18, 40), "Alex", undone=t(18, 41)),
        ev(EventKind.HANDOVER, t(19, 50), "Wrong child", undone=t(19, 51)),
    ]
    evening = fold(events)
    assert evening.bedtime_by == "Sam"
    assert evening.handover is None
    assert fold([]).bedtime_by is None and fold([]).handover is None


# -- the log after goodnight (E4, E5) -------------------------------------------------------


def test_the_log_holds_only_what_happened_after_goodnight_in_time_order() -> None:
    lights = ev(EventKind.LIGHTS_OUT, t(19, 45))
    back = ev(EventKind.BACK_IN_BED, t(20, 7))
    call = ev(EventKind.CALLED_OUT, t(20, 20))
    asleep = ev(EventKind.FELL_ASLEEP, t(20, 40))
    woke = ev(EventKind.WOKE, t(2, 10))
    parents = ev(EventKind.PARENTS_BED, t(2, 30))
    sick = ev(EventKind.VOMITED, t(3, 0))
    evening_kinds = [
        ev(EventKind.BEDTIME_STARTED, t(18, 45)),
        step("bath", t(19, 0)),
        ev(EventKind.FED, t(19, 5), "yes"),
        ev(EventKind.SCREENS_OFF, t(17, 30)),
        ev(EventKind.BEDTIME_BY, t(18, 45), "Sam"),
        ev(EventKind.HANDOVER, t(20, 50), "Sleeping."),
    ]
    # Given shuffled, and the 20:05 get-up entered late (at 20:30).
    late_out = ev(EventKind.GOT_UP, t(20, 5), recorded=t(20, 30))
    events = [sick, asleep, *evening_kinds, late_out, lights, woke, call, back, parents]
    assert fold(events).log == (lights, late_out, back, call, asleep, woke, parents, sick)


def test_the_log_skips_undone_records() -> None:
    lights = ev(EventKind.LIGHTS_OUT, t(19, 45))
    mistaken = ev(EventKind.CALLED_OUT, t(20, 0), undone=t(20, 0))
    asleep = ev(EventKind.FELL_ASLEEP, t(20, 15))
    assert fold([lights, mistaken, asleep]).log == (lights, asleep)


def test_the_log_is_in_true_time_order_across_the_hour_the_clocks_go_back() -> None:
    night = FALL_BACK_NIGHT
    lights = ev(EventKind.LIGHTS_OUT, t(19, 30, night=night), night=night)
    woke_bst = ev(EventKind.WOKE, t(1, 30, night=night, fold=0), night=night)  # 00:30 UTC
    parents_gmt = ev(EventKind.PARENTS_BED, t(1, 10, night=night, fold=1), night=night)  # 01:10 UTC
    late = ev(EventKind.CALLED_OUT, t(5, 0, night=night), night=night)
    assert woke_bst.at.utcoffset() == timedelta(hours=1)
    assert parents_gmt.at.utcoffset() == timedelta(0)

    evening = fold([late, parents_gmt, woke_bst, lights], night=night)
    # 01:30 BST came before 01:10 GMT, although its wall clock reads later.
    assert [event.id for event in evening.log] == [lights.id, woke_bst.id, parents_gmt.id, late.id]


def test_lights_out_is_the_first_lights_out_of_the_night() -> None:
    evening = fold(
        [
            ev(EventKind.LIGHTS_OUT, t(20, 0)),
            ev(EventKind.LIGHTS_OUT, t(19, 40), recorded=t(20, 5)),
            ev(EventKind.GOT_UP, t(19, 50)),
        ]
    )
    assert evening.lights_out() == t(19, 40)
    assert fold([]).lights_out() is None


# -- oddities: kept and pointed out (E4) ----------------------------------------------------


def test_falling_asleep_before_lights_out_is_kept_and_pointed_out_with_both_times() -> None:
    lights = ev(EventKind.LIGHTS_OUT, t(19, 45))
    asleep = ev(EventKind.FELL_ASLEEP, t(19, 20))  # asleep in the bath, say, or a typo
    evening = fold([lights, asleep])
    assert evening.log == (asleep, lights)  # kept, not refused
    notes = evening.oddities()
    assert len(notes) == 1
    assert "19:20" in notes[0] and "19:45" in notes[0]
    assert "before lights out" in notes[0].lower()


def test_an_ordinary_night_has_no_oddities() -> None:
    evening = fold([ev(EventKind.LIGHTS_OUT, t(19, 45)), ev(EventKind.FELL_ASLEEP, t(20, 10))])
    assert evening.oddities() == []
    assert fold([ev(EventKind.FELL_ASLEEP, t(20, 10))]).oddities() == []  # lights out not logged
    assert fold([]).oddities() == []


def test_an_undone_fell_asleep_is_no_oddity() -> None:
    evening = fold(
        [ev(EventKind.LIGHTS_OUT, t(19, 45)), ev(EventKind.FELL_ASLEEP, t(19, 20), undone=t(19, 50))]
    )
    assert evening.oddities() == []


# -- undo takes back the last action (E4) ---------------------------------------------------


def test_the_last_action_is_the_last_entered_not_the_latest_in_time() -> None:
    # 20:10 a call-out is logged; at 20:12 the parent adds lights out, typed as -10m (20:02).
    call = ev(EventKind.CALLED_OUT, t(20, 10), recorded=t(20, 10))
    lights = ev(EventKind.LIGHTS_OUT, t(20, 2), recorded=t(20, 12))
    assert last_action([call, lights]) == lights
    assert last_action([lights, call]) == lights


def test_the_last_action_skips_what_was_already_undone() -> None:
    bath = step("bath", t(19, 0))
    call = ev(EventKind.CALLED_OUT, t(20, 10), recorded=t(20, 10))
    lights = ev(EventKind.LIGHTS_OUT, t(20, 2), recorded=t(20, 12), undone=t(20, 13))
    assert last_action([bath, call, lights]) == call
    # Undo again: the call-out goes next, then the bath.
    call_undone = ev(EventKind.CALLED_OUT, t(20, 10), recorded=t(20, 10), undone=t(20, 14))
    assert last_action([bath, call_undone, lights]) == bath


def test_the_last_action_covers_the_whole_evening_not_only_the_log() -> None:
    lights = ev(EventKind.LIGHTS_OUT, t(19, 45))
    note = ev(EventKind.HANDOVER, t(19, 50), "Sleeping.")
    assert last_action([note, lights]) == note


def test_the_last_action_is_ordered_by_true_time_across_the_hour_the_clocks_go_back() -> None:
    night = FALL_BACK_NIGHT
    first = ev(EventKind.WOKE, t(1, 30, night=night, fold=0), night=night)  # entered 00:30 UTC
    second = ev(EventKind.BACK_IN_BED, t(1, 10, night=night, fold=1), night=night)  # entered 01:10 UTC
    assert last_action([second, first]) == second


def test_there_is_no_last_action_on_an_empty_night_or_when_all_were_undone() -> None:
    assert last_action([]) is None
    assert last_action([ev(EventKind.LIGHTS_OUT, t(19, 45), undone=t(19, 46))]) is None
