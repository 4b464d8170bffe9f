"""The reward chart's ledger on disk (rules R2–R5; issue 6 points 2–5, 7, 8): append-only,
a record never rewritten or removed, one small file a year, exactly as given after a reopen."""

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


def test_each_year_has_its_own_small_file_and_all_are_read_back(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    store.give_star(mia.id, date(2026, 11, 2), local(2026, 11, 3, 7, 0))
    store.add_reward(mia.id, "lucky dip", 4, local(2027, 1, 2, 9, 0))
    assert sorted(path.name for path in (tmp_path / "rewards").iterdir()) == ["2026.json", "2027.json"]
    assert oct((tmp_path / "rewards" / "2027.json").stat().st_mode & 0o777) == "0o600"
    store.close()
    with opened(tmp_path) as reopened:
        chart = reopened.reward_chart(mia.id)
        assert [reward.name for reward in chart.rewards] == ["lucky dip"]
        assert chart.star_on(date(2026, 11, 2)) is not None


def test_a_damaged_year_file_is_set_aside_with_a_notice_and_the_rest_still_shows(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    store.add_reward(mia.id, "lucky dip", 4, local(2027, 1, 2, 9, 0))
    store.close()
    (tmp_path / "rewards" / "2027.json").write_text("{not json")
    with opened(tmp_path) as reopened:
        chart = reopened.reward_chart(mia.id)
        assert [target.text for target in chart.targets] == ["stayed in my bed the whole night"]
        [notice] = reopened.take_notices()
        assert "rewards/2027.json could not be read" in notice


def test_the_reward_files_are_not_opened_at_startup(ledger, tmp_path: Path) -> None:
    store, _ = ledger
    store.close()
    (tmp_path / "rewards" / "2026.json").write_text("{not json")
    with opened(tmp_path) as reopened:
        assert reopened.take_notices() == []  # nothing read yet: the first frame doesn't wait


def test_a_read_only_window_writes_no_star(ledger, tmp_path: Path) -> None:
    store, mia = ledger
    with opened(tmp_path) as second:
        assert second.read_only
        with pytest.raises(ReadOnlyStore):
            second.give_star(mia.id, LAST_NIGHT, MORNING)
        assert store.reward_chart(mia.id).star_on(LAST_NIGHT) is None
