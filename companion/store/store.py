"""The household's data on disk, behind one writer.

Layout of the data dir:
  app.lock                 the single-writer lock (store/lock.py)
  household.json           children, caregivers, settings: small, read at startup
  nights/YYYY-MM/DD.json   one file per night (DD: the evening's date), all children's records
                           of that night (rule E5) and each child's phase of the pass plan
                           that night (P5), opened only when needed; so a keypress
                           rewrites one small file, whatever the history's length and however
                           full the month. Month folders are made on the first write into them.
  worries.json             every child's worries not gone, as records (W1–W4), opened on first
                           use: the first screen never waits for it. Small whatever the years
                           of history, so a worry keypress rewrites little.
  worries-gone/CHILD/WORRY.json
                           one file per worry that went away: all its records, the day it went
                           last; written once, never changed; read only for the history (the
                           recap counts them by name). See `_move_gone` for how a worry moves.
  rewards/ladder.json, rewards/stars-YYYY-MM.json
                           the reward chart's ledger, append-only (store/reward_ledger.py)
  .*.tmp                   an atomic write in flight (store/files.py), always in the data dir
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from companion.clock import Clock
from companion.domain.errors import CompanionError, InvalidInput
from companion.domain.bedtime_pass import PassPlan
from companion.domain.child_settings import ChildSettings, NightPhase, phase_of
from companion.domain.household import Caregiver, Child, clean_name
from companion.domain.routine import DEFAULT_STEPS, RoutineVersion, version_on
from companion.domain.text import same_text
from companion.domain.night import from_storage, known_zone, night_of, to_storage
from companion.domain.night_log import EventKind, NightEvent
from companion.domain.worry_kinds import CONTENT_KINDS, WorryKind
from companion.store import schema
from companion.store.files import prepare_dir, remove_temp_files, set_aside
from companion.store.lock import DataDirLock
from companion.store.reward_ledger import RewardLedger
from companion.store.schema import GONE_KIND
from companion.store.storage import AtomicStorage, CorruptFile, NewerFile, RefusedFile, RefusedStorage
from companion.store.transfer import Transfer

if TYPE_CHECKING:
    from companion.domain.worry import Worry, WorryContent, WorryCounts, WorryRecord

HOUSEHOLD_FILE = "household.json"
WORRIES_FILE = "worries.json"
GONE_DIR = "worries-gone"
NIGHTS_DIR = "nights"
SETTINGS_ID = 1
SECOND_COPY = "another companion has this household open"


def read_only_notice(reason: str) -> str:
    """What the parent is told once, as the window opens: why nothing will be saved."""
    return f"This window is read-only: {reason}. Nothing you do here is saved."


READ_ONLY_NOTICE = read_only_notice(SECOND_COPY)


class StoreError(CompanionError):
    """Data could not be read or saved; the message says what happened and what was kept."""


class ReadOnlyStore(StoreError):
    def __init__(self, reason: str = SECOND_COPY) -> None:
        super().__init__(f"This window is read-only ({reason}); nothing was saved.")


class Store(RewardLedger, Transfer):
    """Load/save functions for the household, in domain objects. Open with `Store.open`.
    The reward chart's ledger is in store/reward_ledger.py; export and import of the whole
    household in store/transfer.py."""

    def __init__(self, data_dir: Path, clock: Clock, lock: DataDirLock, read_only: str | None = None) -> None:
        self.data_dir = data_dir
        self.read_only_reason = read_only  # why this window can't save, or None when it can
        self.carry_on = False  # the app sets it: a file refused after startup is told, not fatal
        self.notices: list[str] = [read_only_notice(read_only)] if read_only else []
        self._clock = clock
        self._lock = lock
        self._bulk = False
        self.changes = 0  # counts the writes: a pane shown again redraws only if data changed
        self._child_settings: tuple[int, dict[str, ChildSettings]] = (0, {})  # (changes, child -> settings)
        self._nights: dict[date, TinyDB] = {}
        self._worries: TinyDB | None = None
        self._stale: set[str] = set()  # gone worries whose records a crash left in worries.json
        self._gone: dict[str, dict[str, tuple[tuple[WorryRecord, ...], Worry]]] = {}  # child -> history, once read
        self._gone_files: list[TinyDB] = []  # gone worries' files written inside `bulk`, not yet on disk
        self._live: _LiveWorries | None = None  # worries.json parsed, once opened
        self._zone: str | None = None
        self._household = self._open_db(data_dir / HOUSEHOLD_FILE, "household")

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @classmethod
    def open(cls, data_dir: Path, clock: Clock) -> Store:
        """Take the writer lock if free (else open read-only) and read the household."""
        lock = DataDirLock(data_dir)
        try:  # even looking can fail: a name too long, no permission to look
            if data_dir.exists() and not data_dir.is_dir():
                raise StoreError(f"The data dir {data_dir} is a file, not a folder.")
            if data_dir.is_symlink() and not data_dir.exists():
                raise StoreError(f"The data dir {data_dir} is a link that leads nowhere (a broken link or a loop).")
            try:
                prepare_dir(data_dir)
                prepare_dir(data_dir / NIGHTS_DIR, files=False)
                owner = lock.acquire()  # app.lock may be a folder, or not ours to open
            except OSError as error:
                # A household on a disk gone read-only, or in a folder this user may only
                # read: shown, never changed (X6). Anything else, or nothing to show: refused.
                if not _cant_write_in(data_dir, error) or not (data_dir / HOUSEHOLD_FILE).is_file():
                    raise
                reason = f"the data dir {data_dir} can't be written ({error.strerror})"
                return cls(data_dir, clock, lock, read_only=reason)
        except OSError as error:
            raise StoreError(f"Can't use the data dir {data_dir}: {error.strerror} ({error.filename or data_dir}).") from None
        if owner:
            remove_temp_files(data_dir)
        try:
            return cls(data_dir, clock, lock, read_only=None if owner else SECOND_COPY)
        except BaseException:
            lock.release()
            raise

    def close(self) -> None:
        self._lock.release()

    def take_notices(self) -> list[str]:
        """Messages for the parent (files set aside, read-only), each given once."""
        notices, self.notices = self.notices, []
        return notices

    # -- household ----------------------------------------------------------------------

    @property
    def zone(self) -> str:
        if self._zone is None:
            saved = self._settings().get("zone")
            if saved and not known_zone(saved):
                self.notices.append(f"The saved time zone {saved!r} is unknown here; using {self._clock.zone}.")
            self._zone = saved if saved and known_zone(saved) else self._clock.zone
        return self._zone

    def children(self) -> list[Child]:
        return [_child(doc) for doc in self._household.table("children").all()]

    def child(self, child_id: str) -> Child:
        for child in self.children():
            if child.id == child_id:
                return child
        raise StoreError("That child is no longer in the household.")

    def find_child(self, name: str) -> Child:
        children = self.children()
        for child in children:
            if same_text(child.name, name.strip()):
                return child
        known = ", ".join(child.name for child in children) or "none yet"
        raise StoreError(f"No child called {name!r} (children: {known}).")

    def check_child_name(self, name: str, child_id: str | None = None) -> str:
        """The cleaned name, or InvalidInput: empty, too long, or another child's name."""
        return clean_name(name, taken=[child.name for child in self.children() if child.id != child_id])

    def add_child(self, name: str, birth_date: date) -> Child:
        child = Child(id=_new_id(), name=self.check_child_name(name), birth_date=birth_date)
        with self._writing(), self._deferred(lambda: [self._household]):  # one write: both or neither
            self._household.table("children").insert(_child_doc(child))
            if "zone" not in self._settings():
                self._update_settings(zone=self.zone)
        return child

    def update_child(self, child_id: str, name: str, birth_date: date) -> Child:
        updated = Child(id=self.child(child_id).id, name=self.check_child_name(name, child_id), birth_date=birth_date)
        with self._writing():
            self._household.table("children").update(_child_doc(updated), Query().id == child_id)
        return updated

    def caregivers(self) -> list[Caregiver]:
        return [Caregiver(id=doc["id"], name=doc["name"]) for doc in self._household.table("caregivers").all()]

    def add_caregiver(self, name: str) -> Caregiver:
        clean = clean_name(name, taken=[person.name for person in self.caregivers()])
        caregiver = Caregiver(id=_new_id(), name=clean)
        with self._writing():
            self._household.table("caregivers").insert({"id": caregiver.id, "name": caregiver.name})
        return caregiver

    def rename_caregiver(self, caregiver_id: str, name: str) -> Caregiver:
        others = [person.name for person in self.caregivers() if person.id != caregiver_id]
        clean = clean_name(name, taken=others)
        with self._writing():
            self._household.table("caregivers").update({"name": clean}, Query().id == caregiver_id)
        return Caregiver(id=caregiver_id, name=clean)

    def remove_caregiver(self, caregiver_id: str) -> None:
        with self._writing():
            self._household.table("caregivers").remove(Query().id == caregiver_id)

    def routine_versions(self, child_id: str) -> list[RoutineVersion]:
        """Every version of the child's routine, oldest first (rule E2: all are kept)."""
        docs = self._household.table("routines").search(Query().child_id == child_id)
        return sorted((_routine(doc) for doc in docs), key=lambda version: version.since)

    def routine_on(self, child_id: str, night: date) -> RoutineVersion:
        """The routine a night used; a child with none saved yet has the default one."""
        return version_on(self.routine_versions(child_id), night) or RoutineVersion(
            id="", child_id=child_id, since=date.min, steps=DEFAULT_STEPS
        )

    def set_routine(self, child_id: str, steps: tuple[str, ...], since: date) -> RoutineVersion:
        """A new version from night `since` on. A second change on the same night replaces
        that night's version rather than keeping one that never ran."""
        if not steps:
            raise InvalidInput("A routine needs at least one step.")
        before = version_on([v for v in self.routine_versions(child_id) if v.since < since], since)
        version = RoutineVersion(id=_new_id(), child_id=child_id, since=since, steps=tuple(steps))
        same_night = (Query().child_id == child_id) & (Query().since == since.isoformat())
        with self._writing(), self._deferred(lambda: [self._household]):  # one write
            routines = self._household.table("routines")
            routines.remove(same_night)
            if before is not None and before.steps == version.steps:
                return before  # changed back: the routine never really changed, its nights go on
            routines.insert(
                {"id": version.id, "child_id": child_id, "since": since.isoformat(), "steps": list(version.steps)}
            )
        return version

    def child_settings(self, child_id: str) -> ChildSettings:
        """The child's wait and pass plan; the defaults until the parent changes them. Kept
        until the next write: a pane asks on every key which of its keys work (the reward
        chart, twenty times a key), and a TinyDB query each time added up."""
        if self._child_settings[0] != self.changes:
            self._child_settings = (self.changes, {})
        kept = self._child_settings[1]
        if child_id not in kept:
            doc = self._household.table("child_settings").get(Query().child_id == child_id)
            kept[child_id] = _child_settings(doc) if doc else ChildSettings()
        return kept[child_id]

    def set_child_settings(self, child_id: str, settings: ChildSettings, tonight: date) -> ChildSettings:
        """Save the settings. Tonight, if already begun, takes the new plan; past nights keep
        the phase they were (P5). Two files, one after the other: if the disk takes the settings
        and refuses tonight's phase, the settings are saved and the message says tonight kept
        its plan (never "nothing was changed")."""
        doc = _child_settings_doc(child_id, settings)
        with self._writing():
            self._household.table("child_settings").upsert(doc, Query().child_id == child_id)
        phases = self._nights_db(tonight).table("phases")
        if phases.contains(Query().child_id == child_id):
            try:
                phases.upsert(_phase_doc(child_id, phase_of(settings.plan, tonight)), Query().child_id == child_id)
            except OSError as error:
                raise StoreError(
                    f"Saved, but tonight keeps the plan it began with: the change to tonight couldn't be saved ({error.strerror or error})."
                ) from None
        return settings

    def night_phase(self, child_id: str, night: date) -> NightPhase:
        """The night's phase of the pass plan: as kept with the night once it began, else
        what the plan makes it."""
        doc = self._nights_db(night).table("phases").get(Query().child_id == child_id)
        if doc:
            return NightPhase(doc["phase"], doc["passes"])
        return phase_of(self.child_settings(child_id).plan, night)

    def sound_on(self) -> bool:
        return bool(self._settings().get("sound", False))

    def set_sound(self, on: bool) -> None:
        with self._writing():
            self._update_settings(sound=on)

    def current_child(self) -> Child | None:
        children = self.children()
        chosen = self._settings().get("current_child")
        return next((child for child in children if child.id == chosen), children[0] if children else None)

    def set_current_child(self, child_id: str) -> None:
        with self._writing():
            self._update_settings(current_child=child_id)

    def theme_choice(self) -> str:
        return self._settings().get("theme", "auto")

    def set_theme_choice(self, choice: str) -> None:
        with self._writing():
            self._update_settings(theme=choice)

    def _settings(self) -> dict[str, Any]:
        return dict(self._household.table("settings").get(doc_id=SETTINGS_ID) or {})

    def _update_settings(self, **fields: Any) -> None:
        settings = self._household.table("settings")
        if settings.contains(doc_id=SETTINGS_ID):
            settings.update(fields, doc_ids=[SETTINGS_ID])
        else:
            settings.insert(fields)

    # -- night log ----------------------------------------------------------------------

    def add_night_event(
        self,
        child_id: str,
        kind: EventKind,
        at: datetime,
        value: str = "",
        *,
        ref: str = "",
        seconds: int | None = None,
        recorded: datetime | None = None,
    ) -> NightEvent:
        """Record something of a night (the night is the one `at` belongs to). `recorded` is
        when it was entered, now unless a history is being written (demo, import)."""
        night = night_of(at, self.zone)
        if ref:  # an answer goes with the record it answers (said 11:59:50, done 12:00:20)
            night = self._night_holding(ref, (night, night - timedelta(days=1))) or night
        event = NightEvent(
            id=_new_id(),
            child_id=child_id,
            night=night,
            kind=kind,
            at=at,
            value=value,
            recorded=recorded or self._clock.now(),
            ref=ref,
            seconds=seconds,
        )
        doc = _event_doc(event, self.zone)
        try:  # what would be set aside on reading is never written
            schema.check_shape({"events": {"new": doc}}, "nights")
        except schema.SchemaError as error:
            raise InvalidInput(f"Not saved: {error}.") from None
        db = self._nights_db(event.night)
        with self._writing(), self._deferred(lambda: [db]):  # one write: the record and the phase
            db.table("events").insert(doc)
            phases = db.table("phases")
            if not phases.contains(Query().child_id == child_id):  # a night's first record keeps its phase
                phases.insert(_phase_doc(child_id, self.night_phase(child_id, event.night)))
        return event

    def _night_holding(self, record_id: str, nights: tuple[date, ...]) -> date | None:
        """Which of these nights holds the record (opening a night file creates nothing)."""
        for night in nights:
            if self._nights_db(night).table("events").contains(Query().id == record_id):
                return night
        return None

    def undo(self, event: NightEvent) -> NightEvent:
        """Take a record back. It stays in the file, marked undone: history keeps it."""
        undone = event._replace(undone=self._clock.now())
        with self._writing():
            self._nights_db(event.night).table("events").update(
                {"undone": to_storage(undone.undone)}, Query().id == event.id
            )
        return undone

    def night_events(self, child_id: str, night: date, *, with_undone: bool = False) -> list[NightEvent]:
        """One child's records of one night, in true time order (UTC, not wall clock)."""
        docs = self._nights_db(night).table("events").search(
            (Query().child_id == child_id) & (Query().night == night.isoformat())
        )
        docs.sort(key=lambda doc: doc["at"])
        return [self._event(doc) for doc in docs if with_undone or "undone" not in doc]

    def logged_nights(self, first: date | None = None, last: date | None = None) -> list[date]:
        """The nights that have a file, oldest first, between `first` and `last` (both kept,
        either open): found by the files' names, none opened. A name that is no date
        (something a parent left there, a file set aside) is no night."""
        nights = []
        for month in sorted((self.data_dir / NIGHTS_DIR).glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]")):
            for path in sorted(month.glob("[0-9][0-9].json")):
                try:
                    night = date.fromisoformat(f"{month.name}-{path.stem}")
                except ValueError:
                    continue
                if (first is None or night >= first) and (last is None or night <= last):
                    nights.append(night)
        return nights

    def _nights_db(self, night: date) -> TinyDB:
        """The night's own file: the cost of a write does not follow how full the month is."""
        if night not in self._nights:
            path = self.data_dir / NIGHTS_DIR / f"{night:%Y-%m}" / f"{night:%d}.json"
            self._nights[night] = self._open_db(path, "nights")
        return self._nights[night]

    def _event(self, doc: dict[str, Any]) -> NightEvent:
        def instant(field: str) -> datetime | None:
            return from_storage(doc[field], self.zone) if field in doc else None

        return NightEvent(
            id=doc["id"],
            child_id=doc["child_id"],
            night=date.fromisoformat(doc["night"]),
            kind=EventKind(doc["kind"]),
            at=from_storage(doc["at"], self.zone),
            value=doc.get("value", ""),
            recorded=instant("recorded"),
            undone=instant("undone"),
            ref=doc.get("ref", ""),
            seconds=doc.get("seconds"),
        )

    # -- worries ------------------------------------------------------------------------

    def worries(self, child_id: str) -> list[Worry]:
        """The child's worries, oldest first, each with its whole history (W1–W3): those not
        gone, and those that went away (their files read on the first ask, then kept)."""
        history = self._history(child_id)
        live = [worry for worry in self._live_index().worries(child_id) if worry.id not in history]
        return sorted([*live, *history.values()], key=lambda worry: worry.added.timestamp())

    def worries_not_gone(self, child_id: str) -> list[Worry]:
        """The child's worries that have not gone away (out, waiting, or in the box), oldest
        first: all the box, the open list and the recap need. From worries.json alone, so the
        cost does not grow with the years of history."""
        return [worry for worry in self._live_index().worries(child_id) if worry.gone is None]

    def gone_worries(self, child_id: str) -> list[Worry]:
        """The history: the child's worries that went away, in the order they went."""
        return _worry_domain().gone_worries(self.worries(child_id))

    def gone_count(self, child_id: str) -> int:
        """How many of the child's worries went away, without reading them: their files are
        counted by name until the history has been read, then the history is counted."""
        left = {worry.id for worry in self._live_index().worries(child_id) if worry.gone is not None}
        if child_id in self._gone:
            names = set(self._gone[child_id])
        else:  # a damaged file counts until reading the history sets it aside
            folder = self._gone_folder(child_id)
            names = {path.stem for path in folder.glob("*.json")} if folder else set()
        return len(names | left)

    def worry_counts(self, child_id: str, now: datetime) -> WorryCounts:
        """Numbers only (W4), for the recap: the box's from the worries not gone, and how many
        went away from their files' names."""
        counts = _worry_domain().worry_counts(self.worries_not_gone(child_id), now, self.zone)
        return counts._replace(gone=self.gone_count(child_id))

    def worries_to_review(self, child_id: str, now: datetime) -> int:
        """How many worries are back from the box, waiting for a look (the recap's count):
        from worries.json alone, without counting the history's files."""
        return len(_worry_domain().to_review(self.worries_not_gone(child_id), now, self.zone))

    def worry_records(self, child_id: str) -> list[WorryRecord]:
        records = self._live_index().records(child_id)
        for history_records, _ in self._gone_of(child_id).values():
            records.extend(history_records)
        return sorted(records, key=lambda record: record.at.timestamp())

    def write_worry(self, child_id: str, content: WorryContent, at: datetime) -> Worry:
        """A new worry (content from `clean_worry`, which gave the parent its notes)."""
        rules = _worry_domain()
        with self._writing():
            record = self._worry_change(_new_id(), child_id, WorryKind.WRITTEN, at, _checked(content))
            self._save_worry_records([record])
        return rules.worries_of([record])[0]

    def edit_worry(self, worry_id: str, content: WorryContent, at: datetime) -> Worry:
        """New words or solutions; the earlier versions stay in the worry's history. The same
        content again changes nothing."""
        rules = _worry_domain()
        with self._writing():
            worry = self._worry(worry_id)
            rules.check_edit(worry, at, self.zone)
            content = _checked(content)
            if content == worry.content:
                return worry
            record = self._worry_change(worry_id, worry.child_id, WorryKind.EDITED, at, content)
            self._save_worry_records([record])
        return self._worry(worry_id)

    def put_worries_to_bed(self, child_id: str, now: datetime) -> int:
        """Put every open worry of the child in tonight's box, in one write; how many went in
        (0 when there were none, or the box has already closed tonight). A worry that went
        away is in no box from then on, so the worries not gone are all the box needs."""
        rules = _worry_domain()
        with self._writing():
            rules.check_bedtime(now, self.zone)
            going = rules.to_put_to_bed(self.worries_not_gone(child_id), now, self.zone)
            records = [self._worry_change(worry.id, child_id, WorryKind.BOXED, now) for worry in going]
            if records:
                self._save_worry_records(records)
        return len(records)

    def review_worry(self, worry_id: str, outcome: WorryKind, at: datetime) -> Worry:
        """Gone (it moves to the history) or still there (carried forward). Still there is one
        write; gone is done once the worry's own file is written (see `_move_gone`). New
        solutions are an `edit_worry`."""
        rules = _worry_domain()
        with self._writing():
            worry = self._worry(worry_id)
            rules.check_review(worry, outcome, at, self.zone)
            record = self._worry_change(worry_id, worry.child_id, outcome, at)
            if outcome is not WorryKind.GONE:
                self._save_worry_records([record])
                return self._worry(worry_id)
            records = [*self._live_index().records(worry.child_id, worry_id), record]
            self._move_gone(worry.child_id, {worry_id: records})
        return rules.worries_of(records)[0]

    def _worry(self, worry_id: str) -> Worry:
        """A worry by id: from worries.json, or, gone, from its own file (so that the rules
        can say it has gone away)."""
        found = self._live_index().worry(worry_id) or next(iter(self._fold(self._gone_records(worry_id))), None)
        if found is None:
            raise StoreError("That worry is no longer here.")
        return found

    def _worry_change(
        self, worry_id: str, child_id: str, kind: WorryKind, at: datetime, content: WorryContent | None = None
    ) -> WorryRecord:
        rules = _worry_domain()
        return rules.WorryRecord(
            id=_new_id(),
            worry_id=worry_id,
            child_id=child_id,
            kind=kind,
            at=at,
            night=night_of(at, self.zone),
            content=content,
        )

    def _save_worry_records(self, records: list[WorryRecord]) -> None:
        """One atomic write of worries.json, however many records (putting several worries to
        bed); it also drops what a crash left there of worries that went away."""
        docs = [_worry_doc(record, self.zone) for record in records]
        try:  # what would be set aside on reading is never written
            schema.check_shape({"records": dict(enumerate(docs))}, "worries")
        except schema.SchemaError as error:
            raise InvalidInput(f"Not saved: {error}.") from None
        db, index = self._worries_db(), self._live_index()  # the index as it was before this write
        with self._live_write(db):
            self._drop_stale(db)
            db.table("records").insert_multiple(docs)
        for record in records:
            index.add(record)

    def _move_gone(self, child_id: str, moving: dict[str, list[WorryRecord]]) -> None:
        """Worries that went away leave worries.json for a file each, in two steps. First
        worries-gone/CHILD/WORRY.json: every record of the worry, with the one that says it
        went (one atomic write per worry). From then on it has gone, whatever happens next.
        Then worries.json without them (one atomic write). A crash or a full disk between the
        two leaves a worry in both: it is shown once, as gone (its own file wins, see
        `_settle`), and the next write of worries.json drops it there."""
        for worry_id, records in moving.items():
            docs = [_worry_doc(record, self.zone) for record in records]
            try:
                schema.check_shape({"records": {str(n): doc for n, doc in enumerate(docs, 1)}}, GONE_KIND)
            except schema.SchemaError as error:
                raise InvalidInput(f"Not saved: {error}.") from None
            db = self._open_db(self._gone_path(child_id, worry_id), GONE_KIND)
            if self._bulk:
                self._gone_files.append(db)  # written before worries.json: see _databases
            with self._deferred(lambda: [db]):  # one write: exactly these records
                db.drop_tables()
                db.table("records").insert_multiple(docs)
            self._stale.add(worry_id)
            self._live_index().remove(worry_id)
            if child_id in self._gone:
                self._gone[child_id][worry_id] = (tuple(records), self._fold(records)[0])
        live = self._worries_db()
        try:
            with self._live_write(live):
                self._drop_stale(live)
        except OSError:
            pass  # gone already, in its own file; worries.json is cleaned at its next write

    @contextmanager
    def _live_write(self, db: TinyDB) -> Iterator[None]:
        """One atomic write of worries.json; once it is on disk, no worry that went away is
        left there. If it fails, what is kept in memory is read again from the file."""
        try:
            with self._deferred(lambda: [db]):
                yield
        except BaseException:
            self._live = None
            raise
        self._stale.clear()

    def _drop_stale(self, db: TinyDB) -> None:
        if self._stale:
            db.table("records").remove(Query().worry_id.one_of(sorted(self._stale)))

    def _live_index(self) -> _LiveWorries:
        """worries.json parsed, leaving out what a crash left there of worries that went away."""
        db = self._worries_db()
        if self._live is None:
            docs = [doc for doc in db.table("records").all() if doc["worry_id"] not in self._stale]
            self._live = _LiveWorries(self._worry_record(doc) for doc in docs)
        return self._live

    def _fold(self, records: Iterable[WorryRecord]) -> list[Worry]:
        return _worry_domain().worries_of(records)

    def _history(self, child_id: str) -> dict[str, Worry]:
        """The child's gone worries from their files, by id."""
        return {worry_id: worry for worry_id, (_, worry) in self._gone_of(child_id).items()}

    def _gone_of(self, child_id: str) -> dict[str, tuple[tuple[WorryRecord, ...], Worry]]:
        """Every gone worry of the child, its records and the worry, read from
        worries-gone/CHILD/ on the first ask and then kept: a gone worry never changes. A
        damaged file is set aside like any other, with a notice."""
        self._worries_db()  # first: opening worries.json may move worries into their own files
        if child_id not in self._gone:
            folder = self._gone_folder(child_id)
            found = {}
            for path in sorted(folder.glob("*.json")) if folder else ():
                records = self._read_gone_file(path)
                if gone := self._fold(records):
                    found[gone[0].id] = (records, gone[0])
            self._gone[child_id] = found
        return self._gone[child_id]

    def _gone_records(self, worry_id: str) -> tuple[WorryRecord, ...]:
        """A gone worry's records, looked for under every child's folder."""
        for history in self._gone.values():
            if worry_id in history:
                return history[worry_id][0]
        if schema.is_file_name(worry_id):  # an id from elsewhere is never a path
            for path in (self.data_dir / GONE_DIR).glob(f"*/{worry_id}.json"):
                return self._read_gone_file(path)
        return ()

    def _read_gone_file(self, path: Path) -> tuple[WorryRecord, ...]:
        docs = self._open_db(path, GONE_KIND).table("records").all()
        return tuple(sorted((self._worry_record(doc) for doc in docs), key=lambda record: record.at.timestamp()))

    def _gone_path(self, child_id: str, worry_id: str) -> Path:
        """Ids checked by the schema when read, and made by the store when new."""
        return self.data_dir / GONE_DIR / child_id / f"{worry_id}.json"

    def _gone_folder(self, child_id: str) -> Path | None:
        """The child's folder of gone worries, if there is one (a child id that is no file
        name has none: household.json is checked for text only)."""
        folder = self.data_dir / GONE_DIR / child_id
        return folder if schema.is_file_name(child_id) and folder.is_dir() else None

    def _worries_db(self) -> TinyDB:
        """Opened on first use, never at startup: the first screen does not wait for it."""
        if self._worries is None:
            self._worries = self._open_db(self.data_dir / WORRIES_FILE, "worries")
            self._settle(self._worries)
        return self._worries

    def _settle(self, db: TinyDB) -> None:
        """Put right what worries.json may hold of worries that went away. Left by a crash
        between the two writes of "gone": a worry whose own file is there and readable has
        gone; it is no longer shown from worries.json, and the next write drops it there.
        Written before gone worries had files of their own: they move out now, the same two
        steps as going, unless this copy is read-only (then they are shown from here)."""
        docs = db.table("records").all()
        for child_id, worry_id in {(doc["child_id"], doc["worry_id"]) for doc in docs}:
            path = self._gone_path(child_id, worry_id)
            if path.exists() and self._read_gone_file(path):
                self._stale.add(worry_id)
        gone = {doc["worry_id"] for doc in docs if doc["kind"] == WorryKind.GONE} - self._stale
        if not gone or self.read_only:
            return
        written = {doc["worry_id"] for doc in docs if doc["kind"] == WorryKind.WRITTEN}
        gone &= written  # a worry never written is shown nowhere: it is left as it is
        by_child: dict[str, dict[str, list[WorryRecord]]] = {}
        for doc in sorted(docs, key=lambda doc: doc["at"]):
            if doc["worry_id"] in gone:
                by_child.setdefault(doc["child_id"], {}).setdefault(doc["worry_id"], []).append(self._worry_record(doc))
        try:
            for child_id, moving in by_child.items():
                self._move_gone(child_id, moving)
        except OSError:
            pass  # nothing is lost: they stay in worries.json, shown as gone, and move another time

    def _worry_record(self, doc: dict[str, Any]) -> WorryRecord:
        rules = _worry_domain()
        kind = WorryKind(doc["kind"])
        content = None
        if kind in CONTENT_KINDS:
            content = rules.WorryContent(
                text=doc["text"],
                drawn=doc.get("drawn", False),
                solutions=tuple(doc.get("solutions", ())),
                helper=doc.get("helper", ""),
                helper_line=doc.get("helper_line", ""),
            )
        return rules.WorryRecord(
            id=doc["id"],
            worry_id=doc["worry_id"],
            child_id=doc["child_id"],
            kind=kind,
            at=from_storage(doc["at"], self.zone),
            night=date.fromisoformat(doc["night"]),
            content=content,
        )

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Hold writes in memory and write each touched file once at the end (demo, import)."""
        self._check_writable()
        self._bulk = True
        try:
            with self._writing(), self._deferred(self._databases, outer=True):
                yield
        except BaseException:
            self._forget_worries()  # what the block moved out was not written: read again from disk
            raise
        finally:
            self._bulk = False
            self._gone_files = []

    @contextmanager
    def _deferred(self, databases: Callable[[], list[TinyDB]], *, outer: bool = False) -> Iterator[None]:
        """Collect writes in memory, then write each touched file once; on any failure,
        forget them so that what the store shows is what is on disk. Inside `bulk` the outer
        block does this for everything, so an inner one adds nothing."""
        if self._bulk and not outer:
            yield
            return
        for db in databases():
            db.storage.deferred = True
        try:
            yield
            for db in databases():  # partitions opened inside the block are included
                db.storage.flush()
        except BaseException:
            for db in databases():
                db.storage.discard()
                db.clear_cache()
            self._child_settings = (self.changes, {})  # read in the block, perhaps as it never was saved
            raise

    @contextmanager
    def _writing(self) -> Iterator[None]:
        self._check_writable()
        try:
            yield
        except RefusedFile as error:
            raise StoreError(str(error)) from None
        except OSError as error:
            raise StoreError(f"Couldn't save ({error.strerror or error}); nothing was changed.") from None
        self.changes += 1

    def _check_writable(self) -> None:
        if self.read_only_reason is not None:
            raise ReadOnlyStore(self.read_only_reason)

    def _databases(self) -> list[TinyDB]:
        """Every open file, in the order a bulk block writes them: a gone worry's own file
        before worries.json, which then no longer holds it."""
        worries = [self._worries] if self._worries is not None else []
        rewards = [db for db in (self._ladder, *(self._star_months or {}).values()) if db is not None]
        return [self._household, *self._nights.values(), *self._gone_files, *worries, *rewards]

    def _forget_worries(self) -> None:
        self._worries = None
        self._live = None
        self._stale = set()
        self._gone = {}

    def _open_db(self, path: Path, kind: str) -> TinyDB:
        try:
            db = TinyDB(path, kind, self.data_dir, read_only=self.read_only, storage=AtomicStorage)
        except NewerFile as error:
            return self._refused(
                f"{self._name(path)} has schema version {error.version}; this companion knows {schema.SCHEMA_VERSION}. "
                "Update companion to open this household."
            )
        except OSError as error:  # a folder where the file should be, no permission, a symlink loop
            return self._refused(f"{self._name(path)} can't be opened ({error.strerror or error}); it was left as it is.")
        except CorruptFile as error:
            if self.read_only:
                self.notices.append(f"{self._name(path)} can't be read ({error.reason}); it was left as it is.")
                return TinyDB(storage=MemoryStorage)
            kept = set_aside(path, self._clock.now())
            self.notices.append(
                f"{self._name(path)} could not be read ({error.reason}). It was kept as {self._name(kept)}; "
                "companion carries on without it."
            )
            db = TinyDB(path, kind, self.data_dir, storage=AtomicStorage)
        db.storage.deferred = self._bulk
        return db

    def _refused(self, refusal: str) -> TinyDB:
        """A file that may be good data this companion can't open: never written. A command
        stops with the reason; the app (`carry_on`) tells the parent and shows the rest."""
        if not self.carry_on:
            raise StoreError(refusal)
        self.notices.append(f"{refusal} companion carries on without it: what it holds isn't shown, and nothing is saved into it.")
        return TinyDB(storage=RefusedStorage, refusal=f"{refusal} Nothing was changed.")

    def _name(self, path: Path) -> str:
        """A file as a parent can find it: its path inside the data dir."""
        return path.relative_to(self.data_dir).as_posix()


def _cant_write_in(data_dir: Path, error: OSError) -> bool:
    """The disk takes no writes, or the data dir is a folder this user may only read; not a
    lock file or folder set up wrong, which is refused with its name."""
    if error.errno == errno.EROFS:
        return True
    folders = (data_dir, data_dir / NIGHTS_DIR)
    return error.errno in (errno.EACCES, errno.EPERM) and error.filename is not None and Path(error.filename) in folders


class _LiveWorries:
    """worries.json parsed, by child and worry, each worry folded once until it changes.
    Changed only after the write that changes the file has returned."""

    def __init__(self, records: Iterable[WorryRecord]) -> None:
        self._records: dict[str, dict[str, list[WorryRecord]]] = {}  # child -> worry -> records
        self._child_of: dict[str, str] = {}
        self._folded: dict[str, Worry | None] = {}
        for record in records:
            self.add(record)

    def add(self, record: WorryRecord) -> None:
        self._records.setdefault(record.child_id, {}).setdefault(record.worry_id, []).append(record)
        self._child_of[record.worry_id] = record.child_id
        self._folded.pop(record.worry_id, None)

    def remove(self, worry_id: str) -> None:
        child_id = self._child_of.pop(worry_id, None)
        if child_id is not None:
            del self._records[child_id][worry_id]
        self._folded.pop(worry_id, None)

    def records(self, child_id: str, worry_id: str | None = None) -> list[WorryRecord]:
        worries = self._records.get(child_id, {})
        if worry_id is not None:
            return list(worries.get(worry_id, ()))
        return [record for records in worries.values() for record in records]

    def worry(self, worry_id: str) -> Worry | None:
        child_id = self._child_of.get(worry_id)
        if child_id is None:
            return None
        if worry_id not in self._folded:
            self._folded[worry_id] = next(iter(_worry_domain().worries_of(self._records[child_id][worry_id])), None)
        return self._folded[worry_id]

    def worries(self, child_id: str) -> list[Worry]:
        """Oldest first; records of a worry never written (a damaged file) are left out."""
        found = [worry for worry_id in self._records.get(child_id, {}) if (worry := self.worry(worry_id))]
        return sorted(found, key=lambda worry: worry.added.timestamp())


def _new_id() -> str:
    import uuid  # on first write: startup never needs it

    return uuid.uuid4().hex


def _child(doc: dict[str, Any]) -> Child:
    return Child(id=doc["id"], name=doc["name"], birth_date=date.fromisoformat(doc["birth_date"]))


def _event_doc(event: NightEvent, zone: str) -> dict[str, Any]:
    doc = {
        "id": event.id,
        "child_id": event.child_id,
        "night": event.night.isoformat(),
        "kind": event.kind.value,
        "at": to_storage(event.at),
        "zone": zone,
    }
    if event.value:
        doc["value"] = event.value
    if event.recorded is not None:
        doc["recorded"] = to_storage(event.recorded)
    if event.ref:
        doc["ref"] = event.ref
    if event.seconds is not None:
        doc["seconds"] = event.seconds
    return doc


def _worry_domain() -> ModuleType:
    """The worry box's rules, imported on first use: the first frame never needs them."""
    import companion.domain.worry

    return companion.domain.worry


