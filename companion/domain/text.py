"""Checks shared by every piece of text a parent types."""

from __future__ import annotations

import unicodedata

from companion.domain.errors import InvalidInput


def clean_line(text: str, *, what: str, limit: int) -> str:
    """Return one line of user text trimmed, or raise with a message for the parent.

    Control characters (escape sequences, NUL) are refused rather than stripped so that
    what is stored is exactly what the parent sees.
    """
    value = text.strip()
    if not value:
        raise InvalidInput(f"The {what} can't be empty.")
    if len(value) > limit:
        raise InvalidInput(f"The {what} is {len(value)} characters; keep it to {limit}.")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise InvalidInput(f"The {what} can't contain control characters.")
    return value
