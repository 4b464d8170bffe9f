"""A whole evening and the morning after, in the real `companion`, by keys alone.

Friday 20 November, 18:45, a fresh data dir. The parent sets up the household (Mia, 6, and
Leo, 4, and Sam who does bedtime), shortens Mia's quiet-mode wait to 3 s and gives her chart
the target "stayed in my room after using the pass". Then bedtime: start it, who did it, the
bath checked; teeth asked for once in quiet mode and done; books asked for, repeated once after
the wait, done; both checked. A worry is written and put to bed in the box. Lights out, Mia
uses her pass for a drink and comes back, calls out once after it, and falls asleep. Quit.

Saturday 07:10, relaunched on the same data dir: the app opens on the recap by itself and shows
the night as the evening logged it, gives the star with its praise, the chart counts it, the
worry is back from the box for a look (and went away), and Leo's night is his own: nothing.

`COMPANION_NOW` pins only the start: the clock then runs on, and the night log refuses times
still to come, so everything is logged "now" (enter at "when?"). Times and spans are read off
the evening's screen and must come back the same in the morning; spans of a few seconds are
matched by their form.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from tests.e2e.companion_cli import MORNING, launch, needs_companion, type_slowly, wait_for_pattern
from tests.support.terminal import Terminal

FRIDAY_1845 = {"COMPANION_NOW": "2026-11-20T18:45:00+00:00", "TZ": "UTC"}
MIA_BAR = "Mia  ·  6 years  ·  night of Fri 20 Nov"
LEO_BAR = "Leo  ·  4 years  ·  night of Fri 20 Nov"
TARGET = "stayed in my room after using the pass"
PRAISE = "I like the way you stayed in your room after using the pass. Here is a star for your chart."
WORRY = "A monster under the bed"
SOLUTION = "Shine the big torch"
TIME = r"(\d\d:\d\d)"
SPAN = r"(\d+ s|\d+ min)"  # how the app writes a span of seconds (a minute on a slow machine)

pytestmark = needs_companion


class Night(NamedTuple):
    """What the evening's screen said was logged, to be found again in the morning."""

    routine_took: str
    lights_out: str
    pass_used: str
    asleep: str


def caught(term: Terminal, pattern: str) -> str:
    """Wait for `pattern` on screen and return what its one group matched."""
    compiled = re.compile(pattern)
    match = compiled.search(wait_for_pattern(term, compiled))
    assert match is not None
    return match.group(1)


def rows(term: Terminal) -> list[str]:
    term.settle(0.2)
    return [line.strip() for line in term.text().splitlines()]


def unwrapped(term: Terminal) -> str:
    """The screen as one line of words: a sentence wrapped over two rows reads whole."""
    term.settle(0.2)
    return " ".join(term.text().replace("│", " ").split())


# -- Friday evening -------------------------------------------------------------------------


def set_up_two_children(term: Terminal) -> None:
    term.wait_for("Welcome to companion")
    term.settle(0.2)
    type_slowly(term, "Mia")
    term.press("enter")
    type_slowly(term, "2020-03-01")
    term.press("enter")
    term.wait_for("Added: Mia (6 years)")
    type_slowly(term, "Leo")
    term.press("enter")
    type_slowly(term, "2022-06-01")
    term.press("enter")
    term.wait_for("Added: Mia (6 years), Leo (4 years)")
    term.press("tab", "tab", pause=0.15)
    type_slowly(term, "Sam")
    term.press("enter")
    term.wait_for("Added: Sam")
    term.press("ctrl+s")
    term.wait_for("Not started yet · space checks a step")
    term.wait_for(MIA_BAR)
    term.wait_for("Pass: 1 left tonight · v to use one.")


def shorten_the_quiet_wait(term: Terminal) -> None:
    """Household (h), then p on Mia: the wait from 10 s to 3 s; the pass plan stays at one."""
    term.press("h")
    term.wait_for("Leo  born 01 Jun 2022  ·  4 years")
    term.wait_for("● Mia  born 01 Mar 2020  ·  6 years")
    term.wait_for("Mia: wait 10 s · 1 pass tonight, trip 5 min  (p to change)")
    term.press("p")
    term.wait_for("Mia: quiet-mode wait, bedtime pass, reward chart")
    term.settle(0.2)
    term.press("backspace", "backspace")
    type_slowly(term, "3")
    # Enter moves to the next field, the last one saves; the pause lets each move land.
    term.press(*["enter"] * 8, pause=0.2)
    term.wait_for("Mia: wait 3 s · 1 pass tonight, trip 5 min  (p to change)")


def set_the_pass_target(term: Terminal) -> None:
    term.press("4")
    term.wait_for("No target yet. t sets one")
    term.press("t")
    term.wait_for("A new step on Mia's ladder")
    term.settle(0.2)
    type_slowly(term, TARGET)
    term.press("enter")
    term.wait_for("The target starts tonight.")
    term.wait_for(f"Target: {TARGET}  (step 1 of 1)")
    term.wait_for("Earned 0 · spent 0 · to spend 0")


