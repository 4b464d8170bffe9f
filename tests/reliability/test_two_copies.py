"""Two copies of companion on one data dir, and the lock a killed copy leaves (issue 8, point 3).

The first copy to open a household is its one writer (an flock on app.lock). A second copy
says it is read-only; the keys that change things tell the parent so, and no file in the data
dir changes (bytes, inode, mtime; folders' too, so not even a temp file came and went). When
the first is killed, the kernel drops its lock: a third copy opens as the writer and saves.
Whatever a dead copy left in app.lock (its pid, garbage, nothing) never keeps the household
read-only: the lock is the flock, not what the file says.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pendulum
import pytest

from companion.clock import ManualClock
from companion.domain.night_log import EventKind
from companion.store.lock import LOCK_NAME
from companion.store.store import READ_ONLY_NOTICE, ReadOnlyStore, Store
from tests.e2e.companion_cli import launch, needs_companion
from tests.support.terminal import Terminal

ZONE = "Europe/London"
READ_ONLY_SAID = str(ReadOnlyStore())
TONIGHT = "nights/2026-11/20.json"


def household(data_dir: Path) -> str:
    """Mia, with a target on the reward chart and last night logged; Sam does bedtime."""
    store = Store.open(data_dir, ManualClock(pendulum.datetime(2026, 11, 19, 17, 0, tz=ZONE)))
    try:
        mia = store.add_child("Mia", date(2021, 5, 1))
        store.add_caregiver("Sam")
        store.add_target(mia.id, "stayed in my bed the whole night", pendulum.datetime(2026, 11, 18, 17, 0, tz=ZONE))
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, pendulum.datetime(2026, 11, 19, 19, 40, tz=ZONE))
    finally:
        store.close()
    return mia.id


def every_file(data_dir: Path) -> dict[str, tuple]:
    """Every file (app.lock too) with its bytes, inode and mtime, and every folder with its mtime."""
    found = {}
    for path in sorted([data_dir, *data_dir.rglob("*")]):
        info = path.stat()
        name = path.relative_to(data_dir).as_posix() + ("/" if path.is_dir() else "")
        found[name] = (None if path.is_dir() else path.read_bytes(), info.st_ino, info.st_mtime_ns)
    return found


def steps_checked(data_dir: Path) -> list[str]:
    night = data_dir / TONIGHT
    if not night.exists():
        return []
    events = json.loads(night.read_bytes()).get("events", {}).values()
    return [event["value"] for event in events if event["kind"] == "step_done"]


def one_line(text: str) -> str:
    """The screen with the box drawing and line breaks of a wrapped message taken out."""
    return " ".join(text.replace("│", " ").replace("▎", " ").split())


def wait_until(term: Terminal, holds: Callable[[str], bool], timeout: float = 15.0) -> None:
    deadline = time.perf_counter() + timeout
    while not holds(term.text()):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not on screen after {timeout}s:\n{term.text()}")
        term.read()


def told(term: Terminal, sentence: str) -> None:
    """Wait until `sentence` is on screen (a message may wrap over two lines)."""
    wait_until(term, lambda text: sentence in one_line(text))


@needs_companion
def test_a_second_copy_never_writes_and_the_lock_of_a_killed_first_is_taken_by_a_third(tmp_path: Path) -> None:
    data = tmp_path / "data"
    household(data)
    with ExitStack() as running:
        first = running.enter_context(launch(data))
        first.wait_for("Routine")
        second = running.enter_context(launch(data))
        told(second, READ_ONLY_NOTICE)  # said at once, in a box over the pane
        second.press("enter")
        second.wait_until_gone("Please note")
        wait_until(second, lambda text: "read-only" in text.splitlines()[0])  # the bar says so, always in view
        assert "read-only" not in one_line(first.text())
        first.settle(0.2)
        second.settle(0.2)
        before = every_file(data)

        # Each pane's keys that change things, in the read-only copy: told, nothing saved.
        for pane, shown, write in (
            ("1", "Routine", "space"),  # the evening: check the next step
            ("2", "Say it once", "enter"),  # quiet mode: "I said it"
            ("3", "No open worries", "b"),  # the worry box: put them to bed
            ("4", "Target:", "s"),  # the reward chart: last night's star
        ):
            second.press(pane)
            second.wait_for(shown)
            second.settle(0.1)  # the whole frame, not its first rows
            assert READ_ONLY_SAID not in one_line(second.text())
            second.press(write)
            told(second, READ_ONLY_SAID)
        second.press("h")  # the household: a grown-up
        second.wait_for("Grown-ups who do bedtime")
        second.press("g")
        second.wait_for("Add a grown-up")
        second.press(*"Alex", "enter")
        told(second, READ_ONLY_SAID)
        second.press("escape")
        second.settle(0.2)
        assert every_file(data) == before, "the read-only copy changed the data dir"
        assert steps_checked(data) == []

        # The writer is killed (no chance to release anything): its lock goes with it.
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait_exit() == -signal.SIGKILL
        assert every_file(data) == before

        with launch(data) as third:
            third.wait_for("Routine")
            third.settle(0.3)
            assert "read-only" not in one_line(third.text()), third.text()
            assert "Please note" not in third.text()
            assert (data / LOCK_NAME).read_text().split() == [str(third.pid)]
            third.press("space")
            told(third, "✓")
            assert steps_checked(data) == ["bath"], "the third copy's step is on disk"
            # The second copy stays read-only: it never takes the lock it once missed.
            second.press("1")
            second.wait_for("Routine")
            second.press("space")
            second.settle(0.3)
            assert "read-only" in second.text().splitlines()[0] and READ_ONLY_SAID in one_line(second.text())
            assert steps_checked(data) == ["bath"]
            for term in (third, second):
                term.press("ctrl+q")
                assert term.wait_exit() == 0


OPEN_AND_HOLD = """
import sys
from pathlib import Path
import pendulum
from companion.clock import ManualClock
from companion.store.store import Store
sys.stdin.readline()  # all start together
store = Store.open(Path(sys.argv[1]), ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz="Europe/London")))
print("read-only" if store.read_only else "writer", flush=True)
sys.stdin.readline()  # and hold it until told
"""


def test_copies_started_at_the_same_moment_make_exactly_one_writer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    household(data)
    before = every_file(data)
    copies = [
        subprocess.Popen([sys.executable, "-c", OPEN_AND_HOLD, str(data)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    try:
        for copy in copies:
            copy.stdin.write("go\n")
            copy.stdin.flush()
        said = sorted(copy.stdout.readline().strip() for copy in copies)
    finally:
        for copy in copies:
            copy.communicate("done\n", timeout=10)
    assert said == ["read-only"] * 5 + ["writer"]
    after = every_file(data)
    after.pop(LOCK_NAME)  # the writer's pid, written when it took the lock
    before.pop(LOCK_NAME)
    assert after == before, "nothing but the writer's pid changed"


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(done.stdout)


LEFT_IN_THE_LOCK = {
    "the pid of a dead copy": lambda: f"{dead_pid()}\n".encode(),
    "the pid of a running process": lambda: f"{os.getpid()}\n".encode(),  # a pid reused since
    "garbage": lambda: b"\x00\xff not a pid \n\n<<<",
    "nothing (an empty file)": lambda: b"",
}


@pytest.mark.parametrize("left", LEFT_IN_THE_LOCK, ids=["dead-pid", "live-pid", "garbage", "empty"])
def test_whatever_a_dead_copy_left_in_the_lock_file_the_next_copy_is_the_writer(tmp_path: Path, left: str) -> None:
    data = tmp_path / "data"
    mia = household(data)
    (data / LOCK_NAME).write_bytes(LEFT_IN_THE_LOCK[left]())
    clock = ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE))
    store = Store.open(data, clock)
    try:
        assert not store.read_only
        assert store.take_notices() == []
        assert (data / LOCK_NAME).read_text() == f"{os.getpid()}\n"  # what it says now is true
        store.add_night_event(mia, EventKind.STEP_DONE, clock.now(), "bath")
        # And it is the one writer: a copy opened now is read-only.
        second = Store.open(data, clock)
        try:
            assert second.read_only
        finally:
            second.close()
    finally:
        store.close()
    assert steps_checked(data) == ["bath"]


@needs_companion
def test_the_real_app_takes_over_the_lock_file_of_a_dead_copy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    household(data)
    (data / LOCK_NAME).write_bytes(f"{dead_pid()}\n".encode())
    with launch(data) as term:
        term.wait_for("Routine")
        term.settle(0.3)
        assert "read-only" not in one_line(term.text()) and "Please note" not in term.text(), term.text()
        term.press("space")
        told(term, "✓")
        assert steps_checked(data) == ["bath"]
        term.press("ctrl+q")
        assert term.wait_exit() == 0
