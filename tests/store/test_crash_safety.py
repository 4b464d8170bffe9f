"""A writer killed (SIGKILL) at any moment leaves only whole files, and loses nothing it acknowledged.

One data dir lives through all the trials, so the history, and the partition files, grow as
they would over months of bedtimes. Each trial starts the writer where the data on disk ends,
lets it run for a random time (from "still starting the interpreter" to "hundreds of writes
in"), kills it, and checks the household as the next app start would find it.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
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
    current: set[str] = field(default_factory=set)  # child ids
    count: int = 0


@dataclass
class OnDisk:
    children: list[dict]
    current_child: str | None
    caregivers: dict[str, int]  # id -> seq
    events: dict[str, int]  # id -> seq
    seqs: list[int]  # every numbered write found, duplicates kept


class JsonFiles:
    """Parse every *.json file in the data dir (re-reading only those that changed)."""

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
                    raise AssertionError(f"{path.name} is torn after a kill ({error}): {raw[-120:]!r}") from None
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
    deadline = _now() + delay
    while (left := deadline - _now()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            received += chunk
    proc.send_signal(signal.SIGKILL)
    rest, errors = proc.communicate(timeout=10)
    received += rest  # acknowledged before the kill landed: those writes had returned too
    assert proc.returncode == -signal.SIGKILL, f"the writer stopped by itself: {errors.decode(errors='replace')}"
    text = received.decode()
    complete = text[: text.rfind("\n") + 1] if "\n" in text else ""
    return complete.splitlines()


def _now() -> float:
    import time

    return time.monotonic()


def record(acks: Acks, lines: list[str]) -> Acks:
    trial = Acks()
    for line in lines:
        word, seq, kind, ident, *rest = line.split()
        assert word == "ack", line
        if kind == "event":
            trial.events[ident] = (int(seq), date.fromisoformat(rest[0]))
        elif kind == "caregiver":
            trial.caregivers[ident] = int(seq)
        else:
            trial.current.add(ident)
        trial.count += 1
    acks.events.update(trial.events)
    acks.caregivers.update(trial.caregivers)
    acks.current |= trial.current
    acks.count += trial.count
    return trial


def decode(parsed: dict[Path, object], data_dir: Path) -> OnDisk:
    household = parsed.get(data_dir / "household.json", {})
    children = list(household.get("children", {}).values())
    settings = household.get("settings", {}).get("1", {})
    caregivers, events, seqs = {}, {}, []
    for doc in household.get("caregivers", {}).values():
        number = doc["name"].removeprefix("Carer ")
        assert number.isdigit() and doc["name"] == writer.caregiver_name(int(number)), doc
        caregivers[doc["id"]] = int(number)
        seqs.append(int(number))
    for path, data in parsed.items():
        if path.parent.name != "nights":
            continue
        assert path.stem == f"{date.fromisoformat(path.stem + '-01'):%Y-%m}", path.name
        for doc in data.get("events", {}).values():
            seq = writer.seq_of_instant(doc["at"])
            assert doc["night"][:7] == path.stem, f"{doc} is filed under {path.name}"
            events[doc["id"]] = seq
            seqs.append(seq)
    return OnDisk(children, settings.get("current_child"), caregivers, events, seqs)


def check_prefix(disk: OnDisk) -> int:
    """The numbered writes on disk are exactly 0..last (the current-child ones carry no number)."""
    assert len(disk.seqs) == len(set(disk.seqs)), "a write is on disk twice"
    if not disk.seqs:
        return -1
    last = max(disk.seqs)
    expected = {seq for seq in range(last + 1) if writer.kind_of(seq) != "current"}
    missing = sorted(expected - set(disk.seqs))
    assert not missing, f"writes up to {last} are on disk but not {missing[:10]}: not a prefix"
    return last


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
        this_trial = record(acks, run_and_kill(data_dir, next_seq, delay))
        stats["trials with no ack"] += this_trial.count == 0
        left_over = temp_files(data_dir)
        stats["trials that left a temp file"] += bool(left_over)

        # Every JSON file parses, and what is on disk is a prefix of the writer's sequence.
        disk = decode(files.read_all(data_dir), data_dir)
        last = check_prefix(disk)
        assert len(disk.children) <= 1, "the child was added twice"
        if acks.count:
            assert len(disk.children) == 1

        # Every write the writer acknowledged, in this trial or any earlier one, is there.
        lost = {ident: seq for ident, (seq, _) in acks.events.items() if disk.events.get(ident) != seq}
        assert not lost, f"trial {trial}: acknowledged events lost: {sorted(lost.values())[:10]}"
        lost = {ident: seq for ident, seq in acks.caregivers.items() if disk.caregivers.get(ident) != seq}
        assert not lost, f"trial {trial}: acknowledged caregivers lost: {sorted(lost.values())[:10]}"
        for child_id in acks.current:
            assert disk.current_child == child_id

        # The next start finds nothing to set aside, and clears the interrupted write's temp file.
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
                    assert idents <= shown, f"trial {trial}: the store does not show acknowledged events of {night}"
                shown = {person.id for person in store.caregivers()}
                assert set(this_trial.caregivers) <= shown
        finally:
            store.close()
        next_seq = last + 1

    partitions = sorted(path.name for path in (data_dir / "nights").glob("*.json"))
    print(f"\n{TRIALS} kills, {acks.count} acknowledged writes, partitions {partitions[0]}..{partitions[-1]}, {dict(stats)}")
    assert len(partitions) >= 3, "the writes should have spanned several months"
    assert stats["trials with no ack"] >= 5, "some kills should land before the first write"
    assert acks.count >= 20 * TRIALS // 2, "most trials should get well into writing"
