"""`companion export --format json` and `companion import` at the store (rule M5, W4): the
whole household out as one document and back, losslessly; only what is new added to a
household with data; a file that is not a sound companion export refused before anything is
written.

One demo household (two children, worries open and gone, stars, a voided one, rewards spent,
a ladder of targets) is written once for the module and exported; each test imports that
text into its own fresh data dir.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pendulum
import pytest

from companion.clock import ManualClock
from companion.demo import write_demo
from companion.domain.night_log import EventKind
from companion.domain.reward_kinds import RewardKind
from companion.domain.worry_kinds import WorryKind
from companion.export import export_text
from companion.store import Store
from companion.store.transfer import MAX_TEXT, ImportRefused
from tests.store.helpers import snapshot

ZONE = "Europe/London"
NOW = pendulum.datetime(2026, 6, 17, 7, 30, tz=ZONE)  # a Wednesday morning
NIGHTS = 60  # from 2026-04-18 to 2026-06-16
SEED = 3  # Mia has worries gone and one still open, an edited one, a voided star, a 3-rung ladder
EXTRA_NIGHT = date(2026, 4, 10)  # before the demo's first night


def open_store(path: Path, now=NOW) -> Store:
    return Store.open(path, ManualClock(now))


def exported(store: Store, first: date | None = None, last: date | None = None, *, include_worries: bool = True) -> str:
    """What `companion export --format json` writes."""
    return export_text(store, NOW, "json", first=first, last=last, include_worries=include_worries)


@dataclass(frozen=True)
class Source:
    """The demo household on disk, and its export as the day began and after one more change."""

    data_dir: Path
    text: str  # with the worries' words
    later: str  # then one night more (before the others) and the open worry gone
    open_worry: str  # its id


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    data_dir = tmp_path_factory.mktemp("source") / "data"
    store = open_store(data_dir)
    try:
        write_demo(store, NOW, nights=NIGHTS, children=2, seed=SEED)
        text = exported(store)
        mia = store.find_child("Mia")
        (open_worry,) = store.worries_not_gone(mia.id)
        store.add_night_event(mia.id, EventKind.LIGHTS_OUT, pendulum.datetime(2026, 4, 10, 19, 40, tz=ZONE))
        store.add_night_event(mia.id, EventKind.FELL_ASLEEP, pendulum.datetime(2026, 4, 10, 20, 2, tz=ZONE))
        store.review_worry(open_worry.id, WorryKind.GONE, NOW.add(hours=1))
        later = exported(store)
    finally:
        store.close()
    return Source(data_dir, text, later, open_worry.id)


@pytest.fixture
def stores() -> Iterator[Callable[[Path], Store]]:
    """Opens stores that are closed (lock released) at the end of the test."""
    opened: list[Store] = []

    def make(path: Path) -> Store:
        opened.append(open_store(path))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


def reopened(store: Store, stores: Callable[[Path], Store]) -> Store:
    """The same data dir opened afresh: what is shown comes from the files, not from memory."""
    store.close()
    return stores(store.data_dir)


def household_files(data_dir: Path) -> list[str]:
    """What a household leaves on disk (an empty data dir holds only the lock and nights/)."""
    return sorted(path.relative_to(data_dir).as_posix() for path in data_dir.rglob("*") if path.name != "app.lock")


def worry_words(store: Store) -> list[str]:
    return [
        text
        for child in store.children()
        for worry in store.worries(child.id)
        for version in worry.versions
        for text in (version.content.text, *version.content.solutions)
    ]


def household_as_shown(store: Store) -> dict[str, object]:
    """Everything a parent sees, through the store's API (not the files)."""
    children = store.children()
    shown: dict[str, object] = {
        "children": children,
        "caregivers": store.caregivers(),
        "zone": store.zone,
        "nights": store.logged_nights(),
    }
    for child in children:
        chart = store.reward_chart(child.id)
        shown[child.id] = {
            "routines": store.routine_versions(child.id),
            "settings": store.child_settings(child.id),
            "events": {night: store.night_events(child.id, night, with_undone=True) for night in store.logged_nights()},
            "worries": store.worries(child.id),
            "gone": store.gone_worries(child.id),
            "not gone": store.worries_not_gone(child.id),
            "chart": chart,
            "ladder": [target.text for target in chart.targets],
            "totals": chart.totals(NOW),
        }
    return shown


