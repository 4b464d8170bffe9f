"""Checks shared by every piece of text a parent types."""

from __future__ import annotations

import unicodedata

from companion.domain.errors import InvalidInput


# Control characters and line/paragraph separators would break a one-line display;
# format characters (zero-width space…) and marks alone would show as nothing at all.
_LINE_BREAKING = {"Cc", "Zl", "Zp"}
_INVISIBLE = {"Cf", "Zs", "Mn", "Me", "Mc", "Cc", "Zl", "Zp"}


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
    if any(unicodedata.category(ch) in _LINE_BREAKING for ch in value):
        raise InvalidInput(f"The {what} can't contain control characters or line breaks.")
    if not any(unicodedata.category(ch) not in _INVISIBLE for ch in value):
        raise InvalidInput(f"The {what} has nothing visible in it.")
    return value


def same_text(a: str, b: str) -> bool:
    """Equal as a reader sees them: ignoring case and how accents were typed."""
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()
