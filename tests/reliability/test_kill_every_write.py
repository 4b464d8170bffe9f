"""SIGKILL at random moments during every kind of write the app makes (issue 8, point 1).

After each kill: no file is torn (every JSON file parses, and no temp file is left for the app
to misread), every acknowledged action is there when a fresh Store reads the data, and the app
starts clean (the store opens writable with nothing to tell; now and then the real app is
started headless and its first pane must paint without a notification).

Three kinds of writer are killed:
- kill_writer.py, which makes every kind of store write the panes make, in a loop of evenings
  and mornings. Most trials aim at one kind of write: the test waits for that write to be
  announced and kills the writer a random fraction of a write later. A few start a fresh
  interpreter and kill it after a random time (while it starts, opens the store, or writes).
  One data dir lives through all of them, as a family's does.
- `companion import FILE` (the real command), killed at a random moment: afterwards the data
  dir is untouched or the import can be finished with `--merge`, giving exactly the export.
- `companion demo` (the real command), killed at a random moment: afterwards the data dir is
  untouched (the demo can be run), or whole.

The seed is printed; set RELIABILITY_SEED to replay a run.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pendulum
import pytest

from companion.clock import ManualClock
from companion.domain.errors import CompanionError
from companion.demo import DEMO_BUILDING, DEMO_FILES, DEMO_READY
from companion.export import export_text
from companion.store.store import Store
from tests.e2e.companion_cli import COMPANION, needs_companion
from tests.reliability import kill_writer as writer
from tests.store.helpers import temp_files
from tests.store.test_crash_safety import JsonFiles  # every *.json parses; changed files read again

SEED = int(os.environ.get("RELIABILITY_SEED", "20261108"))
PER_KIND = 5  # aimed kills per kind of write
COLD_TRIALS = 12  # kills of a freshly started writer, after a random time
COMMAND_TRIALS = 12  # kills of `companion import`, and as many of `companion demo`
FULL_CHECK_EVERY = 40  # trials: everything compared, every night and every gone worry too
APP_CHECK_EVERY = 45  # trials: the real app started headless on the data
WRITER = Path(writer.__file__)
TIMEOUT = 30.0
# For the report: the writes by the pane that makes them.
PANES = {
    "household": ("add_child", "update_child", "add_caregiver", "rename_caregiver", "remove_caregiver",
                  "theme", "sound", "current_child", "child_settings"),
    "evening": ("routine", *writer.SECTIONS["evening"]),
    "bedtime pass": writer.SECTIONS["pass"],
    "quiet mode": writer.SECTIONS["quiet"],
    "worry box": writer.SECTIONS["worries"],
    "reward chart": writer.SECTIONS["rewards"],
}
SECTION_OF = {kind: section for section, kinds in writer.SECTIONS.items() for kind in kinds}
KINDS = [kind for kinds in PANES.values() for kind in kinds]
MISSING = object()
NO_FLAGS = ("before the first write", "between two writes")

Key = tuple[str, ...]


# -- reading a writer's lines --------------------------------------------------------------


class Lines:
    """Whole lines from a pipe, with a deadline: a writer that hangs fails the test, never the run."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending = b""

    def next(self, timeout: float = TIMEOUT) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no line from the writer in {timeout}s")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    return None
                self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()