# -- the round trip ------------------------------------------------------------------------


def test_the_demo_household_has_everything_a_round_trip_must_carry(source: Source, stores) -> None:
    """The other tests lean on this household holding each kind of record."""
    store = stores(source.data_dir)
    document = json.loads(source.text)
    mia = next(child for child in document["household"]["children"] if child["name"] == "Mia")
    kinds = {doc["kind"] for doc in document["rewards"] if doc["child_id"] == mia["id"]}
    assert {kind.value for kind in RewardKind} <= kinds
    worry_kinds = {doc["kind"] for doc in document["worries"]}
    assert {kind.value for kind in WorryKind} <= worry_kinds
    assert len(store.gone_worries(mia["id"])) >= 3
    assert len([target.text for target in store.reward_chart(mia["id"]).targets]) == 3
    assert len(document["household"]["children"]) == 2 and len(document["nights"]) == NIGHTS


def test_export_then_import_into_an_empty_dir_then_export_gives_the_same_file(source: Source, stores, tmp_path) -> None:
    store = stores(tmp_path / "copy")
    report = store.import_documents(json.loads(source.text))

    assert report.describe().startswith("Imported 2 children, 60 nights, ")
    assert report.kept == 0
    assert exported(store) == source.text
    assert exported(reopened(store, stores)) == source.text


def test_the_imported_household_shows_what_the_first_showed(source: Source, stores, tmp_path) -> None:
    copy_ = stores(tmp_path / "copy")
    copy_.import_documents(json.loads(source.text))
    copy_ = reopened(copy_, stores)
    first = stores(tmp_path / "first")  # the source as it was when exported
    first.import_documents(json.loads(source.text))

    original = household_as_shown(first)
    shown = household_as_shown(copy_)
    assert shown == original
    mia = copy_.find_child("Mia")
    assert [worry.id for worry in copy_.gone_worries(mia.id)] == [worry.id for worry in first.gone_worries(mia.id)]
    assert copy_.worries_not_gone(mia.id)[0].id == source.open_worry
    totals = copy_.reward_chart(mia.id).totals(NOW)
    assert totals.earned > 0 and totals.spent > 0
    assert shown[mia.id]["ladder"] == ["got into bed when asked", "stayed in my bed the whole night", "went to sleep on my own"]


def test_the_import_shows_what_the_source_dir_itself_shows(source: Source, stores, tmp_path) -> None:
    """Against the real source (one night and one worry later than `text`): `later` carries it all."""
    copy_ = stores(tmp_path / "copy")
    copy_.import_documents(json.loads(source.later))
    assert household_as_shown(reopened(copy_, stores)) == household_as_shown(stores(source.data_dir))


def test_gone_worries_come_back_in_their_own_files(source: Source, stores, tmp_path) -> None:
    store = stores(tmp_path / "copy")
    store.import_documents(json.loads(source.text))
    mia = store.find_child("Mia")
    gone = {worry.id for worry in store.gone_worries(mia.id)}
    files = {path.stem for path in (tmp_path / "copy" / "worries-gone" / mia.id).glob("*.json")}
    assert gone and files == gone
    live = json.loads((tmp_path / "copy" / "worries.json").read_bytes())["records"].values()
    assert {doc["worry_id"] for doc in live} == {source.open_worry}


# -- worries only when asked (W4) ----------------------------------------------------------


def test_without_include_worries_the_export_holds_no_worry_words(source: Source, stores) -> None:
    store = stores(source.data_dir)
    words = worry_words(store)
    assert len(words) > 5
    text = exported(store, include_worries=False)
    document = json.loads(text)

    assert document["worries_included"] is False
    assert "worries" not in document
    assert [word for word in words if word in text] == []
    assert json.loads(source.text)["worries_included"] is True


