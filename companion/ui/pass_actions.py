"""The bedtime pass, one key away on the Evening and Quiet panes (rules P1–P3).

`v` uses a pass ("a visit"): pick a quick reason or type one, and the trip timer runs from the
stored instant. `v` again while the trip runs records the child back in the room. Once every
pass is used the rest-of-night rules show where the parent is looking.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from companion.domain.bedtime_pass import QUICK_REASONS, PassNight, check_redeem, pass_night
from companion.domain.errors import CompanionError
from companion.domain.night_log import EventKind
from companion.store import Store
from companion.ui.screen import PaneScreen

OTHER = "other"
REST_OF_NIGHT = (
    "Rest of the night: calls out → ignore it, even if it gets worse; "
    "comes out → back to bed, with little or no talking."
)

# Rule P4: how to bring the pass in, said by day, and what the first nights are like.
PASS_GUIDE = (
    "Introducing the bedtime pass (by day, not at bedtime)",
    "Say it in the daytime, calmly, with the pass card in your hand:\n"
    "“This is your bedtime pass. After goodnight you can use it once, for one more hug, a "
    "drink or the toilet. You give me the pass and I help you, and then it is used up for "
    "tonight. After that, if you call out I won't answer, and if you come out I'll walk you "
    "back to bed without talking. In the morning we'll see how you did.”\n"
    "Let your child decorate the card, and practise once in daylight: use the pass, get the "
    "hug, back to bed.\n\n"
    "Be ready: the first nights may get worse before they get better. Many children test the "
    "new rule by calling out more, and louder. Staying calm and doing the same thing every "
    "night is what makes it work; most families see it settle within a week or two. With a "
    "baseline week set (h, then p), there is no pass yet: just log the nights, so you can "
    "compare afterwards.",
)


def tonight_pass(store: Store, child_id: str, night: date) -> PassNight:
    """The night's passes as its phase allows (kept with the night, P5) and what was used."""
    return pass_night(store.night_events(child_id, night), store.night_phase(child_id, night).passes)


def pass_status(night: PassNight, now: datetime) -> str:
    """One or two lines for the pane: passes left, the trip, or the rules after the pass."""
    if night.allowed == 0:
        return "Pass: none tonight (a baseline night: log only)."
    if not night.used:
        return f"Pass: {night.left} left tonight · v to use one."
    last = night.used[-1]
    lines = [f"Pass used {last.at:%H:%M} for {last.value}" + (f" · {night.left} left" if night.left else "")]
    trip = night.trip_left(now)
    if trip is not None:
        minutes, seconds = divmod(int(trip.total_seconds()), 60)
        lines[0] += f" · trip {minutes}:{seconds:02d} left (v: back in the room)"
    if night.all_used:
        calls, outs = night.after[EventKind.CALLED_OUT], night.after[EventKind.GOT_UP] + night.after[EventKind.PARENTS_BED]
        lines.append(REST_OF_NIGHT)
        lines.append(f"Since the pass: {calls} call-out{'s' * (calls != 1)}, {outs} come-out{'s' * (outs != 1)}.")
    return "\n".join(lines)


def use_or_return_pass(screen: PaneScreen, done: Callable[[str], None]) -> None:
    """`v`: back in the room if a trip is running, else choose a reason and use a pass."""
    from companion.ui.dialogs import ChoiceDialog, FormDialog
    from companion.ui.fields import FieldSpec

    app = screen.companion
    if app.child is None:
        done("Add a child first (h: household).")
        return
    child_id, night, now = app.child.id, app.night, app.clock.now()
    trip_minutes = app.store.child_settings(child_id).plan.trip_minutes
    current = tonight_pass(app.store, child_id, night)
    running = current.trip(now)
    if running is not None:
        _record(screen, lambda: app.store.add_night_event(child_id, EventKind.PASS_BACK, now, ref=running[0].id), done, "Back in the room.")
        return
    try:
        check_redeem(current, "a reason")  # no pass left, or a baseline night: say so, store nothing
    except CompanionError as error:
        done(str(error))
        return

    def redeem(reason: str) -> str:
        clean = check_redeem(tonight_pass(app.store, child_id, night), reason)
        app.store.add_night_event(child_id, EventKind.PASS_USED, app.clock.now(), clean, seconds=trip_minutes * 60)
        return f"Pass used for {clean}: the trip timer runs {trip_minutes} minutes."

    def chosen(choice: str | None) -> None:
        if choice == OTHER:
            field = FieldSpec("reason", "Reason", "what the pass is for")
            screen.app.push_screen(FormDialog("Use the pass for…", [field], lambda v: redeem(v["reason"])), lambda said: said and done(said))
        elif choice:
            _record(screen, lambda: redeem(choice), done)

    choices = [(reason, reason) for reason in QUICK_REASONS] + [(OTHER, "something else…")]
    screen.app.push_screen(ChoiceDialog("Use the pass for…", choices), chosen)


def _record(screen: PaneScreen, change: Callable[[], object], done: Callable[[str], None], said: str = "") -> None:
    try:
        result = change()
    except CompanionError as error:
        done(str(error))
        return
    done(said or str(result))