class WriterServer:
    """kill_writer.py --serve: one writer forked per trial (see kill_writer.serve)."""

    def __init__(self, errors: Path) -> None:
        self.errors = errors
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors.open("wb")
        )
        self.lines = Lines(self.proc.stdout.fileno())

    def run(self, data_dir: Path, first_cycle: int, sections: list[str], stop_after: Callable[[str], bool], delay: float) -> list[str]:
        """Start a writer of `sections`; once `stop_after(line)` holds, kill it `delay` seconds
        later. Every line it wrote."""
        request = {"data_dir": str(data_dir), "cycle": first_cycle, "sections": sections}
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")
        self.proc.stdin.flush()
        first = self.lines.next()
        assert first and first.startswith("pid "), f"{first!r}: {self.errors.read_text()}"
        pid = int(first.split()[1])
        lines: list[str] = []
        while True:
            line = self.lines.next()
            assert line is not None and not line.startswith("exit "), f"the writer stopped by itself: {self.errors.read_text()}"
            lines.append(line)
            if stop_after(line):
                break
        deadline = time.perf_counter() + delay  # a fraction of a write: waited out, not slept
        while time.perf_counter() < deadline:
            pass
        os.kill(pid, signal.SIGKILL)
        while not (line := self.lines.next()).startswith("exit "):  # what it wrote before the kill landed
            lines.append(line)
        assert line == f"exit {pid} -9", f"{line}: {self.errors.read_text()}"
        return lines

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def cold_run(data_dir: Path, first_cycle: int, delay: float) -> list[str]:
    """A writer in a fresh interpreter, killed after `delay` seconds, whatever it is doing."""
    proc = subprocess.Popen([sys.executable, str(WRITER), str(data_dir), str(first_cycle)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    received = bytearray()
    deadline = time.monotonic() + delay
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 1 << 16)
            if not chunk:
                break
            received += chunk
    proc.send_signal(signal.SIGKILL)
    rest, errors = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL, f"the writer stopped by itself: {errors.decode(errors='replace')}"
    text = (received + rest).decode()  # printed before the kill landed: those writes had returned
    return text[: text.rfind("\n") + 1].splitlines()


# -- what a trial's lines say --------------------------------------------------------------


@dataclass
class Trial:
    cycles: list[int] = field(default_factory=list)
    acked: list[tuple[str, dict]] = field(default_factory=list)
    begun: list[tuple[int, str, dict]] = field(default_factory=list)
    in_flight: tuple[str, dict] | None = None  # announced, never acknowledged: killed during it

    @classmethod
    def parse(cls, lines: list[str]) -> Trial:
        trial = cls()
        acked: set[int] = set()
        for line in lines:
            word, seq, kind, payload = line.split(" ", 3)
            if word == "cycle":
                trial.cycles.append(int(kind))
            elif word == "begin":
                trial.begun.append((int(seq), kind, json.loads(payload)))
            elif word == "ack":
                assert trial.begun and trial.begun[-1][0] == int(seq), f"an ack for a write never begun: {line}"
                trial.acked.append((kind, json.loads(payload)))
                acked.add(int(seq))
            else:
                raise AssertionError(f"not a writer's line: {line!r}")
        open_writes = [(kind, payload) for seq, kind, payload in trial.begun if seq not in acked]
        assert len(open_writes) <= 1, open_writes
        trial.in_flight = open_writes[0] if open_writes else None
        return trial

    @property
    def killed_during(self) -> str:
        if self.in_flight is not None:
            return self.in_flight[0]
        return NO_FLAGS[bool(self.begun)]

    def kinds(self) -> set[str]:
        return {kind for _, kind, _ in self.begun}


# -- the household as acknowledged, and as a fresh Store reads it ---------------------------


def key_of(listed: list) -> Key:
    return tuple(listed)


class Model:
    """What the writers acknowledged: every key's value as the app showed it."""

    def __init__(self) -> None:
        self.state: dict[Key, Any] = {}

    def apply(self, payload: dict) -> None:
        for key, value in payload["set"]:
            self.state[key_of(key)] = value
        for key in payload["removed"]:
            self.state.pop(key_of(key), None)

    def nights(self) -> set[date]:
        return {date.fromisoformat(value[0]) for key, value in self.state.items() if key[0] == "event"}

    def gone_worries(self) -> int:
        return sum(1 for key, value in self.state.items() if key[0] == "worry" and value[4])


HOUSEHOLD_FAMILIES = {"child", "child_settings", "routine", "caregiver", "setting"}


def observe(store: Store, model: Model, trial: Trial | None, nights: set[date]) -> tuple[dict[Key, Any], set[Key]]:
    """What a fresh store shows, and the keys it was asked about. With `trial`, only what that
    trial's writes could have changed (other files were not written); without, everything."""
    everything = trial is None
    kinds = set() if everything else trial.kinds()
    mia = next((child.id for child in store.children() if child.name == writer.CHILD), None)
    seen = writer.household_view(store)
    families = set(HOUSEHOLD_FAMILIES)
    if mia is not None:
        for night in nights:
            seen |= writer.night_view(store, mia, night)
        if everything or kinds & set(PANES["reward chart"]):
            seen |= writer.rewards_view(store, mia)
            families.add("reward")
        if everything:
            seen |= writer.all_worries_view(store, mia)
            families.add("worry")
        elif any(kind.startswith("worr") for kind in kinds):
            seen |= writer.live_worries_view(store, mia)
            touched = {key_of(key) for key in trial.in_flight[1]["touch"]} if trial.in_flight else set()
            if any(key[0] == "worry" and key not in seen for key in touched):  # it went away: read it from its own file
                seen |= {key: value for key, value in writer.all_worries_view(store, mia).items() if key in touched}
    asked = {key for key in model.state if key[0] in families}
    asked |= {key for key, value in model.state.items() if key[0] == "event" and date.fromisoformat(value[0]) in nights}
    if not everything and any(kind.startswith("worr") for kind in kinds):
        asked |= {key for key, value in model.state.items() if key[0] == "worry" and not value[4]}
    asked |= seen.keys()
    return seen, asked


def settle(model: Model, seen: dict[Key, Any], asked: set[Key], in_flight: tuple[str, dict] | None) -> int:
    """Every key as acknowledged, except what the write in flight may have changed (it may or
    may not have reached the disk): that is taken as found. Returns how many keys it changed."""
    touch = {key_of(key) for key in in_flight[1]["touch"]} if in_flight else set()
    may_add = in_flight[1]["new"] if in_flight else {}
    added: Counter[str] = Counter()
    problems, landed = [], 0
    for key in sorted(asked):
        want, got = model.state.get(key, MISSING), seen.get(key, MISSING)
        if want == got:
            continue
        if key in touch or want is MISSING:
            added[key[0]] += want is MISSING and key not in touch
            landed += 1
            if got is MISSING:
                model.state.pop(key, None)
            else:
                model.state[key] = got
            continue
        problems.append(f"{key}: acknowledged {want!r}, found {'nothing' if got is MISSING else repr(got)}")
    for family, count in added.items():
        if count > may_add.get(family, 0):
            problems.append(f"{count} new {family} record(s) that no acknowledged or interrupted write made")
    assert not problems, "after a kill in {}: {}".format(in_flight[0] if in_flight else "no write", "; ".join(problems[:8]))
    return landed


def opens_clean(data_dir: Path, staging: tuple[str, ...] = ()) -> Store:
    """The next start: writable, nothing set aside or to tell, the interrupted write's temp file
    gone (from anywhere but the demo's own `staging` folders, which the app never reads)."""
    store = Store.open(data_dir, ManualClock(writer.local(writer.BASE_NIGHT, 12, 0)))
    try:
        assert not store.read_only, "the killed writer's lock was not released"
        assert store.take_notices() == []
        left = [path for path in temp_files(data_dir) if path.relative_to(data_dir).parts[0] not in staging]
        assert left == [], "a temp file outlived the next start"
        assert not list(data_dir.rglob("*.corrupt-*")), "a file was set aside"
    except BaseException:
        store.close()
        raise
    return store


async def first_pane_paints(data_dir: Path, at: datetime) -> str:
    """The real app, headless, on this data: its first pane paints, nothing to tell, not read-only."""
    from companion.ui.app import make_app
    from companion.ui.screen import PaneScreen

    clock = ManualClock(at)
    store = Store.open(data_dir, clock)
    try:
        app = make_app(store, clock)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PaneScreen), f"{type(app.screen).__name__} is in front of the first pane"
            bar = str(app.screen.query_one("#child-bar").render())
            assert app.child is not None and app.child.name in bar and "read-only" not in bar, bar
            assert len(app._notifications) == 0, [note.message for note in app._notifications]
            return type(app.screen).__name__
    finally:
        store.close()


