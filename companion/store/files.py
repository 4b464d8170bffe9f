"""Files on disk: atomic replace, private permissions, and setting aside what we can't read."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def atomic_write_json(path: Path, data: object, root: Path) -> None:
    """Write data as JSON so that a kill at any instant leaves the old file or the new one."""
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), root)


def atomic_write_bytes(path: Path, payload: bytes, root: Path) -> None:
    """Temp file, fsync, os.replace, then fsync the folder so the rename itself is durable.
    Stock TinyDB rewrites in place and can tear (PITFALLS.md).

    Every temp file goes in `root` (the data dir), so startup cleans one folder however many
    month folders there are; os.replace is still atomic across folders of one filesystem.
    The temp name holds the target's relative path, so no two targets share one.
    """
    if not path.parent.is_dir():
        make_private_dir(path.parent)
    flat = "~".join(path.relative_to(root).parts)  # "~" is in no store file's name
    temp = root / f".{flat}.{os.getpid()}{TEMP_SUFFIX}"
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


def make_private_dir(directory: Path) -> None:
    """A new folder (a month of nights, a child's gone worries) made on the first write into
    it, 0700, with any folder missing above it; each entry fsync'd in its parent so a file
    written into it survives a power cut."""
    if not directory.parent.is_dir():
        make_private_dir(directory.parent)
    directory.mkdir(mode=DIR_MODE)
    fsync_dir(directory.parent)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare_dir(directory: Path, *, files: bool = True) -> None:
    """Create the directory private to this user (0700), and its files private too (0600).

    `files=False` for folders that grow with history: what is in them is made private when
    it is opened, so startup does not visit every night ever logged; a 0700 folder already
    keeps it from other users.
    """
    directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(directory, DIR_MODE)
    if files:
        for entry in directory.iterdir():
            if entry.is_file() and not entry.is_symlink():
                os.chmod(entry, FILE_MODE)


def remove_temp_files(directory: Path) -> None:
    """Temp files left by a writer killed before its rename: never the real data. They are
    all written in the data dir itself, so that is the one folder to clean."""
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
    try:
        os.chmod(target, FILE_MODE)  # it may hold the family's nights: private, however it came in
    except OSError:
        pass  # not ours to change (another user's file): it is kept as it was
    fsync_dir(path.parent)
    return target
