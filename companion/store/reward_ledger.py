"""The reward chart's ledger on disk (rules R2–R5), part of the Store.

Records are only ever appended (R4), in two kinds of file under `rewards/`:
  ladder.json          the targets and each step up the ladder: a handful a year.
  stars-YYYY-MM.json   everything else, by the month each was written: stars given and voided,
                       rewards offered and retired, stars spent. A star a night for ten years
                       is thousands of records; giving one rewrites only this month's file
                       (about sixty records), so its cost does not grow with the year.
So the morning's question, "last night's star, and the target it is for", reads the ladder and
the stars from the month before that night on (a star is given after its night, never before),
not ten years of stars (`night_star`). The files are read on first use, never at startup; the
folded chart is kept per child and refolded only when that child's ledger changes.

Earlier layouts kept the records by year, in `rewards/YYYY.json` and then in
`rewards/stars-YYYY.json`. A writer moves those records into the files above on first use
(copied, on disk, then the old file removed; a crash between leaves a record in both, which the
fold counts once, and the next start finishes the move). While an old file is there (a
read-only window), the whole ledger is always read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from companion.domain.errors import InvalidInput
from companion.domain.night import from_storage, to_storage
from companion.domain.reward_kinds import RewardKind
from companion.store.files import fsync_dir
from companion.store.storage import RefusedStorage

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from companion.domain.rewards import Chart, Reward, RewardRecord, Star, Target

REWARDS_DIR = "rewards"
LADDER_FILE = "ladder.json"
LADDER_KINDS = frozenset({RewardKind.TARGET_ADDED, RewardKind.TARGET_STEPPED_UP})
_KINDS = {kind.value: kind for kind in RewardKind}
_YEAR = "[0-9]" * 4


class RewardLedger:
    """Mixed into Store: it brings `data_dir`, `zone`, `read_only`, `_open_db` and `_writing`."""

    data_dir: Path
    zone: str
    read_only: bool
    _bulk: bool
    _open_db: Callable[[Path, str], TinyDB]
    _writing: Callable[[], AbstractContextManager[None]]

    _ladder: TinyDB | None = None
    _star_months: dict[str, TinyDB] | None = None  # "YYYY-MM" -> its file, those opened so far
    _old_files: dict[str, TinyDB] | None = None  # the earlier layouts' year files, until moved
    _charts: dict[str, Chart] | None = None
    _partial_charts: dict[tuple[str, str], Chart] | None = None  # (child, first month read) -> chart

    # -- reading --------------------------------------------------------------------------

    def reward_chart(self, child_id: str) -> Chart:
        """The child's chart, folded from every record (R4: none is ever removed)."""
        from companion.domain.rewards import chart_of

        if self._charts is None or child_id not in self._charts:
            self._charts = {**(self._charts or {}), child_id: chart_of(self.reward_records(child_id))}
        return self._charts[child_id]

    def reward_records(self, child_id: str) -> list[RewardRecord]:
        return self._records_in(self._ledger_dbs(), child_id)

    def night_star(self, child_id: str, night: date) -> tuple[Star | None, Target | None]:
        """The night's star (not voided) and the target current that night, without folding
        ten years of stars: the ladder, and the stars written from the month before the
        night's on (given after the night; the month before covers a change of zone)."""
        chart = self._chart_for_night(child_id, night)
        return chart.star_on(night), chart.target_on(night)

    def _chart_for_night(self, child_id: str, night: date) -> Chart:
        """The whole chart if it is folded already; else one that is right about `night`
        (its star, its target), folded from the ladder and the stars of its years only."""
        from companion.domain.rewards import chart_of

        chart = (self._charts or {}).get(child_id)
        if chart is not None or self._old_layout():
            return chart or self.reward_chart(child_id)
        first = f"{night.replace(day=1) - timedelta(days=1):%Y-%m}"
        if self._partial_charts is None:
            self._partial_charts = {}
        if (child_id, first) not in self._partial_charts:  # two weeks of recaps fold it once
            months = [month for month in self._star_month_names() if month >= first]
            records = self._records_in([self._ladder_db(), *map(self._stars_db, months)], child_id)
            self._partial_charts[(child_id, first)] = chart_of(records)
        return self._partial_charts[(child_id, first)]

    def _forget_charts(self) -> None:
        """After records came in from elsewhere (the demo, an import): fold again when asked."""
        self._charts = None
        self._partial_charts = None

    def _records_in(self, dbs: list[TinyDB], child_id: str) -> list[RewardRecord]:
        """Read from the parsed files as they are (checked on reading), not through a TinyDB
        query, which copies every document of ten years to test one field."""
        return [
            self._reward_record(doc)
            for db in dbs
            for doc in (db.storage.read() or {}).get("records", {}).values()
            if doc["child_id"] == child_id
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

        target = check_star(self._chart_for_night(child_id, night), night, at, self.zone)
        record = self._append_reward(
            child_id, RewardKind.STAR_GIVEN, at, night=night, ref=target.id, text=praise_for(target.text)
        )
        star = self._chart_for_night(child_id, night).star(record.id)
        assert star is not None  # just written
        return star

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
        """One record, appended to its file (the ladder, or this year's stars) in one atomic
        write, then to the chart if it is folded."""
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
            self._ledger_db(doc).table("records").insert(doc)
        self._partial_charts = None
        chart = (self._charts or {}).get(child_id)
        if chart is not None:  # not folded yet: folded from the files when first asked
            fresh = chart_of(self.reward_records(child_id)) if at.timestamp() < chart.newest else chart_with(chart, record)
            self._charts = {**self._charts, child_id: fresh}  # type: ignore[dict-item]
        return record

    def append_reward_records(self, records: list[RewardRecord]) -> None:
        """Records made elsewhere (the demo, an import), checked as a file is checked on
        reading, and appended to their years' files; the charts are folded again when asked."""
        from companion.store import schema

        docs = [_reward_doc(record, self.zone) for record in records]
        try:
            schema.check_shape({"records": dict(enumerate(docs))}, "rewards")
        except schema.SchemaError as error:
            raise InvalidInput(f"Not saved: {error}.") from None
        with self._writing():
            for doc in docs:
                self._ledger_db(doc).table("records").insert(doc)
        self._forget_charts()

    def _ledger_dbs(self) -> list[TinyDB]:
        """Every file of the ledger, opened on first use (a damaged one is set aside and
        told): the ladder, then the stars month by month."""
        return [self._ladder_db(), *map(self._stars_db, self._star_month_names()), *self._old_dbs().values()]

    def _ledger_db(self, doc: dict[str, Any]) -> TinyDB:
        """The file a record goes to: the ladder, or the month it was written (as stored, in
        the zone it was written in); made by its first write."""
        return self._ladder_db() if _KINDS[doc["kind"]] in LADDER_KINDS else self._stars_db(doc["at"][:7])

    def _ladder_db(self) -> TinyDB:
        if self._ladder is None:
            self._old_dbs()  # first: a writer moves the earlier layout's records in
            self._ladder = self._open_db(self.data_dir / REWARDS_DIR / LADDER_FILE, "rewards")
        return self._ladder

    def _stars_db(self, month: str) -> TinyDB:
        if self._star_months is None:
            self._star_months = {}
        if month not in self._star_months:
            self._star_months[month] = self._open_db(self.data_dir / REWARDS_DIR / f"stars-{month}.json", "rewards")
        return self._star_months[month]

    def _star_month_names(self) -> list[str]:
        """The months ("YYYY-MM") with a stars file, by name (none opened), with any opened
        but not yet written (inside a bulk block)."""
        self._old_dbs()
        folder = self.data_dir / REWARDS_DIR
        names = {path.stem[6:] for path in folder.glob(f"stars-{_YEAR}-[0-9][0-9].json")} if folder.is_dir() else set()
        return sorted(names | set(self._star_months or ()))

    def _old_layout(self) -> bool:
        return bool(self._old_dbs())

    def _old_dbs(self) -> dict[str, TinyDB]:
        """The earlier layouts' year files (`YYYY.json`, `stars-YYYY.json`) still there: moved
        by a writer the first time the ledger is used, left (and read whole) by a read-only
        window."""
        if self._old_files is None:
            folder = self.data_dir / REWARDS_DIR
            paths = sorted([*folder.glob(f"{_YEAR}.json"), *folder.glob(f"stars-{_YEAR}.json")]) if folder.is_dir() else []
            self._old_files = {path.name: self._open_db(path, "rewards") for path in paths}
            if self._old_files and not self.read_only and not self._bulk:  # a bulk block writes at its end
                self._move_old_layout()
        return self._old_files

    def _move_old_layout(self) -> None:
        """Each old file's records copied into the ladder or their month's stars (the ones not
        there yet, by id), on disk, then the old file removed. Nothing is lost at any point."""
        assert self._old_files is not None
        try:
            for name, old in sorted(self._old_files.items()):
                if isinstance(old.storage, RefusedStorage):
                    continue  # never read, so never removed
                by_file: dict[TinyDB, list[dict[str, Any]]] = {}
                for doc in (old.storage.read() or {}).get("records", {}).values():
                    by_file.setdefault(self._ledger_db(doc), []).append(doc)
                for db, docs in by_file.items():
                    here = {doc["id"] for doc in db.table("records").all()}
                    moving = [doc for doc in docs if doc["id"] not in here]
                    if moving:
                        db.table("records").insert_multiple(moving)
                old.storage.path.unlink(missing_ok=True)  # type: ignore[attr-defined]
                fsync_dir(old.storage.path.parent)  # type: ignore[attr-defined]
                del self._old_files[name]
        except OSError:
            pass  # what is left is read from the old file, and moved at the next start

    def _reward_record(self, doc: dict[str, Any]) -> RewardRecord:
        from companion.domain.rewards import RewardRecord

        night = doc.get("night")
        return RewardRecord(
            doc["id"],
            doc["child_id"],
            _KINDS[doc["kind"]],  # checked on reading: a lookup, not an enum parse, per record
            from_storage(doc["at"], self.zone),
            date.fromisoformat(night) if night else None,
            doc.get("ref", ""),
            doc.get("text", ""),
            doc.get("stars", 0),
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
