"""The night and day themes (rule X3): the night one is dark, dim and low in blue.

Dim is the light the screen gives, not faint words: every colour text is drawn in reads at
4.5:1 or more on the screen and in dialogs (WCAG AA), in both themes; tests/ui/test_theme.py
holds them to it."""

from __future__ import annotations

from datetime import datetime

from textual.theme import Theme

NIGHT = "companion-night"
DAY = "companion-day"
CHOICES = {"auto": "Automatic (night theme 18:00–07:00)", "night": "Night theme", "day": "Day theme"}

NIGHT_THEME = Theme(
    name=NIGHT,
    primary="#b0804a",
    secondary="#927e60",
    accent="#ac7554",
    warning="#b48a48",
    error="#b3705f",
    success="#7d8a55",
    foreground="#b9a78f",
    background="#120f0c",
    surface="#1a1612",
    panel="#241e18",
    dark=True,
    luminosity_spread=0.08,
    text_alpha=0.85,
    # The list cursor is a dim warm band, not a bright bar: eyes adjusted to a dark room.
    variables={
        "block-cursor-background": "#3b2f23",
        "block-cursor-foreground": "#d6c3a8",
        "block-cursor-blurred-background": "#2a231c",
        "border": "#6e5538",
        "footer-key-foreground": "#b0804a",
        "foreground-muted": "#8d7f6c",  # Textual's 60% of the foreground read 3.6:1
    },
)
DAY_THEME = Theme(
    name=DAY,
    primary="#3f6384",
    secondary="#5b6a4c",
    accent="#855c32",
    warning="#875d0f",
    error="#a23b2e",
    success="#3f7a4a",
    foreground="#2b2622",
    background="#f3eee6",
    surface="#ebe4d8",
    panel="#e0d7c8",
    dark=False,
    variables={
        "foreground-muted": "#69645f",  # Textual's 60% of the foreground read 3.9:1
        "footer-key-foreground": "#7c552e",  # the accent reads under 4.5:1 on the key bar
    },
)
THEMES = (NIGHT_THEME, DAY_THEME)


def theme_for(choice: str, now: datetime) -> str:
    """The theme name for the parent's choice; "auto" follows the evening."""
    if choice == "night":
        return NIGHT
    if choice == "day":
        return DAY
    return NIGHT if now.hour >= 18 or now.hour < 7 else DAY
