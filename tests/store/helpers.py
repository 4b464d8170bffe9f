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
    """A real household written by the store: Mia with two nights logged, so two night files:
    nights/2026-10/14.json and nights/2026-11/19.json (the 02:10 waking belongs to the 19th)."""
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


def snapshot(data_dir: Path) -> dict[str, tuple[bytes, int, int] | None]:
    """Every data file under the data dir: its bytes, mtime (ns) and inode; and every folder,
    by name only (None: its mtime changes whenever a file in it is replaced).

    app.lock is left out: a writer stamps its pid there on every start; it holds no data.
    """
    files: dict[str, tuple[bytes, int, int] | None] = {}
    for path in sorted(data_dir.rglob("*")):
        name = str(path.relative_to(data_dir))
        if path.is_dir():
            files[f"{name}/"] = None
        elif path.is_file() and path.name != "app.lock":
            info = path.stat()
            files[name] = (path.read_bytes(), info.st_mtime_ns, info.st_ino)
    return files


def under_nights(data_dir: Path) -> list[str]:
    """Every month folder and night file, as "YYYY-MM" and "YYYY-MM/DD.json"."""
    nights = data_dir / "nights"
    return sorted(path.relative_to(nights).as_posix() for path in nights.rglob("*"))


def temp_files(data_dir: Path) -> list[Path]:
    """Leftovers of an interrupted atomic write, wherever they are: hidden names ending in .tmp."""
    return sorted(path for path in data_dir.rglob(".*") if path.name.endswith(".tmp"))


def load_json(path: Path) -> dict:
    return json.loads(path.read_bytes())
