"""The night and day themes (rule X3): the night one is dark, dim and low in blue."""

from __future__ import annotations

from datetime import datetime

from textual.theme import Theme

NIGHT = "companion-night"
DAY = "companion-day"
CHOICES = {"auto": "Automatic (night theme 18:00–07:00)", "night": "Night theme", "day": "Day theme"}

NIGHT_THEME = Theme(
    name=NIGHT,
    primary="#b0804a",
    secondary="#8a7556",
    accent="#a86f4c",
    warning="#b48a48",
    error="#a85a48",
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
    },
)
DAY_THEME = Theme(
    name=DAY,
    primary="#3f6384",
    secondary="#6b7d5a",
    accent="#9a6a3a",
    warning="#9a6a12",
    error="#a23b2e",
    success="#3f7a4a",
    foreground="#2b2622",
    background="#f3eee6",
    surface="#ebe4d8",
    panel="#e0d7c8",
    dark=False,
)
THEMES = (NIGHT_THEME, DAY_THEME)


def theme_for(choice: str, now: datetime) -> str:
    """The theme name for the parent's choice; "auto" follows the evening."""
    if choice == "night":
        return NIGHT
    if choice == "day":
        return DAY
    return NIGHT if now.hour >= 18 or now.hour < 7 else DAY