def test_importing_an_export_without_worries_gives_a_household_without_worries(source: Source, stores, tmp_path) -> None:
    text = exported(stores(source.data_dir), include_worries=False)
    store = stores(tmp_path / "copy")
    store.import_documents(json.loads(text))

    for child in store.children():
        assert store.worries(child.id) == []
        assert store.gone_count(child.id) == 0
    assert not (tmp_path / "copy" / "worries-gone").exists()
    assert exported(store, include_worries=False) == text


# -- a range of nights ---------------------------------------------------------------------


def test_from_and_to_limit_the_nights_and_the_worries_but_not_the_household_or_the_ledger(source: Source, stores) -> None:
    store = stores(source.data_dir)
    whole = json.loads(source.later)
    first, last = date(2026, 5, 15), date(2026, 5, 29)
    document = json.loads(exported(store, first, last))

    assert (document["from"], document["to"]) == ("2026-05-15", "2026-05-29")
    assert [night["night"] for night in document["nights"]] == [f"2026-05-{day}" for day in range(15, 30)]
    assert [night for night in whole["nights"] if first.isoformat() <= night["night"] <= last.isoformat()] == document["nights"]
    assert document["household"] == whole["household"] and document["settings"] == whole["settings"]
    assert document["rewards"] == whole["rewards"]

    def in_range(doc: dict) -> bool:
        return first.isoformat() <= doc["night"] <= last.isoformat()

    expected = {doc["worry_id"] for doc in whole["worries"] if in_range(doc)}
    assert 0 < len(expected) < len({doc["worry_id"] for doc in whole["worries"]})  # some in, some out
    assert {doc["worry_id"] for doc in document["worries"]} == expected
    # each worry whole, records outside the range too
    assert document["worries"] == [doc for doc in whole["worries"] if doc["worry_id"] in expected]
    assert any(not in_range(doc) for doc in document["worries"])  # one went away on the 30th


def test_an_open_ended_range(source: Source, stores) -> None:
    store = stores(source.data_dir)
    since = json.loads(exported(store, date(2026, 6, 10)))
    until = json.loads(exported(store, None, date(2026, 4, 18)))
    assert [night["night"] for night in since["nights"]] == [f"2026-06-{day}" for day in range(10, 17)]
    assert [night["night"] for night in until["nights"]] == ["2026-04-10", "2026-04-18"]
    assert (since["from"], since["to"], until["from"], until["to"]) == ("2026-06-10", None, None, "2026-04-18")


def test_a_range_imports_into_an_empty_dir_as_those_nights(source: Source, stores, tmp_path) -> None:
    text = exported(stores(source.data_dir), date(2026, 5, 20), date(2026, 5, 26))
    store = stores(tmp_path / "copy")
    report = store.import_documents(json.loads(text))
    assert "7 nights" in report.describe()
    assert store.logged_nights() == [date(2026, 5, 20) + timedelta(days=day) for day in range(7)]
    assert len(store.children()) == 2


# -- into a household with data: --merge ---------------------------------------------------


@pytest.fixture
def imported(source: Source, stores, tmp_path) -> Store:
    """A household made by importing the morning's export."""
    store = stores(tmp_path / "here")
    store.import_documents(json.loads(source.text))
    return store


def test_without_merge_a_household_with_data_is_refused_and_nothing_changes(source: Source, imported: Store) -> None:
    before = snapshot(imported.data_dir)
    with pytest.raises(ImportRefused, match="--merge"):
        imported.import_documents(json.loads(source.later))
    assert snapshot(imported.data_dir) == before


