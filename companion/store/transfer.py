"""The whole household as one JSON document, and back (rule M5): `companion export --format
json` and `companion import`. Part of the Store.

The document holds the records as they are stored (every field, the zone each was written
in), not remade from domain objects, so export -> import into an empty dir -> export gives
the same file. Its lists keep the stored order (a night's records as entered, the ledger as
appended: the ladder's order rests on it); worries, kept in two places on disk, are ordered by
time.

Import checks the whole document before it writes anything: each record as a store file is
checked on reading (store/schema.py), unknown fields dropped, and what holds across files:
every record's child is in the household, a night's records belong to that night, ids are
never paths, no text is absurdly long. Then it writes inside `bulk`, each file once. Into a
household with data it only adds (`merge`): a record already here, by id, is kept as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tinydb import TinyDB

from companion.domain.errors import CompanionError
from companion.domain.night import known_zone
from companion.domain.text import same_text
from companion.domain.worry_kinds import WorryKind
from companion.store import schema

if TYPE_CHECKING:
    from companion.domain.household import Child

EXPORT_FORMAT = "companion-export"
EXPORT_VERSION = 1
HOUSEHOLD_TABLES = ("children", "caregivers", "routines", "child_settings")
# What makes a household record the same as one here, on merging: its id, and for a routine
# its child and night (one version a night), for a grown-up the name (names are one each).
_IDENTITY: dict[str, Callable[[dict[str, Any]], set[object]]] = {
    "children": lambda doc: {doc["id"]},
    "caregivers": lambda doc: {doc["id"], ("name", doc["name"].casefold())},
    "routines": lambda doc: {doc["id"], (doc["child_id"], doc["since"])},
    "child_settings": lambda doc: {doc["child_id"]},
}
MAX_TEXT = 100_000  # characters in one text: far beyond anything companion writes
# What no field of companion's accepts (line breaks and tabs only in a worry's words), and a
# terminal would obey rather than print: refused on import, like any text companion never writes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
Doc = dict[str, Any]


class ImportRefused(CompanionError):
    """The file can't be imported as it is; nothing was written."""


class ImportReport:
    """What an import added, and how many of the file's records were here already. Counted
    into as the import goes (a plain class: importing the store needs no dataclasses)."""

    __slots__ = ("added", "kept")

    def __init__(self, added: Counter[str] | None = None, kept: int = 0) -> None:
        self.added: Counter[str] = Counter() if added is None else added
        self.kept = kept

    def describe(self) -> str:
        added = self.added
        parts = [
            _count(added["children"], "child", "children"),
            _count(added["nights"], "night"),
            _count(added["night records"], "night record"),
            _count(added["worries"], "worry", "worries"),
            _count(added["worry changes"], "change to a worry", "changes to worries"),
            _count(added["reward records"], "reward chart record"),
        ]
        text = "Imported " + ", ".join(part for part in parts if part) if any(added.values()) else "Nothing new to import"
        if self.kept:
            text += f"; {_count(self.kept, 'record')} already here {'was' if self.kept == 1 else 'were'} kept as {'it was' if self.kept == 1 else 'they were'}"
        return text + "."


class _Bundle(NamedTuple):
    """A document that passed every check, in the store's own shapes."""

    settings: Doc
    household: dict[str, list[Doc]]
    nights: list[tuple[date, list[Doc], list[Doc]]]
    worries: dict[str, list[Doc]]  # worry id -> its records, in time order
    rewards: list[Doc]


