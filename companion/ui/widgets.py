"""Widgets shared by every pane.

User text always goes in as Content (literal), never as markup: a child called
"[@click=app.quit]x" is shown exactly so and can't run anything.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from companion.domain.household import Child


class ChildBar(Static):
    """Always on top: whose evening this is, which night, and whether saving works."""

    def show(self, child: Child | None, night: date, read_only: bool, *, earlier: bool = False) -> None:
        if child:
            who = Content.from_markup("[b]$name[/b]  ·  $age", name=child.name, age=child.age_on(night))
        else:
            who = Content("No child yet")
        parts = [who, Content(f"  ·  night of {night:%a %d %b}")]
        if earlier:
            parts.append(Content.from_markup("  ·  [b]an earlier night[/b]"))
        if read_only:
            parts.append(Content.from_markup("  ·  [b]read-only[/b]"))
        self.update(Content.assemble(*parts))
