"""History as Rich renderables: pure functions from query results, no Textual.

Shared by the history review screen and `legtimer history show` / `stats`, so a
session reads the same in the app and in the shell.

Nothing here touches the store, so each piece is quick to test on its own:
the training-day heatmap, the minutes-per-week chart, the personal-bests rows
(left and right side by side) with their progress over time, and a session's
header, planned-versus-done and step tables.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from legtimer.core.history import ExerciseBest, SessionSummary, Status, StepRow
from legtimer.core.plan import StepKind, build_plan
from legtimer.core.progression import recorded_overrides
from legtimer.core.routines import RoutineError, parse_routine
from legtimer.core.summary import Done, summarize
from legtimer.core.timefmt import clock, minutes
from legtimer.render.literal import literal

EMPTY = "–"
STATUS_STYLES = {
    Status.COMPLETED: "green",
    Status.STOPPED: "yellow",
    Status.INTERRUPTED: "red",
    Status.IN_PROGRESS: "cyan",
}
ACTIVE_KINDS = ("hold", "reps", "work")
# A side this much weaker than the other (as a fraction of the stronger) is flagged.
IMBALANCE = 0.10

# ------------------------------------------------------------------ small formats


def local(moment: datetime | None, fmt: str = "%a %Y-%m-%d %H:%M") -> str:
    """A stored (UTC) time as the person's local time (as stored, at the ends of the calendar)."""
    if moment is None:
        return EMPTY
    try:
        return moment.astimezone().strftime(fmt)
    except (OverflowError, ValueError):  # year 1 or 9999 shifted out of range
        return moment.strftime(fmt)


def took(seconds: float) -> str:
    """Time spent, to the nearest second (`clock` rounds up, as a countdown does)."""
    return clock(round(seconds))


def effort(value: int | None) -> str:
    return f"{value}/10" if value is not None else EMPTY


def status_text(summary: SessionSummary) -> Text:
    return Text(summary.status_label, style=STATUS_STYLES.get(summary.status, ""))


