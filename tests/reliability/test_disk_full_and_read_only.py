"""The disk fills up, or the data dir turns read-only, while the app is open (issue 8, point 1).

The failure is made at the lowest layer the store writes through (the `os` that
companion/store/files.py calls, and the folders it makes): a full disk refuses the bytes
(ENOSPC on write), a read-only disk refuses to open a file for writing (EROFS), and a folder we
may not write refuses it too (EACCES: chmod stops no one when the tests run as root, so the
refusal is made, not set up). The store's error handling above that layer runs as it does on a
real full or read-only disk.

In every pane that writes, the parent presses the keys of a change while the disk refuses it.
Each time: one clear message ("Couldn't save (No space left on device); nothing was changed."),
the change is not shown as made, and the app stays up, showing the data as it is on disk. The
data files are byte-identical to what they were (same bytes, same inode, same mtime), what was
shown as saved before the disk filled is all there, and once the disk takes writes again, the
same key saves.

A household that is read-only from the start (the disk, or a folder this user may only read)
opens read-only and says why; with no household in it, such a data dir is refused.

Also: a change written to two files, refused at the second, says what was saved; and, where
the tests may mount a tmpfs (root), the real app on a disk that really fills up, and a data
dir on a really read-only disk (shown read-only; the commands that write refuse in one line).
"""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pendulum
import pytest
from textual.content import Content
from textual.widgets import OptionList

from companion.clock import ManualClock
from companion.domain.bedtime_pass import PassPlan
from companion.domain.child_settings import ChildSettings
from companion.domain.errors import CompanionError
from companion.domain.night_log import EventKind
from companion.domain.worry import clean_worry
from companion.store import files, lock
from companion.store.store import ReadOnlyStore, Store, StoreError
from companion.ui.app import make_app
from tests.e2e.companion_cli import COMPANION, EVENING as EVENING_ENV, launch, needs_companion
from tests.store.helpers import snapshot, temp_files
from tests.support.terminal import Terminal
from tests.ui.pilot_keys import keys

ZONE = "Europe/London"
EVENING = pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE)  # Friday, before bedtime
TARGET = "stayed in my bed the whole night"


class Disk:
    """What companion/store/files.py sees as `os`: the real one, except that while `refusing`
    it refuses writes as a full disk (ENOSPC when the bytes are written) or a read-only or
    forbidden folder (EROFS, EACCES when a file is opened for writing or renamed) does. With
    more than one error, each change meets the next in turn."""

    def __init__(self, *errors: int, allow: int = 0) -> None:
        self.errors = errors
        self.error = errors[0]
        self.refusing = False
        self.refused = 0
        self.turns = 0
        self.allow = allow  # files written before the disk refuses (a change of several files)
        self._taken: set[int] = set()
        self._taken_paths: set[str] = set()

    def next_error(self) -> None:
        self.turns += 1
        self.error = self.errors[self.turns % len(self.errors)]

    def _refuse(self, what: str) -> None:
        self.refused += 1
        raise OSError(self.error, os.strerror(self.error), what)

    def _allowed(self, flags: int) -> bool:
        """A file opened to be written while some are still allowed: the disk takes it."""
        if self.allow and flags & os.O_CREAT:
            self.allow -= 1
            return True
        return False

    def write(self, fd: int, data: bytes) -> int:
        if self.refusing and self.error == errno.ENOSPC and fd not in self._taken:
            self._refuse("write")
        return os.write(fd, data)

    def open(self, path: os.PathLike | str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        allowed = self.refusing and self._allowed(flags)
        if self.refusing and not allowed and self.error != errno.ENOSPC and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            self._refuse(os.fspath(path))
        fd = os.open(path, flags, mode, **kwargs)
        if allowed:
            self._taken.add(fd)
            self._taken_paths.add(os.fspath(path))
        return fd

    def close(self, fd: int) -> None:
        self._taken.discard(fd)
        os.close(fd)

    def chmod(self, path: os.PathLike | str, mode: int, **kwargs: object) -> None:
        if self.refusing and self.error != errno.ENOSPC:
            self._refuse(os.fspath(path))
        os.chmod(path, mode, **kwargs)

    def replace(self, source: os.PathLike | str, target: os.PathLike | str) -> None:
        if self.refusing and self.error != errno.ENOSPC and os.fspath(source) not in self._taken_paths:
            self._refuse(os.fspath(target))
        os.replace(source, target)

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


def patched_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *errors: int) -> Disk:
    """A Disk under the store's files and lock, and under the folders it makes in tmp_path."""
    disk = Disk(*errors)
    monkeypatch.setattr(files, "os", disk)
    monkeypatch.setattr(lock, "os", disk)
    real_mkdir = pathlib.Path.mkdir

    def mkdir(self: pathlib.Path, *args: object, **kwargs: object) -> None:  # a new month's folder, a child's gone worries
        if disk.refusing and self.is_relative_to(tmp_path):
            disk._refuse(str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "mkdir", mkdir)
    return disk


