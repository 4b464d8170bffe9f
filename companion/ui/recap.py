"""The morning recap (rules M1–M4). Key 5; the app opens here between 05:00 and 12:00.

Last night for the current child at a glance, a warm opening line that names a real win, the
star to give with its praise, and trends drawn over 7, 14 or 30 nights. `[` and `]` browse
the nights, `g` goes to a typed date, `t` comes back to last night.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content

from companion.domain.errors import CompanionError
from companion.domain.night import last_night
from companion.domain.recap import NightRecap, morning_rows, night_rows
from companion.domain.wins import WEEK
from companion.recaps import TREND_NIGHTS, KeptRecaps, night_recap, opening_line, with_star_given
from companion.ui.screen import PaneScreen
from companion.ui.styles import stylesheets
from companion.ui.widgets import ChildBar, Hanging, LiveText, heading

LABEL_WIDTH = 17
TREND_LABEL = 26  # the longest label: nights in the parents' bed


class RecapScreen(PaneScreen):
    CSS_PATH = stylesheets("recap.tcss")
    TITLE = "Morning recap"
    PURPOSE = (
        "The morning recap: last night at a glance for the current child, a warm line naming a "
        "real win from the data, and the star the night earned. Below, the trends over 7, 14 or "
        "30 nights show how things are changing. Not recorded is never shown as zero."
    )
    BINDINGS = [
        Binding("s", "give_star", "Give the star", id="recap-star"),
        Binding("w", "window", "7/14/30 nights", tooltip="Trends over 7, 14 or 30 nights", id="trend-window"),
        Binding("left_square_bracket", "browse(-1)", "Night before", id="recap-before"),
        Binding("right_square_bracket", "browse(1)", "Night after", id="recap-after"),
        Binding("g", "go_to_night", "Go to a night", id="recap-go", show=False),
        Binding("t", "last_night", "Back to last night", id="recap-last", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.viewing: date | None = None  # None: follow last night
        self.window = TREND_NIGHTS[0]
        self._recap: NightRecap | None = None
        self._earlier = KeptRecaps(self.companion.store)
        self._first_frame = True  # not painted yet: see reload

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="recap"):
            yield LiveText(id="recap-opening")
            yield LiveText(id="recap-glance")
            yield LiveText(id="recap-morning")
            yield LiveText(id="recap-trends")
        yield LiveText(id="recap-message", classes="pane-message")

    def child_changed(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        """Last night follows the clock (it moves on at 05:00), not only the saved data."""
        if self.is_mounted and self._recap is not None and self._recap.night != self.night:
            self.reload()

    @property
    def night(self) -> date:
        return self.viewing or last_night(self.companion.clock.now(), self.companion.store.zone)

    def shown_night(self) -> date:
        return self.night

    def refresh_bar(self) -> None:
        """"An earlier night" only when browsing: last night is this pane's own night."""
        app = self.companion
        self.query_one(ChildBar).draw(app.child, self.night, app.store.read_only, earlier=self.viewing is not None)
        self.child_changed()

    # -- what is shown --------------------------------------------------------------------

    def reload(self) -> None:
        app = self.companion
        child = app.child
        opening, glance = (self.query_one(f"#recap-{part}", LiveText) for part in ("opening", "glance"))
        if child is None:
            opening.show("Add a child first (h: household).")
            return
        now = app.clock.now()
        week = self._earlier.before(child, self.night, now, WEEK)  # what the morning's win compares with
        recap = self._recap = night_recap(app.store, child, self.night, now)
        opening.show(opening_line(recap, week, last_night(now, app.store.zone)))
        glance.show(self._glance(recap))
        self._show_morning(recap)
        if self._first_frame:
            # The app opens here at breakfast: the night first, and its trends (another week
            # of nights to read) a frame later, below it, instead of delaying the whole screen.
            self._first_frame = False
            self.call_after_refresh(self._show_trends)
        else:
            self._show_trends()
        self.refresh_bindings()
        app.show_notices()

    def _show_morning(self, recap: NightRecap) -> None:
        # The star and health rows on their own, under the rest: giving the star redraws them alone.
        self.query_one("#recap-morning", LiveText).show(Hanging(self._rows(morning_rows(recap))))

    def _show_trends(self) -> None:
        app = self.companion
        recap = self._recap
        if app.child is None or recap is None:
            return
        # Two weeks (this week against the one before) or the trend's window.
        earlier = self._earlier.before(app.child, recap.night, app.clock.now(), max(2 * WEEK - 1, self.window - 1))
        # The trends count stars given, not the one this morning still offers.
        self.query_one("#recap-trends", LiveText).show(self._trends([*earlier, recap._replace(star=recap.given_star)], recap))

    def _glance(self, recap: NightRecap) -> Hanging:
        return Hanging([("", heading(f"The night of {recap.night:%A %d %B}")), *self._rows(night_rows(recap))])

    @staticmethod
    def _rows(rows: tuple[tuple[str, str], ...]) -> list[tuple[str, Content]]:
        return [(f"{label:<{LABEL_WIDTH}}", Content(text)) for label, text in rows]

    def _trends(self, nights: list[NightRecap], recap: NightRecap) -> Hanging:
        # Imported here, with the trends, a frame after the first: not on the way to it.
        from companion.domain.trends import MEASURES, Measure, compare_phases, describe_change, describe_phase_change, describe_trend, trend

        rows = [("", heading(f"The last {self.window} nights"))]
        under = " " * (TREND_LABEL + 1)  # a measure's words go on under its sparkline
        comparable = False
        for measure in Measure:
            line = trend(nights, measure, self.window, last=recap.night)
            label = MEASURES[measure].label
            said = describe_trend(line).removeprefix(f"{label}: ")
            rows.append((f"{label:<{TREND_LABEL}} ", Content(f"{line.sparkline():<{self.window}}  {said}")))
            change = line.week_over_week
            if self.window == 7 and change is not None and change.verdict != "too few":
                comparable = True
                rows.append((under, Content(describe_change(change))))
        if self.window == 7 and not comparable:
            rows.append(("", Content("Week over week: too few nights logged in both weeks to compare yet.")))
        phases = compare_phases(nights)
        if phases is not None:
            rows.append(("", heading("Baseline week and the pass")))
            rows += [("", Content(describe_phase_change(phases.of(measure)))) for measure in (Measure.GET_UPS, Measure.TIME_TO_QUIET)]
        return Hanging(rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "give_star":
            return self._recap is not None and self._recap.star_to_give is not None
        if action == "browse" and parameters == (1,):
            return self.viewing is not None
        return True

    def not_now(self, action: str) -> str:
        recap = self._recap
        if action == "give_star" and recap is not None:
            if recap.given_star is not None:
                return f"The night of {recap.night:%A %d %B} has its star: the praise is on the Star row."
            return f"No star to give for the night of {recap.night:%A %d %B}."
        return super().not_now(action)

    # -- actions --------------------------------------------------------------------------

    def action_give_star(self) -> None:
        app = self.companion
        child = app.child
        if child is None or self._recap is None or not self._recap.star_to_give:
            return
        star = self.attempt(lambda: app.store.give_star(child.id, self.night, app.clock.now()))
        if star is None:
            return
        self._earlier.star_given(self.night)
        self.say(f"A star for {child.name}. Read the praise aloud (the Star row).")
        # Only the star changed: its rows, the trends' nights with a star, and the keys.
        self._recap = with_star_given(self._recap, star)
        self._show_morning(self._recap)
        self._show_trends()
        self.refresh_bindings()

    def action_window(self) -> None:
        self.window = TREND_NIGHTS[(TREND_NIGHTS.index(self.window) + 1) % len(TREND_NIGHTS)]
        self.reload()
        self.say(f"Trends over the last {self.window} nights.")

    def action_browse(self, step: int) -> None:
        latest = last_night(self.companion.clock.now(), self.companion.store.zone)
        night = self.night + timedelta(days=step)
        self.viewing = None if night >= latest else night
        self.say("")
        self.refresh_bar()  # the bar names the night shown, then the pane redraws

    def action_last_night(self) -> None:
        self.viewing = None
        self.refresh_bar()

    def action_go_to_night(self) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        latest = last_night(self.companion.clock.now(), self.companion.store.zone)

        def go(values: dict[str, str]) -> date:
            try:
                night = date.fromisoformat(values["night"].strip())
            except ValueError:
                raise CompanionError("Type the night as YYYY-MM-DD, the evening's date, e.g. 2026-11-19.") from None
            if night > latest:
                raise CompanionError(f"The latest night with a recap is {latest:%a %d %b %Y}.")
            return night

        def went(night: date | None) -> None:
            if night is not None:
                self.viewing = None if night == latest else night
                self.refresh_bar()

        field = FieldSpec("night", "Night", "YYYY-MM-DD (the evening's date)", self.night.isoformat())
        self.app.push_screen(FormDialog("Recap of which night?", [field], go), went)
