"""Measure companion against the performance budget in ARCHITECTURE.md.

Run from the repo root: `.venv/bin/python benchmarks/run.py [--quick]`. Prints a markdown
table with medians, ratios and PASS/FAIL per budget line, and writes it to
benchmarks/RESULTS.md. Always exits 0 when the measurement itself worked.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pendulum  # noqa: E402

from companion.clock import ManualClock  # noqa: E402
from companion.domain.night_log import EventKind  # noqa: E402
from companion.domain.worry import WorryContent, WorryKind  # noqa: E402
from companion.store import Store  # noqa: E402
from tests.support.terminal import KEYS, Terminal  # noqa: E402

NOW = "2026-11-20T19:30:00+00:00"
ENV = {"COMPANION_NOW": NOW, "TZ": "UTC"}
COMPANION = str(Path(sys.executable).with_name("companion"))
HISTORIES = {"one night": 1, "one year": 365, "ten years": 3650}
TEN_YEARS = "ten years"
FRESH = "one night"
PRESSES = 6  # even, so each run leaves the data dir's current child as it found it
ROUND_MINUTES = 3  # each pty round starts the clock this much later (9 rounds: 19:30 to 19:54)
QUIET_IDLE = "Say it once, out loud"  # quiet mode (key 2) ready for an instruction
REMINDER = "You said it once"  # ... and after enter: the instruction said, the silent wait runs
PASS_DIALOG = "Use the pass for"  # the reason dialog that `v` opens on the evening pane
PASS_USED = "for a hug"  # the pane after enter on the first quick reason
PASS_LEFT = "left tonight · v to use one"  # ... and after `u` took the pass back
MORNING = "2026-11-21T07:30:00+00:00"  # breakfast after the demo's last evening: its star not given
RECAP = "The night of"  # the recap pane, where the app opens in the morning (M1)
RECAP_STAR = ("give it now: I like", "given: I like")  # the recap's Star row, before and after `s`
NIGHT_BEFORE = "The night of Thursday 19 November"  # the recap after `[`
FORTNIGHT = "The last 14 nights"  # the recap's trends after `w`
HOUSEHOLD = "Grown-ups who do bedtime"  # the household pane (key h)
SOUND = ("sound off (s)", "sound on: quiet mode")  # its sound line, before and after `s`
CHART = "Target:"  # the reward chart with a target
PRAISE = "Here is a star for your chart"  # the praise, once `s` gave the star
TAKEN_BACK = "Taken back"  # ... and after `x` took it back within its ten minutes
ASK_FOR_STAR = "earn last night's star?"  # ... where the praise's box then asks for the star again
WORRY_PANE = ("Open worries", "in the worry box")  # the worry pane (key 3), open or closed box
WORRY_DIALOG = "A worry for"  # the dialog that `w` opens
WORRY_WORDS = "The thunder"  # typed one key at a time (not timed)
WORRY_WRITTEN = "Written down."  # the pane after ctrl+s: the worry saved
WORRY_GONE = "went away"  # ... and after `g` on it: moved to the history, saved
WRITES = 60
COMMAND_RUNS_PER_RUN = 3
EXTRA_STARTS_PER_RUN = 2  # starts of each subject a round that time the first paint alone
BREAKFAST = "breakfast"  # companion at ten years started in the morning: the first paints' key
WORRY_WRITES = ("worry written", "worries to bed", "worry gone")
WRITE_KINDS = ("night event", "current child", *WORRY_WRITES)
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


@dataclass(frozen=True)
class Subject:
    """A TUI to drive: what it shows when ready, and the row where `c` swaps two names."""

    argv: list[str]
    ready: str
    names: tuple[str, str]
    row: int


@dataclass(frozen=True)
class TuiRun:
    first_paint: float
    key_to_paint: float
    peak_kib: int
    step_to_paint: float | None = None  # companion only: enter on a step (check / take back)
    quiet_to_paint: float | None = None  # companion at ten years: enter in quiet mode (wait starts)
    pass_to_paint: float | None = None  # companion at ten years: `v`, the pass's reason dialog
    reason_to_paint: float | None = None  # ... then enter on a reason: the pass used, saved
    pane_to_paint: float | None = None  # companion at ten years: `3`, the worry pane's first paint
    worry_to_paint: float | None = None  # ... ctrl+s in the worry dialog, saved
    gone_to_paint: float | None = None  # ... then `g` on that worry: gone, saved (two files)
    dialog_to_paint: float | None = None  # the bare app: enter closes a dialog, the answer shown
    sound_to_paint: float | None = None  # ... `h`, then `s` on the household: sound on, saved
    recap_first_paint: float | None = None  # companion at ten years, at breakfast: opens on the recap
    recap_star_to_paint: float | None = None  # ... `s` on the recap: last night's star given, saved
    night_before_to_paint: float | None = None  # ... `[`: the recap of the night before
    fortnight_to_paint: float | None = None  # ... `w`: the trends over 14 nights
    star_to_paint: float | None = None  # ... then `4`, `s`: last night's star given, saved


def companion_subject(data_dir: Path) -> Subject:
    return Subject([COMPANION, "--data-dir", str(data_dir)], "night of", ("Mia", "Leo"), row=0)


BARE = Subject([sys.executable, str(ROOT / "benchmarks" / "bare_app.py")], "ready", ("child: Ada", "child: Bo"), row=1)


def prepare(scratch: Path) -> dict[str, Path]:
    """One demo household per history, written by the real CLI."""
    dirs = {}
    for label, nights in HISTORIES.items():
        dirs[label] = scratch / label.replace(" ", "-")
        argv = [COMPANION, "demo", "--nights", str(nights), "--children", "2", "--data-dir", str(dirs[label])]
        subprocess.run(argv, env={**os.environ, **ENV}, check=True, stdout=subprocess.DEVNULL)
    return dirs


def drive(subject: Subject, *, now: str = NOW, quiet_and_pass: bool = False) -> TuiRun:
    """Start the program in a 100x30 pty, its clock starting at `now`; time first paint, then
    `c` presses; read VmHWM; then, if asked, time the pass key, quiet mode's enter and the
    worry box's keys."""
    with started(subject.argv, now) as term:
        term.wait_for(subject.ready)
        first_paint = term.arrived - term.started
        term.settle()

        def row() -> str:
            return term.screen.display[subject.row]

        shown = next(name for name in subject.names if name in row())
        presses = []
        for _ in range(PRESSES):
            wanted = subject.names[1 - subject.names.index(shown)]
            presses.append(key_to_paint(term, "c", lambda: wanted in row(), f"{wanted!r} on row {subject.row}"))
            shown = wanted
            term.settle(0.15)
        steps = toggle_steps(term) if subject is not BARE else []
        dialogs = bare_dialogs(term) if subject is BARE else []
        peak = term.peak_memory_kib()  # before the extra keys: the same presses at every history
        passes, reasons = pass_keys(term) if quiet_and_pass else ([], [])
        waits = quiet_waits(term) if quiet_and_pass else []
        pane, worries, gones = worry_keys(term) if quiet_and_pass else (None, [], [])
        sounds = sound_keys(term) if quiet_and_pass else []
        quit_cleanly(term, subject.argv)
    return TuiRun(
        first_paint,
        statistics.median(presses),
        peak,
        step_to_paint=median_or_none(steps),
        dialog_to_paint=median_or_none(dialogs),
        quiet_to_paint=median_or_none(waits),
        pass_to_paint=median_or_none(passes),
        reason_to_paint=median_or_none(reasons),
        pane_to_paint=pane,
        worry_to_paint=median_or_none(worries),
        gone_to_paint=median_or_none(gones),
        sound_to_paint=median_or_none(sounds),
    )


