"""Bad files (issue 8, point 2): every store file of a realistic household, damaged in every
way a file gets damaged, then read by the store, by the app and by the commands.

What a parent must be able to believe, whatever happened to a file:
- it is told, in one line, naming the file; nothing anywhere prints a traceback;
- a file that is no companion file (empty, torn, garbage, the wrong shape) is set aside byte
  for byte (renamed NAME.corrupt-STAMP beside it) and companion goes on without it;
- a file that may be good data companion can't read (a newer companion's, one it may not open,
  a folder or a symlink loop in its place) is refused: left exactly as it is and never written
  (the commands stop with the reason; the app tells the parent and shows the rest);
- either way every other file of the household still reads as it did.

The household is `companion demo` (12 nights, two children) and one worry written through the
store, so every kind of store file exists; a copy with the reward ledger in its earlier
layouts (`rewards/YYYY.json`, `rewards/stars-YYYY.json`) cover the kinds the code only reads. The first two
tests fail when the code grows a kind of store file this matrix does not cover.

"Permission denied" is simulated by making the open itself fail (os.open and io.open for that
one path): CI runs as root, whom chmod 000 does not stop.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from unittest import mock

import pendulum
import pytest
from textual.widgets import Static

from companion import cli
from companion.clock import ManualClock
from companion.demo import write_demo
from companion.domain.night_log import EventKind
from companion.domain.worry import clean_worry
from companion.store import schema
from companion.store.storage import AtomicStorage
from companion.store.store import Store, StoreError
from companion.ui.app import CompanionApp, make_app
from companion.ui.dialogs import NoticesDialog

ZONE = "Europe/London"
EVENING = pendulum.datetime(2026, 11, 20, 19, 30, 45, tz=ZONE)  # a Friday evening
STAMP = "20261120-193045"  # how a file set aside at EVENING is named
NOW = "2026-11-20T19:30:45+00:00"  # EVENING for the commands (London is on UTC in November)
LAST_NIGHT = date(2026, 11, 19)
DEMO_NIGHTS = 12


def local(*parts: int) -> pendulum.DateTime:
    return pendulum.datetime(*parts, tz=ZONE)


# -- the kinds of store file -------------------------------------------------------------------

# Each kind: where its files are in the data dir, and the schema kind stamped in them.
KINDS: dict[str, tuple[re.Pattern[str], str]] = {
    "household": (re.compile(r"household\.json"), "household"),
    "night": (re.compile(r"nights/\d{4}-\d{2}/\d{2}\.json"), "nights"),
    "worries": (re.compile(r"worries\.json"), "worries"),
    "gone worry": (re.compile(r"worries-gone/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+\.json"), schema.GONE_KIND),
    "ladder": (re.compile(r"rewards/ladder\.json"), "rewards"),
    "stars": (re.compile(r"rewards/stars-\d{4}-\d{2}\.json"), "rewards"),
    # The ledger's earlier layouts, read (and moved) by the current code.
    "year ledger": (re.compile(r"rewards/\d{4}\.json"), "rewards"),
    "year stars": (re.compile(r"rewards/stars-\d{4}\.json"), "rewards"),
}
OLD_LAYOUTS = ("year ledger", "year stars")
NOT_DATA = {"app.lock"}  # the single-writer lock: no household data in it (tried on its own below)


def kind_of(rel: str) -> str:
    kinds = [kind for kind, (pattern, _) in KINDS.items() if pattern.fullmatch(rel)]
    assert len(kinds) == 1, f"{rel} is {'no kind' if not kinds else 'several kinds'} of store file: {kinds}"
    return kinds[0]


# -- the realistic household, built once -------------------------------------------------------


@dataclass(frozen=True)
class Household:
    root: Path
    children: tuple[tuple[str, str], ...]  # (id, name), in the household's order


def _write_household(root: Path) -> None:
    store = Store.open(root, ManualClock(EVENING))
    try:
        write_demo(store, EVENING, nights=DEMO_NIGHTS, children=2, seed=1)
        # And one worry still open, so that worries.json holds one whatever the demo drew.
        content, _ = clean_worry("the dark bit of the hallway", False, ("leave the landing light on",))
        store.write_worry(store.children()[0].id, content, local(2026, 11, 20, 16, 5))
    finally:
        store.close()


def _older_layout(current: Path, root: Path, layout: str) -> None:
    """The same household's reward ledger as an earlier companion kept it (store/reward_ledger.py
    reads it and moves it on first use): a year's records all in rewards/YYYY.json ("year
    ledger"), or the ladder apart and a year's stars in rewards/stars-YYYY.json ("year stars")."""
    shutil.copytree(current, root)
    rewards = root / "rewards"
    moving = sorted(rewards.glob("stars-*-*.json"))
    if layout == "year ledger":
        moving.insert(0, rewards / "ladder.json")
    records = [doc for path in moving for doc in json.loads(path.read_bytes())["records"].values()]
    assert {doc["at"][:4] for doc in records} == {"2026"}
    for path in moving:
        path.unlink()
    old = {"_meta": {"1": {"schema": schema.SCHEMA_VERSION, "kind": "rewards"}}, "records": dict(enumerate(records, 1))}
    year = rewards / ("2026.json" if layout == "year ledger" else "stars-2026.json")
    year.write_bytes(json.dumps(old).encode())
    os.chmod(year, 0o600)


