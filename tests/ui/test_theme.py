"""Both themes are readable (rule X3 asks for dim, not faint): every colour that text is drawn
in reads at 4.5:1 or more (WCAG AA) on the screen's background and on a dialog's surface, and
the key bar's keys on the key bar."""

from __future__ import annotations

import pytest
from textual.color import Color

from companion.ui.theme import THEMES

TEXT = ("foreground", "foreground-muted", "secondary", "primary", "warning", "error", "accent")
UNDER = ("background", "surface")


def luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(text: Color, under: Color) -> float:
    drawn = under.blend(text, text.a) if text.a < 1 else text  # a translucent colour over its ground
    lighter, darker = sorted((luminance(drawn), luminance(under)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def variables(theme) -> dict[str, str]:
    generated = theme.to_color_system().generate()
    return {**generated, **theme.variables}


def test_the_contrast_sum_is_the_wcag_one() -> None:
    assert contrast(Color.parse("#000000"), Color.parse("#ffffff")) == pytest.approx(21)
    assert contrast(Color.parse("#777777"), Color.parse("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.name)
@pytest.mark.parametrize("under", UNDER)
@pytest.mark.parametrize("text", TEXT)
def test_text_reads_at_4_5_to_1(theme, text: str, under: str) -> None:
    colours = variables(theme)
    assert contrast(Color.parse(colours[text]), Color.parse(colours[under])) >= 4.5


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.name)
def test_the_key_bars_keys_and_words_read_at_4_5_to_1(theme) -> None:
    colours = variables(theme)
    bar = Color.parse(colours["footer-background"])
    for text in ("footer-key-foreground", "footer-description-foreground"):
        assert contrast(Color.parse(colours[text]), bar) >= 4.5, text