@pytest.mark.parametrize("has", ["a caregiver", "a child"], ids=lambda has: has.replace(" ", "-"))
def test_a_grown_up_or_a_child_alone_counts_as_a_household(source: Source, stores, tmp_path, has: str) -> None:
    store = stores(tmp_path / "here")
    if has == "a caregiver":
        store.add_caregiver("Sam")
    else:
        store.add_child("Ada", date(2021, 3, 3))
    before = snapshot(tmp_path / "here")
    with pytest.raises(ImportRefused, match="already has a household"):
        store.import_documents(json.loads(source.text))
    assert snapshot(tmp_path / "here") == before


def test_merging_the_same_file_again_adds_nothing_and_touches_no_file(source: Source, imported: Store) -> None:
    before = snapshot(imported.data_dir)
    report = imported.import_documents(json.loads(source.text), merge=True)
    assert report.describe().startswith("Nothing new to import; ")
    assert report.kept > 1000
    assert snapshot(imported.data_dir) == before  # bytes, and not even rewritten


def test_merging_a_file_with_one_night_more_adds_that_night_only(source: Source, imported: Store) -> None:
    nights_before = {night: imported.night_events(child.id, night) for child in imported.children() for night in imported.logged_nights()}
    report = imported.import_documents(json.loads(source.later), merge=True)

    assert report.added["nights"] == 1 and report.added["night records"] == 2
    assert report.describe().startswith("Imported 1 night, 2 night records")
    assert imported.logged_nights()[0] == EXTRA_NIGHT
    mia = imported.find_child("Mia")
    assert [event.kind for event in imported.night_events(mia.id, EXTRA_NIGHT)] == [EventKind.LIGHTS_OUT, EventKind.FELL_ASLEEP]
    assert {night: imported.night_events(child.id, night) for child in imported.children() for night in imported.logged_nights()[1:]} == nights_before
    assert exported(imported) == source.later


def test_a_worry_open_here_and_gone_in_the_file_moves_to_the_history(source: Source, imported: Store, stores) -> None:
    mia = imported.find_child("Mia")
    assert [worry.id for worry in imported.worries_not_gone(mia.id)] == [source.open_worry]
    gone_before = len(imported.gone_worries(mia.id))

    report = imported.import_documents(json.loads(source.later), merge=True)
    assert "change to a worry" in report.describe()

    store = reopened(imported, stores)
    assert store.worries_not_gone(mia.id) == []
    assert [worry.id for worry in store.gone_worries(mia.id)][-1] == source.open_worry
    assert len(store.gone_worries(mia.id)) == gone_before + 1
    assert (store.data_dir / "worries-gone" / mia.id / f"{source.open_worry}.json").is_file()
    live = json.loads((store.data_dir / "worries.json").read_bytes())["records"]
    assert live == {}


def test_a_merge_that_only_sends_a_worry_away_says_it_imported_something(source: Source, imported: Store) -> None:
    later = json.loads(source.later)
    later["nights"] = [night for night in later["nights"] if night["night"] != EXTRA_NIGHT.isoformat()]
    report = imported.import_documents(later, merge=True)
    assert report.describe().startswith("Imported 1 change to a worry;")


def test_an_older_export_never_brings_a_gone_worry_back(source: Source, stores, tmp_path) -> None:
    store = stores(tmp_path / "here")
    store.import_documents(json.loads(source.later))  # the worry has gone here
    before = snapshot(tmp_path / "here")

    report = store.import_documents(json.loads(source.text), merge=True)  # there it is still open

    assert report.describe().startswith("Nothing new to import")
    assert snapshot(tmp_path / "here") == before
    store = reopened(store, stores)
    mia = store.find_child("Mia")
    assert store.worries_not_gone(mia.id) == []
    assert source.open_worry in [worry.id for worry in store.gone_worries(mia.id)]


