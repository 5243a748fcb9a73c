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
from legtimer.core.paths import CONFIG_DIR_ENV, DATA_DIR_ENV
from legtimer.core.text import safe_text

if TYPE_CHECKING:
    from pathlib import Path

    from legtimer.core.routines import Routine


FILES_NOTE = f"""\
Your routines and history live in the data folder, your settings in the config
folder. Point them elsewhere with the environment variables
  {DATA_DIR_ENV}=DIR     (routines/ and history.sqlite3)
  {CONFIG_DIR_ENV}=DIR   (settings.toml)
`legtimer list` prints where your routines folder is.

Documentation: README.md, and docs/ beside it (app.md for the keys, routines.md
for the routine format, history.md for what is kept and how).
"""
ROUTINE_HELP = "a routine's name or id (see `legtimer list`), or a path to a TOML file"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="legtimer",
        description="A terminal workout timer for runners' leg training.\n\n"
        "Run without a command to open the app: pick a routine, type to filter, Enter starts.",
        epilog="examples:\n"
        "  legtimer                          open the app\n"
        "  legtimer run stability            straight into a session\n"
        "  legtimer COMMAND --help           what a command does, with an example\n\n" + FILES_NOTE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"legtimer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, summary: str, example: str, more: str = "") -> argparse.ArgumentParser:
        """A subcommand with a one-line summary, a description and an example in its --help."""
        return commands.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + "." + (f"\n\n{more}" if more else ""),
            epilog=f"example:\n{example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    command(
        "list",
        "list the built-in routines and your own",
        "  legtimer list",
        "Each routine's id, name, exercises and length; the end says where your routines "
        "folder is (a routine of yours with a built-in's id replaces it).",
    )

    show = command(
        "show",
        "show a routine's timeline, step by step, with the total time",
        "  legtimer show runners-leg-day\n  legtimer show ./my-routine.toml",
    )
    show.add_argument("routine", metavar="ROUTINE", help=ROUTINE_HELP)

    validate = command(
        "validate",
        "check routine files and report every problem",
        "  legtimer validate my-routine.toml\n  legtimer validate ~/routines/",
        "Each problem names its file, line and field. Exits 1 if any file has a problem.",
    )
    validate.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        help="routine files or folders (default: every routine legtimer knows)",
    )

    run = command(
        "run",
        "run a routine now",
        "  legtimer run stability\n  legtimer run stability --plain",
    )
    run.add_argument("routine", metavar="ROUTINE", help=ROUTINE_HELP)
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
    run.add_argument(
        "--sound",
        action="store_true",
        help="with --plain: play the cues' tones (off by default in --plain)",
    )
    run.add_argument(
        "--voice",
        action="store_true",
        help="with --plain: speak the cues (off by default in --plain)",
    )

    sounds = commands.add_parser(
        "sounds",
        help="play every cue with its name, or write them as WAV files",
        description="Play each cue through the audio device (the terminal bell when there "
        "is none), with its name printed, using your volume and sound_dir; or write the "
        "built-in tones as WAV files to start your own.",
    )
    sounds.add_argument(
        "cues", metavar="CUE", nargs="*", help="only these cues (default: all of them)"
    )
    sounds.add_argument(
        "--export",
        metavar="DIR",
        help="write each built-in cue as DIR/<cue>.wav instead of playing it",
    )
    sounds.add_argument(
        "--force", action="store_true", help="with --export: replace files already there"
    )

    history = command(
        "history",
        "list your past sessions, newest first",
        "  legtimer history --since 2026-01-01 --routine stability\n  legtimer history show 3f2a",
        "With no subcommand, a table of sessions; `history show ID` shows one session.",
    )
    history.add_argument("--routine", help="only sessions of this routine (name or id)")
    history.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="from this day on")
    history.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="up to this day")
    history.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    history_commands = history.add_subparsers(
        dest="history_command", metavar="[show ID]", title="subcommand (optional)"
    )
    history_show = history_commands.add_parser(
        "show",
        help="one session, step by step: planned versus done",
        description="One session, step by step: planned versus done.",
        epilog="example:\n  legtimer history show 3f2a",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    history_show.add_argument("session_id", metavar="ID", help="a session id (a prefix will do)")

    command(
        "stats",
        "show totals, streaks and personal bests",
        "  legtimer stats",
        "Counts sessions with at least one set done.",
    )

    export = command(
        "export",
        "write the whole history as JSON or CSV",
        "  legtimer export > history.json\n  legtimer export --format csv -o history.csv",
    )
    export.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json (every detail; `legtimer import` reads it back) or csv (one row per "
        "step, for spreadsheets); default json",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    import_ = command(
        "import",
        "add sessions from an export",
        "  legtimer import history.json",
        "Sessions already in the history are skipped, so importing twice adds nothing.",
    )
    import_.add_argument("file", metavar="FILE", help="a JSON or CSV file from `legtimer export`")

    command("new", "build a new routine in the app", "  legtimer new")
    edit = command(
        "edit",
        "edit a routine in the app (a built-in opens as a copy)",
        "  legtimer edit stability",
    )
    edit.add_argument("routine", metavar="ROUTINE", help=ROUTINE_HELP)
    command(
        "review",
        "review your history in the app: sessions, streaks, charts, progress",
        "  legtimer review",
    )
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

            return run_plain(
                args.routine, auto_done=args.auto_done, sound=args.sound, voice=args.voice
            )
        if args.sound or args.voice:
            raise UserFacingError(
                "--sound and --voice are for --plain; the app follows your settings"
            )
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
    if args.command == "sounds":
        from legtimer.cli import sounds

        if args.export is not None:
            return sounds.export(args.export, args.cues, force=args.force)
        return sounds.play(args.cues)
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
