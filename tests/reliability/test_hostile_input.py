"""Issue 8, point 4 (rule X6): bad input in every field of every pane, and in the CLI's arguments.

Every one-line field, multi-line field and time field the app has is listed in FIELDS, each with
how a parent reaches it and where what it saves is shown; `test_every_field_of_the_app_is_driven`
reads companion/ui/ and fails when a field appears that FIELDS doesn't drive.

For each field one app runs on one data dir and Hypothesis types or pastes into it: first a fixed
batch holding every hostile class (so each is always tried), then generated mixtures of them.
After each entry the parent either sees it saved, exactly as typed (markup stays literal), or a
message in place with nothing stored; the app is still running; no control character from the
text reaches the screen. The app is then restarted on the same data dir: what was stored reads
back the same and is shown again.

Hypothesis runs in a worker thread and hands each entry to the app's event loop, so one app (and
one Pilot) serves a whole field; each entry has a time limit, so a hang fails instead of stalling.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import string
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual import events
from textual.keys import _character_to_key  # the key name a terminal character arrives as
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea

from companion import cli
from companion.clock import ManualClock
from companion.domain.night_log import EventKind
from companion.store import Store
from companion.ui.app import make_app
from companion.ui.dialogs import ConfirmDialog
from companion.ui.forms import settings_fields
from companion.ui.screen import PaneScreen
from companion.ui.widgets import ChildBar

ZONE = "Europe/London"
UI = Path(__file__).resolve().parents[2] / "companion" / "ui"
ONE_MB = ("monsters🐉 " * 100_000)[:1_000_000]
PASTE_1MB = "\ue000 a 1 MB paste"  # stands for ONE_MB in examples, so a failure report stays readable
ENTRY_TIMEOUT = 30.0  # seconds for one entry, typed or pasted, and its save: past this it is a hang
PASTE_LIMIT = 3.0  # seconds for a 1 MB paste and its save, on a slow CI machine
GENERATED = 2  # generated examples per field (one or two entries each) after the fixed batch
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0 (ESC, NUL…), DEL and C1 (CSI…): never on screen

# -- hostile text ----------------------------------------------------------------------------

FIXED = [
    "",  # empty
    "  \t\u3000\u200b\u0301 ",  # whitespace, and nothing visible (a zero-width space, a lone accent)
    "[b]Mi[/b] [@click=app.quit]T[/] x[/]y[/",  # markup, action markup, broken markup: all literal
    "\x1b[31mR\x1b[0m\x1b]0;t\x07\x9b2J N\x00L",  # escape sequences, an OSC title, a C1 CSI, NUL
    "👩\u200d👧\u200d👦🐉👍🏽 小明 김 مريم \u202eab\u202c Zo\u0308e\u0301",  # emoji, CJK, RTL and a bidi override, combining marks
    "first line\nsecond line",  # several lines
    PASTE_1MB,  # a 1 MB paste
]
TIMES = ["25:99", "7pm tomorrow yesterday", "21:05", "-10m"]
DATES = ["2022-02-30", "٢٠٢٢-٠٢-١٤", "9999-12-31", "2026-11-19"]
NUMBERS = ["٣", "-1", "99999999999999999999", " 7 "]

_pieces = st.one_of(
    st.sampled_from(["Mia", "bath", "teeth", "monsters", "a hug", "Grandma", "4", "yes"]),
    st.sampled_from(["[b]", "[/b]", "[/]", "[@click=app.quit]", "[@click=app.bell]", "[link=https://x]", "[red]",
                     "[$accent]", "[", "]", "\\[", ":smile:", "$name", "{0}", "%s"]),
    st.characters(codec=None, categories=("Cc",)),
    st.sampled_from(["\x1b[31m", "\x1b]0;pwned\x07", "\x1b[2J", "\x1bP", "\x9b1;1H", "\x1b]52;c;aGk=\x07"]),
    st.sampled_from(["👩\u200d👧\u200d👦", "🐉", "👍🏽", "❤️", "🇬🇧", "🧸"]),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),
    st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), min_size=1, max_size=6),
    st.sampled_from(["\u202e", "\u202d", "\u2066", "\u200f"]),
    st.builds(str.__add__, st.sampled_from("aeoM"), st.text(st.characters(categories=("Mn", "Me")), min_size=1, max_size=8)),
    st.text(st.sampled_from(" \t\u00a0\u2003\u3000\u200b\u2028\n"), min_size=1, max_size=4),
    st.sampled_from(TIMES + DATES + NUMBERS),
    st.text(max_size=20),
)
HOSTILE = st.lists(_pieces, max_size=5).map("".join)


# -- a running app on one data dir -----------------------------------------------------------


@dataclass
class Session:
    data_dir: Path
    clock: ManualClock
    pane: str | None
    size: tuple[int, int] = (100, 32)
    entries: Counter = field(default_factory=Counter)
    counter: int = 0
    refused_in: Input | TextArea | None = None  # the field of a refused entry, still open
    restarted: bool = False

    async def start(self) -> None:
        self.store = Store.open(self.data_dir, self.clock)
        self.app = make_app(self.store, self.clock, pane=self.pane)
        self._running = self.app.run_test(size=self.size, notifications=True)
        self.pilot = await self._running.__aenter__()
        await self.pilot.pause()

    async def stop(self) -> None:
        await self._running.__aexit__(None, None, None)
        self.store.close()

    async def restart(self) -> None:
        await self.stop()
        self.refused_in = None
        self.restarted = True
        await self.start()

    def unique(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    @property
    def child(self):
        return self.app.child


def base_pane(s: Session) -> PaneScreen:
    return next(screen for screen in reversed(s.app.screen_stack) if isinstance(screen, PaneScreen))


def statics(screen) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


def options(screen, selector: str = "OptionList") -> str:
    lists = screen.query(selector)
    return "\n".join(
        str(option_list.get_option_at_index(index).prompt)
        for option_list in lists
        for index in range(option_list.option_count)
    )


def message_in_place(screen) -> str:
    """What the screen says on its message lines (a form's error, a dialog's note)."""
    return "\n".join(str(widget.render()) for widget in screen.query(".form-error")).strip()


def control_characters_on_screen(app) -> list[str]:
    """Every drawn line, of every screen in the stack, that holds a control character."""
    bad = []
    for screen in app.screen_stack:
        for strip in screen._compositor.render_strips():
            if CONTROL.search(strip.text):
                bad.append(strip.text)
    return bad


async def settle(s: Session) -> None:
    await s.pilot.pause()


async def back_to_pane(s: Session) -> None:
    """Escape out of whatever dialogs are open, as a parent would."""
    for _ in range(6):
        if not isinstance(s.app.screen, ModalScreen):
            return
        await s.pilot.press("escape")
        await settle(s)
    raise AssertionError(f"escape doesn't leave {s.app.screen!r}")


KEY_CHARACTERS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " ", "exclamation_mark": "!"}


async def press(s: Session, *keys: str) -> None:
    """Each key as the terminal sends it, then one pause for the app to settle (a Pilot press
    waits twice per key)."""
    for key in keys:
        character = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
        s.app.post_message(events.Key(key, character))
        await s.pilot.pause()


def find(s: Session, where: str):
    """A field on the screen: "#id" for a multi-line field, a one-line field by its name
    ("birth"), or by its name within a form ("#child-form birth")."""
    if where.startswith("#") and " " not in where:
        return s.app.screen.query_one(where)
    scope, _, name = where.rpartition(" ")
    inside = s.app.screen.query_one(scope) if scope else s.app.screen
    return next(widget for widget in inside.query(Input) if widget.name == name)


def focus(s: Session, where: str):
    widget = find(s, where)
    widget.focus()
    return widget


def set_value(s: Session, where: str, value: str) -> None:
    widget = find(s, where)
    if isinstance(widget, TextArea):
        widget.text = value
    else:
        widget.value = value


# -- the fields ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field as a parent reaches it: `open` leaves it focused (and the form's other fields
    filled in validly); `stored` is what the store holds for it, as the app shows it; `shown`
    is the text where the app shows it; `expect` is what typing `typed` should store."""

    name: str
    source: tuple[str, str]  # (module in companion/ui, the field's key or id there)
    pane: str | None
    open: Callable[[Session], Awaitable[None]]
    stored: Callable[[Session], list[str]] | None
    shown: Callable[[Session], Awaitable[str]]
    submit: tuple[str, ...] | Callable[[Input | TextArea], tuple[str, ...]] = ("enter",)
    expect: Callable[[str, str], str | None] | None = lambda typed, name: typed.strip()
    prepare: Callable[[Session], Awaitable[None]] | None = None
    extra: tuple[str, ...] = ()
    dialog: bool = True
    seed: Callable[[Store], None] | None = None
    clock: tuple[int, int] = (19, 30)
    after_restart: Callable[[Session], list[str]] | None = None  # `stored` as shown once setup is over
    reuse: bool = True  # a refused entry's field takes the next entry (False: open it afresh each time)
    generated: int = GENERATED
    spread: tuple[str, ...] = ()  # more fields of the same form that get the same entry
    refocus: Callable[[Session], Awaitable[None]] | None = None  # on reuse, the field to type into next
    paste_limit: float = PASTE_LIMIT

    @property
    def judged(self) -> bool:
        """A field that saves (or goes somewhere); the palette's search only searches."""
        return self.source[0] != "textual"

    @property
    def sources(self) -> set[tuple[str, str]]:
        return {self.source, *((self.source[0], where.lstrip("#")) for where in self.spread)}