@pytest.fixture(params=[(errno.ENOSPC,), (errno.EROFS, errno.EACCES)], ids=["disk-full", "read-only"])
def disk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Disk:
    """A full disk; or a read-only one, and a folder the app may not write, in turn."""
    return patched_disk(monkeypatch, tmp_path, *request.param)


@pytest.fixture(params=[errno.EROFS, errno.EACCES], ids=["read-only-disk", "folder-not-ours"])
def read_only(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Disk:
    """A disk that takes no writes, or a folder this user may only read."""
    return patched_disk(monkeypatch, tmp_path, request.param)


def household(data_dir: Path) -> dict[str, str]:
    """Mia and Leo, Sam who does bedtime, a target on the reward chart, and last night
    (Thursday 19th): a worry put to bed, lights out, asleep."""
    store = Store.open(data_dir, ManualClock(pendulum.datetime(2026, 11, 18, 17, 0, tz=ZONE)))
    try:
        mia = store.add_child("Mia", date(2021, 5, 1))
        store.add_child("Leo", date(2023, 3, 1))
        store.add_caregiver("Sam")
        store.add_target(mia.id, TARGET, pendulum.datetime(2026, 11, 18, 17, 0, tz=ZONE))
        store.write_worry(mia.id, clean_worry("the dark under the bed")[0], pendulum.datetime(2026, 11, 19, 16, 0, tz=ZONE))
        store.put_worries_to_bed(mia.id, pendulum.datetime(2026, 11, 19, 19, 0, tz=ZONE))
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, pendulum.datetime(2026, 11, 19, 19, 40, tz=ZONE))
        store.add_night_event(mia.id, EventKind.FELL_ASLEEP, pendulum.datetime(2026, 11, 19, 20, 10, tz=ZONE))
    finally:
        store.close()
    return {"mia": mia.id}


# -- what the parent sees -------------------------------------------------------------------


def plain(widget: object) -> str:
    content = getattr(widget, "content", "")
    return content.plain if isinstance(content, Content) else str(content)


def said(app) -> list[str]:
    """Every message on screen now: the pane's message line, a dialog's error line, a toast."""
    shown = []
    for screen in app.screen_stack:
        shown += [text for widget in screen.query(".pane-message, .form-error") if (text := plain(widget).strip())]
    shown += [notification.message for notification in app._notifications]
    return shown


def steps_shown(app) -> list[str]:
    steps = app.screen.query_one("#steps", OptionList)
    return [steps.get_option_at_index(index).prompt.plain for index in range(steps.option_count)]


def one_line(text: str) -> str:
    return " ".join(text.replace("│", " ").replace("▎", " ").split())


def wait_until(term: Terminal, holds, timeout: float = 15.0) -> str:
    deadline = time.perf_counter() + timeout
    while not holds(one_line(term.text())):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not on screen after {timeout}s:\n{term.text()}")
        term.read()
    return term.text()


def told(term: Terminal, sentence: str, *, after: str = "") -> None:
    """`sentence` on screen (wrapped or not), below `after` if given (a dialog's own line)."""
    wait_until(term, lambda text: sentence in (text.split(after, 1)[-1] if after else text))


