"""The morning's celebration line (rule M3): warm whatever the night was like, and naming a
real win from the data where there is one. Computed, never random, never false.

Every win is a claim about figures of the recap, checked against a threshold, and returned as
a structured value (`Win`: its kind and the numbers behind it) so a test or a curious parent
can verify it. Numbers in the words are rounded towards the modest side (floored), so a line
never says more than the data holds.

The wins, strongest first (the line names the first that holds):

1. STAYED_IN: a pass was used and the child stayed in after it (no get-up, no trip to the
   parents' bed after the last pass). The target the pass is for (P3), and the night's star.
2. FASTER_ASLEEP: asleep at least 10 min faster than the average of the nights in the week
   before (the 7 calendar nights before it) that have a time to fall asleep, when at least 3 do.
3. QUIET_NIGHT: lights out logged, and no get-up, no call-out, no trip to the parents' bed.
4. NO_GET_UPS: lights out logged, and no get-up and no trip to the parents' bed.
5. NO_CALL_OUTS: lights out logged, and no call-out.
6. SAID_ONCE: quiet mode used at least once, and every instruction said once (no repeat).
   The parent's win: repeats are the number that should fall over the weeks (Q2).
7. ROUTINE_DONE: every step of the routine done.
8. SCREENS_OFF_EARLY: screens off at least 2 h before lights out (E3).

When none holds, the line claims nothing: one of a few warm lines, chosen by the night's date.
"""

from __future__ import annotations

import math
from datetime import timedelta
from enum import StrEnum
from typing import NamedTuple

from companion.domain.evening import SCREENS_OFF_ENOUGH
from companion.domain.night import describe_duration
from companion.domain.recap import NightRecap

FASTER_BY = timedelta(minutes=10)
WEEK = 7  # the nights before last night that it is compared with
FEWEST_NIGHTS = 3  # nights with a time to fall asleep needed for an average worth comparing
OPENING = "Good morning."
CLAIMS_NOTHING = (
    "Good morning. Every night logged helps you see the pattern.",
    "Good morning. Last night is written down; the pattern shows over weeks, not in one night.",
    "Good morning. Whatever the night was like, tonight is a fresh start.",
)
NOTHING_LOGGED = "Good morning. Nothing was logged last night; tonight is a fresh start."


class WinKind(StrEnum):
    STAYED_IN = "stayed_in"
    FASTER_ASLEEP = "faster_asleep"
    QUIET_NIGHT = "quiet_night"
    NO_GET_UPS = "no_get_ups"
    NO_CALL_OUTS = "no_call_outs"
    SAID_ONCE = "said_once"
    ROUTINE_DONE = "routine_done"
    SCREENS_OFF_EARLY = "screens_off_early"


PRIORITY = tuple(WinKind)  # the order above: strongest first


class Win(NamedTuple):
    """A true thing about the night, with the numbers that make it true.

    figures by kind: STAYED_IN passes_used; FASTER_ASLEEP tonight_seconds, average_seconds,
    faster_seconds, nights (in the average), faster_minutes (floored, as said); SAID_ONCE
    instructions; ROUTINE_DONE steps, minutes (floored; absent when not timed); SCREENS_OFF_EARLY
    seconds_before_bed; the others none."""

    kind: WinKind
    sentence: str  # without the greeting
    figures: dict[str, float]  # no default: a NamedTuple would share one dict between wins

    def __hash__(self) -> int:
        """The figures (a dict) stay out of the hash, as they did: a win stays hashable."""
        return hash((self.kind, self.sentence))


class Celebration(NamedTuple):
    line: str
    win: Win | None  # None: the line claims nothing


def find_wins(last: NightRecap, earlier: list[NightRecap]) -> list[Win]:
    """Every win that holds for `last`, strongest first. `earlier` may hold any nights: only
    the 7 calendar nights before `last` count towards the week's average."""
    wins = [
        _stayed_in(last),
        _faster_asleep(last, earlier),
        _quiet_night(last),
        _no_get_ups(last),
        _no_call_outs(last),
        _said_once(last),
        _routine_done(last),
        _screens_off_early(last),
    ]
    return [win for win in wins if win is not None]


def celebration(last: NightRecap, earlier: list[NightRecap]) -> Celebration:
    wins = find_wins(last, earlier)
    if wins:
        return Celebration(f"{OPENING} {wins[0].sentence}", wins[0])
    if not last.logged:
        return Celebration(NOTHING_LOGGED, None)
    return Celebration(CLAIMS_NOTHING[last.night.toordinal() % len(CLAIMS_NOTHING)], None)


