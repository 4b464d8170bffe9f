"""companion: a calm, keyboard-only, offline terminal app for the bedtime routine."""

__version__ = "0.1.0"
