"""The CSV of events (`companion export --format csv`, M5): one row per record, read back as a
spreadsheet would read it, from real households written through the store."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pendulum
import pytest

from companion.clock import ManualClock
from companion.demo import write_demo
from companion.domain.errors import InvalidInput
from companion.domain.night_log import EventKind
from companion.domain.worry import WorryKind, clean_worry
from companion.events_csv import COLUMNS, events_csv
from companion.store import Store
from tests.support.golden import assert_golden
from tests.unit.nights import local

LONDON = "Europe/London"
MORNING = pendulum.datetime(2026, 11, 20, 7, 30, tz=LONDON)  # a Friday morning
LAST_NIGHT = date(2026, 11, 19)
BORN = date(2022, 2, 14)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture
def store(tmp_path: Path, clock: ManualClock):
    opened = Store.open(tmp_path / "data", clock)
    yield opened
    opened.close()


def at(night: date, clock: str) -> datetime:
    return local(night, time.fromisoformat(clock))


def export(store: Store, first: date | None = None, last: date | None = None, *, worries: bool = False) -> str:
    return events_csv(store, first=first, last=last, include_worries=worries)


def rows(text: str) -> list[dict[str, str]]:
    """The CSV as a spreadsheet reads it: one dict per row, by column name."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_night_record_is_a_row_undone_ones_marked(store, clock):
    mia = store.add_child("Mia", BORN)
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, at(LAST_NIGHT, "19:30"))
    said = store.add_night_event(mia.id, EventKind.QUIET_SAID, at(LAST_NIGHT, "19:10"), "teeth now", seconds=10)
    store.add_night_event(mia.id, EventKind.QUIET_REPEATED, at(LAST_NIGHT, "19:11"), ref=said.id)
    mistake = store.add_night_event(mia.id, EventKind.GOT_UP, at(LAST_NIGHT, "19:40"))
    store.undo(mistake)
    text = export(store)
    assert text.startswith(",".join(COLUMNS) + "\r\n")  # RFC 4180: a header, CRLF line ends
    table = rows(text)
    assert [(row["source"], row["child"], row["night"], row["kind"], row["at"]) for row in table] == [
        ("night", "Mia", "2026-11-19", "quiet_said", "2026-11-19T19:10:00+00:00"),
        ("night", "Mia", "2026-11-19", "quiet_repeated", "2026-11-19T19:11:00+00:00"),
        ("night", "Mia", "2026-11-19", "lights_out", "2026-11-19T19:30:00+00:00"),
        ("night", "Mia", "2026-11-19", "got_up", "2026-11-19T19:40:00+00:00"),
    ]
    assert (table[0]["text"], table[0]["seconds"]) == ("teeth now", "10")
    assert table[1]["ref"] == table[0]["id"] == said.id  # a repeat joins its instruction
    assert table[2]["undone"] == ""
    assert table[3]["undone"] == "2026-11-20T07:30:00+00:00"  # taken back, and kept
    assert table[3]["recorded"] == "2026-11-20T07:30:00+00:00"


def test_the_repeated_hour_of_the_clock_change_sorts_in_true_time_with_its_offset(store):
    mia = store.add_child("Mia", BORN)
    night = date(2026, 10, 24)  # clocks go back at 02:00 BST on Sunday 25 October
    store.add_night_event(mia.id, EventKind.FELL_ASLEEP, datetime(2026, 10, 25, 1, 10, tzinfo=timezone.utc))  # 01:10 GMT
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, datetime(2026, 10, 25, 0, 40, tzinfo=timezone.utc))  # 01:40 BST
    assert [(row["night"], row["kind"], row["at"]) for row in rows(export(store))] == [
        (night.isoformat(), "lights_out", "2026-10-25T01:40:00+01:00"),
        (night.isoformat(), "fell_asleep", "2026-10-25T01:10:00+00:00"),
    ]


def test_rows_go_by_night_then_child_then_time(store):
    mia = store.add_child("Mia", BORN)
    leo = store.add_child("Leo", date(2024, 5, 1))
    store.add_night_event(leo.id, EventKind.LIGHTS_OUT, at(LAST_NIGHT, "18:45"))
    store.add_night_event(mia.id, EventKind.WOKE, at(LAST_NIGHT, "03:00"))
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, at(LAST_NIGHT, "19:30"))
    store.add_night_event(leo.id, EventKind.LIGHTS_OUT, at(LAST_NIGHT - timedelta(days=1), "18:40"))
    assert [(row["night"], row["child"], row["kind"]) for row in rows(export(store))] == [
        ("2026-11-18", "Leo", "lights_out"),
        ("2026-11-19", "Mia", "lights_out"),
        ("2026-11-19", "Mia", "woke"),
        ("2026-11-19", "Leo", "lights_out"),
    ]


