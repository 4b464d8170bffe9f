"""Errors a parent may see: each carries a message written for them, never a traceback."""


class CompanionError(Exception):
    """An expected fault: shown as one calm line where the parent is looking."""


class InvalidInput(CompanionError):
    """Something typed that can't be kept as it is; the message says why and how to fix it."""
