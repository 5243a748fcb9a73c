"""`legtimer history`, `history show`, `stats`, `export` and `import`.

Read-only commands never create the history file: on a fresh install they
say there is nothing yet and leave the disk alone.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from legtimer.cli.output import UserError, err, out
from legtimer.core import paths
from legtimer.core.history import HistoryError, HistoryStore, SessionSummary
from legtimer.core.queries import csv_import, exchange, exercise_log
from legtimer.core.queries.bests import personal_bests
from legtimer.core.queries.export import export_text, write_export
from legtimer.core.queries.sessions import count_sessions, list_sessions, routine_names
from legtimer.core.queries.stats import overview, streaks
from legtimer.core.routines import describe_load
from legtimer.core.settings import load_settings
from legtimer.core.text import safe_text
from legtimer.render.formats import plural, report_table
from legtimer.render.literal import literal
from legtimer.render.session import (
    SHORT_LIST_DATE,
    planned_vs_done,
    session_cells,
    session_header,
    step_table,
)
from legtimer.render.stats import bests_table, streaks_table, totals_table

# Show a progress bar for an export or import of at least this many sessions.
PROGRESS_THRESHOLD = 100


# --------------------------------------------------------------------------- the store


def open_store(*, create: bool) -> HistoryStore | None:
    """The history at its usual place; None when there is none and `create` is False.

    Notices (a damaged file moved aside) go to stderr. Sessions left in
    progress by a process that is gone are marked interrupted, so every
    command shows them as they are. Commands that only read (`create` False)
    never move a file: a damaged history is an error for them, and a history
    that cannot be written (read-only, or locked past the wait) is still read.
    """
    path = paths.history_path()
    if not create and not (path.exists() or path.is_symlink()):
        return None
    store = HistoryStore.open(path, recover=create)
    for notice in store.notices:
        err().print(literal(f"legtimer: {notice}"))
    try:
        store.mark_interrupted()
    except HistoryError as error:  # locked or read-only: read it as it is
        err().print(literal(f"legtimer: {error}"))
    except Exception:
        store.close()
        raise
    return store


@contextmanager
def _opened(*, create: bool) -> Iterator[HistoryStore | None]:
    store = open_store(create=create)
    try:
        yield store
    finally:
        if store is not None:
            store.close()


def _write_stdout(text: str) -> None:
    if sys.stdout.isatty():  # a CSV cell may hold an escape sequence: show it, never run it
        text = safe_text(text)
    sys.stdout.write(text)
    sys.stdout.flush()


# --------------------------------------------------------------------------- history


def listing(
    *, routine: str | None, since: date | None, until: date | None, limit: int, as_json: bool
) -> int:
    if limit < 1:
        raise UserError(f"--limit must be 1 or more, not {limit}")
    if since and until and since > until:
        raise UserError(f"--since {since} is after --until {until}")
    with _opened(create=False) as store:
        if store is None:
            found: list[SessionSummary] = []
            total = 0
            known: list[str] = []
        else:
            found = list_sessions(store, routine=routine, since=since, until=until, limit=limit)
            total = count_sessions(store, routine=routine, since=since, until=until)
            known = routine_names(store) if routine and not found else []
    if as_json:
        _write_stdout(exchange.dump_json([exchange.session_record(s) for s in found]))
        return 0
    console = out()
    if not found:
        filtered = routine or since or until
        if filtered:
            console.print("No sessions match.")
            if routine and known:
                close = difflib.get_close_matches(routine, known, n=3, cutoff=0.5)
                hint = close or known
                console.print(literal("Routines in your history: " + ", ".join(hint)))
        else:
            console.print("No sessions yet. Start one with `legtimer run ROUTINE` or `legtimer`.")
        return 0
    table = report_table("Sessions, newest first")
    table.add_column("When", no_wrap=True)
    table.add_column("Routine", min_width=10)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("Sets", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Effort", justify="right", no_wrap=True)
    table.add_column("Id", style="cyan", no_wrap=True, min_width=8)
    for summary in found:
        table.add_row(*session_cells(summary, SHORT_LIST_DATE), summary.id[:8])
    console.print(table)
    if total > len(found):
        console.print(
            f"Showing {len(found)} of {total}; `--limit {total}` shows them all. "
            "`legtimer history show ID` shows one."
        )
    else:
        console.print("`legtimer history show ID` shows one session step by step.")
    return 0


def show(session_id: str) -> int:
    wanted = session_id.strip().lower()
    if not wanted or not all(char in "0123456789abcdef-" for char in wanted):
        raise UserError(f"'{session_id}' is not a session id (`legtimer history` lists them)")
    with _opened(create=False) as store:
        summary = store.session(wanted) if store is not None else None
        if store is None or summary is None:
            raise UserError(
                f"no session '{session_id}' in the history (`legtimer history` lists them)"
            )
        steps = store.steps(summary.id)
        routine_toml = store.routine_copy(summary.id)
    console = out()
    console.print(session_header(summary))
    console.print(planned_vs_done(summary, routine_toml, steps))
    console.print(step_table(steps))
    return 0


# --------------------------------------------------------------------------- stats


def stats() -> int:
    console = out()
    with _opened(create=False) as store:
        if store is None or count_sessions(store) == 0:
            console.print(
                "No sessions yet, so no stats. Run a routine (`legtimer run ROUTINE`) "
                "and they start counting."
            )
            return 0
        today = datetime.now().date()
        totals = overview(store, today)
        streak = streaks(store, today=today)
        bests = personal_bests(store)
        heaviest = [best for best in exercise_log.bests(store) if best.heaviest is not None]
    console.print(totals_table(totals))
    console.print(streaks_table(streak))
    console.print(bests_table(bests))
    if heaviest:
        console.print(_heaviest_table(heaviest, load_settings().units))
    return 0


# --------------------------------------------------------------------------- export / import


@contextmanager
def _progress(description: str, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long jobs on a terminal; silent in a pipe."""
    console = err()
    if total < PROGRESS_THRESHOLD or not console.is_terminal:
        yield lambda: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