# -- the writers' trials --------------------------------------------------------------------


def aimed_at(kind: str, occurrence: int) -> Callable[[str], bool]:
    """Stop once the `occurrence`-th write of `kind` in a cycle has begun (setup's don't count)."""
    count = {"n": -1, "cycling": False}

    def stop(line: str) -> bool:
        word, _, name, _ = line.split(" ", 3)
        if word == "cycle":
            count["cycling"] = True
        elif word == "begin" and name == kind and count["cycling"]:
            count["n"] += 1
            return count["n"] == occurrence
        return False

    return stop


def trials(rng: random.Random, killed_during: Counter[str]) -> Iterator[tuple[str, str]]:
    """Aim at each kind of write (in a random order) until PER_KIND kills have landed during
    it (an aimed kill may land in the next write, which then counts for that one); a cold
    start now and then. `killed_during` is kept up to date by the caller."""
    kinds = list(KINDS)
    rng.shuffle(kinds)
    cold_chance = COLD_TRIALS / (len(KINDS) * PER_KIND)
    for kind in kinds:
        for _ in range(PER_KIND * 4):
            if killed_during[kind] >= PER_KIND:
                break
            yield "aimed", kind
            if rng.random() < cold_chance:
                yield "cold", ""


def test_every_kind_of_write_killed_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    print(f"\nseed {SEED} (RELIABILITY_SEED={SEED} replays it)")
    data_dir = tmp_path / "household"
    killed_during: Counter[str] = Counter()
    plan = trials(rng, killed_during)
    model, files = Model(), JsonFiles()
    number = 0
    store = Store.open(data_dir, ManualClock(writer.local(writer.BASE_NIGHT, 12, 0)))
    model.state = writer.household_view(store)  # a first run's: the theme, sound and current child unset
    store.close()
    aimed: Counter[str] = Counter()
    stats: Counter[str] = Counter()
    every_kind: set[str] = set()
    next_cycle = 0
    server = WriterServer(tmp_path / "writer-errors.txt")
    try:
        for how, kind in plan:
            number += 1
            if how == "aimed":
                occurrence = rng.randrange(writer.PER_CYCLE.get(kind, 1))
                lines = server.run(data_dir, next_cycle, [SECTION_OF[kind]], aimed_at(kind, occurrence), rng.uniform(0.0, 0.0015))
                aimed[kind] += 1
            else:
                lines = cold_run(data_dir, next_cycle, rng.uniform(0.0, 0.3))
            trial = Trial.parse(lines)
            for acked_kind, payload in trial.acked:
                model.apply(payload)
                every_kind.add(acked_kind)
            killed_during[trial.killed_during] += 1
            stats["acknowledged writes"] += len(trial.acked)
            stats["kills that left a temp file"] += bool(temp_files(data_dir))
            stats["JSON files at the end"] = len(files.read_all(data_dir))  # none torn

            store = opens_clean(data_dir)
            try:
                full = number % FULL_CHECK_EVERY == 0
                nights = model.nights() if full else {writer.night_of_cycle(cycle) for cycle in trial.cycles}
                seen, asked = observe(store, model, None if full else trial, nights)
                landed = settle(model, seen, asked, trial.in_flight)
                stats["kills whose interrupted write had reached the disk"] += bool(landed)
                if model.state:
                    mia = store.find_child(writer.CHILD).id
                    assert store.gone_count(mia) == model.gone_worries(), "a worry that went away was lost, or came back"
            finally:
                store.close()
            if number % APP_CHECK_EVERY == 0 and trial.cycles:
                night = writer.night_of_cycle(trial.cycles[-1] + 1)
                at = writer.local(night, 16, 30) if number % 2 else writer.local(night, 7, 45)  # evening, or the recap
                stats[f"app started: {asyncio.run(first_pane_paints(data_dir, at))}"] += 1
            next_cycle = (trial.cycles[-1] + 1) if trial.cycles else next_cycle
    finally:
        server.close()

    store = opens_clean(data_dir)  # and at the end, everything as acknowledged
    try:
        settle(model, *observe(store, model, None, model.nights()), None)
    finally:
        store.close()
    by_pane = {pane: {kind: killed_during[kind] for kind in kinds} for pane, kinds in PANES.items()}
    print(f"{number} writer kills over {next_cycle} evenings: {stats['acknowledged writes']} acknowledged writes")
    for pane, counts in by_pane.items():
        print(f"  {pane} writes: {sum(counts.values())} kills  {counts}")
    print(f"  killed {', '.join(f'{flag}: {killed_during[flag]}' for flag in NO_FLAGS)}")
    print(f"  aimed kills per kind: {dict(aimed)}")
    print(f"  {dict(stats)}")
    assert every_kind == set(KINDS) | {"add_child", "add_caregiver", "target_add"}, every_kind ^ set(KINDS)
    assert all(killed_during[kind] >= PER_KIND for kind in KINDS), "each kind of write was aimed at until killed during it"
    assert stats["kills whose interrupted write had reached the disk"] >= 10, "some kills should land after the rename"
    assert stats["kills that left a temp file"] >= 10, "some kills should land before the rename"


