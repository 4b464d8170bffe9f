"""The night log on disk (rules E4, E5, X5, X6): value and entry time kept exactly, undo that
keeps history in one atomic write of the night's own file, events after midnight in the
evening's file, damaged records set aside, and the routine each night used."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from companion.clock import ManualClock
from companion.domain.evening import evening_from, last_action
from companion.domain.night_log import EventKind
from companion.domain.routine import DEFAULT_STEPS
from companion.store import storage
from companion.store.store import Store
from tests.store.helpers import (
    BIRTH_DATE,
    EVENING_STAMP,
    clock,
    load_json,
    local,
    make_household,
    snapshot,
    temp_files,
    under_nights,
)

TONIGHT = date(2026, 11, 20)  # the helpers' clock: Friday 20 November 2026, 19:30:45 London


def _night_file(data_dir: Path, night: date) -> Path:
    return data_dir / "nights" / f"{night:%Y-%m}" / f"{night:%d}.json"


def _docs(path: Path) -> list[dict]:
    return list(load_json(path)["events"].values())


# -- value and recorded (E4, X5) ------------------------------------------------------------


def test_value_and_entry_time_are_stored_and_survive_a_reopen_to_the_microsecond(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    now = local(2026, 11, 20, 19, 30, 45, 123456)
    store = Store.open(data_dir, clock(now))
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        bath = store.add_night_event(mia.id, EventKind.STEP_DONE, local(2026, 11, 20, 19, 10, 5, 654321), "bath")
        note = store.add_night_event(mia.id, EventKind.HANDOVER, now, "Asleep by 8 — water’s on the shelf 🐉")
        lights = store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 25))
        assert bath.value == "bath" and bath.recorded == now
        assert note.value == "Asleep by 8 — water’s on the shelf 🐉"
        assert lights.value == ""
        assert lights.recorded == now  # the clock's now, not the typed time
    finally:
        store.close()

    reopened = Store.open(data_dir, clock(now))
    try:
        events = reopened.night_events(mia.id, TONIGHT)
        assert events == [bath, lights, note]  # in time order
        back = {event.kind: event for event in events}
        assert back[EventKind.STEP_DONE].at.microsecond == 654321
        assert back[EventKind.STEP_DONE].recorded.microsecond == 123456
        assert back[EventKind.STEP_DONE].recorded.utcoffset() == timedelta(0)  # GMT in November
        assert all(event.undone is None for event in events)
    finally:
        reopened.close()

    # On disk with its UTC offset (E5).
    doc = next(d for d in _docs(_night_file(data_dir, TONIGHT)) if d["kind"] == "step_done")
    assert datetime.fromisoformat(doc["recorded"]) == now
    assert datetime.fromisoformat(doc["recorded"]).utcoffset() is not None


def test_a_given_entry_time_is_kept_instead_of_the_clocks(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    entered = local(2026, 11, 20, 20, 12, 0, 500)  # a history written later (demo, import)
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        event = store.add_night_event(
            mia.id, EventKind.FED, local(2026, 11, 20, 18, 0), "yes", recorded=entered
        )
        assert event.recorded == entered
    finally:
        store.close()

    reopened = Store.open(data_dir, clock())
    try:
        [back] = reopened.night_events(mia.id, TONIGHT)
        assert back == event
        assert back.recorded == entered and back.recorded.microsecond == 500
        assert back.value == "yes"
    finally:
        reopened.close()


def test_entry_times_in_summer_come_back_with_the_summer_offset(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    summer = local(2026, 7, 3, 20, 15, 30, 250000)
    store = Store.open(data_dir, clock(summer))
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        event = store.add_night_event(mia.id, EventKind.SCREENS_OFF, local(2026, 7, 3, 18, 0))
    finally:
        store.close()

    reopened = Store.open(data_dir, clock(summer))
    try:
        [back] = reopened.night_events(mia.id, date(2026, 7, 3))
        assert back == event
        assert back.recorded.utcoffset() == timedelta(hours=1)
        assert (back.recorded.hour, back.recorded.minute, back.recorded.microsecond) == (20, 15, 250000)
    finally:
        reopened.close()


# -- undo keeps history (E4, X5) ------------------------------------------------------------


def test_undo_marks_the_record_undone_and_history_keeps_it_after_a_reopen(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    moving = ManualClock(local(2026, 11, 20, 20, 10))
    store = Store.open(data_dir, moving)
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        call = store.add_night_event(mia.id, EventKind.CALLED_OUT, moving.now())
        moving.advance(minutes=2, seconds=3, microseconds=7)
        lights = store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 20, 2))
        moving.advance(seconds=40)
        undone = store.undo(lights)
        assert undone.undone == moving.now()
        assert undone.id == lights.id and undone.at == lights.at and undone.recorded == lights.recorded
        assert store.night_events(mia.id, TONIGHT) == [call]
    finally:
        store.close()

    reopened = Store.open(data_dir, clock())
    try:
        assert reopened.night_events(mia.id, TONIGHT) == [call]
        assert reopened.night_events(mia.id, TONIGHT, with_undone=True) == [undone, call]
        [kept] = [e for e in reopened.night_events(mia.id, TONIGHT, with_undone=True) if e.id == lights.id]
        assert kept.undone == local(2026, 11, 20, 20, 12, 43, 7)
    finally:
        reopened.close()


def test_undo_is_one_atomic_write_of_tonights_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]  # nights of 14 October and 19 November
    store = Store.open(data_dir, clock())
    try:
        store.add_night_event(child_id, EventKind.STEP_DONE, local(2026, 11, 20, 19, 5), "bath")
        teeth = store.add_night_event(child_id, EventKind.STEP_DONE, local(2026, 11, 20, 19, 20), "teeth")
    finally:
        store.close()
    tonight = _night_file(data_dir, TONIGHT)
    before = snapshot(data_dir)
    docs_before = {doc["id"]: doc for doc in _docs(tonight)}

    writes: list[Path] = []
    real_write = storage.atomic_write_json

    def counted(path: Path, data: object, root: Path) -> None:
        writes.append(path)
        real_write(path, data, root)

    monkeypatch.setattr(storage, "atomic_write_json", counted)
    store = Store.open(data_dir, clock(local(2026, 11, 20, 19, 21)))
    try:
        [taken_back] = [e for e in store.night_events(child_id, TONIGHT) if e.id == teeth.id]
        store.undo(taken_back)
    finally:
        store.close()

    assert writes == [tonight]
    after = snapshot(data_dir)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["nights/2026-11/20.json"]
    assert set(after) == set(before)  # nothing new, nothing gone
    assert after["nights/2026-11/20.json"][2] != before["nights/2026-11/20.json"][2]  # replaced, not rewritten in place
    assert temp_files(data_dir) == []
    # Only the undone record changed, and only by gaining its undo time.
    docs_after = {doc["id"]: doc for doc in _docs(tonight)}
    assert docs_after.keys() == docs_before.keys()
    for doc_id, doc in docs_after.items():
        if doc_id == teeth.id:
            assert {k: v for k, v in doc.items() if k != "undone"} == docs_before[doc_id]
            assert datetime.fromisoformat(doc["undone"]) == local(2026, 11, 20, 19, 21)
        else:
            assert doc == docs_before[doc_id]


def test_undoing_a_step_check_reopens_the_step_and_the_undo_goes_on_to_the_one_before(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    moving = ManualClock(local(2026, 11, 20, 19, 0))
    store = Store.open(data_dir, moving)
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        bath = store.add_night_event(mia.id, EventKind.STEP_DONE, moving.now(), "bath")
        moving.advance(minutes=20)
        teeth = store.add_night_event(mia.id, EventKind.STEP_DONE, moving.now(), "teeth")
        moving.advance(seconds=30)
        store.undo(teeth)
    finally:
        store.close()

    reopened = Store.open(data_dir, clock())
    try:
        history = reopened.night_events(mia.id, TONIGHT, with_undone=True)
        assert len(history) == 2
        evening = evening_from(TONIGHT, reopened.routine_on(mia.id, TONIGHT), history)
        assert evening.done == {"bath": bath.at}
        assert evening.next_step == "teeth"
        assert last_action(history) == bath
    finally:
        reopened.close()


# -- the night of (E5) ----------------------------------------------------------------------


def test_events_after_midnight_and_before_noon_land_in_the_evenings_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, clock(local(2027, 1, 2, 8, 0)))
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        placed = {
            "evening": store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 40)),
            "past midnight": store.add_night_event(mia.id, EventKind.WOKE, local(2026, 11, 21, 0, 0)),
            "small hours": store.add_night_event(mia.id, EventKind.PARENTS_BED, local(2026, 11, 21, 2, 10)),
            "just before noon": store.add_night_event(mia.id, EventKind.CALLED_OUT, local(2026, 11, 21, 11, 59, 59)),
            "noon": store.add_night_event(mia.id, EventKind.BEDTIME_STARTED, local(2026, 11, 21, 12, 0)),
            "month end": store.add_night_event(mia.id, EventKind.WOKE, local(2026, 12, 1, 3, 0)),
            "new year": store.add_night_event(mia.id, EventKind.WOKE, local(2027, 1, 1, 0, 30)),
        }
    finally:
        store.close()

    nights = {name: event.night for name, event in placed.items()}
    assert nights == {
        "evening": date(2026, 11, 20),
        "past midnight": date(2026, 11, 20),
        "small hours": date(2026, 11, 20),
        "just before noon": date(2026, 11, 20),
        "noon": date(2026, 11, 21),
        "month end": date(2026, 11, 30),
        "new year": date(2026, 12, 31),
    }
    assert under_nights(data_dir) == [
        "2026-11",
        "2026-11/20.json",
        "2026-11/21.json",
        "2026-11/30.json",
        "2026-12",
        "2026-12/31.json",
    ]
    tonight = {doc["id"] for doc in _docs(_night_file(data_dir, TONIGHT))}
    names = ("evening", "past midnight", "small hours", "just before noon")
    assert tonight == {placed[name].id for name in names}

    reopened = Store.open(data_dir, clock(local(2027, 1, 2, 8, 0)))
    try:
        assert reopened.night_events(mia.id, TONIGHT) == [placed[name] for name in names]
        assert reopened.night_events(mia.id, date(2026, 11, 21)) == [placed["noon"]]
        assert reopened.night_events(mia.id, date(2026, 12, 1)) == []
    finally:
        reopened.close()


def test_the_night_the_clocks_go_back_is_one_file_in_true_time_order(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first_130 = datetime.fromisoformat("2026-10-25T01:30:00+01:00")  # BST, 00:30 UTC
    second_110 = datetime.fromisoformat("2026-10-25T01:10:00+00:00")  # GMT, 01:10 UTC
    store = Store.open(data_dir, clock(local(2026, 10, 25, 9, 0)))
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        parents = store.add_night_event(mia.id, EventKind.PARENTS_BED, second_110)
        woke = store.add_night_event(mia.id, EventKind.WOKE, first_130)
        lights = store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 10, 24, 19, 30))
    finally:
        store.close()
    assert under_nights(data_dir) == ["2026-10", "2026-10/24.json"]

    reopened = Store.open(data_dir, clock(local(2026, 10, 25, 9, 0)))
    try:
        events = reopened.night_events(mia.id, date(2026, 10, 24))
        assert [event.id for event in events] == [lights.id, woke.id, parents.id]
        assert [event.at.utcoffset() for event in events] == [timedelta(hours=1), timedelta(hours=1), timedelta(0)]
        # Compared as instants: PEP 495 makes `==` across zones false inside the repeated hour.
        assert events[1].at.timestamp() == first_130.timestamp()
        assert events[2].at.timestamp() == second_110.timestamp()
        assert (events[1].at.hour, events[1].at.minute, events[2].at.hour, events[2].at.minute) == (1, 30, 1, 10)
    finally:
        reopened.close()


# -- damaged records are set aside (X6) -----------------------------------------------------


def _set(field: str, value: object) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        doc[field] = value

    return change


NIGHT_RECORD_DAMAGE: dict[str, Callable[[dict], None]] = {
    "at has no offset": _set("at", "2026-11-19T19:40:00"),
    "recorded is a word": _set("recorded", "yesterday"),
    "recorded is a number": _set("recorded", 1795635045),
    "recorded has no offset": _set("recorded", "2026-11-20T19:30:45.000000"),
    "recorded is null": _set("recorded", None),
    "undone is a word": _set("undone", "soon"),
    "undone is a list": _set("undone", ["2026-11-20T19:31:00+00:00"]),
    "undone has no offset": _set("undone", "2026-11-20T19:31:00"),
    "undone is null": _set("undone", None),
    "value is a number": _set("value", 3),
    "value is a list": _set("value", ["bath"]),
    "value is an object": _set("value", {"who": "Sam"}),
    "value is true": _set("value", True),
    "value is null": _set("value", None),
}


@pytest.mark.parametrize("damage", NIGHT_RECORD_DAMAGE, ids=list(NIGHT_RECORD_DAMAGE))
def test_a_night_file_with_a_bad_value_or_entry_or_undo_time_is_set_aside(tmp_path: Path, damage: str) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    path = _night_file(data_dir, date(2026, 11, 19))
    data = load_json(path)
    NIGHT_RECORD_DAMAGE[damage](next(iter(data["events"].values())))
    bad = json.dumps(data).encode()
    path.write_bytes(bad)

    store = Store.open(data_dir, clock())
    try:
        assert store.night_events(child_id, date(2026, 11, 19), with_undone=True) == []
        kept = path.with_name(f"19.json.corrupt-{EVENING_STAMP}")
        assert kept.read_bytes() == bad
        notices = store.take_notices()
        assert len(notices) == 1, notices
        assert "nights/2026-11/19.json could not be read" in notices[0]
        assert f"nights/2026-11/19.json.corrupt-{EVENING_STAMP}" in notices[0]
        # Other nights are untouched, and the night can be logged again.
        assert len(store.night_events(child_id, date(2026, 10, 14))) == 2
        event = store.add_night_event(child_id, EventKind.WOKE, local(2026, 11, 20, 3, 5))
        assert store.night_events(child_id, date(2026, 11, 19)) == [event]
    finally:
        store.close()
    assert kept.read_bytes() == bad


def test_a_night_file_with_good_values_and_times_is_read_as_it_is(tmp_path: Path) -> None:
    """The counterpart: an undone record with a value, hand-written with offsets, is not corrupt."""
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    path = _night_file(data_dir, date(2026, 11, 19))
    data = load_json(path)
    first = next(iter(data["events"].values()))
    first.update(value="", recorded="2026-11-19T19:41:00+00:00", undone="2026-11-19T19:42:30.5+00:00")
    path.write_text(json.dumps(data))

    store = Store.open(data_dir, clock())
    try:
        assert store.take_notices() == []
        events = store.night_events(child_id, date(2026, 11, 19), with_undone=True)
        assert [event.kind for event in events] == [EventKind.LIGHTS_OUT, EventKind.WOKE]
        assert events[0].undone == local(2026, 11, 19, 19, 42, 30, 500000)
        assert [event.kind for event in store.night_events(child_id, date(2026, 11, 19))] == [EventKind.WOKE]
    finally:
        store.close()


# -- the routine each night used (E1, E2) ---------------------------------------------------


def test_a_child_without_a_saved_routine_has_the_default_steps_on_any_night(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data", clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        assert store.routine_versions(mia.id) == []
        for night in (date(2020, 1, 1), TONIGHT, date(2030, 6, 15)):
            assert store.routine_on(mia.id, night).steps == DEFAULT_STEPS == ("bath", "teeth", "books")
    finally:
        store.close()


def test_earlier_nights_keep_the_routine_in_force_then_after_a_change(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        leo = store.add_child("Leo", BIRTH_DATE)
        store.set_routine(mia.id, ("bath", "pyjamas", "teeth", "books"), date(2026, 11, 10))
        store.set_routine(mia.id, ("pyjamas", "teeth", "song"), TONIGHT)
    finally:
        store.close()

    reopened = Store.open(data_dir, clock())
    try:
        # Before any saved version: the default the child had then.
        assert reopened.routine_on(mia.id, date(2026, 11, 9)).steps == DEFAULT_STEPS
        assert reopened.routine_on(mia.id, date(2026, 11, 10)).steps == ("bath", "pyjamas", "teeth", "books")
        assert reopened.routine_on(mia.id, date(2026, 11, 19)).steps == ("bath", "pyjamas", "teeth", "books")
        assert reopened.routine_on(mia.id, TONIGHT).steps == ("pyjamas", "teeth", "song")
        assert reopened.routine_on(mia.id, date(2026, 12, 25)).steps == ("pyjamas", "teeth", "song")
        assert reopened.routine_on(mia.id, TONIGHT).nights_held(TONIGHT) == 1
        # A brother's routine is his own.
        assert reopened.routine_on(leo.id, TONIGHT).steps == DEFAULT_STEPS
    finally:
        reopened.close()
