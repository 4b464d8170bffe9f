"""Private after every write (issue 8, point 8, permissions): whatever the parent does, the data
dir and every folder in it are 0700 and every file in it 0600, and so is a file written by
`companion export --output`.

Each test sets a permissive umask (022, the usual one, and 000) before anything is made: the
store must not rely on the umask the CLI sets (`companion` itself sets 077 first; the commands
are run through it too). It makes what the write needs through the store, takes a picture of
the disk, does the one write as the app or a command does it, and checks that the write
changed something on disk and that everything under the data dir is private.

The writes are enumerated: every public Store method that writes is one or more cases here (a
new one fails `test_every_write_method_of_the_store_is_covered`), every kind of night record
(the routine's steps, readiness, quiet mode, the bedtime pass, the night log) is a case of
its own, and so are the writes no method names: opening a new data dir, setting a damaged file
aside, a schema migration, moving the reward ledger's earlier layout, the demo, import and
export.
"""

from __future__ import annotations

import inspect
import json
import os
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pendulum
import pytest

from companion import cli
from companion.clock import ManualClock
from companion.demo import write_demo
from companion.domain.child_settings import ChildSettings
from companion.domain.night_log import EventKind
from companion.domain.reward_kinds import RewardKind
from companion.domain.rewards import RewardRecord
from companion.domain.worry import WorryKind, clean_worry
from companion.store import schema
from companion.store.store import Store

ZONE = "Europe/London"
EVENING = pendulum.datetime(2026, 11, 20, 19, 30, tz=ZONE)  # a Friday evening
TONIGHT = date(2026, 11, 20)
NOW = "2026-11-20T19:30:00+00:00"  # EVENING for the commands (London is on UTC in November)
UMASKS = {"umask 022": 0o022, "umask 000": 0o000}


def local(*parts: int) -> pendulum.DateTime:
    return pendulum.datetime(*parts, tz=ZONE)


def content(text: str, *solutions: str):
    cleaned, _ = clean_worry(text, False, solutions)
    return cleaned


# -- the household a write needs ---------------------------------------------------------------


@dataclass
class Home:
    """A data dir, its store (opened when first used) and what the case made in it."""

    tmp: Path
    data_dir: Path
    clock: ManualClock = field(default_factory=lambda: ManualClock(EVENING))
    ids: dict[str, str] = field(default_factory=dict)
    outside: list[Path] = field(default_factory=list)  # files a command wrote outside the data dir
    _store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.data_dir, self.clock)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def family(self) -> Home:
        """Mia (4) and Leo (3), and Sam who does bedtime."""
        self.ids["mia"] = self.store.add_child("Mia", date(2022, 2, 14)).id
        self.ids["leo"] = self.store.add_child("Leo", date(2023, 5, 1)).id
        self.ids["sam"] = self.store.add_caregiver("Sam").id
        return self

    @property
    def mia(self) -> str:
        return self.ids["mia"]

    def event(self, kind: EventKind, at: pendulum.DateTime = EVENING, **fields) -> str:
        return self.store.add_night_event(self.mia, kind, at, **fields).id

    def target(self, text: str = "stayed in bed all night", at: pendulum.DateTime = local(2026, 11, 10, 10, 0)) -> str:
        return self.store.add_target(self.mia, text, at).id


Write = Callable[[], object]
Case = Callable[[Home], Write]  # makes what the write needs, and returns the write itself
CASES: dict[str, tuple[Case, frozenset[str]]] = {}  # name -> (case, the Store methods it writes through)


def case(name: str, *methods: str) -> Callable[[Case], Case]:
    def register(make: Case) -> Case:
        assert name not in CASES
        CASES[name] = (make, frozenset(methods))
        return make

    return register


# -- the household, its children and settings ------------------------------------------------------


@case("open a new data dir (folders, lock)")
def _(home: Home) -> Write:
    assert home.store.children() == []  # this household's data dir is made too, and checked with the new one
    new = home.tmp / "new" / "data"
    home.outside.append(new)
    return lambda: Store.open(new, home.clock).close()


