"""The worry box by keyboard (rules W1–W3, issue 5): what the parent sees, and what is stored.

The clock is a ManualClock at Fri 20 Nov 2026 19:30 in London; it moves only when a test moves
it. The pane redraws itself every 30 s of real time, so after moving the clock a test asks for
a redraw (`pane.reload()`). Mia is the current child; Leo is the other.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

import pytest
from textual import events
from textual.widgets import Static, TextArea

from companion.domain.worry import EMPTY_WORRY, TEXT_LIMIT, WorryKind, clean_worry
from companion.ui.app import make_app
from companion.ui.worries import WorriesScreen
from companion.ui.worry_dialog import WorryDialog
from companion.ui.widgets import KeyBar
from tests.ui.pilot_keys import keys, london, LONDON


async def paste(pilot, text: str) -> None:
    """What the terminal sends when the parent pastes: one Paste event, which the app hands
    to the focused field (posting it to the field itself would bubble back and paste twice)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def pane(app) -> WorriesScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, WorriesScreen))


def on_screen(app) -> str:
    """Every line of the worry pane as drawn (list, detail, footer and all)."""
    return "\n".join(strip.text for strip in pane(app)._compositor.render_strips())


def statics(app) -> str:
    """The rendered text of every Static on the worry pane, hidden or not."""
    return "\n".join(str(widget.render()) for widget in pane(app).query(Static))


def shown(app, selector: str) -> str:
    return str(pane(app).query_one(selector, Static).render())


def rows(app) -> list[str]:
    """The rows of the worry list, as drawn."""
    listing = pane(app).query_one("#worry-list")
    return [listing.get_option_at_index(i).prompt.plain for i in range(listing.option_count)]


def dialog_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def footer_keys(app) -> set[str]:
    return {description for _, description in pane(app).query_one(KeyBar).keys}


def keys_fit(app) -> bool:
    """Every key at the foot is drawn whole, none cut off at the edge."""
    bar = pane(app).query_one(KeyBar)
    return bar.content.cell_length <= bar.size.width


async def redraw(pilot) -> None:
    pane(pilot.app).reload()
    await pilot.pause()


def mia(store):
    return store.children()[0]


def leo(store):
    return store.children()[1]


def write(store, child, text: str, at: datetime, solutions=(), helper: str = "", helper_line: str = ""):
    content, _ = clean_worry(text, solutions=solutions, helper=helper, helper_line=helper_line)
    return store.write_worry(child.id, content, at)


# -- writing (W1) -------------------------------------------------------------------------


async def test_a_worry_written_by_keys_alone_is_stored_as_typed_and_shown(household, clock) -> None:
    app = make_app(household, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await keys(pilot, "3")
        assert isinstance(app.screen, WorriesScreen)
        assert "No open worries" in shown(app, "#worry-state")

        await keys(pilot, "w")
        assert isinstance(app.screen, WorryDialog)
        await keys(pilot, *"There's a monster under the bed", "enter", *"it comes out when the light goes off")
        await keys(pilot, "tab", "tab")  # past the "drawing" checkbox, to the solutions
        await keys(pilot, *"Leave the hall light on", "enter", *"Check under the bed together")
        await keys(pilot, "tab", *"guardian dragon", "tab", *"it eats bad dreams")
        await keys(pilot, "enter")  # enter in the last field saves
        assert isinstance(app.screen, WorriesScreen)

        [worry] = household.worries(mia(household).id)
        content = worry.content
        assert content.text == "There's a monster under the bed\nit comes out when the light goes off"
        assert content.drawn is False
        assert content.solutions == ("Leave the hall light on", "Check under the bed together")
        assert (content.helper, content.helper_line) == ("guardian dragon", "it eats bad dreams")
        assert worry.added == london(2026, 11, 20, 19, 30)
        assert len(worry.versions) == 1 and worry.boxings == () and worry.gone is None

        assert rows(app) == ["  There's a monster under the bed  ·  new Fri 20 Nov"]
        assert "There's a monster under the bed  ·  new Fri 20 Nov" in on_screen(app)
        detail = shown(app, "#worry-detail")
        assert "In their words:\nThere's a monster under the bed\nit comes out when the light goes off" in detail
        assert "Solutions:\n  • Leave the hall light on\n  • Check under the bed together" in detail
        assert "Helper: guardian dragon — it eats bad dreams" in detail
        assert "Written Fri 20 Nov 19:30" in detail
        assert shown(app, "#worry-message") == "Written down."


async def test_an_empty_worry_is_refused_in_the_dialog_and_escape_stores_nothing(household, clock) -> None:
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "w")
        assert isinstance(app.screen, WorryDialog)
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, WorryDialog)  # the dialog stays for the words
        assert EMPTY_WORRY == "Write the worry (or what the child drew) first."
        assert EMPTY_WORRY in dialog_text(app)
        assert household.worries(mia(household).id) == []

        # Only blank lines and spaces, with solutions and a helper: still empty.
        await keys(pilot, "space", "enter", "space", "tab", "tab", *"a torch", "tab", *"monster trap", "enter", "enter")
        assert isinstance(app.screen, WorryDialog)
        assert EMPTY_WORRY in dialog_text(app)
        assert household.worries(mia(household).id) == []

        # Words typed, then escape: nothing is stored, the pane says nothing was written.
        app.screen.query_one("#worry-text", TextArea).focus()
        await keys(pilot, *"Thunder")
        await keys(pilot, "escape")
        assert isinstance(app.screen, WorriesScreen)
        assert household.worries(mia(household).id) == []
        assert "No open worries" in shown(app, "#worry-state")
        assert "Thunder" not in on_screen(app)


