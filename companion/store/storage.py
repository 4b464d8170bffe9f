"""A TinyDB Storage that writes atomically and keeps the parsed file in memory.

Stock JSONStorage re-reads the whole file on every query and rewrites it in place on every
write (torn files after a kill, PITFALLS.md). This one parses once, serves reads from memory
(safe because the data-dir lock makes this process the only writer) and replaces the file
atomically on every write, so a write is on disk when `write` returns.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from companion.store.files import atomic_write_json
from companion.store.schema import (
    SCHEMA_VERSION,
    Data,
    SchemaError,
    check_shape,
    migrate,
    stamp,
    version_of,
)


class CorruptFile(Exception):
    """The file exists but is not a store file we can read: the caller sets it aside."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


class NewerFile(Exception):
    """The file was written by a newer companion: neither read as ours nor set aside."""

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(f"{path.name} has schema version {version}; this companion knows {SCHEMA_VERSION}")
        self.path = path


def load_store_file(path: Path, kind: str) -> Data | None:
    """Parse, check and migrate one store file; None when it does not exist yet."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise CorruptFile(path, "the file is empty")
    try:
        data = check_shape(json.loads(raw), kind)
        version = version_of(data, kind)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CorruptFile(path, f"not valid JSON ({error})") from None
    except (SchemaError, RecursionError) as error:
        raise CorruptFile(path, f"not a companion file ({error})") from None
    if version > SCHEMA_VERSION:
        raise NewerFile(path, version)
    if version < SCHEMA_VERSION:
        backup = path.with_name(f"{path.name}.v{version}.bak")
        shutil.copy2(path, backup)
        data = migrate(data, kind, version)
        atomic_write_json(path, data)
    return data


class AtomicStorage(Storage):
    """One store file. `deferred` holds writes in memory until `flush` (bulk loads only)."""

    def __init__(self, path: Path, kind: str, *, read_only: bool = False) -> None:
        self.path = path
        self.kind = kind
        self.read_only = read_only
        self.deferred = False
        self._dirty = False
        self._data: Data | None = load_store_file(path, kind)

    def read(self) -> Data | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            # TinyDB has already changed the cached data: forget it, re-read from disk.
            self._data = load_store_file(self.path, self.kind)
            raise PermissionError(f"{self.path.name} is open read-only")
        stamp(data, self.kind)
        if self.deferred:
            self._data = data
            self._dirty = True
            return
        try:
            atomic_write_json(self.path, data)
        except BaseException:
            # The in-memory copy may be ahead of the disk: drop it so reads match the file.
            self._data = load_store_file(self.path, self.kind)
            raise
        self._data = data

    def flush(self) -> None:
        """Write what a deferred bulk load collected, atomically, once."""
        self.deferred = False
        if self._dirty and self._data is not None:
            atomic_write_json(self.path, self._data)
        self._dirty = False

    def discard(self) -> None:
        """Forget what a failed bulk load held in memory: back to what is on disk."""
        self.deferred = False
        self._dirty = False
        self._data = load_store_file(self.path, self.kind)

    def close(self) -> None:
        """Nothing to do: every write is already on disk."""
