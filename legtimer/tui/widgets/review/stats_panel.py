"""Totals, streaks, a calendar heatmap of the past year and a minutes-per-week chart.

A handful of SQL aggregates (legtimer.core.queries.stats), queried when the
panel is first shown, and again after the history changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from legtimer.core.history import HistoryStore
from legtimer.core.queries.periods import monday_of
from legtimer.core.queries.stats import minutes_per_day, minutes_per_week, overview, streaks
from legtimer.render.charts import heatmap, week_chart
from legtimer.render.formats import plural
from legtimer.render.stats import streaks_table, totals_table

CHART_WEEKS = 16
HEATMAP_WEEKS = 53


class StatsPanel(VerticalScroll):
    """The stats of the whole history; `load` queries and draws them."""

    # Unscoped so the rules can follow the screen's breakpoint classes; each one
    # still starts from this widget's type.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    /* A track behind the scrollbar: its thumb alone read as a stray glyph by the chart. */
    StatsPanel {
        height: 1fr;
        padding: 0 1;
        overflow-x: auto;
        scrollbar-size-vertical: 1;
        scrollbar-background: $panel;
        scrollbar-background-hover: $panel;
    }
    /* One above the other; side by side when there is room for both. */
    StatsPanel #stats-top, StatsPanel #stats-charts { height: auto; layout: vertical; }
    Screen.-wide StatsPanel #stats-top, Screen.-wide StatsPanel #stats-charts {
        layout: horizontal;
    }
    StatsPanel Static { width: auto; height: auto; }
    StatsPanel #stats-streaks, StatsPanel #stats-heatmap, StatsPanel #stats-chart {
        margin-top: 1;
    }
    Screen.-wide StatsPanel #stats-totals, Screen.-wide StatsPanel #stats-heatmap {
        margin-right: 4;
    }
    """

    def __init__(
        self, store: HistoryStore | None, today: Callable[[], date], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self.today = today
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="stats-top"):
            yield Static("", id="stats-totals")
            yield Static("", id="stats-streaks")
        with Horizontal(id="stats-charts"):
            yield Static("", id="stats-heatmap")
            yield Static("", id="stats-chart")

    def load(self) -> None:
        """Query the stats and show them."""
        self.loaded = True
        store = self.store
        if store is None:
            self.query_one("#stats-totals", Static).update("No history to count.")
            return
        today = self.today()
        monday = monday_of(today)
        days = minutes_per_day(store, since=monday - timedelta(weeks=HEATMAP_WEEKS - 1))
        weeks = minutes_per_week(store, since=monday - timedelta(weeks=CHART_WEEKS - 1))
        self.query_one("#stats-totals", Static).update(
            totals_table(overview(store, today), compact=True)
        )
        self.query_one("#stats-streaks", Static).update(
            streaks_table(streaks(store, today=today), compact=True)
        )

        trained = sum(1 for day in days if day > today - timedelta(days=365))
        heat_title = Text()
        heat_title.append("Training days, past year", style="bold")
        heat_title.append(f"  {plural(trained, 'day')} trained", style="dim")
        self.query_one("#stats-heatmap", Static).update(
            Group(heat_title, heatmap(days, today, weeks=HEATMAP_WEEKS))
        )
        chart_title = Text()
        chart_title.append(f"Active minutes per week, last {CHART_WEEKS} weeks", style="bold")
        chart_title.append(f"  {round(sum(weeks.values()))} min in all", style="dim")
        self.query_one("#stats-chart", Static).update(
            Group(chart_title, week_chart(weeks, today, weeks=CHART_WEEKS))
        )
