"""The worry box (rules W1–W4): a child's worries written by day, put to bed in a box at
bedtime, and looked at again the next morning.

Every change is a record (written, edited, boxed, gone, kept), folded here into worries, so
a worry's history (each version of its words and solutions, each night in the box, when it
went away) is never overwritten.

The box of night N (the night-of rule, E5) is closed from the moment the parent puts the
worries to bed until MORNING_HOUR local on the calendar day after N. Judgment call: the
night-of rule alone would keep the box shut until noon, past breakfast, when the guidance
wants the worries looked at; 05:00 is where the morning window of rule M1 starts. So the
morning (05:00–12:00) is for opening the box, and putting worries to bed is for the rest of
the day and night.

The functions take one child's worries, and the time and zone as arguments: no clock here.
Instants are compared in UTC (stdlib comparison within one zone reads the wall clock).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from companion.domain.errors import InvalidInput
from companion.domain.night import is_morning, morning_after, night_of
from companion.domain.text import clean_block, clean_capped_line, same_text
from companion.domain.worry_kinds import OUTCOMES, WorryKind

TEXT_LIMIT = 2000
SOLUTION_LIMIT = 200
MOST_SOLUTIONS = 10
HELPER_LIMIT = 40
HELPER_LINE_LIMIT = 120
HELPERS = ("monster trap", "guardian dragon", "guardian fairy")
EMPTY_WORRY = "Write the worry (or what the child drew) first."


class WorryContent(NamedTuple):
    """What the parent wrote: the worry in the child's words (or, `drawn`, a note of what the
    child drew), solutions thought of together, and an optional helper with a line about it."""

    text: str
    drawn: bool = False
    solutions: tuple[str, ...] = ()
    helper: str = ""  # one of HELPERS, the parent's own, or "" for none
    helper_line: str = ""


class WorryRecord(NamedTuple):
    """One change to one worry. `night` is the night `at` belongs to (E5): for BOXED, the night
    whose box it went into. `content` is there for WRITTEN and EDITED only."""

    id: str
    worry_id: str
    child_id: str
    kind: WorryKind
    at: datetime
    night: date
    content: WorryContent | None = None


class WorryVersion(NamedTuple):
    at: datetime
    content: WorryContent


class Boxing(NamedTuple):
    """A night the worry spent in the box, and when it was put in."""

    night: date
    at: datetime


class Review(NamedTuple):
    """A look at the worry: it went away (GONE) or is still there (KEPT)."""

    at: datetime
    outcome: WorryKind


class Worry(NamedTuple):
    id: str
    child_id: str
    versions: tuple[WorryVersion, ...]  # as written first, then each edit, in time order
    boxings: tuple[Boxing, ...]  # one per night, in night order
    gone: datetime | None
    reviews: tuple[Review, ...]

    @property
    def content(self) -> WorryContent:
        return self.versions[-1].content

    @property
    def added(self) -> datetime:
        return self.versions[0].at

    @property
    def boxed_nights(self) -> tuple[date, ...]:
        return tuple(boxing.night for boxing in self.boxings)


class BoxState(NamedTuple):
    """A closed box: what the pane shows instead of any worry."""

    night: date
    closed_at: datetime
    opens: datetime
    inside: int  # worries in the box tonight
    waiting: int  # worries that wait for tomorrow (written after the box closed)


class WorryCounts(NamedTuple):
    """Numbers only, never text (W4): for the recap and exports."""

    open: int  # not gone: in the box, waiting, or out
    boxed_tonight: int
    to_review: int
    gone: int


# -- folding records into worries ---------------------------------------------------------


def worries_of(records: Iterable[WorryRecord]) -> list[Worry]:
    """Every worry in the records, oldest first. Records of a worry never written (a damaged
    file) are left out rather than shown as a worry with no words."""
    by_worry: dict[str, list[WorryRecord]] = {}
    for record in sorted(records, key=lambda record: _ts(record.at)):
        by_worry.setdefault(record.worry_id, []).append(record)
    worries = [worry for group in by_worry.values() if (worry := _fold(group)) is not None]
    return sorted(worries, key=lambda worry: _ts(worry.added))


def _fold(records: list[WorryRecord]) -> Worry | None:
    written = [r for r in records if r.kind is WorryKind.WRITTEN and r.content is not None]
    if not written:
        return None
    edits = [r for r in records if r.kind is WorryKind.EDITED and r.content is not None]
    versions = tuple(WorryVersion(r.at, r.content) for r in [written[0], *edits])  # type: ignore[arg-type]
    boxed: dict[date, datetime] = {}
    for record in records:
        if record.kind is WorryKind.BOXED:
            boxed.setdefault(record.night, record.at)
    reviews = tuple(Review(r.at, r.kind) for r in records if r.kind in OUTCOMES)
    gone = next((review.at for review in reviews if review.outcome is WorryKind.GONE), None)
    return Worry(
        id=written[0].worry_id,
        child_id=written[0].child_id,
        versions=versions,
        boxings=tuple(Boxing(night, at) for night, at in sorted(boxed.items())),
        gone=gone,
        reviews=reviews,
    )


# -- the box ------------------------------------------------------------------------------


def box_opens(night: date, zone: str) -> datetime:
    """When the box of `night` opens: in the morning after it."""
    return morning_after(night, zone)


def closed_box(worries: list[Worry], now: datetime, zone: str) -> BoxState | None:
    """The box, if it is closed now (worries were put to bed tonight and it is not yet
    morning); None when it is open."""
    night = night_of(now, zone)
    opens = box_opens(night, zone)
    put_in = [boxing.at for worry in worries if (boxing := _boxing(worry, night)) and _ts(boxing.at) <= _ts(now)]
    if not put_in or _ts(now) >= _ts(opens):
        return None
    waiting = sum(1 for worry in worries if worry.gone is None and not _in_box(worry, night, now))
    return BoxState(night=night, closed_at=min(put_in, key=_ts), opens=opens, inside=len(put_in), waiting=waiting)


def box_closed_until(worries: list[Worry], now: datetime, zone: str) -> datetime | None:
    """When the closed box opens, or None if it is open."""
    state = closed_box(worries, now, zone)
    return state.opens if state else None


def to_put_to_bed(worries: list[Worry], now: datetime, zone: str) -> list[Worry]:
    """What one key at bedtime puts in the box: every open worry not already in tonight's box.
    Nothing once the box has closed for tonight (a worry written since waits for tomorrow), and
    nothing in the morning, when the box is open for looking at last night's worries."""
    if is_morning(now, zone) or closed_box(worries, now, zone):
        return []
    night = night_of(now, zone)
    return [worry for worry in worries if worry.gone is None and night not in worry.boxed_nights]