def start_bedtime_and_check_the_bath(term: Terminal) -> None:
    term.press("1")
    term.wait_for("Not started yet · space checks a step")
    term.press("b")
    started = caught(term, rf"Bedtime started at {TIME}\.")
    term.wait_for(f"Started {started} · ")
    term.press("a")
    term.wait_for("Who did bedtime tonight?")
    term.settle(0.2)
    term.press("enter")
    term.wait_for("Bedtime by: Sam")
    check_step(term, "bath")
    term.wait_for("▸       teeth")


def check_step(term: Terminal, step: str) -> None:
    term.press("space")
    at = caught(term, rf"Step done: {step} \({TIME}\)\.")
    term.wait_for(f"✓ {at}  {step}")


def say_it_once(term: Terminal, step: str) -> None:
    """Quiet mode offers the routine's next step; said once, and done within the wait."""
    term.press("2")
    term.wait_for(f"Time for {step}")
    term.wait_for("Say it once, out loud, then press enter.")
    term.press("enter")
    term.wait_for("You said it once. Let your body language do the talking.")
    term.press("d")
    wait_for_pattern(term, re.compile(r"Done after 0:0\d\."))
    term.wait_until_gone(f"Time for {step}")


def say_it_and_repeat_it_once(term: Terminal, step: str) -> None:
    """Said, the 3 s wait runs out to "show, don't tell", repeated once, then done."""
    term.press("2")
    term.wait_for(f"Time for {step}")
    term.press("enter")
    term.wait_for("You said it once.")
    term.wait_until_gone("Done after")  # the last instruction's outcome is cleared
    term.wait_for("Show, don't tell: start the step yourself.")
    term.press("r")
    term.wait_for("Counted.")
    term.wait_for("Show, don't tell: start the step yourself.  ·  repeated 1×")
    term.press("d")
    wait_for_pattern(term, re.compile(r"Done after 0:\d\d\."))
    term.wait_until_gone(f"Time for {step}")


def check_the_rest_of_the_routine(term: Terminal) -> str:
    term.press("1")
    term.wait_for("▸       teeth")  # quiet mode's "done" asks, it doesn't check the step
    check_step(term, "teeth")
    check_step(term, "books")
    return caught(term, rf"Started \d\d:\d\d · took {SPAN}")


def write_and_box_a_worry(term: Terminal) -> None:
    term.press("3")
    term.wait_for("No open worries. w writes one down")
    term.press("w")
    term.wait_for("A worry for Mia")
    term.settle(0.2)
    type_slowly(term, WORRY)
    term.press("tab", pause=0.15)  # the "drawing" checkbox
    term.press("tab", pause=0.15)  # the solutions
    type_slowly(term, SOLUTION)
    term.press("ctrl+s")
    term.wait_for("Written down.")
    term.wait_for(f"{WORRY}  ·  new Fri 20 Nov")
    term.wait_for(f"• {SOLUTION}")
    term.press("b")
    term.wait_for("1 worry put to bed. Goodnight, worries: see you in the morning.")
    term.wait_for("☾  1 worry asleep")
    term.wait_for("Mia's worries are in the box for the night.")
    assert WORRY not in term.text() and SOLUTION not in term.text()  # a closed box: a count, no words


def log_now(term: Terminal, key: str, what: str) -> str:
    """One key of the night log, enter at "when?" (now); returns the time it was logged at."""
    term.press(key)
    term.wait_for(f"{what}: when?")
    term.settle(0.1)
    term.press("enter")
    at = caught(term, rf"{what} at {TIME}\.")
    term.wait_for(f"{at}  {what.lower()}")
    return at


def put_the_light_out(term: Terminal) -> str:
    term.press("1")
    term.wait_for("Nothing logged yet.")
    return log_now(term, "l", "Lights out")


def redeem_the_pass_for_a_drink(term: Terminal) -> str:
    term.press("v")
    term.wait_for("Use the pass for…")
    term.wait_for("something else…")
    term.settle(0.2)
    term.press("down")  # from "a hug" to "a drink"
    term.press("enter")
    term.wait_for("Pass used for a drink: the trip timer runs 5 minutes.")
    used = caught(term, rf"Pass used {TIME} for a drink · trip [45]:\d\d left")
    term.wait_for("Rest of the night: calls out → ignore it, even")
    term.wait_for("Since the pass: 0 call-outs, 0 come-outs.")
    term.press("v")
    term.wait_for("Back in the room.")
    term.wait_until_gone("· trip ")
    term.wait_for(f"Pass used {used} for a drink")
    return used


