"""The reward chart's ledger on disk (rules R2–R5), part of the Store.

Records are only ever appended (R4). They live in `rewards/YYYY.json`, by the year each was
written: a star a night for ten years is thousands of records, and a keypress rewrites only
this year's file. The files are read on first use, never at startup; the folded chart is kept
per child and refolded only when that child's ledger changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query, TinyDB

from companion.domain.errors import InvalidInput
from companion.domain.night import from_storage, to_storage
from companion.domain.reward_kinds import RewardKind

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from companion.domain.rewards import Chart, Reward, RewardRecord, Star, Target

REWARDS_DIR = "rewards"


class RewardLedger:
    """Mixed into Store: it brings `data_dir`, `zone`, `_open_db` and `_writing`."""

    data_dir: Path
    zone: str
    _open_db: Callable[[Path, str], TinyDB]
    _writing: Callable[[], AbstractContextManager[None]]

    _reward_years: dict[int, TinyDB] | None = None
    _charts: dict[str, Chart] | None = None

    # -- reading --------------------------------------------------------------------------

    def reward_chart(self, child_id: str) -> Chart:
        """The child's chart, folded from every record (R4: none is ever removed)."""
        from companion.domain.rewards import chart_of

        if self._charts is None or child_id not in self._charts:
            self._charts = {**(self._charts or {}), child_id: chart_of(self.reward_records(child_id))}
        return self._charts[child_id]

    def reward_records(self, child_id: str) -> list[RewardRecord]:
        return [
            self._reward_record(doc)
            for db in self._reward_dbs().values()
            for doc in db.table("records").search(Query().child_id == child_id)
        ]

    # -- the ladder (R2) ------------------------------------------------------------------

    def add_target(self, child_id: str, text: str, at: datetime) -> Target:
        from companion.domain.rewards import check_target, open_night

        chart = self.reward_chart(child_id)
        clean = check_target(text, [target.text for target in chart.targets])
        record = self._append_reward(child_id, RewardKind.TARGET_ADDED, at, night=open_night(at, self.zone), text=clean)
        return next(target for target in self.reward_chart(child_id).targets if target.id == record.id)

    def step_up(self, child_id: str, target_id: str, at: datetime) -> Target:
        """The current target from the next night on; the history keeps when it changed."""
        from companion.domain.rewards import check_step_up, open_night

        target = check_step_up(self.reward_chart(child_id), target_id)
        self._append_reward(child_id, RewardKind.TARGET_STEPPED_UP, at, night=open_night(at, self.zone), ref=target.id)
        return target

    # -- stars (R3, R4) -------------------------------------------------------------------

    def give_star(self, child_id: str, night: date, at: datetime) -> Star:
        """Last night's star (or a forgotten earlier one), with the praise to read aloud."""
        from companion.domain.rewards import check_star, praise_for

        target = check_star(self.reward_chart(child_id), night, at, self.zone)
        record = self._append_reward(
            child_id, RewardKind.STAR_GIVEN, at, night=night, ref=target.id, text=praise_for(target.text)
        )
        return self._star(child_id, record.id)

    def void_star(self, child_id: str, star_id: str, at: datetime) -> Star:
        """A star given by mistake, within ten minutes: voided by a record of its own."""
        from companion.domain.rewards import check_void

        star = check_void(self.reward_chart(child_id), star_id, at)
        self._append_reward(child_id, RewardKind.STAR_VOIDED, at, ref=star.id)
        return self._star(child_id, star.id)

    def _star(self, child_id: str, star_id: str) -> Star:
        star = self.reward_chart(child_id).star(star_id)
        assert star is not None  # just written
        return star

    # -- rewards (R5) ---------------------------------------------------------------------

    def add_reward(self, child_id: str, name: str, stars: str | int, at: datetime) -> Reward:
        from companion.domain.rewards import check_reward

        chart = self.reward_chart(child_id)
        clean, threshold = check_reward(name, stars, [reward.name for reward in chart.offered])
        record = self._append_reward(child_id, RewardKind.REWARD_ADDED, at, text=clean, stars=threshold)
        return self._reward(child_id, record.id)

    def retire_reward(self, child_id: str, reward_id: str, at: datetime) -> Reward:
        from companion.domain.rewards import check_retire

        reward = check_retire(self.reward_chart(child_id), reward_id)
        self._append_reward(child_id, RewardKind.REWARD_RETIRED, at, ref=reward.id)
        return self._reward(child_id, reward.id)

    def redeem(self, child_id: str, reward_id: str, at: datetime, child_name: str = "") -> Reward:
        """Spend a reward's stars: recorded with what was spent and when; earned stays earned."""
        from companion.domain.rewards import check_redeem

        reward = check_redeem(self.reward_chart(child_id), reward_id, at, child_name or "The child")
        self._append_reward(child_id, RewardKind.REDEEMED, at, ref=reward.id, text=reward.name, stars=reward.stars)
        return reward

    def _reward(self, child_id: str, reward_id: str) -> Reward:
        reward = self.reward_chart(child_id).reward(reward_id)
        assert reward is not None  # just written
        return reward

    # -- the files ------------------------------------------------------------------------

    def _append_reward(
        self,
        child_id: str,
        kind: RewardKind,
        at: datetime,
        *,
        night: date | None = None,
        ref: str = "",
        text: str = "",
        stars: int = 0,
    ) -> RewardRecord:
        """One record, appended to this year's file in one atomic write, then to the chart."""
        from companion.domain.rewards import RewardRecord, chart_of, chart_with
        from companion.store import schema

        import uuid

        record = RewardRecord(uuid.uuid4().hex, child_id, kind, at, night, ref, text, stars)
        doc = _reward_doc(record, self.zone)
        try:  # what would be set aside on reading is never written
            schema.check_shape({"records": {"new": doc}}, "rewards")
        except schema.SchemaError as error:
            raise InvalidInput(f"Not saved: {error}.") from None
        with self._writing():
            self._reward_year(at.year).table("records").insert(doc)
        chart = (self._charts or {}).get(child_id)
        if chart is None or at.timestamp() < chart.newest:  # not folded yet, or a clock set back
            chart = chart_of(self.reward_records(child_id))
        else:
            chart = chart_with(chart, record)
        self._charts = {**(self._charts or {}), child_id: chart}
        return record

    def append_reward_records(self, records: list[RewardRecord]) -> None:
        """Records made elsewhere (the demo, an import), checked as a file is checked on
        reading, and appended to their years' files; the charts are folded again when asked."""
        from companion.store import schema

        by_year: dict[int, list[dict[str, Any]]] = {}
        for record in records:
            by_year.setdefault(record.at.year, []).append(_reward_doc(record, self.zone))
        try:
            for docs in by_year.values():
                schema.check_shape({"records": dict(enumerate(docs))}, "rewards")
        except schema.SchemaError as error:
            raise InvalidInput(f"Not saved: {error}.") from None
        with self._writing():
            for year, docs in by_year.items():
                self._reward_year(year).table("records").insert_multiple(docs)
        self._charts = None

    def _reward_dbs(self) -> dict[int, TinyDB]:
        """Every year's file, opened on first use (a damaged one is set aside and told)."""
        if self._reward_years is None:
            folder = self.data_dir / REWARDS_DIR
            years = sorted(int(path.stem) for path in folder.glob("*.json") if path.stem.isdigit()) if folder.is_dir() else []
            self._reward_years = {year: self._open_db(folder / f"{year}.json", "rewards") for year in years}
        return self._reward_years

    def _reward_year(self, year: int) -> TinyDB:
        """This year's file; it (and the folder) are made by the first write into them."""
        dbs = self._reward_dbs()
        if year not in dbs:
            dbs[year] = self._open_db(self.data_dir / REWARDS_DIR / f"{year}.json", "rewards")
        return dbs[year]

    def _reward_record(self, doc: dict[str, Any]) -> RewardRecord:
        from companion.domain.rewards import RewardRecord

        night = doc.get("night")
        return RewardRecord(
            id=doc["id"],
            child_id=doc["child_id"],
            kind=RewardKind(doc["kind"]),
            at=from_storage(doc["at"], self.zone),
            night=date.fromisoformat(night) if night else None,
            ref=doc.get("ref", ""),
            text=doc.get("text", ""),
            stars=doc.get("stars", 0),
        )


def _reward_doc(record: RewardRecord, zone: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": record.id,
        "child_id": record.child_id,
        "kind": record.kind.value,
        "at": to_storage(record.at),
        "zone": zone,
    }
    if record.night is not None:
        doc["night"] = record.night.isoformat()
    if record.ref:
        doc["ref"] = record.ref
    if record.text:
        doc["text"] = record.text
    if record.stars:
        doc["stars"] = record.stars
    return doc