async def test_a_one_megabyte_paste_is_quick_and_cut_to_the_limit_with_a_note(household, clock) -> None:
    pasted = ("monsters🐉" * 111_112)[:1_000_000]  # one long line: nothing trimmed at the cut
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "w")
        started = time.perf_counter()
        await paste(pilot, pasted)
        await keys(pilot, "ctrl+s")
        took = time.perf_counter() - started
        assert took < 3.0, f"a 1 MB paste took {took:.1f}s"
        assert isinstance(app.screen, WorriesScreen)

        [worry] = household.worries(mia(household).id)
        assert len(worry.content.text) == TEXT_LIMIT
        assert worry.content.text == pasted[:TEXT_LIMIT]
        message = shown(app, "#worry-message")
        assert message.startswith("Written down. The worry was ")
        assert f"the first {TEXT_LIMIT:,} were kept." in message
        assert rows(app) == [f"  {pasted[:47]}…  ·  new Fri 20 Nov"]


async def test_the_note_about_a_cut_paste_does_not_misstate_its_length(household, clock) -> None:
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "w")
        await paste(pilot, "a" * 1_000_000)
        await keys(pilot, "ctrl+s")
        message = shown(app, "#worry-message")
        assert "were kept" in message
        stated = re.search(r"was ([\d,]+) characters long", message)
        assert stated is None or stated.group(1) == "1,000,000", message


async def test_markup_emoji_cjk_rtl_and_combining_marks_are_shown_and_stored_literally(household, clock) -> None:
    markup = "[b]x[/b] [@click=app.quit]"
    scripts = " 🐉 怪物 שלום cafe\u0301 👍🏽"
    second = "Ẓ̌ 夜 مرحبا [red]not red[/red]"
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "w")
        await keys(pilot, *markup)
        await paste(pilot, scripts + "\n" + second)
        await keys(pilot, "tab", "tab", *"[i]hug[/i]", "tab")
        await paste(pilot, "[@click=app.bell]Mr Bear 🧸")
        await keys(pilot, "tab", *"he says [b]boo[/b]", "ctrl+s")
        assert isinstance(app.screen, WorriesScreen)
        assert app.return_code is None  # nothing ran: the app is still here

        [worry] = household.worries(mia(household).id)
        assert worry.content.text == f"{markup}{scripts}\n{second}"
        assert worry.content.solutions == ("[i]hug[/i]",)
        assert (worry.content.helper, worry.content.helper_line) == ("[@click=app.bell]Mr Bear 🧸", "he says [b]boo[/b]")

        first_line = markup + scripts
        assert rows(app) == [f"  {first_line}  ·  new Fri 20 Nov"]
        detail = shown(app, "#worry-detail")
        assert f"In their words:\n{first_line}\n{second}\n" in detail
        assert "  • [i]hug[/i]" in detail
        assert "Helper: [@click=app.bell]Mr Bear 🧸 — he says [b]boo[/b]" in detail
        screen = on_screen(app)
        assert f"{first_line}  ·  new Fri 20 Nov" in screen
        assert second in screen
        assert "Helper: [@click=app.bell]Mr Bear 🧸 — he says [b]boo[/b]" in screen