def call_out_after_the_pass(term: Terminal) -> None:
    log_now(term, "k", "Called out")
    term.wait_for("Since the pass: 1 call-out, 0 come-outs.")


def quit_the_app(term: Terminal) -> None:
    term.press("ctrl+q")
    assert term.wait_exit() == 0


# -- Saturday morning -----------------------------------------------------------------------


def read_last_nights_recap(term: Terminal, night: Night) -> None:
    """The recap, opened by itself at 07:10, with the figures the evening logged (M1, M2)."""
    term.wait_for("The night of Friday 20 November")
    term.wait_for(MIA_BAR)
    term.wait_for("Good morning. Used the pass, then stayed in the room after it.")
    for row in (
        f"Routine          3 of 3 steps in {night.routine_took}",
        f"Lights out       {night.lights_out}",
        "Got up           0 (0 before the pass, 0 after)",
        "Called out       1 (0 before the pass, 1 after)",
        "Parents' bed     0",
        f"Pass             used {night.pass_used} for a drink · stayed in after it",
        "Worries          1 waiting in the box",
    ):
        term.wait_for(row)
    asleep_after = caught(term, rf"Fell asleep      {night.asleep}, {SPAN} after lights out")
    quiet_after = caught(term, rf"Time to quiet    {SPAN} after lights out")
    wait_for_pattern(term, re.compile(rf"Said once        1 of 2 said once · 1 repeat · {SPAN} to comply \(median\)"))
    lines = rows(term)
    assert f"Fell asleep      {night.asleep}, {asleep_after} after lights out" in lines
    assert f"Time to quiet    {quiet_after} after lights out" in lines
    assert f"Star give it now: {PRAISE}" in unwrapped(term)
    assert WORRY not in term.text()  # the recap counts worries, never shows their words
    assert "After goodnight" not in term.text()  # not the evening pane


def give_the_star(term: Terminal) -> None:
    term.press("s")
    term.wait_for("A star for Mia. Read the praise aloud (the Star row).")
    term.wait_for("Star             given: I like the way")
    term.wait_until_gone("Give the star")  # the key goes: the night has its star
    assert f"Star given: {PRAISE}" in unwrapped(term)


def see_the_star_on_the_chart(term: Terminal) -> None:
    term.press("4")
    term.wait_for(f"Target: {TARGET}  (step 1 of 1)")
    # A star counts as earned once its ten minutes to take it back are over (R4).
    term.wait_for("Earned 0 · spent 0 · to spend 0 · 1 just given (x takes it back within 10 min)")
    assert PRAISE in unwrapped(term)
    week = next(line for line in rows(term) if line.startswith("16 Nov"))
    assert week.count("★") == 1


def review_the_worry(term: Terminal) -> None:
    """Back from the box for a look (W3), and gone away."""
    term.press("3")
    term.wait_for("Back from the box, waiting for a look: 1. g gone away · k still there · s new solutions.")
    term.wait_for(f"☀ {WORRY}  ·  1 night in the box")
    term.wait_for("In their words:")
    term.wait_for(f"• {SOLUTION}")
    term.wait_for("in the box 1 night: 20 Nov")
    lines = rows(term)
    assert lines[lines.index("In their words:") + 1] == WORRY
    term.press("g")
    term.wait_for(f"“{WORRY}” went away: kept in the history (l).")
    term.wait_for("No open worries. w writes one down")


def leo_had_a_night_of_his_own(term: Terminal) -> None:
    term.press("5")
    term.wait_for("Star             given: I like the way")
    term.press("c")
    term.wait_for(LEO_BAR)
    term.wait_for("Good morning. Nothing was logged last night; tonight is a fresh start.")
    term.wait_for("Lights out       not recorded")
    assert "Pass             not recorded" in rows(term)


def test_a_whole_evening_by_keys_alone_comes_back_in_the_morning_recap(tmp_path: Path) -> None:
    data = tmp_path / "data"

    with launch(data, env=FRIDAY_1845) as term:
        set_up_two_children(term)
        shorten_the_quiet_wait(term)
        set_the_pass_target(term)
        start_bedtime_and_check_the_bath(term)
        say_it_once(term, "teeth")
        say_it_and_repeat_it_once(term, "books")
        routine_took = check_the_rest_of_the_routine(term)
        write_and_box_a_worry(term)
        lights_out = put_the_light_out(term)
        pass_used = redeem_the_pass_for_a_drink(term)
        call_out_after_the_pass(term)
        asleep = log_now(term, "z", "Fell asleep")
        quit_the_app(term)

    night = Night(routine_took, lights_out, pass_used, asleep)
    with launch(data, env=MORNING) as term:
        read_last_nights_recap(term, night)
        give_the_star(term)
        see_the_star_on_the_chart(term)
        review_the_worry(term)
        leo_had_a_night_of_his_own(term)
        quit_the_app(term)
