"""`legtimer list`, `legtimer show ROUTINE` and `legtimer validate FILE...`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.table import Table
from rich.text import Text

from legtimer.cli.output import err, out
from legtimer.core import paths
from legtimer.core.history import HistoryError
from legtimer.core.plan import build_plan
from legtimer.core.progression import Targets, todays_targets
from legtimer.core.routines import (
    Problem,
    Routine,
    RoutineError,
    catalog,
    load_routine,
    routine_warnings,
)
from legtimer.core.settings import load_settings
from legtimer.core.text import safe_text
from legtimer.core.timefmt import clock, minutes
from legtimer.render.formats import plural
from legtimer.render.literal import assemble, literal

EMPTY = "–"


def list_routines() -> int:
    entries = catalog.discover()
    get_ready = load_settings().get_ready
    table = Table(title="Routines", title_justify="left")
    table.add_column("Name")
    table.add_column("Id", style="cyan")
    table.add_column("Source")
    table.add_column("Exercises", justify="right")
    table.add_column("Duration", justify="right")
    broken = []
    for entry in entries:
        if entry.routine is None:
            broken.append(entry)
            continue
        plan = build_plan(entry.routine, get_ready=get_ready)
        table.add_row(
            literal(entry.routine.name, multiline=False),
            literal(entry.id, multiline=False),
            entry.source,
            str(len(entry.routine.exercises)),
            minutes(plan.total_seconds, estimated=plan.has_estimates),
        )
    out().print(table)
    out().print(
        assemble(
            f"Your routines live in {paths.user_routines_dir()}. ",
            "'~' marks a duration estimated for self-paced reps.",
        )
    )
    for entry in broken:
        problems = entry.error.problems if entry.error else []
        err().print(
            assemble(
                ("skipped", "yellow"),
                f" {entry.path}: {len(problems)} problem(s); run ",
                (f"legtimer validate {entry.path}", "bold"),
                " for details",
            )
        )
    return 0


def show_routine(query: str) -> int:
    routine = catalog.resolve(query)
    settings = load_settings()
    units = settings.units
    targets = todays(routine, units)
    plan = targets.plan(get_ready=settings.get_ready)
    console = out()
    console.print(literal(routine.name, style="bold"))
    if routine.description:
        console.print(literal(routine.description))
    if routine.tags:
        console.print(literal("Tags: " + ", ".join(routine.tags), style="dim"))
    table = Table(show_footer=True)
    table.add_column("#", justify="right", footer="")
    table.add_column("Start", justify="right", footer="")
    table.add_column("Step", footer="Total")
    if not routine.plain:
        table.add_column("Block", footer="")
    table.add_column("What", footer="")
    total = minutes(plan.total_seconds, estimated=plan.has_estimates)
    table.add_column("Length", justify="right", footer=total)
    for step, start in zip(plan.steps, plan.starts, strict=True):
        length = ("~" if step.estimated else "") + clock(step.seconds)
        if step.kind.active:
            what = step.describe(units)
            if step.exercise.tempo is not None:
                what += f" (tempo {step.exercise.tempo.describe()})"
        else:  # get ready, rest, switch sides: what they lead to
            following = plan.next_active(step.index)
            what = f"next: {following.describe(units)}" if following else ""
        row = [str(step.index + 1), clock(start), step.kind.label]
        if not routine.plain:
            row.append(step.block_name)
        row += [what, length]
        table.add_row(
            *(literal(cell, multiline=False) for cell in row),
            style=None if step.kind.active else "dim",
        )
    console.print(table)
    if plan.has_estimates:
        console.print("~ self-paced sets are estimated; they take as long as you take.")
    _print_targets(targets, units)
    return 0


def todays(routine: Routine, units: str) -> Targets:
    """Today's targets from the history; the file's own when there is no history to read."""
    from legtimer.cli.history import open_store  # only `show` needs the history

    try:
        store = open_store(create=False)
    except HistoryError as error:
        err().print(f"legtimer: {error}; showing the routine's own targets", markup=False)
        store = None
    try:
        return todays_targets(store, routine, today=date.today(), units=units)
    finally:
        if store is not None:
            store.close()


def _print_targets(targets: Targets, units: str) -> None:
    """Today's target of each exercise (and why), beside what was done last time."""
    shown = [
        (name, target, targets.describe_last(name, units, prefix=""))
        for name, target in targets.by_exercise.items()
        if target.progressing or targets.last.get(name)
    ]
    if not shown:
        return
    table = Table(title="Today's targets", title_justify="left")
    table.add_column("Exercise")
    table.add_column("Today", justify="right")
    table.add_column("Why")
    table.add_column("Last time")
    for name, target, last in shown:
        why = target.reason or ("" if target.progressing else "no progression")
        table.add_row(literal(name), target.amount(units), literal(why), literal(last or EMPTY))
    console = out()
    console.print(table)
    for target in targets.by_exercise.values():
        if target.at_max:
            console.print(literal(target.suggestion()), soft_wrap=True)


def _files(arguments: list[str]) -> list[Path]:
    """The files to validate: each argument, with folders searched for *.toml."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument).expanduser()
        if path.is_dir():
            found.extend(sorted(path.rglob("*.toml")))
        else:
            found.append(path)
    return found


def validate(arguments: list[str]) -> int:
    # With no arguments: every routine legtimer knows about.
    files = _files(arguments) if arguments else [entry.path for entry in catalog.discover()]
    console, errors = out(), err()
    failed = 0
    for path in files:
        # Paths as given; the ones legtimer found, short (no site-packages prefix).
        shown = _printable(str(path) if arguments else _short(path))
        try:
            routine = load_routine(path)
        except RoutineError as error:
            failed += 1
            for problem in error.problems:
                errors.print(Text(_render(problem, shown), style="red"))
            continue
        plan = build_plan(routine)
        length = minutes(plan.total_seconds, estimated=plan.has_estimates)
        console.print(
            literal(
                f"ok  {shown}: {routine.name} ({plural(len(routine.exercises), 'exercise')}, {length})"
            ),
            soft_wrap=True,
        )
        for warning in routine_warnings(routine):
            console.print(Text(_render(warning, shown), style="yellow"), soft_wrap=True)
    summary = f"{len(files)} file(s) checked: {len(files) - failed} valid, {failed} with problems"
    (errors if failed else console).print(summary, soft_wrap=True)
    return 1 if failed or not files else 0


def _short(path: Path) -> str:
    """A routine legtimer found, as a person reads it: built-in/x.toml for the ones that
    come with legtimer (not a site-packages path), ~/… for the person's own."""
    try:
        return f"built-in/{path.relative_to(paths.builtin_routines_dir())}"
    except ValueError:
        pass
    home = Path.home()
    if home != Path("/") and path.is_relative_to(home):
        return f"~/{path.relative_to(home)}"
    return str(path)


def _render(problem: Problem, shown: str) -> str:
    return _printable(problem.render(shown))


def _printable(text: str) -> str:
    """A file name or message as it can be shown: undecodable bytes and controls escaped."""
    return safe_text(text)