def test_health_flags_and_the_pass_are_rows_of_their_night(store):
    mia = store.add_child("Mia", BORN)
    used = store.add_night_event(mia.id, EventKind.PASS_USED, at(LAST_NIGHT, "19:45"), "a drink", seconds=300)
    store.add_night_event(mia.id, EventKind.PASS_BACK, at(LAST_NIGHT, "19:49"), ref=used.id)
    store.add_night_event(mia.id, EventKind.VOMITED, at(LAST_NIGHT, "02:10"))
    table = rows(export(store))
    assert [(row["kind"], row["text"], row["seconds"]) for row in table] == [
        ("pass_used", "a drink", "300"),
        ("pass_back", "", ""),
        ("vomited", "", ""),
    ]
    assert table[1]["ref"] == table[0]["id"]
    assert table[2]["night"] == "2026-11-19"  # 02:10 belongs to the evening before


def test_the_reward_chart_records_come_with_the_night_they_are_for(store, clock):
    mia = store.add_child("Mia", BORN)
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, at(LAST_NIGHT - timedelta(days=1), "19:30"))
    target = store.add_target(mia.id, "stayed in my bed", at(LAST_NIGHT - timedelta(days=2), "17:00"))
    reward = store.add_reward(mia.id, "park trip", 1, at(LAST_NIGHT - timedelta(days=2), "17:05"))
    store.give_star(mia.id, LAST_NIGHT - timedelta(days=1), at(LAST_NIGHT - timedelta(days=1), "07:40"))
    store.redeem(mia.id, reward.id, at(LAST_NIGHT, "18:00"), "Mia")
    table = [row for row in rows(export(store)) if row["source"] == "reward"]
    assert [(row["night"], row["kind"], row["text"], row["stars"]) for row in table] == [
        ("2026-11-17", "target_added", "stayed in my bed", ""),
        ("2026-11-17", "reward_added", "park trip", "1"),
        ("2026-11-18", "star_given", "I like the way you stayed in your bed. Here is a star for your chart.", ""),
        ("2026-11-19", "redeemed", "park trip", "1"),  # no night of its own: the night it was written in
    ]
    assert table[2]["at"] == "2026-11-19T07:40:00+00:00"  # given the morning after
    assert table[2]["ref"] == target.id
    only_the_18th = rows(export(store, LAST_NIGHT - timedelta(days=1), LAST_NIGHT - timedelta(days=1)))
    assert [(row["source"], row["kind"]) for row in only_the_18th] == [("night", "lights_out"), ("reward", "star_given")]


def test_worries_are_kinds_and_times_only_unless_asked_for(store):
    mia = store.add_child("Mia", BORN)
    content, _ = clean_worry("The wolf, \"the big one\"\n= under the bed", drawn=True, solutions=["a torch"], helper="guardian dragon")
    worry = store.write_worry(mia.id, content, at(LAST_NIGHT, "16:00"))
    store.put_worries_to_bed(mia.id, at(LAST_NIGHT, "19:00"))
    private = export(store)
    assert "wolf" not in private and "torch" not in private and "dragon" not in private
    assert [(row["source"], row["kind"], row["text"], row["ref"]) for row in rows(private)] == [
        ("worry", WorryKind.WRITTEN, "", worry.id),
        ("worry", WorryKind.BOXED, "", worry.id),
    ]
    written = rows(export(store, worries=True))[0]
    assert written["text"] == "The wolf, \"the big one\"\n= under the bed"  # quotes, comma and line break kept
    assert written["detail"] == "drawn\nsolution: a torch\nhelper: guardian dragon"


def test_words_that_a_spreadsheet_would_run_as_a_formula_are_kept_as_text(store):
    ada = store.add_child("=Ada", BORN)
    for clock, words in (("19:00", "=HYPERLINK(\"http://x\")"), ("19:01", "+1"), ("19:02", "-tired"), ("19:03", "@home"), ("19:04", "a=b")):
        store.add_night_event(ada.id, EventKind.HANDOVER, at(LAST_NIGHT, clock), words)
    table = rows(export(store))
    assert {row["child"] for row in table} == {"'=Ada"}
    assert [row["text"] for row in table] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-tired", "'@home", "a=b"]


def test_the_range_keeps_its_first_and_last_nights(store):
    mia = store.add_child("Mia", BORN)
    for night in (date(2026, 11, 10), date(2026, 11, 11), date(2026, 11, 18), LAST_NIGHT):
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, at(night, "19:30"))
    assert [row["night"] for row in rows(export(store, date(2026, 11, 11), date(2026, 11, 18)))] == ["2026-11-11", "2026-11-18"]
    assert [row["night"] for row in rows(export(store, date(2026, 11, 12)))] == ["2026-11-18", "2026-11-19"]
    assert [row["night"] for row in rows(export(store, last=date(2026, 11, 10)))] == ["2026-11-10"]
    with pytest.raises(InvalidInput):
        export(store, LAST_NIGHT, date(2026, 11, 10))


def test_the_demo_households_events(tmp_path):
    store = Store.open(tmp_path / "data", ManualClock(MORNING))
    try:
        write_demo(store, MORNING, nights=30, children=2, seed=1)
        assert_golden("events.csv", with_stable_ids(export(store)))
    finally:
        store.close()


def with_stable_ids(text: str) -> str:
    """Random ids (uuid4) replaced by their order of first appearance, so joins still show."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    stable: dict[str, str] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in reader:
        for column in ("id", "ref"):
            index = header.index(column)
            if row[index]:
                row[index] = stable.setdefault(row[index], f"id{len(stable) + 1}")
        writer.writerow(row)
    return out.getvalue()
