"""`companion recap` as a parent or a script runs it: notices on stderr, one-line errors, honest exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.helpers import make_household

ENV = {"TZ": "Europe/London", "COMPANION_NOW": "2026-11-20T19:30:45+00:00"}


def companion(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "COMPANION_DATA_DIR"} | ENV
    return subprocess.run(
        [sys.executable, "-m", "companion", *args], capture_output=True, text=True, env=env, timeout=60
    )


def _one_stderr_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("companion: ")
    return lines[0]


def test_recap_of_a_healthy_household(tmp_path: Path) -> None:
    make_household(tmp_path / "data")
    result = companion("recap", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0 and result.stderr == ""
    assert "Mia — night of Thu 19 Nov 2026" in result.stdout


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_recap_with_an_unreadable_household_says_so_on_stderr_and_succeeds(tmp_path: Path, as_json: bool) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    (data_dir / "household.json").write_bytes(b'{"children": {"1": {"name": "Mi')

    result = companion("recap", "--data-dir", str(data_dir), *(["--json"] if as_json else []))

    assert result.returncode == 0, result.stderr
    line = _one_stderr_line(result)
    assert "household.json" in line and "household.json.corrupt-" in line
    if as_json:
        assert json.loads(result.stdout)["children"] == []
    else:
        assert "No children yet" in result.stdout


def test_recap_with_an_unreadable_night_file_says_so_on_stderr_and_succeeds(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_household(data_dir)
    (data_dir / "nights" / "2026-11" / "19.json").write_bytes(b"\x00\x00\x00\x00")  # last night's file

    result = companion("recap", "--data-dir", str(data_dir))

    assert result.returncode == 0, result.stderr
    assert list((data_dir / "nights" / "2026-11").glob("19.json.corrupt-*")), "the file was not set aside"
    line = _one_stderr_line(result)
    assert "nights/2026-11/19.json" in line and "nights/2026-11/19.json.corrupt-" in line
    assert "Nothing was logged" in result.stdout


def test_recap_for_a_child_who_is_not_in_the_household_is_a_one_line_error(tmp_path: Path) -> None:
    make_household(tmp_path / "data")
    result = companion("recap", "--data-dir", str(tmp_path / "data"), "--child", "Zed")
    assert result.returncode == 1
    line = _one_stderr_line(result)
    assert "Zed" in line and "Mia" in line
    assert result.stdout == ""


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_recap_of_a_night_with_nothing_recorded_is_a_one_line_error(tmp_path: Path, as_json: bool) -> None:
    make_household(tmp_path / "data")
    result = companion("recap", "--data-dir", str(tmp_path / "data"), "--night", "2020-03-12", *(["--json"] if as_json else []))
    assert result.returncode == 1
    assert _one_stderr_line(result) == "companion: Nothing was recorded on the night of Thu 12 Mar 2020."
    assert result.stdout == ""


def test_recap_with_a_data_dir_that_is_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    a_file = tmp_path / "data"
    a_file.write_text("oops\n")
    result = companion("recap", "--data-dir", str(a_file))
    assert result.returncode == 1
    assert str(a_file) in _one_stderr_line(result)
    assert a_file.read_text() == "oops\n"
