"""Shared helpers for the store tests: a fixed clock, a small household, and file snapshots."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pendulum
from pendulum import DateTime

from companion.clock import ManualClock
from companion.domain.night_log import EventKind
from companion.store.store import Store

ZONE = "Europe/London"
# A Friday evening in November; set-aside files made at this instant carry this local stamp.
EVENING = pendulum.datetime(2026, 11, 20, 19, 30, 45, tz=ZONE)
EVENING_STAMP = "20261120-193045"
BIRTH_DATE = date(2022, 2, 14)


def clock(at: DateTime = EVENING) -> ManualClock:
    return ManualClock(at)


def local(*parts: int) -> DateTime:
    return pendulum.datetime(*parts, tz=ZONE)


def make_household(data_dir: Path) -> dict[str, str]:
    """A real household written by the store: Mia with two nights logged (October and November)."""
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        sam = store.add_caregiver("Sam")
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 10, 14, 19, 45))
        store.add_night_event(mia.id, EventKind.FELL_ASLEEP, local(2026, 10, 14, 20, 5))
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 19, 19, 40))
        store.add_night_event(mia.id, EventKind.WOKE, local(2026, 11, 20, 2, 10))
    finally:
        store.close()
    return {"child": mia.id, "caregiver": sam.id}


def snapshot(data_dir: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every data file under the data dir: its bytes, mtime (ns) and inode.

    app.lock is left out: a writer stamps its pid there on every start; it holds no data.
    """
    files = {}
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path.name != "app.lock":
            info = path.stat()
            files[str(path.relative_to(data_dir))] = (path.read_bytes(), info.st_mtime_ns, info.st_ino)
    return files


def temp_files(data_dir: Path) -> list[Path]:
    """Leftovers of an interrupted atomic write: hidden names ending in .tmp."""
    return sorted(path for path in data_dir.rglob(".*") if path.name.endswith(".tmp"))


def load_json(path: Path) -> dict:
    return json.loads(path.read_bytes())
