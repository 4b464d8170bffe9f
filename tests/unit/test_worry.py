"""The worry box (rules W1–W3, issue 5 points 1, 2, 3, 5, 8): a worry's life cycle folded from
its records on a manual clock, and what a parent types, kept exactly.

Every instant is explicit, in Europe/London. The box is put to bed the way the store does it:
one BOXED record per worry `to_put_to_bed` returns, for the night the instant belongs to.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from itertools import count

import pytest

from companion.clock import ManualClock
from companion.domain.errors import InvalidInput
from companion.domain.night import elapsed, night_of
from companion.domain.worry import (
    EMPTY_WORRY,
    HELPERS,
    MOST_SOLUTIONS,
    TEXT_LIMIT,
    Worry,
    WorryContent,
    WorryCounts,
    WorryKind,
    WorryRecord,
    add_solutions,
    box_closed_until,
    check_bedtime,
    check_edit,
    check_review,
    clean_worry,
    closed_box,
    gone_worries,
    nights_in_box,
    open_worries,
    to_put_to_bed,
    to_review,
    worries_of,
    worry_counts,
)
from tests.unit.records import LONDON, ZONE

_ids = count(1)


def at(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0, *, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON, fold=fold)


class Box:
    """One child's worry records, changed the way the store changes them."""

    def __init__(self) -> None:
        self.records: list[WorryRecord] = []

    @property
    def worries(self) -> list[Worry]:
        return worries_of(self.records)

    def worry(self, worry_id: str) -> Worry:
        return next(worry for worry in self.worries if worry.id == worry_id)

    def write(self, when: datetime, text: str = "There's a monster under the bed", **fields: object) -> str:
        content, _ = clean_worry(text, **fields)  # type: ignore[arg-type]
        worry_id = f"w{next(_ids)}"
        self._add(worry_id, WorryKind.WRITTEN, when, content)
        return worry_id

    def edit(self, worry_id: str, when: datetime, content: WorryContent) -> None:
        check_edit(self.worry(worry_id), when, ZONE)
        self._add(worry_id, WorryKind.EDITED, when, content)

    def put_to_bed(self, when: datetime) -> int:
        check_bedtime(when, ZONE)
        going = to_put_to_bed(self.worries, when, ZONE)
        for worry in going:
            self._add(worry.id, WorryKind.BOXED, when)
        return len(going)

    def review(self, worry_id: str, outcome: WorryKind, when: datetime) -> None:
        check_review(self.worry(worry_id), outcome, when, ZONE)
        self._add(worry_id, outcome, when)

    def _add(self, worry_id: str, kind: WorryKind, when: datetime, content: WorryContent | None = None) -> None:
        self.records.append(
            WorryRecord(f"r{next(_ids)}", worry_id, "mia", kind, when, night_of(when, ZONE), content)
        )


def ids(worries: list[Worry]) -> list[str]:
    return [worry.id for worry in worries]


def refused(change) -> str:
    with pytest.raises(InvalidInput) as caught:
        change()
    return str(caught.value)


# -- putting worries to bed (W2) -----------------------------------------------------------


def test_one_key_at_bedtime_puts_every_open_worry_in_the_box_and_the_box_shows_only_a_count() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 20, 16, 0))
    dark = box.write(at(2026, 11, 20, 17, 30), "The dark is too dark")
    clock = ManualClock(at(2026, 11, 20, 19, 29))
    assert ids(open_worries(box.worries, clock.now(), ZONE)) == [monster, dark]
    assert closed_box(box.worries, clock.now(), ZONE) is None

    clock.set(at(2026, 11, 20, 19, 30))
    assert box.put_to_bed(clock.now()) == 2

    state = closed_box(box.worries, clock.now(), ZONE)
    assert state is not None
    assert (state.inside, state.waiting) == (2, 0)
    assert state.closed_at == at(2026, 11, 20, 19, 30)
    assert state.opens == at(2026, 11, 21, 5, 0)
    assert box_closed_until(box.worries, clock.now(), ZONE) == at(2026, 11, 21, 5, 0)
    # No worry shows while the box is closed, and the key again puts nothing more in.
    assert open_worries(box.worries, clock.now(), ZONE) == []
    assert to_put_to_bed(box.worries, clock.now(), ZONE) == []
    assert box.put_to_bed(clock.now()) == 0
    assert worry_counts(box.worries, clock.now(), ZONE) == WorryCounts(open=2, boxed_tonight=2, to_review=0, gone=0)


