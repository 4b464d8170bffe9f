"""Each child's wait and pass plan on disk, and the phase each night keeps (issue 4 points 1,
4, 5; rule P5): a later change of plan never rewrites what an earlier night was."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from companion.domain.bedtime_pass import PassPlan
from companion.domain.child_settings import ChildSettings, NightPhase
from companion.domain.night_log import EventKind
from companion.store.store import Store, StoreError
from tests.store.helpers import BIRTH_DATE, clock, load_json, local

TONIGHT = date(2026, 11, 20)
FADING = ChildSettings(
    wait_seconds=12,
    plan=PassPlan(passes=1, trip_minutes=4, started=date(2026, 11, 1), baseline_nights=7, start_passes=3, fade_every=7, reward_unused=True),
)


def test_settings_are_the_defaults_until_changed_and_survive_a_reopen(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        leo = store.add_child("Leo", date(2024, 6, 1))
        assert store.child_settings(mia.id) == ChildSettings()
        assert store.sound_on() is False
        store.set_child_settings(mia.id, FADING._replace(wait_seconds=30), TONIGHT)
        store.set_child_settings(mia.id, FADING, TONIGHT)  # changed again: one record, the latest
        store.set_sound(True)
    finally:
        store.close()
    reopened = Store.open(tmp_path, clock())
    try:
        assert reopened.child_settings(mia.id) == FADING
        assert reopened.child_settings(leo.id) == ChildSettings()  # per child
        assert reopened.sound_on() is True
    finally:
        reopened.close()
    saved = load_json(tmp_path / "household.json")["child_settings"]
    assert [doc["child_id"] for doc in saved.values()] == [mia.id]


def test_a_night_keeps_the_phase_it_had_when_its_first_record_was_written(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.set_child_settings(mia.id, FADING, TONIGHT)
        # Baseline 1–7 Nov, then 3 passes fading by one a week: the 12th is a 3-pass night.
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 3, 19, 30))
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 12, 19, 30))
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 30))
        assert store.night_phase(mia.id, date(2026, 11, 3)) == NightPhase("baseline", 0)
        assert store.night_phase(mia.id, date(2026, 11, 12)) == NightPhase("pass", 3)
        assert store.night_phase(mia.id, TONIGHT) == NightPhase("pass", 2)

        # The family goes to a plain two-pass plan tonight: tonight follows, the past does not.
        store.set_child_settings(mia.id, ChildSettings(plan=PassPlan(passes=2)), TONIGHT)
    finally:
        store.close()
    reopened = Store.open(tmp_path, clock())
    try:
        assert reopened.night_phase(mia.id, date(2026, 11, 3)) == NightPhase("baseline", 0)
        assert reopened.night_phase(mia.id, date(2026, 11, 12)) == NightPhase("pass", 3)
        assert reopened.night_phase(mia.id, TONIGHT) == NightPhase("pass", 2)
        assert reopened.night_phase(mia.id, date(2026, 11, 4)) == NightPhase("pass", 2)  # never logged: the plan's
    finally:
        reopened.close()
    phases = load_json(tmp_path / "nights" / "2026-11" / "03.json")["phases"]
    assert [(doc["phase"], doc["passes"]) for doc in phases.values()] == [("baseline", 0)]


def test_changing_the_plan_on_a_night_not_yet_begun_writes_no_night_file(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.set_child_settings(mia.id, FADING._replace(wait_seconds=20), TONIGHT)
    finally:
        store.close()
    assert not (tmp_path / "nights" / "2026-11").exists()


def test_a_malformed_settings_record_is_set_aside_with_a_notice(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.set_child_settings(mia.id, FADING, TONIGHT)
    finally:
        store.close()
    path = tmp_path / "household.json"
    data = load_json(path)
    next(iter(data["child_settings"].values()))["wait_seconds"] = "ten"
    path.write_text(json.dumps(data))
    reopened = Store.open(tmp_path, clock())
    try:
        [notice] = reopened.take_notices()
        assert "household.json could not be read" in notice and "wait_seconds" in notice
    finally:
        reopened.close()


def test_settings_changed_in_a_bulk_load_that_fails_read_as_they_are_on_disk(tmp_path: Path) -> None:
    """An import that fails at the end writes nothing: the settings it changed in memory (and
    that were read meanwhile) are not what the store answers afterwards."""
    store = Store.open(tmp_path, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.set_child_settings(mia.id, FADING, TONIGHT)
        try:
            with store.bulk():
                store.set_child_settings(mia.id, FADING._replace(wait_seconds=45), TONIGHT)
                assert store.child_settings(mia.id).wait_seconds == 45
                raise OSError("the disk filled up")
        except StoreError:
            pass
        assert store.child_settings(mia.id) == FADING
    finally:
        store.close()