def plural(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


def minutes_or_zero(seconds: float) -> str:
    return minutes(seconds) if seconds else "0 min"


# ------------------------------------------------------------------ heatmap

# The cells of a day trained, lightest to heaviest; a day not trained is a dot.
HEAT_CELLS: tuple[tuple[str, str], ...] = (
    ("░", "#2ea043"),
    ("▒", "#3fb950"),
    ("▓", "#56d364"),
    ("█", "bold #7ee787"),
)
NO_TRAINING = "·"
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
DEFAULT_STEP = 15  # minutes per level when there is nothing to scale to


def heat_limits(day_minutes: Iterable[float]) -> tuple[int, int, int]:
    """Where the levels change, in whole minutes: the quartiles of the days trained.

    Relative to the person's own training, so short daily sessions and long
    weekly ones both show their ups and downs.
    """
    values = sorted(value for value in day_minutes if value > 0)
    if not values:
        return DEFAULT_STEP, 2 * DEFAULT_STEP, 3 * DEFAULT_STEP
    if len(values) == 1:
        quarters = [values[0]] * 3
    else:
        quarters = statistics.quantiles(values, n=4, method="inclusive")
    a = max(1, math.ceil(quarters[0]))
    b = max(a + 1, math.ceil(quarters[1]))
    c = max(b + 1, math.ceil(quarters[2]))
    return a, b, c


def heat_cell(minutes_done: float | None, limits: Sequence[int]) -> Text:
    if minutes_done is None:
        return Text(NO_TRAINING, style="dim")
    level = sum(minutes_done >= limit for limit in limits)
    char, style = HEAT_CELLS[level]
    return Text(char, style=style)


def heatmap(day_minutes: Mapping[date, float], today: date, *, weeks: int = 53) -> Text:
    """Training days as a calendar: a column per week (Monday on top), `weeks` up to today.

    `day_minutes` holds the active minutes of each day trained; other days show a dot.
    """
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    shown = {day: value for day, value in day_minutes.items() if first <= day <= today}
    limits = heat_limits(shown.values())
    label_width = 4
    text = Text(" " * label_width + _month_labels(first, weeks) + "\n", style="dim", no_wrap=True)
    for weekday in range(7):
        text.append(f"{WEEKDAY_LABELS[weekday]:<{label_width}}", style="dim")
        for column in range(weeks):
            day = first + timedelta(weeks=column, days=weekday)
            if day > today:
                text.append(" ")
            else:
                text.append_text(heat_cell(shown.get(day), limits))
        text.append("\n")
    a, b, c = limits
    text.append(" " * label_width)
    text.append_text(heat_cell(None, limits))
    text.append(" none  ", style="dim")
    for (char, style), words in zip(
        HEAT_CELLS, (f"under {a}", f"{a}-{b}", f"{b}-{c}", f"{c}+ min"), strict=True
    ):
        text.append(char, style=style)
        text.append(f" {words}  ", style="dim")
    return text


def _month_labels(first: date, weeks: int) -> str:
    """A month's name above the week it starts in (and above the first week, if room)."""
    starts: list[tuple[int, str]] = []
    for column in range(weeks):
        monday = first + timedelta(weeks=column)
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if day.day == 1:
                starts.append((column, day.strftime("%b")))
    if not starts or starts[0][0] >= 4:
        starts.insert(0, (0, first.strftime("%b")))
    labels = [" "] * weeks
    free_from = 0
    for column, name in starts:
        if column >= free_from and column + len(name) <= weeks:
            labels[column : column + len(name)] = list(name)
            free_from = column + len(name) + 1
    return "".join(labels).rstrip()


# ------------------------------------------------------------------ weekly chart

EIGHTHS = " ▁▂▃▄▅▆▇█"


def week_chart(
    week_minutes: Mapping[date, float], today: date, *, weeks: int = 16, height: int = 6
) -> Text:
    """Active minutes per week as a column chart, the oldest week on the left.

    `week_minutes` is keyed by each week's Monday. Every column is labelled
    with its minutes above it; the weeks' dates run along the bottom.
    """
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]
    values = [week_minutes.get(monday, 0.0) for monday in mondays]
    top = max(values) if any(values) else 1.0
    slot, bar = 4, 3
    axis = 5
    text = Text(no_wrap=True)
    text.append(" " * axis)
    for value in values:
        shown = str(round(value)) if value else ""
        text.append(f"{shown:^{bar}}"[:bar] + " " * (slot - bar), style="bold")
    text.append("\n")
    # A little training still shows: at least an eighth of a row.
    eighths = [max(1, round(value / top * height * 8)) if value > 0 else 0 for value in values]
    for row in range(height - 1, -1, -1):
        label = f"{round(top)}" if row == height - 1 else ("0" if row == 0 else "")
        text.append(f"{label:>{axis - 2}} ┤" if label else " " * (axis - 2) + " │", style="dim")
        for level in eighths:
            filled = max(0, min(8, level - row * 8))
            text.append(EIGHTHS[filled] * bar, style="cyan")
            text.append(" " * (slot - bar))
        text.append("\n")
    text.append(" " * (axis - 1) + "└" + "─" * (slot * weeks) + "\n", style="dim")
    labels = [" "] * (slot * weeks)
    for n in range(0, weeks, 4):
        name = mondays[n].strftime("%d %b")
        start = n * slot
        labels[start : start + len(name)] = list(name)
    text.append(" " * axis + "".join(labels).rstrip(), style="dim")
    return text


# ------------------------------------------------------------------ personal bests


@dataclass(frozen=True)
class BestRow:
    """One exercise's bests: both sides side by side, so an imbalance shows."""

    exercise: str
    kind: str
    both: ExerciseBest | None  # an exercise done without sides
    left: ExerciseBest | None
    right: ExerciseBest | None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.exercise}"

    @property
    def sessions(self) -> int:
        return max(b.sessions for b in self.parts)

    @property
    def last_done(self) -> datetime:
        return max(b.last_done for b in self.parts)

    @property
    def parts(self) -> list[ExerciseBest]:
        return [b for b in (self.both, self.left, self.right) if b is not None]

    @property
    def unit(self) -> str:
        return "reps" if self.kind == "reps" else "s"


def best_value(best: ExerciseBest | None) -> float | None:
    if best is None:
        return None
    if best.kind == "reps":
        return float(best.most_reps) if best.most_reps is not None else None
    return best.longest_seconds


def amount(value: float | None, kind: str) -> str:
    if value is None:
        return EMPTY
    return f"{round(value)} reps" if kind == "reps" else took(value)


