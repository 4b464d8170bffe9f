"""The reward chart (rules R1–R5). Key 4.

In the morning the parent gives last night's star (s) and reads the praise aloud; the chart
shows the current target's weeks of stars, what has been earned and spent, and how far each
reward is. Nothing here takes a star away: a star given by mistake can be taken back (x) for
ten minutes, and that stays in the history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content

from companion.domain.rewards import (
    Chart,
    Reward,
    Target,
    DayState,
    chart_applies,
    chart_weeks,
    open_night,
    progress,
    suggest_fresh_rewards,
    suggest_step_up,
    why_not_yet,
)
from companion.domain.household import Child
from companion.ui.screen import PaneScreen
from companion.ui.styles import stylesheets
from companion.ui.widgets import LiveText

T = TypeVar("T")
REDRAW_SECONDS = 30  # a star's ten minutes to take it back, and the morning, follow the clock
CELLS = {
    DayState.STAR: "★",
    DayState.VOIDED: "☆",
    DayState.NONE: "·",
    DayState.FUTURE: " ",
    DayState.BEFORE_TARGET: " ",
    DayState.OTHER_TARGET: "–",
}
BAR = 12


def bar(have: int, need: int) -> str:
    filled = min(BAR, BAR * have // need) if need else BAR
    return "█" * filled + "░" * (BAR - filled)


class RewardsScreen(PaneScreen):
    CSS_PATH = stylesheets("rewards.tcss")
    TITLE = "Reward chart"
    PURPOSE = (
        "The reward chart, for children three and over: one positive, specific target at a time, "
        "on a ladder, and a star each night it is earned, given in the morning with praise to "
        "read aloud. A star is never taken away, and the stars earned buy the rewards you set. "
        "The chart suggests the next step up once the target was earned on 5 of the last 7 nights."
    )
    BINDINGS = [
        Binding("s", "give_star", "Star", tooltip="Give last night's star, with its praise", id="give-star"),
        Binding("x", "void_star", "Take back", tooltip="Take back a star given by mistake (within 10 minutes)", id="void-star"),
        Binding("t", "add_target", "Target", tooltip="Add a target to the ladder", id="add-target"),
        Binding("u", "step_up", "Step up", tooltip="Step up the ladder to the next target", id="step-up"),
        Binding("a", "add_reward", "Reward", tooltip="Add a reward and its stars", id="add-reward"),
        Binding("r", "redeem", "Redeem", tooltip="Spend stars on a reward", id="redeem"),
        Binding("d", "retire_reward", "Retire a reward", id="retire-reward", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="rewards"):
            yield LiveText(id="reward-target")
            yield LiveText(id="reward-praise")
            with Vertical(id="reward-columns"):
                yield LiveText(id="reward-grid")
                yield LiveText(id="reward-progress")
        yield LiveText(id="reward-message", classes="pane-message")

    def on_mount(self) -> None:
        self.set_interval(REDRAW_SECONDS, self.reload)

    def child_changed(self) -> None:
        self.reload()

    # -- what is shown --------------------------------------------------------------------

    def chart(self) -> Chart | None:
        app = self.companion
        return app.store.reward_chart(app.child.id) if app.child else None

    @property
    def applies(self) -> bool:
        app = self.companion
        if app.child is None:
            return False
        return chart_applies(app.child.birth_date, app.night, app.store.child_settings(app.child.id).reward_chart)

    def last_night(self, now: datetime) -> date:
        """The night whose star is given this morning: the latest night that is over."""
        return open_night(now, self.companion.store.zone) - timedelta(days=1)

    def reload(self) -> None:
        app = self.companion
        now = app.clock.now()
        self.set_class(not self.applies, "-off")
        target, praise, grid, progress_text = (self.query_one(f"#reward-{part}", LiveText) for part in ("target", "praise", "grid", "progress"))
        chart = self.chart() if self.applies else None
        if app.child is None:
            target.show("Add a child first (h: household).")
        elif chart is None:
            target.show(why_not_yet(app.child.name, app.child.birth_date, app.night))
        else:
            target.show(self._target_text(chart, now))
            self._show_praise(praise, chart, app.child, self.last_night(now))
            grid.show(self._grid_text(chart, now))
            progress_text.show(self._progress_text(chart, now))
        app.show_notices()
        self.refresh_bindings()

    @staticmethod
    def _show_praise(praise: LiveText, chart: Chart, child: Child, night: date) -> None:
        """Last night's praise, large, once its star is given; until then the same box asks
        for it, so giving the star only rewords the box instead of moving the chart down."""
        star = chart.star_on(night)
        if star is not None and star.live:
            praise.show(Content(star.praise).stylize("bold"))
        elif chart.target_on(night) is not None:
            ask = f"Did {child.name} earn last night's star? s gives it, with praise to read aloud."
            praise.show(Content(ask).stylize("$foreground-muted"))
        else:  # no target that night: no star to give
            praise.display = False
            return
        praise.display = True

    def _target_text(self, chart: Chart, now: datetime) -> str:
        current = chart.current
        if current is None:
            return "No target yet. t sets one: a positive, specific behaviour, like “stayed in my room after using the pass”."
        lines = [f"Target: {current.text}  (step {current.rung + 1} of {len(chart.targets)})"]
        step = suggest_step_up(chart, open_night(now, self.companion.store.zone))
        if step is not None:
            ahead = f"u steps up to “{step.next.text}”." if step.next else "t adds the next step on the ladder."
            lines.append(f"Earned on {step.nights} of the last 7 nights: ready for the next step? {ahead}")
        return "\n".join(lines)

    def _grid_text(self, chart: Chart, now: datetime) -> str:
        current = chart.current
        if current is None:
            return ""
        weeks = chart_weeks(chart, current.id, open_night(now, self.companion.store.zone))
        lines = ["           Mo Tu We Th Fr Sa Su"]
        lines += [f"{week.start:%d %b}     " + "  ".join(CELLS[day.state] for day in week.days) for week in weeks]
        totals = chart.totals(now)
        line = f"Earned {totals.earned} · spent {totals.spent} · to spend {totals.available}"
        if totals.pending:
            line += f" · {totals.pending} just given (x takes it back within 10 min)"
        return "\n".join([*lines, "", line, "★ a star  ☆ taken back  · no star"])

    def _progress_text(self, chart: Chart, now: datetime) -> str:
        rows = progress(chart, now)
        if not rows:
            return "No rewards yet. a adds one: small and cheap, like a lucky dip for 4 stars."
        width = max(len(row.reward.name) for row in rows)
        lines = [
            f"{row.reward.name:<{width}}  {bar(row.available, row.threshold)}  "
            + (f"{row.threshold} stars: ready (r)" if row.ready else f"{row.to_go} more of {row.threshold}")
            for row in rows
        ]
        if suggest_fresh_rewards(chart, now.date()):
            lines.append("Same rewards for two weeks: a fresh, short-term one keeps it exciting (a).")
        return "\n".join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Off for a child the chart is not for yet; x only while a star can be taken back."""
        if not self.applies:
            return False
        if action == "give_star":  # shown until last night has its star
            chart = self.chart()
            return chart is None or chart.star_on(self.last_night(self.companion.clock.now())) is None
        if action == "void_star":
            chart = self.chart()
            return chart is not None and chart.pending(self.companion.clock.now()) > 0
        if action == "step_up":
            chart = self.chart()
            return chart is not None and len(chart.targets) > 1
        return True

    def _saved(self, change: Callable[[], T], said: Callable[[T], str]) -> None:
        """A change to the chart, then what it did on the message line and the chart redrawn."""
        result = self.attempt(change)
        if result is not None:
            self.say(said(result))
            self.reload()

    # -- actions --------------------------------------------------------------------------

    def action_give_star(self) -> None:
        app = self.companion
        child = app.child
        if child is None:
            return
        night = self.last_night(app.clock.now())
        self._saved(
            lambda: app.store.give_star(child.id, night, app.clock.now()),
            lambda _: f"A star for the night of {night:%a %d %b}. Read the praise to {child.name}.",
        )

    def action_void_star(self) -> None:
        app = self.companion
        chart = self.chart()
        if app.child is None or chart is None:
            return
        now = app.clock.now()
        star = next((star for star in reversed(chart.stars) if star.pending(now)), None)  # the newest
        if star is None:
            self.say("No star to take back: a star once given stays given after 10 minutes.")
            return
        child_id = app.child.id
        self._saved(lambda: app.store.void_star(child_id, star.id, now), lambda _: "Taken back; it stays in the history.")

    def action_add_target(self) -> None:
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        app = self.companion
        child = app.child
        if child is None:
            return
        field = FieldSpec("target", "Target", "in their words: stayed in my bed the whole night")
        dialog = FormDialog(f"A new step on {child.name}'s ladder", [field], lambda v: app.store.add_target(child.id, v["target"], app.clock.now()))
        def added(target: Target | None) -> None:
            if target is not None:
                first = target.rung == 0
                self.say("The target starts tonight." if first else "Added to the ladder; u steps up to it when ready.")
                self.reload()

        self.app.push_screen(dialog, added)

    def action_step_up(self) -> None:
        from companion.ui.dialogs import ChoiceDialog

        app = self.companion
        chart = self.chart()
        if app.child is None or chart is None or chart.current is None:
            return
        child = app.child
        choices = [(target.id, f"{target.rung + 1}. {target.text}") for target in chart.targets if target.id != chart.current.id]

        def chosen(target_id: str | None) -> None:
            if target_id:
                self._saved(lambda: app.store.step_up(child.id, target_id, app.clock.now()), lambda _: "The new target starts tonight.")

        self.app.push_screen(ChoiceDialog("Which step is the target from tonight?", choices), chosen)

    def action_add_reward(self) -> None:
        from companion.domain.rewards import food_hint
        from companion.ui.dialogs import FormDialog
        from companion.ui.fields import FieldSpec

        app = self.companion
        child = app.child
        if child is None:
            return
        fields = [FieldSpec("name", "Reward", "small and cheap: a lucky dip"), FieldSpec("stars", "Stars", "how many: 4")]

        def added(reward: Reward | None) -> None:
            if reward:
                hint = food_hint(reward.name)
                self.say(f"{reward.name}: {reward.stars} star{'s' * (reward.stars != 1)}." + (f" {hint}" if hint else ""))
                self.reload()

        dialog = FormDialog(f"A reward for {child.name}", fields, lambda v: app.store.add_reward(child.id, v["name"], v["stars"], app.clock.now()))
        self.app.push_screen(dialog, added)

    def _change_a_reward(self, title: str, change: Callable[[Child, str], T], said: Callable[[T], str]) -> None:
        """Choose one of the rewards offered, then save the change to it (redeem, retire)."""
        from companion.ui.dialogs import ChoiceDialog

        child, chart = self.companion.child, self.chart()
        if child is None:
            return
        if chart is None or not chart.offered:
            self.say("No rewards yet: a adds one.")
            return
        choices = [(reward.id, f"{reward.name} · {reward.stars} stars") for reward in chart.offered]

        def chosen(reward_id: str | None) -> None:
            if reward_id:
                self._saved(lambda: change(child, reward_id), said)

        self.app.push_screen(ChoiceDialog(title, choices), chosen)

    def action_redeem(self) -> None:
        app = self.companion
        self._change_a_reward(
            "Which reward?",
            lambda child, reward_id: app.store.redeem(child.id, reward_id, app.clock.now(), child.name),
            lambda reward: f"{reward.name}: {reward.stars} stars spent. Earned stars stay earned.",
        )

    def action_retire_reward(self) -> None:
        app = self.companion
        self._change_a_reward(
            "Which reward is no longer offered?",
            lambda child, reward_id: app.store.retire_reward(child.id, reward_id, app.clock.now()),
            lambda _: "No longer offered; its history stays.",
        )