def family(store: Store) -> None:
    store.add_child("Mia", date(2022, 2, 14))
    store.add_child("Leo", date(2024, 6, 1))
    store.add_caregiver("Sam")


# Setup (first run): the household's forms, not in a dialog.


def setup_shown(what: str):
    async def shown(s: Session) -> str:
        if type(s.app.screen).__name__ == "SetupScreen":
            return statics(s.app.screen)
        await back_to_pane(s)
        await press(s, "h")
        return options(base_pane(s), f"#{what}")

    return shown


def children_names(s: Session) -> list[str]:
    return [child.name for child in s.store.children()]


def children_with_age(s: Session) -> list[str]:
    """As setup lists them: "Mia (4 years)"."""
    return [f"{child.name} ({child.age_on(date(2026, 11, 20))})" for child in s.store.children()]


def children_with_birth(s: Session) -> list[str]:
    """As the household pane lists them: "Mia  born 14 Feb 2022"."""
    return [f"{child.name}  born {child.birth_date:%d %b %Y}" for child in s.store.children()]


def caregiver_names(s: Session) -> list[str]:
    return [person.name for person in s.store.caregivers()]


async def open_setup_child_name(s: Session) -> None:
    set_value(s, "#child-form birth", "2022-02-14")
    focus(s, "#child-form name")
    await settle(s)