async def test_an_edit_keeps_the_earlier_words_in_the_history(household, clock) -> None:
    write(household, mia(household), "Thunder", london(2026, 11, 20, 17, 0), solutions=["Count the seconds"])
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "e")
        assert isinstance(app.screen, WorryDialog)
        words = app.screen.query_one("#worry-text", TextArea)
        assert app.focused is words and words.text == "Thunder"
        await keys(pilot, "end", *" and lightning")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, WorriesScreen)

        [worry] = household.worries(mia(household).id)
        assert [version.content.text for version in worry.versions] == ["Thunder", "Thunder and lightning"]
        assert [version.content.solutions for version in worry.versions] == [("Count the seconds",)] * 2
        assert worry.versions[0].at == london(2026, 11, 20, 17, 0)
        assert worry.versions[1].at == london(2026, 11, 20, 19, 30)
        assert shown(app, "#worry-message") == "Saved; the earlier words are kept in its history."
        assert rows(app) == ["  Thunder and lightning  ·  new Fri 20 Nov"]
        detail = shown(app, "#worry-detail")
        assert "In their words:\nThunder and lightning\n" in detail
        assert "Written Fri 20 Nov 17:00 · changed 1× (last Fri 20 Nov)" in detail


# -- the box at night (W2) ----------------------------------------------------------------


async def test_put_to_bed_the_pane_shows_only_the_closed_box(household, clock) -> None:
    child = mia(household)
    write(household, child, "The dark in the hall", london(2026, 11, 20, 17, 0), solutions=["A night light"])
    write(household, child, "Grandma is poorly", london(2026, 11, 20, 18, 0), helper="guardian fairy")
    secrets = ("The dark in the hall", "A night light", "Grandma is poorly", "guardian fairy")
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "To bed" in footer_keys(app)
        assert all(secret in on_screen(app) for secret in secrets[:3])

        await keys(pilot, "b")
        assert [worry.boxed_nights for worry in household.worries(child.id)] == [(clock.now().date(),)] * 2
        box = shown(app, "#worry-state")
        assert "2 worries asleep" in box and "in the worry box" in box
        assert "Mia's worries are in the box for the night." in box
        assert "the box opens in the morning (05:00)" in box
        assert shown(app, "#worry-message") == "2 worries put to bed. Goodnight, worries: see you in the morning."
        for text in (statics(app), on_screen(app)):
            assert not any(secret in text for secret in secrets), text
        # The keys that act on a worry, and b itself, are gone from the footer while it's closed.
        assert "To bed" not in footer_keys(app)
        assert not {"Gone", "Still there", "Solutions"} & footer_keys(app)
        assert "Write" in footer_keys(app)
        await keys(pilot, "b", "g", "k", "s", "e")  # nothing happens
        assert isinstance(app.screen, WorriesScreen)
        assert all(worry.reviews == () and len(worry.versions) == 1 for worry in household.worries(child.id))

        # A worry remembered after the box closed waits for tomorrow, unseen.
        clock.advance(minutes=20)
        await keys(pilot, "w", *"Wolves", "ctrl+s")
        assert isinstance(app.screen, WorriesScreen)
        assert shown(app, "#worry-message") == "Written down. It waits for tomorrow: the box is closed for tonight."
        assert "2 worries asleep" in shown(app, "#worry-state")
        assert "1 written since the box closed will wait for tomorrow." in shown(app, "#worry-state")
        for text in (statics(app), on_screen(app)):
            assert "Wolves" not in text and not any(secret in text for secret in secrets), text
        wolves = household.worries(child.id)[-1]
        assert wolves.content.text == "Wolves" and wolves.boxings == ()


# -- the box opens in the morning (W3) ----------------------------------------------------