def check_bedtime(now: datetime, zone: str) -> None:
    """Putting worries to bed in the morning window would close the box over breakfast."""
    if is_morning(now, zone):
        raise InvalidInput("It's morning: the box is open today. Put the worries to bed at bedtime.")


def to_review(worries: list[Worry], now: datetime, zone: str) -> list[Worry]:
    """Worries back from the box and not looked at since it opened: gone, still there, or
    given new solutions (an edit) are each a look."""
    return [worry for worry in worries if _waiting_review(worry, now, zone)]


def _waiting_review(worry: Worry, now: datetime, zone: str) -> bool:
    if worry.gone is not None or not worry.boxings:
        return False
    opened = _ts(box_opens(worry.boxings[-1].night, zone))
    if _ts(now) < opened:
        return False
    looks = [review.at for review in worry.reviews] + [version.at for version in worry.versions[1:]]
    return not any(_ts(at) >= opened for at in looks)


def nights_in_box(worry: Worry) -> int:
    """Nights the worry has spent in the box (each night once, whatever the clocks did)."""
    return len(worry.boxings)


def open_worries(worries: list[Worry], now: datetime, zone: str) -> list[Worry]:
    """The worries the pane lists, oldest first; none while the box is closed (the pane
    shows the closed box instead, and a worry written since waits for tomorrow)."""
    if closed_box(worries, now, zone):
        return []
    return [worry for worry in worries if worry.gone is None]


def gone_worries(worries: list[Worry]) -> list[Worry]:
    """The history: worries that went away, in the order they went."""
    gone = [worry for worry in worries if worry.gone is not None]
    return sorted(gone, key=lambda worry: _ts(worry.gone))  # type: ignore[arg-type]


