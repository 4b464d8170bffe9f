"""`companion recap` (M5): the recap pane's recap, per child, as plain text or JSON, without
Textual. The same figures as the pane (`night_recap`, `glance_rows`, its opening line and its
7-night trends), so a parent, a script and the pane never disagree about a night.

The JSON keys are a contract: docs/recap-json.md says what each means; bump JSON_VERSION on
any change. Worries are the most private data (W4): counts only, unless the parent asks for
the words.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from companion.domain.errors import CompanionError
from companion.domain.household import Child
from companion.domain.night import last_night
from companion.domain.recap import BeforeAfter, NightRecap, QuietRecap, glance_rows
from companion.domain.trends import MEASURES, WEEK, Measure, Trend, describe_trend, trend
from companion.domain.worry import Worry, WorryCounts, nights_in_box
from companion.recaps import TREND_NIGHTS, night_recap, opening_line, recent_recaps
from companion.store import Store

JSON_VERSION = 2
WINDOW = TREND_NIGHTS[0]  # the pane's first trend window
EARLIER = WEEK  # nights read before the night: the opening's week (M3); with the night, the trend's window
INDENT = "  "
GAP = "·"  # a night not recorded, in a sparkline: a space would read as the end of the line


class NothingRecorded(CompanionError):
    """A night asked for by date that none of the asked children has anything recorded for:
    most likely a mistyped date, so say so rather than print a page of "not recorded"."""


class ChildRecap(NamedTuple):
    """One child's recap, read once from the store for either rendering."""

    child: Child
    recap: NightRecap
    opening: str
    trends: tuple[Trend, ...]  # over WINDOW nights ending with the recap's night, in Measure order
    worries: tuple[Worry, ...] | None  # those not gone, for their words: None unless asked for (W4)


def recap_text(
    store: Store, now: datetime, *, night: date | None = None, child_name: str | None = None, include_worries: bool = False
) -> str:
    """The recap as a parent reads it in a terminal: what the pane shows, without colour."""
    _, rows = _recaps(store, now, night, child_name, include_worries)
    if not rows:
        return "No children yet: run companion to set up the household."
    return "\n\n".join(_child_text(row) for row in rows)


def recap_json(
    store: Store, now: datetime, *, night: date | None = None, child_name: str | None = None, include_worries: bool = False
) -> str:
    """The recap as data for scripts (docs/recap-json.md)."""
    wanted, rows = _recaps(store, now, night, child_name, include_worries)
    children = [_child_json(row, store.worry_counts(row.child.id, now)) for row in rows]  # the text needs no counts
    document = {"version": JSON_VERSION, "night": wanted.isoformat(), "children": children}
    return json.dumps(document, ensure_ascii=False, indent=2)


def _recaps(
    store: Store, now: datetime, night: date | None, child_name: str | None, include_worries: bool
) -> tuple[date, list[ChildRecap]]:
    """Each asked child's recap of `night` (default: last night). Last night with nothing
    logged is a calm recap, as in the pane; a night asked for by date with nothing at all is
    an error."""
    children = [store.find_child(child_name)] if child_name else store.children()
    latest = last_night(now, store.zone)
    wanted = night or latest
    recaps = [night_recap(store, child, wanted, now) for child in children]
    if night is not None and recaps and not any(recap.logged for recap in recaps):
        raise NothingRecorded(f"Nothing was recorded on the night of {wanted:%a %d %b %Y}.")
    return wanted, [
        _child_recap(store, child, recap, latest, now, include_worries) for child, recap in zip(children, recaps)
    ]


def _child_recap(
    store: Store, child: Child, recap: NightRecap, latest: date, now: datetime, include_worries: bool
) -> ChildRecap:
    earlier = recent_recaps(store, child, recap.night - timedelta(days=1), now, EARLIER)
    # As in the pane, the trends count stars given, not the one this morning still offers.
    nights = [*earlier, recap._replace(star=recap.given_star)]
    return ChildRecap(
        child,
        recap,
        opening_line(recap, earlier, latest),
        tuple(trend(nights, measure, WINDOW, last=recap.night) for measure in Measure),
        tuple(store.worries_not_gone(child.id)) if include_worries else None,
    )


# -- text -------------------------------------------------------------------------------------


def _child_text(row: ChildRecap) -> str:
    lines = [f"{row.child.name} — night of {row.recap.night:%a %d %b %Y}", INDENT + row.opening, ""]
    rows = list(glance_rows(row.recap))
    if row.worries:
        rows.append(("Open worries", "\n".join(_bullet(worry.content.text) for worry in row.worries)))
    lines += _aligned(rows)
    lines += ["", f"{INDENT}The last {WINDOW} nights"]
    lines += _aligned([_trend_row(line) for line in row.trends])
    return "\n".join(line.rstrip() for line in lines)