def test_merging_never_replaces_what_is_here(source: Source, imported: Store, stores) -> None:
    mia = imported.find_child("Mia")
    imported.update_child(mia.id, "Mimi", mia.birth_date)
    sam = next(caregiver for caregiver in imported.caregivers() if caregiver.name == "Sam")
    imported.rename_caregiver(sam.id, "Samantha")
    night = date(2026, 6, 16)
    taken_back = imported.night_events(mia.id, night)[-1]
    imported.undo(taken_back)
    before = household_as_shown(imported)

    report = imported.import_documents(json.loads(source.text), merge=True)

    assert report.describe().startswith("Nothing new to import")
    store = reopened(imported, stores)
    assert store.child(mia.id).name == "Mimi"
    assert "Samantha" in [caregiver.name for caregiver in store.caregivers()]
    assert store.night_events(mia.id, night, with_undone=True)[-1].undone is not None
    assert household_as_shown(store) == before


def test_merging_into_another_household_adds_its_children_beside_ours(source: Source, stores, tmp_path) -> None:
    store = stores(tmp_path / "here")
    ours = store.add_child("Ada", date(2021, 3, 3))
    report = store.import_documents(json.loads(source.text), merge=True)
    assert report.describe().startswith("Imported 2 children, 60 nights")
    assert sorted(child.name for child in store.children()) == ["Ada", "Leo", "Mia"]
    assert store.child(ours.id).birth_date == date(2021, 3, 3)


def test_a_child_of_the_file_named_like_another_child_here_is_refused(source: Source, stores, tmp_path) -> None:
    store = stores(tmp_path / "here")
    store.add_child("mia", date(2021, 3, 3))
    before = snapshot(tmp_path / "here")
    with pytest.raises(ImportRefused, match="is not the mia of this household"):
        store.import_documents(json.loads(source.text), merge=True)
    assert snapshot(tmp_path / "here") == before


# -- a file that is not a sound export: refused, nothing written ---------------------------


def _mia(doc: dict) -> dict:
    return next(child for child in doc["household"]["children"] if child["name"] == "Mia")


def _first_event(doc: dict) -> dict:
    return doc["nights"][0]["events"][0]


def _set(path: Callable[[dict], dict], field: str, value: object) -> Callable[[dict], object]:
    def change(doc: dict) -> None:
        path(doc)[field] = value

    return change


def _deep(depth: int) -> list:
    nested: list = []
    for _ in range(depth):
        nested = [nested]
    return nested


def _two_ids(doc: dict) -> None:
    doc["nights"][1]["events"][0]["id"] = _first_event(doc)["id"]


def _event_of_another_night(doc: dict) -> None:
    doc["nights"][1]["events"].append(copy.deepcopy(_first_event(doc)) | {"id": "moved"})


def _two_children_one_name(doc: dict) -> None:
    first, second = doc["household"]["children"]
    first["name"], second["name"] = "Zed", "ZED"


def _worry_of_two_children(doc: dict) -> None:
    leo = next(child for child in doc["household"]["children"] if child["name"] == "Leo")
    open_worry = [record for record in doc["worries"] if record["kind"] == "boxed"][-1]
    open_worry["child_id"] = leo["id"]


def _gone_without_first_words(doc: dict) -> None:
    gone = next(record for record in doc["worries"] if record["kind"] == "gone")
    doc["worries"] = [record for record in doc["worries"] if not (record["worry_id"] == gone["worry_id"] and record["kind"] == "written")]