def test_with_no_open_worries_nothing_goes_in_and_the_box_stays_open() -> None:
    box = Box()
    assert box.put_to_bed(at(2026, 11, 20, 19, 30)) == 0
    assert closed_box(box.worries, at(2026, 11, 20, 19, 30), ZONE) is None
    # So a worry that comes up later that evening can still go to bed tonight.
    late = box.write(at(2026, 11, 20, 20, 0))
    assert box.put_to_bed(at(2026, 11, 20, 20, 5)) == 1
    assert box.worry(late).boxed_nights == (date(2026, 11, 20),)


def test_a_worry_written_after_the_box_closed_waits_for_the_next_day() -> None:
    box = Box()
    box.write(at(2026, 11, 20, 16, 0))
    box.put_to_bed(at(2026, 11, 20, 19, 30))
    clock = ManualClock(at(2026, 11, 20, 20, 15))
    late = box.write(clock.now(), "What if the dragon is real")

    assert open_worries(box.worries, clock.now(), ZONE) == []
    assert box.put_to_bed(clock.now()) == 0  # not boxed tonight
    state = closed_box(box.worries, clock.now(), ZONE)
    assert (state.inside, state.waiting) == (1, 1)
    clock.set(at(2026, 11, 21, 1, 40))  # a waking in the night
    assert box.put_to_bed(clock.now()) == 0

    # In the morning it is an open worry that has not been in the box, so nothing to review.
    clock.set(at(2026, 11, 21, 7, 0))
    assert late in ids(open_worries(box.worries, clock.now(), ZONE))
    assert late not in ids(to_review(box.worries, clock.now(), ZONE))
    assert nights_in_box(box.worry(late)) == 0
    # The next bedtime it goes in with the others.
    clock.set(at(2026, 11, 21, 19, 30))
    assert box.put_to_bed(clock.now()) == 2
    assert box.worry(late).boxed_nights == (date(2026, 11, 21),)


# -- the box opens (W3) --------------------------------------------------------------------


def test_the_box_opens_at_five_in_the_morning_and_not_a_second_before() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 20, 16, 0))
    box.put_to_bed(at(2026, 11, 20, 19, 30))
    clock = ManualClock(at(2026, 11, 21, 4, 59, 59))
    assert closed_box(box.worries, clock.now(), ZONE) is not None
    assert to_review(box.worries, clock.now(), ZONE) == []
    assert "in the box" in refused(lambda: box.review(monster, WorryKind.GONE, clock.now()))

    clock.advance(seconds=1)
    assert closed_box(box.worries, clock.now(), ZONE) is None
    assert box_closed_until(box.worries, clock.now(), ZONE) is None
    assert ids(to_review(box.worries, clock.now(), ZONE)) == [monster]
    assert ids(open_worries(box.worries, clock.now(), ZONE)) == [monster]
    assert worry_counts(box.worries, clock.now(), ZONE) == WorryCounts(open=1, boxed_tonight=0, to_review=1, gone=0)


def test_the_morning_is_for_opening_the_box_not_putting_worries_to_bed() -> None:
    box = Box()
    box.write(at(2026, 11, 21, 8, 0))
    for hour in (5, 8, 11):
        assert to_put_to_bed(box.worries, at(2026, 11, 21, hour, 0), ZONE) == []
        assert "morning" in refused(lambda: box.put_to_bed(at(2026, 11, 21, hour, 0)))
    # From noon the day's worries can go to bed (a nap, an early night) and stay till 05:00.
    assert box.put_to_bed(at(2026, 11, 21, 12, 0)) == 1
    assert box_closed_until(box.worries, at(2026, 11, 21, 12, 0), ZONE) == at(2026, 11, 22, 5, 0)


def test_a_worry_that_went_away_moves_to_the_history_with_when_it_was_added_and_went() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 19, 16, 0))
    dark = box.write(at(2026, 11, 19, 16, 5), "The dark")
    box.put_to_bed(at(2026, 11, 19, 19, 30))
    box.review(monster, WorryKind.KEPT, at(2026, 11, 20, 7, 0))
    box.review(dark, WorryKind.GONE, at(2026, 11, 20, 7, 1))
    box.put_to_bed(at(2026, 11, 20, 19, 30))
    box.review(monster, WorryKind.GONE, at(2026, 11, 21, 7, 30))

    now = at(2026, 11, 21, 8, 0)
    assert open_worries(box.worries, now, ZONE) == []
    history = gone_worries(box.worries)
    assert ids(history) == [dark, monster]  # in the order they went
    assert [(w.added, w.gone, nights_in_box(w)) for w in history] == [
        (at(2026, 11, 19, 16, 5), at(2026, 11, 20, 7, 1), 1),
        (at(2026, 11, 19, 16, 0), at(2026, 11, 21, 7, 30), 2),
    ]
    assert worry_counts(box.worries, now, ZONE) == WorryCounts(open=0, boxed_tonight=0, to_review=0, gone=2)
    # Gone is gone: it is not put to bed again, reviewed again or edited.
    assert box.put_to_bed(at(2026, 11, 21, 19, 30)) == 0
    assert "already gone" in refused(lambda: box.review(monster, WorryKind.GONE, now))
    assert "gone away" in refused(lambda: box.edit(monster, now, WorryContent("The monster")))


