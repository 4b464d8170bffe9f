"""The household's files are private: data dir, nights/ and month folders 0700, every file 0600."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from companion.domain.night_log import EventKind
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, clock, local, make_household, under_nights


@pytest.fixture
def permissive_umask():
    """The store must not rely on the CLI's umask: run it as a library under the usual 022."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _modes(data_dir: Path) -> dict[str, int]:
    paths = [data_dir, *data_dir.rglob("*")]
    return {str(path.relative_to(data_dir.parent)): stat.S_IMODE(path.lstat().st_mode) for path in paths}


def _assert_private(data_dir: Path) -> None:
    modes = _modes(data_dir)
    expected = {name: 0o700 if (data_dir.parent / name).is_dir() else 0o600 for name in modes}
    assert {name: oct(mode) for name, mode in modes.items()} == {name: oct(mode) for name, mode in expected.items()}


def test_a_new_household_in_a_folder_made_0755_ends_up_private(tmp_path: Path, permissive_umask) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    os.chmod(data_dir, 0o755)

    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.add_caregiver("Sam")
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 40))
        store.add_night_event(mia.id, EventKind.WOKE, local(2026, 12, 2, 3, 0))
    finally:
        store.close()

    assert under_nights(data_dir) == ["2026-11", "2026-11/20.json", "2026-12", "2026-12/01.json"]
    _assert_private(data_dir)


def test_files_and_folders_left_readable_by_others_are_made_private_again(tmp_path: Path, permissive_umask) -> None:
    """The data dir and nights/ are closed to others at startup; each file is made 0600, and its
    month folder 0700, when it is opened (a night never opened again stays as it was, but sits
    inside folders only the owner can enter)."""
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)

    store = Store.open(data_dir, clock())
    try:
        store.add_child("Leo", BIRTH_DATE)
        store.add_caregiver("Alex")
        store.add_night_event(child_id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 40))
        store.add_night_event(child_id, EventKind.LIGHTS_OUT, local(2027, 1, 4, 19, 40))
        assert store.night_events(child_id, date(2026, 10, 14))  # opens the files of both earlier nights
        assert store.night_events(child_id, date(2026, 11, 19))
    finally:
        store.close()

    assert under_nights(data_dir) == [
        "2026-10", "2026-10/14.json", "2026-11", "2026-11/19.json", "2026-11/20.json", "2027-01", "2027-01/04.json",
    ]
    _assert_private(data_dir)


def test_a_night_not_opened_keeps_its_mode_but_no_one_else_can_reach_it(tmp_path: Path, permissive_umask) -> None:
    """Startup does not walk the history: month folders and night files are left to when they are opened."""
    data_dir = tmp_path / "data"
    make_household(data_dir)
    october = data_dir / "nights" / "2026-10" / "14.json"
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)

    Store.open(data_dir, clock()).close()

    assert stat.S_IMODE(october.stat().st_mode) == 0o644
    assert stat.S_IMODE(october.parent.stat().st_mode) == 0o755
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "nights").stat().st_mode) == 0o700