async def open_setup_birth(s: Session) -> None:
    set_value(s, "#child-form name", s.unique("Kid"))
    focus(s, "#child-form birth")
    await settle(s)


async def open_setup_caregiver(s: Session) -> None:
    focus(s, "#caregiver-form name")
    await settle(s)


# Household pane.


async def household_shown(s: Session) -> str:
    await back_to_pane(s)
    pane = base_pane(s)
    return options(pane) + "\n" + statics(pane)


def dialog_opener(*keys: str, focus_on: str, fill: dict[str, str | Callable[[Session], str]] | None = None):
    async def open_(s: Session) -> None:
        await press(s, *keys)
        for selector, value in (fill or {}).items():
            set_value(s, selector, value(s) if callable(value) else value)
        focus(s, focus_on)
        await settle(s)

    return open_


def settings_stored(s: Session) -> list[str]:
    mia = s.store.children()[0]
    return [f"{spec.key}={spec.value}" for spec in settings_fields(s.store.child_settings(mia.id))]


async def settings_shown(s: Session) -> str:
    """The settings as the dialog shows them when opened again."""
    await back_to_pane(s)
    await press(s, "p")
    shown = "\n".join(f"{field.name}={field.value}" for field in s.app.screen.query(Input))
    await back_to_pane(s)
    return shown


SETTING_KEYS = ("wait", "passes", "trip", "baseline", "start_passes", "fade_every", "reward_unused", "reward_chart")
NUMERIC_SETTINGS = SETTING_KEYS[:6]


async def open_settings(s: Session) -> None:
    """The child's settings dialog (p), on each of its eight fields in turn."""
    s.counter += 1
    await press(s, "p")
    focus(s, SETTING_KEYS[s.counter % len(SETTING_KEYS)])
    await settle(s)


async def settings_next_field(s: Session) -> None:
    """The dialog stays open after a refusal: every field back to what is saved, then the next
    field in turn."""
    s.counter += 1
    for spec in settings_fields(s.store.child_settings(s.store.children()[0].id)):
        set_value(s, spec.key, spec.value)
    focus(s, SETTING_KEYS[s.counter % len(SETTING_KEYS)])
    await settle(s)


def settings_submit(widget: Input | TextArea) -> tuple[str, ...]:
    """Enter moves to the next field; in the last one it saves."""
    return ("enter",) * (len(SETTING_KEYS) - SETTING_KEYS.index(widget.name))


def settings_expect(typed: str, key: str) -> str | None:
    value = typed.strip()
    if key in NUMERIC_SETTINGS and value.isascii() and value.isdigit():
        return f"{key}={int(value)}"
    return None


# Evening pane.


def evening_text(s: Session) -> str:
    pane = base_pane(s)
    return statics(pane) + "\n" + options(pane, "#steps")


async def evening_shown(s: Session) -> str:
    await back_to_pane(s)
    return evening_text(s)


def steps_stored(s: Session) -> list[str]:
    return list(s.store.routine_on(s.child.id, s.app.night).steps)


LOG_ROUTES = (("l",), ("k",), ("o",), ("i",), ("z",), ("w",), ("p",), ("exclamation_mark", "enter"), ("r", "t"))


async def open_when(s: Session) -> None:
    """The "when?" field, reached by each of its keys in turn: the night log's seven, a health
    flag (!, then its first choice) and the readiness checks' screens off (r, then t)."""
    s.counter += 1
    await press(s, *LOG_ROUTES[s.counter % len(LOG_ROUTES)])
    focus(s, "when")
    await settle(s)


def night_stored(s: Session) -> list[str]:
    evening = base_pane(s).evening()
    lines = [f"{event.at:%H:%M}  {event.kind.label}" for event in evening.log]
    if evening.screens_off is not None:
        lines.append(f"Screens off {evening.screens_off:%H:%M}")
    return lines


def handover_stored(s: Session) -> list[str]:
    evening = base_pane(s).evening()
    return [f"Note: {evening.handover}"] if evening.handover else []


def pass_stored(s: Session) -> list[str]:
    events = s.store.night_events(s.child.id, s.app.night)
    return [f"Pass used {event.at:%H:%M} for {event.value}" for event in events if event.kind is EventKind.PASS_USED]


async def take_back_the_pass(s: Session) -> None:
    """Before each try the pass is free again: the last one used is taken back (it stays in the
    history), so every try reaches the reason field."""
    await back_to_pane(s)
    for event in s.store.night_events(s.child.id, s.app.night):
        if event.kind is EventKind.PASS_USED:
            s.store.undo(event)
    base_pane(s).render_evening()
    await settle(s)