@cache
def households() -> dict[str, Household]:
    """Built at collection (the test ids name its files), removed when the run ends."""
    top = Path(tempfile.mkdtemp(prefix="companion-bad-files-"))
    atexit.register(shutil.rmtree, top, ignore_errors=True)
    _write_household(top / "current")
    for layout in OLD_LAYOUTS:
        _older_layout(top / "current", top / layout, layout)
    store = Store.open(top / "current", ManualClock(EVENING))
    try:
        children = tuple((child.id, child.name) for child in store.children())
    finally:
        store.close()
    return {name: Household(top / name, children) for name in ("current", *OLD_LAYOUTS)}


def store_files(root: Path) -> list[str]:
    """Every regular file under the data dir but the lock, as a path inside it."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name not in NOT_DATA)


@dataclass(frozen=True)
class Case:
    layout: str  # which household: "current" or one of OLD_LAYOUTS
    rel: str  # the file, inside the data dir
    kind: str

    @property
    def household(self) -> Household:
        return households()[self.layout]

    @property
    def label(self) -> str:
        """A stable name for the test id: ids are uuids, so children by name, worries by number."""
        if self.kind != "gone worry":
            return self.rel
        child = dict(self.household.children)[self.owner()]
        return f"worries-gone/{child}/worry-{gone_in_order(self.layout).index(self.rel) + 1}.json"

    def night(self) -> date:
        return date.fromisoformat(self.rel[len("nights/") : -len(".json")].replace("/", "-"))

    def owner(self) -> str:
        """The child whose file it is (a gone worry's), else the first child."""
        if self.kind == "gone worry":
            return self.rel.split("/")[1]
        return self.household.children[0][0]


@cache
def gone_in_order(layout: str) -> list[str]:
    """The gone worries' files, oldest worry first."""
    root = households()[layout].root
    gone = [rel for rel in store_files(root) if kind_of(rel) == "gone worry"]
    return sorted(gone, key=lambda rel: min(doc["at"] for doc in json.loads((root / rel).read_bytes())["records"].values()))


@cache
def cases() -> list[Case]:
    current = [Case("current", rel, kind_of(rel)) for rel in store_files(households()["current"].root)]
    older = [Case(layout, rel, layout) for layout in OLD_LAYOUTS for rel in store_files(households()[layout].root) if kind_of(rel) == layout]
    return current + older


def one_of_each_kind() -> list[Case]:
    """For the app: the night the morning recap opens on, and the first file of every other kind."""
    chosen = {}
    for case in cases():
        if case.kind == "night" and case.night() != LAST_NIGHT:
            continue
        chosen.setdefault(case.kind, case)
    return list(chosen.values())


# -- the faults ---------------------------------------------------------------------------------


def _tables_as_lists(raw: bytes) -> bytes:
    """Valid JSON with our schema stamp, but each table a list, not TinyDB's object of documents."""
    data = json.loads(raw)
    tables = [name for name in data if name != schema.META_TABLE]
    assert tables, "a file with no table to damage"
    return json.dumps({name: table if name == schema.META_TABLE else list(table.values()) for name, table in data.items()}).encode()


def _newer(raw: bytes) -> bytes:
    data = json.loads(raw)
    data[schema.META_TABLE]["1"]["schema"] = schema.SCHEMA_VERSION + 1
    return json.dumps(data).encode()


def _truncated(raw: bytes) -> bytes:
    torn = raw[: len(raw) // 2]
    with pytest.raises(ValueError):
        json.loads(torn)
    return torn


def _folder(path: Path) -> None:
    """A folder where the file should be, with something of the parent's in it."""
    raw = path.read_bytes()
    path.unlink()
    path.mkdir(mode=0o700)
    (path / "what-was-here.json").write_bytes(raw)


def _loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)  # itself


@dataclass(frozen=True)
class Fault:
    outcome: str  # "set aside" or "refused"
    says: str  # what the parent is told is wrong with the file
    bytes_: Callable[[bytes], bytes] | None = None  # the damaged contents
    replace: Callable[[Path], None] | None = None  # or what takes the file's place
    denied: bool = False  # or: opening it is not permitted

    def apply(self, path: Path) -> bytes | None:
        if self.bytes_ is not None:
            bad = self.bytes_(path.read_bytes())
            path.write_bytes(bad)
            return bad
        if self.replace is not None:
            self.replace(path)
        return None


SET_ASIDE, REFUSED = "set aside", "refused"
FAULTS: dict[str, Fault] = {
    "empty": Fault(SET_ASIDE, "the file is empty", lambda raw: b""),
    "truncated mid-JSON": Fault(SET_ASIDE, "not valid JSON", _truncated),
    "binary garbage": Fault(SET_ASIDE, "not valid JSON", lambda raw: b"\x00\xff\xfePK\x03\x04\x14\x00 not json \x9c\x80\xc3("),
    "wrong shape": Fault(SET_ASIDE, "not a companion file", _tables_as_lists),
    "future schema version": Fault(REFUSED, f"schema version {schema.SCHEMA_VERSION + 1}", _newer),
    "permission denied": Fault(REFUSED, os.strerror(errno.EACCES), denied=True),
    "a folder in its place": Fault(REFUSED, os.strerror(errno.EISDIR), replace=_folder),
    "a symlink loop in its place": Fault(REFUSED, os.strerror(errno.ELOOP), replace=_loop),
}


@contextlib.contextmanager
def denied(path: Path | None) -> Iterator[None]:
    """Opening this one path fails with EACCES, as chmod 000 does for anyone but root: at the
    lowest layers Python opens files through (os.open, io.open under pathlib)."""
    if path is None:
        yield
        return
    target = os.path.abspath(path)
    real_os_open, real_io_open = os.open, io.open

    def refuse(file: object) -> None:
        if isinstance(file, (str, bytes, os.PathLike)) and os.path.abspath(os.fsdecode(file)) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(file))

    def os_open(file, *args, **kwargs):
        refuse(file)
        return real_os_open(file, *args, **kwargs)

    def io_open(file, *args, **kwargs):
        refuse(file)
        return real_io_open(file, *args, **kwargs)

    with mock.patch("os.open", os_open), mock.patch("io.open", io_open):
        yield


