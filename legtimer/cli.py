"""The `legtimer` command: argparse front door.

Textual is imported only when a screen is opened, so `legtimer list` and
friends start fast and work without a terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from legtimer import __version__
from legtimer.catalog import RoutineNotFound
from legtimer.commands import UserError, err
from legtimer.routine import RoutineError


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except RoutineError as error:
        for problem in error.problems:
            err().print(problem.render(error.source), markup=False)
        return 1
    except (RoutineNotFound, UserError) as error:
        err().print(f"legtimer: {error}", markup=False)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `legtimer list | head`: the reader left; nothing to report
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    from legtimer.commands import routines

    if args.command == "show":
        return routines.show_routine(args.routine)
    if args.command == "validate":
        return routines.validate(args.files)
    # `list`, and bare `legtimer` until the app lands.
    return routines.list_routines()
