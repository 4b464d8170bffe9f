"""`companion export --format csv`: the raw data as one row per event, for a spreadsheet (M5).

Rows: every night-log record (undone ones too, marked), every reward-chart record, and every
worry record, ordered by night, then child (in the household's order), then time (true time,
UTC, so the repeated hour of a clock change sorts right). CSV as RFC 4180 (the stdlib `csv`
module): a header row, fields quoted when needed, rows ended by CRLF (`\\r\\n`); a line break
inside a cell (a worry's words) stays a plain `\\n` inside its quotes.

Columns, in this order (a contract for spreadsheets):
- source: night, reward or worry.
- child: the child's name.
- night: YYYY-MM-DD, the evening the night began (E5). A reward record's night is the night
  it is for (a star's night, a target's first night), else the night it was written in.
- kind: the record's kind, as stored (night: companion/domain/night_log.py EventKind; reward:
  reward_kinds.py RewardKind; worry: worry_kinds.py WorryKind).
- at: when it happened, local ISO 8601 with its UTC offset, to the second.
- text: a night record's value (a step, an instruction, the pass's reason, yes/no, a note);
  a reward record's target, praise or reward name; a worry's words (written or edited), only
  with --include-worries (W4: otherwise a worry row has its kind and time only).
- detail: a worry's other words with --include-worries, one per line: "drawn" (the words say
  what the child drew), "solution: …", "helper: …".
- recorded, undone: when a night record was entered, and taken back (empty: it stands).
- seconds: a night record's length (a quiet-mode wait, the pass's trip).
- stars: a reward's threshold, or the stars a redemption spent.
- id, ref: the record's id and the one it answers (a repeat its instruction, a star its
  target, a worry record its worry), so rows can be joined.

Spreadsheets run a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) as a
formula (CSV injection). Cells of the parent's words (child, text, detail) that start with one
get a leading apostrophe, which spreadsheets read as "this is text"; nothing else is changed,
and no other column can start with one. The JSON export, not this, is the lossless copy.

A range limit that is None leaves that side open. Never imports textual.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime

from companion.domain.errors import InvalidInput
from companion.domain.household import Child
from companion.domain.night import night_of
from companion.domain.reward_kinds import STARS_KINDS
from companion.domain.worry import WorryContent
from companion.store import Store

COLUMNS = ("source", "child", "night", "kind", "at", "text", "detail", "recorded", "undone", "seconds", "stars", "id", "ref")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[tuple[date, int, float], list[str]]  # the sort key (night, child, UTC time) and the cells


def events_csv(store: Store, *, first: date | None, last: date | None, include_worries: bool) -> str:
    if first is not None and last is not None and first > last:
        raise InvalidInput(f"The export would start on {first:%d %b %Y}, after its last night ({last:%d %b %Y}).")
    children = store.children()
    rows: list[Row] = []
    for night in store.logged_nights(first, last):
        for rank, child in enumerate(children):
            rows.extend(_night_rows(store, rank, child, night))
    for rank, child in enumerate(children):
        rows.extend(_reward_rows(store, rank, child, first, last))
        rows.extend(_worry_rows(store, rank, child, first, last, include_worries))
    rows.sort(key=lambda row: row[0])  # stable: within one instant, night, reward, worry
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(cells for _, cells in rows)
    return out.getvalue()


def _night_rows(store: Store, rank: int, child: Child, night: date) -> Iterator[Row]:
    for event in store.night_events(child.id, night, with_undone=True):
        cells = _cells(
            "night",
            child,
            night,
            event.kind,
            event.at,
            text=event.value,
            recorded=_instant(event.recorded),
            undone=_instant(event.undone),
            seconds="" if event.seconds is None else str(event.seconds),
            record_id=event.id,
            ref=event.ref,
        )
        yield (night, rank, event.at.timestamp()), cells


def _reward_rows(store: Store, rank: int, child: Child, first: date | None, last: date | None) -> Iterator[Row]:
    """The ledger's records for a night in the range, or written in it (a redemption has no night)."""
    for record in store.reward_records(child.id):
        written = night_of(record.at, store.zone)
        if not (_within(record.night, first, last) or _within(written, first, last)):
            continue
        night = record.night or written
        stars = str(record.stars) if record.kind in STARS_KINDS else ""
        cells = _cells("reward", child, night, record.kind, record.at, text=record.text, stars=stars, record_id=record.id, ref=record.ref)
        yield (night, rank, record.at.timestamp()), cells


def _worry_rows(
    store: Store, rank: int, child: Child, first: date | None, last: date | None, include_worries: bool
) -> Iterator[Row]:
    """Kind and time only, unless the parent asked for the words (W4)."""
    for record in store.worry_records(child.id):
        if not _within(record.night, first, last):
            continue
        content = record.content if include_worries else None
        cells = _cells(
            "worry",
            child,
            record.night,
            record.kind,
            record.at,
            text=content.text if content else "",
            detail=_detail(content) if content else "",
            record_id=record.id,
            ref=record.worry_id,
        )
        yield (record.night, rank, record.at.timestamp()), cells


def _cells(
    source: str,
    child: Child,
    night: date,
    kind: str,
    at: datetime,
    *,
    text: str = "",
    detail: str = "",
    recorded: str = "",
    undone: str = "",
    seconds: str = "",
    stars: str = "",
    record_id: str = "",
    ref: str = "",
) -> list[str]:
    """One row, in COLUMNS' order; the parent's words guarded against running as formulas."""
    return [
        source,
        _guard(child.name),
        night.isoformat(),
        str(kind),
        _instant(at),
        _guard(text),
        _guard(detail),
        recorded,
        undone,
        seconds,
        stars,
        record_id,
        ref,
    ]


def _detail(content: WorryContent) -> str:
    lines = ["drawn"] if content.drawn else []
    lines += [f"solution: {solution}" for solution in content.solutions]
    if content.helper:
        lines.append(f"helper: {content.helper}" + (f": {content.helper_line}" if content.helper_line else ""))
    return "\n".join(lines)


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _instant(instant: datetime | None) -> str:
    return instant.isoformat(timespec="seconds") if instant is not None else ""


def _within(night: date | None, first: date | None, last: date | None) -> bool:
    return night is not None and (first is None or night >= first) and (last is None or night <= last)