REFUSED: dict[str, tuple[Callable[[dict], object], str]] = {
    "not-a-companion-export": (lambda doc: doc.update(format="other"), "not a companion export"),
    "no-format": (lambda doc: doc.pop("format"), "not a companion export"),
    "a-newer-version": (_set(lambda doc: doc, "version", 99), "version 99; .*Update companion"),
    "no-version": (lambda doc: doc.pop("version"), "no version"),
    "a-version-as-text": (_set(lambda doc: doc, "version", "1"), "no version"),
    "a-version-of-true": (_set(lambda doc: doc, "version", True), "no version"),
    "no-household": (lambda doc: doc.pop("household"), "no household"),
    "nights-not-a-list": (_set(lambda doc: doc, "nights", {}), "nights is not a list"),
    "a-child-the-file-does-not-name": (_set(_first_event, "child_id", "someone-else"), "a child it does not name"),
    "a-reward-of-a-child-the-file-does-not-name": (_set(lambda doc: doc["rewards"][0], "child_id", "x"), "a child it does not name"),
    "a-child-id-that-is-a-path": (_set(_mia, "id", "../../etc"), "an id companion never makes"),
    "a-worry-id-that-is-a-path": (_set(lambda doc: doc["worries"][0], "worry_id", "../../../tmp/x"), "worry_id: not an id"),
    "a-worry-child-id-that-is-a-path": (_set(lambda doc: doc["worries"][0], "child_id", "../x"), "child_id: not an id"),
    "an-event-under-another-night": (_event_of_another_night, "a record of another night"),
    "a-night-that-is-no-date": (_set(lambda doc: doc["nights"][0], "night", "2026-02-30"), "is not a date"),
    "a-night-twice": (lambda doc: doc["nights"].append(copy.deepcopy(doc["nights"][0])), "twice"),
    "two-records-with-one-id": (_two_ids, "two records with one id"),
    "two-children-with-one-name": (_two_children_one_name, "two children with one name"),
    "a-worry-of-two-children": (_worry_of_two_children, "a worry of two children|records of more than one worry"),
    "a-gone-worry-without-its-first-words": (_gone_without_first_words, "without its first words"),
    "an-unknown-time-zone": (_set(lambda doc: doc["settings"], "zone", "Mars/Olympus_Mons"), "time zone 'Mars/Olympus_Mons' is unknown"),
    "a-text-of-a-megabyte": (_set(lambda doc: doc["worries"][0], "text", "x" * 1_000_000), "1,000,000 characters"),
    "a-text-just-too-long": (_set(_mia, "name", "y" * (MAX_TEXT + 1)), f"{MAX_TEXT + 1:,} characters"),
    "a-long-text-in-an-unknown-field": (_set(_first_event, "note", "z" * (MAX_TEXT + 1)), "characters"),
    "a-lone-surrogate-in-the-last-night": (_set(lambda doc: doc["nights"][-1]["events"][-1], "value", "sad \ud800"), "not valid Unicode"),
    "a-lone-surrogate-in-a-key": (_set(lambda doc: doc["rewards"][-1], "\udfff", 1), "not valid Unicode"),
    "a-long-key": (_set(lambda doc: doc, "k" * (MAX_TEXT + 1), 1), "characters"),
    "an-infinite-count": (_set(lambda doc: doc["household"]["child_settings"][0], "passes", float("inf")), "passes: not a small whole number"),
    "a-huge-count": (_set(lambda doc: doc["household"]["child_settings"][0], "passes", 10**4000), "passes: not a small whole number"),
    "huge-seconds": (_set(lambda doc: next(e for n in doc["nights"] for e in n["events"] if "seconds" in e), "seconds", 10**300), "seconds"),
    "a-nan-of-stars": (_set(lambda doc: next(r for r in doc["rewards"] if "stars" in r), "stars", float("nan")), "stars"),
    "deep-nesting-in-a-known-field": (_set(lambda doc: doc["household"]["routines"][0], "steps", _deep(100_000)), "steps: not a list of text"),
    "an-instant-without-offset": (_set(_first_event, "at", "2026-04-18T19:00:00"), "an instant without an offset"),
    "a-record-that-is-not-an-object": (lambda doc: doc["rewards"].append("star"), "is not an object"),
}


@pytest.mark.parametrize("change,says", REFUSED.values(), ids=REFUSED.keys())
def test_a_broken_export_is_refused_and_nothing_is_written_into_an_empty_dir(source: Source, stores, tmp_path, change, says) -> None:
    document = json.loads(source.text)
    change(document)
    store = stores(tmp_path / "empty")
    with pytest.raises(ImportRefused, match=says) as refused:
        store.import_documents(document)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 300
    assert household_files(tmp_path / "empty") == ["nights"]
    assert reopened(store, stores).children() == []