async def open_pass_reason(s: Session) -> None:
    await press(s, "v")
    await press(s, "end", "enter")  # "something else…", the last choice
    focus(s, "reason")
    await settle(s)


def bar_night(typed: str, name: str) -> str | None:
    try:
        return f"night of {date.fromisoformat(typed.strip()):%a %d %b}"
    except ValueError:
        return None


async def bar_shown(s: Session) -> str:
    await back_to_pane(s)
    return str(base_pane(s).query_one(ChildBar).render())


async def back_to_tonight(s: Session) -> None:
    await back_to_pane(s)
    await press(s, "t")


# Quiet mode.


def running_instruction(s: Session) -> list[str]:
    use = base_pane(s).running()
    return [use.instruction] if use else []


async def quiet_shown(s: Session) -> str:
    await back_to_pane(s)
    base_pane(s).redraw()
    return str(base_pane(s).query_one("#quiet-instruction", Static).render())


async def move_on(s: Session) -> None:
    await back_to_pane(s)
    if base_pane(s).running() is not None:
        await press(s, "m")


# Worry box.


def worries_stored(s: Session) -> list[str]:
    """Each open worry's words, solutions, helper and helper's line as its detail shows them."""
    found = []
    for worry in s.store.worries_not_gone(s.child.id):
        content = worry.content
        found.append(content.text)
        found += [f"  • {solution}" for solution in content.solutions]
        if content.helper:
            found.append(f"Helper: {content.helper}" + (f" — {content.helper_line}" if content.helper_line else ""))
    return found


async def worries_shown(s: Session) -> str:
    """The newest worry's detail as the pane shows it; after a restart, every worry's, one
    highlighted after another."""
    await back_to_pane(s)
    pane = base_pane(s)
    listing = pane.query_one("#worry-list", OptionList)
    listing.focus()
    shown = []
    for index in range(0 if s.restarted else listing.option_count - 1, listing.option_count):
        listing.highlighted = index
        await settle(s)
        shown.append(str(pane.query_one("#worry-detail", Static).render()))
    return "\n".join(shown)


WORRY = "#worry-text"


# Reward chart.


def targets_stored(s: Session) -> list[str]:
    return [target.text for target in s.store.reward_chart(s.child.id).targets]


async def targets_shown(s: Session) -> str:
    """The current target on the pane; the others in the ladder that u offers."""
    await back_to_pane(s)
    shown = statics(base_pane(s))
    if len(targets_stored(s)) > 1:
        await press(s, "u")
        shown += "\n" + options(s.app.screen)
        await back_to_pane(s)
    return shown


def rewards_stored(s: Session) -> list[str]:
    return [reward.name for reward in s.store.reward_chart(s.child.id).offered]


def thresholds_stored(s: Session) -> list[str]:
    return [f"{reward.stars} more of {reward.stars}" for reward in s.store.reward_chart(s.child.id).offered]


async def pane_shown(s: Session) -> str:
    await back_to_pane(s)
    return statics(base_pane(s))


# The command palette: Textual's own field, searched for our commands.


async def open_palette(s: Session) -> None:
    await press(s, "ctrl+p")


async def nothing_shown(s: Session) -> str:
    await back_to_pane(s)
    return ""