async def test_the_box_opens_next_morning_for_gone_still_there_and_new_solutions(household, clock) -> None:
    child = mia(household)
    write(household, child, "The dark in the hall", london(2026, 11, 20, 17, 0), solutions=["A night light"])
    write(household, child, "Thunder", london(2026, 11, 20, 17, 5))
    write(household, child, "Big school", london(2026, 11, 20, 17, 10), solutions=["Visit it first", "Pack the bag together"])
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "b")
        assert "3 worries asleep" in shown(app, "#worry-state")

        clock.set(london(2026, 11, 21, 4, 59))
        await redraw(pilot)
        assert "3 worries asleep" in shown(app, "#worry-state")
        assert "Thunder" not in on_screen(app)

        clock.set(london(2026, 11, 21, 5, 0))
        await redraw(pilot)
        assert shown(app, "#worry-state").startswith("Back from the box, waiting for a look: 3.")
        assert rows(app) == [
            "☀ The dark in the hall  ·  1 night in the box",
            "☀ Thunder  ·  1 night in the box",
            "☀ Big school  ·  1 night in the box",
        ]
        assert {"Gone", "Still there", "Solutions"} <= footer_keys(app)
        assert "in the box 1 night: 20 Nov" in shown(app, "#worry-detail")

        # g: the dark went away; it leaves the list for the history.
        clock.set(london(2026, 11, 21, 7, 15))
        await keys(pilot, "g")
        assert shown(app, "#worry-message") == "“The dark in the hall” went away: kept in the history (l)."
        assert rows(app) == ["☀ Thunder  ·  1 night in the box", "☀ Big school  ·  1 night in the box"]
        dark = household.worries(child.id)[0]
        assert dark.gone == london(2026, 11, 21, 7, 15)

        # k: thunder is still there, carried forward.
        await keys(pilot, "k")
        assert shown(app, "#worry-message") == "“Thunder” is still there: it goes back in the box tonight."
        thunder = household.worries(child.id)[1]
        assert [review.outcome for review in thunder.reviews] == [WorryKind.KEPT] and thunder.gone is None
        assert rows(app) == ["  Thunder  ·  1 night in the box", "☀ Big school  ·  1 night in the box"]
        assert shown(app, "#worry-state").startswith("Back from the box, waiting for a look: 1.")

        # l: the history, with when it was added and when it went away.
        await keys(pilot, "l")
        assert rows(app) == ["The dark in the hall  ·  added 20 Nov 2026  ·  went away 21 Nov 2026  ·  1 night in the box"]
        assert "1 worry went away." in shown(app, "#worry-state")
        assert "went away Sat 21 Nov" in shown(app, "#worry-detail")
        await keys(pilot, "l")
        assert rows(app)[0] == "  Thunder  ·  1 night in the box"

        # s on Big school: the dialog opens on the solutions, the earlier ones stay.
        await keys(pilot, "down", "s")
        assert isinstance(app.screen, WorryDialog)
        solutions = app.screen.query_one("#worry-solutions", TextArea)
        assert app.focused is solutions
        assert solutions.text == "Visit it first\nPack the bag together\n"  # the cursor on a new line
        await keys(pilot, *"Meet the teacher", "ctrl+s")
        assert isinstance(app.screen, WorriesScreen)
        school = household.worries(child.id)[2]
        assert school.content.solutions == ("Visit it first", "Pack the bag together", "Meet the teacher")
        assert [version.content.solutions for version in school.versions][0] == ("Visit it first", "Pack the bag together")
        assert rows(app) == ["  Thunder  ·  1 night in the box", "  Big school  ·  1 night in the box"]
        assert "  • Meet the teacher" in shown(app, "#worry-detail")
        assert "No open worries" not in shown(app, "#worry-state")
        assert not shown(app, "#worry-state").startswith("Back from the box")


async def test_new_solutions_typed_straight_after_s_are_added_after_the_earlier_ones(household, clock) -> None:
    child = mia(household)
    write(household, child, "The dark in the hall", london(2026, 11, 20, 17, 0), solutions=["A night light", "Door ajar"])
    household.put_worries_to_bed(child.id, london(2026, 11, 20, 19, 0))
    clock.set(london(2026, 11, 21, 7, 0))
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "s", *"A hug from Dad", "ctrl+s")
        assert isinstance(app.screen, WorriesScreen)
        [worry] = household.worries(child.id)
        assert worry.content.solutions == ("A night light", "Door ajar", "A hug from Dad")


async def test_when_the_box_opens_in_the_same_session_the_arrows_pick_a_worry(household, clock) -> None:
    child = mia(household)
    write(household, child, "The dark in the hall", london(2026, 11, 20, 17, 0))
    write(household, child, "Thunder", london(2026, 11, 20, 17, 5))
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await keys(pilot, "b")  # the app stays open all night, as it does on the hallway laptop
        clock.set(london(2026, 11, 21, 7, 0))
        await redraw(pilot)
        assert rows(app) == ["☀ The dark in the hall  ·  1 night in the box", "☀ Thunder  ·  1 night in the box"]
        await keys(pilot, "down", "g")  # thunder went away
        assert shown(app, "#worry-message") == "“Thunder” went away: kept in the history (l)."
        assert [worry.gone is not None for worry in household.worries(child.id)] == [False, True]