def started(argv: list[str], now: str) -> Terminal:
    """The program in a 100x30 pty, its clock starting at `now`."""
    return Terminal(argv, env={**ENV, "COMPANION_NOW": now}, cols=100, rows=30)


def quit_cleanly(term: Terminal, argv: list[str]) -> None:
    """ctrl+q, and the program must exit with 0 (a traceback would make every figure moot)."""
    term.press("ctrl+q")
    if term.wait_exit() != 0:
        raise RuntimeError(f"{argv[0]} exited with {term.exit_code}:\n{term.text()}")


def key_to_paint(term: Terminal, key: str, painted: Callable[[], bool], what: str) -> float:
    """Send one key; the seconds until the output that shows `painted()` arrived (not until
    the emulator here had parsed it: that is this reader's time, and grows with the size of
    the repaint, a millisecond a kilobyte, where a real terminal takes a fraction of that)."""
    start = time.perf_counter()
    term.send(key)
    while not painted():
        if time.perf_counter() - start > 10:
            raise TimeoutError(f"{what} not on screen after {key!r}:\n{term.text()}")
        term.read()
    return max(term.arrived - start, 0.0)


def toggle_steps(term: Terminal) -> list[float]:
    """Enter on the evening pane's first step checks it or takes the check back (each a
    durable write); time until the number of ✓ on screen changes."""
    times = []
    for _ in range(PRESSES):
        before = term.text().count("✓")
        times.append(key_to_paint(term, "\r", lambda: term.text().count("✓") != before, "a step change"))
        term.settle(0.15)
    return times


