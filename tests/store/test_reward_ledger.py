"""The reward chart's ledger on disk (rules R2–R5; issue 6 points 2–5, 7, 8): append-only,
a record never rewritten or removed, the ladder in one small file and the stars (given, voided, spent) in one
small file a year, exactly as given after a reopen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from companion.domain.errors import InvalidInput
from companion.domain.reward_kinds import RewardKind
from companion.store.store import ReadOnlyStore, Store
from tests.store.helpers import BIRTH_DATE, clock, local

LAST_NIGHT = date(2026, 11, 19)
MORNING = local(2026, 11, 20, 7, 30)


def records_on_disk(data_dir: Path) -> list[dict]:
    docs = []
    for path in sorted((data_dir / "rewards").glob("*.json")):
        docs += json.loads(path.read_text())["records"].values()
    return docs


@contextmanager
def opened(data_dir: Path) -> Iterator[Store]:
    store = Store.open(data_dir, clock(MORNING))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def ledger(tmp_path: Path):
    """Mia, with a target since 1 November; the store open until the test ends."""
    with opened(tmp_path) as store:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.add_target(mia.id, "stayed in my bed the whole night", local(2026, 11, 1, 9, 0))
        yield store, mia


def test_a_star_with_its_praise_survives_a_reopen_exactly(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    star = store.give_star(mia.id, LAST_NIGHT, MORNING)
    assert star.praise == "I like the way you stayed in your bed the whole night. Here is a star for your chart."
    store.close()
    with opened(tmp_path) as reopened:
        assert reopened.reward_chart(mia.id).star_on(LAST_NIGHT) == star
        assert reopened.take_notices() == []


def test_the_ledger_only_grows_and_a_void_is_a_record_of_its_own(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    star = store.give_star(mia.id, LAST_NIGHT, MORNING)
    before = records_on_disk(tmp_path)
    store.void_star(mia.id, star.id, MORNING + timedelta(minutes=9))
    after = records_on_disk(tmp_path)
    assert after[: len(before)] == before  # nothing rewritten, nothing removed
    assert [doc["kind"] for doc in after[len(before):]] == [RewardKind.STAR_VOIDED.value]
    assert store.reward_chart(mia.id).totals(MORNING + timedelta(hours=1)).earned == 0


def test_a_void_after_ten_minutes_is_refused_and_nothing_is_written(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    star = store.give_star(mia.id, LAST_NIGHT, MORNING)
    before = records_on_disk(tmp_path)
    with pytest.raises(InvalidInput, match="more than 10 minutes ago"):
        store.void_star(mia.id, star.id, MORNING + timedelta(minutes=10))
    assert records_on_disk(tmp_path) == before


def test_redeeming_spends_stars_and_more_than_available_changes_nothing(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    for back in range(1, 5):
        store.give_star(mia.id, LAST_NIGHT - timedelta(days=back - 1), MORNING - timedelta(days=back - 1))
    dip = store.add_reward(mia.id, "lucky dip", "4", MORNING)
    park = store.add_reward(mia.id, "park trip", 10, MORNING)
    later = MORNING + timedelta(hours=1)
    before = records_on_disk(tmp_path)
    with pytest.raises(InvalidInput, match="Mia has 4 stars to spend; the park trip needs 10."):
        store.redeem(mia.id, park.id, later, "Mia")
    assert records_on_disk(tmp_path) == before
    store.redeem(mia.id, dip.id, later, "Mia")
    totals = store.reward_chart(mia.id).totals(later)
    assert (totals.earned, totals.spent, totals.available) == (4, 4, 0)


@pytest.mark.parametrize(("stars", "message"), [("0", "at least 1 star"), ("-3", "at least 1 star"), ("ten", "whole number"), ("1000", "long way off")])
def test_bad_thresholds_are_refused_with_a_message(ledger, stars: str, message: str) -> None:
    store, mia = ledger
    with pytest.raises(InvalidInput, match=message):
        store.add_reward(mia.id, "park trip", stars, MORNING)
    assert store.reward_chart(mia.id).rewards == ()


def test_the_ladder_has_one_file_the_stars_one_a_month_and_all_are_read_back(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    store.give_star(mia.id, date(2026, 11, 2), local(2026, 11, 3, 7, 0))
    store.give_star(mia.id, date(2026, 12, 31), local(2027, 1, 1, 8, 0))
    store.add_reward(mia.id, "lucky dip", 4, local(2027, 1, 2, 9, 0))
    assert sorted(path.name for path in (tmp_path / "rewards").iterdir()) == ["ladder.json", "stars-2026-11.json", "stars-2027-01.json"]
    assert oct((tmp_path / "rewards" / "stars-2027-01.json").stat().st_mode & 0o777) == "0o600"
    store.close()
    with opened(tmp_path) as reopened:
        chart = reopened.reward_chart(mia.id)
        assert [reward.name for reward in chart.rewards] == ["lucky dip"]
        assert chart.star_on(date(2026, 11, 2)) is not None


def test_a_damaged_month_file_is_set_aside_with_a_notice_and_the_rest_still_shows(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    store.give_star(mia.id, LAST_NIGHT, MORNING)
    store.give_star(mia.id, date(2026, 12, 31), local(2027, 1, 1, 8, 0))
    store.close()
    (tmp_path / "rewards" / "stars-2027-01.json").write_text("{not json")
    with opened(tmp_path) as reopened:
        chart = reopened.reward_chart(mia.id)
        assert [target.text for target in chart.targets] == ["stayed in my bed the whole night"]
        assert chart.star_on(LAST_NIGHT) is not None
        [notice] = reopened.take_notices()
        assert "rewards/stars-2027-01.json could not be read" in notice


def test_the_reward_files_are_not_opened_at_startup(ledger, tmp_path: Path) -> None:
    store, _ = ledger
    store.close()
    (tmp_path / "rewards" / "ladder.json").write_text("{not json")
    with opened(tmp_path) as reopened:
        assert reopened.take_notices() == []  # nothing read yet: the first frame doesn't wait


def test_a_read_only_window_writes_no_star(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    with opened(tmp_path) as second:
        assert second.read_only
        with pytest.raises(ReadOnlyStore):
            second.give_star(mia.id, LAST_NIGHT, MORNING)
        assert store.reward_chart(mia.id).star_on(LAST_NIGHT) is None


def test_the_morning_star_reads_the_ladder_and_that_nights_months_not_every_month(ledger, tmp_path: Path) -> None:
    """The recap asks for last night's star and target without ten years of stars (issue 7
    point 8): the older stars files are never opened, and the answer is the whole chart's."""
    store, mia = ledger
    old_star = store.give_star(mia.id, date(2026, 11, 5), local(2026, 11, 6, 7, 0))
    star = store.give_star(mia.id, LAST_NIGHT, MORNING)
    store.void_star(mia.id, star.id, MORNING + timedelta(minutes=2))
    store.close()
    # Stars of an earlier month, damaged: the whole chart would tell, so opening it shows.
    (tmp_path / "rewards" / "stars-2026-09.json").write_text("{not json")
    with opened(tmp_path) as reopened:
        given, target = reopened.night_star(mia.id, LAST_NIGHT)
        assert given is None  # voided within its ten minutes
        assert target is not None and target.text == "stayed in my bed the whole night"
        assert reopened.night_star(mia.id, date(2026, 11, 5))[0] == old_star
        assert reopened.take_notices() == []
        again = reopened.give_star(mia.id, LAST_NIGHT, MORNING + timedelta(minutes=20))
        assert reopened.night_star(mia.id, LAST_NIGHT)[0] == again
        assert reopened.take_notices() == []
        # The whole chart reads every year, and agrees.
        assert reopened.reward_chart(mia.id).star_on(LAST_NIGHT) == again
        assert "stars-2026-09.json could not be read" in " ".join(reopened.take_notices())