@dataclass
class Session:
    """The app, the disk under it, and the message a refused write must give."""

    app: object
    pilot: object
    disk: Disk

    @property
    def refusal(self) -> str:
        return f"Couldn't save ({os.strerror(self.disk.error)}); nothing was changed."

    def clear(self) -> None:
        """A clean slate, so that the next message is the next key's."""
        for screen in self.app.screen_stack:
            for widget in screen.query(".pane-message, .form-error"):
                widget.update("")
        self.app.clear_notifications()

    async def refused(self, what: str, *pressed: str) -> None:
        """Press the keys of a change the disk refuses: one clear message, and the app still up."""
        self.clear()
        self.disk.next_error()
        refused_before = self.disk.refused
        await keys(self.pilot, *pressed)
        assert self.disk.refused > refused_before, f"{what}: nothing was written, so nothing was refused"
        shown = said(self.app)
        assert shown == [self.refusal], f"{what}: the parent was told {shown}"
        assert self.app.is_running and self.app.return_code is None, f"{what}: the app stopped"

    def fill(self, text: str) -> None:
        """Type into the focused field (a one-line field, or the worry's words)."""
        field = self.app.focused
        if hasattr(field, "load_text"):
            field.load_text(text)
        else:
            field.value = text


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


async def refuse_in_every_pane(session: Session) -> None:
    """The keys of a change in every pane that writes, each refused by the disk."""
    app, pilot = session.app, session.pilot
    # Evening (1): the next step, a night log entry (its "when?" dialog stays open with the
    # message), a readiness check, the pass, undo, a step added to the routine.
    await session.refused("check the next step", "space")
    assert [step[:1] for step in steps_shown(app)] == ["✓", "▸", "·"], steps_shown(app)
    await session.refused("log lights out", "l", "enter")
    await keys(pilot, "escape")
    await session.refused("readiness: moved", "r", "m")
    await keys(pilot, "escape")
    await session.refused("use the pass", "v", "enter")
    await session.refused("undo the step", "u")
    await keys(pilot, "e", "a")
    session.fill("song")
    await session.refused("add a step to the routine", "enter")
    await keys(pilot, "escape")
    assert len(steps_shown(app)) == 3 and steps_shown(app)[0].startswith("✓"), steps_shown(app)
    # Quiet mode (2): "I said it".
    await session.refused("say it once", "2", "enter")
    # The worry box (3): write a worry (its dialog keeps the words), the one back from last
    # night's box went away, put them to bed.
    await keys(pilot, "3", "w")
    session.fill("a noise outside")
    await session.refused("write a worry", "ctrl+s")
    await keys(pilot, "escape")
    await session.refused("the worry went away", "g")
    await session.refused("put the worries to bed", "b")
    # The reward chart (4): last night's star, a reward.
    await session.refused("give last night's star", "4", "s")
    await keys(pilot, "a")
    session.fill("lucky dip")
    await keys(pilot, "enter")
    session.fill("5")
    await session.refused("add a reward", "enter")
    await keys(pilot, "escape")
    # The household (h): a grown-up added, sound on; and the next child (c) from anywhere.
    await keys(pilot, "h", "g")
    session.fill("Alex")
    await session.refused("add a grown-up", "enter")
    await keys(pilot, "escape")
    await session.refused("turn sound on", "s")
    await session.refused("switch to the next child", "c")