def pass_keys(term: Terminal) -> tuple[list[float], list[float]]:
    """`v` on the evening pane opens the reason dialog (timed for reference: nothing is
    written yet); enter on the first quick reason uses the pass, a durable write, timed until
    the pane shows it. `u` then takes it back, so each round finds tonight's pass unused."""
    opens, uses = [], []
    for _ in range(PRESSES):
        opens.append(key_to_paint(term, "v", lambda: PASS_DIALOG in term.text(), "the pass dialog"))
        term.settle(0.15)
        uses.append(key_then_back(term, "\r", lambda: PASS_USED in term.text(), "the pass used", "u", lambda: PASS_LEFT in term.text()))
    return opens, uses


def key_then_back(
    term: Terminal, key: str, painted: Callable[[], bool], what: str, back: str, undone: Callable[[], bool]
) -> float:
    """One timed key, then the key that takes its change back (not timed), so that every
    round starts from the same state."""
    took = key_to_paint(term, key, painted, what)
    term.settle(0.15)
    key_to_paint(term, back, undone, f"{what}, taken back")
    term.settle(0.15)
    return took


def quiet_waits(term: Terminal) -> list[float]:
    """Quiet mode (key 2): enter records the instruction said once (a durable write) and
    starts the silent wait; time until the reminder is painted. `m` (moved on) then closes
    the wait, so the data dir is left with no wait running."""
    term.send("2")
    term.wait_for(QUIET_IDLE)
    term.settle(0.15)
    return [
        key_then_back(term, "\r", lambda: REMINDER in term.text(), "the quiet-mode reminder", "m", lambda: REMINDER not in term.text())
        for _ in range(PRESSES)
    ]


def worry_keys(term: Terminal) -> tuple[float, list[float], list[float]]:
    """`3` for the worry pane, timed until it is painted (for reference: nothing is written;
    it reads the worries not gone, not the history). Then each round:
    `w` opens the dialog and a short worry is typed one key at a time (not timed); ctrl+s
    saves it (a durable write), timed until the pane says it was written down; then `g` on it,
    the worry highlighted, moves it to the history (its own file, then worries.json), timed
    until the pane says it went away. Each round leaves the open worries as it found them."""
    pane = key_to_paint(term, "3", lambda: any(needle in term.text() for needle in WORRY_PANE), "the worry pane")
    term.settle(0.15)
    writes, gones = [], []
    for _ in range(PRESSES):
        term.send("w")
        term.wait_for(WORRY_DIALOG)
        term.settle(0.15)
        term.press(*WORRY_WORDS, pause=0.03)
        term.settle(0.15)
        writes.append(key_to_paint(term, KEYS["ctrl+s"], lambda: WORRY_WRITTEN in term.text(), "the worry written down"))
        term.settle(0.15)
        if WORRY_WORDS not in term.text():
            raise RuntimeError(f"the new worry is not listed:\n{term.text()}")
        gones.append(key_to_paint(term, "g", lambda: WORRY_GONE in term.text(), "the worry gone"))
        term.settle(0.15)
    return pane, writes, gones


def walk(term: Terminal, *steps: tuple[str, str]) -> None:
    """Keys that set up the next timed one (not timed): each waits for its words on screen."""
    for key, shown in steps:
        key_to_paint(term, key, lambda shown=shown: shown in term.text(), f"{shown!r} after {key!r}")
        term.settle(0.15)