@case("add a child", "add_child")
def _(home: Home) -> Write:
    return lambda: home.store.add_child("Mia", date(2022, 2, 14))


@case("edit a child", "update_child")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.update_child(home.mia, "Mila", date(2022, 2, 15))


@case("add a grown-up", "add_caregiver")
def _(home: Home) -> Write:
    return lambda: home.store.add_caregiver("Grandma")


@case("rename a grown-up", "rename_caregiver")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.rename_caregiver(home.ids["sam"], "Samira")


@case("remove a grown-up", "remove_caregiver")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.remove_caregiver(home.ids["sam"])


@case("the child's wait and pass plan (tonight begun)", "set_child_settings")
def _(home: Home) -> Write:
    home.family()
    home.event(EventKind.BEDTIME_STARTED)  # tonight's file keeps the night's phase: it is rewritten too
    return lambda: home.store.set_child_settings(home.mia, ChildSettings(wait_seconds=90), TONIGHT)


@case("sound on", "set_sound")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.set_sound(True)


@case("the current child", "set_current_child")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.set_current_child(home.ids["leo"])


@case("the theme", "set_theme_choice")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.set_theme_choice("night")


@case("edit the routine", "set_routine")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.set_routine(home.mia, ("bath", "pyjamas", "teeth", "two books"), TONIGHT)


# -- the night: routine steps, readiness, quiet mode, the pass, the night log ------------------------

# What each kind of record carries when the app writes it, and the record it answers.
ANSWERS = {
    EventKind.QUIET_REPEATED: EventKind.QUIET_SAID,
    EventKind.QUIET_DONE: EventKind.QUIET_SAID,
    EventKind.QUIET_MOVED_ON: EventKind.QUIET_SAID,
    EventKind.QUIET_INTERRUPTED: EventKind.QUIET_SAID,
    EventKind.PASS_BACK: EventKind.PASS_USED,
}
FIELDS: dict[EventKind, dict[str, object]] = {
    EventKind.STEP_DONE: {"value": "teeth"},
    EventKind.MOVED: {"value": "yes"},
    EventKind.FED: {"value": "yes"},
    EventKind.DRY: {"value": "no"},
    EventKind.SAFE: {"value": "yes"},
    EventKind.BEDTIME_BY: {"value": "Sam"},
    EventKind.HANDOVER: {"value": "She asked for the landing light"},
    EventKind.QUIET_SAID: {"value": "pyjamas on, please", "seconds": 60},
    EventKind.PASS_USED: {"value": "a drink of water", "seconds": 300},
}


def _night_record(kind: EventKind) -> Case:
    def make(home: Home) -> Write:
        home.family()
        home.event(EventKind.BEDTIME_STARTED, local(2026, 11, 20, 19, 0))
        ref = home.event(ANSWERS[kind], local(2026, 11, 20, 19, 10), **FIELDS[ANSWERS[kind]]) if kind in ANSWERS else ""
        return lambda: home.event(kind, local(2026, 11, 20, 19, 20), ref=ref, **FIELDS.get(kind, {}))

    return make


for _kind in EventKind:
    case(f"night record: {_kind.value}", "add_night_event")(_night_record(_kind))


@case("a night in a month not seen before (a new month folder)", "add_night_event")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.event(EventKind.WOKE, local(2026, 12, 2, 3, 10))  # the night of 1 December


@case("take a record back (u)", "undo")
def _(home: Home) -> Write:
    home.family()
    event = home.store.add_night_event(home.mia, EventKind.CALLED_OUT, EVENING)
    return lambda: home.store.undo(event)


# -- the worry box --------------------------------------------------------------------------------------


def _a_worry(home: Home) -> str:
    home.family()
    return home.store.write_worry(home.mia, content("the dark bit of the hallway", "a night light"), local(2026, 11, 20, 16, 0)).id


