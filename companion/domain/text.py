"""Checks shared by every piece of text a parent types.

One-line fields (names, steps, reasons) are refused when too long: they are typed, and a
message is clearer than a cut. Longer text (a worry in the child's words) may be pasted, so
it is capped with a note instead: cut first, then checked, so a 1 MB paste costs nothing.
"""

from __future__ import annotations

import unicodedata

from companion.domain.errors import InvalidInput


# Control characters and line/paragraph separators would break a one-line display;
# format characters (zero-width space…) and marks alone would show as nothing at all.
_LINE_BREAKING = {"Cc", "Zl", "Zp"}
_INVISIBLE = {"Cf", "Zs", "Mn", "Me", "Mc", "Cc", "Zl", "Zp"}
# What may follow a character within one letter or emoji: a cut before it would split them.
_COMBINING = {"Mn", "Me", "Mc"}
_JOINERS = {"\u200d", "\u034f"}  # zero-width joiner, combining grapheme joiner
_SKIN_TONES = range(0x1F3FB, 0x1F400)


# Control characters (C0, DEL, C1) as the symbols Unicode has for them: ␛ for ESC, ␀ for NUL,
# ␊ for a line break, � for the C1 controls, which have no symbol of their own.
_CONTROL_SYMBOLS = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421} | dict.fromkeys(range(0x80, 0xA0), 0xFFFD)
_LINES_KEPT = {code: symbol for code, symbol in _CONTROL_SYMBOLS.items() if chr(code) not in "\n\r\t"}


def visible_controls(text: str, *, keep_lines: bool = False) -> str:
    """Text a terminal prints rather than obeys: its control characters shown as symbols.
    `keep_lines` leaves line breaks and tabs, for a field that splits lines itself."""
    return text.translate(_LINES_KEPT if keep_lines else _CONTROL_SYMBOLS)


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


def cap(text: str, limit: int) -> str:
    """The first `limit` characters at most, never ending inside a letter with its accents or
    an emoji sequence (the cut moves back to the start of that cluster)."""
    if len(text) <= limit:
        return text
    end = limit
    while end > 0 and (_continues(text[end]) or text[end - 1] in _JOINERS):
        end -= 1
    return text[:end] if end else text[:limit]


def _continues(ch: str) -> bool:
    return unicodedata.category(ch) in _COMBINING or ch in _JOINERS or ord(ch) in _SKIN_TONES


def _cut_note(what: str, length: int, limit: int) -> str:
    return f"The {what} was {length:,} characters long; the first {limit:,} were kept."


def clean_capped_line(text: str, *, what: str, limit: int) -> tuple[str, str]:
    """One line of user text like `clean_line`, but cut to `limit` rather than refused.
    Returns the line and a note for the parent ("" when nothing was cut)."""
    value = text.strip()
    if len(value) <= limit:
        return clean_line(value, what=what, limit=limit), ""
    return clean_line(cap(value, limit), what=what, limit=limit), _cut_note(what, len(value), limit)


def clean_block(text: str, *, what: str, limit: int, empty: str = "") -> tuple[str, str]:
    """Several lines of user text, kept as typed: line breaks and tabs stay, each line loses
    its trailing spaces and the text its leading and trailing blank lines (Windows line ends
    become plain ones). Longer than `limit`, it is cut there and a note says so; the note is
    "" otherwise. Empty or invisible text, or control characters, raise with a message
    (`empty` replaces the message for empty text)."""
    value = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    body = value.lstrip()
    if not body:
        raise InvalidInput(empty or f"The {what} can't be empty.")
    value = value[value.rfind("\n", 0, len(value) - len(body)) + 1 :]  # from the first line with text
    note = ""
    if len(value) > limit:
        note = _cut_note(what, len(value), limit)
        value = cap(value, limit)
    value = "\n".join(line.rstrip() for line in value.split("\n")).rstrip()
    if any(ch not in "\n\t" and unicodedata.category(ch) in _LINE_BREAKING for ch in value):
        raise InvalidInput(f"The {what} can't contain control characters.")
    if not any(unicodedata.category(ch) not in _INVISIBLE for ch in value):
        raise InvalidInput(empty or f"The {what} has nothing visible in it.")
    return value, note


def same_text(a: str, b: str) -> bool:
    """Equal as a reader sees them: ignoring case and how accents were typed."""
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()
