"""A writer killed (SIGKILL) at any moment leaves only whole files, and loses nothing it acknowledged.

One data dir lives through all the trials, so the history, the night files and the month
folders grow as they would over many bedtimes. Each trial starts the writer (crash_writer.py) where the data on
disk ends, reads its acknowledgements for a random time (from "still starting the interpreter"
to "hundreds of writes in"), kills it, and checks the household as the next start would find it.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from companion.store.store import Store
from tests.store import crash_writer as writer
from tests.store.helpers import clock, temp_files

TRIALS = 110
WRITER = Path(writer.__file__)


@dataclass
class Acks:
    events: dict[str, tuple[int, date]] = field(default_factory=dict)  # id -> (seq, night)
    caregivers: dict[str, int] = field(default_factory=dict)  # id -> seq
    last: int = -1  # the highest acknowledged sequence number
    count: int = 0

    def add(self, other: Acks) -> None:
        self.events |= other.events
        self.caregivers |= other.caregivers
        self.last = max(self.last, other.last)
        self.count += other.count


@dataclass
class OnDisk:
    children: list[dict]
    settings: dict
    caregivers: dict[str, int]  # id -> seq
    events: dict[str, int]  # id -> seq
    numbers: list[int]  # the sequence number of every numbered write found, duplicates kept


class JsonFiles:
    """Parse every *.json file anywhere under the data dir (re-parsing only the files that changed)."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int, int], object]] = {}

    def read_all(self, data_dir: Path) -> dict[Path, object]:
        parsed = {}
        for path in sorted(data_dir.rglob("*.json")):
            info = path.stat()
            key = (info.st_ino, info.st_mtime_ns, info.st_size)
            cached = self._cache.get(path)
            if cached is None or cached[0] != key:
                raw = path.read_bytes()
                try:
                    cached = (key, json.loads(raw))
                except ValueError as error:
                    raise AssertionError(f"{path} is torn after a kill ({error}); it ends {raw[-80:]!r}") from None
                self._cache[path] = cached
            parsed[path] = cached[1]
        return parsed


