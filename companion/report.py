"""`companion export --format md`: a readable report for a pediatrician or sleep coach (M5).

For each child: a summary of the range, trends as small tables (a row per week up to twelve
weeks, else per month), the baseline against the pass (P5), a few notable nights, the health
flags night by night, and the worries as counts only (W4) unless the parent asks for their
words. "not recorded" is never shown as zero.

Each child's nights are read once: one recap per night with a file (or a star), from the
store's recaps, shared by every section. Never imports textual.

User text (names, step names, reasons, worries) comes out literally: every Markdown special
character is backslash-escaped (CommonMark allows it before any ASCII punctuation), so nothing
renders as emphasis, a link, HTML or a table's `|`. One-line text is kept on one line; a worry's
lines stay lines (hard breaks) inside its list item, without their leading indentation, which
would otherwise make a code block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from companion.domain.errors import InvalidInput
from companion.domain.household import Child, describe_age
from companion.domain.night import describe_duration, last_night, night_of, zone_info
from companion.domain.recap import NOT_RECORDED, NightRecap
from companion.domain.report import Period, RangeSummary, by_week, notable_nights, periods, summarize_range
from companion.domain.trends import MEASURES, Measure, Scale, Stats, compare_phases, describe_phase_change, night_values, stats
from companion.domain.worry import Worry, nights_in_box
from companion.recaps import night_recap
from companion.store import Store

PHASES = {"before": "before the pass plan", "baseline": "baseline (log only)", "pass": "with the pass"}
REASONS = 3  # the pass's most frequent reasons shown


def markdown_report(
    store: Store, now: datetime, *, first: date | None, last: date | None, include_worries: bool
) -> str:
    """The report over the nights `first` to `last` (both kept). By default from the first
    logged night to last night."""
    last = last or last_night(now, store.zone)
    logged = store.logged_nights(first, last)
    first = first or (logged[0] if logged else last)
    if first > last:
        raise InvalidInput(f"The report would start on {first:%d %b %Y}, after its last night ({last:%d %b %Y}).")
    made = now.astimezone(zone_info(store.zone))
    lines = [
        "# Bedtime report",
        "",
        f"Nights from {_day(first)} to {_day(last)} ({_nights((last - first).days + 1)}), made {_day(made)} at {made:%H:%M}. "
        f"Times are local ({md(store.zone)}); a night belongs to the evening it began.",
        "",
        f"“{NOT_RECORDED}” means nothing was logged for it: it is never counted as zero. "
        "Averages and medians count only the nights that recorded them.",
    ]
    children = store.children()
    if not children:
        lines += ["", "No children yet."]
    for child in children:
        lines += ["", *_child(store, child, now, first, last, logged, include_worries)]
    return "\n".join(lines) + "\n"


def _child(
    store: Store, child: Child, now: datetime, first: date, last: date, logged: list[date], include_worries: bool
) -> list[str]:
    chart = store.reward_chart(child.id)
    stars = [night for night in chart.by_night if first <= night <= last]
    nights = sorted({*logged, *stars})  # a star may be given for a night with nothing logged
    recaps = [night_recap(store, child, night, now, offer_star=False) for night in nights]
    summary = summarize_range(recaps)
    # Without a chart a night has no star to miss: that column would only be noughts.
    charted = bool(chart.targets or stars)
    measures = tuple(measure for measure in Measure if charted or measure is not Measure.STARS)
    age = f"{describe_age(child.birth_date, last)} old" if child.birth_date <= last else "Born after these nights"
    lines = [f"## {md(child.name)}", "", f"{age} on the last night of the report."]
    if summary.logged:
        lines += ["", *_summary(summary, len(stars) if charted else None, first, last)]
        lines += ["", *_trends(recaps, measures, first, last)]
        lines += _phases(recaps, measures)
        lines += ["", *_notable(recaps), "", *_health(recaps)]
    else:
        lines += ["", "Nothing was recorded for this child in these nights."]
    return [*lines, "", *_worries(store, child, now, first, last, include_worries)]


# -- summary ----------------------------------------------------------------------------------


def _summary(summary: RangeSummary, stars: int | None, first: date, last: date) -> list[str]:
    """`stars`: None when the child has no reward chart."""
    night_log = summary.after_goodnight
    lines = [
        "### Summary",
        "",
        f"- Nights recorded: {summary.logged} of {(last - first).days + 1}",
        f"- Time to fall asleep (median): {_median(summary.time_to_sleep, summary.time_to_sleep_nights)}",
        f"- Time to quiet, lights out to the last call-out (median): "
        f"{_median(summary.time_to_quiet, summary.time_to_quiet_nights)}",
        f"- Get-ups: {_a_night(summary.get_ups_a_night, summary.get_ups, night_log)}",
        f"- Call-outs: {_a_night(summary.call_outs_a_night, summary.call_outs, night_log)}",
        f"- Nights in the parents' bed: {_of(summary.parents_bed, night_log, 'nights logged after goodnight')}",
        f"- Said once: {_said_once(summary)}",
        f"- Stars given: {'no reward chart' if stars is None else stars}",
        f"- Routine: {_routines(summary)}",
        f"- Routine completed: {_of(summary.routine_done, summary.routine_nights, 'nights it was recorded')}",
        f"- Pass plan: {_phases_text(summary)}",
    ]
    if summary.pass_nights:
        lines.append(
            f"- The pass: used on {summary.pass_used} of {summary.pass_nights} pass nights logged; "
            f"stayed in after it on {summary.stayed_in}"
        )
    if summary.pass_reasons:
        reasons = ", ".join(f"{md(reason)} ({times}×)" for reason, times in summary.pass_reasons[:REASONS])
        lines.append(f"- The pass was most often for: {reasons}")
    return lines


def _median(span: timedelta | None, nights: int) -> str:
    if span is None:
        return NOT_RECORDED
    return f"{_duration(span)} (over {_nights(nights)})"


def _a_night(mean: float | None, total: int, nights: int) -> str:
    if mean is None:
        return NOT_RECORDED
    return f"{mean:.1f} a night ({total} in {_nights(nights)} logged after goodnight)"


def _of(hits: int, count: int, what: str) -> str:
    return NOT_RECORDED if not count else f"{hits} of {count} {what} ({hits / count:.0%})"


def _said_once(summary: RangeSummary) -> str:
    if summary.repeats_a_night is None:
        return "quiet mode not used"
    return (
        f"{summary.said_once} of {summary.instructions} instructions; {summary.repeats} repeats "
        f"({summary.repeats_a_night:.1f} a night over {summary.quiet_nights} nights with quiet mode)"
    )


def _phases_text(summary: RangeSummary) -> str:
    if all(run.value == "before" for run in summary.phases):
        return "none in these nights"
    return "; ".join(f"{PHASES[run.value]} {_span(run.first, run.last)}" for run in summary.phases)


def _routines(summary: RangeSummary) -> str:
    """Each routine in force, by its steps (E2: how long each held)."""
    return "; ".join(
        f"{' · '.join(md(step) for step in run.value)} ({_span(run.first, run.last)})" for run in summary.routines
    )


# -- trends and phases ------------------------------------------------------------------------


def _trends(recaps: list[NightRecap], measures: tuple[Measure, ...], first: date, last: date) -> list[str]:
    """A row per week or month, a column per measure of the recap's trends (M4)."""
    values = {measure: night_values(recaps, measure) for measure in measures}
    recorded = {recap.night for recap in recaps if recap.logged}
    unit = "Week" if by_week(first, last) else "Month"
    rows = []
    for period in periods(first, last):
        nights = period.nights
        cells = [_cell(measure, stats(values[measure].get(night) for night in nights)) for measure in measures]
        rows.append([_period(period, unit), f"{sum(night in recorded for night in nights)} of {len(nights)}", *cells])
    return [
        f"### Trends by {unit.lower()}",
        "",
        "Minutes and counts are means over the nights that recorded them (repeats: the nights quiet "
        "mode was used); the other columns count nights.",
        "",
        *_table([unit, "Nights recorded", *(_label(measure) for measure in measures)], rows),
    ]


