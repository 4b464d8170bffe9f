"""`companion recap`: last night for each child, as plain text or JSON, without Textual.

JSON keys are a contract (version 1): version, night, children[] with name, night,
recorded, lights_out, fell_asleep (local HH:MM or null), minutes_to_sleep (null when not
recorded), got_up, called_out, woke, parents_bed, health_flags[], worries {open, to_review,
boxed_tonight, gone}, bedtime_pass {phase, allowed, used[] {at, reason}, call_outs_after,
come_outs_after, earns_star}; with --include-worries also open_worries[] {text, drawn, solutions[],
helper, helper_line, added, nights_in_box}.

Worries are the most private data (W4): counts only, unless the parent asks for the words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from companion.domain.bedtime_pass import COME_OUTS, PassNight, PassPlan, pass_night
from companion.domain.household import Child
from companion.domain.night_log import EventKind
from companion.domain.night import describe_duration, last_night
from companion.domain.recap import NightSummary, summarize_night
from companion.domain.worry import Worry, WorryCounts, nights_in_box
from companion.store import Store

JSON_VERSION = 1


@dataclass(frozen=True, slots=True)
class ChildRecap:
    child: Child
    summary: NightSummary
    phase: str  # of the pass plan that night: before, baseline or pass (P5)
    passes: PassNight
    plan: PassPlan
    worries: list[Worry]  # not gone
    worry_counts: WorryCounts
    now: datetime
    zone: str
    include_worries: bool


def _recaps(
    store: Store, now: datetime, night: date | None, child_name: str | None, include_worries: bool
) -> list[ChildRecap]:
    children = [store.find_child(child_name)] if child_name else store.children()
    wanted = night or last_night(now, store.zone)
    rows = []
    for child in children:
        events = store.night_events(child.id, wanted)
        phase = store.night_phase(child.id, wanted)
        rows.append(
            ChildRecap(
                child,
                summarize_night(wanted, events),
                phase.phase,
                pass_night(events, phase.passes),
                store.child_settings(child.id).plan,
                store.worries_not_gone(child.id),  # the history is counted, never read (ten years of it)
                store.worry_counts(child.id, now),
                now,
                store.zone,
                include_worries,
            )
        )
    return rows


def recap_text(
    store: Store, now: datetime, *, night: date | None = None, child_name: str | None = None, include_worries: bool = False
) -> str:
    rows = _recaps(store, now, night, child_name, include_worries)
    if not rows:
        return "No children yet: run companion to set up the household."
    return "\n\n".join(_child_text(row) for row in rows)


def recap_json(
    store: Store, now: datetime, *, night: date | None = None, child_name: str | None = None, include_worries: bool = False
) -> str:
    rows = _recaps(store, now, night, child_name, include_worries)
    wanted = night or last_night(now, store.zone)
    document = {
        "version": JSON_VERSION,
        "night": wanted.isoformat(),
        "children": [_child_json(row) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _child_text(row: ChildRecap) -> str:
    summary = row.summary
    heading = f"{row.child.name} — night of {summary.night:%a %d %b %Y}"
    return "\n".join([heading, *_night_lines(summary), *_pass_lines(row), *_worry_lines(row)])


def _night_lines(summary: NightSummary) -> list[str]:
    if not summary.events:
        return ["  Nothing was logged that night."]
    lines = [
        f"  Lights out      {_clock(summary.lights_out)}",
        f"  Fell asleep     {_clock(summary.fell_asleep)}",
        f"  Time to sleep   {describe_duration(summary.time_to_sleep) if summary.time_to_sleep is not None else 'not recorded'}",
        f"  Got up          {summary.got_up}",
        f"  Called out      {summary.called_out}",
        f"  Woke            {summary.woke}",
        f"  Parents' bed    {summary.parents_bed}",
    ]
    if summary.health_flags:
        flags = ", ".join(flag.label for flag in summary.health_flags)
        lines.append(f"  Health          {flags}: worth a calm word with the pediatrician.")
    return lines


def _pass_lines(row: ChildRecap) -> list[str]:
    """The bedtime pass that night (P2, P3): used and why, and whether it earned a star."""
    passes = row.passes
    if not row.summary.events or row.phase == "before":
        return []
    if passes.allowed == 0:
        return ["  Pass            none (a baseline night: log only)"]
    star = " · a star this morning" if passes.earns_reward(row.plan) else ""
    if not passes.used:
        return [f"  Pass            not used{star}"]
    used = ", ".join(f"{use.at:%H:%M} for {use.value}" for use in passes.used)
    calls, outs = _after(passes)
    after = "stayed in after it" if not outs else f"came out {outs}× after it"
    return [f"  Pass            used {used} · {after}, called out {calls}×{star}"]


def _after(passes: PassNight) -> tuple[int, int]:
    return passes.after[EventKind.CALLED_OUT], sum(passes.after[kind] for kind in COME_OUTS)


def _worry_lines(row: ChildRecap) -> list[str]:
    counts = row.worry_counts
    if not row.worries and not counts.gone:
        return []
    lines = [f"  Worries         {counts.to_review} to look at today · {counts.open} open · {counts.gone} gone away"]
    if row.include_worries:
        for worry in _not_gone(row.worries):
            words = worry.content.text.replace("\n", "\n" + " " * 20)
            lines.append(f"                  • {words}")
    return lines


def _child_json(row: ChildRecap) -> dict[str, Any]:
    child, summary = row.child, row.summary
    to_sleep = summary.time_to_sleep
    counts = row.worry_counts
    document: dict[str, Any] = {
        "name": child.name,
        "night": summary.night.isoformat(),
        "recorded": bool(summary.events),
        "lights_out": _clock(summary.lights_out, None),
        "fell_asleep": _clock(summary.fell_asleep, None),
        "minutes_to_sleep": round(to_sleep.total_seconds() / 60) if to_sleep is not None else None,
        "got_up": summary.got_up,
        "called_out": summary.called_out,
        "woke": summary.woke,
        "parents_bed": summary.parents_bed,
        "health_flags": [flag.value for flag in summary.health_flags],
        "bedtime_pass": _pass_json(row),
        "worries": {"open": counts.open, "to_review": counts.to_review, "boxed_tonight": counts.boxed_tonight, "gone": counts.gone},
    }
    if row.include_worries:
        document["open_worries"] = [_worry_json(worry) for worry in _not_gone(row.worries)]
    return document


def _pass_json(row: ChildRecap) -> dict[str, Any]:
    passes = row.passes
    calls, outs = _after(passes)
    return {
        "phase": row.phase,
        "allowed": passes.allowed,
        "used": [{"at": f"{use.at:%H:%M}", "reason": use.value} for use in passes.used],
        "call_outs_after": calls,
        "come_outs_after": outs,
        "earns_star": passes.earns_reward(row.plan),
    }


def _not_gone(worries: list[Worry]) -> list[Worry]:
    """Asked for by name, the open worries are shown even while the box is closed."""
    return [worry for worry in worries if worry.gone is None]


def _worry_json(worry: Worry) -> dict[str, Any]:
    content = worry.content
    return {
        "text": content.text,
        "drawn": content.drawn,
        "solutions": list(content.solutions),
        "helper": content.helper,
        "helper_line": content.helper_line,
        "added": worry.added.isoformat(),
        "nights_in_box": nights_in_box(worry),
    }


def _clock(instant: datetime | None, missing: str | None = "not recorded") -> str | None:
    return f"{instant:%H:%M}" if instant is not None else missing