async def test_every_pane_says_once_that_it_could_not_save_and_nothing_on_disk_changes(data_dir: Path, disk: Disk) -> None:
    ids = household(data_dir)
    clock = ManualClock(EVENING)
    store = Store.open(data_dir, clock)
    app = make_app(store, clock)
    try:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            session = Session(app, pilot, disk)
            # Saved, and shown as saved, before the disk fills up.
            await keys(pilot, "space")
            assert steps_shown(app)[0].startswith("✓ 19:30"), steps_shown(app)
            on_disk = snapshot(data_dir)
            disk.refusing = True
            await refuse_in_every_pane(session)

            # What the app shows is what is on disk, and the disk is as it was.
            assert app.child.name == "Mia"
            assert [person.name for person in store.caregivers()] == ["Sam"]
            assert not store.sound_on()
            assert store.reward_chart(ids["mia"]).stars == ()
            assert [worry.gone for worry in store.worries_not_gone(ids["mia"])] == [None]
            assert snapshot(data_dir) == on_disk
            assert temp_files(data_dir) == []
            # The disk takes writes again: the same keys save, in the same app.
            disk.refusing = False
            await keys(pilot, "1", "space", "4", "s")
            assert len(store.reward_chart(ids["mia"]).stars) == 1
    finally:
        store.close()

    after = Store.open(data_dir, ManualClock(EVENING))
    try:
        checked = [event.value for event in after.night_events(ids["mia"], date(2026, 11, 20)) if event.kind is EventKind.STEP_DONE]
        assert checked == ["bath", "teeth"], "what was shown as saved is on disk"
        assert len(after.reward_chart(ids["mia"]).stars) == 1
        assert after.take_notices() == []
    finally:
        after.close()


async def test_a_household_that_is_read_only_from_the_start_opens_read_only_and_says_why(data_dir: Path, read_only: Disk) -> None:
    """X6: read-only, never refused outright, when there is a household to show. The parent
    is told once why nothing will be saved, every pane shows the nights, and a change says
    it was not saved, touching nothing."""
    disk = read_only
    ids = household(data_dir)
    on_disk = snapshot(data_dir)
    disk.refusing = True
    clock = ManualClock(EVENING)
    store = Store.open(data_dir, clock)
    try:
        reason = f"the data dir {data_dir} can't be written ({os.strerror(disk.error)})"
        assert store.read_only_reason == reason
        app = make_app(store, clock)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            notice = " ".join(plain(widget) for widget in app.screen.query(".notice"))
            assert f"This window is read-only: {reason}." in notice, notice
            await keys(pilot, "escape")
            assert "read-only" in plain(app.screen.query_one("#child-bar"))
            refusal = str(ReadOnlyStore(reason))
            for pane, change in (("1", "space"), ("4", "s"), ("3", "b")):
                app.clear_notifications()
                await keys(pilot, pane, change)
                assert said(app) == [refusal], (pane, change, said(app))
            assert [worry.gone for worry in store.worries_not_gone(ids["mia"])] == [None]
            assert app.is_running
    finally:
        store.close()
    disk.refusing = False
    assert snapshot(data_dir) == on_disk and temp_files(data_dir) == []


def test_a_read_only_data_dir_with_no_household_is_refused_in_one_line(data_dir: Path, read_only: Disk) -> None:
    """Nothing to show, and nothing could be set up: refused, as any data dir that can't be used."""
    data_dir.mkdir(mode=0o700)
    read_only.refusing = True
    with pytest.raises(StoreError, match="Can't use the data dir"):
        Store.open(data_dir, ManualClock(EVENING))
    assert list(data_dir.iterdir()) == []


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS], ids=["disk-full", "read-only"])
def test_a_change_of_two_files_refused_at_the_second_says_what_was_saved(data_dir: Path, monkeypatch, error: int) -> None:
    """A child's wait and pass plan, changed once tonight has begun, is written in two files: the
    settings (household.json), then tonight's phase of the plan (P5). If the disk takes the first
    and refuses the second, the parent must not be told that nothing changed: what the message
    says, what the app shows and what is on disk agree."""
    ids = household(data_dir)
    clock = ManualClock(EVENING)
    store = Store.open(data_dir, clock)
    try:
        store.add_night_event(ids["mia"], EventKind.BEDTIME_STARTED, EVENING)  # tonight has begun: its phase is kept
        tonight = date(2026, 11, 20)
        phase_before = store.night_phase(ids["mia"], tonight)
        disk = Disk(error, allow=1)
        monkeypatch.setattr(files, "os", disk)
        disk.refusing = True
        new = ChildSettings(wait_seconds=20, plan=PassPlan(passes=3, start_passes=3))
        with pytest.raises(CompanionError) as told:
            store.set_child_settings(ids["mia"], new, tonight)
        message = str(told.value)
        assert disk.refused == 1 and "\n" not in message
        shown = (store.child_settings(ids["mia"]), store.night_phase(ids["mia"], tonight))
        disk.refusing = False
    finally:
        store.close()
    after = Store.open(data_dir, clock)
    try:
        on_disk = (after.child_settings(ids["mia"]), after.night_phase(ids["mia"], tonight))
    finally:
        after.close()
    assert shown == on_disk, "the app shows what is on disk"
    settings_saved = on_disk[0] == new
    assert settings_saved != ("nothing was changed" in message), f"told {message!r} when the settings were {'' if settings_saved else 'not '}saved"
    if settings_saved:
        assert on_disk[1] == phase_before and "tonight" in message, message


