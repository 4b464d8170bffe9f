"""The household's data on disk, behind one writer.

Layout of the data dir:
  app.lock                 the single-writer lock (store/lock.py)
  household.json           children, caregivers, settings: small, read at startup
  nights/YYYY-MM/DD.json   one file per night (DD: the evening's date), all children's records
                           of that night (rule E5) and each child's phase of the pass plan
                           that night (P5), opened only when needed; so a keypress
                           rewrites one small file, whatever the history's length and however
                           full the month. Month folders are made on the first write into them.
  worries.json             every child's worries as records (W1–W4), opened on first use: the
                           first screen never waits for it
  .*.tmp                   an atomic write in flight (store/files.py), always in the data dir
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
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
from companion.store import schema
from companion.store.files import prepare_dir, remove_temp_files, set_aside
from companion.store.lock import DataDirLock
from companion.store.storage import AtomicStorage, CorruptFile, NewerFile

if TYPE_CHECKING:
    from companion.domain.worry import Worry, WorryContent, WorryKind, WorryRecord

HOUSEHOLD_FILE = "household.json"
WORRIES_FILE = "worries.json"
NIGHTS_DIR = "nights"
SETTINGS_ID = 1
READ_ONLY_NOTICE = (
    "Another companion is open on this household, so this one is read-only: "
    "nothing you do here is saved."
)


class StoreError(CompanionError):
    """Data could not be read or saved; the message says what happened and what was kept."""


class ReadOnlyStore(StoreError):
    def __init__(self) -> None:
        super().__init__("This window is read-only (another companion has the household open).")


class Store:
    """Load/save functions for the household, in domain objects. Open with `Store.open`."""

    def __init__(self, data_dir: Path, clock: Clock, lock: DataDirLock, read_only: bool) -> None:
        self.data_dir = data_dir
        self.read_only = read_only
        self.notices: list[str] = [READ_ONLY_NOTICE] if read_only else []
        self._clock = clock
        self._lock = lock
        self._bulk = False
        self._nights: dict[date, TinyDB] = {}
        self._worries: TinyDB | None = None
        self._zone: str | None = None
        self._household = self._open_db(data_dir / HOUSEHOLD_FILE, "household")

    @classmethod
    def open(cls, data_dir: Path, clock: Clock) -> Store:
        """Take the writer lock if free (else open read-only) and read the household."""
        if data_dir.exists() and not data_dir.is_dir():
            raise StoreError(f"The data dir {data_dir} is a file, not a folder.")
        try:
            prepare_dir(data_dir)
            prepare_dir(data_dir / NIGHTS_DIR, files=False)
        except OSError as error:
            raise StoreError(f"Can't use the data dir {data_dir}: {error.strerror}.") from None
        lock = DataDirLock(data_dir)
        owner = lock.acquire()
        if owner:
            remove_temp_files(data_dir)
        try:
            return cls(data_dir, clock, lock, read_only=not owner)
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
        """The child's wait and pass plan; the defaults until the parent changes them."""
        doc = self._household.table("child_settings").get(Query().child_id == child_id)
        return _child_settings(doc) if doc else ChildSettings()

    def set_child_settings(self, child_id: str, settings: ChildSettings, tonight: date) -> ChildSettings:
        """Save the settings. Tonight, if already begun, takes the new plan; past nights keep
        the phase they were (P5)."""
        doc = _child_settings_doc(child_id, settings)
        with self._writing(), self._deferred(lambda: [self._household, self._nights_db(tonight)]):
            table = self._household.table("child_settings")
            table.upsert(doc, Query().child_id == child_id)
            phases = self._nights_db(tonight).table("phases")
            if phases.contains(Query().child_id == child_id):
                phases.upsert(_phase_doc(child_id, phase_of(settings.plan, tonight)), Query().child_id == child_id)
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
        undone = replace(event, undone=self._clock.now())
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
        """The child's worries, oldest first, each with its whole history (W1–W3)."""
        rules = _worry_domain()
        return rules.worries_of(self.worry_records(child_id))

    def worry_records(self, child_id: str) -> list[WorryRecord]:
        docs = self._worries_db().table("records").search(Query().child_id == child_id)
        return [self._worry_record(doc) for doc in sorted(docs, key=lambda doc: doc["at"])]

    def write_worry(self, child_id: str, content: WorryContent, at: datetime) -> Worry:
        """A new worry (content from `clean_worry`, which gave the parent its notes)."""
        rules = _worry_domain()
        with self._writing():
            record = self._worry_change(_new_id(), child_id, rules.WorryKind.WRITTEN, at, _checked(content))
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
            record = self._worry_change(worry_id, worry.child_id, rules.WorryKind.EDITED, at, content)
            self._save_worry_records([record])
        return self._worry(worry_id)

    def put_worries_to_bed(self, child_id: str, now: datetime) -> int:
        """Put every open worry of the child in tonight's box, in one write; how many went in
        (0 when there were none, or the box has already closed tonight)."""
        rules = _worry_domain()
        with self._writing():
            rules.check_bedtime(now, self.zone)
            going = rules.to_put_to_bed(self.worries(child_id), now, self.zone)
            records = [self._worry_change(worry.id, child_id, rules.WorryKind.BOXED, now) for worry in going]
            if records:
                self._save_worry_records(records)
        return len(records)

    def review_worry(self, worry_id: str, outcome: WorryKind, at: datetime) -> Worry:
        """Gone (it moves to the history) or still there (carried forward). New solutions
        are an `edit_worry`."""
        rules = _worry_domain()
        with self._writing():
            worry = self._worry(worry_id)
            rules.check_review(worry, outcome, at, self.zone)
            self._save_worry_records([self._worry_change(worry_id, worry.child_id, outcome, at)])
        return self._worry(worry_id)

    def _worry(self, worry_id: str) -> Worry:
        rules = _worry_domain()
        docs = self._worries_db().table("records").search(Query().worry_id == worry_id)
        found = rules.worries_of(self._worry_record(doc) for doc in docs)
        if not found:
            raise StoreError("That worry is no longer here.")
        return found[0]

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
        """One atomic write, however many records (putting several worries to bed)."""
        docs = [_worry_doc(record, self.zone) for record in records]
        try:  # what would be set aside on reading is never written
            schema.check_shape({"records": dict(enumerate(docs))}, "worries")
        except schema.SchemaError as error:
            raise InvalidInput(f"Not saved: {error}.") from None
        self._worries_db().table("records").insert_multiple(docs)

    def _worries_db(self) -> TinyDB:
        """Opened on first use, never at startup: the first screen does not wait for it."""
        if self._worries is None:
            self._worries = self._open_db(self.data_dir / WORRIES_FILE, "worries")
        return self._worries

    def _worry_record(self, doc: dict[str, Any]) -> WorryRecord:
        rules = _worry_domain()
        kind = rules.WorryKind(doc["kind"])
        content = None
        if kind in rules.CONTENT_KINDS:
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
        finally:
            self._bulk = False

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
            raise

    @contextmanager
    def _writing(self) -> Iterator[None]:
        self._check_writable()
        try:
            yield
        except OSError as error:
            raise StoreError(f"Couldn't save ({error.strerror or error}); nothing was changed.") from None

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStore()

    def _databases(self) -> list[TinyDB]:
        worries = [self._worries] if self._worries is not None else []
        return [self._household, *self._nights.values(), *worries]

    def _open_db(self, path: Path, kind: str) -> TinyDB:
        try:
            db = TinyDB(path, kind, self.data_dir, read_only=self.read_only, storage=AtomicStorage)
        except NewerFile as error:
            raise StoreError(
                f"{self._name(path)} has schema version {error.version}; this companion knows {schema.SCHEMA_VERSION}. "
                "Update companion to open this household."
            ) from None
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

    def _name(self, path: Path) -> str:
        """A file as a parent can find it: its path inside the data dir."""
        return path.relative_to(self.data_dir).as_posix()


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
    return ChildSettings(wait_seconds=doc["wait_seconds"], plan=plan)


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
    return doc


def _phase_doc(child_id: str, phase: NightPhase) -> dict[str, Any]:
    return {"child_id": child_id, "phase": phase.phase, "passes": phase.passes}


def _routine(doc: dict[str, Any]) -> RoutineVersion:
    return RoutineVersion(
        id=doc["id"], child_id=doc["child_id"], since=date.fromisoformat(doc["since"]), steps=tuple(doc["steps"])
    )


def _child_doc(child: Child) -> dict[str, str]:
    return {"id": child.id, "name": child.name, "birth_date": child.birth_date.isoformat()}
