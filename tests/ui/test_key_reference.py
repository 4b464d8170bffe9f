"""The README's key reference is the one the bindings make: a key added, moved or renamed in
the code fails here until the README is regenerated, so the README never lists a stale key."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.ui.app import PANES, make_app
from companion.ui.help import key_rows
from companion.ui.key_reference import COMMAND, END, START, main, markdown, readme_block

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_reference_is_up_to_date() -> None:
    assert readme_block(README.read_text(encoding="utf-8")) == markdown(), (
        f"README key table is out of date: run `{COMMAND}`"
    )


@pytest.mark.parametrize("pane", list(PANES))
async def test_every_key_help_shows_is_in_the_reference(household, clock, pane: str) -> None:
    """`?` shows the keys that work in the pane's present state; the reference has them all."""
    reference = markdown()
    app = make_app(household, clock, pane=pane)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        rows = key_rows(app.screen)
    assert rows
    keys = {row.split(" | ")[0].strip("| `") for row in reference.splitlines() if row.startswith("| `")}
    for key, description in rows:
        assert key in keys, (key, description)


def test_write_replaces_only_the_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\n{START}\nold keys\n{END}\n\nafter\n", encoding="utf-8")
    assert main(["--write", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text == f"# title\n\n{START}\n{markdown()}\n{END}\n\nafter\n"