# -- a real full disk, then a real read-only one ------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs of our own, where the mount is allowed (root with the right to mount);
    skipped elsewhere: the patched tests above cover the same paths everywhere."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], capture_output=True)
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill_up(disk: Path) -> Path:
    """Write a file until the disk refuses the next byte."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        block = b"\0" * 4096
        try:
            while True:
                out.write(block)
        except OSError as error:
            assert error.errno == errno.ENOSPC, error
        try:  # and the last crumbs
            while True:
                out.write(b"\0")
        except OSError:
            pass
    return filler


@needs_companion
def test_the_real_app_on_a_disk_that_really_fills_up(tiny_disk: Path) -> None:
    data = tiny_disk / "data"
    household(data)
    with launch(data) as term:
        term.wait_for("Routine")
        term.press("space")
        term.wait_for("✓")
        filler = fill_up(tiny_disk)
        on_disk = snapshot(data)

        term.press("space")  # the next step, on a full disk
        told(term, "Couldn't save (No space left on device); nothing was changed.")
        term.press("l")
        term.wait_for("Lights out: when?")
        term.press("enter")
        told(term, "Couldn't save (No space left on device); nothing was changed.", after="when?")
        term.press("escape")
        wait_until(term, lambda text: "when?" not in text and text.count("✓") == 1)  # only the step saved before
        assert snapshot(data) == on_disk and temp_files(data) == []

        filler.unlink()
        term.press("space")  # room again: the same key saves
        wait_until(term, lambda text: text.count("✓") == 2)
        term.press("ctrl+q")
        assert term.wait_exit() == 0
    store = Store.open(data, ManualClock(EVENING))
    try:
        steps = [event.value for event in store.night_events(store.children()[0].id, date(2026, 11, 20))]
        assert steps == ["bath", "teeth"]
    finally:
        store.close()


@needs_companion
def test_a_household_on_a_read_only_disk_is_shown_read_only_and_left_as_it_is(tiny_disk: Path) -> None:
    """A disk can't be made read-only under a running app here (the kernel refuses while the app
    holds app.lock open for writing): this is the disk read-only from the start. The real app
    shows the household read-only and says why; `companion recap` reads it as on any disk; the
    commands that write refuse in one line."""
    data = tiny_disk / "data"
    household(data)
    remount = subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], capture_output=True, text=True)
    assert remount.returncode == 0, remount.stderr
    on_disk = snapshot(data)
    with launch(data) as term:
        told(term, "This window is read-only")
        told(term, "can't be written (Read-only file system)")
        term.press("escape")
        wait_until(term, lambda text: "read-only" in text and "Routine" in text)
        term.press("space")
        told(term, "nothing was saved")
        term.press("ctrl+q")
        assert term.wait_exit() == 0

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [COMPANION, *command, "--data-dir", str(data)], env={**os.environ, **EVENING_ENV}, capture_output=True, text=True, timeout=30
        )

    recap = run("recap")
    assert recap.returncode == 0 and recap.stderr == "" and "Mia" in recap.stdout, recap
    export = tiny_disk.parent / "export.json"
    assert run("export", "--format", "json", "--output", str(export)).returncode == 0
    for command, outcome in ((["import", str(export), "--merge"], "Nothing was imported"), (["demo"], "The demo was not written")):
        done = run(*command)
        assert done.returncode == 1 and done.stdout == "" and done.stderr.count("\n") == 1, done
        assert done.stderr.startswith(f"companion: {outcome}: the data dir ") and "(Read-only file system)" in done.stderr, done
    assert snapshot(data) == on_disk