def sound_keys(term: Terminal) -> list[float]:
    """The household pane (`h`): `s` turns the sound on (a durable write), timed until the
    pane says so; `s` again turns it off, so every round finds it off."""
    term.send("h")
    term.wait_for(HOUSEHOLD)
    term.settle(0.15)
    return [
        key_then_back(term, "s", lambda: SOUND[1] in term.text(), "the sound on", "s", lambda: SOUND[0] in term.text())
        for _ in range(PRESSES)
    ]


def median_or_none(times: list[float]) -> float | None:
    return statistics.median(times) if times else None


def measure_tuis(dirs: dict[str, Path], runs: int) -> tuple[dict[str, list[TuiRun]], dict[str, list[float]]]:
    """Companion at each history, each run followed by a bare-app run (interleaved); and the
    first paints of those runs with those of the starts that time nothing else."""
    results: dict[str, list[TuiRun]] = {label: [] for label in [*dirs, "bare"]}
    paints: dict[str, list[float]] = {label: [] for label in [*dirs, "bare", BREAKFAST]}
    for round_ in range(runs):
        log(f"pty round {round_ + 1}/{runs}")
        # Each round's clock starts after the last one's: what a round enters is then the
        # latest entered, so `u` takes back this round's pass, not an earlier round's record.
        now = pendulum.parse(NOW).add(minutes=ROUND_MINUTES * round_).isoformat()
        for label in (TEN_YEARS, "one year", FRESH):
            results[label].append(drive(companion_subject(dirs[label]), now=now, quiet_and_pass=label == TEN_YEARS))
            results["bare"].append(drive(BARE))
        morning = pendulum.parse(MORNING).add(minutes=ROUND_MINUTES * round_).isoformat()
        results[TEN_YEARS][-1] = replace(results[TEN_YEARS][-1], **drive_morning(companion_subject(dirs[TEN_YEARS]), morning))
        starts = [(label, companion_subject(dirs[label]).argv, "night of", now) for label in dirs]
        starts.append((BREAKFAST, companion_subject(dirs[TEN_YEARS]).argv, RECAP, morning))
        for _ in range(EXTRA_STARTS_PER_RUN):
            for label, argv, ready, at in starts:
                paints[label].append(first_paint_only(argv, ready, at))
                paints["bare"].append(first_paint_only(BARE.argv, BARE.ready, NOW))
    for label, runs_ in results.items():
        paints[label] += [run.first_paint for run in runs_]
    paints[BREAKFAST] += [run.recap_first_paint for run in results[TEN_YEARS] if run.recap_first_paint is not None]
    return results, paints


def first_paint_only(argv: list[str], ready: str, now: str) -> float:
    """A start that times the first paint alone (until `ready` arrived), then quits: first
    paints vary from start to start far more than keys do, so each round takes a few more."""
    with started(argv, now) as term:
        term.wait_for(ready)
        took = term.arrived - term.started
        term.settle(0.1)
        quit_cleanly(term, argv)
    return took


def bare_dialogs(term: Terminal) -> list[float]:
    """The bare app's `w` opens a dialog; enter closes it and shows the answer: timed like
    companion's keys that save and close a dialog."""
    times = []
    for answered in range(1, PRESSES + 1):
        term.send("w")
        term.wait_for("A question")
        term.settle(0.15)
        times.append(key_to_paint(term, "\r", lambda: f"answer {answered}:" in term.text(), "the answer"))
        term.settle(0.15)
    return times


