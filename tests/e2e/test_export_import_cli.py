"""`companion export --format json` and `companion import FILE [--merge]` as a parent runs them
(rule M5, W4): exit 0 ok, 1 with one line "companion: ..." for a fault companion expected (no
traceback), 2 for a command written wrong; a refused import or export writes nothing.

Most run `companion.cli.main` in this process (fast); a few run the installed `companion` so
that "no traceback on stderr" is proved of the real command.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest

from companion.cli import main
from companion.clock import ManualClock
from companion.demo import write_demo
from companion.export import export_text
from companion.importer import MAX_BYTES
from companion.store import Store
from companion.store.transfer import MAX_TEXT
from tests.e2e.companion_cli import COMPANION, EVENING, needs_companion
from tests.store.helpers import snapshot, temp_files

NOW = pendulum.datetime(2026, 11, 20, 19, 30, tz="Europe/London")  # EVENING's instant
as_root = os.geteuid() == 0


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str

    def one_line(self) -> str:
        """The error as a parent sees it: exit 1, one line on stderr, nothing on stdout."""
        assert self.code == 1, self
        assert "Traceback" not in self.err
        lines = self.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("companion: "), self.err
        assert self.out == ""
        return lines[0]


Run = Callable[..., Done]


@pytest.fixture
def companion(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    """`companion ARGS...` in this process, pinned to EVENING; main() sets the umask, so it is
    put back after."""
    monkeypatch.delenv("COMPANION_DATA_DIR", raising=False)
    monkeypatch.setenv("COMPANION_NOW", EVENING["COMPANION_NOW"])
    mask = os.umask(0o022)

    def run(*args: object) -> Done:
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as leaving:  # argparse: usage, --help
            code = leaving.code
        out, err = capsys.readouterr()
        return Done(code, out, err)

    yield run
    os.umask(mask)


def real_companion(*args: object) -> Done:
    env = {key: value for key, value in os.environ.items() if key != "COMPANION_DATA_DIR"} | EVENING
    done = subprocess.run([COMPANION, *map(str, args)], capture_output=True, text=True, env=env, timeout=60)
    return Done(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class Source:
    data_dir: Path  # copy it before changing anything in it
    export: Path  # `export --format json --include-worries`, as written by the store
    words: tuple[str, ...]  # every worry's words


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    """A demo household (two children, six weeks, worries) and its export."""
    folder = tmp_path_factory.mktemp("source")
    store = Store.open(folder / "data", ManualClock(NOW))
    try:
        write_demo(store, NOW, nights=40, children=2, seed=1)
        words = tuple(
            version.content.text
            for child in store.children()
            for worry in store.worries(child.id)
            for version in worry.versions
        )
        export = folder / "export.json"
        export.write_text(export_text(store, NOW, "json", first=None, last=None, include_worries=True))
    finally:
        store.close()
    assert words, "the demo household has no worries to keep private"
    return Source(folder / "data", export, words)


@pytest.fixture
def household(source: Source, tmp_path: Path) -> Path:
    """A copy of the demo household this test may change."""
    shutil.copytree(source.data_dir, tmp_path / "household")
    return tmp_path / "household"


def children_in(data_dir: Path) -> list[str]:
    store = Store.open(data_dir, ManualClock(NOW))
    try:
        return [child.name for child in store.children()]
    finally:
        store.close()


def no_household(data_dir: Path) -> bool:
    """Nothing a household is made of: no data dir at all, or one with no data files."""
    return not data_dir.exists() or [path for path in data_dir.rglob("*") if path.is_file() and path.name != "app.lock"] == []


# -- export, import, export: the same file ---------------------------------------------------


def test_export_import_export_gives_the_same_file(companion: Run, household: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    done = companion("export", "--format", "json", "--include-worries", "--output", first, "--data-dir", household)
    assert (done.code, done.out, done.err) == (0, "", "")
    done = companion("import", first, "--data-dir", tmp_path / "copy")
    assert (done.code, done.err) == (0, "")
    assert done.out.startswith("Imported 2 children, 40 nights, ") and done.out.count("\n") == 1
    done = companion("export", "--format", "json", "--include-worries", "--output", second, "--data-dir", tmp_path / "copy")
    assert done.code == 0

    assert second.read_bytes() == first.read_bytes()
    assert sorted(children_in(tmp_path / "copy")) == ["Leo", "Mia"]


def test_export_without_output_prints_the_same_text(companion: Run, household: Path, source: Source) -> None:
    done = companion("export", "--format", "json", "--include-worries", "--data-dir", household)
    assert done.code == 0 and done.err == ""
    assert done.out == source.export.read_text()


@needs_companion
def test_the_real_command_round_trips(household: Path, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    assert real_companion("export", "--format", "json", "--include-worries", "--output", exported, "--data-dir", household) == Done(0, "", "")
    done = real_companion("import", exported, "--data-dir", tmp_path / "copy")
    assert done.code == 0 and done.err == "" and done.out.startswith("Imported 2 children")
    again = tmp_path / "again.json"
    assert real_companion("export", "--format", "json", "--include-worries", "--output", again, "--data-dir", tmp_path / "copy").code == 0
    assert again.read_bytes() == exported.read_bytes()


@needs_companion
def test_a_reader_that_stops_early_gets_no_traceback(household: Path) -> None:
    """`companion export --format csv | head -2`: the pipe closes; the command ends quietly."""
    env = {key: value for key, value in os.environ.items() if key != "COMPANION_DATA_DIR"} | EVENING
    export = subprocess.Popen(
        [COMPANION, "export", "--format", "json", "--data-dir", household], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert export.stdout is not None and export.stderr is not None
    export.stdout.read(100)
    export.stdout.close()  # as `head` does once it has its lines
    assert export.wait(timeout=60) == 0
    assert export.stderr.read() == b""


def test_the_exported_file_is_private(companion: Run, household: Path, tmp_path: Path) -> None:
    os.umask(0)  # a permissive umask: the file is private all the same
    exported = tmp_path / "export.json"
    assert companion("export", "--format", "json", "--output", exported, "--data-dir", household).code == 0
    assert exported.stat().st_mode & 0o777 == 0o600


def test_output_over_an_existing_file_replaces_it_whole(companion: Run, household: Path, source: Source, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    exported.write_bytes(b"an older, much longer file\n" * 100_000)
    exported.chmod(0o644)
    done = companion("export", "--format", "json", "--include-worries", "--output", exported, "--data-dir", household)
    assert done.code == 0
    assert exported.read_bytes() == source.export.read_bytes()
    assert exported.stat().st_mode & 0o777 == 0o600
    assert temp_files(tmp_path) == []


# -- worries only when asked (W4), and a range of nights ------------------------------------


def test_without_include_worries_no_worry_words_leave_the_household(companion: Run, household: Path, source: Source) -> None:
    done = companion("export", "--format", "json", "--data-dir", household)
    assert done.code == 0
    assert json.loads(done.out)["worries_included"] is False
    assert [word for word in source.words if word in done.out] == []
    assert all(word in source.export.read_text() for word in source.words)


def test_an_export_without_worries_imports_as_a_household_without_worries(companion: Run, household: Path, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    companion("export", "--format", "json", "--output", exported, "--data-dir", household)
    assert companion("import", exported, "--data-dir", tmp_path / "copy").code == 0
    store = Store.open(tmp_path / "copy", ManualClock(NOW))
    try:
        assert [store.worries(child.id) for child in store.children()] == [[], []]
    finally:
        store.close()


def test_from_and_to_limit_the_nights(companion: Run, household: Path, source: Source) -> None:
    done = companion("export", "--format", "json", "--from", "2026-11-01", "--to", "2026-11-07", "--data-dir", household)
    assert done.code == 0
    document, whole = json.loads(done.out), json.loads(source.export.read_text())
    assert [night["night"] for night in document["nights"]] == [f"2026-11-0{day}" for day in range(1, 8)]
    assert (document["from"], document["to"]) == ("2026-11-01", "2026-11-07")
    assert document["household"] == whole["household"] and document["rewards"] == whole["rewards"]


# -- into a household with data --------------------------------------------------------------


def test_import_into_a_household_with_data_is_refused_without_merge(companion: Run, household: Path, source: Source) -> None:
    before = snapshot(household)
    line = companion("import", source.export, "--data-dir", household).one_line()
    assert "--merge" in line
    assert snapshot(household) == before


def test_import_with_merge_twice_adds_nothing_the_second_time(companion: Run, source: Source, tmp_path: Path) -> None:
    data_dir = tmp_path / "copy"
    assert companion("import", source.export, "--data-dir", data_dir).code == 0
    before = snapshot(data_dir)
    done = companion("import", "--merge", source.export, "--data-dir", data_dir)
    assert done.code == 0 and done.err == ""
    assert done.out.startswith("Nothing new to import; ")
    assert snapshot(data_dir) == before


@needs_companion
def test_import_while_the_app_is_open_is_one_line_and_writes_nothing(source: Source, tmp_path: Path) -> None:
    data_dir = tmp_path / "copy"
    app = Store.open(data_dir, ManualClock(NOW))  # the app, holding the household
    try:
        line = real_companion("import", source.export, "--data-dir", data_dir).one_line()
        assert line == "companion: Nothing was imported: another companion has this household open."
        assert app.children() == [] and no_household(data_dir)
    finally:
        app.close()


@needs_companion
def test_a_demo_while_the_app_is_open_on_an_empty_dir_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    """The app at its first-run setup holds the empty data dir: the demo must not move in under it."""
    data_dir = tmp_path / "empty"
    app = Store.open(data_dir, ManualClock(NOW))
    try:
        before = sorted(path.name for path in data_dir.iterdir())
        line = real_companion("demo", "--data-dir", data_dir).one_line()
        assert line == "companion: The demo was not written: another companion has this household open."
        assert sorted(path.name for path in data_dir.iterdir()) == before and no_household(data_dir)
    finally:
        app.close()


# -- a file that is not a sound export ---------------------------------------------------------


def _export_with(source: Source, change: Callable[[dict], None], *, raw: str = "") -> bytes:
    """The source's export changed; `raw` is written as it is where the change put "@raw@"."""
    document = json.loads(source.export.read_text())
    change(document)
    return json.dumps(document, indent=1).replace('"@raw@"', raw).encode()


