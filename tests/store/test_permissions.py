"""The household's files are private: data dir and nights/ 0700, every file 0600."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from companion.domain.night_log import EventKind
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, clock, local, make_household


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

    assert {p.name for p in (data_dir / "nights").iterdir()} == {"2026-11.json", "2026-12.json"}
    _assert_private(data_dir)


def test_files_and_folders_left_readable_by_others_are_made_private_again(tmp_path: Path, permissive_umask) -> None:
    """Every folder is closed to others at startup; each file is made 0600 when it is opened
    (a month never opened again stays as it was, but sits inside folders only the owner can enter)."""
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
        assert store.latest_night(child_id, date(2026, 10, 31)) is not None  # reads October's file
    finally:
        store.close()

    assert {p.name for p in (data_dir / "nights").iterdir()} == {"2026-10.json", "2026-11.json", "2027-01.json"}
    _assert_private(data_dir)


def test_a_month_not_opened_keeps_its_mode_but_no_one_else_can_reach_it(tmp_path: Path, permissive_umask) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    october = data_dir / "nights" / "2026-10.json"
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)

    Store.open(data_dir, clock()).close()

    assert stat.S_IMODE(october.stat().st_mode) == 0o644
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "nights").stat().st_mode) == 0o700
