"""One session as Rich renderables: its line in a list, its header, planned versus
done, and every step. Shared by `legtimer history` / `history show` and the
review screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from legtimer.core.history import SessionSummary, StepRow
from legtimer.core.plan import StepKind, build_plan
from legtimer.core.progression import recorded_overrides
from legtimer.core.routines import RoutineError, parse_routine
from legtimer.core.summary import Done, summarize
from legtimer.core.timefmt import clock, minutes
from legtimer.render.formats import (
    EMPTY,
    effort,
    kind_label,
    local,
    report_table,
    status_text,
    took,
)
from legtimer.render.literal import literal

ACTIVE_KINDS = ("hold", "reps", "work")
LIST_DATE = "%a %Y-%m-%d %H:%M"
SHORT_LIST_DATE = "%Y-%m-%d %H:%M"  # narrow screens and the shell's list: no weekday


def session_cells(summary: SessionSummary, date_format: str = LIST_DATE) -> tuple[Text | str, ...]:
    """A session's line in a list: when, routine, time, sets, status, effort."""
    return (
        local(summary.started_at, date_format),
        literal(summary.routine_name, multiline=False),
        Text(took(summary.duration_seconds), justify="right"),
        Text(f"{summary.sets_done}/{summary.sets_planned}", justify="right"),
        status_text(summary.status),
        Text(effort(summary.effort), justify="right"),
    )


def session_header(summary: SessionSummary) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    source = f" ({summary.routine_id}, {summary.routine_source})" if summary.routine_id else ""
    grid.add_row("Routine", literal(summary.routine_name + source, multiline=False))
    grid.add_row("Started", local(summary.started_at))
    grid.add_row("Ended", local(summary.ended_at))
    grid.add_row("Status", status_text(summary.status))
    grid.add_row(
        "Time",
        f"{took(summary.active_seconds)} active, {took(summary.paused_seconds)} paused "
        f"(planned {minutes(summary.planned_seconds)})",
    )
    sets = f"{summary.sets_done} of {summary.sets_planned} done"
    if summary.sets_skipped:
        sets += f", {summary.sets_skipped} skipped"
    grid.add_row("Sets", sets)
    grid.add_row("Effort", effort(summary.effort))
    grid.add_row("Note", literal(summary.note) if summary.note else Text(EMPTY, style="dim"))
    grid.add_row("Session", Text(summary.id, style="dim"))
    return grid


def planned_vs_done(
    summary: SessionSummary, routine_toml: str | None, steps: Sequence[StepRow]
) -> RenderableType:
    try:
        routine = parse_routine(routine_toml or "", source_name=f"session {summary.id}")
    except RoutineError:
        return Text(
            "The copy of the routine saved with this session cannot be read, "
            "so planned versus done is not shown.",
            style="yellow",
        )
    plan = build_plan(routine, recorded_overrides(steps))  # the targets it ran with
    done = {
        row.step_index: Done(row.outcome, row.active_seconds, row.paused_seconds, row.reps)
        for row in steps
    }
    report = summarize(plan, done)
    table = report_table("Planned vs done")
    table.add_column("Exercise")
    table.add_column("Side")
    table.add_column("Sets", justify="right")
    table.add_column("Planned", justify="right")
    table.add_column("Done", justify="right")
    table.add_column("Skipped", justify="right")
    for line in report.lines:
        if line.kind is StepKind.REPS:
            planned, did = f"{line.planned} reps", f"{round(line.done)} reps"
        else:
            planned, did = clock(line.planned), took(line.done)
        short = line.sets_done < line.sets_planned or line.done + 1e-6 < line.planned
        table.add_row(
            literal(line.exercise, multiline=False),
            line.side or "",
            f"{line.sets_done}/{line.sets_planned}",
            planned,
            Text(did, style="yellow" if short else "green"),
            str(line.sets_skipped) if line.sets_skipped else "",
        )
    return table


def step_table(steps: Sequence[StepRow]) -> RenderableType:
    if not steps:
        return Text("No step was finished in this session.", style="dim")
    table = report_table("Every step")
    table.add_column("#", justify="right")
    table.add_column("Step")
    table.add_column("Exercise")
    table.add_column("Planned", justify="right")
    table.add_column("Done", justify="right")
    table.add_column("Outcome")
    table.add_column("Paused", justify="right")
    for row in steps:
        active = row.kind in ACTIVE_KINDS
        what = [row.exercise]
        if active:  # a pause between sets belongs to the exercise, not to one side or set
            if row.side:
                what.append(row.side)
            what.append(f"set {row.set_number}")
            if row.round > 1:
                what.append(f"round {row.round}")
        if row.kind == "reps":  # one unit a column: reps done, never a time instead
            planned = f"{row.target} reps"
            did = f"{row.reps} reps" if row.reps is not None else EMPTY
        else:
            planned = clock(row.planned_seconds)
            did = took(row.active_seconds)
        outcome_style = {"skipped": "yellow", "partial": "yellow"}.get(row.outcome, "")
        table.add_row(
            str(row.step_index + 1),
            kind_label(row.kind),
            literal(", ".join(what), multiline=False),
            planned,
            did,
            Text(row.outcome, style=outcome_style),
            took(row.paused_seconds) if row.paused_seconds else "",
            style=None if active else "dim",
        )
    return table


def session_detail(
    summary: SessionSummary, routine_toml: str | None, steps: Sequence[StepRow]
) -> RenderableType:
    return Group(
        session_header(summary),
        Text(""),
        planned_vs_done(summary, routine_toml, steps),
        Text(""),
        step_table(steps),
    )
