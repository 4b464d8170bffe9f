"""`companion recap`: last night for each child, as plain text or JSON, without Textual.

JSON keys are a contract (version 1): version, night, children[] with name, night,
recorded, lights_out, fell_asleep (local HH:MM or null), minutes_to_sleep (null when not
recorded), got_up, called_out, woke, parents_bed, health_flags[].
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from companion.domain.household import Child
from companion.domain.night import describe_duration, last_night
from companion.domain.recap import NightSummary, summarize_night
from companion.store import Store

JSON_VERSION = 1


def _summaries(store: Store, now: datetime, night: date | None, child_name: str | None) -> list[tuple[Child, NightSummary]]:
    children = [store.find_child(child_name)] if child_name else store.children()
    wanted = night or last_night(now, store.zone)
    return [(child, summarize_night(wanted, store.night_events(child.id, wanted))) for child in children]


def recap_text(store: Store, now: datetime, *, night: date | None = None, child_name: str | None = None) -> str:
    rows = _summaries(store, now, night, child_name)
    if not rows:
        return "No children yet: run companion to set up the household."
    return "\n\n".join(_child_text(child, summary) for child, summary in rows)


def recap_json(store: Store, now: datetime, *, night: date | None = None, child_name: str | None = None) -> str:
    rows = _summaries(store, now, night, child_name)
    wanted = night or last_night(now, store.zone)
    document = {
        "version": JSON_VERSION,
        "night": wanted.isoformat(),
        "children": [_child_json(child, summary) for child, summary in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _child_text(child: Child, summary: NightSummary) -> str:
    heading = f"{child.name} — night of {summary.night:%a %d %b %Y}"
    if not summary.events:
        return f"{heading}\n  Nothing was logged that night."
    lines = [
        heading,
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
    return "\n".join(lines)


def _child_json(child: Child, summary: NightSummary) -> dict[str, Any]:
    to_sleep = summary.time_to_sleep
    return {
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
    }


def _clock(instant: datetime | None, missing: str | None = "not recorded") -> str | None:
    return f"{instant:%H:%M}" if instant is not None else missing
