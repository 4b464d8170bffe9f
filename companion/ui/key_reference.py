"""The README's key reference, made from the bindings themselves so it cannot drift from them.

Every binding a screen class declares is listed, whatever state the pane is in (`?` shows only
the keys that work right now), with the key shown as the footer and `?` show it.
tests/ui/test_key_reference.py fails when the README's copy is out of date; to rewrite it:

    python -m companion.ui.key_reference --write README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App

from companion.ui.app import PANES, CompanionApp, pane_class
from companion.ui.help import binding_rows

START = "<!-- keys:start -->"
END = "<!-- keys:end -->"
COMMAND = "python -m companion.ui.key_reference --write README.md"


class _BindingsOnly(CompanionApp):
    """The app's bindings as an instance holds them (Textual adds the palette key in
    App.__init__), without the store and clock a running CompanionApp needs."""

    def __init__(self) -> None:
        App.__init__(self)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a bar would end the cell


def _table(title: str, rows: list[tuple[str, str]]) -> str:
    lines = [f"**{title}**", "", "| key | what it does |", "| --- | --- |"]
    lines += [f"| `{key}` | {_cell(description)} |" for key, description in rows]
    return "\n".join(lines)


def markdown() -> str:
    """One table for the keys that work everywhere, then one per pane, in the panes' order."""
    app = _BindingsOnly()
    tables = [_table("Every screen", binding_rows((binding for _, binding in app._bindings), app, long=True))]
    for name in PANES:
        screen = pane_class(name)
        merged = screen._merged_bindings  # BINDINGS merged over the class's MRO, as Textual does
        tables.append(_table(screen.TITLE, binding_rows((binding for _, binding in merged), app, long=True)))
    note = f"<!-- Made from the key bindings by `{COMMAND}`: edit the bindings, not this. -->"
    return "\n\n".join([note, *tables])


def _split(readme: str) -> tuple[str, str, str]:
    """The README before the block, the block, and after it."""
    if START not in readme or END not in readme:
        raise ValueError(f"the README has no {START} ... {END} block")
    before, rest = readme.split(START, 1)
    block, after = rest.split(END, 1)
    return before, block.strip("\n"), after


def readme_block(readme: str) -> str:
    """The text between the markers, as the README has it now."""
    return _split(readme)[1]


def main(argv: list[str]) -> int:
    """Print the reference, or with `--write README.md` put it between the README's markers."""
    if not argv:
        print(markdown())
        return 0
    if argv[0] != "--write" or len(argv) != 2:
        print("usage: python -m companion.ui.key_reference [--write README.md]", file=sys.stderr)
        return 2
    path = Path(argv[1])
    before, _, after = _split(path.read_text(encoding="utf-8"))
    path.write_text(f"{before}{START}\n{markdown()}\n{END}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
