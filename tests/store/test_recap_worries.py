"""Worries are the most private data (rule W4; issue 5 point 4): `companion recap` shows their
counts, and their words only when the parent asks with --include-worries."""

from __future__ import annotations

import json
from pathlib import Path

from companion.cli import main
from companion.domain.worry import WorryContent
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, clock, local

SECRET = "The [b]wolf[/b] 🐺 in the wardrobe"


def household_with_worries(data_dir: Path) -> None:
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.write_worry(mia.id, WorryContent(SECRET, solutions=("Close the wardrobe door",)), local(2026, 11, 19, 16, 0))
        store.write_worry(mia.id, WorryContent("School trip"), local(2026, 11, 19, 16, 5))
        store.put_worries_to_bed(mia.id, local(2026, 11, 19, 19, 0))
    finally:
        store.close()


def recap(data_dir: Path, capsys, monkeypatch, *extra: str) -> str:
    monkeypatch.setenv("COMPANION_NOW", "2026-11-20T07:30:00+00:00")
    capsys.readouterr()
    assert main(["recap", "--data-dir", str(data_dir), *extra]) == 0
    return capsys.readouterr().out


def test_the_recap_counts_worries_and_never_shows_their_words(tmp_path: Path, capsys, monkeypatch) -> None:
    household_with_worries(tmp_path)
    text = recap(tmp_path, capsys, monkeypatch)
    assert "\n  Worries           2 waiting in the box\n" in text
    assert "wolf" not in text and "School trip" not in text

    document = json.loads(recap(tmp_path, capsys, monkeypatch, "--json"))
    [child] = document["children"]
    assert child["worries"] == {"open": 2, "to_review": 2, "boxed_tonight": 0, "gone": 0}
    assert "open_worries" not in child
    assert "wolf" not in json.dumps(document)


def test_asked_for_the_words_the_recap_shows_them_exactly(tmp_path: Path, capsys, monkeypatch) -> None:
    household_with_worries(tmp_path)
    text = recap(tmp_path, capsys, monkeypatch, "--include-worries")
    assert f"\n  Open worries      • {SECRET}\n                    • School trip\n" in text

    document = json.loads(recap(tmp_path, capsys, monkeypatch, "--json", "--include-worries"))
    [first, second] = document["children"][0]["open_worries"]
    assert (first["text"], first["solutions"], first["nights_in_box"]) == (SECRET, ["Close the wardrobe door"], 1)
    assert second["text"] == "School trip"