def test_still_there_carries_the_worry_forward_to_the_next_night() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 19, 16, 0))
    box.put_to_bed(at(2026, 11, 19, 19, 30))
    box.review(monster, WorryKind.KEPT, at(2026, 11, 20, 7, 0))
    assert to_review(box.worries, at(2026, 11, 20, 7, 1), ZONE) == []
    assert ids(open_worries(box.worries, at(2026, 11, 20, 7, 1), ZONE)) == [monster]

    assert box.put_to_bed(at(2026, 11, 20, 19, 30)) == 1
    assert ids(to_review(box.worries, at(2026, 11, 21, 5, 0), ZONE)) == [monster]  # back for another look
    assert nights_in_box(box.worry(monster)) == 2


def test_a_worry_not_looked_at_in_the_morning_still_goes_to_bed_that_night() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 19, 16, 0))
    box.put_to_bed(at(2026, 11, 19, 19, 30))
    assert ids(to_review(box.worries, at(2026, 11, 20, 18, 0), ZONE)) == [monster]  # waiting all day
    assert box.put_to_bed(at(2026, 11, 20, 19, 30)) == 1
    assert to_review(box.worries, at(2026, 11, 20, 22, 0), ZONE) == []


def test_new_solutions_in_the_morning_are_a_look_and_every_version_is_kept() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 19, 16, 0), solutions=["a night light"], helper="monster trap")
    box.put_to_bed(at(2026, 11, 19, 19, 30))
    first = box.worry(monster).content
    more, notes = add_solutions(first, ["check under the bed together", "  "])
    assert notes == ()
    box.edit(monster, at(2026, 11, 20, 7, 15), more)

    worry = box.worry(monster)
    assert worry.content.solutions == ("a night light", "check under the bed together")
    assert worry.content.helper == "monster trap"
    assert [(version.at, version.content) for version in worry.versions] == [
        (at(2026, 11, 19, 16, 0), first),
        (at(2026, 11, 20, 7, 15), more),
    ]
    assert worry.added == at(2026, 11, 19, 16, 0)
    assert to_review(box.worries, at(2026, 11, 20, 7, 16), ZONE) == []  # looked at this morning
    assert ids(open_worries(box.worries, at(2026, 11, 20, 7, 16), ZONE)) == [monster]


def test_a_worry_can_be_edited_by_day_but_not_while_it_is_in_the_box() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 20, 9, 0))
    box.edit(monster, at(2026, 11, 20, 10, 0), WorryContent("There's a monster under the bed. A big one."))
    box.put_to_bed(at(2026, 11, 20, 19, 30))
    assert "in the box" in refused(lambda: box.edit(monster, at(2026, 11, 20, 21, 0), WorryContent("x")))
    assert len(box.worry(monster).versions) == 2
    # Edits by day, before any night in the box, are not a review of anything.
    assert ids(to_review(box.worries, at(2026, 11, 21, 5, 0), ZONE)) == [monster]


def test_still_there_needs_a_night_in_the_box_first() -> None:
    box = Box()
    monster = box.write(at(2026, 11, 20, 9, 0))
    assert "back from the box" in refused(lambda: box.review(monster, WorryKind.KEPT, at(2026, 11, 20, 10, 0)))
    box.review(monster, WorryKind.GONE, at(2026, 11, 20, 10, 0))  # it can go away any time
    assert box.worry(monster).gone == at(2026, 11, 20, 10, 0)


# -- nights in the box across daylight saving (E5) -----------------------------------------