def _phases(recaps: list[NightRecap], measures: tuple[Measure, ...]) -> list[str]:
    """The baseline week against the pass nights (P5), said as honestly as the recap says it."""
    phases = compare_phases(recaps, measures)
    if phases is None:
        return []
    rows = [
        [_label(c.measure), _cell(c.measure, c.earlier), _cell(c.measure, c.later), describe_phase_change(c)]
        for c in phases.comparisons
    ]
    return [
        "",
        "### Baseline and the pass compared",
        "",
        f"{phases.baseline_nights} baseline nights (log only) against {phases.pass_nights} nights with the pass.",
        "",
        *_table(["Measure", "Baseline", "With the pass", "Change"], rows),
    ]


def _cell(measure: Measure, figures: Stats) -> str:
    if figures.mean is None:
        return NOT_RECORDED
    scale = MEASURES[measure].scale
    if scale is Scale.MINUTES:
        return f"{round(figures.mean)} min"
    if scale is Scale.PER_NIGHT:
        return f"{figures.mean:.1f}"
    return f"{figures.hits} of {figures.count}"


def _label(measure: Measure) -> str:
    label = MEASURES[measure].label
    return label[0].upper() + label[1:]


def _period(period: Period, unit: str) -> str:
    return _span(period.first, period.last) if unit == "Week" else f"{period.first:%B %Y}"