def drive_morning(subject: Subject, now: str) -> dict[str, float]:
    """At breakfast the app opens on the recap (its first paint). There `s` gives last night's
    star (a durable write), timed until the Star row says it was given; it is taken back on
    the chart (`4`, `x`) and the recap shown again (`5`), not timed, so every round finds the
    star still to give. `[` (the night before) and `w` (14 nights of trends) are timed for
    reference, each followed by the keys that go back. On the reward chart (`4`), `s` gives the
    star, timed until the praise is painted, and `x` takes it back within its ten minutes."""
    with started(subject.argv, now) as term:
        term.wait_for(RECAP)
        recap = term.arrived - term.started
        term.settle()
        recap_stars, befores, fortnights = [], [], []
        for _ in range(PRESSES):
            recap_stars.append(key_to_paint(term, "s", lambda: RECAP_STAR[1] in term.text(), "the recap's star given"))
            term.settle(0.15)
            walk(term, ("4", PRAISE), ("x", ASK_FOR_STAR), ("5", RECAP_STAR[0]))
            befores.append(key_then_back(
                term, "[", lambda: NIGHT_BEFORE in term.text(), "the night before", "]", lambda: NIGHT_BEFORE not in term.text()
            ))
            fortnights.append(key_to_paint(term, "w", lambda: FORTNIGHT in term.text(), "14 nights of trends"))
            term.settle(0.15)
            walk(term, ("w", "The last 30 nights"), ("w", "The last 7 nights"))
        term.press("4")
        term.wait_for(CHART)
        term.settle(0.15)
        stars = [
            key_then_back(term, "s", lambda: PRAISE in term.text(), "the praise", "x", lambda: TAKEN_BACK in term.text())
            for _ in range(PRESSES)
        ]
        quit_cleanly(term, subject.argv)
    return {
        "recap_first_paint": recap,
        "recap_star_to_paint": statistics.median(recap_stars),
        "night_before_to_paint": statistics.median(befores),
        "fortnight_to_paint": statistics.median(fortnights),
        "star_to_paint": statistics.median(stars),
    }


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def copies_for_writes(dirs: dict[str, Path], scratch: Path) -> dict[str, Path]:
    """Each history as the demo wrote it, before the pty runs add their keypresses to tonight."""
    return {label: shutil.copytree(source, scratch / f"writes-{label.replace(' ', '-')}") for label, source in dirs.items()}


def measure_writes(dirs: dict[str, Path]) -> dict[str, dict[str, float]]:
    """Median seconds per durable write through the Store API, on copies of each history."""
    opened = {}
    for label, copy in dirs.items():
        clock = ManualClock(pendulum.parse(NOW).in_tz("UTC"))
        opened[label] = (Store.open(copy, clock), clock)
    samples: dict[str, dict[str, list[float]]] = {label: {kind: [] for kind in WRITE_KINDS} for label in dirs}
    try:
        for _ in range(WRITES):
            for label, (store, clock) in opened.items():
                clock.advance(seconds=20)
                child = store.children()[0].id
                samples[label]["night event"].append(
                    timed(lambda: store.add_night_event(child, EventKind.CALLED_OUT, clock.now()))
                )
        for index in range(WRITES):
            for label, (store, _) in opened.items():
                child = store.children()[index % 2].id
                samples[label]["current child"].append(timed(lambda: store.set_current_child(child)))
        worriers = {label: without_open_worries(store) for label, (store, _) in opened.items()}
        for day in range(1, WRITES + 1):
            for label, (store, _) in opened.items():
                for kind, took in worry_day(store, worriers[label], day).items():
                    samples[label][kind].append(took)
    finally:
        for store, _ in opened.values():
            store.close()
    return {label: {kind: statistics.median(times) for kind, times in kinds.items()} for label, kinds in samples.items()}


def without_open_worries(store: Store) -> str:
    """A child with no worry open, so that every history puts the same one worry to bed: the
    ten-year demo ends with a worry of the first child's still open, and putting two to bed
    is another write, not the same write on a longer history."""
    return next(child.id for child in store.children() if not store.worries_not_gone(child.id))


def worry_day(store: Store, child: str, day: int) -> dict[str, float]:
    """A day of one worry of `child` through the Store, `day` days after NOW: written in the
    afternoon, put to bed, gone the next morning (two files). The open worries end as they
    began, so each day is the same; the history grows by one worry."""
    afternoon = pendulum.parse(NOW).in_tz("UTC").add(days=day).replace(hour=15, minute=0)
    words = WorryContent("A worry for the benchmark")
    took = {}
    took["worry written"], worry = timed_result(lambda: store.write_worry(child, words, afternoon))
    took["worries to bed"], _ = timed_result(lambda: store.put_worries_to_bed(child, afternoon.replace(hour=19)))
    gone = afternoon.add(days=1).replace(hour=7)
    took["worry gone"], _ = timed_result(lambda: store.review_worry(worry.id, WorryKind.GONE, gone))
    return took