FIELDS = [
    Field("setup: child's name", ("forms.py", "name"), None, open_setup_child_name, children_names, setup_shown("children"),
          submit=("enter", "enter"), dialog=False),
    Field("setup: birth date", ("forms.py", "birth"), None, open_setup_birth, children_with_age, setup_shown("children"),
          expect=None, extra=DATES, dialog=False, after_restart=children_with_birth),
    Field("setup: grown-up's name", ("forms.py", "name"), None, open_setup_caregiver, caregiver_names, setup_shown("caregivers"),
          dialog=False),
    Field("household: edit a child's name", ("forms.py", "name"), "household",
          dialog_opener("e", focus_on="name"), children_names, household_shown, submit=("enter", "enter"), seed=family),
    Field("household: rename a grown-up", ("forms.py", "name"), "household",
          dialog_opener("r", focus_on="name"), caregiver_names, household_shown, seed=family),
    Field("household: a child's settings, all 8 fields",
          ("forms.py", "*settings"), "household", open_settings, settings_stored, settings_shown, submit=settings_submit,
          expect=settings_expect, extra=NUMBERS, seed=family, refocus=settings_next_field),
    Field("routine editor: add a step", ("routine_editor.py", "step"), "evening",
          dialog_opener("e", "a", focus_on="step"), steps_stored, evening_shown, seed=family),
    Field("routine editor: rename a step", ("routine_editor.py", "step"), "evening",
          dialog_opener("e", "r", focus_on="step"), steps_stored, evening_shown, seed=family),
    Field("evening: when? (night log, health flag, screens off)", ("evening.py", "when"), "evening", open_when,
          night_stored, evening_shown, expect=None, extra=TIMES, seed=family, clock=(23, 30), reuse=False),
    Field("evening: hand-over note", ("evening.py", "note"), "evening", dialog_opener("n", focus_on="note"),
          handover_stored, evening_shown, expect=lambda typed, name: f"Note: {typed.strip()}", seed=family),
    Field("evening: go to a night", ("evening.py", "night"), "evening", dialog_opener("g", focus_on="night"),
          None, bar_shown, expect=bar_night, prepare=back_to_tonight, extra=DATES, seed=family),
    Field("bedtime pass: the reason", ("pass_actions.py", "reason"), "evening", open_pass_reason, pass_stored, evening_shown,
          expect=None, prepare=take_back_the_pass, seed=family),
    Field("quiet mode: the instruction", ("quiet.py", "instruction"), "quiet",
          dialog_opener("i", focus_on="instruction"), running_instruction, quiet_shown, prepare=move_on, seed=family),
    Field("worry box: the worry's words, solutions, helper and its line", ("worry_dialog.py", "worry-text"), "worries",
          dialog_opener("w", focus_on=WORRY), worries_stored, worries_shown, submit=("ctrl+s",), expect=None, seed=family,
          spread=("#worry-solutions", "helper", "helper_line")),
    Field("reward chart: a target", ("rewards.py", "target"), "rewards", dialog_opener("t", focus_on="target"),
          targets_stored, targets_shown, seed=family),
    Field("reward chart: a reward's name", ("rewards.py", "name"), "rewards",
          dialog_opener("a", focus_on="name", fill={"stars": "4"}),
          rewards_stored, pane_shown, submit=("enter", "enter"), seed=family),
    Field("reward chart: a reward's stars", ("rewards.py", "stars"), "rewards",
          dialog_opener("a", focus_on="stars", fill={"name": lambda s: s.unique("Prize")}),
          thresholds_stored, pane_shown, expect=None, extra=NUMBERS, seed=family),
    Field("recap: go to a night", ("recap.py", "night"), "recap", dialog_opener("g", focus_on="night"),
          None, bar_shown, expect=bar_night, prepare=back_to_tonight, extra=DATES, seed=family),
    Field("command palette: search", ("textual", "CommandInput"), "evening", open_palette, None, nothing_shown,
          submit=(), expect=None, seed=family, generated=1,
          paste_limit=8.0),  # Textual's own field measures the whole 1 MB line at each paint: ~2 s here
]


# -- one entry -------------------------------------------------------------------------------


def typable(text: str) -> bool:
    """Short plain ASCII is typed key by key; anything else arrives as a paste."""
    return 0 < len(text) <= 16 and all(char in string.ascii_letters + string.digits + string.punctuation + " " for char in text)


async def enter(s: Session, widget: Input | TextArea, text: str) -> None:
    """Into an emptied field: typed, one key event per character as the terminal sends them,
    then one pause (a Pilot press waits after every key, 40 ms each); otherwise one paste."""
    if isinstance(widget, TextArea):
        widget.text = ""
    else:
        widget.value = ""
    if typable(text):
        for char in text:
            s.app.post_message(events.Key(_character_to_key(char), char))
    else:
        s.app.post_message(events.Paste(text))
    await settle(s)


PASTE_TIMES: dict[str, float] = {}


async def try_entry(s: Session, f: Field, text: str) -> None:
    """One entry, typed or pasted, then saved: either saved and shown exactly as stored, or
    refused with a message in place and nothing stored. A refused entry leaves its dialog
    open, as for a parent who then types over it: the next entry goes into the same field."""
    app = s.app
    s.clock.advance(seconds=7)
    widget = s.refused_in if f.reuse else None
    if widget is None or not widget.is_attached or app.screen is not widget.screen:
        if f.prepare:
            await f.prepare(s)
        await back_to_pane(s)
        await f.open(s)
    elif f.refocus:
        await f.refocus(s)
    else:
        widget.focus()
        await settle(s)
    widget = app.focused
    s.refused_in = None
    assert isinstance(widget, (Input, TextArea)), f"{f.name}: {widget!r} has the focus, not the field"
    before = f.stored(s) if f.stored else []
    form = app.screen
    text = ONE_MB if text == PASTE_1MB else text
    started = time.perf_counter()
    for where in f.spread:
        await enter(s, focus(s, where), text)
    widget.focus()
    await enter(s, widget, text)
    typed = widget.text if isinstance(widget, TextArea) else widget.value
    assert not control_characters_on_screen(app), f"{f.name}: {text[:80]!r} put control characters on screen"
    await press(s, *(f.submit(widget) if callable(f.submit) else f.submit))
    if isinstance(app.screen, ConfirmDialog):  # a young routine asks once before it changes (E2)
        await press(s, "y")
    took = time.perf_counter() - started
    if len(text) >= 1_000_000:
        PASTE_TIMES[f.name] = took
        assert took < f.paste_limit, f"{f.name}: a 1 MB paste and its save took {took:.1f} s"

    assert app.is_running and app.return_code is None, f"{f.name}: {text[:80]!r} ended the app"
    said = message_in_place(app.screen)
    refused = f.judged and ((app.screen is form) if f.dialog else bool(said))
    after = f.stored(s) if f.stored else []
    if refused:
        assert said, f"{f.name}: {text[:80]!r} was neither saved nor explained"
        assert after == before, f"{f.name}: {text[:80]!r} was refused but changed what is stored"
        s.entries["refused"] += 1
        s.refused_in = widget
    else:
        wanted = f.expect(typed, widget.name or widget.id) if f.expect else None
        if wanted is not None and f.stored:
            assert wanted in after, f"{f.name}: typed {typed[:80]!r}, stored {after[-3:]!r}"
        new = list((Counter(after) - Counter(before)).elements())
        shown = await f.shown(s)
        for value in [*new, *([wanted] if wanted else [])]:
            assert value in shown, f"{f.name}: {value[:80]!r} is stored but the screen shows {shown[:400]!r}"
        s.entries["saved"] += 1
        if f.judged:
            await back_to_pane(s)
        else:
            s.refused_in = widget  # the palette stays open: the next search replaces this one
    assert not control_characters_on_screen(app), f"{f.name}: {text[:80]!r} put control characters on screen"
    assert app.is_running


