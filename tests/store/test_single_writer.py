"""One writer per household: a second copy opens read-only, says so, and never writes."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from companion.domain.errors import CompanionError
from companion.domain.night_log import EventKind
from companion.store.store import ReadOnlyStore, Store
from tests.store.helpers import BIRTH_DATE, clock, local, make_household, snapshot

HOLD_LOCK = """
import sys, time
from pathlib import Path
import pendulum
from companion.clock import ManualClock
from companion.store.store import Store
store = Store.open(Path(sys.argv[1]), ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz="Europe/London")))
print("writer" if not store.read_only else "read-only", flush=True)
time.sleep(60)
"""


def test_a_second_copy_is_read_only_says_so_and_changes_no_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    ids = make_household(data_dir)
    writer = Store.open(data_dir, clock())
    try:
        before = snapshot(data_dir)
        lock_before = (data_dir / "app.lock").read_bytes()
        second = Store.open(data_dir, clock())
        try:
            assert second.read_only and not writer.read_only
            notices = second.take_notices()
            assert len(notices) == 1 and "read-only" in notices[0]
            # It can still show the household.
            assert [child.name for child in second.children()] == ["Mia"]
            assert len(second.night_events(ids["child"], date(2026, 11, 19))) == 2

            attempts = {
                "add a child": lambda: second.add_child("Leo", BIRTH_DATE),
                "edit a child": lambda: second.update_child(ids["child"], "Mia Rose", BIRTH_DATE),
                "add a caregiver": lambda: second.add_caregiver("Alex"),
                "rename a caregiver": lambda: second.rename_caregiver(ids["caregiver"], "Samantha"),
                "remove a caregiver": lambda: second.remove_caregiver(ids["caregiver"]),
                "switch child": lambda: second.set_current_child(ids["child"]),
                "choose a theme": lambda: second.set_theme_choice("dark"),
                "log tonight": lambda: second.add_night_event(ids["child"], EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 40)),
                "log a new month": lambda: second.add_night_event(ids["child"], EventKind.WOKE, local(2026, 12, 2, 3, 0)),
                "bulk load": lambda: second.bulk().__enter__(),
            }
            for what, attempt in attempts.items():
                with pytest.raises(ReadOnlyStore) as raised:
                    attempt()
                assert isinstance(raised.value, CompanionError), what
                assert "\n" not in str(raised.value)

            # Nothing it refused shows up in its own view either.
            assert [child.name for child in second.children()] == ["Mia"]
            assert [person.name for person in second.caregivers()] == ["Sam"]
            assert second.theme_choice() == "auto"
            assert len(second.night_events(ids["child"], date(2026, 11, 20))) == 0
        finally:
            second.close()
        assert snapshot(data_dir) == before
        assert (data_dir / "app.lock").read_bytes() == lock_before
        # And the writer still writes.
        writer.add_caregiver("Alex")
        assert [person.name for person in writer.caregivers()] == ["Sam", "Alex"]
    finally:
        writer.close()


def test_a_read_only_copy_leaves_an_unreadable_night_file_where_it_is(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    child_id = make_household(data_dir)["child"]
    (data_dir / "nights" / "2026-10" / "14.json").write_bytes(b'{"events": {"1": ')
    writer = Store.open(data_dir, clock())
    try:
        before = snapshot(data_dir)
        second = Store.open(data_dir, clock())
        try:
            second.take_notices()
            assert second.night_events(child_id, date(2026, 10, 14)) == []
            notices = second.take_notices()
            assert len(notices) == 1 and "nights/2026-10/14.json can't be read" in notices[0]
        finally:
            second.close()
        assert snapshot(data_dir) == before  # not renamed under the writer's feet
    finally:
        writer.close()


def test_the_lock_of_a_killed_copy_is_released(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "writer"
        while_held = Store.open(data_dir, clock())
        assert while_held.read_only
        while_held.close()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=10)
    assert holder.returncode == -signal.SIGKILL

    after = Store.open(data_dir, clock())
    try:
        assert not after.read_only
        assert after.take_notices() == []
        after.add_caregiver("Alex")
    finally:
        after.close()
    # Closing hands the lock on.
    again = Store.open(data_dir, clock())
    try:
        assert not again.read_only
        assert [person.name for person in again.caregivers()] == ["Sam", "Alex"]
    finally:
        again.close()