@case("write a worry", "write_worry")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.write_worry(home.mia, content("a noise in the loft"), local(2026, 11, 20, 16, 0))


@case("edit a worry", "edit_worry")
def _(home: Home) -> Write:
    worry = _a_worry(home)
    return lambda: home.store.edit_worry(worry, content("the dark bit of the hallway", "a night light", "a torch"), local(2026, 11, 20, 17, 0))


@case("put the worries to bed", "put_worries_to_bed")
def _(home: Home) -> Write:
    _a_worry(home)
    return lambda: home.store.put_worries_to_bed(home.mia, EVENING)


@case("a worry still there in the morning", "review_worry")
def _(home: Home) -> Write:
    worry = _a_worry(home)
    home.store.put_worries_to_bed(home.mia, EVENING)
    return lambda: home.store.review_worry(worry, WorryKind.KEPT, local(2026, 11, 21, 7, 30))


@case("a worry gone away (its own file, a new child folder)", "review_worry")
def _(home: Home) -> Write:
    worry = _a_worry(home)
    return lambda: home.store.review_worry(worry, WorryKind.GONE, local(2026, 11, 20, 17, 0))


# -- the reward chart -------------------------------------------------------------------------------------


@case("add a target (the rewards folder)", "add_target")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.target()


@case("step up the ladder", "step_up")
def _(home: Home) -> Write:
    home.family()
    home.target()
    higher = home.target("stayed in my room after using the pass", local(2026, 11, 10, 10, 5))
    return lambda: home.store.step_up(home.mia, higher, EVENING)


@case("give last night's star", "give_star")
def _(home: Home) -> Write:
    home.family()
    home.target()
    return lambda: home.store.give_star(home.mia, date(2026, 11, 19), EVENING)


@case("take a star back within ten minutes", "void_star")
def _(home: Home) -> Write:
    home.family()
    home.target()
    star = home.store.give_star(home.mia, date(2026, 11, 19), EVENING)
    return lambda: home.store.void_star(home.mia, star.id, EVENING.add(minutes=2))


@case("add a reward", "add_reward")
def _(home: Home) -> Write:
    home.family()
    return lambda: home.store.add_reward(home.mia, "a lucky dip", 3, EVENING)


@case("retire a reward", "retire_reward")
def _(home: Home) -> Write:
    home.family()
    reward = home.store.add_reward(home.mia, "a lucky dip", 3, EVENING)
    return lambda: home.store.retire_reward(home.mia, reward.id, EVENING.add(minutes=1))


@case("spend stars on a reward", "redeem")
def _(home: Home) -> Write:
    home.family()
    home.target()
    home.store.give_star(home.mia, date(2026, 11, 18), local(2026, 11, 19, 7, 30))
    reward = home.store.add_reward(home.mia, "a sticker", 1, local(2026, 11, 19, 8, 0))
    return lambda: home.store.redeem(home.mia, reward.id, EVENING, "Mia")


@case("reward records made elsewhere", "append_reward_records")
def _(home: Home) -> Write:
    home.family()
    record = RewardRecord(uuid.uuid4().hex, home.mia, RewardKind.REWARD_ADDED, EVENING, text="a bike ride", stars=4)
    return lambda: home.store.append_reward_records([record])


@case("the reward ledger's earlier layout moved on first use")
def _(home: Home) -> Write:
    """An earlier companion kept a year's whole ledger in rewards/YYYY.json: reading it moves
    its records into the ladder and the stars files."""
    home.family()
    home.target()
    home.store.add_reward(home.mia, "a lucky dip", 3, EVENING)
    home.close()
    rewards = home.data_dir / "rewards"
    records = [doc for path in sorted(rewards.glob("*.json")) for doc in json.loads(path.read_bytes())["records"].values()]
    for path in rewards.glob("*.json"):
        path.unlink()
    old = {schema.META_TABLE: {"1": {"schema": schema.SCHEMA_VERSION, "kind": "rewards"}}, "records": dict(enumerate(records, 1))}
    (rewards / "2026.json").write_bytes(json.dumps(old).encode())
    os.chmod(rewards / "2026.json", 0o600)  # as the earlier companion wrote it
    return lambda: home.store.reward_chart(home.mia)


