"""Every store file carries its schema version in a `_meta` table; migrations live here.

A migration is a pure function from one version's document to the next. Before any runs,
the file is backed up (by the storage) so a bad migration never costs a family its nights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from companion.domain.night_log import EventKind
from companion.domain.reward_kinds import NIGHT_KINDS, REF_KINDS, STARS_KINDS, TEXT_KINDS, RewardKind
from companion.domain.worry_kinds import CONTENT_KINDS, WorryKind

SCHEMA_VERSION = 1
META_TABLE = "_meta"
GONE_KIND = "gone_worry"  # the kind of a gone worry's own file

Data = dict[str, dict[str, Any]]
Migration = Callable[[Data], Data]

# MIGRATIONS[n] turns a version-n file into version n + 1.
MIGRATIONS: dict[int, Migration] = {}


class SchemaError(ValueError):
    """The file is JSON but not a companion store file of a version we know."""


def _text(value: object) -> None:
    if not isinstance(value, str):
        raise ValueError("missing or not text")


def _parsed_by(parse: Callable[[str], object]) -> Callable[[object], None]:
    def check(value: object) -> None:
        _text(value)
        parse(value)  # type: ignore[arg-type]

    return check


def _instant(text: str) -> None:
    """An ISO 8601 instant with its offset: a bare wall time can't be placed in time."""
    if datetime.fromisoformat(text).tzinfo is None:
        raise ValueError("an instant without an offset")


_MISSING = object()


def _optional(check: Callable[[object], None]) -> Callable[[object], None]:
    """A field that may be left out, but if it is there it must pass `check` (null does not)."""

    def optional(value: object) -> None:
        if value is not _MISSING:
            check(value)

    return optional