async def test_nights_in_the_box_are_counted_across_the_clocks_going_back(household, clock) -> None:
    """Fri 23, Sat 24 (clocks go back at 02:00 on Sun 25 Oct in London) and Sun 25 Oct 2026."""
    child = mia(household)
    worry = write(household, child, "Spiders", london(2026, 10, 23, 17, 0))
    assert household.put_worries_to_bed(child.id, london(2026, 10, 23, 19, 30)) == 1
    household.review_worry(worry.id, WorryKind.KEPT, london(2026, 10, 24, 7, 0))
    assert household.put_worries_to_bed(child.id, london(2026, 10, 24, 23, 30)) == 1
    # The night the clocks go back: 01:30 comes twice (BST, then GMT), both in the night of
    # Sat 24, and the box stays closed through both; at 04:59 GMT still closed.
    clock.set(london(2026, 10, 25, 1, 30))
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        for instant in (
            london(2026, 10, 25, 1, 30),
            datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON),
            london(2026, 10, 25, 4, 59),
        ):
            clock.set(instant)
            await redraw(pilot)
            assert "1 worry asleep" in shown(app, "#worry-state"), instant
            assert "Spiders" not in on_screen(app)
        await keys(pilot, "w", *"Wasps", "ctrl+s")  # at 04:59 GMT: it waits, unseen
        assert shown(app, "#worry-message").endswith("It waits for tomorrow: the box is closed for tonight.")
        assert "1 written since the box closed will wait for tomorrow." in shown(app, "#worry-state")

        clock.set(london(2026, 10, 25, 5, 0))
        await redraw(pilot)
        assert rows(app) == ["☀ Spiders  ·  2 nights in the box", "  Wasps  ·  new Sun 25 Oct"]
        await keys(pilot, "k")
        clock.set(london(2026, 10, 25, 19, 30))
        await keys(pilot, "b")
        assert "2 worries asleep" in shown(app, "#worry-state")

        clock.set(london(2026, 10, 26, 7, 0))
        await redraw(pilot)
        assert rows(app) == ["☀ Spiders  ·  3 nights in the box", "☀ Wasps  ·  1 night in the box"]
        assert "in the box 3 nights: 23 Oct, 24 Oct, 25 Oct" in shown(app, "#worry-detail")
    spiders, _ = household.worries(child.id)
    assert [boxing.night.isoformat() for boxing in spiders.boxings] == ["2026-10-23", "2026-10-24", "2026-10-25"]


async def test_the_next_child_shows_only_their_own_worries(household, clock) -> None:
    write(household, mia(household), "Monsters", london(2026, 11, 20, 17, 0))
    write(household, leo(household), "The hoover", london(2026, 11, 20, 17, 5), solutions=["Switch it off together"])
    write(household, leo(household), "Baths", london(2026, 11, 20, 17, 10))
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rows(app) == ["  Monsters  ·  new Fri 20 Nov"]
        assert "The hoover" not in on_screen(app)

        await keys(pilot, "c")
        assert app.child.name == "Leo"
        assert rows(app) == ["  The hoover  ·  new Fri 20 Nov", "  Baths  ·  new Fri 20 Nov"]
        screen = on_screen(app)
        assert "Leo" in screen and "Switch it off together" in screen
        assert "Monsters" not in screen and "Monsters" not in statics(app)

        # A worry written now is Leo's; putting to bed puts only Leo's in the box.
        await keys(pilot, "w", *"Loud dogs", "ctrl+s")
        assert [w.content.text for w in household.worries(leo(household).id)] == ["The hoover", "Baths", "Loud dogs"]
        await keys(pilot, "b")
        assert "3 worries asleep" in shown(app, "#worry-state")
        assert "Leo's worries are in the box" in shown(app, "#worry-state")

        await keys(pilot, "c")
        assert app.child.name == "Mia"
        assert rows(app) == ["  Monsters  ·  new Fri 20 Nov"]
        assert household.worries(mia(household).id)[0].boxings == ()
        assert "To bed" in footer_keys(app)


async def test_the_keys_of_the_worry_pane_fit_80_columns(household, clock) -> None:
    """The footer is how a parent finds the keys; screen.py: "a pane's keys fit 80 columns".
    In the evening (b to put them to bed) and in the morning (k for a worry back from the box)."""
    write(household, mia(household), "Thunder", london(2026, 11, 20, 17, 0))
    app = make_app(household, clock, pane="worries")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert {"Write", "To bed", "Gone", "Solutions", "Help", "Next child"} <= footer_keys(app)
        assert keys_fit(app)

        await keys(pilot, "b")
        clock.set(london(2026, 11, 21, 7, 0))
        await redraw(pilot)
        assert {"Write", "Gone", "Still there", "Solutions", "Help", "Next child"} <= footer_keys(app)
        assert "To bed" not in footer_keys(app)  # morning: the box is open for looking, not for closing
        assert keys_fit(app)