def _heaviest_table(bests: list[exercise_log.Best], units: str) -> Table:
    """The heaviest set of each loaded exercise (and side), with its reps."""
    table = report_table("Heaviest sets")
    table.add_column("Exercise")
    table.add_column("Side")
    table.add_column("Load × reps", justify="right")
    for best in bests:
        assert best.heaviest is not None
        reps = f" × {best.reps_at_heaviest}" if best.reps_at_heaviest else ""
        table.add_row(
            literal(best.exercise), best.side or "", describe_load(best.heaviest, units) + reps
        )
    return table


def export(fmt: str, output: str | None) -> int:
    with _opened(create=False) as store:
        total = count_sessions(store) if store is not None else 0
        with _progress("Exporting sessions", total) as advance:
            text = export_text(store, fmt, progress=advance)
    if output is None or output == "-":
        _write_stdout(text)
        return 0
    target = Path(output).expanduser()
    write_export(target, text)
    err().print(literal(f"Exported {plural(total, 'session')} to {target} ({fmt.upper()})."))
    return 0


def _read_input(file: str) -> tuple[str, bytes]:
    if file == "-":
        return "standard input", sys.stdin.buffer.read()
    path = Path(file).expanduser()
    try:
        if path.is_dir():
            raise UserError(f"{file} is a folder, not an export file")
        return file, path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"cannot read {file}: no such file") from None
    except OSError as error:
        raise UserError(f"cannot read {file}: {error.strerror}") from None


def import_file(file: str) -> int:
    name, data = _read_input(file)
    errors = err()
    try:
        document = csv_import.load_export(data)  # JSON or CSV
        with _progress("Checking sessions", exchange.session_count(document)) as advance:
            sessions = exchange.check_document(document, progress=advance)
    except exchange.ExchangeError as error:
        shown = error.problems[: exchange.MAX_PROBLEMS_SHOWN]
        for problem in shown:
            errors.print(literal(f"legtimer: {name}: {problem}"))
        if len(error.problems) > len(shown):
            errors.print(f"... and {len(error.problems) - len(shown)} more problems")
        errors.print("Nothing was imported.")
        return 1
    if not sessions:
        out().print(literal(f"{name} holds no sessions; nothing to import."))
        return 0
    with _opened(create=True) as store:
        assert store is not None
        if len(sessions) >= PROGRESS_THRESHOLD and errors.is_terminal:
            with errors.status(f"Saving {len(sessions)} sessions"):
                added, present = store.import_sessions(sessions)
        else:
            added, present = store.import_sessions(sessions)
    out().print(literal(f"Imported {name}: added {added}, already present {present}."))
    return 0
