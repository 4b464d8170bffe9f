"""Command line: the TUI by default; `recap`, `export`, `import` and `demo` run without
importing Textual."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from companion import __version__
from companion.domain.errors import CompanionError
from companion.domain.text import visible_controls
from companion.panes import PANE_NAMES

if TYPE_CHECKING:
    from companion.clock import SystemClock
    from companion.store import Store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="A calm, keyboard-only companion for the bedtime routine.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument("--data-dir", type=_path_text, help="where the household's data lives (default: the user data dir)")
    parser.add_argument("--child", help="open on this child")
    parser.add_argument("--pane", choices=PANE_NAMES, help="open on this pane")
    parser.set_defaults(run=run_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    recap = commands.add_parser("recap", help="print last night's recap without the app")
    recap.add_argument("--night", type=_iso_date, help="the night to recap (YYYY-MM-DD, the evening's date)")
    recap.add_argument("--child", help="only this child")
    recap.add_argument("--json", action="store_true", help="print JSON instead of text")
    recap.add_argument(
        "--include-worries", action="store_true", help="also print the open worries' words (private: counts only without it)"
    )
    recap.set_defaults(run=run_recap)

    export = commands.add_parser("export", help="write the household's data out: a report, a CSV of events, or everything")
    export.add_argument("--format", required=True, choices=("md", "csv", "json"), dest="form",
                        help="md: a report for a pediatrician or sleep coach; csv: one row per event; json: everything (companion import reads it)")
    export.add_argument("--output", type=_path, help="write to this file (default: print it)")
    export.add_argument("--include-worries", action="store_true", help="also the worries' words (private: left out without it)")
    export.add_argument("--from", type=_iso_date, dest="first", help="the first night (YYYY-MM-DD)")
    export.add_argument("--to", type=_iso_date, dest="last", help="the last night (YYYY-MM-DD)")
    export.set_defaults(run=run_export)

    restore = commands.add_parser("import", help="read back a file from export --format json")
    restore.add_argument("file", type=_path, metavar="FILE")
    restore.add_argument("--merge", action="store_true", help="add what is new to a household that has data (nothing here is changed)")
    restore.set_defaults(run=run_import)

    demo = commands.add_parser("demo", help="fill an empty data dir with a realistic made-up household")
    demo.add_argument("--nights", type=_positive, default=60, help="how many nights of history (default 60)")
    demo.add_argument("--children", type=_positive, default=2, help="how many children (default 2)")
    demo.add_argument("--seed", type=int, default=1, help="the same seed gives the same household")
    demo.set_defaults(run=run_demo)
    for sub in (recap, export, restore, demo):
        sub.add_argument("--data-dir", type=_path_text, default=argparse.SUPPRESS, help="where the household's data lives")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "first", None) and getattr(args, "last", None) and args.first > args.last:
        parser.error(f"--from {args.first} is after --to {args.last}")
    os.umask(0o077)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except CompanionError as error:
        print(f"companion: {visible_controls(str(error))}", file=sys.stderr)  # a path or name quoted: one line
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `companion export ... | head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


@contextmanager
def _household(args: argparse.Namespace, *, print_notices: bool = True) -> Iterator[tuple[Store, SystemClock]]:
    """The store and clock, opened for one command and closed (lock released) after it."""
    from companion.clock import clock_from_environment
    from companion.paths import resolve_data_dir
    from companion.store import Store
    from companion.store.store import read_only_notice

    clock = clock_from_environment()
    store = Store.open(resolve_data_dir(args.data_dir), clock)
    clock.zone = store.zone
    try:
        yield store, clock
    finally:
        if print_notices:  # after the command too: a night file set aside while it read
            for notice in store.take_notices():
                if store.read_only_reason and notice == read_only_notice(store.read_only_reason):
                    continue  # a command that writes says so in its own error
                print(f"companion: {visible_controls(notice)}", file=sys.stderr)
        store.close()


def run_app(args: argparse.Namespace) -> int:
    # Startup builds many objects and frees few: collecting garbage before the first frame
    # only delays it. The app turns collection back on once the first frame is painted.
    gc.disable()
    with _household(args, print_notices=False) as (store, clock):  # the app shows them
        child = store.find_child(args.child) if args.child else None
        from companion.ui.app import make_app

        app = make_app(store, clock, child=child, pane=args.pane)
        app.run()
    return app.return_code or 0


def run_recap(args: argparse.Namespace) -> int:
    from companion.recap_text import recap_json, recap_text

    with _household(args) as (store, clock):
        render = recap_json if args.json else recap_text
        print(render(store, clock.now(), night=args.night, child_name=args.child, include_worries=args.include_worries))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from companion.export import export_text, write_export

    with _household(args) as (store, clock):
        text = export_text(store, clock.now(), args.form, first=args.first, last=args.last, include_worries=args.include_worries)
        if args.output is None:
            sys.stdout.write(text)
        else:
            write_export(text, args.output, store.data_dir)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from companion.importer import read_export

    document = read_export(args.file)  # a file that is no export is refused before the household opens
    with _household(args) as (store, _):
        _refuse_if_read_only(store, "Nothing was imported")
        print(store.import_documents(document, merge=args.merge).describe())
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from companion.demo import fill_data_dir

    with _household(args) as (store, clock):
        _refuse_if_read_only(store, "The demo was not written")
        print(fill_data_dir(store, clock, nights=args.nights, children=args.children, seed=args.seed))
    return 0


def _refuse_if_read_only(store: Store, outcome: str) -> None:
    """A command that writes, in a household this process may only read: one line, why."""
    if store.read_only_reason:
        raise CompanionError(f"{outcome}: {store.read_only_reason}.")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-20") from None


def _path_text(text: str) -> str:
    """A path as typed; NUL can't be in a file name (the OS refuses it with a ValueError)."""
    if "\x00" in text:
        raise argparse.ArgumentTypeError(f"{text!r} can't be a path: it holds a NUL character")
    return text


def _path(text: str) -> Path:
    return Path(_path_text(text))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value
