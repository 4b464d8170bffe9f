"""The Markdown report for a pediatrician or sleep coach (`companion export --format md`, M5),
from real households written through the store, read as its reader would: the figures a
pediatrician trusts, missing data said as missing, the parent's words exactly as typed, and
worries kept private unless asked for (W4)."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pendulum
import pytest
from markdown_it import MarkdownIt

from companion.clock import ManualClock
from companion.demo import write_demo
from companion.domain.bedtime_pass import PassPlan
from companion.domain.child_settings import ChildSettings
from companion.domain.errors import InvalidInput
from companion.domain.night_log import EventKind
from companion.domain.worry import clean_worry
from companion.report import markdown_report
from companion.store import Store
from tests.support.golden import assert_golden
from tests.test_layers import modules_loaded_by
from tests.unit.nights import local

LONDON = "Europe/London"
MORNING = pendulum.datetime(2026, 11, 20, 7, 30, tz=LONDON)  # a Friday morning
LAST_NIGHT = date(2026, 11, 19)
BORN = date(2022, 2, 14)
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data", ManualClock(MORNING))
    yield opened
    opened.close()


def log(store: Store, child_id: str, night: date, *events: tuple[EventKind, str] | tuple[EventKind, str, str]) -> None:
    """Records of `night` at London clock times ("19:30"; before noon is the next morning)."""
    for kind, clock, *value in events:
        store.add_night_event(child_id, kind, local(night, time.fromisoformat(clock)), *value)


def calm(store: Store, child_id: str, night: date, asleep: str = "20:00") -> None:
    log(store, child_id, night, (EventKind.LIGHTS_OUT, "19:30"), (EventKind.FELL_ASLEEP, asleep))


def report(store: Store, first: date | None = None, last: date | None = None, *, worries: bool = False) -> str:
    return markdown_report(store, MORNING, first=first, last=last, include_worries=worries)


def section(text: str, heading: str) -> str:
    """One `### heading` section of the report, up to the next heading."""
    start = text.index(f"### {heading}")
    end = text.find("\n#", start + 1)
    return text[start : end if end != -1 else None]


def rendered(markdown: str) -> tuple[str, str]:
    """The report as a Markdown viewer shows it: its HTML, and its text with the tags taken out."""
    page = MARKDOWN.render(markdown)
    return page, html.unescape(re.sub(r"<[^>]+>", "", page))


# -- missing data ------------------------------------------------------------------------------


def test_a_night_with_only_the_routine_logged_says_not_recorded_never_zero(store):
    mia = store.add_child("Mia", BORN)
    night = LAST_NIGHT - timedelta(days=1)
    log(store, mia.id, night, (EventKind.BEDTIME_STARTED, "19:00"), (EventKind.STEP_DONE, "19:05", "bath"))
    text = report(store, night, night)
    summary = section(text, "Summary")
    assert "- Nights recorded: 1 of 1" in summary
    assert "- Get-ups: not recorded" in summary
    assert "- Call-outs: not recorded" in summary
    assert "- Time to fall asleep (median): not recorded" in summary
    assert "- Nights in the parents' bed: not recorded" in summary
    trends = section(text, "Trends by week")
    assert "| 1 of 1 | not recorded | not recorded | not recorded | not recorded |" in trends
    assert "0.0" not in text


def test_a_logged_night_without_get_ups_is_zero_and_a_night_not_logged_is_left_out(store):
    mia = store.add_child("Mia", BORN)
    calm(store, mia.id, LAST_NIGHT - timedelta(days=2))
    text = report(store, LAST_NIGHT - timedelta(days=2), LAST_NIGHT)
    summary = section(text, "Summary")
    assert "- Nights recorded: 1 of 3" in summary
    assert "- Get-ups: 0.0 a night (0 in 1 night logged after goodnight)" in summary
    assert "- Time to fall asleep (median): 30 min (over 1 night)" in summary


def test_a_child_with_nothing_in_the_range_is_said_so(store):
    mia = store.add_child("Mia", BORN)
    store.add_child("Leo", date(2025, 3, 1))
    calm(store, mia.id, LAST_NIGHT)
    leo = report(store).split("## Leo")[1]
    assert "Nothing was recorded for this child in these nights." in leo
    assert "### Summary" not in leo


# -- true time ---------------------------------------------------------------------------------


def test_time_to_fall_asleep_is_true_time_across_the_clock_change(store):
    mia = store.add_child("Mia", BORN)
    night = date(2026, 10, 24)  # clocks go back at 02:00 BST on Sunday 25 October
    lights_out = datetime(2026, 10, 25, 0, 40, tzinfo=timezone.utc)  # 01:40 BST
    asleep = datetime(2026, 10, 25, 1, 10, tzinfo=timezone.utc)  # 01:10 GMT: earlier on the wall clock
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, lights_out)
    store.add_night_event(mia.id, EventKind.FELL_ASLEEP, asleep)
    text = report(store, night, night)
    assert "- Time to fall asleep (median): 30 min (over 1 night)" in text
    assert "Sat 24 Oct 2026: 30 min to fall asleep (no night in the range took longer)" in text


# -- health and notable nights -------------------------------------------------------------------


def test_health_flags_are_listed_night_by_night_and_the_nights_stand_out(store):
    mia = store.add_child("Mia", BORN)
    sick, rough = LAST_NIGHT - timedelta(days=2), LAST_NIGHT
    calm(store, mia.id, sick)
    log(store, mia.id, sick, (EventKind.VOMITED, "23:10"))
    calm(store, mia.id, LAST_NIGHT - timedelta(days=1), asleep="21:15")
    calm(store, mia.id, rough)
    log(store, mia.id, rough, (EventKind.BREATHING, "02:00"), (EventKind.PANICKED, "02:05"))
    text = report(store)
    assert section(text, "Health flags").splitlines()[2:] == [
        "- Tue 17 Nov 2026: vomited",
        "- Thu 19 Nov 2026: breathing trouble, panicked crying",
    ]
    notable = section(text, "Notable nights")
    assert "- Tue 17 Nov 2026: health flag: vomited" in notable
    assert "- Wed 18 Nov 2026: 1 h 45 min to fall asleep (no night in the range took longer)" in notable
    assert "- Thu 19 Nov 2026: health flag: breathing trouble, panicked crying" in notable


def test_no_health_flag_is_said_plainly(store):
    mia = store.add_child("Mia", BORN)
    calm(store, mia.id, LAST_NIGHT)
    assert "None logged in these nights." in section(report(store), "Health flags")


# -- the pass ----------------------------------------------------------------------------------


def test_the_baseline_is_compared_with_the_pass_nights(store):
    mia = store.add_child("Mia", BORN)
    first = LAST_NIGHT - timedelta(days=5)
    store.set_child_settings(mia.id, ChildSettings(plan=PassPlan(started=first, baseline_nights=3)), first)
    for day in range(6):
        night = first + timedelta(days=day)
        calm(store, mia.id, night, asleep="20:20" if day < 3 else "19:45")
        if day >= 3:
            log(store, mia.id, night, (EventKind.PASS_USED, "19:40", "a drink"))
    text = report(store)
    summary = section(text, "Summary")
    assert "- Pass plan: baseline (log only) 14 Nov – 16 Nov 2026; with the pass 17 Nov – 19 Nov 2026" in summary
    assert "- The pass: used on 3 of 3 pass nights logged; stayed in after it on 3" in summary
    assert "- The pass was most often for: a drink (3×)" in summary
    phases = section(text, "Baseline and the pass compared")
    assert "3 baseline nights (log only) against 3 nights with the pass." in phases
    assert "| Time to fall asleep | 50 min | 15 min | 35 min faster to fall asleep than in the baseline" in phases


def test_without_a_baseline_there_is_no_comparison(store):
    mia = store.add_child("Mia", BORN)
    calm(store, mia.id, LAST_NIGHT)
    text = report(store)
    assert "Baseline and the pass compared" not in text
    assert "- Pass plan: with the pass 19 Nov 2026" in text


# -- the parent's words -------------------------------------------------------------------------


def test_names_steps_reasons_and_worries_come_out_exactly_as_typed(store):
    name = "Ada *Lou* | <b>x</b> 🌙"
    steps = ("bath | 🛁", "_teeth_", "[books](https://example.com)")
    reason = "one more `hug` & ~~kiss~~ #2"
    worry = "the dark\n- under the bed\n# monsters\n\n1. a wolf\n==\n> at the window"
    ada = store.add_child(name, BORN)
    store.set_routine(ada.id, steps, LAST_NIGHT - timedelta(days=7))
    calm(store, ada.id, LAST_NIGHT)
    log(store, ada.id, LAST_NIGHT, (EventKind.PASS_USED, "19:40", reason))
    content, _ = clean_worry(worry, solutions=["=a *night* light"], helper="guardian dragon", helper_line="roars | softly")
    store.write_worry(ada.id, content, local(LAST_NIGHT, time(16)))
    markdown = report(store, worries=True)
    page, text = rendered(markdown)
    for words in (name, *steps, reason, worry.replace("\n\n", "\n"), "=a *night* light", "roars | softly"):
        assert words in text, words
    for markup in ("<em>", "<strong>", "<a ", "<b>", "<code>", "<del>", "<blockquote>", "<ol>", "<hr", "<pre>"):
        assert markup not in page, markup
    assert page.count("<h1>") == 1 and page.count("<h2>") == 1  # the title and the child
    assert page.count("<table>") == 1  # the trend table; no text made another


def test_a_worry_keeps_its_lines_inside_its_own_list_item(store):
    mia = store.add_child("Mia", BORN)
    content, _ = clean_worry("first line\n- second line\n\nafter a gap")
    store.write_worry(mia.id, content, local(LAST_NIGHT, time(16)))
    calm(store, mia.id, LAST_NIGHT)
    page, _ = rendered(section(report(store, worries=True), "Worries"))
    item = page[page.index("<li>") : page.index("</li>")]
    assert "first line<br />\n- second line" in item
    assert "<p>after a gap</p>" in item
    assert page.count("<li>") == 1


# -- worries (W4) -------------------------------------------------------------------------------


def test_worries_are_counted_but_their_words_left_out_unless_asked_for(store):
    mia = store.add_child("Mia", BORN)
    calm(store, mia.id, LAST_NIGHT)
    content, _ = clean_worry("The wolf in the wardrobe", solutions=["a torch"])
    store.write_worry(mia.id, content, local(LAST_NIGHT, time(16)))
    private = report(store)
    assert "In these nights 1 written down and 0 went away; today 1 open" in private
    assert "Their words are left out" in private
    assert "wolf" not in private and "torch" not in private
    shared = section(report(store, worries=True), "Worries")
    assert "- Written Thu 19 Nov 2026; 0 nights in the box; still there" in shared
    assert "  The wolf in the wardrobe" in shared
    assert "  Solutions: a torch" in shared


# -- the range ----------------------------------------------------------------------------------


def test_by_default_from_the_first_logged_night_to_last_night(store):
    mia = store.add_child("Mia", BORN)
    calm(store, mia.id, date(2026, 11, 10))
    text = report(store)
    assert "Nights from Tue 10 Nov 2026 to Thu 19 Nov 2026 (10 nights)" in text
    assert "- Nights recorded: 1 of 10" in text


def test_nights_outside_the_range_are_left_out(store):
    mia = store.add_child("Mia", BORN)
    log(store, mia.id, date(2026, 11, 10), (EventKind.LIGHTS_OUT, "19:30"), (EventKind.VOMITED, "22:00"))
    calm(store, mia.id, date(2026, 11, 15))
    log(store, mia.id, LAST_NIGHT, (EventKind.LIGHTS_OUT, "19:30"), (EventKind.GOT_UP, "19:50"))
    text = report(store, date(2026, 11, 11), date(2026, 11, 18))
    assert "Nights from Wed 11 Nov 2026 to Wed 18 Nov 2026 (8 nights)" in text
    assert "- Nights recorded: 1 of 8" in text
    assert "vomited" not in text
    assert "- Get-ups: 0.0 a night" in text


def test_a_range_that_ends_before_it_starts_is_refused(store):
    with pytest.raises(InvalidInput):
        report(store, LAST_NIGHT, LAST_NIGHT - timedelta(days=1))


def test_a_long_range_has_a_row_a_month(store):
    mia = store.add_child("Mia", BORN)
    calm(store, mia.id, date(2026, 6, 1))
    calm(store, mia.id, LAST_NIGHT)
    trends = section(report(store), "Trends by month")
    assert "| June 2026 | 1 of 30 |" in trends
    assert "| November 2026 | 1 of 19 |" in trends


# -- the whole report ---------------------------------------------------------------------------


def test_the_demo_households_report(tmp_path):
    store = Store.open(tmp_path / "data", ManualClock(MORNING))
    try:
        write_demo(store, MORNING, nights=30, children=2, seed=1)
        assert_golden("report.md", report(store))
    finally:
        store.close()


def test_the_report_never_loads_textual(tmp_path):
    assert "textual" not in modules_loaded_by("import companion.report, companion.events_csv", tmp_path)
