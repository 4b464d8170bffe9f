"""Worries on disk (rules W1–W4, X5, X6; issue 5 points 1–5): the worries not gone in their own
file, worries.json, opened only when the worry box is first used, and each worry that went
away in a file of its own under worries-gone/, so worries.json stays small however many years
of worries there are; kept exactly as typed across a reopen, private, written atomically
(once per action, twice for "gone", safe across a crash between the two), and set aside if
unreadable."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.domain.errors import CompanionError, InvalidInput
from companion.domain.night_log import EventKind
from companion.domain.worry import (
    WorryContent,
    WorryKind,
    clean_worry,
    closed_box,
    gone_worries,
    nights_in_box,
    open_worries,
    to_review,
)
from companion.store import storage
from companion.store.store import ReadOnlyStore, Store, StoreError
from tests.store.helpers import BIRTH_DATE, EVENING_STAMP, clock, load_json, local, make_household, snapshot

REAL_WRITE = storage.atomic_write_json

MONSTER = "There's a monster 👹 under my bed\n\n\tit has [b]big[/b] teeth [@click=app.quit]tap[/]"
DRAWING = "怪物 — a dragon, drawn in purple; يوجد وحش; Zoe\u0301's idea x [/] y"


def _worries_file(data_dir: Path) -> Path:
    return data_dir / "worries.json"


def _content(text: str, **fields: object) -> WorryContent:
    content, notes = clean_worry(text, **fields)  # type: ignore[arg-type]
    assert notes == ()
    return content


@pytest.fixture
def household(tmp_path: Path) -> tuple[Path, str]:
    data_dir = tmp_path / "data"
    return data_dir, make_household(data_dir)["child"]


def test_worries_come_back_after_a_reopen_exactly_as_typed_with_their_whole_history(household) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        first = _content(
            MONSTER,
            solutions=["a night light 💡", "[i]monster spray[/i]"],
            helper="monster trap",
            helper_line="It snaps shut 🪤",
        )
        monster = store.write_worry(mia, first, local(2026, 11, 19, 16, 0))
        drawing = store.write_worry(
            mia, _content(DRAWING, drawn=True, helper="Grandpa's torch 🔦"), local(2026, 11, 19, 17, 0)
        )
        assert store.put_worries_to_bed(mia, local(2026, 11, 19, 19, 30)) == 2
        store.review_worry(drawing.id, WorryKind.GONE, local(2026, 11, 20, 7, 0))
        solutions = ["a night light 💡", "[i]monster spray[/i]", "שיר ערש"]
        more = _content(MONSTER, solutions=solutions, helper="monster trap")
        store.edit_worry(monster.id, more, local(2026, 11, 20, 7, 5))
        before = store.worries(mia)
    finally:
        store.close()

    store = Store.open(data_dir, clock())
    try:
        after = store.worries(mia)
        assert store.take_notices() == []
    finally:
        store.close()
    assert after == before
    monster, drawing = after
    assert monster.content.text == MONSTER
    assert monster.content.solutions == ("a night light 💡", "[i]monster spray[/i]", "שיר ערש")
    assert monster.versions[0].content.helper_line == "It snaps shut 🪤"
    assert monster.content.helper_line == ""  # the edit took the line away: both versions kept
    assert drawing.content == WorryContent(DRAWING, drawn=True, helper="Grandpa's torch 🔦")
    assert [w.id for w in gone_worries(after)] == [drawing.id]
    assert drawing.added == local(2026, 11, 19, 17, 0) and drawing.gone == local(2026, 11, 20, 7, 0)
    assert nights_in_box(monster) == 1
    # Other children's worries are theirs alone.
    store = Store.open(data_dir, clock())
    try:
        leo = store.add_child("Leo", BIRTH_DATE)
        assert store.worries(leo.id) == []
    finally:
        store.close()


def test_putting_worries_to_bed_is_one_write_of_worries_json_and_the_box_stays_closed_after_a_reopen(
    household, monkeypatch
) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        for n in range(3):
            store.write_worry(mia, _content(f"worry {n}"), local(2026, 11, 20, 16, n))
        written: list[Path] = []

        def counting(path: Path, data: object, root: Path) -> None:
            written.append(path)
            REAL_WRITE(path, data, root)

        monkeypatch.setattr(storage, "atomic_write_json", counting)
        before = snapshot(data_dir)
        assert store.put_worries_to_bed(mia, local(2026, 11, 20, 19, 30)) == 3
        assert written == [_worries_file(data_dir)]
        assert snapshot(data_dir).keys() == before.keys()
        # Again tonight: nothing more goes in and nothing is written.
        assert store.put_worries_to_bed(mia, local(2026, 11, 20, 19, 35)) == 0
        assert len(written) == 1
    finally:
        store.close()

    store = Store.open(data_dir, clock())
    try:
        worries = store.worries(mia)
        state = closed_box(worries, local(2026, 11, 20, 22, 0), store.zone)
        assert state is not None and state.inside == 3 and state.opens == local(2026, 11, 21, 5, 0)
        assert open_worries(worries, local(2026, 11, 20, 22, 0), store.zone) == []
        assert len(to_review(worries, local(2026, 11, 21, 5, 0), store.zone)) == 3
    finally:
        store.close()


def test_if_the_disk_is_full_no_worry_goes_in_the_box(household, monkeypatch) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        for n in range(2):
            store.write_worry(mia, _content(f"worry {n}"), local(2026, 11, 20, 16, n))
        before = store.worries(mia)

        def disk_full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(storage, "atomic_write_json", disk_full)
        with pytest.raises(StoreError, match="No space left on device"):
            store.put_worries_to_bed(mia, local(2026, 11, 20, 19, 30))
        assert store.worries(mia) == before
        monkeypatch.setattr(storage, "atomic_write_json", REAL_WRITE)
        assert store.put_worries_to_bed(mia, local(2026, 11, 20, 19, 31)) == 2
    finally:
        store.close()


def test_worries_json_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # as a library, under the usual umask
    try:
        data_dir = tmp_path / "data"
        mia = make_household(data_dir)["child"]
        store = Store.open(data_dir, clock())
        try:
            store.write_worry(mia, _content("A private worry"), local(2026, 11, 20, 16, 0))
        finally:
            store.close()
        path = _worries_file(data_dir)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        # Left readable by others (a copy, a restore): private again once opened.
        os.chmod(path, 0o644)
        store = Store.open(data_dir, clock())
        try:
            store.worries(mia)
        finally:
            store.close()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_new_worry_is_checked_before_it_is_kept(household) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        for text in ("", "  \n  ", "\u200b"):
            with pytest.raises(InvalidInput):
                store.write_worry(mia, WorryContent(text), local(2026, 11, 20, 16, 0))
        assert store.worries(mia) == []
        assert not _worries_file(data_dir).exists()
        # Content that skipped clean_worry is still stored clean (and never over the limit).
        worry = store.write_worry(mia, WorryContent("  Monsters  \n\n" + "x" * 5000), local(2026, 11, 20, 16, 0))
        assert worry.content.text == "  Monsters\n\n" + "x" * 1986  # cut at 2,000, then trimmed
    finally:
        store.close()


def test_putting_worries_to_bed_in_the_morning_is_refused_and_writes_nothing(household) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        worry = store.write_worry(mia, _content("The dark"), local(2026, 11, 21, 7, 0))
        before = snapshot(data_dir)
        with pytest.raises(InvalidInput, match="morning"):
            store.put_worries_to_bed(mia, local(2026, 11, 21, 8, 0))
        assert snapshot(data_dir) == before
        assert store.worries(mia) == [worry]
    finally:
        store.close()


def test_the_same_words_again_are_not_a_new_version(household) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        worry = store.write_worry(mia, _content("The dark"), local(2026, 11, 20, 16, 0))
        before = snapshot(data_dir)
        assert store.edit_worry(worry.id, _content("The dark  "), local(2026, 11, 20, 16, 5)) == worry
        assert snapshot(data_dir) == before
    finally:
        store.close()


# -- set aside, read-only, opened only when needed (X6) -----------------------------------


def _edit_first_record(change: Callable[[dict], None]) -> Callable[[bytes], bytes]:
    def damage(raw: bytes) -> bytes:
        data = json.loads(raw)
        change(next(iter(data["records"].values())))
        return json.dumps(data).encode()

    return damage


WORRIES_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not json": lambda raw: b"\x00\xff\xfePK\x03\x04 this is a zip file \x9c\x80",
    "a json list": lambda raw: json.dumps(list(json.loads(raw).values())).encode(),
    "written without its words": _edit_first_record(lambda doc: doc.pop("text")),
    "unknown kind": _edit_first_record(lambda doc: doc.update(kind="shredded")),
    "time without an offset": _edit_first_record(lambda doc: doc.update(at="2026-11-20T16:00:00")),
    "solutions not a list": _edit_first_record(lambda doc: doc.update(solutions="a night light")),
    "drawn not true or false": _edit_first_record(lambda doc: doc.update(drawn="yes")),
    "impossible night": _edit_first_record(lambda doc: doc.update(night="2026-11-31")),
}


@pytest.mark.parametrize("damage", WORRIES_DAMAGE, ids=list(WORRIES_DAMAGE))
def test_an_unreadable_worries_file_is_set_aside_with_a_notice_and_the_app_goes_on(household, damage: str) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        store.write_worry(mia, _content("The dark"), local(2026, 11, 20, 16, 0))
    finally:
        store.close()
    path = _worries_file(data_dir)
    bad = WORRIES_DAMAGE[damage](path.read_bytes())
    path.write_bytes(bad)

    store = Store.open(data_dir, clock())
    try:
        assert store.worries(mia) == []
        kept = data_dir / f"worries.json.corrupt-{EVENING_STAMP}"
        assert kept.read_bytes() == bad
        (notice,) = store.take_notices()
        assert "worries.json could not be read" in notice and kept.name in notice and "\n" not in notice
        # The app goes on: the rest of the household is there, and a new worry is kept.
        assert [child.name for child in store.children()] == ["Mia"]
        worry = store.write_worry(mia, _content("The wind"), local(2026, 11, 20, 17, 0))
    finally:
        store.close()
    store = Store.open(data_dir, clock())
    try:
        assert store.worries(mia) == [worry]
        assert store.take_notices() == []
    finally:
        store.close()
    assert kept.read_bytes() == bad


def test_worries_json_is_not_opened_when_the_store_opens(household) -> None:
    """The first screen never waits for the worry box: an unreadable worries.json is noticed
    only when the worries are first asked for."""
    data_dir, mia = household
    path = _worries_file(data_dir)
    path.write_bytes(b"not json at all")
    store = Store.open(data_dir, clock())
    try:
        store.children()
        store.add_night_event(mia, EventKind.LIGHTS_OUT, local(2026, 11, 20, 19, 40))
        assert store.take_notices() == []
        assert path.read_bytes() == b"not json at all"
        store.worries(mia)
        assert len(store.take_notices()) == 1 and not path.exists()
    finally:
        store.close()


def test_a_read_only_copy_shows_worries_but_refuses_every_change(household) -> None:
    data_dir, mia = household
    writer = Store.open(data_dir, clock())
    try:
        worry = writer.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
        writer.put_worries_to_bed(mia, local(2026, 11, 19, 19, 30))
        shown = writer.worries(mia)
        before = snapshot(data_dir)
        second = Store.open(data_dir, clock())
        try:
            assert second.read_only
            assert second.worries(mia) == shown
            attempts = {
                "write": lambda: second.write_worry(mia, _content("The wind"), local(2026, 11, 20, 16, 0)),
                "edit": lambda: second.edit_worry(worry.id, _content("The dark!"), local(2026, 11, 20, 16, 0)),
                "put to bed": lambda: second.put_worries_to_bed(mia, local(2026, 11, 20, 19, 30)),
                "gone": lambda: second.review_worry(worry.id, WorryKind.GONE, local(2026, 11, 20, 7, 0)),
                "still there": lambda: second.review_worry(worry.id, WorryKind.KEPT, local(2026, 11, 20, 7, 0)),
            }
            for what, attempt in attempts.items():
                with pytest.raises(ReadOnlyStore) as raised:
                    attempt()
                assert isinstance(raised.value, CompanionError) and "\n" not in str(raised.value), what
            assert second.worries(mia) == shown
        finally:
            second.close()
        assert snapshot(data_dir) == before
    finally:
        writer.close()


def test_a_worry_in_the_closed_box_cannot_be_changed_until_morning(household) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        worry = store.write_worry(mia, _content("The dark"), local(2026, 11, 20, 16, 0))
        store.put_worries_to_bed(mia, local(2026, 11, 20, 19, 30))
        before = snapshot(data_dir)
        for change in (
            lambda: store.review_worry(worry.id, WorryKind.GONE, local(2026, 11, 20, 21, 0)),
            lambda: store.edit_worry(worry.id, _content("The dark!"), local(2026, 11, 20, 21, 0)),
        ):
            with pytest.raises(InvalidInput, match="in the box until the morning"):
                change()
        assert snapshot(data_dir) == before
        kept = store.review_worry(worry.id, WorryKind.KEPT, local(2026, 11, 21, 6, 30))
        assert kept.reviews[-1].outcome is WorryKind.KEPT
        assert load_json(_worries_file(data_dir))["_meta"]["1"]["kind"] == "worries"
    finally:
        store.close()


# -- gone worries have files of their own (issue 5 point 5: fast at ten years) ------------


def _gone_file(data_dir: Path, child_id: str, worry_id: str) -> Path:
    return data_dir / "worries-gone" / child_id / f"{worry_id}.json"


def _live_ids(data_dir: Path) -> set[str]:
    """The worries whose records are in worries.json."""
    return {doc["worry_id"] for doc in load_json(_worries_file(data_dir))["records"].values()}


def _recording_writes(monkeypatch, fail_at: int | None = None) -> list[tuple[Path, int]]:
    """Every atomic JSON write from now on, as (path, bytes); the `fail_at`th (1-based) raises
    as a full disk would, or a kill between two writes, leaving the file as it was."""
    written: list[tuple[Path, int]] = []

    def recording(path: Path, data: object, root: Path) -> None:
        if fail_at is not None and len(written) + 1 == fail_at:
            written.append((path, -1))
            raise OSError(28, "No space left on device")
        REAL_WRITE(path, data, root)
        written.append((path, path.stat().st_size))

    monkeypatch.setattr(storage, "atomic_write_json", recording)
    return written


def test_a_worry_that_goes_moves_to_its_own_file_first_then_leaves_worries_json(household, monkeypatch) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        dark = store.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
        wind = store.write_worry(mia, _content("The wind"), local(2026, 11, 19, 16, 5))
        store.put_worries_to_bed(mia, local(2026, 11, 19, 19, 30))
        written = _recording_writes(monkeypatch)
        gone = store.review_worry(dark.id, WorryKind.GONE, local(2026, 11, 20, 7, 0))
        # Two writes, in this order: the worry's own file (whole), then worries.json without it.
        assert [path for path, _ in written] == [_gone_file(data_dir, mia, dark.id), _worries_file(data_dir)]
        assert gone.gone == local(2026, 11, 20, 7, 0) and nights_in_box(gone) == 1
        kinds = [doc["kind"] for doc in load_json(_gone_file(data_dir, mia, dark.id))["records"].values()]
        assert kinds == ["written", "boxed", "gone"]
        assert load_json(_gone_file(data_dir, mia, dark.id))["_meta"]["1"]["kind"] == "gone_worry"
        assert _live_ids(data_dir) == {wind.id}
        assert [w.id for w in store.worries_not_gone(mia)] == [wind.id]
        assert store.gone_count(mia) == 1
        shown = store.worries(mia)
        assert [w.id for w in shown] == [dark.id, wind.id] and shown[0] == gone
        assert [w.id for w in store.gone_worries(mia)] == [dark.id]
        # Gone is gone: the rules still say so for a worry that is no longer in worries.json.
        with pytest.raises(InvalidInput, match="already gone away"):
            store.review_worry(dark.id, WorryKind.GONE, local(2026, 11, 20, 7, 5))
        with pytest.raises(InvalidInput, match="has gone away"):
            store.edit_worry(dark.id, _content("The dark!"), local(2026, 11, 20, 7, 5))
    finally:
        store.close()
    store = Store.open(data_dir, clock())
    try:
        assert store.worries(mia) == shown
        assert store.take_notices() == []
    finally:
        store.close()


def test_a_crash_between_the_two_writes_of_gone_shows_the_worry_once_as_gone_and_the_next_write_tidies_up(
    household, monkeypatch
) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        dark = store.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
        wind = store.write_worry(mia, _content("The wind"), local(2026, 11, 19, 16, 5))
        store.put_worries_to_bed(mia, local(2026, 11, 19, 19, 30))
        written = _recording_writes(monkeypatch, fail_at=2)  # its own file is written; worries.json is not
        gone = store.review_worry(dark.id, WorryKind.GONE, local(2026, 11, 20, 7, 0))
        assert [path for path, _ in written] == [_gone_file(data_dir, mia, dark.id), _worries_file(data_dir)]
        # On disk it is in both files; gone all the same, from the moment its own file was written.
        assert _live_ids(data_dir) == {dark.id, wind.id}
        assert gone.gone is not None
        for shown in (store, Store.open(data_dir, clock())):  # this one, and a read-only copy reading the disk
            try:
                assert [(w.id, w.gone is not None) for w in shown.worries(mia)] == [(dark.id, True), (wind.id, False)]
                assert [w.id for w in shown.worries_not_gone(mia)] == [wind.id]
                assert shown.gone_count(mia) == 1
            finally:
                if shown is not store:
                    shown.close()
    finally:
        store.close()  # as if killed here: worries.json still holds the worry that went

    store = Store.open(data_dir, clock())
    try:
        assert [(w.id, w.gone) for w in store.worries(mia)] == [(dark.id, gone.gone), (wind.id, None)]
        records = store.worry_records(mia)  # each record once, though it is on disk twice
        assert sorted((r.worry_id == dark.id, r.kind.value) for r in records) == [
            (False, "boxed"), (False, "written"), (True, "boxed"), (True, "gone"), (True, "written"),
        ]
        assert len({r.id for r in records}) == len(records)
        assert _live_ids(data_dir) == {dark.id, wind.id}  # reading changes nothing on disk
        monkeypatch.setattr(storage, "atomic_write_json", REAL_WRITE)
        store.review_worry(wind.id, WorryKind.KEPT, local(2026, 11, 20, 7, 10))  # the next write of worries.json
        assert _live_ids(data_dir) == {wind.id}
        assert [(w.id, w.gone is not None) for w in store.worries(mia)] == [(dark.id, True), (wind.id, False)]
    finally:
        store.close()


def test_when_even_its_own_file_cannot_be_written_the_worry_has_not_gone(household, monkeypatch) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        dark = store.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
        before = snapshot(data_dir)
        _recording_writes(monkeypatch, fail_at=1)
        with pytest.raises(StoreError, match="No space left on device"):
            store.review_worry(dark.id, WorryKind.GONE, local(2026, 11, 19, 17, 0))
        assert snapshot(data_dir) == before
        assert [w.gone for w in store.worries(mia)] == [None] and store.gone_count(mia) == 0
        monkeypatch.setattr(storage, "atomic_write_json", REAL_WRITE)
        assert store.review_worry(dark.id, WorryKind.GONE, local(2026, 11, 19, 17, 1)).gone is not None
    finally:
        store.close()


def _records_of_one_more_worry(raw: bytes) -> bytes:
    data = json.loads(raw)
    doc = dict(next(iter(data["records"].values())), worry_id="f" * 32)
    data["records"]["99"] = doc
    return json.dumps(data).encode()


GONE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not json": lambda raw: b"\x00\xff\xfe not a worry",
    "without the day it went": lambda raw: json.dumps(
        {**json.loads(raw), "records": {k: d for k, d in json.loads(raw)["records"].items() if d["kind"] != "gone"}}
    ).encode(),
    "two worries in one file": _records_of_one_more_worry,
    "a worries.json in its place": lambda raw: json.dumps(
        {**json.loads(raw), "_meta": {"1": {"schema": 1, "kind": "worries"}}}
    ).encode(),
    "an id that is a path": _edit_first_record(lambda doc: doc.update(child_id="../household")),
}


@pytest.mark.parametrize("damage", GONE_DAMAGE, ids=list(GONE_DAMAGE))
def test_a_damaged_gone_file_is_set_aside_with_a_notice_and_the_open_worries_still_show(household, damage: str) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        dark = store.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
        wind = store.write_worry(mia, _content("The wind"), local(2026, 11, 19, 16, 5))
        store.review_worry(dark.id, WorryKind.GONE, local(2026, 11, 19, 17, 0))
    finally:
        store.close()
    path = _gone_file(data_dir, mia, dark.id)
    bad = GONE_DAMAGE[damage](path.read_bytes())
    path.write_bytes(bad)

    store = Store.open(data_dir, clock())
    try:
        # What the box and the recap need never reads the history.
        assert [w.id for w in store.worries_not_gone(mia)] == [wind.id]
        assert store.take_notices() == []
        # The history does: the damaged file is set aside, said once, and the rest goes on.
        assert [w.id for w in store.worries(mia)] == [wind.id]
        kept = path.with_name(f"{path.name}.corrupt-{EVENING_STAMP}")
        assert kept.read_bytes() == bad and not path.exists()
        (notice,) = store.take_notices()
        assert f"worries-gone/{mia}/{dark.id}.json could not be read" in notice and kept.name in notice
        assert "\n" not in notice
        assert store.gone_count(mia) == 0 and store.gone_worries(mia) == []
        new = store.write_worry(mia, _content("Thunder"), local(2026, 11, 20, 16, 0))
        assert [w.id for w in store.worries(mia)] == [wind.id, new.id]
    finally:
        store.close()
    assert kept.read_bytes() == bad


def test_worries_json_stays_small_however_many_worries_went_away(household, monkeypatch) -> None:
    """Ten years of worries at two a month: a keypress rewrites worries.json, whose size is
    that of the worries still open, and a new small file when one goes. Sizes, not timings."""
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        open_one = store.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
        fresh_size = _worries_file(data_dir).stat().st_size
        day = local(2016, 11, 1, 16, 0)
        for n in range(240):  # ten years' worth, each written, a night in the box, then gone
            at = day.add(days=15 * n)
            worry = store.write_worry(mia, _content(f"Worry number {n} about the dark and the wind"), at)
            store.put_worries_to_bed(mia, at.replace(hour=19))
            store.review_worry(worry.id, WorryKind.KEPT, at.add(days=1).replace(hour=7))
            store.put_worries_to_bed(mia, at.add(days=1).replace(hour=19))
            store.review_worry(worry.id, WorryKind.GONE, at.add(days=2).replace(hour=7))
        # The open worry went to bed every night too: it is the one thing worries.json grew by.
        store.review_worry(open_one.id, WorryKind.GONE, local(2026, 11, 20, 7, 0))
        assert store.gone_count(mia) == 241
        again = store.write_worry(mia, _content("The dark"), local(2026, 11, 20, 16, 0))
        assert _worries_file(data_dir).stat().st_size <= fresh_size + 200  # one worry, like a fresh household
        written = _recording_writes(monkeypatch)
        store.put_worries_to_bed(mia, local(2026, 11, 20, 19, 0))
        store.review_worry(again.id, WorryKind.KEPT, local(2026, 11, 21, 7, 0))
        store.review_worry(again.id, WorryKind.GONE, local(2026, 11, 21, 7, 5))
        store.write_worry(mia, _content("Thunder"), local(2026, 11, 21, 16, 0))
        assert [path.name for path, _ in written] == ["worries.json", "worries.json", f"{again.id}.json", "worries.json", "worries.json"]
        assert max(size for _, size in written) < 2000
    finally:
        store.close()
    assert len(list((data_dir / "worries-gone" / mia).glob("*.json"))) == 242


def test_gone_worries_files_and_folders_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        data_dir = tmp_path / "data"
        mia = make_household(data_dir)["child"]
        store = Store.open(data_dir, clock())
        try:
            worry = store.write_worry(mia, _content("A private worry"), local(2026, 11, 20, 16, 0))
            store.review_worry(worry.id, WorryKind.GONE, local(2026, 11, 20, 16, 5))
        finally:
            store.close()
        path = _gone_file(data_dir, mia, worry.id)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    finally:
        os.umask(old)


def test_worries_json_from_before_gone_files_moves_its_gone_worries_out_and_loses_nothing(household) -> None:
    """A worries.json written when every worry lived there (gone ones too): on first use the
    gone ones move to their own files; a read-only copy shows them as they are."""
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        dark = store.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
        store.write_worry(mia, _content("The wind"), local(2026, 11, 19, 16, 5))
        store.put_worries_to_bed(mia, local(2026, 11, 19, 19, 30))
        store.review_worry(dark.id, WorryKind.GONE, local(2026, 11, 20, 7, 0))
        shown = store.worries(mia)
    finally:
        store.close()
    # Back to the old layout: every record in worries.json, no gone files.
    old = load_json(_worries_file(data_dir))
    gone_path = _gone_file(data_dir, mia, dark.id)
    for doc in load_json(gone_path)["records"].values():
        old["records"][str(max(map(int, old["records"])) + 1)] = doc
    _worries_file(data_dir).write_text(json.dumps(old))
    gone_path.unlink()

    writer = Store.open(data_dir, clock())
    try:
        reader = Store.open(data_dir, clock())
        try:
            assert reader.read_only and reader.worries(mia) == shown and reader.gone_count(mia) == 1
            assert not gone_path.exists()
        finally:
            reader.close()
        assert writer.worries(mia) == shown
        assert gone_path.exists() and dark.id not in _live_ids(data_dir)
        assert writer.gone_count(mia) == 1
    finally:
        writer.close()


def test_a_bulk_load_writes_each_gone_worry_before_worries_json(household, monkeypatch) -> None:
    data_dir, mia = household
    store = Store.open(data_dir, clock())
    try:
        written = _recording_writes(monkeypatch)
        with store.bulk():
            worry = store.write_worry(mia, _content("The dark"), local(2026, 11, 19, 16, 0))
            store.review_worry(worry.id, WorryKind.GONE, local(2026, 11, 19, 17, 0))
            assert written == []
        assert [path for path, _ in written] == [_gone_file(data_dir, mia, worry.id), _worries_file(data_dir)]
        assert store.gone_count(mia) == 1 and store.worries_not_gone(mia) == []
    finally:
        store.close()
