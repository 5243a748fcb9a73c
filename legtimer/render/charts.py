"""Charts of the history as Rich text: the training-day heatmap, minutes per week,
and an exercise's best over time. Pure functions of query results, no Textual.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from rich.text import Text

from legtimer.core.queries.bests import BestRow, ProgressPoint
from legtimer.render.formats import amount, side_style
from legtimer.render.literal import literal

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


# The minutes a level may start at: round numbers a person reads at a glance.
ROUND_MINUTES = (1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240)


def _round_up(minutes_done: float, above: int = 0) -> int:
    """The first round number of minutes at or over `minutes_done` and over `above`."""
    for limit in ROUND_MINUTES:
        if limit >= minutes_done and limit > above:
            return limit
    return max(above + 60, math.ceil(minutes_done / 60) * 60)


def heat_limits(day_minutes: Iterable[float]) -> tuple[int, int, int]:
    """Where the levels change: the quartiles of the days trained, rounded up to round
    numbers (so a few sessions read "under 15, 15-20, 20-30", never "14-15, 15-16").

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
    a = _round_up(quarters[0])
    b = _round_up(quarters[1], a)
    c = _round_up(quarters[2], b)
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


MAX_BAR = 30  # the longest bar of the progress chart


def progress_chart(
    row: BestRow,
    rows: Sequence[ProgressPoint],
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
            text.append("█" * length + " " * (bar - length), style=side_style(side))
            text.append(f" {amount(best, row.kind):>8}")
    return text


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