def run_hypothesis(f: Field, attempt: Callable[[str], None]) -> None:
    @settings(
        max_examples=f.generated,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: the app's state moved on
        suppress_health_check=list(HealthCheck),
    )
    @example([*FIXED, *f.extra])
    @given(st.lists(HOSTILE, min_size=1, max_size=2))
    def entries(texts: list[str]) -> None:
        for text in texts:
            attempt(text)

    entries()


def json_files_parse(data_dir: Path) -> None:
    for path in data_dir.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("f", FIELDS, ids=[f.name for f in FIELDS])
async def test_hostile_text_in_every_field_is_saved_literally_or_refused_in_place(f: Field, tmp_path: Path) -> None:
    clock = ManualClock(pendulum.datetime(2026, 11, 20, *f.clock, tz=ZONE))
    data_dir = tmp_path / "data"
    if f.seed:
        seeded = Store.open(data_dir, clock)
        f.seed(seeded)
        seeded.close()
    s = Session(data_dir, clock, f.pane)
    await s.start()
    try:
        loop = asyncio.get_running_loop()

        def attempt(text: str) -> None:
            asyncio.run_coroutine_threadsafe(try_entry(s, f, text), loop).result(timeout=ENTRY_TIMEOUT)

        await asyncio.to_thread(run_hypothesis, f, attempt)
        total = s.entries["saved"] + s.entries["refused"]
        print(f"\n{f.name}: {total} entries, {s.entries['saved']} saved, {s.entries['refused']} refused with a message;"
              f" the 1 MB paste and its save took {PASTE_TIMES.get(f.name, 0):.2f} s")
        assert s.entries["refused"] or not f.judged, f"{f.name}: nothing hostile was refused"
        if f.stored:
            assert s.entries["saved"], f"{f.name}: nothing was ever saved, so nothing was checked on screen"

        # Restart on the same data dir: everything reads back and shows again.
        stored = f.after_restart or f.stored
        before = stored(s) if stored else []
        await s.restart()
        json_files_parse(data_dir)
        if stored:
            after = stored(s)
            assert after == before
            shown = await f.shown(s)
            for value in after:
                assert value in shown, f"{f.name}: after a restart {value[:80]!r} is stored but not shown"
        assert not control_characters_on_screen(s.app)
    finally:
        await s.stop()


def test_every_field_of_the_app_is_driven() -> None:
    """Every field companion/ui declares (a FieldSpec, a multi-line or one-line field built
    directly) is in FIELDS: a new field fails here until the hostile test drives it."""
    declared: set[tuple[str, str]] = set()
    unknown: list[str] = []
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if called == "FieldSpec" and node.args and isinstance(node.args[0], ast.Constant):
                declared.add((path.name, node.args[0].value))
            elif called in ("TextField", "CappedTextArea", "Input", "TextArea"):
                keyword = {k.arg: k.value for k in node.keywords}
                named = keyword.get("name") or keyword.get("id")
                if isinstance(named, ast.Constant):
                    declared.add((path.name, named.value))
                elif not (path.name == "fields.py" and called == "TextField"):  # the Form's own, one per FieldSpec
                    unknown.append(f"{path.name}:{node.lineno} {called}(…) without a constant name or id")
    driven = set().union(*(f.sources for f in FIELDS)) | {("forms.py", key) for key in SETTING_KEYS}
    assert not unknown, unknown
    assert declared - driven == set(), f"fields nobody drives: {sorted(declared - driven)}"
    assert len(declared) >= 20  # the scan found the app's fields, not nothing


# -- times that are impossible or ambiguous --------------------------------------------------


async def log_time(s: Session, typed: str) -> tuple[str, bool]:
    """Lights out at `typed`: what the parent is told, and whether the dialog is still open."""
    await press(s, "l")
    await enter(s, s.app.focused, typed)
    await press(s, "enter")
    still_open = isinstance(s.app.screen, ModalScreen)
    said = message_in_place(s.app.screen) if still_open else str(base_pane(s).query_one("#evening-message", Static).render())
    await back_to_pane(s)
    return said, still_open


