"""`companion export` (rule M5): the household's data out of the app, without Textual.

Three formats: `md`, a readable report for a pediatrician or sleep coach (companion/report.py);
`csv`, one row per event (companion/events_csv.py); `json`, everything as stored
(store/transfer.py), which `companion import` reads back. Worries' words only when asked
(W4). A file is written whole or not at all, private to the parent (0600), and never inside
the data dir, where it could take the place of the household's own files.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from companion.domain.errors import CompanionError
from companion.store import Store
from companion.store.files import atomic_write_bytes

FORMATS = ("md", "csv", "json")


def export_text(
    store: Store, now: datetime, form: str, *, first: date | None, last: date | None, include_worries: bool
) -> str:
    if form == "json":
        document = store.export_documents(first, last, include_worries=include_worries)
        return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if form == "csv":
        from companion.events_csv import events_csv

        return events_csv(store, first=first, last=last, include_worries=include_worries)
    from companion.report import markdown_report

    return markdown_report(store, now, first=first, last=last, include_worries=include_worries)


def write_export(text: str, output: Path, data_dir: Path) -> None:
    """Atomic: a failed write leaves whatever was at `output` before as it was."""
    target = output.absolute()
    if target.resolve().is_relative_to(data_dir.resolve()):
        raise CompanionError(f"Not written: {output} is inside the data dir; choose a file outside it.")
    if not target.parent.is_dir():
        raise CompanionError(f"Can't write {output}: there is no folder {target.parent}.")
    try:
        atomic_write_bytes(target, text.encode("utf-8"), target.parent)
    except OSError as error:
        raise CompanionError(f"Can't write {output}: {error.strerror or error}.") from None
