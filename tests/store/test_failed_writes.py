"""A write that fails (disk full) is reported in one line, and what the app shows stays what is on disk."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest

from companion.domain.night_log import EventKind
from companion.store import storage
from companion.store.store import Store, StoreError
from tests.store.helpers import BIRTH_DATE, clock, load_json, local, make_household, snapshot, temp_files

REAL_WRITE = storage.atomic_write_json


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _view(store: Store, child_id: str) -> dict:
    """What the app would show: the household and the nights around now."""
    return {
        "children": store.children(),
        "caregivers": store.caregivers(),
        "current": store.current_child(),
        "theme": store.theme_choice(),
        "nights": {
            night: store.night_events(child_id, night)
            for night in (date(2026, 10, 14), date(2026, 11, 19), date(2026, 11, 20), date(2026, 12, 1))
        },
    }


def test_a_failed_write_is_reported_and_leaves_the_store_matching_the_disk(tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    ids = make_household(data_dir)
    child_id = ids["child"]
    store = Store.open(data_dir, clock())
    try:
        shown_before = _view(store, child_id)
        before = snapshot(data_dir)
        monkeypatch.setattr(storage, "atomic_write_json", _disk_full)

        attempts = {
            "add a caregiver": lambda: store.add_caregiver("Alex"),
            "rename a caregiver": lambda: store.rename_caregiver(ids["caregiver"], "Samantha"),
            "remove a caregiver": lambda: store.remove_caregiver(ids["caregiver"]),
            "add a child": lambda: store.add_child("Leo", BIRTH_DATE),
            "edit a child": lambda: store.update_child(child_id, "Mia Rose", date(2022, 2, 15)),
            "choose a theme": lambda: store.set_theme_choice("dark"),
            "log tonight": lambda: store.add_night_event(child_id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 40)),
            "log a new month": lambda: store.add_night_event(child_id, EventKind.WOKE, local(2026, 12, 2, 3, 0)),
        }
        for what, attempt in attempts.items():
            with pytest.raises(StoreError) as raised:
                attempt()
            message = str(raised.value)
            assert "No space left on device" in message, what
            assert "\n" not in message, what

        assert _view(store, child_id) == shown_before
        assert snapshot(data_dir) == before
        assert temp_files(data_dir) == []

        # A fresh reader of the disk (read-only: the lock is held) sees exactly what the store shows.
        reader = Store.open(data_dir, clock())
        try:
            assert reader.read_only
            assert _view(reader, child_id) == shown_before
        finally:
            reader.close()

        # Space again: the same changes now save.
        monkeypatch.setattr(storage, "atomic_write_json", REAL_WRITE)
        alex = store.add_caregiver("Alex")
        tonight = store.add_night_event(child_id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 40))
        december = store.add_night_event(child_id, EventKind.WOKE, local(2026, 12, 2, 3, 0))
    finally:
        store.close()

    store = Store.open(data_dir, clock())
    try:
        assert store.caregivers()[-1] == alex
        assert store.night_events(child_id, date(2026, 11, 20)) == [tonight]
        assert store.night_events(child_id, date(2026, 12, 1)) == [december]
    finally:
        store.close()


def test_adding_the_first_child_is_all_or_nothing_whenever_the_disk_fills(tmp_path: Path, monkeypatch) -> None:
    """The error says "nothing was changed": that must hold whichever write of the change fails."""
    for fail_at in range(1, 10):
        data_dir = tmp_path / f"data-{fail_at}"
        writes = []

        def fills_up(path, data, root, fail_at=fail_at, writes=writes):
            writes.append(path)
            if len(writes) == fail_at:
                _disk_full()
            REAL_WRITE(path, data, root)

        monkeypatch.setattr(storage, "atomic_write_json", fills_up)
        store = Store.open(data_dir, clock())
        try:
            try:
                store.add_child("Mia", BIRTH_DATE)
            except StoreError as error:
                assert "nothing was changed" in str(error)
            else:
                break  # the change needed fewer writes than fail_at: every failure point was tried
            assert store.children() == [], f"a failure at write {fail_at} left the child in the app"
        finally:
            store.close()
        household = data_dir / "household.json"
        on_disk = load_json(household).get("children", {}) if household.exists() else {}
        assert on_disk == {}, f"a failure at write {fail_at} left the child on disk"
    else:
        pytest.fail("adding a child never finished")
