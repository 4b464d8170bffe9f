"""The command palette (ctrl+p): every action, found by name.

Built from the bindings of the screen it opens on, so a new key is in the palette the day it
is added. Our own provider replaces Textual's system commands, which include "Screenshot"
(it would save worry text to the Downloads folder) and show titles as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


if TYPE_CHECKING:
    from companion.ui.app import CompanionApp


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], object]


def palette_commands(app: CompanionApp, screen) -> Iterator[PaletteCommand]:
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.action in seen or binding.action == "command_palette":
            continue
        seen.add(binding.action)
        key = app.get_key_display(binding)
        yield PaletteCommand(binding.description, f"key: {key}", partial(app.run_action, binding.action, active.node))
    for child in app.store.children():
        yield PaletteCommand(f"Switch to {child.name}", "make this child current", partial(app.select_child, child.id))
    for choice, label in app.theme_choices().items():
        yield PaletteCommand(f"Theme: {label}", "remembered for next time", partial(app.choose_theme, choice))


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
