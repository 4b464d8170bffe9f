"""Running the installed `companion` for the end-to-end tests, pinned to a Friday evening."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.terminal import Terminal

COMPANION = str(Path(sys.executable).with_name("companion"))
EVENING = {"COMPANION_NOW": "2026-11-20T19:30:00+00:00", "TZ": "UTC"}

needs_companion = pytest.mark.skipif(
    not Path(COMPANION).exists() and not shutil.which("companion"), reason="companion not installed"
)


def launch(data_dir: Path) -> Terminal:
    return Terminal([COMPANION, "--data-dir", str(data_dir)], env=EVENING, cols=100, rows=30)


def demo_household(data_dir: Path, nights: int = 2) -> None:
    """One child with a couple of logged nights, written by the real CLI."""
    made = subprocess.run(
        [COMPANION, "demo", "--nights", str(nights), "--children", "1", "--data-dir", str(data_dir)],
        env={**os.environ, **EVENING},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert made.returncode == 0, made.stderr
