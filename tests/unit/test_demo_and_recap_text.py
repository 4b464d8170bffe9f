"""The demo household (`companion demo`) and the printed recap (`companion recap`, rule M5).

Each test opens a real Store in a temp dir with a ManualClock; nothing reads the wall clock
except the benchmark, which times the 10-year demo.
"""

from __future__ import annotations

import contextlib
import json
import re
import statistics
import time
from dataclasses import dataclass
from datetime import date, time as clock_time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum
import pytest

from companion.clock import ManualClock
from companion.demo import CHILD_NAMES, write_demo
from companion.domain.bedtime_pass import pass_night
from companion.domain.errors import CompanionError
from companion.domain.night_log import AFTER_GOODNIGHT, EventKind, NightEvent
from companion.domain.quiet import quiet_uses
from companion.domain.recap import glance_rows
from companion.domain.trends import Measure
from companion.domain.wins import celebrate
from companion.domain.worry import HELPERS, WorryContent, nights_in_box
from companion.recap_text import JSON_VERSION, NothingRecorded, recap_json, recap_text
from companion.recaps import night_recap, recent_recaps
from companion.store import Store
from tests.support.golden import assert_golden

LONDON = "Europe/London"
NOW = pendulum.datetime(2026, 6, 17, 7, 30, tz=LONDON)  # a Wednesday morning
LAST_NIGHT = date(2026, 6, 16)
_HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")


def open_store(path: Path, now=NOW) -> Store:
    return Store.open(path, ManualClock(now))


@pytest.fixture
def stores():
    opened: list[Store] = []

    def make(path: Path, now=NOW) -> Store:
        store = open_store(path, now)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def demo_dir(stores, path: Path, *, seed: int = 7, nights: int = 30, children: int = 2, now=NOW) -> Store:
    store = stores(path, now)
    write_demo(store, now, nights=nights, children=children, seed=seed)
    return store


def night_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "nights").glob("*/*.json"))


def nights_without_ids(data_dir: Path) -> dict[str, list[dict]]:
    """Each nights/YYYY-MM/DD.json as its event list, event ids dropped, child ids replaced by
    names and an answer's ref by the place in the file of the record it answers."""
    household = json.loads((data_dir / "household.json").read_text("utf-8"))
    names = {doc["id"]: doc["name"] for doc in household["children"].values()}
    result = {}
    for path in night_files(data_dir):
        data = json.loads(path.read_text("utf-8"))
        places = {doc["id"]: doc_id for doc_id, doc in data["events"].items()}
        events = []
        for doc_id, doc in data["events"].items():
            stripped = {key: value for key, value in doc.items() if key != "id"}
            stripped["child_id"] = names[doc["child_id"]]
            if "ref" in doc:
                stripped["ref"] = places[doc["ref"]]
            events.append((doc_id, stripped))
        result[path.relative_to(data_dir).as_posix()] = events
    return result


def bytes_with_ids_numbered(data_dir: Path) -> dict[str, bytes]:
    """Every file's bytes with each uuid replaced by its order of first appearance."""
    numbering: dict[str, str] = {}

    def number(match: re.Match) -> str:
        return numbering.setdefault(match.group(0), f"<id{len(numbering)}>")

    paths = [data_dir / "household.json", *night_files(data_dir)]
    return {str(path.relative_to(data_dir)): _HEX_ID.sub(number, path.read_text("utf-8")).encode() for path in paths}


# -- demo ---------------------------------------------------------------------------------------


def test_demo_same_seed_gives_identical_nights_except_ids(stores, tmp_path):
    demo_dir(stores, tmp_path / "a")
    demo_dir(stores, tmp_path / "b")
    first, second = nights_without_ids(tmp_path / "a"), nights_without_ids(tmp_path / "b")
    assert first.keys() == second.keys()
    assert first == second
    assert sum(len(events) for events in first.values()) > 60
    # Quiet-mode uses and pass nights are there too, answers pointing at what they answer.
    docs = [doc for events in first.values() for _, doc in events]
    assert {"quiet_said", "quiet_done", "pass_used", "pass_back"} <= {doc["kind"] for doc in docs}
    assert any("ref" in doc for doc in docs)
    # And the files themselves, byte for byte, once ids are numbered in order.
    assert bytes_with_ids_numbered(tmp_path / "a") == bytes_with_ids_numbered(tmp_path / "b")