def run_and_kill(data_dir: Path, first_seq: int, delay: float) -> list[str]:
    """Start the writer, read its acknowledgements for `delay` seconds, SIGKILL it, return every ack."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(first_seq)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    received = bytearray()
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + delay
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            received += chunk
    proc.send_signal(signal.SIGKILL)
    rest, errors = proc.communicate(timeout=10)
    received += rest  # printed before the kill landed, so those writes had returned too
    assert proc.returncode == -signal.SIGKILL, f"the writer stopped by itself: {errors.decode(errors='replace')}"
    text = received.decode()
    return text[: text.rfind("\n") + 1].splitlines()


def parse_acks(lines: list[str]) -> Acks:
    acks = Acks()
    for line in lines:
        word, number, kind, value, *rest = line.split()
        seq = int(number)
        assert word == "ack" and kind == writer.kind_of(seq), line
        if kind == "event":
            acks.events[value] = (seq, date.fromisoformat(rest[0]))
        elif kind == "caregiver":
            acks.caregivers[value] = seq
        elif kind == "theme":
            assert value == writer.theme_of(seq)
        acks.last = max(acks.last, seq)
        acks.count += 1
    return acks


def decode(parsed: dict[Path, object], data_dir: Path) -> OnDisk:
    household = parsed.get(data_dir / "household.json", {})
    caregivers, events, numbers = {}, {}, []
    for doc in household.get("caregivers", {}).values():
        seq = int(doc["name"].removeprefix("Carer "))
        assert doc["name"] == writer.caregiver_name(seq) and writer.kind_of(seq) == "caregiver", doc
        caregivers[doc["id"]] = seq
        numbers.append(seq)
    for path, data in parsed.items():
        if path == data_dir / "household.json":
            continue
        assert path.parent.parent == data_dir / "nights", f"{path} is not a night file"
        for doc in data.get("events", {}).values():
            seq = writer.seq_of_instant(doc["at"])
            filed_under = f"{path.parent.name}-{path.stem}"
            assert doc["night"] == filed_under, f"{doc} is filed under {filed_under}"
            events[doc["id"]] = seq
            numbers.append(seq)
    return OnDisk(
        children=list(household.get("children", {}).values()),
        settings=household.get("settings", {}).get("1", {}),
        caregivers=caregivers,
        events=events,
        numbers=numbers,
    )


def check_prefix(disk: OnDisk) -> int:
    """The numbered writes on disk run from the first without a gap, none twice; returns the last (-1: none)."""
    assert len(disk.numbers) == len(set(disk.numbers)), "a write is on disk twice"
    last = max(disk.numbers, default=-1)
    missing = sorted({seq for seq in range(last + 1) if writer.is_numbered(seq)} - set(disk.numbers))
    assert not missing, f"writes up to {last} are on disk but not {missing[:10]}: not a prefix"
    return last


def check_settings(disk: OnDisk, last: int, acks: Acks) -> None:
    """The settings writes carry no number: the prefix ends at `last`, or at the settings write just
    after it (certainly there if it was acknowledged). Theme and current child must match that end."""
    ends = {max(last, acks.last)}
    if acks.last <= last and not writer.is_numbered(last + 1):
        ends.add(last + 1)
    assert disk.settings.get("theme") in {_theme_after(end) for end in ends}, disk.settings
    assert bool(disk.settings.get("current_child")) in {_current_set_after(end) for end in ends}, disk.settings


def _theme_after(end: int) -> str | None:
    """The theme after writes 0..end: set by the last theme write (one comes every 5 writes)."""
    themes = [seq for seq in range(max(end - 9, 0), end + 1) if writer.kind_of(seq) == "theme"]
    return writer.theme_of(themes[-1]) if themes else None


def _current_set_after(end: int) -> bool:
    return any(writer.kind_of(seq) == "current" for seq in range(min(end + 1, 10)))


def test_a_writer_killed_at_any_moment_leaves_whole_files_and_every_acknowledged_write(tmp_path: Path) -> None:
    rng = random.Random(20261120)
    data_dir = tmp_path / "household"
    files = JsonFiles()
    acks = Acks()
    next_seq = 0
    stats: dict[str, int] = defaultdict(int)

    for trial in range(TRIALS):
        # From 0 s (killed while the interpreter starts, or inside Store.open) to a few hundred writes in.
        delay = rng.uniform(0.0, 0.25)
        this_trial = parse_acks(run_and_kill(data_dir, next_seq, delay))
        acks.add(this_trial)
        stats["kills before the first ack"] += this_trial.count == 0
        stats["kills that left a temp file"] += bool(temp_files(data_dir))

        # Every JSON file parses, and what is on disk is a prefix of the writer's sequence...
        disk = decode(files.read_all(data_dir), data_dir)
        last = check_prefix(disk)
        assert len(disk.children) <= 1, "the child was added twice"
        assert len(disk.children) == 1 or not (acks.count or disk.numbers), "the child was lost"

        # ...that holds every write acknowledged, in this trial or any earlier one.
        lost = sorted(seq for ident, (seq, _) in acks.events.items() if disk.events.get(ident) != seq)
        assert not lost, f"trial {trial}: acknowledged events lost: {lost[:10]}"
        lost = sorted(seq for ident, seq in acks.caregivers.items() if disk.caregivers.get(ident) != seq)
        assert not lost, f"trial {trial}: acknowledged caregivers lost: {lost[:10]}"
        check_settings(disk, last, acks)

        # The next start sets nothing aside, clears the interrupted write's temp file, and shows it all.
        store = Store.open(data_dir, clock())
        try:
            assert not store.read_only
            assert store.take_notices() == []
            assert temp_files(data_dir) == []
            assert not list(data_dir.rglob("*.corrupt-*"))
            if disk.children:
                child_id = disk.children[0]["id"]
                by_night: dict[date, set[str]] = defaultdict(set)
                for ident, (_, night) in this_trial.events.items():
                    by_night[night].add(ident)
                for night, idents in by_night.items():
                    shown = {event.id for event in store.night_events(child_id, night)}
                    assert idents <= shown, f"trial {trial}: acknowledged events of {night} are not shown"
                assert set(this_trial.caregivers) <= {person.id for person in store.caregivers()}
                assert store.theme_choice() == disk.settings.get("theme", "auto")
        finally:
            store.close()
        next_seq = last + 1

    partitions = sorted(path.relative_to(data_dir / "nights").as_posix() for path in (data_dir / "nights").glob("*/*.json"))
    months = {partition.split("/")[0] for partition in partitions}
    print(f"\n{TRIALS} kills, {acks.count} acknowledged writes, {len(partitions)} nights {partitions[0]}..{partitions[-1]}, {dict(stats)}")
    assert len(months) >= 3, "the writes should span several months (each new month makes its folder)"
    assert len(partitions) >= 30, "the writes should span many nights"
    assert stats["kills before the first ack"] >= 5, "some kills should land before the first write"
    assert acks.count >= 5 * TRIALS, "most kills should land well into the writing"