def damaged(case: Case, fault: Fault, where: Path) -> tuple[Path, bytes | None]:
    """A copy of the household with the case's file damaged: the data dir and the bad bytes."""
    data_dir = where / "data"
    shutil.copytree(case.household.root, data_dir, symlinks=True)
    return data_dir, fault.apply(data_dir / case.rel)


def disk(data_dir: Path) -> dict[str, object]:
    """Everything on disk under the data dir, links included (not followed): each file's bytes,
    mtime and inode, each link's target, each folder by name. The lock is left out."""
    found: dict[str, object] = {}
    for path in sorted(data_dir.rglob("*")):
        rel = path.relative_to(data_dir).as_posix()
        if path.is_symlink():
            found[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            found[rel + "/"] = "folder"
        elif path.name not in NOT_DATA:
            info = path.stat()
            found[rel] = (path.read_bytes(), info.st_mtime_ns, info.st_ino)
    return found


def ids_in(raw: bytes) -> frozenset[str]:
    """The ids of the documents in a store file (everything the household reads by id)."""
    data = json.loads(raw)
    return frozenset(doc["id"] for name, table in data.items() if name != schema.META_TABLE for doc in table.values() if "id" in doc)


def one_line(text: str, case: Case, fault: Fault | None = None) -> None:
    """One line, naming the file (as a path inside the data dir) and, given the fault, what is wrong."""
    assert text and "\n" not in text, text
    assert "Traceback" not in text
    assert case.rel in text, f"the message does not name {case.rel}: {text}"
    assert fault is None or fault.says in text, f"the message does not say {fault.says!r}: {text}"


# -- what the household shows, read through the store part by part ------------------------------


@dataclass(frozen=True)
class Refusal:
    message: str


def view(store: Store, household: Household) -> dict[str, object]:
    """Each part of the household as the store reads it: the ids it shows, or its refusal."""
    ids = [child_id for child_id, _ in household.children]
    parts: dict[str, object] = {}

    def part(name: str, read: Callable[[], list[str]]) -> None:
        try:
            parts[name] = frozenset(read())
        except StoreError as error:
            parts[name] = Refusal(str(error))

    part("household", lambda: [
        *(child.id for child in store.children()),
        *(person.id for person in store.caregivers()),
        *(version.id for child_id in ids for version in store.routine_versions(child_id)),
    ])
    for night in baseline_nights():
        part(f"night {night}", lambda night=night: [e.id for i in ids for e in store.night_events(i, night, with_undone=True)])
    for child_id, name in household.children:
        part(f"worries of {name}", lambda child_id=child_id: [record.id for record in store.worry_records(child_id)])
        part(f"reward chart of {name}", lambda child_id=child_id: [record.id for record in store.reward_records(child_id)])
    return parts


@cache
def baseline_nights() -> tuple[date, ...]:
    store = Store.open(households()["current"].root, ManualClock(EVENING))
    try:
        return tuple(store.logged_nights())
    finally:
        store.close()


@cache
def baseline(layout: str) -> dict[str, object]:
    """What the undamaged household shows (read from a copy: an older layout moves on reading)."""
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        shutil.copytree(households()[layout].root, data_dir)
        store = Store.open(data_dir, ManualClock(EVENING))
        try:
            shown = view(store, households()[layout])
            assert store.take_notices() == []
        finally:
            store.close()
    assert not any(isinstance(value, Refusal) for value in shown.values())
    return shown


def parts_of(case: Case) -> list[str]:
    """The parts of the household that read the file."""
    names = [name for _, name in case.household.children]
    if case.kind == "household":
        return ["household"]
    if case.kind == "night":
        return [f"night {case.night()}"]
    if case.kind == "worries":
        return [f"worries of {name}" for name in names]
    if case.kind == "gone worry":
        return [f"worries of {dict(case.household.children)[case.owner()]}"]
    return [f"reward chart of {name}" for name in names]


def write_into(store: Store, case: Case) -> Callable[[], object] | None:
    """A change a parent makes to the part of the household the file holds (none for a gone
    worry's file: it is written once, when the worry goes, and never again)."""
    child_id = case.owner()
    if case.kind == "household":
        return lambda: store.add_caregiver("Grandma")
    if case.kind == "night":
        night = case.night()
        return lambda: store.add_night_event(child_id, EventKind.CALLED_OUT, local(night.year, night.month, night.day, 21, 7))
    if case.kind == "worries":
        content, _ = clean_worry("a noise in the loft")
        return lambda: store.write_worry(child_id, content, EVENING)
    if case.kind == "ladder":
        return lambda: store.add_target(child_id, "stayed in bed all night", EVENING)
    if case.kind in ("stars", *OLD_LAYOUTS):
        return lambda: store.add_reward(child_id, "a trip to the swings", 5, EVENING)
    return None


def matrix(chosen: list[Case]) -> list[object]:
    return [pytest.param(case, name, id=f"{case.label}-{name}") for case in chosen for name in FAULTS]


# -- the matrix covers every kind of store file ---------------------------------------------------


def test_every_file_of_a_realistic_household_is_a_kind_the_matrix_covers() -> None:
    seen = {kind_of(rel) for household in households().values() for rel in store_files(household.root)}
    assert seen == set(KINDS)
    assert {case.kind for case in one_of_each_kind()} == set(KINDS)
    # Every night the demo logged is a case.
    assert [case.night() for case in cases() if case.kind == "night"] == list(baseline_nights())
    assert len(baseline_nights()) == DEMO_NIGHTS
    # `companion recap` reads a file of every kind but the gone worries' (it counts those by
    # name): the command checks below try it on all of them.
    assert {kind_of(rel) for layout in households() for rel in recap_reads(layout)} == set(KINDS) - {"gone worry"}


def test_every_file_the_store_opens_is_a_kind_the_matrix_covers(tmp_path: Path, monkeypatch) -> None:
    """Record every file the store opens while it writes a whole household, reads it all back,
    exports it, imports it into an empty data dir, and reads the older layouts: each is a kind
    the matrix covers, stamped with that kind's schema kind, and every schema kind is covered."""
    opened: list[tuple[Path, str, Path]] = []
    real_init = AtomicStorage.__init__

    def recording(self, path, kind, root, **options):
        opened.append((Path(path), kind, Path(root)))
        real_init(self, path, kind, root, **options)

    monkeypatch.setattr(AtomicStorage, "__init__", recording)
    _write_household(tmp_path / "written")
    for name, household in households().items():
        copy = tmp_path / f"read-{name}"
        shutil.copytree(household.root, copy)
        store = Store.open(copy, ManualClock(EVENING))
        try:
            view(store, household)
            document = store.export_documents(include_worries=True)
        finally:
            store.close()
        imported = Store.open(tmp_path / f"imported-{name}", ManualClock(EVENING))
        try:
            imported.import_documents(document)
            view(imported, household)
        finally:
            imported.close()

    kinds = set()
    for path, stamped, root in opened:
        kind = kind_of(path.relative_to(root).as_posix())
        assert KINDS[kind][1] == stamped, f"{path.relative_to(root)} opened as {stamped!r}"
        kinds.add(kind)
    assert kinds == set(KINDS)
    assert {schema_kind for _, schema_kind in KINDS.values()} == set(schema._FIELDS), "a schema kind no case covers"


# -- the store ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "fault_name"), matrix(cases()))
def test_the_store_sets_aside_or_refuses_a_bad_file_and_reads_the_rest(tmp_path: Path, case: Case, fault_name: str) -> None:
    fault = FAULTS[fault_name]
    data_dir, bad = damaged(case, fault, tmp_path)
    target = data_dir / case.rel
    before = disk(data_dir)

    with denied(target if fault.denied else None):
        try:
            store = Store.open(data_dir, ManualClock(EVENING))
        except StoreError as error:  # only the household is read at startup
            refused_at_start = str(error)
        else:
            refused_at_start = None
    if refused_at_start is not None:
        assert case.kind == "household" and fault.outcome == REFUSED, refused_at_start
        one_line(refused_at_start, case, fault)
        assert disk(data_dir) == before
        return

    with denied(target if fault.denied else None):
        try:
            shown = view(store, case.household)
            notices = store.take_notices()
            change = write_into(store, case)
            if change is not None and fault.outcome == REFUSED:
                with pytest.raises(StoreError) as raised:
                    change()
                one_line(str(raised.value), case, fault)
            elif change is not None:
                change()  # into a fresh file: companion goes on
        finally:
            store.close()

    expected = dict(baseline(case.layout))
    kept = target.with_name(f"{target.name}.corrupt-{STAMP}")
    assert ids_in((households()[case.layout].root / case.rel).read_bytes()), "a file with nothing in it proves nothing"
    if fault.outcome == SET_ASIDE:
        assert len(notices) == 1, notices
        one_line(notices[0], case, fault)
        assert f"{case.rel}.corrupt-{STAMP}" in notices[0]
        assert kept.read_bytes() == bad  # byte for byte, even after the change above
        for name in parts_of(case):
            expected[name] = expected[name] - ids_in((households()[case.layout].root / case.rel).read_bytes())
        assert shown == expected
        after = disk(data_dir)
        changed = {rel for rel in before if rel != case.rel and after.get(rel) != before[rel]}
        assert changed == set(), f"files other than {case.rel} changed: {changed}"
    else:
        assert notices == []
        for name in parts_of(case):
            assert isinstance(shown[name], Refusal), (name, shown[name])
            one_line(shown[name].message, case, fault)
            expected[name] = shown[name]
        assert shown == expected  # every other part reads as before
        assert disk(data_dir) == before  # not renamed, not rewritten, nothing added
        assert not kept.exists()


# -- the commands ------------------------------------------------------------------------------------


@pytest.fixture
def commands_env(monkeypatch):
    """The commands as a parent runs them, in this process; the umask the CLI sets is put back."""
    monkeypatch.setenv("COMPANION_NOW", NOW)
    monkeypatch.setenv("TZ", ZONE)
    monkeypatch.delenv("COMPANION_DATA_DIR", raising=False)
    umask = os.umask(0o077)
    os.umask(umask)
    yield
    os.umask(umask)


def run_command(args: list[str], capsys, deny: Path | None = None) -> tuple[int, str, str]:
    with denied(deny):
        code = cli.main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def export_ids(text: str) -> frozenset[str]:
    document = json.loads(text)
    docs = [doc for table in document["household"].values() for doc in table]
    docs += [doc for night in document["nights"] for doc in night["events"]]
    docs += [*document["rewards"], *document["worries"]]
    return frozenset(doc["id"] for doc in docs if "id" in doc)


@cache
def recap_reads(layout: str) -> frozenset[str]:
    """The store files an undamaged `companion recap` opens: last night, the week before it, the
    household, the worry box and the reward ledger, not the whole history."""
    opened: list[str] = []
    real_init = AtomicStorage.__init__

    def recording(self, path, kind, root, **options):
        opened.append(Path(path).relative_to(root).as_posix())
        real_init(self, path, kind, root, **options)

    umask = os.umask(0o077)
    os.umask(umask)
    with tempfile.TemporaryDirectory() as scratch, contextlib.redirect_stdout(io.StringIO()):
        data_dir = Path(scratch) / "data"
        shutil.copytree(households()[layout].root, data_dir)
        with mock.patch.object(AtomicStorage, "__init__", recording), mock.patch.dict(os.environ, {"COMPANION_NOW": NOW, "TZ": ZONE}):
            assert cli.main(["recap", "--data-dir", str(data_dir)]) == 0
    os.umask(umask)
    return frozenset(opened)


@cache
def baseline_export(layout: str) -> frozenset[str]:
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        shutil.copytree(households()[layout].root, data_dir)
        store = Store.open(data_dir, ManualClock(EVENING))
        try:
            document = store.export_documents(include_worries=True)
        finally:
            store.close()
    return export_ids(json.dumps(document))


EXPORT = ["export", "--format", "json", "--include-worries"]


@pytest.mark.parametrize(("case", "fault_name"), matrix(cases()))
def test_recap_and_export_tell_in_one_line_and_never_lose_a_byte(tmp_path: Path, case: Case, fault_name: str, commands_env, capsys) -> None:
    fault = FAULTS[fault_name]
    names = [name for _, name in case.household.children]
    original = (case.household.root / case.rel).read_bytes()
    for command in (["recap"], EXPORT):
        data_dir, bad = damaged(case, fault, tmp_path / command[0])
        target = data_dir / case.rel
        before = disk(data_dir)
        code, out, err = run_command([*command, "--data-dir", str(data_dir)], capsys, target if fault.denied else None)

        if command == ["recap"] and case.rel not in recap_reads(case.layout):  # an earlier night, a gone worry
            assert (code, err) == (0, "") and disk(data_dir) == before  # not read, not touched, not in the way
            assert all(f"{name} — night of Thu 19 Nov 2026" in out for name in names), out
            continue
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("companion: "), err
        one_line(lines[0], case, fault)
        if fault.outcome == REFUSED:
            assert (code, out) == (1, "")
            assert disk(data_dir) == before
            continue
        assert code == 0
        assert f"{case.rel}.corrupt-{STAMP}" in lines[0]
        assert target.with_name(f"{target.name}.corrupt-{STAMP}").read_bytes() == bad
        if command == EXPORT:  # the complete copy: everything but what the bad file held
            lost = ids_in(original)
            if case.kind == "household":  # gone worries are looked up by child: with no child known, none is
                lost |= {i for rel in store_files(case.household.root) if kind_of(rel) == "gone worry" for i in ids_in((case.household.root / rel).read_bytes())}
            assert export_ids(out) == baseline_export(case.layout) - lost
        elif case.kind == "household":
            assert "No children yet" in out
        else:
            assert all(f"{name} — night of Thu 19 Nov 2026" in out for name in names), out


# -- the app -----------------------------------------------------------------------------------------


PANES: dict[str, tuple[str, tuple[str, ...]]] = {  # where the app reads each kind, and the keys that get there
    "household": ("evening", ()),
    "night": ("recap", ()),  # the morning recap opens on last night
    "worries": ("worries", ()),
    "gone worry": ("worries", ("l",)),  # the worries that went away
    "ladder": ("rewards", ()),
    "stars": ("rewards", ()),
    "year ledger": ("rewards", ()),
    "year stars": ("rewards", ()),
}


async def said_to(pilot, change: Callable[[], object] | None) -> str | None:
    """What the parent is told when a pane makes this change (through `attempt`, as every pane
    does); None when there is no change to make."""
    if change is None:
        return None
    app = pilot.app
    app.clear_notifications()
    if app.attempt(change):
        return None
    await pilot.pause()
    return [notification.message for notification in app._notifications][-1]


def shown_text(app) -> str:
    return "\n".join(str(widget.render()) for screen in app.screen_stack for widget in screen.query(Static))


@pytest.mark.parametrize(("case", "fault_name"), matrix(one_of_each_kind()))
async def test_the_app_tells_in_one_line_and_goes_on_without_a_traceback(
    tmp_path: Path, case: Case, fault_name: str, commands_env, capsys, monkeypatch
) -> None:
    assert set(PANES) == set(KINDS)
    fault = FAULTS[fault_name]
    data_dir, bad = damaged(case, fault, tmp_path)
    target = data_dir / case.rel
    before = disk(data_dir)
    pane, keys = PANES[case.kind]
    clock = ManualClock(EVENING)

    with denied(target if fault.denied else None):
        try:
            store = Store.open(data_dir, clock)
        except StoreError:
            # The household can't be read: `companion` says so and exits before any screen.
            monkeypatch.setattr(CompanionApp, "run", lambda self, *a, **k: pytest.fail("the app started"))
            code, out, err = run_command(["--data-dir", str(data_dir)], capsys)
            store = None
    if store is None:
        assert case.kind == "household" and fault.outcome == REFUSED
        assert code == 1 and len(err.splitlines()) == 1
        one_line(err.strip(), case, fault)
        assert disk(data_dir) == before
        return

    with denied(target if fault.denied else None):
        ended: Exception | None = None
        try:
            child = next((c for c in store.children() if c.id == case.owner()), None)
            app = make_app(store, clock, child=child, pane=pane)
            try:
                async with app.run_test(size=(110, 36), notifications=True) as pilot:
                    for key in keys:
                        if app.return_code is None:
                            await pilot.press(key)
                    running = app.return_code is None
                    if running:
                        await pilot.pause()
                        shown = shown_text(app)
                        notices = [str(w.render()) for w in app.screen.query(".notice")] if isinstance(app.screen, NoticesDialog) else []
                        refused_change = await said_to(pilot, write_into(store, case))
            except Exception as error:  # the run ends by raising what ended the app
                ended = error
        finally:
            store.close()
    err = capsys.readouterr().err
    assert "Traceback" not in err

    assert ended is None and running, repr(ended)
    assert "Traceback" not in shown
    assert len(notices) == 1, notices
    one_line(notices[0], case, fault)
    if fault.outcome == REFUSED:  # told, left as it is, never written; the app goes on without it
        assert "companion carries on without it" in notices[0]
        if case.kind in OLD_LAYOUTS:  # the change goes to the ledger's files of today: saved, the old file left
            assert refused_change is None

            def the_old_file(files: dict[str, object]) -> dict[str, object]:
                return {rel: held for rel, held in files.items() if rel == case.rel or rel.startswith(f"{case.rel}/")}

            assert the_old_file(disk(data_dir)) == the_old_file(before) != {}
        else:
            assert (refused_change is None) == (write_into(store, case) is None)  # a gone worry's file takes no change
            if refused_change is not None:
                one_line(refused_change, case, fault)
                assert refused_change.endswith("Nothing was changed."), refused_change
            assert disk(data_dir) == before
    else:
        assert f"{case.rel}.corrupt-{STAMP}" in notices[0]
        assert target.with_name(f"{target.name}.corrupt-{STAMP}").read_bytes() == bad
    if case.kind != "household":  # the rest of the household still shows: the child, from household.json
        assert dict(case.household.children)[case.owner()] in shown


# -- the data dir itself, and the lock ------------------------------------------------------------------


def _a_file(where: Path) -> Path:
    where.write_bytes(b"my shopping list\n")
    return where


def _link(where: Path, to: str) -> Path:
    where.symlink_to(to)
    return where


def _two_links(tmp: Path) -> Path:
    _link(tmp / "b", "a")
    return _link(tmp / "a", "b")


DATA_DIRS: dict[str, Callable[[Path], Path]] = {  # each puts something in the way, and gives the data dir's path
    "the data dir is a regular file": lambda tmp: _a_file(tmp / "data"),
    "a parent of the data dir is a regular file": lambda tmp: _a_file(tmp / "notes") / "companion" / "data",
    "the data dir is a symlink to itself": lambda tmp: _link(tmp / "data", "data"),
    "the data dir is a loop of two symlinks": _two_links,
    "the data dir is a symlink to nowhere": lambda tmp: _link(tmp / "data", "unplugged-drive/companion"),
    "the data dir is inside a symlink loop": lambda tmp: _link(tmp / "loop", "loop") / "data",
}


def everything(tmp_path: Path) -> dict[str, object]:
    return {
        path.relative_to(tmp_path).as_posix(): os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else "folder"
        for path in sorted(tmp_path.rglob("*"))
    }


@pytest.mark.parametrize("where", DATA_DIRS)
def test_a_data_dir_that_cant_be_a_folder_is_refused_in_one_line_everywhere(
    tmp_path: Path, where: str, commands_env, capsys, monkeypatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    data_dir = DATA_DIRS[where](home)
    before = everything(home)

    with pytest.raises(StoreError) as raised:
        Store.open(data_dir, ManualClock(EVENING))
    assert "\n" not in str(raised.value) and str(data_dir) in str(raised.value)

    monkeypatch.setattr(CompanionApp, "run", lambda self, *a, **k: pytest.fail("the app started"))
    for command in (["recap"], EXPORT, []):  # [] is the app itself
        code, out, err = run_command([*command, "--data-dir", str(data_dir)], capsys)
        assert (code, out) == (1, "")
        assert len(err.splitlines()) == 1 and err.startswith("companion: ") and str(data_dir) in err, err
    assert everything(home) == before  # nothing made, nothing moved


async def test_a_data_dir_whose_parents_are_missing_is_made_private_and_works(tmp_path: Path, commands_env, capsys) -> None:
    data_dir = tmp_path / "no" / "such" / "folders" / "data"
    code, out, err = run_command(["recap", "--data-dir", str(data_dir)], capsys)
    assert (code, err) == (0, "") and "No children yet" in out
    code, out, err = run_command([*EXPORT, "--data-dir", str(data_dir)], capsys)
    assert (code, err) == (0, "") and json.loads(out)["household"]["children"] == []
    assert oct(data_dir.stat().st_mode & 0o777) == oct(0o700)

    store = Store.open(data_dir, ManualClock(EVENING))
    try:
        app = make_app(store, ManualClock(EVENING))
        async with app.run_test(size=(110, 36)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == "SetupScreen"  # the first run's questions
    finally:
        store.close()


LOCK_FAULTS = {name: FAULTS[name] for name in ("permission denied", "a folder in its place", "a symlink loop in its place")}


@pytest.mark.parametrize("fault_name", LOCK_FAULTS)
def test_a_lock_file_that_cant_be_opened_refuses_the_household_in_one_line(tmp_path: Path, fault_name: str, commands_env, capsys, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(households()["current"].root, data_dir)
    lock = data_dir / "app.lock"
    fault = LOCK_FAULTS[fault_name]
    fault.apply(lock)
    before = disk(data_dir)

    with denied(lock if fault.denied else None):
        with pytest.raises(StoreError) as raised:
            Store.open(data_dir, ManualClock(EVENING))
    assert "\n" not in str(raised.value) and "app.lock" in str(raised.value)

    monkeypatch.setattr(CompanionApp, "run", lambda self, *a, **k: pytest.fail("the app started"))
    for command in (["recap"], EXPORT, []):
        code, out, err = run_command([*command, "--data-dir", str(data_dir)], capsys, lock if fault.denied else None)
        assert (code, out) == (1, "")
        assert len(err.splitlines()) == 1 and "app.lock" in err, err
    assert disk(data_dir) == before