def test_demo_ids_are_fresh_each_time(stores, tmp_path):
    demo_dir(stores, tmp_path / "a")
    demo_dir(stores, tmp_path / "b")
    ids_a = {ident for path in night_files(tmp_path / "a") for ident in _HEX_ID.findall(path.read_text())}
    ids_b = {ident for path in night_files(tmp_path / "b") for ident in _HEX_ID.findall(path.read_text())}
    assert ids_a and ids_b and not ids_a & ids_b


def test_demo_different_seed_gives_different_nights(stores, tmp_path):
    demo_dir(stores, tmp_path / "a", seed=7)
    demo_dir(stores, tmp_path / "b", seed=8)
    assert nights_without_ids(tmp_path / "a") != nights_without_ids(tmp_path / "b")


def test_demo_refuses_a_household_that_already_has_children(stores, tmp_path):
    store = stores(tmp_path)
    store.add_child("Ada", date(2022, 3, 14))
    before = (tmp_path / "household.json").read_bytes()
    with pytest.raises(CompanionError):
        write_demo(store, NOW, nights=30, children=2, seed=7)
    assert [child.name for child in store.children()] == ["Ada"]
    assert (tmp_path / "household.json").read_bytes() == before
    assert not list((tmp_path / "nights").iterdir())  # not a night file, not a month folder