@pytest.mark.parametrize(
    ("now", "cases"),
    [
        # The night clocks go back (Sun 25 Oct 2026, 02:00 BST -> 01:00 GMT): 01:30 happens twice.
        ((2026, 10, 25, 4, 0), [("1:30", "01:30 happened twice that night; the first one was used.", False)]),
        # The night they go forward (Sun 29 Mar 2026, 01:00 GMT -> 02:00 BST): 01:30 never happens.
        ((2026, 3, 29, 4, 0), [("1:30", "01:30 did not happen that night: the clocks went forward.", True)]),
        (
            (2026, 11, 20, 23, 30),
            [
                ("25:99", "'25:99' is not a time on a clock.", True),
                ("7pm tomorrow yesterday", "'7pm tomorrow yesterday' is not a time.", True),
                ("23:45", "23:45 on Fri 20 Nov is still to come.", True),
                ("13pm", "'13pm': with am/pm the hour runs from 1 to 12.", True),
                ("", "Lights out at 23:30.", False),  # enter alone: now
            ],
        ),
    ],
    ids=["dst-fold", "dst-gap", "impossible-and-empty"],
)
async def test_impossible_and_ambiguous_times_are_explained_in_place(tmp_path, now, cases) -> None:
    clock = ManualClock(pendulum.datetime(*now, tz=ZONE))
    seeded = Store.open(tmp_path / "data", clock)
    family(seeded)
    seeded.close()
    s = Session(tmp_path / "data", clock, "evening")
    await s.start()
    try:
        for typed, said, refused in cases:
            before = len(s.store.night_events(s.child.id, s.app.night))
            message, still_open = await log_time(s, typed)
            assert said in message, typed
            assert still_open is refused, typed
            assert len(s.store.night_events(s.child.id, s.app.night)) == before + (0 if refused else 1), typed
            assert s.app.is_running
    finally:
        await s.stop()


# -- the CLI's arguments ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    """A made-up household to read from (the CLI commands below only read it)."""
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    clock = ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE))
    store = Store.open(data_dir, clock)
    from companion.demo import write_demo

    write_demo(store, clock.now(), nights=45, children=2, seed=3)
    store.close()
    return data_dir


CLI_TEXT = st.one_of(HOSTILE, st.sampled_from(["", " ", "-", "--", "-1", "\x00", "a\x00b", "x" * 5000, "~/x", ".", "..",
                                                "Mia", "mia", "MIA ", "[b]Mia[/b]", "\x1b[31m"]))
CLI_DATE = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "9999-12-01", "2026-02-30", "2026-13-01", "20261120", "2026-W47-5",
                     "٢٠٢٦-١١-١٩", "", "yesterday", "2026-11-19T00:00"]),
    CLI_TEXT,
)


def _inside(text: str) -> str:
    """A hostile path kept inside the test's folder: no "/" (so no absolute path and no climbing
    out with ../..) and no leading "~" (a user's home)."""
    return ("_" + text[1:] if text.startswith("~") else text).replace("/", "_")


CLI_PATH = CLI_TEXT.map(_inside)


def _optional(flag: str, values) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda value: [flag, value]))


@st.composite
def cli_argv(draw, demo: str, folder: str) -> list[str]:
    """A subcommand always, so the TUI never starts; options in any order, values hostile."""
    data = draw(_optional("--data-dir", st.one_of(st.just(demo), st.sampled_from(["", "\x00", "x" * 5000, f"{folder}/file",
                                                                                  f"{folder}/file/sub", "new dir 🐉"]), CLI_PATH)))
    command = draw(st.sampled_from(["recap", "export", "import"]))
    if command == "recap":
        options_ = [*draw(_optional("--night", CLI_DATE)), *draw(_optional("--child", CLI_TEXT)),
                    *draw(st.sampled_from([[], ["--json"]])), *draw(st.sampled_from([[], ["--include-worries"]]))]
    elif command == "export":
        options_ = [*draw(_optional("--format", st.one_of(st.sampled_from(["md", "csv", "json"]), CLI_TEXT))),
                    *draw(_optional("--from", CLI_DATE)), *draw(_optional("--to", CLI_DATE)),
                    *draw(_optional("--output", st.one_of(st.just(f"{folder}/out.txt"), st.sampled_from(["\x00", f"{folder}/no/such/dir/x",
                                                                                                     demo + "/inside.md"]), CLI_PATH)))]
    else:
        options_ = [draw(st.one_of(st.sampled_from([f"{folder}/file", f"{folder}/export.json", f"{folder}/hostile.json",
                                                    f"{folder}/deep.json", folder, "", "\x00", "x" * 5000]), CLI_PATH)),
                    *draw(st.sampled_from([[], ["--merge"]])), "--data-dir", f"{folder}/import-{draw(st.integers(0, 10**6))}"]
    order = draw(st.permutations(options_)) if command != "import" else options_
    return [*data, command, *order]


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    mask = os.umask(0o077)
    os.umask(mask)
    try:
        code = cli.main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.umask(mask)
    out, err = capsys.readouterr()
    return code, out, err