def timed_result(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def measure_commands(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall seconds of each command, run in turn (interleaved)."""
    samples: dict[str, list[float]] = {label: [] for label in commands}
    env = {**os.environ, **ENV}
    for _ in range(runs):
        for label, argv in commands.items():
            samples[label].append(
                timed(lambda: subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL))
            )
    return {label: statistics.median(times) for label, times in samples.items()}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.1f} ms"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def ratio_row(measure: str, value: float, base: float, base_name: str, limit: float, show: Callable[[float], str]) -> list[str]:
    ratio = value / base
    return [measure, show(value), f"{show(base)} ({base_name})", f"{ratio:.3f}x", f"<= {limit}x", verdict(ratio <= limit)]


def budget_rows(tui: dict[str, dict[str, float]], writes: dict[str, dict[str, float]], commands: dict[str, float]) -> list[list[str]]:
    """One row per budget line of ARCHITECTURE.md, companion at ten years unless said."""
    app, bare = tui[TEN_YEARS], tui["bare"]

    def key_row(measure: str, value: float) -> list[str]:
        extra = value - bare["key_to_paint"]
        return [measure, ms(value), f"{ms(bare['key_to_paint'])} (bare)", f"{extra * 1000:+.1f} ms", "<= +10 ms",
                verdict(extra <= 0.010)]

    def dialog_row(measure: str, value: float) -> list[str]:
        """A key that saves and closes a dialog, against the bare app closing one: Textual's own
        cost of taking a screen away and repainting what was under it is in both."""
        extra = value - bare["dialog_to_paint"]
        return [measure, ms(value), f"{ms(bare['dialog_to_paint'])} (bare, a dialog closing)", f"{extra * 1000:+.1f} ms",
                "<= +10 ms", verdict(extra <= 0.010)]

    def reference_row(measure: str, value: float) -> list[str]:
        return [measure, ms(value), f"{ms(bare['key_to_paint'])} (bare)", f"{(value - bare['key_to_paint']) * 1000:+.1f} ms",
                "—", "reference"]

    return [
        ratio_row("first paint", app["first_paint"], bare["first_paint"], "bare", 1.15, ms),
        key_row("key-to-paint (`c`, saved)", app["key_to_paint"]),
        key_row("key-to-paint (enter: step checked, saved)", app["step_to_paint"]),
        key_row("key-to-paint (quiet mode, enter: wait started, saved)", app["quiet_to_paint"]),
        dialog_row("key-to-paint (pass: reason chosen, saved, dialog closed)", app["reason_to_paint"]),
        dialog_row("key-to-paint (worry: ctrl+s, written down, saved, dialog closed)", app["worry_to_paint"]),
        key_row("key-to-paint (worry: `g`, gone, saved)", app["gone_to_paint"]),
        # Opening a dialog or a pane changes nothing on disk: no budget line covers it; for reference.
        reference_row("`v`: the pass's reason dialog opens (no write)", app["pass_to_paint"]),
        reference_row("`3`: the worry pane opens, first time (no write)", app["pane_to_paint"]),
        key_row("key-to-paint (reward chart: `s`, last night's star, saved)", app["star_to_paint"]),
        key_row("key-to-paint (household: `s`, sound on, saved)", app["sound_to_paint"]),
        ratio_row("first paint at breakfast (opens on the recap)", app["recap_first_paint"], bare["first_paint"], "bare", 1.15, ms),
        key_row("key-to-paint (recap: `s`, last night's star, saved)", app["recap_star_to_paint"]),
        reference_row("`[`: the recap of the night before (no write)", app["night_before_to_paint"]),
        reference_row("`w`: the recap's trends over 14 nights (no write)", app["fortnight_to_paint"]),
        ratio_row("write: night event", writes[TEN_YEARS]["night event"], writes[FRESH]["night event"], "one night", 1.2, ms),
        ratio_row("write: current child", writes[TEN_YEARS]["current child"], writes[FRESH]["current child"], "one night", 1.2, ms),
        *(ratio_row(f"write: {kind}", writes[TEN_YEARS][kind], writes[FRESH][kind], "one night", 1.2, ms) for kind in WORRY_WRITES),
        ratio_row("`companion recap`", commands["recap"], commands["import"], "import pendulum, tinydb", 1.5, ms),
        ratio_row("peak memory (VmHWM)", app["peak_kib"], bare["peak_kib"], "bare", 1.3, mib),
    ]


def history_rows(tui: dict[str, dict[str, float]], writes: dict[str, dict[str, float]]) -> list[list[str]]:
    rows = []
    for label in [*HISTORIES, "bare"]:
        run = tui[label]
        write = writes.get(label)
        rows.append([
            "bare app" if label == "bare" else label,
            ms(run["first_paint"]),
            ms(run["key_to_paint"]),
            "—" if label == "bare" else ms(run["step_to_paint"]),
            mib(run["peak_kib"]),
            ms(write["night event"]) if write else "—",
            ms(write["current child"]) if write else "—",
            ms(write["worry gone"]) if write else "—",
        ])
    return rows


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def medians(runs: list[TuiRun]) -> dict[str, float]:
    """Each measure's median over the runs that took it (nan where none did)."""
    result = {}
    for field in fields(TuiRun):
        values = [value for run in runs if (value := getattr(run, field.name)) is not None]
        result[field.name] = statistics.median(values) if values else float("nan")
    return result


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def compile_bytecode() -> None:
    """Measure companion as installed: pip compiles a wheel's modules at install, so no
    start pays for compiling. A checkout installed with -e compiles on first import, unless
    PYTHONDONTWRITEBYTECODE is set, when every start would compile each changed module."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "companion")], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each instead of 9")
    runs = 3 if parser.parse_args().quick else 9
    os.environ["TZ"] = "UTC"
    time.tzset()
    compile_bytecode()

    # Under the repo, not /tmp: /tmp may be tmpfs, where fsync costs nothing.
    (ROOT / "benchmarks" / ".data").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="run-", dir=ROOT / "benchmarks" / ".data") as scratch_name:
        scratch = Path(scratch_name)
        log("preparing demo households (one night, one year, ten years)")
        dirs = prepare(scratch)
        write_dirs = copies_for_writes(dirs, scratch)
        tui_runs, paints = measure_tuis(dirs, runs)
        tui = {label: medians(runs_) for label, runs_ in tui_runs.items()}
        for label, times in paints.items():  # every start's first paint, not only the drives'
            if label == BREAKFAST:
                tui[TEN_YEARS]["recap_first_paint"] = statistics.median(times)
            else:
                tui[label]["first_paint"] = statistics.median(times)
        log("timing writes through the Store API")
        writes = measure_writes(write_dirs)
        log("timing `companion recap` against the import baseline")
        commands = measure_commands(
            {
                "recap": [COMPANION, "recap", "--data-dir", str(dirs[TEN_YEARS])],
                "import": [sys.executable, "-c", "import pendulum, tinydb"],
            },
            COMMAND_RUNS_PER_RUN * runs,  # a tenth of a second each: more samples steady the median
        )

    budget = budget_rows(tui, writes, commands)
    failed = [row[0] for row in budget if row[-1] == "FAIL"]
    command = " ".join([".venv/bin/python", "benchmarks/run.py", *sys.argv[1:]])
    report = "\n".join([
        "# Benchmark results",
        "",
        f"- date: {date.today().isoformat()}",
        f"- python {platform.python_version()}, textual {version('textual')}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        f"- command: `{command}` ({runs} runs of each, {(1 + EXTRA_STARTS_PER_RUN) * runs} first paints of each, "
        f"{COMMAND_RUNS_PER_RUN * runs} of the commands; medians)",
        "",
        "## Budget (ARCHITECTURE.md), companion on ten years of history",
        "",
        markdown(["measure", "companion", "baseline", "ratio / diff", "budget", "result"], budget),
        "",
        "## Growth with history",
        "",
        markdown(["history", "first paint", "key-to-paint (`c`)", "step check", "peak memory", "write: night event",
                  "write: current child", "write: worry gone"],
                 history_rows(tui, writes)),
        "",
        f"Over budget: {', '.join(failed)}." if failed else "Every budget line passes.",
        "",
    ])
    RESULTS.write_text(report)
    print(report)
    if failed:
        print(f"FAILED budget lines ({len(failed)}): {'; '.join(failed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
