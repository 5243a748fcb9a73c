"""Small formats every history view shares: times, amounts, plurals, statuses, tables.

The CLI and the TUI both use these, so a session reads the same in the app
and in the shell.
"""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.table import Table
from rich.text import Text

from legtimer.core.history import Status
from legtimer.core.plan import StepKind
from legtimer.core.timefmt import clock, minutes

EMPTY = "–"
STATUS_STYLES = {
    Status.COMPLETED: "green",
    Status.STOPPED: "yellow",
    Status.INTERRUPTED: "red",
    Status.IN_PROGRESS: "cyan",
}
# Left and right have a colour each wherever both are shown; no side: green.
SIDE_STYLES = {"left": "cyan", "right": "magenta"}
NO_SIDE_STYLE = "green"


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


def plural(number: int, unit: str) -> str:
    """'1 day', '3 days'."""
    return f"{number} {unit}" + ("" if number == 1 else "s")


def minutes_or_zero(seconds: float) -> str:
    return minutes(seconds) if seconds else "0 min"


def amount(value: float | None, kind: str) -> str:
    """A best or a difference of the kind: '12 reps' or a time."""
    if value is None:
        return EMPTY
    return f"{round(value)} reps" if kind == "reps" else took(value)


def status_text(status: Status) -> Text:
    return Text(status.label, style=STATUS_STYLES.get(status, ""))


def kind_label(kind: str) -> str:
    try:
        return StepKind(kind).label.title()
    except ValueError:
        return kind.title()


def side_style(side: str | None) -> str:
    return SIDE_STYLES.get(side or "", NO_SIDE_STYLE)


def report_table(title: str, *, collapse_padding: bool = True) -> Table:
    """Light rules and no outer edge: these tables fit 80 columns."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=collapse_padding,
    )