def _old_layout(data_dir: Path, name: str = "{year}.json") -> list[dict]:
    """Put every record back in an earlier layout, one file by the year written:
    rewards/YYYY.json, or (name "stars-{year}.json") the stars and the ladder together."""
    docs = records_on_disk(data_dir)
    for path in (data_dir / "rewards").glob("*.json"):
        path.unlink()
    for year in sorted({doc["at"][:4] for doc in docs}):
        records = {str(n): doc for n, doc in enumerate((d for d in docs if d["at"][:4] == year), 1)}
        (data_dir / "rewards" / name.format(year=year)).write_text(
            json.dumps({"records": records, "_meta": {"1": {"schema": 1, "kind": "rewards"}}})
        )
    return docs


@pytest.mark.parametrize("name", ["{year}.json", "stars-{year}.json"])
def test_the_earlier_layouts_are_moved_by_a_writer_and_nothing_is_lost(ledger, tmp_path: Path, name: str) -> None:
    store, mia = ledger
    store.give_star(mia.id, LAST_NIGHT, MORNING)
    store.give_star(mia.id, date(2026, 12, 31), local(2027, 1, 1, 8, 0))
    store.add_reward(mia.id, "lucky dip", 4, local(2027, 1, 2, 9, 0))
    chart = store.reward_chart(mia.id)
    store.close()
    before = sorted(doc["id"] for doc in _old_layout(tmp_path, name))
    assert sorted(path.name for path in (tmp_path / "rewards").iterdir()) == [name.format(year=2026), name.format(year=2027)]

    with opened(tmp_path) as second, opened(tmp_path) as read_only:
        assert read_only.read_only  # a read-only window leaves the old files, and reads them whole
        assert read_only.night_star(mia.id, LAST_NIGHT)[0] == chart.star_on(LAST_NIGHT)
        assert second.night_star(mia.id, LAST_NIGHT)[0] == chart.star_on(LAST_NIGHT)
        assert second.reward_chart(mia.id) == chart
    names = sorted(path.name for path in (tmp_path / "rewards").iterdir())
    assert names == ["ladder.json", "stars-2026-11.json", "stars-2027-01.json"]
    assert sorted(doc["id"] for doc in records_on_disk(tmp_path)) == before


def test_a_move_cut_short_leaves_records_in_both_and_counts_each_once(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    store.give_star(mia.id, LAST_NIGHT, MORNING)
    chart = store.reward_chart(mia.id)
    store.close()
    docs = _old_layout(tmp_path)
    # As if killed after copying into the new files, before removing the old one.
    (tmp_path / "rewards" / "2026.json").rename(tmp_path / "keep.json")
    with opened(tmp_path) as moved:
        moved.reward_chart(mia.id)
    (tmp_path / "keep.json").rename(tmp_path / "rewards" / "2026.json")
    with opened(tmp_path) as reopened:
        assert reopened.reward_chart(mia.id) == chart
        assert reopened.reward_chart(mia.id).totals(MORNING + timedelta(hours=1)).earned == 1
    assert sorted(doc["id"] for doc in records_on_disk(tmp_path)) == sorted(doc["id"] for doc in docs)