def worry_counts(worries: list[Worry], now: datetime, zone: str) -> WorryCounts:
    state = closed_box(worries, now, zone)
    return WorryCounts(
        open=sum(1 for worry in worries if worry.gone is None),
        boxed_tonight=state.inside if state else 0,
        to_review=len(to_review(worries, now, zone)),
        gone=sum(1 for worry in worries if worry.gone is not None),
    )


def check_edit(worry: Worry, now: datetime, zone: str) -> None:
    """Words and solutions can change any time the worry is out of the box and not gone."""
    if worry.gone is not None:
        raise InvalidInput("That worry has gone away; if it comes back, write it again.")
    _check_out_of_box(worry, now, zone)


def check_review(worry: Worry, outcome: WorryKind, now: datetime, zone: str) -> None:
    """Gone: any time the worry is out of the box. Still there: once it is back from the box."""
    if outcome not in OUTCOMES:
        raise ValueError(f"not a review outcome: {outcome!r}")
    if worry.gone is not None:
        raise InvalidInput("That worry has already gone away.")
    _check_out_of_box(worry, now, zone)
    if outcome is WorryKind.KEPT and not _waiting_review(worry, now, zone):
        raise InvalidInput("Only a worry back from the box can be carried forward.")


def _check_out_of_box(worry: Worry, now: datetime, zone: str) -> None:
    night = night_of(now, zone)
    if _in_box(worry, night, now) and _ts(now) < _ts(box_opens(night, zone)):
        raise InvalidInput("That worry is in the box until the morning.")


def _in_box(worry: Worry, night: date, now: datetime) -> bool:
    boxing = _boxing(worry, night)
    return boxing is not None and _ts(boxing.at) <= _ts(now)


def _boxing(worry: Worry, night: date) -> Boxing | None:
    return next((boxing for boxing in worry.boxings if boxing.night == night), None)


def _ts(instant: datetime) -> float:
    return instant.timestamp()


# -- what the parent typed ----------------------------------------------------------------


def clean_worry(
    text: str,
    drawn: bool = False,
    solutions: Iterable[str] = (),
    helper: str = "",
    helper_line: str = "",
) -> tuple[WorryContent, tuple[str, ...]]:
    """The content to keep, and notes for the parent about anything cut to its limit.

    Text is kept exactly as typed (no normalisation: emoji, CJK, right-to-left text, combining
    marks and markup-like brackets stay as they are). An empty worry, a line break inside a
    one-line field or control characters raise InvalidInput; over-long text is cut, never
    refused, and cut before it is checked, so a 1 MB paste is quick.
    """
    what = "note of the drawing" if drawn else "worry"
    words, note = clean_block(text, what=what, limit=TEXT_LIMIT, empty=EMPTY_WORRY)
    notes = [note]
    kept_solutions = []
    for solution in solutions:
        if solution.strip():
            line, note = clean_capped_line(solution, what="solution", limit=SOLUTION_LIMIT)
            kept_solutions.append(line)
            notes.append(note)
    if len(kept_solutions) > MOST_SOLUTIONS:
        raise InvalidInput(
            f"That's {len(kept_solutions)} solutions; keep it to the {MOST_SOLUTIONS} that help most."
        )
    chosen, note = _clean_helper(helper)
    notes.append(note)
    line = ""
    if helper_line.strip():
        if not chosen:
            raise InvalidInput("Choose a helper for that line, or leave the line empty.")
        line, note = clean_capped_line(helper_line, what="helper's line", limit=HELPER_LINE_LIMIT)
        notes.append(note)
    content = WorryContent(text=words, drawn=drawn, solutions=tuple(kept_solutions), helper=chosen, helper_line=line)
    return content, tuple(note for note in notes if note)


def _clean_helper(helper: str) -> tuple[str, str]:
    if not helper.strip():
        return "", ""
    known = next((name for name in HELPERS if same_text(name, helper.strip())), None)
    if known:
        return known, ""
    return clean_capped_line(helper, what="helper", limit=HELPER_LIMIT)


def add_solutions(content: WorryContent, new: Iterable[str]) -> tuple[WorryContent, tuple[str, ...]]:
    """The content with new solutions after the old ones (the morning's "new solutions")."""
    return clean_worry(
        content.text, content.drawn, (*content.solutions, *new), content.helper, content.helper_line
    )
