"""The parts of the Evening pane as a parent reads them.

The pane draws several parts in one widget each (few widgets make a faster first frame):
the status column holds the routine's time, "Ready for bed", the pass and who did bedtime,
one paragraph each; the log column holds "After goodnight", the log, and anything odd.
"""

from __future__ import annotations

from textual.widgets import Static

from companion.ui.evening import EveningScreen

STATUS_PARTS = ("#routine-status", "#readiness", "#pass", "#tonight")


def evening_pane(app) -> EveningScreen:
    """The Evening pane, even while a dialog is on top of it."""
    return next(screen for screen in app.screen_stack if isinstance(screen, EveningScreen))


def rendered(app, selector: str) -> str:
    return str(evening_pane(app).query_one(selector, Static).render())


def evening_part(app, part: str) -> str:
    """One part's text: "#routine-status", "#readiness" (under its heading), "#pass",
    "#tonight", "#log" (under "After goodnight") or "#oddities"; other ids are widgets."""
    if part in STATUS_PARTS:
        paragraphs = rendered(app, "#evening-status").split("\n\n")
        text = paragraphs[STATUS_PARTS.index(part)]
        return text.removeprefix("Ready for bed\n") if part == "#readiness" else text
    if part in ("#log", "#oddities"):
        heading, _, rest = rendered(app, "#log").partition("\n")
        assert heading == "After goodnight"
        log, _, oddities = rest.partition("\n\n")
        return log if part == "#log" else oddities
    return rendered(app, part)
