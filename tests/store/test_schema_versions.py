"""Schema versions: a newer file is refused untouched; an older one is migrated with a backup kept.

Simulating "the next release" (schema 2 with a migration from 1) patches
`schema.SCHEMA_VERSION` and `schema.MIGRATIONS`, the two places a real version bump changes.
"""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from companion.domain.night_log import EventKind
from companion.store import schema
from companion.store.store import Store, StoreError
from tests.store.helpers import clock, load_json, local, make_household, snapshot


def _with_version(raw: bytes, version: int, change=None) -> bytes:
    data = json.loads(raw)
    data["_meta"]["1"]["schema"] = version
    if change:
        change(data)
    return json.dumps(data).encode()


# -- a file from a newer companion ------------------------------------------------------------


def _rename_birth_date(data: dict) -> None:
    """What a real schema 2 might do: rename a field, so the documents no longer look like ours."""
    for doc in data["children"].values():
        doc["born"] = doc.pop("birth_date")


@pytest.mark.parametrize(
    "change",
    [None, _rename_birth_date],
    ids=["same shape", "documents changed shape"],
)
def test_a_household_file_from_a_newer_companion_is_refused_and_left_untouched(tmp_path: Path, change) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    path = data_dir / "household.json"
    path.write_bytes(_with_version(path.read_bytes(), schema.SCHEMA_VERSION + 1, change))
    before = snapshot(data_dir)

    with pytest.raises(StoreError) as raised:
        Store.open(data_dir, clock())

    message = str(raised.value)
    assert "\n" not in message and "household.json" in message
    assert snapshot(data_dir) == before  # same bytes, not renamed, nothing set aside or added


def test_a_night_file_from_a_newer_companion_is_refused_and_left_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    path = data_dir / "nights" / "2026-11" / "19.json"
    path.write_bytes(_with_version(path.read_bytes(), schema.SCHEMA_VERSION + 1))
    before = snapshot(data_dir)

    store = Store.open(data_dir, clock())
    try:
        with pytest.raises(StoreError) as raised:
            store.night_events(child_id, date(2026, 11, 19))
        assert "\n" not in str(raised.value) and "nights/2026-11/19.json" in str(raised.value)
        assert len(store.night_events(child_id, date(2026, 10, 14))) == 2  # other nights still read
    finally:
        store.close()
    assert snapshot(data_dir) == before  # same bytes, not renamed, nothing set aside


# -- migrating an older file ------------------------------------------------------------------


def _to_v2(data: dict) -> dict:
    """Schema 1 -> 2 for the simulation: children get a default bedtime, events an empty note."""
    for doc in data.get("children", {}).values():
        doc.setdefault("bedtime", "19:30")
    for doc in data.get("events", {}).values():
        doc.setdefault("note", "")
    return data


def use_schema_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, _to_v2)


def _version(path: Path) -> int:
    return load_json(path)["_meta"]["1"]["schema"]


def test_opening_an_older_household_migrates_it_and_keeps_a_backup(tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    path = data_dir / "household.json"
    original = path.read_bytes()
    assert _version(path) == 1
    use_schema_2(monkeypatch)

    store = Store.open(data_dir, clock())
    try:
        assert store.take_notices() == []
        assert [child.name for child in store.children()] == ["Mia"]
        assert [person.name for person in store.caregivers()] == ["Sam"]
        store.add_caregiver("Alex")  # later writes keep the new version
    finally:
        store.close()

    backup = data_dir / "household.json.v1.bak"
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _version(path) == 2
    migrated = load_json(path)
    assert [doc["bedtime"] for doc in migrated["children"].values()] == ["19:30"]
    assert [doc["name"] for doc in migrated["caregivers"].values()] == ["Sam", "Alex"]

    store = Store.open(data_dir, clock())  # a second start does not migrate again
    try:
        assert store.child(child_id).name == "Mia"
    finally:
        store.close()
    assert (data_dir / "household.json.v1.bak").read_bytes() == original


def test_reading_an_older_night_file_migrates_it_and_keeps_a_backup(tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    path = data_dir / "nights" / "2026-11" / "19.json"
    original = path.read_bytes()
    use_schema_2(monkeypatch)

    store = Store.open(data_dir, clock())
    try:
        assert [event.kind for event in store.night_events(child_id, date(2026, 11, 19))] == [
            EventKind.LIGHTS_OUT,
            EventKind.WOKE,
        ]
        store.add_night_event(child_id, EventKind.PARENTS_BED, local(2026, 11, 20, 2, 20))
    finally:
        store.close()

    assert (data_dir / "nights" / "2026-11" / "19.json.v1.bak").read_bytes() == original
    assert _version(path) == 2
    assert [doc.get("note") for doc in load_json(path)["events"].values()] == ["", "", None]
    assert _version(data_dir / "nights" / "2026-10" / "14.json") == 1  # nights not read are left alone


def test_a_read_only_copy_does_not_migrate_the_writers_files(tmp_path: Path, monkeypatch) -> None:
    """An old companion is still open (the writer) when the upgraded one starts in another terminal."""
    data_dir = tmp_path / "data"
    make_household(data_dir)
    old_writer = Store.open(data_dir, clock())
    try:
        before = snapshot(data_dir)
        use_schema_2(monkeypatch)
        upgraded = Store.open(data_dir, clock())
        try:
            assert upgraded.read_only
            assert [child.name for child in upgraded.children()] == ["Mia"]
        finally:
            upgraded.close()
        assert snapshot(data_dir) == before, "the read-only copy rewrote files under the writer"
    finally:
        old_writer.close()


def test_migrate_runs_each_step_in_order_and_stamps_the_target_version() -> None:
    steps = []

    def one_to_two(data):
        steps.append(1)
        data["children"]["1"]["nickname"] = data["children"]["1"]["name"][:2]
        return data

    def two_to_three(data):
        steps.append(2)
        data["children"]["1"]["nickname"] += "!"
        return data

    data = {"_meta": {"1": {"schema": 1, "kind": "household"}}, "children": {"1": {"name": "Mia"}}}
    migrated = schema.migrate(data, "household", 1, target=3, migrations={1: one_to_two, 2: two_to_three})

    assert steps == [1, 2]
    assert migrated["children"]["1"]["nickname"] == "Mi!"
    assert schema.version_of(migrated, "household") == 3

    steps.clear()
    from_two = schema.migrate(
        {"_meta": {"1": {"schema": 2, "kind": "household"}}, "children": {"1": {"name": "Sam", "nickname": "Sa"}}},
        "household",
        2,
        target=3,
        migrations={1: one_to_two, 2: two_to_three},
    )
    assert steps == [2] and from_two["children"]["1"]["nickname"] == "Sa!"
