"""Nights are kept one file per night (nights/YYYY-MM/DD.json), so logging tonight rewrites only
tonight's file; every temp file is written in the data dir itself, the one folder startup cleans."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

from companion.domain.night_log import EventKind
from companion.store import files
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, clock, load_json, local, make_household, snapshot, under_nights


def test_each_night_has_its_own_file_and_only_tonights_file_is_written(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        leo = store.add_child("Leo", BIRTH_DATE)
        # The night of 31 October runs past midnight: it stays whole, in the 31st's file.
        halloween = [
            store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 10, 31, 20, 15)),
            store.add_night_event(mia.id, EventKind.WOKE, local(2026, 11, 1, 1, 30)),
            store.add_night_event(mia.id, EventKind.PARENTS_BED, local(2026, 11, 1, 1, 45)),
        ]
        last_night = [store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 19, 19, 40))]
        leos_last_night = [store.add_night_event(leo.id, EventKind.LIGHTS_OUT, local(2026, 11, 19, 19, 10))]
        # Looking at a night with no file creates nothing: neither in a new month nor in a known one.
        assert store.night_events(mia.id, date(2026, 9, 12)) == []
        assert store.night_events(mia.id, date(2026, 11, 18)) == []

        assert under_nights(data_dir) == ["2026-10", "2026-10/31.json", "2026-11", "2026-11/19.json"]
        assert len(load_json(data_dir / "nights" / "2026-10" / "31.json")["events"]) == 3
        # Both children's records of a night share its file.
        assert len(load_json(data_dir / "nights" / "2026-11" / "19.json")["events"]) == 2

        before = snapshot(data_dir)
        tonight = [store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 35))]
        first = snapshot(data_dir)
        tonight.append(store.add_night_event(mia.id, EventKind.FELL_ASLEEP, local(2026, 11, 20, 19, 55)))
        second = snapshot(data_dir)
    finally:
        store.close()

    # The first event of the night makes its file, and touches no other.
    assert sorted(first.keys() - before.keys()) == ["nights/2026-11/20.json"]
    assert {name: first[name] for name in before} == before
    # The next one rewrites that file only.
    assert second.keys() == first.keys()
    assert sorted(name for name in second if second[name] != first[name]) == ["nights/2026-11/20.json"]

    store = Store.open(data_dir, clock())
    try:
        assert store.night_events(mia.id, date(2026, 10, 31)) == halloween
        assert store.night_events(mia.id, date(2026, 11, 19)) == last_night
        assert store.night_events(leo.id, date(2026, 11, 19)) == leos_last_night
        assert store.night_events(mia.id, date(2026, 11, 20)) == tonight
    finally:
        store.close()


def test_a_new_month_folder_is_made_private_on_its_first_write_and_its_entry_made_durable(
    tmp_path: Path, monkeypatch
) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    synced: list[Path] = []
    real_fsync_dir = files.fsync_dir
    monkeypatch.setattr(files, "fsync_dir", lambda directory: (synced.append(directory), real_fsync_dir(directory)))
    old_umask = os.umask(0o022)
    store = Store.open(data_dir, clock())
    try:
        synced.clear()
        store.add_night_event(child_id, EventKind.WOKE, local(2026, 12, 2, 3, 0))
        # The month folder's entry is on disk before the file's entry in it.
        assert synced == [data_dir / "nights", data_dir / "nights" / "2026-12"]
        synced.clear()
        store.add_night_event(child_id, EventKind.PARENTS_BED, local(2026, 12, 2, 3, 10))
        assert synced == [data_dir / "nights" / "2026-12"]
    finally:
        store.close()
        os.umask(old_umask)
    assert stat.S_IMODE((data_dir / "nights" / "2026-12").stat().st_mode) == 0o700


def test_temp_files_are_written_in_the_data_dir_each_under_its_own_name(tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, clock())
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (renames.append((Path(src), Path(dst))), real_replace(src, dst)))
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 35))
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 12, 20, 19, 35))  # the same day, next month
    finally:
        store.close()

    targets = [dst.relative_to(data_dir).as_posix() for _, dst in renames]
    assert targets == ["household.json", "nights/2026-11/20.json", "nights/2026-12/20.json"]
    temps = [src for src, _ in renames]
    assert all(temp.parent == data_dir for temp in temps), temps
    assert all(temp.name.startswith(".") and temp.name.endswith(f".{os.getpid()}.tmp") for temp in temps), temps
    assert len({temp.name for temp in temps}) == len(temps), temps


def test_startup_removes_temp_files_left_in_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    before = snapshot(data_dir)
    left = [data_dir / ".household.json.99999.tmp", data_dir / ".nights~2026-11~19.json.99999.tmp"]
    for path in left:
        path.write_bytes(b'{"half": ')

    Store.open(data_dir, clock()).close()

    assert not any(path.exists() for path in left)
    assert snapshot(data_dir) == before


def test_logged_nights_are_found_by_their_files_names_in_a_range(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    (data_dir / "nights" / "2026-11" / "notes.json").write_text("{}")  # no night's name
    (data_dir / "nights" / "2026-11" / "31.json").write_text("{}")  # no such date
    store = Store.open(data_dir, clock())
    try:
        assert store.logged_nights() == [date(2026, 10, 14), date(2026, 11, 19)]
        assert store.logged_nights(first=date(2026, 10, 15)) == [date(2026, 11, 19)]
        assert store.logged_nights(last=date(2026, 11, 18)) == [date(2026, 10, 14)]
        assert store.logged_nights(date(2026, 10, 14), date(2026, 10, 14)) == [date(2026, 10, 14)]
    finally:
        store.close()
