"""The end of a session as Rich renderables: planned versus done with last time and
the bests beside it, then next time's targets and the next move at a max.

Plain data from `core.summary` and `core.after_session`; the summary screen shows
these as they are. Nothing here reads the history.
"""

from __future__ import annotations

from rich import box
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
    """A row per exercise and side: sets, planned and done in total, last time's total
    (once `after` is read), and a star where this session set a personal best.

    Numbers never wrap ("10 reps" stays whole); a long name wraps between words."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Exercise", ratio=1, overflow="fold")
    table.add_column("Side", no_wrap=True)
    table.add_column("Sets", justify="right", no_wrap=True)
    table.add_column("Planned", justify="right", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    skipped = any(line.sets_skipped for line in summary.lines)
    if skipped:
        table.add_column("Skipped", justify="right", no_wrap=True)
    if after is not None:
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
            cells.append(amount(line, total(last)) if last is not None else "")
        table.add_row(*cells)
    return table


def next_time_text(after: AfterSession, units: str = "kg") -> Text:
    """Next time's target of each exercise with a progression, the next move at a max,
    and the personal bests; empty when there is none of these."""
    text = Text()
    coming = after.next_time(units)
    if coming:
        text.append("Next time\n", style="bold")
        for item in coming:
            text.append_text(literal(item.exercise, "bold", multiline=False))
            text.append(f"  {item.target}\n")
            if item.suggestion:
                text.append_text(literal(f"  {item.suggestion}\n", "yellow"))
    if after.bests:
        text.append("New personal bests\n", style="bold")
        for best in after.bests:
            text.append(f"{BEST} ", style="bold yellow")
            text.append_text(literal(best.describe(units), multiline=False))
            text.append("\n")
    text.rstrip()
    return text