def test_three_nights_in_the_box_across_the_night_clocks_go_back() -> None:
    box = Box()
    monster = box.write(at(2026, 10, 23, 16, 0))
    for night in (23, 24, 25):
        assert box.put_to_bed(at(2026, 10, night, 19, 30)) == 1
        box.review(monster, WorryKind.KEPT, at(2026, 10, night + 1, 7, 0))

    # The night of 24→25 October: 19:30 BST to 05:00 GMT is ten and a half hours, and the
    # box stays shut through both 01:30s.
    assert at(2026, 10, 24, 19, 30).utcoffset() == timedelta(hours=1)
    opens = box_closed_until(box.worries, at(2026, 10, 25, 1, 30, fold=1), ZONE)
    assert opens == at(2026, 10, 25, 5, 0) and opens.utcoffset() == timedelta(0)
    assert elapsed(at(2026, 10, 24, 19, 30), opens) == timedelta(hours=10, minutes=30)
    worry = box.worry(monster)
    assert worry.boxed_nights == (date(2026, 10, 23), date(2026, 10, 24), date(2026, 10, 25))
    assert nights_in_box(worry) == 3


def test_three_nights_in_the_box_across_the_night_clocks_go_forward() -> None:
    box = Box()
    monster = box.write(at(2026, 3, 27, 16, 0))
    for night in (27, 28, 29):
        assert box.put_to_bed(at(2026, 3, night, 19, 30)) == 1
        box.review(monster, WorryKind.KEPT, at(2026, 3, night + 1, 7, 0))
    assert nights_in_box(box.worry(monster)) == 3
    assert box.worry(monster).boxed_nights == (date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 29))


def test_the_box_opens_at_five_local_time_on_the_mornings_clocks_change() -> None:
    # Clocks go forward (29 March): 05:00 BST is 04:00 UTC, eight and a half hours after 19:30 GMT.
    spring = _boxed_at(at(2026, 3, 28, 19, 30))
    assert closed_box(spring, datetime(2026, 3, 29, 3, 59, 59, tzinfo=timezone.utc), ZONE) is not None
    assert closed_box(spring, datetime(2026, 3, 29, 4, 0, tzinfo=timezone.utc), ZONE) is None
    assert elapsed(at(2026, 3, 28, 19, 30), box_closed_until(spring, at(2026, 3, 29, 1, 0), ZONE)) == timedelta(
        hours=8, minutes=30
    )
    # Clocks go back (25 October): still shut at 04:59 GMT, an hour after 04:59 BST would have been.
    autumn = _boxed_at(at(2026, 10, 24, 19, 30))
    for still_shut in (at(2026, 10, 25, 1, 30, fold=0), at(2026, 10, 25, 1, 30, fold=1), at(2026, 10, 25, 4, 59)):
        assert closed_box(autumn, still_shut, ZONE) is not None, still_shut
    assert closed_box(autumn, datetime(2026, 10, 25, 5, 0, tzinfo=timezone.utc), ZONE) is None


def _boxed_at(when: datetime) -> list[Worry]:
    box = Box()
    box.write(when - timedelta(hours=3))
    box.put_to_bed(when)
    return box.worries


# -- privacy (W4) --------------------------------------------------------------------------


def test_the_counts_for_the_recap_are_numbers_only() -> None:
    box = Box()
    box.write(at(2026, 11, 20, 16, 0), "A secret worry")
    counts = worry_counts(box.worries, at(2026, 11, 20, 17, 0), ZONE)
    assert counts == WorryCounts(open=1, boxed_tonight=0, to_review=0, gone=0)
    assert all(isinstance(getattr(counts, name), int) for name in counts._fields)
    assert "secret" not in repr(counts)


# -- what the parent types (W1, issue 5 point 5) -------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\u00a0", "\u200b", " \u200b\n\u3000 "])
def test_an_empty_worry_is_refused_with_a_clear_message(text: str) -> None:
    assert refused(lambda: clean_worry(text)) == EMPTY_WORRY
    assert refused(lambda: clean_worry(text, drawn=True)) == EMPTY_WORRY


def test_a_1_mb_paste_is_cut_to_the_limit_quickly_with_a_note() -> None:
    paste = ("The monster has big teeth and it comes at night 🦷\n" * 25_000)[:999_999] + "."
    started = time.perf_counter()
    content, notes = clean_worry(paste)
    took = time.perf_counter() - started
    assert took < 1.0  # generous: the point is no hang, whatever the machine is doing
    assert len(content.text) <= TEXT_LIMIT
    assert paste.startswith(content.text)
    assert notes == (f"The worry was 1,000,000 characters long; the first {TEXT_LIMIT:,} were kept.",)


@pytest.mark.parametrize(
    "paste",
    [
        "\u0301" * 1_000_000,  # a million combining marks: nothing visible, however long
        "\u200d" * 1_000_000,
        " " * 1_000_000,
    ],
)
def test_a_huge_invisible_paste_is_refused_quickly(paste: str) -> None:
    started = time.perf_counter()
    assert refused(lambda: clean_worry(paste)) == EMPTY_WORRY
    assert time.perf_counter() - started < 1.0