@pytest.mark.parametrize("change,says", REFUSED.values(), ids=REFUSED.keys())
def test_a_broken_export_is_refused_and_nothing_changes_on_merging(source: Source, imported: Store, change, says) -> None:
    document = json.loads(source.later)
    change(document)
    before = snapshot(imported.data_dir)
    with pytest.raises(ImportRefused, match=says):
        imported.import_documents(document, merge=True)
    assert snapshot(imported.data_dir) == before


@pytest.mark.parametrize("document", [[], None, "companion-export", 1, {"format": "other"}, {}], ids=repr)
def test_what_is_no_export_at_all_is_refused(stores, tmp_path, document) -> None:
    store = stores(tmp_path / "empty")
    with pytest.raises(ImportRefused, match="not a companion export"):
        store.import_documents(document)
    assert household_files(tmp_path / "empty") == ["nights"]


def test_deep_nesting_anywhere_is_walked_without_recursion(source: Source, stores, tmp_path) -> None:
    """100,000 lists deep in fields companion does not know: checked, then dropped; no RecursionError."""
    document = json.loads(source.text)
    document["extra"] = _deep(100_000)
    _first_event(document)["extra"] = _deep(100_000)
    store = stores(tmp_path / "copy")
    store.import_documents(document)
    assert exported(store) == source.text


def test_unknown_fields_are_dropped(source: Source, stores, tmp_path) -> None:
    document = json.loads(source.text)
    document["from_a_newer_companion"] = {"anything": [1, 2, 3]}
    document["settings"]["secret"] = "s"
    _mia(document)["nickname"] = "Mimi"
    document["household"]["caregivers"][0]["phone"] = "0123"
    document["household"]["routines"][0]["mood"] = "calm"
    document["household"]["child_settings"][0]["colour"] = "blue"
    _first_event(document)["mood"] = "sleepy"
    document["nights"][0]["phases"][0]["note"] = "n"
    document["nights"][0]["weather"] = "rain"
    document["worries"][0]["secret"] = "s"
    document["rewards"][0]["sparkle"] = True
    store = stores(tmp_path / "copy")
    store.import_documents(document)

    again = exported(store)
    assert again == source.text
    for word in ("from_a_newer_companion", "secret", "nickname", "Mimi", "phone", "mood", "colour", "weather", "sparkle"):
        assert word not in again
    on_disk = b"".join(path.read_bytes() for path in (tmp_path / "copy").rglob("*.json"))
    assert b"nickname" not in on_disk and b"sparkle" not in on_disk and b"secret" not in on_disk


def test_a_read_only_store_imports_nothing(source: Source, stores, tmp_path) -> None:
    writer = stores(tmp_path / "here")
    reader = stores(tmp_path / "here")
    assert reader.read_only
    with pytest.raises(Exception, match="read-only"):
        reader.import_documents(json.loads(source.text))
    assert household_files(tmp_path / "here") == ["nights"]
    assert writer.children() == []


def test_an_import_cut_short_by_a_full_disk_says_so_and_merge_finishes_it(source: Source, stores, monkeypatch) -> None:
    """The disk fills up after a few files of the import: the parent is told what happened and
    how to finish; importing again with merge completes it, the same as one clean import."""
    from companion.store import files

    real = files.atomic_write_bytes
    written = []

    def filling_up(path: Path, payload: bytes, root: Path) -> None:
        if len(written) == 5:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, payload, root)

    target = stores(source.data_dir.parent / "cut-short")
    monkeypatch.setattr(files, "atomic_write_bytes", filling_up)
    with pytest.raises(ImportRefused, match=r"stopped partway: .*No space left on device.* again with --merge"):
        target.import_documents(json.loads(source.text))
    monkeypatch.setattr(files, "atomic_write_bytes", real)
    assert len(written) == 5  # some files are written: kept, not rolled back

    target = reopened(target, stores)
    target.import_documents(json.loads(source.text), merge=True)
    assert exported(reopened(target, stores)) == source.text