class Transfer:
    """Mixed into Store, which brings the files and the writing (see store.py)."""

    data_dir: Path
    zone: str
    read_only: bool
    _household: TinyDB
    _nights: dict[date, TinyDB]
    _stale: set[str]
    _gone_files: list[TinyDB]
    _zone: str | None
    children: Callable[[], list[Child]]
    logged_nights: Callable[..., list[date]]
    bulk: Callable[[], AbstractContextManager[None]]
    _settings: Callable[[], Doc]
    _update_settings: Callable[..., None]
    _nights_db: Callable[[date], TinyDB]
    _worries_db: Callable[[], TinyDB]
    _drop_stale: Callable[[TinyDB], None]
    _gone_folder: Callable[[str], Path | None]
    _gone_path: Callable[[str, str], Path]
    _open_db: Callable[[Path, str], TinyDB]
    _ledger_dbs: Callable[[], list[TinyDB]]
    _ledger_db: Callable[[Doc], TinyDB]
    _forget_worries: Callable[[], None]
    _forget_charts: Callable[[], None]
    _check_writable: Callable[[], None]

    # -- export ---------------------------------------------------------------------------

    def export_documents(self, first: date | None = None, last: date | None = None, *, include_worries: bool = False) -> Doc:
        """Everything, or the nights from `first` to `last` (and the worries that were in the
        box or written in them). The household and the reward ledger always come whole: a
        star means nothing without its target, and R4 never takes one away. The worries' words
        only with `include_worries` (W4)."""
        document: Doc = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "from": first.isoformat() if first else None,
            "to": last.isoformat() if last else None,
            "settings": self._settings(),
            "household": {name: [dict(doc) for doc in self._household.table(name).all()] for name in HOUSEHOLD_TABLES},
            "nights": self._night_docs(first, last),
            "rewards": [dict(doc) for db in self._ledger_dbs() for doc in db.table("records").all()],
            "worries_included": include_worries,
        }
        if include_worries:
            document["worries"] = self._worry_docs(first, last)
        return document

    def _night_docs(self, first: date | None, last: date | None) -> list[Doc]:
        nights = []
        for night in self.logged_nights(first, last):
            opened = night in self._nights
            db = self._nights_db(night)
            events = [dict(doc) for doc in db.table("events").all()]
            phases = [dict(doc) for doc in db.table("phases").all()]
            if not opened:  # ten years of nights are read once, not all kept in memory
                del self._nights[night]
            if events or phases:
                nights.append({"night": night.isoformat(), "events": events, "phases": phases})
        return nights

    def _worry_docs(self, first: date | None, last: date | None) -> list[Doc]:
        """Every worry record, those not gone and those gone in their own files, grouped by
        worry in the order the worries were written; in a range, a worry whole if any of its
        records is in it."""
        live = self._worries_db()  # first: opening it may move worries into their own files
        docs = [dict(doc) for doc in live.table("records").all() if doc["worry_id"] not in self._stale]
        for child in self.children():
            folder = self._gone_folder(child.id)
            for path in sorted(folder.glob("*.json")) if folder else ():
                docs.extend(dict(doc) for doc in self._open_db(path, schema.GONE_KIND).table("records").all())
        worries = _by_worry(docs)
        kept = [
            records
            for records in worries.values()
            if any((first is None or doc["night"] >= first.isoformat()) and (last is None or doc["night"] <= last.isoformat()) for doc in records)
        ]
        kept.sort(key=lambda records: (records[0]["at"], records[0]["id"]))
        return [doc for records in kept for doc in records]

    # -- import ---------------------------------------------------------------------------

    def import_documents(self, document: object, *, merge: bool = False) -> ImportReport:
        """Check the whole document, then write it in one bulk block. Without `merge` the
        household must have no data yet; with it, only what is new is added."""
        self._check_writable()
        bundle = _checked(document)
        if not merge and self._has_data():
            raise ImportRefused(
                "This data dir already has a household; nothing was imported. "
                "Use --merge to add what is new (nothing here is changed), or import into an empty data dir."
            )
        _check_children(bundle, self.children() if merge else [])
        report = ImportReport()
        try:
            with self.bulk():
                self._import_household(bundle, report)
                self._zone = None  # the file's zone, if this household had none
                self._import_nights(bundle, report)
                self._import_worries(bundle, report)
                self._import_rewards(bundle, report)
        except CompanionError as error:  # a full disk: the files written so far stay written
            raise ImportRefused(
                f"The import stopped partway: {error} The files written before it are kept; "
                "import the same file again with --merge to finish."
            ) from None
        finally:
            self._zone = None
        self._forget_worries()
        self._forget_charts()
        return report

    def _has_data(self) -> bool:
        if any(len(self._household.table(name)) for name in HOUSEHOLD_TABLES) or self.logged_nights():
            return True
        if len(self._worries_db().table("records")):
            return True
        return any(len(db.table("records")) for db in self._ledger_dbs())

    def _import_household(self, bundle: _Bundle, report: ImportReport) -> None:
        for name, docs in bundle.household.items():
            table = self._household.table(name)
            identity = _IDENTITY[name]
            here = {key for doc in table.all() for key in identity(doc)}
            for doc in docs:
                keys = identity(doc)
                if keys & here:
                    report.kept += 1
                    continue
                table.insert(doc)
                here |= keys
                report.added["children"] += name == "children"
        settings = self._settings()
        new = {name: value for name, value in bundle.settings.items() if name not in settings}
        if new:
            self._update_settings(**new)

    def _import_nights(self, bundle: _Bundle, report: ImportReport) -> None:
        for night, events, phases in bundle.nights:
            db = self._nights_db(night)
            here = {doc["id"] for doc in db.table("events").all()}
            new = [doc for doc in events if doc["id"] not in here]
            report.kept += len(events) - len(new)
            phased = {doc["child_id"] for doc in db.table("phases").all()}
            new_phases = [doc for doc in phases if doc["child_id"] not in phased]
            if new_phases:  # inserting nothing still marks the file written: it would be rewritten as it was
                db.table("phases").insert_multiple(new_phases)
            if new:
                db.table("events").insert_multiple(new)
                report.added["nights"] += 1
                report.added["night records"] += len(new)

    def _import_worries(self, bundle: _Bundle, report: ImportReport) -> None:
        """A worry gone here stays as it is (a gone worry never changes). Otherwise its records
        join those here; if it went away, it moves to its own file (written before
        worries.json, which then drops it: see Store._move_gone)."""
        if not bundle.worries:
            return
        live = self._worries_db()
        here = _by_worry(dict(doc) for doc in live.table("records").all() if doc["worry_id"] not in self._stale)
        for worry_id, records in bundle.worries.items():
            child_id = records[0]["child_id"]
            if self._gone_path(child_id, worry_id).exists():
                report.kept += len(records)
                continue
            known = {doc["id"] for doc in here.get(worry_id, ())}
            new = [doc for doc in records if doc["id"] not in known]
            report.kept += len(records) - len(new)
            if not new:
                continue
            report.added["worries"] += worry_id not in here
            report.added["worry changes"] += len(new) if worry_id in here else 0
            if any(doc["kind"] == WorryKind.GONE for doc in new):
                whole = sorted([*here.get(worry_id, ()), *new], key=_time_order)
                gone = self._open_db(self._gone_path(child_id, worry_id), schema.GONE_KIND)
                self._gone_files.append(gone)
                gone.table("records").insert_multiple(whole)
                self._stale.add(worry_id)
            else:
                live.table("records").insert_multiple(new)
        self._drop_stale(live)

    def _import_rewards(self, bundle: _Bundle, report: ImportReport) -> None:
        """Appended to the file each goes to, as the ledger does (R4: a record here is never
        replaced)."""
        here = {doc["id"] for db in self._ledger_dbs() for doc in db.table("records").all()}
        for doc in bundle.rewards:
            if doc["id"] in here:
                report.kept += 1
                continue
            self._ledger_db(doc).table("records").insert(doc)
            report.added["reward records"] += 1


