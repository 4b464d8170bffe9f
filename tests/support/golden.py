"""Golden files: whole outputs (the printed recap, exports) compared byte for byte with a
reviewed copy in tests/golden/, so any change to what a parent or a script reads shows up as a
diff in review. `COMPANION_UPDATE_GOLDEN=1` rewrites the copies instead of comparing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
UPDATE_VARIABLE = "COMPANION_UPDATE_GOLDEN"


def assert_golden(name: str, actual: str) -> None:
    """Compare `actual` with tests/golden/<name>, exactly (line endings included: a CSV's \\r\\n
    is part of it); with COMPANION_UPDATE_GOLDEN=1, write it there instead."""
    path = GOLDEN_DIR / name
    if os.environ.get(UPDATE_VARIABLE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        raise AssertionError(f"no golden file {path}: run the test with {UPDATE_VARIABLE}=1 to write it, then review it")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"golden/{name}", "actual"
        )
        meant = f"if the change is meant, rerun with {UPDATE_VARIABLE}=1 and review the diff"
        raise AssertionError(f"output differs from golden/{name} ({meant}):\n" + "".join(diff))
