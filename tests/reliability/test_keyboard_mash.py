"""Issue 8, point 5: a toddler on the keyboard (rules X5, R4).

Thousands of random keys across every pane, on a household with two months of made-up history
(companion.demo): letters (every pane's keys), digits and h (pane switching), enter, escape,
tab, arrows, space, backspace, punctuation, function keys and ctrl combos. Dialogs opened by
chance get random text and random saves: that is part of the mash.

Keys go in bursts, as a terminal delivers fast typing: each burst's keys are queued at once,
then the app settles. After every burst: the app still runs, no child's earned stars went
down, no reward-ledger record went away; every few bursts, every JSON file in the data dir
parses. At the end the app is closed and the household opened afresh: every record from before
the mash is still there, and everything the app had when it closed is on disk.

Left out on purpose: ctrl+q (quits, by design) and ctrl+p (the palette, whose "Quit" command a
random word and enter can run). The seed is printed; COMPANION_MASH_SEED replays another one.
"""

from __future__ import annotations

import json
import os
import random
import string
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pendulum
import pytest
from textual import events

from companion.clock import ManualClock
from companion.demo import write_demo
from companion.domain.night_log import EventKind
from companion.store import Store
from companion.ui.app import make_app

SEED = int(os.environ.get("COMPANION_MASH_SEED", "20261120"))
BURSTS = 30
BURST_KEYS = 100  # 3000 keys in all
FILES_EVERY = 3  # bursts between two reads of every JSON file
ZONE = "Europe/London"

NAMED = {
    "enter": "\r", "escape": "\x1b", "tab": "\t", "shift+tab": None, "space": " ", "backspace": "\x7f",
    "delete": None, "up": None, "down": None, "left": None, "right": None, "home": None, "end": None,
    "pageup": None, "pagedown": None, "shift+up": None, "shift+down": None, "insert": None,
}
PUNCTUATION = {
    "question_mark": "?", "exclamation_mark": "!", "left_square_bracket": "[", "right_square_bracket": "]",
    "full_stop": ".", "comma": ",", "minus": "-", "colon": ":", "slash": "/", "apostrophe": "'",
}
CTRL = {f"ctrl+{letter}": chr(ord(letter) - 96) for letter in string.ascii_lowercase if letter not in "qp"}
FUNCTION = {f"f{number}": None for number in range(1, 13)}
# (kind, weight, keys): letters are every pane's keys, digits and h switch panes.
KINDS = [
    ("letter", 45, {letter: letter for letter in string.ascii_letters}),
    ("pane", 5, {digit: digit for digit in "123456789"} | {"h": "h", "c": "c"}),
    ("enter", 8, {"enter": "\r"}),
    ("escape", 10, {"escape": "\x1b"}),
    ("navigation", 12, NAMED),
    ("punctuation", 6, PUNCTUATION),
    ("ctrl", 8, CTRL),
    ("function", 6, FUNCTION),
]


def random_key(rng: random.Random) -> tuple[str, str, str | None]:
    kind, _, keys = rng.choices(KINDS, weights=[weight for _, weight, _ in KINDS])[0]
    key = rng.choice(sorted(keys))
    return kind, key, keys[key]


def household_records(store: Store) -> set[tuple[str, str]]:
    """Every record that is only ever added to, never rewritten: the children, each routine
    version, every night-log record (undone ones too), every worry and reward-ledger record."""
    found: set[tuple[str, str]] = set()
    for child in store.children():
        found.add(("child", child.id))
        found |= {("routine", version.id) for version in store.routine_versions(child.id)}
        found |= {("worry", record.id) for record in store.worry_records(child.id)}
        found |= {("reward", record.id) for record in store.reward_records(child.id)}
    for night in store.logged_nights():
        for child in store.children():
            found |= {("night", event.id) for event in store.night_events(child.id, night, with_undone=True)}
    return found


def read_afresh(data_dir: Path, clock: ManualClock) -> set[tuple[str, str]]:
    store = Store.open(data_dir, clock)
    try:
        return household_records(store)
    finally:
        store.close()


def earned_stars(store: Store, clock: ManualClock) -> dict[str, int]:
    return {child.id: store.reward_chart(child.id).totals(clock.now()).earned for child in store.children()}