def celebrate(last: NightRecap, earlier: list[NightRecap]) -> str:
    """The warm opening line of the morning recap (M3)."""
    return celebration(last, earlier).line


def week_before(last: NightRecap, earlier: list[NightRecap]) -> list[NightRecap]:
    """The earlier nights that fall in the 7 calendar nights before `last`, one per night."""
    first = last.night - timedelta(days=WEEK)
    nights = {recap.night: recap for recap in earlier if first <= recap.night < last.night}
    return [nights[night] for night in sorted(nights)]


# -- the wins ---------------------------------------------------------------------------------


def _stayed_in(last: NightRecap) -> Win | None:
    if not last.stayed_in:
        return None
    return Win(WinKind.STAYED_IN, "Used the pass, then stayed in the room after it.", {"passes_used": len(last.passes)})


def _faster_asleep(last: NightRecap, earlier: list[NightRecap]) -> Win | None:
    if last.time_to_sleep is None:
        return None
    spans = [recap.time_to_sleep for recap in week_before(last, earlier) if recap.time_to_sleep is not None]
    if len(spans) < FEWEST_NIGHTS:
        return None
    average = sum(span.total_seconds() for span in spans) / len(spans)
    tonight = last.time_to_sleep.total_seconds()
    faster = average - tonight
    if faster < FASTER_BY.total_seconds():
        return None
    minutes = math.floor(faster / 60)
    # "The nights before", not "the week": the trends' week ends with last night itself.
    over = f"the {WEEK} nights before" if len(spans) == WEEK else f"{len(spans)} of the {WEEK} nights before"
    sentence = (
        f"Asleep {minutes} min faster than on the nights before "
        f"({describe_duration(last.time_to_sleep)} against {describe_duration(timedelta(seconds=average))}"
        f" on average over {over})."
    )
    figures = {
        "tonight_seconds": tonight,
        "average_seconds": average,
        "faster_seconds": faster,
        "faster_minutes": minutes,
        "nights": len(spans),
    }
    return Win(WinKind.FASTER_ASLEEP, sentence, figures)


def _settled(last: NightRecap) -> bool:
    return last.lights_out is not None and last.got_up is not None


def _quiet_night(last: NightRecap) -> Win | None:
    if not _settled(last) or last.got_up.total or last.called_out.total or last.parents_bed:  # type: ignore[union-attr]
        return None
    return Win(WinKind.QUIET_NIGHT, "A quiet night: no get-ups and no call-outs.", {})


def _no_get_ups(last: NightRecap) -> Win | None:
    if not _settled(last) or last.got_up.total or last.parents_bed:  # type: ignore[union-attr]
        return None
    return Win(WinKind.NO_GET_UPS, "No get-ups last night.", {})


def _no_call_outs(last: NightRecap) -> Win | None:
    if not _settled(last) or last.called_out.total:  # type: ignore[union-attr]
        return None
    return Win(WinKind.NO_CALL_OUTS, "No calling out last night.", {})


def _said_once(last: NightRecap) -> Win | None:
    quiet = last.quiet
    if quiet is None or quiet.instructions == 0 or quiet.repeats:
        return None
    if quiet.instructions == 1:
        sentence = "You said the instruction once, with no repeat: that's the hard part."
    else:
        sentence = f"You said every instruction once ({quiet.instructions} of {quiet.instructions}), with no repeats."
    return Win(WinKind.SAID_ONCE, sentence, {"instructions": quiet.instructions})


def _routine_done(last: NightRecap) -> Win | None:
    if not last.routine_done:
        return None
    steps = len(last.steps)
    figures: dict[str, float] = {"steps": steps}
    done = f"The whole routine done, all {steps} steps" if steps > 1 else "The routine done"
    if not last.routine_length:  # not timed (a single step checked without the start key)
        return Win(WinKind.ROUTINE_DONE, f"{done}.", figures)
    figures["minutes"] = math.floor(last.routine_length.total_seconds() / 60)
    sentence = f"{done}, in {describe_duration(last.routine_length)}."
    return Win(WinKind.ROUTINE_DONE, sentence, figures)


def _screens_off_early(last: NightRecap) -> Win | None:
    gap = last.screens_before_bed
    if gap is None or gap < SCREENS_OFF_ENOUGH:
        return None
    return Win(
        WinKind.SCREENS_OFF_EARLY,
        f"Screens off {describe_duration(gap)} before lights out.",
        {"seconds_before_bed": gap.total_seconds()},
    )