# -- nights -----------------------------------------------------------------------------------


def _notable(recaps: list[NightRecap]) -> list[str]:
    notable = notable_nights(recaps)
    lines = ["### Notable nights", ""]
    if not notable:
        return [*lines, "None stand out: no health flag, and no night logged a get-up or a time to fall asleep."]
    return [*lines, *(f"- {_day(night.night)}: {'; '.join(night.reasons)}" for night in notable)]


def _health(recaps: list[NightRecap]) -> list[str]:
    flagged = [recap for recap in recaps if recap.health_flags]
    lines = ["### Health flags", ""]
    if not flagged:
        return [*lines, "None logged in these nights."]
    return [
        *lines,
        *(f"- {_day(recap.night)}: {', '.join(flag.label for flag in recap.health_flags)}" for recap in flagged),
    ]


# -- worries (W4) -----------------------------------------------------------------------------


def _worries(store: Store, child: Child, now: datetime, first: date, last: date, include_worries: bool) -> list[str]:
    """Counts only, unless asked: then each worry of the range in the child's words."""
    zone = store.zone
    counts = store.worry_counts(child.id, now)
    worries = store.worries(child.id)
    written = sum(1 for worry in worries if first <= night_of(worry.added, zone) <= last)
    went = sum(1 for worry in worries if worry.gone is not None and first <= night_of(worry.gone, zone) <= last)
    lines = [
        "### Worries",
        "",
        f"In these nights {written} written down and {went} went away; today {counts.open} open "
        f"({counts.to_review} to look at) and {counts.gone} gone away in all.",
    ]
    if not include_worries:
        return [*lines, "", "Their words are left out: worries are the most private part of the diary."]
    during = [
        worry
        for worry in worries
        if night_of(worry.added, zone) <= last and (worry.gone is None or night_of(worry.gone, zone) >= first)
    ]
    if not during:
        return lines
    lines += ["", "The worries of these nights, in the child's words:"]
    for worry in during:
        lines += ["", *_worry(worry, zone)]
    return lines


def _worry(worry: Worry, zone: str) -> list[str]:
    content = worry.content
    gone = f"went away {_day(worry.gone)}" if worry.gone is not None else "still there"
    drawn = " (what the child drew)" if content.drawn else ""
    lines = [f"- Written {_day(worry.added)}{drawn}; {_nights(nights_in_box(worry))} in the box; {gone}", ""]
    lines += [f"  {line}" if line else "" for line in md_lines(content.text)]
    extras = []
    if content.solutions:
        extras.append("Solutions: " + "; ".join(md(solution) for solution in content.solutions))
    if content.helper:
        extras.append("Helper: " + md(content.helper) + (f": {md(content.helper_line)}" if content.helper_line else ""))
    if extras:
        lines += ["", *(f"  {extra}\\" for extra in extras[:-1]), f"  {extras[-1]}"]
    return lines


# -- Markdown ---------------------------------------------------------------------------------

_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&$#]")  # inline markup, HTML, entities, table cells
_BLOCK_START = re.compile(r"^(\s*)([-+=])|^(\s*\d+)([.)])")  # list items, setext underlines


def md(text: str) -> str:
    """One line of user text, literal in Markdown (inline, a heading or a table cell)."""
    return _literal(" ".join(text.splitlines()))


def md_lines(text: str) -> list[str]:
    """Several lines of user text as the lines of one paragraph: each literal, a hard break
    between lines, a blank line kept as a paragraph break."""
    lines = [_literal(line.strip()) for line in text.splitlines()]
    return [
        f"{line}\\" if line and index + 1 < len(lines) and lines[index + 1] else line
        for index, line in enumerate(lines)
    ]


def _literal(line: str) -> str:
    escaped = _SPECIAL.sub(lambda match: "\\" + match.group(), line)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", escaped)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# -- words ------------------------------------------------------------------------------------


def _day(day: date | datetime) -> str:
    return f"{day:%a %d %b %Y}"


def _span(first: date, last: date) -> str:
    if first == last:
        return f"{first:%d %b %Y}"
    if first.year != last.year:
        return f"{first:%d %b %Y} – {last:%d %b %Y}"
    return f"{first:%d %b} – {last:%d %b %Y}"


def _nights(count: int) -> str:
    return f"{count} night{'s' * (count != 1)}"


def _duration(span: timedelta) -> str:
    return describe_duration(span) if span else "0 min"