# -- what no method names: reading that writes -------------------------------------------------------------


def _damage_last_night(home: Home, mode: int) -> Path:
    home.family()
    home.event(EventKind.LIGHTS_OUT, local(2026, 11, 19, 19, 45))
    home.close()
    path = home.data_dir / "nights" / "2026-11" / "19.json"
    path.write_bytes(path.read_bytes()[:40])
    os.chmod(path, mode)
    return path


@case("a damaged file set aside")
def _(home: Home) -> Write:
    _damage_last_night(home, 0o600)
    return lambda: home.store.night_events(home.mia, date(2026, 11, 19))


@case("a damaged file that others could read, set aside")
def _(home: Home) -> Write:
    """A night file copied back from a backup with the copy tool's 0644, and damaged: what
    companion keeps of it (the .corrupt file) holds the family's nights, so it is private too."""
    _damage_last_night(home, 0o644)
    return lambda: home.store.night_events(home.mia, date(2026, 11, 19))


@case("a schema migration (a backup and the migrated file)")
def _(home: Home) -> Write:
    home.family()
    home.close()

    def migrate() -> object:
        with pytest.MonkeyPatch.context() as patch:  # the next release: schema 2, one migration
            patch.setattr(schema, "SCHEMA_VERSION", 2)
            patch.setitem(schema.MIGRATIONS, 1, lambda data: data)
            store = Store.open(home.data_dir, home.clock)
            store.close()
        assert (home.data_dir / "household.json.v1.bak").exists()
        return store

    return migrate


# -- many files at once: the demo, import, export ------------------------------------------------------------


def _exported(home: Home, *, last: date | None = None) -> Path:
    """A household's complete export (companion export --format json --include-worries), or
    its nights up to `last` (as exported a week ago)."""
    other = Home(home.tmp / "other", home.tmp / "other" / "data")
    if not other.data_dir.exists():
        write_demo(other.store, EVENING, nights=14, children=2, seed=3)
    document = other.store.export_documents(last=last, include_worries=True)
    other.close()
    path = home.tmp / f"export-to-{last or 'now'}.json"
    path.write_text(json.dumps(document))
    return path


def _imported_a_week_ago(home: Home) -> Path:
    """This household was moved in from last week's export; today's adds a week of nights."""
    home.store.import_documents(json.loads(_exported(home, last=date(2026, 11, 12)).read_text()))
    return _exported(home)


@case("the demo (the store's bulk write)", "bulk")
def _(home: Home) -> Write:
    return lambda: write_demo(home.store, EVENING, nights=14, children=2, seed=1)


@case("import into an empty data dir", "import_documents", "bulk")
def _(home: Home) -> Write:
    document = json.loads(_exported(home).read_text())
    return lambda: home.store.import_documents(document)


@case("import --merge into a household", "import_documents", "bulk")
def _(home: Home) -> Write:
    document = json.loads(_imported_a_week_ago(home).read_text())
    return lambda: home.store.import_documents(document, merge=True)


def _command(home: Home, *args: str) -> Write:
    home.close()  # the command is the only copy open: it writes

    def run() -> None:
        assert cli.main([*args, "--data-dir", str(home.data_dir)]) == 0

    return run


@case("companion demo")
def _(home: Home) -> Write:
    return _command(home, "demo", "--nights", "14", "--children", "2", "--seed", "1")


@case("companion import FILE")
def _(home: Home) -> Write:
    return _command(home, "import", str(_exported(home)))


@case("companion import FILE --merge")
def _(home: Home) -> Write:
    return _command(home, "import", str(_imported_a_week_ago(home)), "--merge")


