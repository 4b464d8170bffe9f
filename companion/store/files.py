"""Files on disk: atomic replace, private permissions, and setting aside what we can't read."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def atomic_write_json(path: Path, data: object) -> None:
    """Write data as JSON so that a kill at any instant leaves the old file or the new one."""
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Temp file in the same directory, fsync, os.replace, then fsync the directory so the
    rename itself is durable. Stock TinyDB rewrites in place and can tear (PITFALLS.md).
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare_dir(directory: Path, *, files: bool = True) -> None:
    """Create the directory private to this user (0700), and its files private too (0600).

    `files=False` for folders that grow with history: their files are made private when
    they are opened, so startup does not visit every month ever logged; a 0700 folder
    already keeps them from other users.
    """
    directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(directory, DIR_MODE)
    if files:
        for entry in directory.iterdir():
            if entry.is_file() and not entry.is_symlink():
                os.chmod(entry, FILE_MODE)


def remove_temp_files(directory: Path) -> None:
    """Temp files left by a writer killed before its rename: never the real data."""
    for entry in directory.glob(f".*{TEMP_SUFFIX}"):
        entry.unlink(missing_ok=True)


def set_aside(path: Path, when: datetime) -> Path:
    """Rename an unreadable file out of the way, never overwriting an earlier one."""
    stamp = when.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, target)
    fsync_dir(path.parent)
    return target
