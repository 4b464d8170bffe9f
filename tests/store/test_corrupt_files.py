"""A file we can't read is set aside (renamed, byte for byte), the parent is told, and the app goes on."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from companion.domain.night_log import EventKind
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, EVENING_STAMP, clock, load_json, local, make_household


def _edit(raw: bytes, change: Callable[[dict], None]) -> bytes:
    data = json.loads(raw)
    change(data)
    return json.dumps(data).encode()


def _first(table: dict) -> dict:
    return next(iter(table.values()))


# What can happen to a file: a crash of some other tool, a bad sync, a hand edit, a disk error.
HOUSEHOLD_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not json": lambda raw: b"\x00\xff\xfePK\x03\x04 this is a zip file \x9c\x80",
    "a json list": lambda raw: json.dumps(list(json.loads(raw).values())).encode(),
    "child without birth date": lambda raw: _edit(raw, lambda d: _first(d["children"]).pop("birth_date")),
    "table is a list": lambda raw: _edit(raw, lambda d: d.update(children=list(d["children"].values()))),
    "impossible birth date": lambda raw: _edit(raw, lambda d: _first(d["children"]).update(birth_date="2022-02-30")),
}
NIGHTS_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not json": lambda raw: b"\x00\xff\xfePK\x03\x04 this is a zip file \x9c\x80",
    "a json list": lambda raw: json.dumps(list(json.loads(raw).values())).encode(),
    "event without a time": lambda raw: _edit(raw, lambda d: _first(d["events"]).pop("at")),
    "table is a list": lambda raw: _edit(raw, lambda d: d.update(events=list(d["events"].values()))),
    "impossible night": lambda raw: _edit(raw, lambda d: _first(d["events"]).update(night="2026-11-31")),
    "unknown event kind": lambda raw: _edit(raw, lambda d: _first(d["events"]).update(kind="sleepwalking")),
}


def _single_notice(store: Store) -> str:
    notices = store.take_notices()
    assert len(notices) == 1, notices
    assert "\n" not in notices[0]
    return notices[0]


@pytest.mark.parametrize("damage", HOUSEHOLD_DAMAGE, ids=list(HOUSEHOLD_DAMAGE))
def test_an_unreadable_household_file_is_set_aside_and_the_app_carries_on(tmp_path: Path, damage: str) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    path = data_dir / "household.json"
    bad = HOUSEHOLD_DAMAGE[damage](path.read_bytes())
    path.write_bytes(bad)

    store = Store.open(data_dir, clock())
    try:
        kept = data_dir / f"household.json.corrupt-{EVENING_STAMP}"
        assert kept.read_bytes() == bad
        notice = _single_notice(store)
        assert "household.json" in notice and kept.name in notice
        assert store.children() == [] and store.caregivers() == []
        # The app goes on: the household can be set up again, and it is saved.
        mia = store.add_child("Mia", BIRTH_DATE)
    finally:
        store.close()
    assert [doc["name"] for doc in load_json(path)["children"].values()] == ["Mia"]
    assert kept.read_bytes() == bad

    store = Store.open(data_dir, clock())
    try:
        assert store.take_notices() == []
        assert store.children() == [mia]
    finally:
        store.close()


@pytest.mark.parametrize("damage", NIGHTS_DAMAGE, ids=list(NIGHTS_DAMAGE))
def test_an_unreadable_night_file_is_set_aside_when_read_and_the_app_carries_on(tmp_path: Path, damage: str) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    path = data_dir / "nights" / "2026-11" / "19.json"
    bad = NIGHTS_DAMAGE[damage](path.read_bytes())
    path.write_bytes(bad)

    store = Store.open(data_dir, clock())
    try:
        assert store.night_events(child_id, date(2026, 11, 19)) == []
        kept = data_dir / "nights" / "2026-11" / f"19.json.corrupt-{EVENING_STAMP}"  # in the same folder
        assert kept.read_bytes() == bad
        notice = _single_notice(store)
        # Named by its path in the data dir, so a parent can find it.
        assert "nights/2026-11/19.json could not be read" in notice
        assert f"It was kept as nights/2026-11/19.json.corrupt-{EVENING_STAMP};" in notice
        # Other nights and the household are untouched.
        assert [event.kind for event in store.night_events(child_id, date(2026, 10, 14))] == [
            EventKind.LIGHTS_OUT,
            EventKind.FELL_ASLEEP,
        ]
        assert [child.name for child in store.children()] == ["Mia"]
        # That night can still be logged, into a fresh file for the night.
        event = store.add_night_event(child_id, EventKind.WOKE, local(2026, 11, 20, 3, 5))
        assert store.night_events(child_id, date(2026, 11, 19)) == [event]
    finally:
        store.close()
    assert [doc["id"] for doc in load_json(path)["events"].values()] == [event.id]
    assert kept.read_bytes() == bad


def test_a_second_unreadable_file_in_the_same_second_does_not_overwrite_the_first(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    path = data_dir / "household.json"
    first, second = b'{"children": tru', b"\x00\x01 second bad copy"

    kept = []
    for bad in (first, second):
        path.write_bytes(bad)
        store = Store.open(data_dir, clock())  # the same instant both times
        try:
            notice = _single_notice(store)
        finally:
            store.close()
        names = sorted(p.name for p in data_dir.glob("household.json.corrupt-*"))
        new = [name for name in names if name not in kept]
        assert len(new) == 1 and new[0] in notice
        kept.append(new[0])

    assert kept[0] == f"household.json.corrupt-{EVENING_STAMP}"
    assert kept[1] != kept[0]
    assert (data_dir / kept[0]).read_bytes() == first
    assert (data_dir / kept[1]).read_bytes() == second


def test_a_second_unreadable_night_file_in_the_same_second_does_not_overwrite_the_first(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    path = data_dir / "nights" / "2026-11" / "19.json"
    first, second = b"", b"[1, 2, 3]"

    for bad in (first, second):
        path.write_bytes(bad)
        store = Store.open(data_dir, clock())
        try:
            assert store.night_events(child_id, date(2026, 11, 19)) == []
            _single_notice(store)
        finally:
            store.close()

    kept = sorted((data_dir / "nights" / "2026-11").glob("19.json.corrupt-*"))
    assert len(kept) == 2
    assert kept[0].name == f"19.json.corrupt-{EVENING_STAMP}"
    assert [p.read_bytes() for p in kept] == [first, second]