def test_demo_refuses_a_second_run_into_the_same_dir(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    before = nights_without_ids(tmp_path)
    with pytest.raises(CompanionError):
        write_demo(store, NOW, nights=30, children=2, seed=7)
    assert nights_without_ids(tmp_path) == before


def test_demo_refuses_more_children_than_it_has_names(stores, tmp_path):
    store = stores(tmp_path)
    with pytest.raises(CompanionError):
        write_demo(store, NOW, nights=5, children=len(CHILD_NAMES) + 1, seed=7)
    assert store.children() == []


def test_demo_household_shape(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    assert [child.name for child in store.children()] == ["Mia", "Leo"]
    assert [person.name for person in store.caregivers()] == ["Sam", "Alex"]
    assert store.zone == LONDON
    for child in store.children():
        assert child.birth_date < NOW.date()


def test_demo_nights_are_the_ones_before_today_and_files_are_per_night(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    nights = [LAST_NIGHT - timedelta(days=k) for k in range(30)]
    logged_by_anyone = set()
    for child in store.children():
        logged = [night for night in nights if store.night_events(child.id, night)]
        assert len(logged) >= 25
        logged_by_anyone.update(logged)
        assert not store.night_events(child.id, NOW.date())
        assert not store.night_events(child.id, LAST_NIGHT - timedelta(days=30))
    # One file per night logged, in its month's folder (May and June), and no other.
    assert [path.relative_to(tmp_path / "nights").as_posix() for path in night_files(tmp_path)] == sorted(
        f"{night:%Y-%m}/{night:%d}.json" for night in logged_by_anyone
    )
    assert sorted(path.name for path in (tmp_path / "nights").iterdir()) == ["2026-05", "2026-06"]


def test_demo_events_belong_to_their_night(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    for child in store.children():
        for k in range(30):
            night = LAST_NIGHT - timedelta(days=k)
            events = store.night_events(child.id, night)
            stamps = [event.at.timestamp() for event in events]
            assert stamps == sorted(stamps)
            for event in events:
                local = event.at.astimezone(ZoneInfo(LONDON))
                assert event.night == night
                assert local.date() == night and local.hour >= 12 or local.date() == night + timedelta(days=1) and local.hour < 12
            after = [event for event in events if event.kind in AFTER_GOODNIGHT]
            if after:
                assert after[0].kind is EventKind.LIGHTS_OUT  # the night log starts at lights out
                steps = [event.at.timestamp() for event in events if event.kind is EventKind.STEP_DONE]
                assert all(stamp <= after[0].at.timestamp() for stamp in steps)  # the routine came first


def test_demo_never_logs_events_after_now(stores, tmp_path):
    """A demo made just after midnight must not already know how the rest of the night goes."""
    now = pendulum.datetime(2026, 3, 12, 0, 30, tz=LONDON)
    late = []
    for seed in range(10):
        store = demo_dir(stores, tmp_path / f"seed{seed}", seed=seed, nights=5, now=now)
        for child in store.children():
            for k in range(1, 6):
                for event in store.night_events(child.id, now.date() - timedelta(days=k)):
                    if event.at.timestamp() > now.timestamp():
                        late.append((seed, child.name, event.kind.value, event.at.isoformat()))
    assert late == [], f"demo events later than now ({now.isoformat()}): {late}"


def test_demo_never_logs_nights_before_a_child_was_born(stores, tmp_path):
    """With four children the youngest is born during the history (by design): no nights before that."""
    store = demo_dir(stores, tmp_path, nights=800, children=4)
    noah = store.children()[3]
    assert LAST_NIGHT - timedelta(days=799) < noah.birth_date < LAST_NIGHT  # guard: born mid-history
    before_birth = []
    for child in store.children():
        for k in range(800):
            night = LAST_NIGHT - timedelta(days=k)
            if night < child.birth_date and store.night_events(child.id, night):
                before_birth.append((child.name, child.birth_date.isoformat(), night.isoformat()))
    assert before_birth == [], f"{len(before_birth)} nights logged before birth, e.g. {before_birth[:3]}"


HISTORY = 400  # nights: enough for months of quiet mode and of the pass plan for both children


@pytest.fixture(scope="module")
def long_demo(tmp_path_factory):
    """More than a year of demo nights, written once for the tests that only read it."""
    store = open_store(tmp_path_factory.mktemp("long-demo"))
    write_demo(store, NOW, nights=HISTORY, children=2, seed=7)
    yield store
    store.close()


def logged_nights(store: Store, child) -> list[tuple[date, list[NightEvent]]]:
    """The child's logged nights of the long demo, oldest first, with their records."""
    nights = (LAST_NIGHT - timedelta(days=k) for k in reversed(range(HISTORY)))
    return [(night, events) for night in nights if (events := store.night_events(child.id, night))]


def test_demo_says_instructions_once_and_the_repeats_fall_over_the_weeks(long_demo):
    for child in long_demo.children():
        nights = logged_nights(long_demo, child)
        uses = [(night, use) for night, events in nights for use in quiet_uses(events)]
        started = uses[0][0]
        evenings = [night for night, _ in nights if night >= started]
        assert len({night for night, _ in uses}) > len(evenings) / 3  # on many evenings, not all
        first_month = [use for night, use in uses if (night - started).days < 30]
        last_months = [use for night, use in uses if (LAST_NIGHT - night).days < 90]
        assert len(first_month) >= 10 and len(last_months) >= 30

        def repeats(chosen):
            return statistics.mean(len(use.repeats) for use in chosen)

        def seconds_to_comply(chosen):
            return statistics.mean(use.time_to_outcome().total_seconds() for use in chosen if use.outcome.kind is EventKind.QUIET_DONE)

        assert repeats(first_month) >= 1.2, child.name
        assert repeats(last_months) < 0.7, child.name
        assert repeats(first_month) > 3 * repeats(last_months), child.name
        assert seconds_to_comply(first_month) > 1.5 * seconds_to_comply(last_months), child.name
        outcomes = [use.outcome.kind for _, use in uses]
        assert set(outcomes) == {EventKind.QUIET_DONE, EventKind.QUIET_MOVED_ON}
        assert outcomes.count(EventKind.QUIET_DONE) > 4 * outcomes.count(EventKind.QUIET_MOVED_ON)
        wait = long_demo.child_settings(child.id).wait_seconds
        for night, events in nights:
            lights_out = next(e.at.timestamp() for e in events if e.kind is EventKind.LIGHTS_OUT)
            started_at = next(e.at.timestamp() for e in events if e.kind is EventKind.BEDTIME_STARTED)
            steps = {e.value for e in events if e.kind is EventKind.STEP_DONE}
            for use in quiet_uses(events):
                assert use.instruction.removeprefix("Time for ") in steps
                assert use.said.seconds == wait
                answers = [*use.repeats, use.outcome]
                assert all(started_at <= e.at.timestamp() <= lights_out for e in [use.said, *answers])
                assert all(e.at.timestamp() >= use.said.at.timestamp() + wait for e in use.repeats)


def test_demo_uses_passes_only_on_pass_nights_and_never_more_than_allowed(long_demo):
    used: dict[tuple[str, str], list[int]] = {}  # (child, phase) -> passes used each logged night
    allowed: dict[str, set[int]] = {}  # child -> the passes a pass night allowed
    for child in long_demo.children():
        trip = long_demo.child_settings(child.id).plan.trip_minutes * 60
        for night, events in logged_nights(long_demo, child):
            phase = long_demo.night_phase(child.id, night)
            passes = pass_night(events, phase.passes)
            assert len(passes.used) <= phase.passes, (child.name, night, phase)
            used.setdefault((child.name, phase.phase), []).append(len(passes.used))
            if phase.phase == "pass":
                allowed.setdefault(child.name, set()).add(phase.passes)
            lights_out = next(e.at.timestamp() for e in events if e.kind is EventKind.LIGHTS_OUT)
            for use in passes.used:
                assert use.value and use.seconds == trip and use.at.timestamp() > lights_out
                if back := passes.backs.get(use.id):
                    assert 0 < back.at.timestamp() - use.at.timestamp() <= trip  # back within the trip
        assert not any(used[child.name, "before"]), child.name  # before the plan: no pass
        pass_nights = used[child.name, "pass"]
        assert sum(1 for count in pass_nights if count) > len(pass_nights) / 2, child.name  # often used
    # The eldest: a baseline week (log only), then three passes a night fading to one.
    assert len(used["Mia", "baseline"]) >= 5 and not any(used["Mia", "baseline"])
    assert allowed["Mia"] == {1, 2, 3} and max(used["Mia", "pass"]) > 1
    assert allowed["Leo"] == {1} and ("Leo", "baseline") not in used


def test_demo_call_outs_after_the_pass_fall_over_the_weeks(long_demo):
    for child in long_demo.children():
        after = [
            sum(passes.after.values())
            for night, events in logged_nights(long_demo, child)
            if (passes := pass_night(events, long_demo.night_phase(child.id, night).passes)).used
        ]
        assert statistics.mean(after[:20]) > 2 * statistics.mean(after[-90:]), child.name


def test_demo_answers_point_to_a_said_record_of_the_same_child(long_demo):
    records = {
        event.id: event
        for child in long_demo.children()
        for _, events in logged_nights(long_demo, child)
        for event in events
    }
    answered = {
        EventKind.QUIET_REPEATED: EventKind.QUIET_SAID,
        EventKind.QUIET_DONE: EventKind.QUIET_SAID,
        EventKind.QUIET_MOVED_ON: EventKind.QUIET_SAID,
        EventKind.PASS_BACK: EventKind.PASS_USED,
    }
    answers = [event for event in records.values() if event.ref]
    assert len(answers) > 500
    for answer in answers:
        said = records[answer.ref]
        assert said.kind is answered[answer.kind]
        assert (said.child_id, said.night) == (answer.child_id, answer.night)
        assert said.at.timestamp() <= answer.at.timestamp()
    assert not [event for event in records.values() if event.kind in answered and not event.ref]


@dataclass(frozen=True)
class TenYears:
    store: Store
    path: Path
    seconds: float
    summary: str


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory):
    """Ten years of demo history, written once (and timed) for the tests that read it."""
    path = tmp_path_factory.mktemp("ten-years")
    store = open_store(path)
    started = time.perf_counter()
    summary = write_demo(store, NOW, nights=3650, children=2, seed=7)
    yield TenYears(store, path, time.perf_counter() - started, summary)
    store.close()


def test_ten_year_demo_finishes_under_a_minute(ten_years, capsys):
    store, took, summary = ten_years.store, ten_years.seconds, ten_years.summary
    with capsys.disabled():
        print(f"\n10-year demo (3650 nights, 2 children): {took:.2f} s — {summary}")
    assert took < 60
    assert "3650 nights" in summary
    assert len(night_files(ten_years.path)) >= 3600  # a file per night (a night nobody logged has none)
    assert len(list((ten_years.path / "nights").iterdir())) >= 120  # in a folder per month
    recap = json.loads(recap_json(store, NOW))
    assert recap["night"] == LAST_NIGHT.isoformat()
    assert [child["name"] for child in recap["children"]] == ["Mia", "Leo"]


def test_ten_year_demo_has_hundreds_of_worries_most_gone_within_days_a_few_for_a_month(ten_years):
    store = ten_years.store
    worries = {child.name: store.worries(child.id) for child in store.children()}
    every = [worry for child in worries.values() for worry in child]
    assert len(every) >= 300 and f"{len(every)} worries" in ten_years.summary
    assert all(len(child) >= 150 for child in worries.values())  # both children, from three on
    gone = [worry for worry in every if worry.gone is not None]
    assert len(gone) > 0.95 * len(every)
    within_days = [worry for worry in gone if nights_in_box(worry) <= 5]
    assert len(within_days) > 0.7 * len(gone)
    assert all(nights_in_box(worry) >= 1 for worry in gone)  # each went to bed at least once
    long_lived = [worry for worry in every if ((worry.gone or NOW) - worry.added).days >= 30]
    assert 5 <= len(long_lived) < 0.1 * len(every)
    assert any(nights_in_box(worry) >= 30 for worry in long_lived)
    # In the child's words or drawn; solutions, helpers, and new solutions some mornings.
    assert 0.1 * len(every) < sum(worry.content.drawn for worry in every) < 0.4 * len(every)
    assert sum(bool(worry.content.solutions) for worry in every) > 0.5 * len(every)
    assert {worry.content.helper for worry in every} >= {"", *HELPERS}
    edited = [worry for worry in every if len(worry.versions) > 1]
    assert len(edited) > 20
    assert all(len(w.content.solutions) > len(w.versions[0].content.solutions) for w in edited)
    # The recap counts them without reading the history.
    recap = json.loads(recap_json(store, NOW))
    assert [child["worries"]["gone"] for child in recap["children"]] == [
        sum(worry.gone is not None for worry in worries[name]) for name in ("Mia", "Leo")
    ]


def test_ten_year_demo_worries_happen_when_they_could(ten_years):
    """Written in the afternoon by a child of three or more, put to bed at bedtime (before
    lights out), looked at over breakfast (07:00–08:30), never after now."""
    store = ten_years.store
    zone = ZoneInfo(LONDON)
    for child in store.children():
        records = store.worry_records(child.id)
        assert records and {record.child_id for record in records} == {child.id}
        assert max(record.at.timestamp() for record in records) <= NOW.timestamp()
        for worry in store.worries(child.id):
            added = worry.added.astimezone(zone)
            assert added.date() >= child.birth_date.replace(year=child.birth_date.year + 3)
            assert 15 <= added.hour < 18, worry.added
            for boxing in worry.boxings:
                assert boxing.at.timestamp() >= worry.added.timestamp()
                lights_out = [e.at for e in store.night_events(child.id, boxing.night) if e.kind is EventKind.LIGHTS_OUT]
                assert lights_out and boxing.at.timestamp() < lights_out[0].timestamp(), boxing
            looks = [review.at for review in worry.reviews] + [version.at for version in worry.versions[1:]]
            for at in looks:
                assert clock_time(7, 0) <= at.astimezone(zone).time() <= clock_time(8, 30), at
            if worry.gone is not None:
                assert worry.gone.timestamp() > worry.boxings[-1].at.timestamp()


def test_demo_same_seed_gives_the_same_worries_except_ids(stores, tmp_path):
    def without_ids(store: Store) -> dict[str, list]:
        return {child.name: [w._replace(id="", child_id="") for w in store.worries(child.id)] for child in store.children()}

    first = without_ids(demo_dir(stores, tmp_path / "a", nights=120))
    second = without_ids(demo_dir(stores, tmp_path / "b", nights=120))
    assert first == second and len(first["Mia"]) >= 4
    assert without_ids(demo_dir(stores, tmp_path / "c", nights=120, seed=8)) != first


# -- recap_text / recap_json -------------------------------------------------------------------

CHILD_KEYS = [
    "name",
    "night",
    "recorded",
    "opening",
    "routine",
    "readiness",
    "lights_out",
    "fell_asleep",
    "minutes_to_sleep",
    "minutes_to_quiet",
    "got_up",
    "called_out",
    "woke",
    "parents_bed",
    "health_flags",
    "health_line",
    "bedtime_pass",
    "said_once",
    "worries",
    "star",
    "trends",
]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "recap-json.md"


def sections(text: str) -> dict[str, list[str]]:
    """A text recap by child: the name in each heading -> the lines under it."""
    found: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in text.splitlines():
        if line and not line.startswith(" "):
            lines = found.setdefault(line.split(" — night of ")[0], [])
        else:
            lines.append(line)
    return found


def rows(text: str, name: str) -> dict[str, str]:
    """The child's labelled rows (the glance and the trends): label -> what it says."""
    found = {}
    for line in sections(text)[name]:
        parts = re.split(r" {2,}", line.strip(), maxsplit=1)
        if len(parts) == 2:
            found[parts[0]] = parts[1]
    return found


def demo_with_an_unlogged_night(stores, tmp_path: Path) -> tuple[Store, str, date]:
    """A demo where one of Mia's nights went unlogged while Leo's was logged: the first seed
    that has one (about one night in 25 goes unlogged), so tuning the demo doesn't break it."""
    for seed in range(1, 40):
        store = demo_dir(stores, tmp_path / f"seed{seed}", seed=seed)
        mia, leo = store.children()
        for k in range(30):
            night = LAST_NIGHT - timedelta(days=k)
            if not store.night_events(mia.id, night) and store.night_events(leo.id, night):
                return store, "Mia", night
    raise AssertionError("no demo seed left one of Mia's nights unlogged")


@pytest.fixture(scope="module")
def golden_household(tmp_path_factory):
    """The household the golden files show: a seeded demo read on a fixed morning in London."""
    store = open_store(tmp_path_factory.mktemp("golden"))
    write_demo(store, NOW, nights=30, children=2, seed=1)
    yield store
    store.close()


def test_recap_text_matches_the_golden_file(golden_household):
    assert_golden("recap.txt", recap_text(golden_household, NOW) + "\n")  # + the newline print adds


def test_recap_json_matches_the_golden_file(golden_household):
    assert_golden("recap.json", recap_json(golden_household, NOW) + "\n")


def test_recap_json_has_the_documented_keys_in_a_stable_order(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    document = json.loads(recap_json(store, NOW))
    assert list(document) == ["version", "night", "children"]
    assert document["version"] == JSON_VERSION == 2
    assert document["night"] == LAST_NIGHT.isoformat()
    assert [child["name"] for child in document["children"]] == ["Mia", "Leo"]
    for child in document["children"]:
        assert list(child) == CHILD_KEYS
        assert child["night"] == LAST_NIGHT.isoformat()
        assert isinstance(child["recorded"], bool)
        assert list(child["routine"]) == ["steps", "done", "started", "minutes"]
        assert list(child["readiness"]) == ["screens_off", "minutes_screens_before_bed", "moved", "fed", "dry", "safe"]
        assert list(child["bedtime_pass"]) == ["phase", "allowed", "used", "stayed_in"]
        assert list(child["worries"]) == ["open", "to_review", "boxed_tonight", "gone"]
        assert list(child["trends"]) == [measure.value for measure in Measure]
        for line in child["trends"].values():
            assert list(line) == ["unit", "values", "nights_with_data", "mean"]
            assert len(line["values"]) == 7
            assert line["nights_with_data"] == sum(value is not None for value in line["values"])


def test_every_recap_json_key_is_documented(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    mia = store.children()[0]
    store.write_worry(mia.id, WorryContent("The dark", helper="guardian dragon", helper_line="Rex guards the door"), NOW)
    keys: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for inner in value.values():
                collect(inner)
        elif isinstance(value, list):
            for inner in value:
                collect(inner)

    for k in range(30):
        with contextlib.suppress(NothingRecorded):  # a night neither child logged
            collect(json.loads(recap_json(store, NOW, night=LAST_NIGHT - timedelta(days=k), include_worries=True)))
    assert {"median_minutes_to_comply", "back", "praise", "helper_line", "before"} <= keys  # every part was seen
    docs = DOCS.read_text("utf-8")
    assert sorted(key for key in keys if f"`{key}`" not in docs) == []


def test_recap_json_matches_the_logged_events(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    for child in store.children():
        for k in range(30):
            night = LAST_NIGHT - timedelta(days=k)
            events = store.night_events(child.id, night)
            if not events:
                continue
            row = json.loads(recap_json(store, NOW, night=night, child_name=child.name))["children"][0]
            lights = next(e.at for e in events if e.kind is EventKind.LIGHTS_OUT)
            asleep = next(e.at for e in events if e.kind is EventKind.FELL_ASLEEP)
            assert row["recorded"] is True
            assert row["lights_out"] == lights.astimezone(ZoneInfo(LONDON)).strftime("%H:%M")
            assert row["fell_asleep"] == asleep.astimezone(ZoneInfo(LONDON)).strftime("%H:%M")
            assert row["minutes_to_sleep"] == (asleep.timestamp() - lights.timestamp()) // 60  # whole minutes, as the text
            assert row["got_up"]["total"] == sum(e.kind is EventKind.GOT_UP for e in events)
            assert row["called_out"]["total"] == sum(e.kind is EventKind.CALLED_OUT for e in events)
            steps = [e.value for e in events if e.kind is EventKind.STEP_DONE]
            assert sorted(row["routine"]["done"]) == sorted(steps)


def test_the_text_recap_opens_and_glances_as_the_pane_does(stores, tmp_path):
    """The pane's own computation (ui/recap.py): last night, two weeks before it for the line."""
    store = demo_dir(stores, tmp_path)
    text = recap_text(store, NOW)
    document = json.loads(recap_json(store, NOW))
    for child, row in zip(store.children(), document["children"]):
        recap = night_recap(store, child, LAST_NIGHT, NOW)
        opening = celebrate(recap, recent_recaps(store, child, LAST_NIGHT - timedelta(days=1), NOW, 13))
        assert opening.startswith("Good morning.")
        assert sections(text)[child.name][0].strip() == opening == row["opening"]
        shown = rows(text, child.name)
        assert [(label, shown[label]) for label, _ in glance_rows(recap)] == list(glance_rows(recap))


def test_an_earlier_night_is_looked_back_on_without_a_win(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    night = date(2026, 6, 13)
    document = json.loads(recap_json(store, NOW, night=night))
    assert {child["opening"] for child in document["children"]} == {"Looking back at the night of Saturday 13 June."}
    text = recap_text(store, NOW, night=night)
    assert "Mia — night of Sat 13 Jun 2026\n  Looking back at the night of Saturday 13 June.\n" in text


def test_the_trends_cover_the_seven_nights_ending_with_the_night(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    mia = store.children()[0]
    [row] = json.loads(recap_json(store, NOW, child_name="Mia"))["children"]
    week = [night_recap(store, mia, LAST_NIGHT - timedelta(days=back), NOW) for back in reversed(range(7))]
    asleep = [None if recap.time_to_sleep is None else recap.time_to_sleep.total_seconds() // 60 for recap in week]
    assert row["trends"]["time_to_sleep"]["values"] == asleep
    assert row["trends"]["get_ups"]["values"] == [None if r.got_up is None else r.got_up.total for r in week]
    text = rows(recap_text(store, NOW, child_name="Mia"), "Mia")
    logged = sum(value is not None for value in asleep)
    assert f"on average over {logged} nights" in text["time to fall asleep"]


def test_a_night_asked_for_with_nothing_recorded_is_an_error_that_names_it(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    for render in (recap_text, recap_json):
        with pytest.raises(NothingRecorded, match=r"^Nothing was recorded on the night of Thu 12 Mar 2020\.$"):
            render(store, NOW, night=date(2020, 3, 12))
    assert issubclass(NothingRecorded, CompanionError)  # the CLI's one line and exit 1


def test_a_night_only_a_sibling_logged(stores, tmp_path):
    store, name, night = demo_with_an_unlogged_night(stores, tmp_path)
    with pytest.raises(NothingRecorded, match=f"{night:%a %d %b %Y}"):  # the child asked for has nothing
        recap_text(store, NOW, night=night, child_name=name)
    document = json.loads(recap_json(store, NOW, night=night))
    assert document["night"] == night.isoformat()
    empty, other = (next(row for row in document["children"] if row["name"] == who) for who in (name, "Leo"))
    assert empty["recorded"] is False
    for key in ("lights_out", "fell_asleep", "minutes_to_sleep", "got_up", "called_out", "woke", "said_once"):
        assert empty[key] is None, key
    assert empty["health_flags"] == [] and empty["bedtime_pass"]["used"] == []
    assert other["recorded"] is True and other["lights_out"] is not None and other["minutes_to_sleep"] is not None
    text = recap_text(store, NOW, night=night)
    for label in ("Routine", "Lights out", "Fell asleep", "Got up", "Called out", "Woke"):
        assert rows(text, name)[label] == "not recorded", label  # never zero
    assert rows(text, "Leo")["Lights out"] == other["lights_out"]


def test_last_night_with_nothing_logged_is_a_calm_recap_not_an_error(stores, tmp_path):
    store = stores(tmp_path)
    store.add_child("Mia", date(2022, 3, 14))
    text = recap_text(store, NOW)
    assert sections(text)["Mia"][0] == "  Good morning. Nothing was logged last night; tonight is a fresh start."
    assert rows(text, "Mia")["Lights out"] == "not recorded"
    assert json.loads(recap_json(store, NOW))["children"][0]["recorded"] is False


def test_recap_defaults_to_last_night_from_now(stores, tmp_path):
    store = demo_dir(stores, tmp_path)
    evening = NOW.set(hour=19)  # 19:00 the same Wednesday: last night is still Tuesday's
    assert json.loads(recap_json(store, evening))["night"] == LAST_NIGHT.isoformat()
    assert "Tue 16 Jun 2026" in recap_text(store, NOW)


def test_recap_on_an_empty_household(stores, tmp_path):
    store = stores(tmp_path)
    assert recap_text(store, NOW).startswith("No children yet")
    document = json.loads(recap_json(store, NOW))
    assert document == {"version": 2, "night": LAST_NIGHT.isoformat(), "children": []}


def test_recap_of_a_night_across_fall_back(stores, tmp_path):
    morning = pendulum.datetime(2026, 10, 25, 7, 30, tz=LONDON)
    store = stores(tmp_path, morning)
    mia = store.add_child("Mia", date(2022, 3, 14))
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, pendulum.datetime(2026, 10, 24, 23, 30, tz=LONDON))
    store.add_night_event(mia.id, EventKind.CALLED_OUT, pendulum.datetime(2026, 10, 25, 1, 40, tz=LONDON, fold=0))
    store.add_night_event(mia.id, EventKind.FELL_ASLEEP, pendulum.datetime(2026, 10, 25, 1, 10, tz=LONDON, fold=1))
    row = json.loads(recap_json(store, morning))["children"][0]
    assert row["night"] == "2026-10-24"
    assert row["lights_out"] == "23:30"
    assert row["fell_asleep"] == "01:10"
    assert row["minutes_to_sleep"] == 160
    assert row["minutes_to_quiet"] == 130  # the call-out at 01:40 came before the second 01:10
    assert row["called_out"] == {"before": 1, "after": None, "total": 1}
    assert rows(recap_text(store, morning), "Mia")["Fell asleep"] == "01:10, 2 h 40 min after lights out"


def test_recap_of_a_partial_night_says_not_recorded(stores, tmp_path):
    store = stores(tmp_path)
    mia = store.add_child("Mia", date(2022, 3, 14))
    store.add_night_event(mia.id, EventKind.LIGHTS_OUT, pendulum.datetime(2026, 6, 16, 19, 45, tz=LONDON))
    store.add_night_event(mia.id, EventKind.VOMITED, pendulum.datetime(2026, 6, 17, 2, 0, tz=LONDON))
    shown = rows(recap_text(store, NOW), "Mia")
    assert shown["Lights out"] == "19:45"
    assert shown["Fell asleep"] == "not recorded"
    assert shown["Routine"] == "not recorded"
    assert shown["Got up"] == "0"  # something was logged after goodnight: none is zero
    assert "vomited" in shown["Health"] and "pediatrician" in shown["Health"]
    row = json.loads(recap_json(store, NOW))["children"][0]
    assert row["recorded"] is True
    assert row["fell_asleep"] is None and row["minutes_to_sleep"] is None
    assert row["health_flags"] == ["vomited"]
    assert row["health_line"] == shown["Health"]


def test_markup_and_emoji_in_the_parents_words_print_literally(stores, tmp_path):
    name, step, reason = "[b]Zoë[/b] 🦄", "[i]bath[/i] 🛁", "[red]a drink[/red] 🥤 \\[x]"
    store = stores(tmp_path)
    zoe = store.add_child(name, date(2022, 3, 14))
    store.set_routine(zoe.id, (step, "teeth"), LAST_NIGHT)
    at = lambda hour, minute: pendulum.datetime(2026, 6, 16, hour, minute, tz=LONDON)  # noqa: E731
    store.add_night_event(zoe.id, EventKind.STEP_DONE, at(19, 0), step)
    store.add_night_event(zoe.id, EventKind.LIGHTS_OUT, at(19, 30))
    store.add_night_event(zoe.id, EventKind.PASS_USED, at(19, 50), reason)
    text = recap_text(store, NOW)
    assert text.startswith(f"{name} — night of Tue 16 Jun 2026\n")
    assert rows(text, name)["Pass"] == f"used 19:50 for {reason} · stayed in after it"
    document = recap_json(store, NOW)
    assert name in document and step in document  # ensure_ascii=False: readable as typed
    [row] = json.loads(document)["children"]
    assert row["name"] == name
    assert row["routine"]["done"] == [step]
    assert row["bedtime_pass"]["used"] == [{"at": "19:50", "reason": reason, "back": None}]


def test_ten_year_demo_keeps_a_reward_chart_a_family_would(ten_years):
    """Issue 6 point 9: from three, a ladder stepped up over time, thousands of stars, a few
    taken back at once, rewards added and spent; never more spent than earned."""
    from companion.domain.rewards import VOID_WINDOW, chart_applies

    store = ten_years.store
    now = NOW.add(years=10)  # well after the demo's last morning
    for child in store.children():
        chart = store.reward_chart(child.id)
        assert len(chart.targets) == 3 and len(chart.changes) >= 3  # the whole ladder, stepped up
        live = [star for star in chart.stars if star.live]
        voided = [star for star in chart.stars if not star.live]
        assert len(live) > 1000 and 0 < len(voided) < len(live) // 20
        assert all(star.voided - star.given < VOID_WINDOW for star in voided)
        assert all(chart_applies(child.birth_date, star.night) for star in chart.stars)
        totals = chart.totals(now)
        assert len(chart.redemptions) > 100 and 0 <= totals.available < totals.earned
        assert len({star.night for star in live}) == len(live)  # one star a night at most