def group_bests(bests: Iterable[ExerciseBest]) -> list[BestRow]:
    grouped: dict[tuple[str, str], dict[str | None, ExerciseBest]] = {}
    for best in bests:
        grouped.setdefault((best.exercise, best.kind), {})[best.side] = best
    return [
        BestRow(exercise, kind, sides.get(None), sides.get("left"), sides.get("right"))
        for (exercise, kind), sides in grouped.items()
    ]


def balance(row: BestRow) -> Text:
    """Left against right: which side is ahead and by how much."""
    left, right = best_value(row.left), best_value(row.right)
    if left is None or right is None:
        return Text("")
    difference = left - right
    stronger = max(left, right)
    if stronger <= 0 or abs(difference) < 0.5:
        return Text("even", style="green")
    share = abs(difference) / stronger
    side = "L" if difference > 0 else "R"
    shown = f"{round(abs(difference))} reps" if row.kind == "reps" else took(abs(difference))
    style = "bold yellow" if share >= IMBALANCE else ""
    return Text(f"{side} +{shown} ({share:.0%})", style=style)


def progress_chart(
    row: BestRow,
    rows: Sequence[tuple[str, str | None, float, int | None]],
    *,
    period: str,
    limit: int = 12,
    width: int = 80,
) -> Text:
    """An exercise's best per week or month (the last `limit`), a bar per side, in `width`."""
    per_period: dict[str, dict[str | None, float]] = {}
    for name, side, seconds, reps in rows:
        value = float(reps or 0) if row.kind == "reps" else seconds
        per_period.setdefault(name, {})[side] = value
    kind_label = {"hold": "longest hold", "reps": "most reps", "work": "longest set"}
    text = Text(no_wrap=True, overflow="crop")
    text.append_text(literal(row.exercise, "bold", multiline=False))
    text.append(f": {kind_label.get(row.kind, 'best')} per {period}", style="dim")
    other = "week" if period == "month" else "month"
    text.append(f"   (↑↓ another exercise, m per {other})", style="dim")
    if not per_period:
        text.append("\nNot done yet.")
        return text
    shown = list(per_period.items())[-limit:]
    top = max((v for _, values in shown for v in values.values()), default=0.0) or 1.0
    sides: list[str | None] = sorted(
        {side for _, values in shown for side in values}, key=lambda s: (s is not None, s)
    )
    side_width = 3 if sides != [None] else 0
    bar = (width - 9 - len(sides) * (side_width + 9)) // max(1, len(sides))
    bar = max(4, min(MAX_BAR, bar))
    for name, values in shown:
        label = _period_label(name, period)
        text.append(f"\n{label:<9}", style="dim")
        for side in sides:
            best = values.get(side)
            if side is not None:
                text.append(f" {side[0].upper()} ", style="bold")
            length = 0 if best is None else max(1, round(best / top * bar))
            text.append("█" * length + " " * (bar - length), style=_side_style(side))
            text.append(f" {amount(best, row.kind):>8}")
    return text


MAX_BAR = 30


def _side_style(side: str | None) -> str:
    return {"left": "cyan", "right": "magenta"}.get(side or "", "green")


def _period_label(name: str, period: str) -> str:
    if period == "week":
        try:
            return date.fromisoformat(name).strftime("%d %b %y")
        except ValueError:
            return name
    try:
        return date.fromisoformat(name + "-01").strftime("%b %Y")
    except ValueError:
        return name


# ------------------------------------------------------------------ one session


def session_header(summary: SessionSummary) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    source = f" ({summary.routine_id}, {summary.routine_source})" if summary.routine_id else ""
    grid.add_row("Routine", literal(summary.routine_name + source, multiline=False))
    grid.add_row("Started", local(summary.started_at))
    grid.add_row("Ended", local(summary.ended_at))
    grid.add_row("Status", status_text(summary))
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


def report_table(title: str) -> Table:
    """Light rules and no outer edge: these tables fit 80 columns."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
    )


def kind_label(kind: str) -> str:
    try:
        return StepKind(kind).label.title()
    except ValueError:
        return kind.title()


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
        if row.kind == "reps":
            planned = f"{row.target} reps"
            did = took(row.active_seconds)
            if row.reps is not None:
                did = f"{row.reps} reps, {did}"
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
