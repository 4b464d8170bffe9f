"""The command palette (ctrl+p): every action of every pane, found by a word of its name.

Built from the bindings, so a new key is in the palette the day it is added: the keys of the
screen it opens on by their own names, then every other pane's as "Worry box: Write", which
goes to that pane and does it. So "star" finds the reward chart's star from the evening,
"asleep" the night log's entry from the recap. Our own provider replaces Textual's system
commands, which include "Screenshot" (it would save worry text to the Downloads folder) and
show titles as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from companion.ui.app import PANES, CompanionApp, pane_class
from companion.ui.help import EVERYWHERE, named_bindings


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], object]


def palette_commands(app: CompanionApp, screen) -> Iterator[PaletteCommand]:
    seen: set[str] = set(EVERYWHERE)
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node not in (screen, app):  # a list's scrolling keys: the same everywhere, not actions
            continue
        if not binding.description or binding.action in seen or binding.action == "command_palette":
            continue
        seen.add(binding.action)
        key = app.get_key_display(binding)
        # The pane's longer words where the footer's are short; the app's keys by their names.
        title = binding.tooltip if binding.tooltip and active.node is screen else binding.description
        yield PaletteCommand(title, f"key: {key}", partial(app.run_chosen, binding.action, active.node))
    yield from _other_panes(app, screen)
    for child in app.store.children():
        yield PaletteCommand(f"Switch to {child.name}", "make this child current", partial(app.select_child, child.id))
    for choice, label in app.theme_choices().items():
        yield PaletteCommand(f"Theme: {label}", "remembered for next time", partial(app.choose_theme, choice))


def _other_panes(app: CompanionApp, screen) -> Iterator[PaletteCommand]:
    """Each other pane's actions, named with the pane's title: chosen, the pane opens and the
    action runs there, if it can run now (the pane's own rules decide, as for its key)."""
    pane_keys = {binding.action: app.get_key_display(binding) for _, binding in app._bindings}
    for name in PANES:
        pane = pane_class(name)
        if isinstance(screen, pane):
            continue
        pane_key = pane_keys[f"pane('{name}')"]
        # _merged_bindings: the BINDINGS over the class's MRO, as Textual merges them.
        for binding in named_bindings(binding for _, binding in pane._merged_bindings):
            keys = f"keys: {pane_key} then {app.get_key_display(binding)}"
            title = f"{pane.TITLE}: {binding.tooltip or binding.description}"
            yield PaletteCommand(title, keys, partial(app.run_on_pane, name, binding.action))


class CompanionCommands(Provider):
    async def discover(self) -> Hits:
        for command in palette_commands(self.app, self.screen):  # type: ignore[arg-type]
            yield DiscoveryHit(Content(command.title), command.run, text=command.title, help=Content(command.help))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in palette_commands(self.app, self.screen):  # type: ignore[arg-type]
            score = matcher.match(command.title)
            if score > 0:
                # Not matcher.highlight: it parses the title as markup, and titles hold names.
                yield Hit(score, Content(command.title), command.run, text=command.title, help=Content(command.help))  # type: ignore[arg-type]