# -- checking a document, before anything is written ---------------------------------------


def _checked(document: object) -> _Bundle:
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportRefused("That file is not a companion export (from companion export --format json).")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
        raise ImportRefused(f"That export is version {version}; this companion reads version {EXPORT_VERSION}. Update companion first.")
    if type(version) is not int or version != EXPORT_VERSION:  # not true, not 1.0
        raise ImportRefused("That export has no version companion knows.")
    _check_texts(document)
    try:
        bundle = _Bundle(
            settings=_settings(document.get("settings", {})),
            household=_household(document.get("household")),
            nights=_nights(document.get("nights", [])),
            worries=_worries(document.get("worries", [])),
            rewards=_table(document.get("rewards", []), "rewards", "records"),
        )
    except schema.SchemaError as error:
        raise ImportRefused(f"That export can't be imported: {error}. Nothing was written.") from None
    _check_unique_ids(bundle)
    return bundle


def _check_texts(document: object) -> None:
    """No text longer than MAX_TEXT anywhere (a hostile file's gigantic strings), and none
    that can't be written as UTF-8 (a lone surrogate, "\\ud800" in the file: writing the store
    file would fail halfway through the import), walked without recursion however deep the
    nesting."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise ImportRefused(f"That export holds a text of {len(value):,} characters; companion never writes one that long.")
        if isinstance(value, str) and _CONTROL.search(value):
            raise ImportRefused("That export holds control characters (an escape sequence, NUL); companion never writes them, and nothing was imported.")
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ImportRefused("That export holds text that is not valid Unicode; nothing was imported.") from None
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def _table(docs: object, kind: str, table: str) -> list[Doc]:
    """Documents checked as on reading a store file, with only the fields companion knows."""
    if not isinstance(docs, list):
        raise schema.SchemaError(f"{table} is not a list")
    checked = schema.check_shape({table: {str(number): doc for number, doc in enumerate(docs, 1)}}, kind)
    return [schema.known_fields(doc, kind, table) for doc in checked[table].values()]


def _settings(settings: object) -> Doc:
    return _table([settings], "household", "settings")[0]


def _household(household: object) -> dict[str, list[Doc]]:
    if not isinstance(household, dict):
        raise schema.SchemaError("no household")
    return {name: _table(household.get(name, []), "household", name) for name in HOUSEHOLD_TABLES}


def _nights(nights: object) -> list[tuple[date, list[Doc], list[Doc]]]:
    if not isinstance(nights, list):
        raise schema.SchemaError("nights is not a list")
    checked, seen = [], set()
    for entry in nights:
        if not isinstance(entry, dict) or not isinstance(entry.get("night"), str):
            raise schema.SchemaError("a night without its date")
        try:
            night = date.fromisoformat(entry["night"])
        except ValueError:
            raise schema.SchemaError(f"night {entry['night'][:40]!r} is not a date") from None
        if night in seen:
            raise schema.SchemaError(f"the night of {night} twice")
        seen.add(night)
        events = _table(entry.get("events", []), "nights", "events")
        phases = _table(entry.get("phases", []), "nights", "phases")
        if any(doc["night"] != night.isoformat() for doc in events):
            raise schema.SchemaError(f"a record of another night under the night of {night}")
        if len({doc["child_id"] for doc in phases}) != len(phases):
            raise schema.SchemaError(f"two phases for one child on the night of {night}")
        checked.append((night, events, phases))
    return checked


def _worries(records: object) -> dict[str, list[Doc]]:
    """Each worry whole: one written first, and if gone, checked as its own file is."""
    worries = _by_worry(_table(records, "worries", "records"))
    for records_of in worries.values():
        if len({doc["child_id"] for doc in records_of}) != 1:
            raise schema.SchemaError("a worry of two children")
        kinds = {doc["kind"] for doc in records_of}
        if WorryKind.WRITTEN not in kinds:
            raise schema.SchemaError("a worry without its first words")
        if WorryKind.GONE in kinds:
            schema.check_shape({"records": dict(enumerate(records_of))}, schema.GONE_KIND)
    return worries


def _check_unique_ids(bundle: _Bundle) -> None:
    records: list[Doc] = [doc for _, events, _ in bundle.nights for doc in events]
    for docs in (*bundle.household.values(), bundle.rewards, *bundle.worries.values()):
        records.extend(doc for doc in docs if "id" in doc)
    if len({doc["id"] for doc in records}) != len(records):
        raise ImportRefused("That export holds two records with one id; it can't be imported as it is.")


def _check_children(bundle: _Bundle, here: list[Child]) -> None:
    """Every record's child is in the household (the file's or, merging, this one); ids can
    name files; a child of the file named like another child here is refused, not mixed."""
    children = bundle.household["children"]
    for doc in children:
        if not schema.is_file_name(doc["id"]):
            raise ImportRefused("That export names a child with an id companion never makes.")
        for child in here:
            if same_text(child.name, doc["name"]) and child.id != doc["id"]:
                raise ImportRefused(
                    f"That export's {doc['name']} is not the {child.name} of this household "
                    "(each was set up on its own); nothing was imported."
                )
    names = [doc["name"] for doc in children]
    if len({name.casefold() for name in names}) != len(names):
        raise ImportRefused("That export has two children with one name.")
    known = {doc["id"] for doc in children} | {child.id for child in here}
    referring: list[Doc] = [doc for name in ("routines", "child_settings") for doc in bundle.household[name]]
    referring += [doc for _, events, phases in bundle.nights for doc in (*events, *phases)]
    referring += [*bundle.rewards, *(doc for records in bundle.worries.values() for doc in records)]
    if any(doc["child_id"] not in known for doc in referring):
        raise ImportRefused("That export has records of a child it does not name; nothing was imported.")
    zone = bundle.settings.get("zone")
    if zone is not None and not known_zone(zone):
        raise ImportRefused(f"That export's time zone {zone!r} is unknown here.")


def _by_worry(docs: Iterable[Doc]) -> dict[str, list[Doc]]:
    worries: dict[str, list[Doc]] = {}
    for doc in docs:
        worries.setdefault(doc["worry_id"], []).append(doc)
    for records in worries.values():
        records.sort(key=_time_order)
    return worries


def _time_order(doc: Doc) -> tuple[str, str]:
    """Stored instants are UTC text of one width, so they sort as text in time order."""
    return doc["at"], doc["id"]


def _count(number: int, one: str, many: str | None = None) -> str:
    if not number:
        return ""
    return f"{number:,} {one if number == 1 else (many or one + 's')}"