def _trend_row(line: Trend) -> tuple[str, str]:
    """A measure's sparkline and its window in words, as the pane says it."""
    label = MEASURES[line.measure].label
    return label, f"{line.sparkline(GAP)}  {describe_trend(line).removeprefix(f'{label}: ')}"


def _aligned(rows: list[tuple[str, str]]) -> list[str]:
    """(label, text) rows with the labels in a column; a text's later lines stay under its first."""
    width = max(len(label) for label, _ in rows) + 2
    lines = []
    for label, text in rows:
        first, *rest = text.split("\n")
        lines.append(f"{INDENT}{label:<{width}}{first}")
        lines += [f"{INDENT}{'':<{width}}{more}" for more in rest]
    return lines


def _bullet(words: str) -> str:
    return "• " + words.replace("\n", "\n  ")


# -- JSON (docs/recap-json.md) ------------------------------------------------------------------


def _child_json(row: ChildRecap, counts: WorryCounts) -> dict[str, Any]:
    recap = row.recap
    document: dict[str, Any] = {
        "name": row.child.name,
        "night": recap.night.isoformat(),
        "recorded": recap.logged,
        "opening": row.opening,
        "routine": {
            "steps": list(recap.steps),
            "done": list(recap.steps_done),
            "started": _clock(recap.bedtime_started),
            "minutes": _minutes(recap.routine_length),
        },
        "readiness": {
            "screens_off": _clock(recap.screens_off),
            "minutes_screens_before_bed": _minutes(recap.screens_before_bed),
            "moved": recap.moved,
            "fed": recap.fed,
            "dry": recap.dry,
            "safe": recap.safe,
        },
        "lights_out": _clock(recap.lights_out),
        "fell_asleep": _clock(recap.fell_asleep),
        "minutes_to_sleep": _minutes(recap.time_to_sleep),
        "minutes_to_quiet": _minutes(recap.time_to_quiet),
        "got_up": _split_json(recap.got_up),
        "called_out": _split_json(recap.called_out),
        "woke": recap.woke,
        "parents_bed": recap.parents_bed,
        "health_flags": [flag.value for flag in recap.health_flags],
        "health_line": recap.health_line,
        "bedtime_pass": {
            "phase": recap.phase,
            "allowed": recap.passes_allowed,
            "used": [{"at": _clock(use.at), "reason": use.reason, "back": _clock(use.back)} for use in recap.passes],
            "stayed_in": recap.stayed_in,
        },
        "said_once": _quiet_json(recap.quiet),
        "worries": {
            "open": counts.open,
            "to_review": counts.to_review,
            "boxed_tonight": counts.boxed_tonight,
            "gone": counts.gone,
        },
        "star": {"praise": recap.star.praise, "given": recap.star.given} if recap.star is not None else None,
        "trends": {line.measure.value: _trend_json(line) for line in row.trends},
    }
    if row.worries is not None:
        document["open_worries"] = [_worry_json(worry) for worry in row.worries]
    return document


def _split_json(split: BeforeAfter | None) -> dict[str, int | None] | None:
    return None if split is None else {"before": split.before, "after": split.after, "total": split.total}


def _quiet_json(quiet: QuietRecap | None) -> dict[str, Any] | None:
    if quiet is None:
        return None
    comply = quiet.time_to_comply
    return {
        "instructions": quiet.instructions,
        "said_once": quiet.said_once,
        "repeated": quiet.repeated,
        "repeats": quiet.repeats,
        "done": quiet.done,
        "moved_on": quiet.moved_on,
        "median_minutes_to_comply": round(comply.total_seconds() / 60, 1) if comply is not None else None,
    }


def _trend_json(line: Trend) -> dict[str, Any]:
    return {
        "unit": MEASURES[line.measure].scale.value,
        "values": [None if value is None else int(value) for value in line.values],  # minutes cut as _minutes cuts them
        "nights_with_data": line.count,
        "mean": round(line.mean, 1) if line.mean is not None else None,
    }


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


def _clock(instant: datetime | None) -> str | None:
    return f"{instant:%H:%M}" if instant is not None else None


def _minutes(span: timedelta | None) -> int | None:
    """Whole minutes, cut as the text's durations are: 25 min 40 s is 25, in both."""
    return int(span.total_seconds() / 60) if span is not None else None
