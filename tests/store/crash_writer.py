"""The writer that test_crash_safety.py kills at random moments.

    python crash_writer.py DATA_DIR FIRST_SEQUENCE

Opens the household as the app does, adds the child on the first run, then writes forever.
Write number `seq` is, by `seq % 10`:
  4     a caregiver called "Carer <seq>"                  (household.json)
  9     the current child is set                           (household.json)
  2, 7  the theme: "night" at 2, "day" at 7               (household.json, which *shrinks* at 7:
        an in-place rewrite would leave stale bytes after the new JSON if killed before truncating)
  else  a night event at BASE_UTC + seq * STEP            (nights/YYYY-MM/DD.json; the first of a
        month makes its folder)
Events and caregivers can be read back to their sequence number ("numbered" writes); the
settings writes carry no number, but which value is on disk follows from the numbered ones.
After each write *returns* it prints one acknowledgement line and flushes:
  ack <seq> event <event-id> <night> | ack <seq> caregiver <id> | ack <seq> current <child-id> | ack <seq> theme <name>
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pendulum

from companion.clock import ManualClock
from companion.domain.night_log import EventKind
from companion.store.store import Store

ZONE = "Europe/London"
# Steps in UTC (no DST) so the instant decodes exactly back to its number; an odd step lands
# events at every hour of the day, across month ends and both 2026 clock changes.
BASE_UTC = datetime(2026, 1, 3, 18, 0, tzinfo=timezone.utc)
STEP = timedelta(hours=3, minutes=47, seconds=13)
CHILD_NAME = "Mia"
KINDS = list(EventKind)


def kind_of(seq: int) -> str:
    return {2: "theme", 4: "caregiver", 7: "theme", 9: "current"}.get(seq % 10, "event")


def is_numbered(seq: int) -> bool:
    return kind_of(seq) in ("event", "caregiver")


def theme_of(seq: int) -> str:
    return "night" if seq % 10 == 2 else "day"


def instant_of(seq: int) -> pendulum.DateTime:
    return pendulum.instance(BASE_UTC + seq * STEP).in_tz(ZONE)


def seq_of_instant(stored: str) -> int:
    """The sequence number encoded in a stored event time; ValueError if it is not one of ours."""
    seq, rest = divmod(datetime.fromisoformat(stored) - BASE_UTC, STEP)
    if rest or seq < 0 or kind_of(seq) != "event":
        raise ValueError(f"{stored} is not an instant this writer produces")
    return seq


def caregiver_name(seq: int) -> str:
    return f"Carer {seq}"


def main(data_dir: Path, first: int) -> None:
    store = Store.open(data_dir, ManualClock(pendulum.datetime(2026, 1, 3, 18, tz=ZONE)))
    if store.read_only:
        sys.exit("crash_writer: the household is locked by another writer")
    children = store.children()
    child = children[0] if children else store.add_child(CHILD_NAME, date(2022, 2, 14))
    out = sys.stdout
    seq = first
    while True:
        kind = kind_of(seq)
        if kind == "caregiver":
            caregiver = store.add_caregiver(caregiver_name(seq))
            line = f"ack {seq} caregiver {caregiver.id}\n"
        elif kind == "current":
            store.set_current_child(child.id)
            line = f"ack {seq} current {child.id}\n"
        elif kind == "theme":
            store.set_theme_choice(theme_of(seq))
            line = f"ack {seq} theme {theme_of(seq)}\n"
        else:
            event = store.add_night_event(child.id, KINDS[seq % len(KINDS)], instant_of(seq))
            line = f"ack {seq} event {event.id} {event.night.isoformat()}\n"
        out.write(line)
        out.flush()
        seq += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
