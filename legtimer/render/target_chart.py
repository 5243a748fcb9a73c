"""An exercise's target against what was done, session by session, per side.

Two strips of columns a side (oldest session on the left): the target the
session set, and the best set done, on one scale, so a left/right imbalance
and a target that stopped growing both show. A done column is green when
every set of that side was done in full, yellow when it fell short.
Pure Rich text from `TargetPoint`s (legtimer.core.records); no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from legtimer.core.queries.exercise_log import Best
from legtimer.core.records import TargetPoint
from legtimer.core.routines import format_number
from legtimer.render.formats import amount, side_style

EIGHTHS = " ▁▂▃▄▅▆▇█"
LABEL = 11  # " L target " and the like
SUMMARY = 24  # "30 s → 40 s" after each strip
TARGET_MARGINS = LABEL + SUMMARY  # a strip has a column per session in what is left


def _level(value: float | None, top: float) -> str:
    if value is None or value <= 0:
        return "·"
    return EIGHTHS[max(1, min(8, round(value / top * 8)))]


def target_chart(points: Sequence[TargetPoint], kind: str, *, width: int = 80) -> Text:
    """Target and best done per session, a pair of strips per side, in `width` columns."""
    text = Text(no_wrap=True, overflow="crop")
    text.append("Target and done per session", style="bold")
    text.append("  (oldest left; green: all sets in full)", style="dim")
    if not points:
        text.append("\nNo session has reached this exercise yet.", style="dim")
        return text
    sessions = sorted({point.started_at for point in points})
    room = max(4, width - TARGET_MARGINS)
    shown = sessions[-room:]
    column = {moment: index for index, moment in enumerate(shown)}
    sides = sorted({point.side for point in points}, key=lambda side: (side is not None, side))
    top = max(
        max(point.target for point in points),
        max((point.best or 0.0) for point in points),
        1.0,
    )
    for side in sides:
        mine = [point for point in points if point.side == side and point.started_at in column]
        if not mine:
            continue
        targets: list[str] = ["·"] * len(shown)
        done = Text("·" * len(shown))
        for point in mine:
            at = column[point.started_at]
            targets[at] = _level(point.target, top)
            style = "green" if point.full else "yellow"
            done = done[:at] + Text(_level(point.best, top), style=style) + done[at + 1 :]
        name = {"left": " L", "right": " R"}.get(side or "", "  ")
        first, last = mine[0], mine[-1]
        text.append("\n")
        text.append(f"{name} ", style="bold " + side_style(side))
        text.append("target  ", style="dim")
        text.append("".join(targets), style=side_style(side))
        text.append(f"  {amount(first.target, kind)} → {amount(last.target, kind)}", style="dim")
        text.append("\n")
        text.append("   done    ", style="dim")
        text.append_text(done)
        text.append(f"  {amount(first.best, kind)} → {amount(last.best, kind)}", style="dim")
    return text


def heaviest_line(bests: Sequence[Best], units: str) -> Text | None:
    """'Heaviest: L 20 kg × 8 · R 20 kg × 7' for a loaded exercise; None without a load."""
    loaded = [best for best in bests if best.heaviest is not None]
    if not loaded:
        return None
    text = Text("Heaviest: ", style="bold")
    for index, best in enumerate(loaded):
        if index:
            text.append(" · ", style="dim")
        if best.side:
            text.append(f"{best.side[0].upper()} ", style=side_style(best.side))
        assert best.heaviest is not None
        reps = f" × {best.reps_at_heaviest}" if best.reps_at_heaviest is not None else ""
        text.append(f"{format_number(best.heaviest)} {units}{reps}")
    return text
