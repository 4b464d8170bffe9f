"""One writer per data dir: an flock on a separate, stable `app.lock`.

The kernel releases an flock when its holder dies, so a killed copy never leaves a stale
lock behind. The database files are never locked themselves: os.replace swaps their inode.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from companion.store.files import FILE_MODE

LOCK_NAME = "app.lock"


class DataDirLock:
    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another copy holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