def _first_passes(document: dict) -> None:
    document["household"]["child_settings"][0]["passes"] = "@raw@"


BAD_FILES: dict[str, tuple[Callable[[Source], bytes], str]] = {
    "not-json": (lambda source: b"Mia went to bed at 7\n", "not JSON"),
    "empty": (lambda source: b"", "not JSON"),
    "not-utf8": (lambda source: b"\xff\xfe{\x00}\x00", "not JSON"),
    "a-json-list": (lambda source: b"[]", "not a companion export"),
    "another-format": (lambda source: b'{"format": "other"}', "not a companion export"),
    "a-future-version": (lambda source: _export_with(source, lambda doc: doc.update(version=99)), "Update companion"),
    "a-child-it-does-not-name": (
        lambda source: _export_with(source, lambda doc: doc["rewards"][0].update(child_id="nobody")), "a child it does not name"
    ),
    "a-child-id-like-a-path": (
        lambda source: _export_with(source, lambda doc: doc["household"]["children"][0].update(id="../../etc")), "an id companion never makes"
    ),
    "an-unknown-zone": (lambda source: _export_with(source, lambda doc: doc["settings"].update(zone="Nowhere/Land")), "time zone"),
    "a-megabyte-of-text": (
        lambda source: _export_with(source, lambda doc: doc["household"]["caregivers"][0].update(name="a" * 1_000_000)), "characters"
    ),
    "a-lone-surrogate": (
        lambda source: _export_with(source, lambda doc: doc["nights"][-1]["events"][-1].update(value="@raw@"), raw='"\\ud800"'),
        "not valid Unicode",
    ),
    "deep-nesting": (lambda source: b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    "deep-nesting-in-an-export": (
        lambda source: _export_with(source, lambda doc: doc.update(extra="@raw@"), raw="[" * 100_000 + "]" * 100_000), "not JSON"
    ),
    "1e999-passes": (lambda source: _export_with(source, _first_passes, raw="1e999"), "passes: not a small whole number"),
    "infinity-passes": (lambda source: _export_with(source, _first_passes, raw="Infinity"), "passes: not a small whole number"),
    "5000-digit-passes": (lambda source: _export_with(source, _first_passes, raw="1" + "0" * 5000), "nothing was imported"),
    "4000-digit-passes": (lambda source: _export_with(source, _first_passes, raw="1" + "0" * 4000), "passes: not a small whole number"),
}


@pytest.mark.parametrize("make,says", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_in_one_line_into_an_empty_dir(companion: Run, source: Source, tmp_path: Path, make, says) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(make(source))
    line = companion("import", bad, "--data-dir", tmp_path / "empty").one_line()
    assert says in line and len(line) < 300
    assert no_household(tmp_path / "empty")


@pytest.mark.parametrize("make,says", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_changes_nothing_on_merging(companion: Run, source: Source, household: Path, tmp_path: Path, make, says) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(make(source))
    before = snapshot(household)
    assert says in companion("import", "--merge", bad, "--data-dir", household).one_line()
    assert snapshot(household) == before


def test_unknown_fields_in_the_file_are_dropped(companion: Run, source: Source, tmp_path: Path) -> None:
    def extras(document: dict) -> None:
        document["a_field_from_the_future"] = "zebra"
        document["household"]["children"][0]["favourite_colour"] = "zebra"
        document["nights"][0]["events"][0]["weather"] = "zebra"

    extended = tmp_path / "extended.json"
    extended.write_bytes(_export_with(source, extras))
    assert companion("import", extended, "--data-dir", tmp_path / "copy").code == 0
    done = companion("export", "--format", "json", "--include-worries", "--data-dir", tmp_path / "copy")
    assert done.out == source.export.read_text()
    assert not [path for path in (tmp_path / "copy").rglob("*.json") if b"zebra" in path.read_bytes()]


def test_a_folder_as_file_is_refused(companion: Run, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    assert "it is a folder" in companion("import", tmp_path / "folder", "--data-dir", tmp_path / "empty").one_line()
    assert no_household(tmp_path / "empty")


def test_a_missing_file_is_refused(companion: Run, tmp_path: Path) -> None:
    line = companion("import", tmp_path / "nowhere.json", "--data-dir", tmp_path / "empty").one_line()
    assert "nowhere.json" in line and "No such file" in line
    assert no_household(tmp_path / "empty")


@pytest.mark.skipif(as_root, reason="root reads any file")
def test_an_unreadable_file_is_refused(companion: Run, source: Source, tmp_path: Path) -> None:
    locked = tmp_path / "locked.json"
    shutil.copyfile(source.export, locked)
    locked.chmod(0)
    assert "Permission denied" in companion("import", locked, "--data-dir", tmp_path / "empty").one_line()
    assert no_household(tmp_path / "empty")


def test_a_file_far_bigger_than_any_export_is_refused_unread(companion: Run, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as sparse:  # takes no room on disk
        sparse.truncate(MAX_BYTES + 1)
    assert "far bigger than any companion export" in companion("import", huge, "--data-dir", tmp_path / "empty").one_line()
    assert no_household(tmp_path / "empty")


def test_a_text_just_within_the_limit_is_imported(companion: Run, source: Source, tmp_path: Path) -> None:
    """The limit is far beyond what companion writes, and not below it."""
    long_note = tmp_path / "long.json"
    long_note.write_bytes(_export_with(source, lambda doc: doc["household"]["caregivers"][0].update(name="a" * MAX_TEXT)))
    assert companion("import", long_note, "--data-dir", tmp_path / "copy").code == 0


@needs_companion
@pytest.mark.parametrize(
    "content,says",
    [(b"not json at all", "not JSON"), (b'{"format": "companion-export", "version": 99}', "Update companion")],
    ids=["not-json", "future-version"],
)
def test_the_real_command_refuses_in_one_line(tmp_path: Path, content: bytes, says: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert says in real_companion("import", bad, "--data-dir", tmp_path / "empty").one_line()
    assert no_household(tmp_path / "empty")


# -- export failures: one line, nothing left behind -----------------------------------------


def _inside(household: Path, tmp_path: Path) -> Path:
    return household / "export.json"


def _in_a_month_folder(household: Path, tmp_path: Path) -> Path:
    return household / "nights" / "2026-11" / "export.json"


def _the_data_dir_itself(household: Path, tmp_path: Path) -> Path:
    return household


def _through_a_linked_folder(household: Path, tmp_path: Path) -> Path:
    (tmp_path / "link").symlink_to(household, target_is_directory=True)
    return tmp_path / "link" / "export.json"


def _a_link_to_the_household_file(household: Path, tmp_path: Path) -> Path:
    (tmp_path / "export.json").symlink_to(household / "household.json")
    return tmp_path / "export.json"


@pytest.mark.parametrize(
    "where",
    [_inside, _in_a_month_folder, _the_data_dir_itself, _through_a_linked_folder, _a_link_to_the_household_file],
    ids=lambda where: where.__name__.strip("_").replace("_", "-"),
)
def test_export_inside_the_data_dir_is_refused(companion: Run, household: Path, tmp_path: Path, where) -> None:
    before = snapshot(household)
    output = where(household, tmp_path)
    line = companion("export", "--format", "json", "--include-worries", "--output", output, "--data-dir", household).one_line()
    assert "inside the data dir" in line
    assert snapshot(household) == before
    assert temp_files(household) == []


@needs_companion
def test_the_real_command_refuses_an_export_inside_the_data_dir(household: Path) -> None:
    before = snapshot(household)
    assert "inside the data dir" in real_companion("export", "--format", "json", "--output", household / "x.json", "--data-dir", household).one_line()
    assert snapshot(household) == before


def test_export_into_a_folder_that_does_not_exist_is_refused(companion: Run, household: Path, tmp_path: Path) -> None:
    output = tmp_path / "no" / "such" / "folder" / "export.json"
    assert "there is no folder" in companion("export", "--format", "json", "--output", output, "--data-dir", household).one_line()
    assert not (tmp_path / "no").exists()


def test_export_onto_a_folder_is_refused_and_leaves_it_as_it_was(companion: Run, household: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine\n")
    assert "Can't write" in companion("export", "--format", "json", "--output", folder, "--data-dir", household).one_line()
    assert [path.name for path in folder.iterdir()] == ["keep.txt"]
    assert temp_files(tmp_path) == []


@pytest.mark.skipif(as_root, reason="root writes into any folder")
def test_export_into_a_read_only_folder_is_refused(companion: Run, household: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shut"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        line = companion("export", "--format", "json", "--output", folder / "export.json", "--data-dir", household).one_line()
        assert "Permission denied" in line
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_full_disk_mid_export_keeps_the_earlier_file_and_leaves_no_temp_file(
    companion: Run, household: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs as root too: the disk fills up while the new file is being written."""
    folder = tmp_path / "reports"
    folder.mkdir()
    earlier = folder / "export.json"
    earlier.write_text("last week's export\n")
    write = os.write

    def full(fd: int, data) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write(fd, data)

    monkeypatch.setattr(os, "write", full)
    line = companion("export", "--format", "json", "--output", earlier, "--data-dir", household).one_line()
    monkeypatch.undo()
    assert "No space left on device" in line
    assert earlier.read_text() == "last week's export\n"
    assert [path.name for path in folder.iterdir()] == ["export.json"]


# -- usage: exit 2 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "json", "--from", "2026-13-01"],
        ["export", "--format", "json", "--to", "yesterday"],
        ["export", "--format", "json", "--from", "2026-11-10", "--to", "2026-11-01"],
        ["export"],
        ["export", "--format", "xml"],
        ["import"],
    ],
    ids=["from-month-13", "to-not-a-date", "from-after-to", "no-format", "unknown-format", "import-without-file"],
)
def test_a_command_written_wrong_exits_2_and_touches_nothing(companion: Run, household: Path, args: list[str]) -> None:
    before = snapshot(household)
    done = companion(*args, "--data-dir", household)
    assert done.code == 2
    assert "usage: companion" in done.err and "Traceback" not in done.err
    assert snapshot(household) == before


@needs_companion
def test_the_real_command_says_a_bad_date_in_its_usage(household: Path) -> None:
    done = real_companion("export", "--format", "json", "--from", "2026-13-01", "--data-dir", household)
    assert done.code == 2 and "Traceback" not in done.err
    assert "'2026-13-01' is not a date like 2026-11-20" in done.err