def _seconds(value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 86_400:
        raise ValueError("not a whole number of seconds in a day")


def _count(value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
        raise ValueError("not a small whole number")


def _flag(value: object) -> None:
    if not isinstance(value, bool):
        raise ValueError("not true or false")


def _one_of(*choices: str) -> Callable[[object], None]:
    """A word from a fixed list; a set lookup, not a parse: checked once per record read."""
    allowed = frozenset(choices)

    def check(value: object) -> None:
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(f"not one of {', '.join(choices)}")

    return check


def _member_of(kinds: type[StrEnum]) -> Callable[[object], None]:
    return _one_of(*(kind.value for kind in kinds))


def _text_list(value: object) -> None:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise ValueError("not a list of text")


def _text_list_or_empty(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("not a list of text")


_FILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def is_file_name(value: object) -> bool:
    """An id that can also name a file or folder (a gone worry's file, its child's folder):
    a uuid as the store makes them, never a path."""
    return isinstance(value, str) and _FILE_NAME.fullmatch(value) is not None


def _file_name(value: object) -> None:
    if not is_file_name(value):
        raise ValueError("not an id")


def _worry_content(doc: dict[str, Any]) -> None:
    """A written or edited worry carries its words: without them there is nothing to show."""
    if doc.get("kind") in CONTENT_KINDS and "text" not in doc:
        raise ValueError(f"a {doc['kind']} worry without its text")


_WORRY_RECORD: dict[str, Callable[[object], None]] = {
    "id": _text,
    "worry_id": _file_name,
    "child_id": _file_name,
    "kind": _member_of(WorryKind),
    "at": _parsed_by(_instant),
    "night": _parsed_by(date.fromisoformat),
    "zone": _text,
    "text": _optional(_text),
    "drawn": _optional(_flag),
    "solutions": _optional(_text_list_or_empty),
    "helper": _optional(_text),
    "helper_line": _optional(_text),
}

# The fields each kind of file must carry, and how each is checked: a file that passes
# can be turned into domain objects without a surprise later in the evening.
_FIELDS: dict[str, dict[str, dict[str, Callable[[object], None]]]] = {
    "household": {
        "children": {"id": _text, "name": _text, "birth_date": _parsed_by(date.fromisoformat)},
        "caregivers": {"id": _text, "name": _text},
        "routines": {"id": _text, "child_id": _text, "since": _parsed_by(date.fromisoformat), "steps": _text_list},
        "child_settings": {
            "child_id": _text,
            "wait_seconds": _count,
            "passes": _count,
            "trip_minutes": _count,
            "baseline_nights": _count,
            "start_passes": _count,
            "fade_every": _count,
            "reward_unused": _flag,
            "plan_started": _optional(_parsed_by(date.fromisoformat)),
            "reward_chart": _optional(_flag),
        },
        "settings": {
            "zone": _optional(_text),
            "current_child": _optional(_text),
            "theme": _optional(_one_of("auto", "night", "day")),
            "sound": _optional(_flag),
        },
    },
    "nights": {
        "events": {
            "id": _text,
            "child_id": _text,
            "night": _parsed_by(date.fromisoformat),
            "kind": _member_of(EventKind),
            "at": _parsed_by(_instant),
            "zone": _text,
            "value": _optional(_text),
            "recorded": _optional(_parsed_by(_instant)),
            "undone": _optional(_parsed_by(_instant)),
            "ref": _optional(_text),
            "seconds": _optional(_seconds),
        },
        "phases": {"child_id": _text, "phase": _one_of("before", "baseline", "pass"), "passes": _count},
    },
    "worries": {"records": _WORRY_RECORD},
    GONE_KIND: {"records": _WORRY_RECORD},
    "rewards": {
        "records": {
            "id": _text,
            "child_id": _text,
            "kind": _member_of(RewardKind),
            "at": _parsed_by(_instant),
            "zone": _text,
            "night": _optional(_parsed_by(date.fromisoformat)),
            "ref": _optional(_text),
            "text": _optional(_text),
            "stars": _optional(_count),
        },
    },
}
_REWARD_NEEDS = {
    kind.value: tuple(
        field
        for field, kinds in (("night", NIGHT_KINDS), ("ref", REF_KINDS), ("text", TEXT_KINDS), ("stars", STARS_KINDS))
        if kind in kinds
    )
    for kind in RewardKind
}


def _reward_fields(doc: dict[str, Any]) -> None:
    """Each kind of ledger record carries what it needs: a star its night, target and praise."""
    for field in _REWARD_NEEDS[doc["kind"]]:
        if field not in doc:
            raise ValueError(f"a {doc['kind']} record without its {field}")


# Checks across the fields of one document, after each field passed its own.
_DOCUMENTS: dict[str, dict[str, Callable[[dict[str, Any]], None]]] = {
    "worries": {"records": _worry_content},
    GONE_KIND: {"records": _worry_content},
    "rewards": {"records": _reward_fields},
}


def _one_gone_worry(data: Data) -> None:
    """A gone worry's file holds that one worry whole: its first words and the day it went."""
    records = data.get("records")
    if not records:
        raise ValueError("no records")
    if len({(doc["worry_id"], doc["child_id"]) for doc in records.values()}) != 1:
        raise ValueError("records of more than one worry")
    kinds = {doc["kind"] for doc in records.values()}
    if WorryKind.WRITTEN not in kinds or WorryKind.GONE not in kinds:
        raise ValueError("a gone worry without its first words or the day it went")


# Checks across a whole file, after each document passed its own.
_FILES: dict[str, Callable[[Data], None]] = {GONE_KIND: _one_gone_worry}


def check_shape(data: object, kind: str) -> Data:
    """TinyDB's shape (an object of tables of documents), and the fields our documents need."""
    if not isinstance(data, dict):
        raise SchemaError("not a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise SchemaError(f"table {name!r} is not an object")
        fields = tuple(_FIELDS.get(kind, {}).get(name, {}).items())
        whole = _DOCUMENTS.get(kind, {}).get(name)
        for doc_id, doc in table.items():  # ten years of stars: kept to a tight loop
            if not isinstance(doc, dict):
                raise SchemaError(f"document {name}/{doc_id} is not an object")
            field = ""
            try:
                for field, check in fields:
                    check(doc.get(field, _MISSING))
                field = ""
                if whole is not None:
                    whole(doc)
            except ValueError as error:
                raise SchemaError(f"{name}/{doc_id}{'.' + field if field else ''}: {error}") from None
    if whole_file := _FILES.get(kind):
        try:
            whole_file(data)
        except ValueError as error:
            raise SchemaError(str(error)) from None
    return data


def known_fields(doc: dict[str, Any], kind: str, table: str) -> dict[str, Any]:
    """The fields companion knows of a document that passed `check_shape` (an import keeps
    nothing else)."""
    fields = _FIELDS[kind][table]
    return {name: value for name, value in doc.items() if name in fields}


def version_of(data: Mapping[str, Any], kind: str) -> int:
    table = data.get(META_TABLE)
    meta = table.get("1") if isinstance(table, dict) else None
    if not isinstance(meta, dict):
        raise SchemaError("no schema version")
    if meta.get("kind") != kind:
        raise SchemaError(f"a {meta.get('kind')!r} file where {kind!r} was expected")
    version = meta.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemaError(f"schema version {version!r} is not valid")
    return version


def stamp(data: Data, kind: str, version: int | None = None) -> None:
    data[META_TABLE] = {"1": {"schema": version or SCHEMA_VERSION, "kind": kind}}


def migrate(
    data: Data,
    kind: str,
    version: int,
    *,
    target: int | None = None,
    migrations: Mapping[int, Migration] | None = None,
) -> Data:
    """Run every migration from `version` up to `target` (default: the current schema)."""
    target = target or SCHEMA_VERSION
    migrations = MIGRATIONS if migrations is None else migrations
    for step in range(version, target):
        data = migrations[step](data)
    stamp(data, kind, target)
    return data
