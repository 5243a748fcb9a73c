"""`legtimer history`, `history show`, `stats`, `export` and `import`.

Read-only commands never create the history file: on a fresh install they
say there is nothing yet and leave the disk alone.
"""

from __future__ import annotations

import difflib
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from rich.console import RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from legtimer.cli.output import UserError, err, out
from legtimer.core import files, paths
from legtimer.core.history import ExerciseBest, HistoryStore, SessionSummary, Status
from legtimer.core.queries import csv_import, exchange, exercise_log
from legtimer.core.routines import describe_load
from legtimer.core.settings import load_settings
from legtimer.core.text import safe_text
from legtimer.core.timefmt import minutes
from legtimer.render.literal import literal
from legtimer.render.report import (
    effort,
    local,
    planned_vs_done,
    report_table,
    session_header,
    status_text,
    step_table,
    took,
)

# Show a progress bar for an export or import of at least this many sessions.
PROGRESS_THRESHOLD = 100
# The weekly goal the week streak counts.
SESSIONS_PER_WEEK = 2

STATUS_STYLES = {
    Status.COMPLETED: "green",
    Status.STOPPED: "yellow",
    Status.INTERRUPTED: "red",
    Status.IN_PROGRESS: "cyan",
}
EMPTY = "–"


# --------------------------------------------------------------------------- the store


def open_store(*, create: bool) -> HistoryStore | None:
    """The history at its usual place; None when there is none and `create` is False.

    Notices (a damaged file moved aside) go to stderr. Sessions left in
    progress by a process that is gone are marked interrupted, so every
    command shows them as they are.
    """
    path = paths.history_path()
    if not create and not (path.exists() or path.is_symlink()):
        return None
    store = HistoryStore.open(path)
    for notice in store.notices:
        err().print(literal(f"legtimer: {notice}"))
    try:
        store.mark_interrupted()
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
            found = store.sessions(routine=routine, since=since, until=until, limit=limit)
            total = store.count(routine=routine, since=since, until=until)
            known = store.routine_names() if routine and not found else []
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
        table.add_row(
            local(summary.started_at, "%Y-%m-%d %H:%M"),
            literal(summary.routine_name, multiline=False),
            took(summary.duration_seconds),
            f"{summary.sets_done}/{summary.sets_planned}",
            status_text(summary),
            effort(summary.effort),
            summary.id[:8],
        )
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
        if store is None or store.count() == 0:
            console.print(
                "No sessions yet, so no stats. Run a routine (`legtimer run ROUTINE`) "
                "and they start counting."
            )
            return 0
        today = datetime.now().date()
        monday = today - timedelta(days=today.weekday())
        first_of_month = today.replace(day=1)
        this_week = _period(store, "week", monday, monday.isoformat())
        this_month = _period(store, "month", first_of_month, first_of_month.strftime("%Y-%m"))
        months = store.totals("month")
        streaks = store.streaks(today=today, sessions_per_week=SESSIONS_PER_WEEK)
        bests = store.bests()
        heaviest = [best for best in exercise_log.bests(store) if best.heaviest is not None]
        first = store.sessions(limit=1, order="started_at ASC")
    totals = report_table("Totals (sessions with at least one set done)")
    totals.add_column("Period")
    totals.add_column("Sessions", justify="right")
    totals.add_column("Active time", justify="right")
    totals.add_column("Sets", justify="right")
    since = f" (since {local(first[0].started_at, '%Y-%m-%d')})" if first else ""
    rows = [
        (f"This week (from {monday:%a %Y-%m-%d})", *this_week),
        (f"This month ({today:%B %Y})", *this_month),
        (
            "All time" + since,
            sum(m.sessions for m in months),
            sum(m.active_seconds for m in months),
            sum(m.sets_done for m in months),
        ),
    ]
    for label, sessions, active, sets in rows:
        totals.add_row(label, str(sessions), minutes(active) if active else "0 min", str(sets))
    console.print(totals)

    streak = Table.grid(padding=(0, 2))
    streak.add_column(style="bold")
    streak.add_column()
    streak.add_row(
        "Day streak",
        f"{_count(streaks.current_days, 'day')} now, longest {_count(streaks.longest_days, 'day')}",
    )
    streak.add_row(
        f"Week streak ({streaks.sessions_per_week}+ sessions a week)",
        f"{_count(streaks.current_weeks, 'week')} now, "
        f"longest {_count(streaks.longest_weeks, 'week')}",
    )
    console.print(streak)
    console.print(_bests_table(bests))
    if heaviest:
        console.print(_heaviest_table(heaviest, load_settings().units))
    return 0


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


def _period(store: HistoryStore, period: str, since: date, key: str) -> tuple[int, float, int]:
    for total in store.totals(period, since=since):
        if total.period == key:
            return total.sessions, total.active_seconds, total.sets_done
    return 0, 0.0, 0


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


def _best_value(best: ExerciseBest) -> tuple[float, str]:
    if best.kind == "reps":
        reps = best.most_reps or 0
        return float(reps), f"{reps} reps" if best.most_reps is not None else EMPTY
    return best.longest_seconds, took(best.longest_seconds)


def _bests_table(bests: list[ExerciseBest]) -> RenderableType:
    if not bests:
        return Text("No set finished yet, so no personal bests.")
    table = report_table("Personal bests")
    table.add_column("Exercise")
    table.add_column("Side")
    table.add_column("Best", justify="right")
    table.add_column("Left vs right")
    table.add_column("Sessions", justify="right")
    table.add_column("Last done")
    by_side = {(b.exercise, b.kind, b.side): b for b in bests}
    for best in bests:
        value, shown = _best_value(best)
        balance = Text("")
        if best.side == "right" and (left := by_side.get((best.exercise, best.kind, "left"))):
            left_value, _ = _best_value(left)
            balance = _balance(left_value - value, best.kind)
        table.add_row(
            literal(best.exercise, multiline=False),
            best.side or "",
            shown,
            balance,
            str(best.sessions),
            local(best.last_done, "%Y-%m-%d"),
        )
    return table


def _balance(difference: float, kind: str) -> Text:
    unit = " reps" if kind == "reps" else " s"
    if abs(difference) < 0.5:
        return Text("even", style="green")
    side = "left" if difference > 0 else "right"
    return Text(f"{side} +{round(abs(difference))}{unit}", style="yellow")


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


def export(fmt: str, output: str | None) -> int:
    with _opened(create=False) as store:
        total = store.count() if store is not None else 0
        with _progress("Exporting sessions", total) as advance:
            if fmt == "csv":
                buffer = io.StringIO()
                exchange.write_csv(store, buffer, progress=advance)
                text = buffer.getvalue()
            else:
                text = exchange.dump_json(exchange.export_document(store, progress=advance))
    if output is None or output == "-":
        _write_stdout(text)
        return 0
    target = Path(output).expanduser()
    _write_atomically(target, text)
    err().print(literal(f"Exported {_count(total, 'session')} to {target} ({fmt.upper()})."))
    return 0


def _write_atomically(path: Path, text: str) -> None:
    """Write a temporary file beside `path`, then move it into place."""
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name to write to")
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        files.write_atomically(path, text)
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror}") from None


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