def hostile_export(demo_dir: Path, folder: Path) -> None:
    """An export of the demo whose every name, step and note carries hostile text."""
    clock = ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE))
    store = Store.open(demo_dir, clock)
    try:
        document = store.export_documents(include_worries=True)
    finally:
        store.close()
    (folder / "export.json").write_text(json.dumps(document), encoding="utf-8")
    household = document["household"]
    household["children"][0]["name"] = "[@click=app.quit]Mia\x1b[31m"
    household["caregivers"][0]["name"] = "S\x00am [/]"
    household["routines"][0]["steps"][0] = "bath \x9b2J"
    (folder / "hostile.json").write_text(json.dumps(document), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (folder / "file").write_text("not an export", encoding="utf-8")


def test_cli_arguments_end_with_a_code_and_a_line_never_a_traceback(demo_dir: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    """recap, export and import with hostile values (dates, names, formats, paths, data dirs)
    in any order: exit 0, 1 (one line per problem, each starting "companion:") or 2 (argparse's
    usage and one error line); never a traceback, never the TUI."""
    folder = tmp_path / "cli"
    folder.mkdir()
    hostile_export(demo_dir, folder)
    monkeypatch.chdir(folder)  # relative data dirs and files land here
    monkeypatch.setenv("HOME", str(folder))  # "~" too
    monkeypatch.setenv("COMPANION_DATA_DIR", str(folder / "default"))
    monkeypatch.setenv("COMPANION_NOW", "2026-11-20T19:30:00+00:00")
    monkeypatch.setattr(cli, "run_app", lambda args: pytest.fail("the TUI would have started"))
    codes: Counter = Counter()

    @settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @example(["--data-dir", "a\x00b", "recap"])
    @example(["recap", "--data-dir", "x" * 5000])
    @example(["import", "a\x00b", "--data-dir", str(folder / "import-nul")])
    @example(["export", "--format", "json", "--output", "a\x00"])
    @example(["--data-dir", str(demo_dir), "export", "--format", "md", "--from", "9999-06-01", "--to", "9999-12-31"])
    @example(["--data-dir", str(demo_dir), "export", "--format", "md", "--from", "9999-12-25", "--to", "9999-12-31"])
    @example(["--data-dir", str(demo_dir), "recap", "--night", "9999-12-31", "--json"])
    @example(["--data-dir", str(demo_dir), "recap", "--night", "0001-01-01"])
    @example(["--data-dir", str(demo_dir), "export", "--format", "csv", "--from", "0001-01-01", "--to", "9999-12-31"])
    @example(["import", str(folder / "hostile.json"), "--data-dir", str(folder / "import-hostile")])
    @example(["import", str(folder / "deep.json"), "--data-dir", str(folder / "import-deep")])
    @example(["import", str(folder / "export.json"), "--data-dir", str(folder / "import-ok")])
    @example(["--data-dir", str(demo_dir), "export", "--format", "md", "--output", "no\nsuch\x1b[31m/x"])
    @example(["import", "no\nfile\x1b]0;title\x07", "--data-dir", str(folder / "import-none")])
    @given(cli_argv(str(demo_dir), str(folder)))
    def run(argv: list[str]) -> None:
        started = time.perf_counter()
        code, out, err = run_cli(argv, capsys)
        took = time.perf_counter() - started
        codes[code] += 1
        shown = f"{argv!r:.300} -> {code}\n{err[-2000:]}"
        assert "Traceback" not in err + out, shown
        assert code in (0, 1, 2), shown
        assert took < 15, f"{argv!r:.300} took {took:.1f} s"
        if code == 1:
            lines = err.strip().splitlines()
            assert lines and all(line.startswith("companion:") for line in lines), shown
        if code == 2:
            assert err.strip().splitlines()[-1].startswith("companion"), shown
        assert not CONTROL.search(err.replace("\n", "")), f"a control character in the message: {shown}"

    run()
    print(f"\nCLI exit codes over {sum(codes.values())} runs: {dict(codes)}")
    assert codes[0] and codes[1] and codes[2]


async def test_an_export_carrying_hostile_text_is_refused_or_shown_literally(demo_dir: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    """`companion import` of a file whose names and steps carry markup, escape sequences and NUL:
    refused in one line with nothing written, or imported and then shown by the app exactly,
    with no control character reaching the screen."""
    folder = tmp_path / "cli"
    folder.mkdir()
    hostile_export(demo_dir, folder)
    monkeypatch.setenv("COMPANION_NOW", "2026-11-20T19:30:00+00:00")
    target = tmp_path / "imported"
    code, _, err = run_cli(["import", str(folder / "hostile.json"), "--data-dir", str(target)], capsys)
    assert code in (0, 1), err
    clock = ManualClock(pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE))
    if code == 1:
        assert err.startswith("companion: ") and len(err.strip().splitlines()) == 1
        store = Store.open(target, clock)
        assert store.children() == []
        store.close()
        return
    s = Session(target, clock, "household")
    await s.start()
    try:
        assert not control_characters_on_screen(s.app)
        assert "[@click=app.quit]Mia" in options(base_pane(s))
    finally:
        await s.stop()
