"""Running the installed `companion` for the end-to-end tests, pinned to a Friday evening (or
the Saturday morning after it), and reading its screen as a person would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.support.terminal import Terminal

COMPANION = str(Path(sys.executable).with_name("companion"))
EVENING = {"COMPANION_NOW": "2026-11-20T19:30:00+00:00", "TZ": "UTC"}
MORNING = {"COMPANION_NOW": "2026-11-21T07:10:00+00:00", "TZ": "UTC"}

needs_companion = pytest.mark.skipif(
    not Path(COMPANION).exists() and not shutil.which("companion"), reason="companion not installed"
)


def launch(data_dir: Path, env: Mapping[str, str] = EVENING) -> Terminal:
    return Terminal([COMPANION, "--data-dir", str(data_dir)], env=env, cols=100, rows=30)


def type_slowly(term: Terminal, text: str) -> None:
    """One character at a time, as a person types (a burst can land before focus moves)."""
    term.press(*text, pause=0.05)


def wait_for_pattern(term: Terminal, pattern: re.Pattern[str], timeout: float = 15.0) -> str:
    """Read until `pattern` matches the screen; returns the screen it matched."""
    deadline = time.perf_counter() + timeout
    while not pattern.search(term.text()):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{pattern.pattern!r} not on screen after {timeout}s:\n{term.text()}")
        term.read()
    return term.text()


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