# -- the real commands ------------------------------------------------------------------------

COMMAND_ENV = {**os.environ, "COMPANION_NOW": "2026-11-20T13:00:00+00:00", "TZ": "UTC"}  # after lunch: no demo event due now
DEMO = ["demo", "--nights", "20", "--children", "2", "--seed", "5"]
STAGING = (DEMO_BUILDING, DEMO_READY)  # where `companion demo` writes before moving the household in


def companion(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMPANION, *map(str, args)], env=COMMAND_ENV, capture_output=True, text=True, timeout=60)


def data_files(data_dir: Path, staging: tuple[str, ...] = ()) -> list[Path]:
    """The data files, but for those in the demo's `staging` folders."""
    found = data_dir.rglob("*.json") if data_dir.exists() else ()
    return sorted(path for path in found if path.relative_to(data_dir).parts[0] not in staging)


@dataclass
class Timing:
    """When a complete run of a command writes its first data file, and when it is done."""

    first_file: float
    done: float

    @classmethod
    def of(cls, argv: list[str], data_dir: Path) -> Timing:
        started = time.perf_counter()
        proc = subprocess.Popen([COMPANION, *argv], env=COMMAND_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        first = None
        while proc.poll() is None:
            if first is None and data_files(data_dir):
                first = time.perf_counter() - started
            time.sleep(0.0005)
        assert proc.returncode == 0, proc.stderr.read()
        done = time.perf_counter() - started
        return cls(first_file=first or done, done=done)


def kill_at_random(argv: list[str], data_dir: Path, rng: random.Random, timing: Timing) -> str:
    """Run the command and SIGKILL it: at any moment of a run, or (every other time) once it has
    begun writing the data dir, a random part of its writing later. Returns when it was killed."""
    started = time.perf_counter()
    proc = subprocess.Popen([COMPANION, *argv], env=COMMAND_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if rng.random() < 0.5:
        when = "killed at any moment"
        deadline = started + rng.uniform(0.0, timing.done)
    else:
        when = "killed while writing"
        while proc.poll() is None and not data_files(data_dir):
            time.sleep(0.0005)
        deadline = time.perf_counter() + rng.uniform(0.0, timing.done - timing.first_file)
    try:
        proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.returncode == 0:
        return "finished before the kill"
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    return when


def kills(outcomes: Counter[str]) -> int:
    return sum(count for outcome, count in outcomes.items() if outcome.startswith("killed"))


def command_trials(outcomes: Counter[str]) -> Iterator[int]:
    """Runs until COMMAND_TRIALS of them were killed (a run may finish before its kill)."""
    for trial in range(3 * COMMAND_TRIALS):
        if kills(outcomes) >= COMMAND_TRIALS:
            return
        yield trial


def after_a_kill(data_dir: Path, files: JsonFiles, staging: tuple[str, ...] = ()) -> Store:
    data_dir.mkdir(exist_ok=True)  # killed before it made the folder: the next start would
    files.read_all(data_dir)  # no torn file, the demo's own folders too
    return opens_clean(data_dir, staging)


def state_of(store: Store, whole: Callable[[Store], bool], staging: tuple[str, ...] = ()) -> str:
    if not data_files(store.data_dir, staging):
        return "untouched"
    return "whole" if whole(store) else "partial"


def export_json(store: Store) -> str:
    return export_text(store, pendulum.now(), "json", first=None, last=None, include_worries=True)


@needs_companion
def test_an_import_killed_at_random_moments_is_untouched_or_finished_with_merge(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    print(f"\nseed {SEED}")
    source = tmp_path / "source"
    assert companion(*DEMO, "--data-dir", source).returncode == 0
    export = tmp_path / "household.json"
    assert companion("export", "--format", "json", "--include-worries", "--output", export, "--data-dir", source).returncode == 0
    want = export.read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    timing = Timing.of(["import", str(export), "--data-dir", str(clean)], clean)
    store = Store.open(clean, ManualClock(pendulum.now()))
    try:
        assert export_json(store) == want, "export -> import -> export must give the same file"
    finally:
        store.close()

    outcomes: Counter[str] = Counter()
    files = JsonFiles()
    for trial in command_trials(outcomes):
        data_dir = tmp_path / f"import-{trial}"
        when = kill_at_random(["import", str(export), "--data-dir", str(data_dir)], data_dir, rng, timing)
        store = after_a_kill(data_dir, files)
        try:
            state = state_of(store, lambda store: export_json(store) == want)
        finally:
            store.close()
        outcomes[f"{when}: {state}"] += 1
        if state == "untouched":
            again = companion("import", export, "--data-dir", data_dir)
        else:  # refused as it is, and changing nothing; finished with --merge
            before = {path: path.read_bytes() for path in data_files(data_dir)}
            refused = companion("import", export, "--data-dir", data_dir)
            assert refused.returncode == 1 and "--merge" in refused.stderr, refused
            assert {path: path.read_bytes() for path in data_files(data_dir)} == before
            again = companion("import", export, "--merge", "--data-dir", data_dir)
        assert again.returncode == 0, again.stderr
        store = opens_clean(data_dir)
        try:
            assert export_json(store) == want, f"trial {trial}: the import, run again, did not give the exported household"
        finally:
            store.close()
    print(f"companion import, {kills(outcomes)} kills: {dict(outcomes)}")
    assert kills(outcomes) == COMMAND_TRIALS


def demo_summary(store: Store) -> list[str]:
    """The demo household without its random ids: what a second run with the same seed repeats."""
    document = store.export_documents(include_worries=True)
    names = {child["id"]: child["name"] for child in document["household"]["children"]}

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: names.get(item, item) if key == "child_id" else plain(item)
                for key, item in value.items()
                if key not in ("id", "ref", "worry_id", "current_child", "from", "to")
            }
        if isinstance(value, list):
            return sorted((plain(item) for item in value), key=json.dumps)
        return value

    return sorted(json.dumps(plain({key: value}), sort_keys=True) for key, value in document.items())


@needs_companion
def test_a_demo_killed_at_random_moments_leaves_an_empty_or_whole_data_dir(tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    print(f"\nseed {SEED}")
    clean = tmp_path / "clean"
    timing = Timing.of([*DEMO, "--data-dir", str(clean)], clean)
    store = Store.open(clean, ManualClock(pendulum.now()))
    try:
        want = demo_summary(store)
    finally:
        store.close()

    outcomes: Counter[str] = Counter()
    files = JsonFiles()
    for trial in command_trials(outcomes):
        data_dir = tmp_path / f"demo-{trial}"
        when = kill_at_random([*DEMO, "--data-dir", str(data_dir)], data_dir, rng, timing)
        store = after_a_kill(data_dir, files, STAGING)
        try:
            state = state_of(store, lambda store: demo_summary(store) == want, STAGING)
        finally:
            store.close()
        outcomes[f"{when}: {state}"] += 1
        again = companion(*DEMO, "--data-dir", data_dir)
        if state == "whole":  # a second demo is refused, and changes nothing
            assert again.returncode == 1 and "already has a household" in again.stderr, again
        else:
            assert again.returncode == 0, f"trial {trial}: after a kill {when} the data dir was {state}: {again.stderr}"
        store = opens_clean(data_dir)
        try:
            assert demo_summary(store) == want, f"trial {trial}: not the demo household"
            assert not any((data_dir / name).exists() for name in STAGING), "the demo's own folders were left"
        finally:
            store.close()
    print(f"companion demo, {kills(outcomes)} kills: {dict(outcomes)}")
    assert kills(outcomes) == COMMAND_TRIALS


@pytest.mark.parametrize("stopped_after", range(len(DEMO_FILES)))
def test_a_demo_stopped_between_two_renames_is_finished_by_the_next_run(tmp_path: Path, monkeypatch, stopped_after: int) -> None:
    """The moving in is a handful of renames, too quick for a random kill to land between two:
    here the process is interrupted (as by ctrl+c) after each rename in turn."""
    from companion import demo

    clock = ManualClock(pendulum.datetime(2026, 11, 20, 13, 0, tz="UTC"))
    reference = Store.open(tmp_path / "whole", clock)
    try:
        demo.fill_data_dir(reference, clock, nights=40, children=2, seed=5)
    finally:
        reference.close()
    reference = Store.open(tmp_path / "whole", clock)
    want = demo_summary(reference)
    reference.close()

    data_dir = tmp_path / "data"
    renames: list[Path] = []
    stop = [stopped_after]
    real_replace = os.replace

    def replace(source: Path, target: Path) -> None:
        if Path(source).parent.name == DEMO_READY:  # moving in (the store's own renames pass)
            if len(renames) == stop[0]:
                stop[0] = -1
                raise KeyboardInterrupt
            renames.append(Path(target))
        real_replace(source, target)

    monkeypatch.setattr(demo.os, "replace", replace)
    store = Store.open(data_dir, clock)
    try:
        with pytest.raises(KeyboardInterrupt):
            demo.fill_data_dir(store, clock, nights=40, children=2, seed=5)
    finally:
        store.close()
    store = opens_clean(data_dir, STAGING)
    try:
        assert store.children() == [], "the household shows only once it is all there"
        said = demo.fill_data_dir(store, clock, nights=40, children=2, seed=5)
        assert said.startswith("Finished moving in")
    finally:
        store.close()
    store = opens_clean(data_dir)
    try:
        assert demo_summary(store) == want
        assert not any((data_dir / name).exists() for name in STAGING)
    finally:
        store.close()
    assert [path.name for path in renames] == list(DEMO_FILES), "every part of the demo was moved in, household.json last"


def test_a_demo_stopped_after_its_last_rename_is_whole_and_a_second_refused(tmp_path: Path) -> None:
    """Killed after household.json came in, before the empty staging folder went: the household
    is whole, so the next demo is refused as for any household, and the folder is tidied."""
    from companion import demo

    clock = ManualClock(pendulum.datetime(2026, 11, 20, 13, 0, tz="UTC"))
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, clock)
    try:
        demo.fill_data_dir(store, clock, nights=40, children=2, seed=5)
    finally:
        store.close()
    (data_dir / DEMO_READY).mkdir(mode=0o700)  # as the kill left it: every file moved out
    store = opens_clean(data_dir, STAGING)
    try:
        with pytest.raises(CompanionError, match="already has a household"):
            demo.fill_data_dir(store, clock, nights=40, children=2, seed=5)
        assert len(store.children()) == 2
    finally:
        store.close()
    assert not any((data_dir / name).exists() for name in STAGING)
