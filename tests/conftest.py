"""Fixtures shared by every layer: a private data dir and a clock that moves only when told."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from companion.clock import ManualClock
from companion.store import Store

ZONE = "Europe/London"


@pytest.fixture
def clock() -> ManualClock:
    """Friday 20 November 2026, 19:30 in London: an ordinary evening."""
    return ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, clock: ManualClock) -> Iterator[Store]:
    opened = Store.open(data_dir, clock)
    yield opened
    opened.close()
