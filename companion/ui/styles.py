"""Finds the .tcss files: inside the wheel (companion/styles) or in a source checkout (styles/)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def styles_dir() -> Path:
    installed = _PACKAGE / "styles"
    return installed if installed.is_dir() else _PACKAGE.parent / "styles"


def stylesheets(*names: str) -> list[Path]:
    base = styles_dir()
    return [base / name for name in names]
