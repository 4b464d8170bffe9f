"""A TinyDB Storage that writes atomically and keeps the parsed file in memory.

Stock JSONStorage re-reads the whole file on every query and rewrites it in place on every
write (torn files after a kill, PITFALLS.md). This one parses once, serves reads from memory
(safe because the data-dir lock makes this process the only writer) and replaces the file
atomically on every write, so a write is on disk when `write` returns.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from companion.store import schema
from companion.store.files import DIR_MODE, FILE_MODE, atomic_write_bytes, atomic_write_json
from companion.store.schema import Data, SchemaError, check_shape, migrate, stamp, version_of


class CorruptFile(Exception):
    """The file exists but is not a store file we can read: the caller sets it aside."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NewerFile(Exception):
    """The file was written by a newer companion: neither read as ours nor set aside."""

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(f"{path}: schema version {version}")
        self.path = path
        self.version = version


def load_store_file(path: Path, kind: str, root: Path, *, read_only: bool = False) -> Data | None:
    """Parse, check and migrate one store file; None when it does not exist yet.

    The version is read before the shape is checked: a newer companion's file may have
    documents this one doesn't know, and must be refused, not set aside as corrupt. A
    read-only copy migrates in memory only; the writer owns the files.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise CorruptFile(path, "the file is empty")
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise SchemaError("not a JSON object")
        version = version_of(data, kind)
        if version > schema.SCHEMA_VERSION:
            raise NewerFile(path, version)
        if version < schema.SCHEMA_VERSION:
            data = migrate(data, kind, version)
        check_shape(data, kind)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CorruptFile(path, f"not valid JSON ({error})") from None
    except (SchemaError, RecursionError, KeyError, TypeError) as error:  # a migration may meet odd data
        raise CorruptFile(path, f"not a companion file ({error})") from None
    if version < schema.SCHEMA_VERSION and not read_only:
        atomic_write_bytes(path.with_name(f"{path.name}.v{version}.bak"), raw, root)
        atomic_write_json(path, data, root)
    return data


class RefusedFile(OSError):
    """A write into a file the store refused to open; the message says which and why. An
    OSError, so that every path that survives a failed write (the ledger's move of its old
    layout, tonight's phase) survives this one too."""


class RefusedStorage(Storage):
    """A file the store can't open (a newer companion's, no permission, a folder in its
    place), in a window that carries on without it: it reads as empty and refuses every
    write, so the file itself is never touched."""

    def __init__(self, refusal: str) -> None:
        self.refusal = refusal
        self.deferred = False

    def read(self) -> None:
        return None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise RefusedFile(self.refusal)

    def flush(self) -> None:
        """Nothing was taken to write."""

    def discard(self) -> None:
        """Nothing was taken to forget."""


class AtomicStorage(Storage):
    """One store file under the data dir `root`. `deferred` holds writes in memory until
    `flush`, so a bulk load or a change of several documents reaches the disk as one atomic
    write. Nothing is created on disk before the first write."""

    def __init__(self, path: Path, kind: str, root: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.kind = kind
        self.root = root
        self.read_only = read_only
        self.deferred = False
        self._dirty = False
        self._data: Data | None = self._load(read_only=read_only)
        if self._data is not None and not read_only:
            # Private again if copied in with loose permissions: the file and its (month) folder.
            os.chmod(path, FILE_MODE)
            os.chmod(path.parent, DIR_MODE)

    def read(self) -> Data | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            # TinyDB has already changed the cached data: forget it, re-read from disk.
            self._data = self._load(read_only=True)
            raise PermissionError(f"{self.path.name} is open read-only")
        stamp(data, self.kind)
        if self.deferred:
            self._data = data
            self._dirty = True
            return
        try:
            atomic_write_json(self.path, data, self.root)
        except BaseException:
            # The in-memory copy may be ahead of the disk: drop it so reads match the file.
            self._data = self._load()
            raise
        self._data = data

    def flush(self) -> None:
        """Write what a deferred bulk load collected, atomically, once."""
        self.deferred = False
        if self._dirty and self._data is not None:
            atomic_write_json(self.path, self._data, self.root)
        self._dirty = False

    def discard(self) -> None:
        """Forget what a failed bulk load held in memory: back to what is on disk."""
        self.deferred = False
        self._dirty = False
        self._data = self._load()

    def _load(self, *, read_only: bool = False) -> Data | None:
        return load_store_file(self.path, self.kind, self.root, read_only=read_only)

    def close(self) -> None:
        """Nothing to do: every write is already on disk."""