def _export(form: str) -> Case:
    def make(home: Home) -> Write:
        write_demo(home.store, EVENING, nights=14, children=2, seed=1)
        output = home.tmp / "for the sleep coach" / f"companion.{form}"
        output.parent.mkdir()
        home.outside.append(output)
        return _command(home, "export", "--format", form, "--include-worries", "--output", str(output))

    return make


for _form in ("md", "csv", "json"):
    case(f"companion export --format {_form} --output FILE")(_export(_form))


# -- the checks ------------------------------------------------------------------------------------------------


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def on_disk(*roots: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every folder and file under the roots (a root may be a file): mode and bytes."""
    found: dict[str, tuple[int, bytes | None]] = {}
    for root in roots:
        for path in [root, *(sorted(root.rglob("*")) if root.is_dir() else [])]:
            info = path.lstat()
            found[str(path)] = (info.st_mode, path.read_bytes() if stat.S_ISREG(info.st_mode) else None)
    return found


def not_private(*roots: Path) -> dict[str, str]:
    """Every folder that is not 0700 and every file that is not 0600 (a link or anything else is
    wrong too), under each root and the root itself."""
    wrong = {}
    for name, (mode, _) in on_disk(*roots).items():
        wanted = 0o700 if stat.S_ISDIR(mode) else 0o600 if stat.S_ISREG(mode) else None
        if wanted is None or stat.S_IMODE(mode) != wanted:
            wrong[name] = stat.filemode(mode)
    return wrong


@pytest.fixture
def command_env(monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", NOW)
    monkeypatch.setenv("TZ", ZONE)
    monkeypatch.delenv("COMPANION_DATA_DIR", raising=False)


@pytest.mark.parametrize("mask", UMASKS.values(), ids=UMASKS.keys())
@pytest.mark.parametrize("name", CASES)
def test_everything_is_private_after_the_write(tmp_path: Path, name: str, mask: int, command_env) -> None:
    make, _ = CASES[name]
    with umask(mask):  # from the first folder made: the household the write needs is made under it too
        home = Home(tmp_path, tmp_path / "data")
        try:
            write = make(home)
            roots = [home.data_dir, *home.outside]
            before = on_disk(*(root for root in roots if root.exists()))
            write()
            home.close()
        finally:
            home.close()

    after = on_disk(*roots)
    changed = {path for path in after.keys() | before.keys() if after.get(path) != before.get(path)}
    assert changed, "the write changed nothing on disk"
    for output in home.outside:
        assert output.exists(), f"{output} was not written"
    assert not_private(*roots) == {}


def test_every_write_method_of_the_store_is_covered() -> None:
    """A public Store method that writes (it saves, appends to the ledger, or runs a bulk
    block) is a case above: a new one can't go unchecked."""
    writers = {
        name
        for name, method in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_")
        and any(mark in inspect.getsource(method) for mark in ("self._writing()", "self._append_reward(", "self.bulk()"))
    }
    covered = set().union(*(methods for _, methods in CASES.values()))
    assert writers, "no writing method found: the marks above no longer match the store"
    assert writers == covered


def test_every_kind_of_night_record_is_a_case() -> None:
    assert {f"night record: {kind.value}" for kind in EventKind} <= set(CASES)


@pytest.mark.parametrize("mask", UMASKS.values(), ids=UMASKS.keys())
def test_export_to_a_file_that_was_readable_by_others_leaves_it_private(tmp_path: Path, mask: int, command_env) -> None:
    """Writing over last week's export (made 0644 by some other tool) leaves a private file:
    the new one replaces it whole, 0600."""
    with umask(mask):
        home = Home(tmp_path, tmp_path / "data")
        home.family()
        home.event(EventKind.LIGHTS_OUT, local(2026, 11, 19, 19, 45))
        output = tmp_path / "last-week.md"
        output.write_text("last week's report\n")
        os.chmod(output, 0o644)
        _command(home, "export", "--format", "md", "--output", str(output))()
    assert output.read_text() != "last week's report\n"
    assert stat.filemode(output.stat().st_mode) == "-rw-------"
    assert not_private(home.data_dir) == {}

