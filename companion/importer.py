"""`companion import FILE` (rule M5): read back what `companion export --format json` wrote.

Reading is kept apart from the store: a file that is too big, unreadable or not JSON is
refused before the household is even opened. What the document must hold is checked by the
store (store/transfer.py) before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from companion.domain.errors import CompanionError

# Ten years of a busy two-child household export to under 100 MB; a file far bigger is not ours.
MAX_BYTES = 512 * 1024 * 1024


def read_export(path: Path) -> object:
    try:
        if path.is_dir():
            raise CompanionError(f"Can't import {path}: it is a folder, not a file.")
        if path.stat().st_size > MAX_BYTES:
            raise CompanionError(f"Can't import {path}: at {path.stat().st_size:,} bytes it is far bigger than any companion export.")
        payload = path.read_bytes()
    except OSError as error:
        raise CompanionError(f"Can't read {path}: {error.strerror or error}.") from None
    try:
        return json.loads(payload.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested beyond reason
        raise CompanionError(f"{path} is not a companion export (it is not JSON); nothing was imported.") from None
