"""The end of a session as Rich renderables: planned versus done with last time and
the bests beside it, then next time's targets and the next move at a max.

Plain data from `core.summary` and `core.after_session`; the summary screen shows
these as they are. Nothing here reads the history.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from legtimer.core.after_session import AfterSession, total
from legtimer.core.summary import ExerciseLine, Summary
from legtimer.core.timefmt import clock
from legtimer.render.literal import literal

BEST = "★"


def amount(line: ExerciseLine, value: float) -> str:
    """A total in the line's unit: 24 reps, or a time (2:00)."""
    return f"{value:.0f} reps" if line.unit == "reps" else clock(value)


def summary_table(summary: Summary, after: AfterSession | None = None) -> Table:
    """A row per exercise and side: sets, planned and done in total; once `after` is
    read, last time's total (when there was a last time) and a star on each best.

    Numbers never wrap ("10 reps" stays whole); a long name wraps between words."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Exercise", overflow="fold")
    table.add_column("Side", no_wrap=True)
    table.add_column("Sets", justify="right", no_wrap=True)
    table.add_column("Planned", justify="right", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    skipped = any(line.sets_skipped for line in summary.lines)
    if skipped:
        table.add_column("Skipped", justify="right", no_wrap=True)
    lasts = after is not None and any(after.last.values())
    if lasts:
        table.add_column("Last time", justify="right", no_wrap=True)
    for line in summary.lines:
        short = line.sets_done < line.sets_planned or line.done + 1e-6 < line.planned
        done = Text(amount(line, line.done), style="yellow" if short else "")
        cells: list[Text | str] = [
            literal(line.exercise, multiline=False),
            line.side or "",
            f"{line.sets_done}/{line.sets_planned}",
            amount(line, line.planned),
            done,
        ]
        if skipped:
            cells.append(str(line.sets_skipped) if line.sets_skipped else "")
        if after is not None:
            if after.bests_of(line.exercise, line.side):
                done.append(f" {BEST}", style="bold yellow")
            last = after.last_time(line.exercise, line.side)
            if lasts:
                cells.append(amount(line, total(last)) if last is not None else "")
        table.add_row(*cells)
    return table


def next_time_text(after: AfterSession, units: str = "kg") -> RenderableType:
    """Next time's target of each exercise with a progression, the next move at a max,
    and the personal bests; an empty Text when there is none of these."""
    parts: list[RenderableType] = []
    coming = after.next_time(units)
    if coming:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(max_width=24)
        grid.add_column()
        for item in coming:
            said = Text(item.target)
            if item.suggestion:
                said.append_text(literal(f"\n{item.suggestion}", "yellow"))
            grid.add_row(literal(item.exercise, "bold", multiline=False), said)
        parts += [Text("Next time", style="bold"), grid]
    if after.bests:
        bests = Text()
        for best in after.bests:
            bests.append(f"{BEST} ", style="bold yellow")
            bests.append_text(literal(best.describe(units), multiline=False))
            bests.append("\n")
        bests.rstrip()
        gap = [Text("")] if parts else []
        parts += [*gap, Text("New personal bests", style="bold"), bests]
    return Group(*parts) if parts else Text()