def _checked(content: WorryContent) -> WorryContent:
    """Content as `clean_worry` makes it (cleaning clean content changes nothing), so text
    that skipped the check is never stored as it came."""
    cleaned, _ = _worry_domain().clean_worry(content.text, content.drawn, content.solutions, content.helper, content.helper_line)
    return cleaned


def _worry_doc(record: WorryRecord, zone: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": record.id,
        "worry_id": record.worry_id,
        "child_id": record.child_id,
        "kind": record.kind.value,
        "at": to_storage(record.at),
        "night": record.night.isoformat(),
        "zone": zone,
    }
    if record.content is not None:
        content = record.content
        doc.update(
            text=content.text,
            drawn=content.drawn,
            solutions=list(content.solutions),
            helper=content.helper,
            helper_line=content.helper_line,
        )
    return doc


def _child_settings(doc: dict[str, Any]) -> ChildSettings:
    started = doc.get("plan_started")
    plan = PassPlan(
        passes=doc["passes"],
        trip_minutes=doc["trip_minutes"],
        started=date.fromisoformat(started) if started else None,
        baseline_nights=doc["baseline_nights"],
        start_passes=doc["start_passes"],
        fade_every=doc["fade_every"],
        reward_unused=doc["reward_unused"],
    )
    return ChildSettings(wait_seconds=doc["wait_seconds"], plan=plan, reward_chart=doc.get("reward_chart"))


def _child_settings_doc(child_id: str, settings: ChildSettings) -> dict[str, Any]:
    plan = settings.plan
    doc: dict[str, Any] = {
        "child_id": child_id,
        "wait_seconds": settings.wait_seconds,
        "passes": plan.passes,
        "trip_minutes": plan.trip_minutes,
        "baseline_nights": plan.baseline_nights,
        "start_passes": plan.start_passes,
        "fade_every": plan.fade_every,
        "reward_unused": plan.reward_unused,
    }
    if plan.started is not None:
        doc["plan_started"] = plan.started.isoformat()
    if settings.reward_chart is not None:
        doc["reward_chart"] = settings.reward_chart
    return doc


def _phase_doc(child_id: str, phase: NightPhase) -> dict[str, Any]:
    return {"child_id": child_id, "phase": phase.phase, "passes": phase.passes}


def _routine(doc: dict[str, Any]) -> RoutineVersion:
    return RoutineVersion(
        id=doc["id"], child_id=doc["child_id"], since=date.fromisoformat(doc["since"]), steps=tuple(doc["steps"])
    )


def _child_doc(child: Child) -> dict[str, str]:
    return {"id": child.id, "name": child.name, "birth_date": child.birth_date.isoformat()}
