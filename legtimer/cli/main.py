"""The `legtimer` command: argparse front door.

Textual is imported only when a screen is opened, so `legtimer list` and
friends start fast and work without a terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from legtimer import __version__
from legtimer.core.errors import UserFacingError
from legtimer.core.text import safe_text

if TYPE_CHECKING:
    from pathlib import Path

    from legtimer.core.routines import Routine


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="legtimer",
        description="A terminal workout timer for runners' leg training.",
        epilog="Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"legtimer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("list", help="list the built-in and your own routines")

    show = commands.add_parser("show", help="show a routine's timeline")
    show.add_argument("routine", metavar="ROUTINE", help="a routine's name or id, or a TOML file")

    validate = commands.add_parser("validate", help="check routine files and report every problem")
    validate.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        help="routine files or folders (default: every routine legtimer knows)",
    )

    run = commands.add_parser("run", help="run a routine now")
    run.add_argument("routine", metavar="ROUTINE", help="a routine's name or id, or a TOML file")
    run.add_argument(
        "--plain",
        action="store_true",
        help="line-oriented output and commands on stdin (screen readers, pipes, scripts)",
    )
    run.add_argument(
        "--auto-done",
        action="store_true",
        help="with --plain: complete self-paced sets at their target after their estimated time",
    )

    history = commands.add_parser("history", help="your past sessions")
    history.add_argument("--routine", help="only sessions of this routine (name or id)")
    history.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="from this day on")
    history.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="up to this day")
    history.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    history_commands = history.add_subparsers(dest="history_command", metavar="SUBCOMMAND")
    history_show = history_commands.add_parser("show", help="one session, step by step")
    history_show.add_argument("session_id", metavar="ID", help="a session id (a prefix will do)")

    commands.add_parser("stats", help="totals, streaks and personal bests")

    export = commands.add_parser("export", help="write the whole history as JSON or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    import_ = commands.add_parser("import", help="add sessions from a JSON export")
    import_.add_argument("file", metavar="FILE")

    commands.add_parser("new", help="build a new routine in the app")
    edit = commands.add_parser(
        "edit", help="edit a routine in the app (a built-in opens as a copy)"
    )
    edit.add_argument("routine", metavar="ROUTINE", help="a routine's name or id, or a TOML file")
    commands.add_parser("review", help="review your history in the app")
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except UserFacingError as error:
        # A routine's problems already name their file; anything else gets our name.
        text = str(error) if hasattr(error, "problems") else f"legtimer: {error}"
        print(safe_text(text), file=sys.stderr)  # it may quote a name or a path from a file
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `legtimer list | head`: the reader left; nothing to report
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    # Imported here, per command: `legtimer` alone should not pay for what it does not use.
    from legtimer.cli import routines
    from legtimer.core.routines import catalog

    if args.command == "show":
        return routines.show_routine(args.routine)
    if args.command == "validate":
        return routines.validate(args.files)
    if args.command == "run":
        if args.plain:
            from legtimer.cli.plain import run_plain

            return run_plain(args.routine, auto_done=args.auto_done)
        return _open_app(catalog.resolve(args.routine), "run")
    if args.command == "edit":
        return _edit(args.routine)
    if args.command in ("new", "review"):
        return _open_app(None, args.command)
    if args.command in ("history", "stats", "export", "import"):
        from legtimer.cli import history

        if args.command == "stats":
            return history.stats()
        if args.command == "export":
            return history.export(args.format, args.output)
        if args.command == "import":
            return history.import_file(args.file)
        if args.history_command == "show":
            return history.show(args.session_id)
        return history.listing(
            routine=args.routine,
            since=args.since,
            until=args.until,
            limit=args.limit,
            as_json=args.json,
        )
    if args.command == "list":
        return routines.list_routines()
    return _open_app(None, "home")


def _edit(query: str) -> int:
    """`legtimer edit X`: a file with problems opens as it is in the builder, to fix them."""
    from legtimer.core.routines import RoutineError, catalog

    try:
        return _open_app(catalog.resolve(query), "edit")
    except RoutineError:
        broken = catalog.broken_file(query)
        if broken is None:
            raise
        return _open_app(None, "edit", broken=broken)


def _open_app(routine: Routine | None, start: str, *, broken: Path | None = None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserFacingError(
            "the app needs a terminal; for pipes and scripts use `legtimer run ROUTINE --plain`"
        )
    from legtimer.tui.app import LegTimerApp

    LegTimerApp(routine=routine, start=start, broken=broken).run()
    return 0