def ledger(store: Store) -> set[str]:
    return {record.id for child in store.children() for record in store.reward_records(child.id)}


def every_json_file_parses(data_dir: Path) -> int:
    files = list(data_dir.rglob("*.json"))
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))
    return len(files)


async def test_a_toddler_on_the_keyboard_loses_nothing_and_takes_no_star_away(tmp_path: Path) -> None:
    print(f"\nkeyboard mash seed {SEED}: COMPANION_MASH_SEED={SEED} replays this run")
    rng = random.Random(SEED)
    clock = ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE))
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, clock)
    write_demo(store, clock.now(), nights=60, children=2, seed=SEED % 1000)
    store.close()
    before = read_afresh(data_dir, clock)
    assert {kind for kind, _ in before} == {"child", "routine", "night", "worry", "reward"}

    store = Store.open(data_dir, clock)
    app = make_app(store, clock)
    sent: Counter = Counter()
    screens: Counter = Counter()
    started = time.perf_counter()
    try:
        async with app.run_test(size=(100, 32), notifications=True) as pilot:
            await pilot.pause()
            stars, kept = earned_stars(store, clock), ledger(store)
            for burst in range(BURSTS):
                pressed = [random_key(rng) for _ in range(BURST_KEYS)]
                for kind, key, character in pressed:
                    app.post_message(events.Key(key, character))
                    sent[kind] += 1
                await pilot.pause()
                screens[type(app.screen).__name__] += 1
                where = f"burst {burst} (seed {SEED}), keys {[key for _, key, _ in pressed]}, on {app.screen!r}"
                assert app.is_running and app.return_code is None, f"the app ended at {where}"

                now_stars, now_kept = earned_stars(store, clock), ledger(store)
                for child_id, earned in stars.items():
                    assert now_stars[child_id] >= earned, f"earned stars went from {earned} to {now_stars[child_id]} at {where}"
                assert kept <= now_kept, f"reward records went away at {where}: {sorted(kept - now_kept)}"
                stars, kept = now_stars, now_kept
                if burst % FILES_EVERY == 0:
                    every_json_file_parses(data_dir)
                clock.advance(minutes=7)  # the evening, the night and the morning go by
            in_the_app = household_records(store)
    finally:
        store.close()
    took = time.perf_counter() - started
    keys = sum(sent.values())
    print(f"{keys} keys in {took:.1f} s ({dict(sent)}); screens after a burst: {dict(screens)}")

    assert keys >= 3000
    assert len(screens) >= 6, f"the mash stayed on {dict(screens)}"
    files = every_json_file_parses(data_dir)
    after = read_afresh(data_dir, clock)
    assert before <= after, f"records lost: {sorted(before - after)[:10]}"
    assert after == in_the_app, "what the app had when it closed is not what is on disk"
    print(f"{len(before)} records before, {len(after)} after, in {files} files; nothing lost")


KEY_CHARACTERS = {"enter": "\r", "escape": "\x1b", "exclamation_mark": "!"}


@pytest.mark.parametrize(
    ("opening", "typed_ahead", "kind"),
    [
        (["l"], ["enter", "enter"], EventKind.LIGHTS_OUT),  # "when?": enter is now, pressed twice
        (["n"], ["h", "i", "enter", "enter"], EventKind.HANDOVER),  # a hand-over note saved twice over
        (["v"], ["enter", "enter"], EventKind.PASS_USED),  # the pass's reasons: a choice made twice
    ],
    ids=["lights-out", "hand-over", "pass-reason"],
)
async def test_enter_pressed_twice_in_a_dialog_saves_once_and_closes_once(store, clock, opening, typed_ahead, kind) -> None:
    """Found by the mash: the second enter, already on its way when the first closed the dialog,
    saved a second record and then closed the pane under it (ScreenStackError: the app ended)."""
    mia = store.add_child("Mia", date(2022, 2, 14))
    app = make_app(store, clock, pane="evening")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*opening)
        await pilot.pause()
        for key in typed_ahead:  # as a terminal delivers fast typing: all queued at once
            app.post_message(events.Key(key, KEY_CHARACTERS.get(key, key)))
        await pilot.pause()
        assert app.is_running
        assert type(app.screen).__name__ == "EveningScreen"
        assert [event.kind for event in store.night_events(mia.id, app.night)].count(kind) == 1
