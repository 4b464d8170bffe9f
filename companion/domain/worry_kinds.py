"""The kinds of worry record (rules W1–W3): the words of the file format, kept apart from
the worry box's rules so that checking a file does not load them."""

from __future__ import annotations

from enum import StrEnum


class WorryKind(StrEnum):
    WRITTEN = "written"  # with the content as first written
    EDITED = "edited"  # with the whole new content
    BOXED = "boxed"  # put to bed in the box for the record's night
    GONE = "gone"  # it went away: the worry moves to the history
    KEPT = "kept"  # still there after a night in the box: carried forward


CONTENT_KINDS = frozenset({WorryKind.WRITTEN, WorryKind.EDITED})
OUTCOMES = (WorryKind.GONE, WorryKind.KEPT)
