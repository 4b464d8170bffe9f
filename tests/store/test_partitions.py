"""Nights are kept one file per month, so logging tonight rewrites only this month's file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from companion.domain.night_log import EventKind
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, clock, load_json, local, snapshot


def _months(data_dir: Path) -> list[str]:
    return sorted(path.name for path in (data_dir / "nights").iterdir())


def test_each_month_of_nights_has_its_own_file_and_only_tonights_month_is_rewritten(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        # The night of 31 October runs past midnight: it stays whole, in October's file.
        halloween = [
            store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 10, 31, 20, 15)),
            store.add_night_event(mia.id, EventKind.WOKE, local(2026, 11, 1, 1, 30)),
            store.add_night_event(mia.id, EventKind.PARENTS_BED, local(2026, 11, 1, 1, 45)),
        ]
        last_night = [store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 19, 19, 40))]
        assert store.night_events(mia.id, date(2026, 9, 12)) == []  # looking at an empty month creates nothing

        assert _months(data_dir) == ["2026-10.json", "2026-11.json"]
        assert len(load_json(data_dir / "nights" / "2026-10.json")["events"]) == 3
        assert len(load_json(data_dir / "nights" / "2026-11.json")["events"]) == 1

        before = snapshot(data_dir)
        tonight = store.add_night_event(mia.id, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 35))
        after = snapshot(data_dir)
    finally:
        store.close()

    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["nights/2026-11.json"]
    assert after["nights/2026-11.json"][0] != before["nights/2026-11.json"][0]
    assert after.keys() == before.keys()

    store = Store.open(data_dir, clock())
    try:
        assert store.night_events(mia.id, date(2026, 10, 31)) == halloween
        assert store.night_events(mia.id, date(2026, 11, 19)) == last_night
        assert store.night_events(mia.id, date(2026, 11, 20)) == [tonight]
        assert store.latest_night(mia.id, date(2026, 11, 18)) == date(2026, 10, 31)
    finally:
        store.close()