def test_a_cut_never_splits_an_emoji_or_a_letter_from_its_accent() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    content, notes = clean_worry("a" * (TEXT_LIMIT - 1) + family + " and more")
    assert content.text == "a" * (TEXT_LIMIT - 1)
    assert notes
    content, _ = clean_worry("a" * (TEXT_LIMIT - 1) + "e\u0301\u0301 and more")
    assert content.text == "a" * (TEXT_LIMIT - 1)


KEPT_AS_TYPED = [
    "There's a monster 👹 under my bed 🛏️",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467 might go away",
    "怪物在床底下",
    "يوجد وحش تحت سريري",  # Arabic, right to left
    "יש מפלצת מתחת למיטה",  # Hebrew, right to left
    "Zoe\u0301 said the dark is scary",  # e + combining acute, not normalised to é
    "I hate [school]",
    "[b]bold[/b] and x [/] y",
    "[@click=app.quit]tap[/]",
    "Line one\n\n\tindented line two\nthree",
]


@pytest.mark.parametrize("text", KEPT_AS_TYPED)
def test_any_text_is_kept_exactly_as_typed(text: str) -> None:
    line = text.splitlines()[0]
    content, notes = clean_worry(text, solutions=[line], helper="[b]Captain Sock[/b]", helper_line=line)
    assert content.text == text
    assert content.solutions == (line,)
    assert content.helper == "[b]Captain Sock[/b]"
    assert content.helper_line == line
    assert notes == ()


def test_blank_lines_around_and_trailing_spaces_go_but_the_words_stay() -> None:
    content, _ = clean_worry("\n  \n   Monsters  \r\nin the   cupboard\t \n\n\nat night   \n \n")
    assert content.text == "   Monsters\nin the   cupboard\n\n\nat night"


@pytest.mark.parametrize("text", ["Mon\x1b[31mster", "Mon\x00ster", "Mon\x7fster", "Mon\u2028ster"])
def test_control_characters_are_refused_not_stripped(text: str) -> None:
    assert "control characters" in refused(lambda: clean_worry(text))


def test_a_drawing_is_a_note_of_what_the_child_drew() -> None:
    content, _ = clean_worry("A big purple dragon guarding the door", drawn=True)
    assert content.drawn and content.text == "A big purple dragon guarding the door"
    _, notes = clean_worry("x" * (TEXT_LIMIT + 1), drawn=True)
    assert notes[0].startswith("The note of the drawing was")


def test_solutions_one_line_each_empties_dropped_and_a_sensible_number() -> None:
    content, notes = clean_worry("Monsters", solutions=["  a night light  ", "", "   ", "a monster spray"])
    assert content.solutions == ("a night light", "a monster spray") and notes == ()
    assert "line breaks" in refused(lambda: clean_worry("Monsters", solutions=["one\ntwo"]))
    too_many = [f"idea {n}" for n in range(MOST_SOLUTIONS + 1)]
    assert f"keep it to the {MOST_SOLUTIONS}" in refused(lambda: clean_worry("Monsters", solutions=too_many))
    content, notes = clean_worry("Monsters", solutions=["s" * 5000])
    assert len(content.solutions[0]) == 200
    assert notes == ("The solution was 5,000 characters long; the first 200 were kept.",)


def test_helpers_are_the_three_or_the_parents_own_or_none() -> None:
    assert HELPERS == ("monster trap", "guardian dragon", "guardian fairy")
    assert clean_worry("Monsters", helper="  Guardian DRAGON ")[0].helper == "guardian dragon"
    assert clean_worry("Monsters", helper="Grandpa's torch 🔦")[0].helper == "Grandpa's torch 🔦"
    assert clean_worry("Monsters", helper="   ")[0].helper == ""
    content, notes = clean_worry("Monsters", helper="h" * 41, helper_line="It keeps watch")
    assert content.helper == "h" * 40 and len(notes) == 1
    assert "Choose a helper" in refused(lambda: clean_worry("Monsters", helper_line="It eats monsters"))
    content, _ = clean_worry("Monsters", helper="guardian fairy", helper_line="  She sits on the lamp  ")
    assert content.helper_line == "She sits on the lamp"


def test_cleaning_what_is_already_clean_changes_nothing() -> None:
    for text in KEPT_AS_TYPED:
        content, _ = clean_worry(text + "  \n", solutions=[" a ", "b"], helper="Monster Trap", helper_line=" snap ")
        again, notes = clean_worry(content.text, content.drawn, content.solutions, content.helper, content.helper_line)
        assert again == content and notes == ()
