"""Where the household's data lives: --data-dir, else COMPANION_DATA_DIR, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "COMPANION_DATA_DIR"


def resolve_data_dir(option: str | None) -> Path:
    if option:
        return Path(option).expanduser()
    if env := os.environ.get(DATA_DIR_VARIABLE, "").strip():
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("companion", appauthor=False))
