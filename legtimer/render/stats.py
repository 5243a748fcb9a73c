"""Totals, streaks, personal bests and left-against-right balance as Rich renderables.

Each takes `compact`: True for the review screen's panels (short labels, side
by side), False for `legtimer stats`, which prints them one under the other
and spells out what each one counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from legtimer.core.queries.balance import SideBalance, row_balance, side_balance
from legtimer.core.queries.bests import BestRow, ExerciseBest
from legtimer.core.queries.stats import Overview, Streaks
from legtimer.render.formats import (
    amount,
    local,
    minutes_or_zero,
    plural,
    report_table,
    side_style,
)
from legtimer.render.literal import literal

NO_BESTS = "No set finished yet, so no personal bests."
# The review's bests table: a row per exercise, its sides side by side.
# The amounts carry their unit (12 reps, 0:30), so no column for the kind: at 80
# columns every cell fits whole, the last date too.
BEST_COLUMNS = ("Exercise", "Best", "Left", "Right", "Balance", "Sessions", "Last")


def totals_table(overview: Overview, *, compact: bool = False) -> Table:
    """This week, this month and all time: sessions, active time, sets."""
    monday, today = overview.monday, overview.today
    if compact:
        # As the CLI says: why a stopped-at-once session is in the list but not counted.
        table = report_table("Totals (sessions with at least one set done)", collapse_padding=False)
        labels = (f"This week (from {monday:%d %b})", f"This month ({today:%B})", "All time")
    else:
        table = report_table("Totals (sessions with at least one set done)")
        first = overview.first_started
        since = f" (since {local(first, '%Y-%m-%d')})" if first else ""
        labels = (
            f"This week (from {monday:%a %Y-%m-%d})",
            f"This month ({today:%B %Y})",
            "All time" + since,
        )
    table.add_column("Period")
    table.add_column("Sessions", justify="right")
    table.add_column("Active" if compact else "Active time", justify="right")
    table.add_column("Sets", justify="right")
    totals = (overview.this_week, overview.this_month, overview.all_time)
    for label, total in zip(labels, totals, strict=True):
        table.add_row(
            label,
            str(total.sessions),
            minutes_or_zero(total.active_seconds),
            str(total.sets_done),
        )
    return table


def streaks_table(streaks: Streaks, *, compact: bool = False) -> Table:
    """The day streak and the week streak, now and at their longest."""
    days_now = f"{plural(streaks.current_days, 'day')} now"
    days_longest = f"longest {plural(streaks.longest_days, 'day')}"
    weeks_now = f"{plural(streaks.current_weeks, 'week')} now"
    weeks_longest = f"longest {plural(streaks.longest_weeks, 'week')}"
    if not compact:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Day streak", f"{days_now}, {days_longest}")
        table.add_row(
            f"Week streak ({streaks.sessions_per_week}+ sessions a week)",
            f"{weeks_now}, {weeks_longest}",
        )
        return table
    table = Table.grid(padding=(0, 3))
    table.title = "Streaks"
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(style="bold")
    table.add_column()
    table.add_column(style="dim")
    table.add_row("Days in a row", days_now, days_longest)
    table.add_row(f"Weeks with {streaks.sessions_per_week}+ sessions", weeks_now, weeks_longest)
    return table


def balance_text(balance: SideBalance | None, *, compact: bool = False) -> Text:
    """'even', or the side ahead and by how much: 'left +10 s' (compact: 'L +0:10 (33%)')."""
    if balance is None:
        return Text("")
    if balance.ahead is None:
        return Text("even", style="green")
    difference = abs(balance.difference)
    if not compact:
        unit = " reps" if balance.kind == "reps" else " s"
        return Text(f"{balance.ahead} +{round(difference)}{unit}", style="yellow")
    shown = amount(difference, balance.kind)
    style = "bold yellow" if balance.lopsided else ""
    return Text(f"{balance.ahead[0].upper()} +{shown} ({balance.share:.0%})", style=style)


def bests_table(bests: Sequence[ExerciseBest]) -> RenderableType:
    """A row per exercise and side; the right side's row says how it compares to the left."""
    if not bests:
        return Text(NO_BESTS)
    table = report_table("Personal bests")
    table.add_column("Exercise")
    table.add_column("Side")
    table.add_column("Best", justify="right")
    table.add_column("Left vs right")
    table.add_column("Sessions", justify="right")
    table.add_column("Last done")
    by_side = {(b.exercise, b.kind, b.side): b for b in bests}
    for best in bests:
        balance = None
        if best.side == "right":
            balance = side_balance(by_side.get((best.exercise, best.kind, "left")), best)
        table.add_row(
            literal(best.exercise, multiline=False),
            best.side or "",
            amount(best.value, best.kind),
            balance_text(balance),
            str(best.sessions),
            local(best.last_done, "%Y-%m-%d"),
        )
    return table


def best_cells(row: BestRow) -> tuple[Text | str, ...]:
    """One exercise's cells under BEST_COLUMNS: each side in its colour, then the balance."""

    def side(best: ExerciseBest | None, name: str) -> Text:
        if best is None:
            return Text("")
        return Text(amount(best.value, row.kind), justify="right", style=side_style(name))

    return (
        literal(row.exercise, multiline=False),
        Text(amount(row.both.value, row.kind) if row.both else ""),
        side(row.left, "left"),
        side(row.right, "right"),
        balance_text(row_balance(row), compact=True),
        Text(str(row.sessions), justify="right"),
        short_date(row.last_done),
    )


def short_date(when: datetime | None, today: date | None = None) -> str:
    """A date in at most 8 characters: "02 Mar" this year, "Mar 2025" before."""
    today = today or date.today()
    shown = local(when, "%Y-%m-%d")
    try:
        day = date.fromisoformat(shown)
    except ValueError:  # an odd date is shown as it is
        return shown
    return local(when, "%d %b") if day.year == today.year else local(when, "%b %Y")
