"""History review: the sessions, one session step by step, stats and progress, export.

Three tabs. *Sessions* is a table of one page of sessions at a time (a page
query and a count, so ten years of history open as fast as one week),
filtered by routine and period and sorted by any column. Enter opens a
session: planned versus done, every step, pauses, skips, note and effort,
and it can be deleted there. *Stats* shows this week's, this month's and
all-time totals, the streaks, a calendar heatmap of the past year and a
minutes-per-week chart. *Progress* lists every exercise's personal bests,
left and right side by side, and the selected one's best over time.
Everything is an SQL aggregate; the stats are queried once, when their tab
is first shown (and again after a delete).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich import box
from rich.console import Group, JustifyMethod
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from legtimer.cli.history import SESSIONS_PER_WEEK
from legtimer.core.history import HistoryError, HistoryStore, PeriodTotal, SessionSummary
from legtimer.render.report import (
    BestRow,
    amount,
    balance,
    best_value,
    effort,
    group_bests,
    heatmap,
    local,
    minutes_or_zero,
    plural,
    progress_chart,
    session_detail,
    status_text,
    took,
    week_chart,
)
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen
from legtimer.tui.widgets.review_export import (
    ExportDialog,
    ExportError,
    ExportRequest,
    export_history,
)

if TYPE_CHECKING:
    from legtimer.tui.app import LegTimerApp

PAGE_SIZE = 50
ProgressRow = tuple[str, str | None, float, int | None]  # what HistoryStore.progress gives
ROUTINE_WIDTH = 30  # the routine column's widest; longer names are cut
WEEKDAY_FROM_WIDTH = 90  # narrower terminals show dates without the weekday
SHORT_HEIGHT = 22  # the app's "-short" breakpoint: compact filters
CHART_WEEKS = 16
HEATMAP_WEEKS = 53


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str
    sql: str  # what the store orders by
    descending_first: bool  # the direction a first click sorts in
    first_words: tuple[str, str]  # how the order reads: (descending, ascending)
    width: int  # fixed, so the columns stay put from page to page and sort to sort


COLUMNS = (
    SortColumn("when", "Date", "started_at", True, ("newest first", "oldest first"), 20),
    SortColumn("routine", "Routine", "routine_name", False, ("Z to A", "A to Z"), 0),
    SortColumn(
        "duration",
        "Duration",
        "active_seconds + paused_seconds",
        True,
        ("longest first", "shortest first"),
        10,
    ),
    SortColumn("sets", "Sets", "sets_done", True, ("most first", "fewest first"), 6),
    SortColumn("status", "Status", "status", False, ("Z to A", "A to Z"), 13),
    SortColumn("effort", "Effort", "effort", True, ("hardest first", "easiest first"), 8),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
RIGHT_ALIGNED = ("duration", "sets", "effort")

PERIODS = (
    ("all", "All time"),
    ("week", "This week"),
    ("month", "This month"),
    ("30days", "Last 30 days"),
    ("year", "This year"),
)


def period_start(period: str, today: date) -> date | None:
    """The first day of a period of the filter (None: all time)."""
    if period == "week":
        return today - timedelta(days=today.weekday())
    if period == "month":
        return today.replace(day=1)
    if period == "30days":
        return today - timedelta(days=29)
    if period == "year":
        return today.replace(month=1, day=1)
    return None


Result = TypeVar("Result")


class _HistoryScreen(Screen[Result]):
    @property
    def _app(self) -> LegTimerApp:
        from legtimer.tui.app import LegTimerApp

        assert isinstance(self.app, LegTimerApp)
        return self.app

    @property
    def store(self) -> HistoryStore | None:
        return self._app.store


class ReviewScreen(_HistoryScreen[None]):
    AUTO_FOCUS = "#sessions-table"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the routines", id="back"),
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Show the selected session step by step",
            id="open",
            priority=True,
        ),
        Binding(
            "right_square_bracket",
            "page(1)",
            "Next page",
            key_display="]",
            tooltip="The next page of sessions",
            id="next-page",
        ),
        Binding(
            "left_square_bracket",
            "page(-1)",
            "Prev page",
            key_display="[",
            tooltip="The previous page of sessions",
            id="previous-page",
            show=False,
        ),
        Binding("s", "sort", "Sort", tooltip="Sort by the next column", id="sort"),
        Binding(
            "r", "reverse", "Reverse", tooltip="Reverse the sort order", id="reverse", show=False
        ),
        Binding("f", "filter_routine", "Filter", tooltip="Show one routine only", id="routine"),
        Binding(
            "p",
            "filter_period",
            "Period",
            tooltip="Show one period only (this week, month, ...)",
            id="period",
            show=False,
        ),
        Binding("d", "delete", "Delete", tooltip="Delete the selected session", id="delete"),
        Binding(
            "1",
            "show_tab('sessions')",
            "Sessions",
            tooltip="The sessions table",
            id="sessions",
            show=False,
        ),
        Binding(
            "2",
            "show_tab('stats')",
            "Stats",
            tooltip="Totals, streaks, heatmap, minutes per week",
            id="stats",
            show=False,
        ),
        Binding(
            "3",
            "show_tab('progress')",
            "Progress",
            tooltip="Personal bests and progress per exercise",
            id="progress",
            show=False,
        ),
        Binding(
            "m",
            "progress_period",
            "Week/month",
            tooltip="Show progress per week or per month",
            id="progress-period",
        ),
        Binding("x", "export", "Export", tooltip="Export the history (JSON or CSV)", id="export"),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        # Moving past the last row of a page goes on to the next page, and back.
        Binding("down", "edge(1)", show=False, priority=True),
        Binding("up", "edge(-1)", show=False, priority=True),
        Binding("pagedown", "edge(1)", show=False, priority=True),
        Binding("pageup", "edge(-1)", show=False, priority=True),
    ]

    def __init__(self, *, today: date | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._today = today
        self.page_size = page_size
        self.page = 0
        self.pages = 1
        self.total = 0
        self.routine: str | None = None
        self.period = "all"
        self.sort = COLUMNS[0]
        self.descending = True
        self.stats_loaded = False
        self.progress_loaded = False
        self.progress_period = "month"
        self.best_rows: dict[str, BestRow] = {}
        self.shown_tab = "sessions"
        self.routine_width = ROUTINE_WIDTH
        self.rows: list[SessionSummary] = []
        self._dates_shown_short = False
        # (exercise, "week" or "month") -> the store's progress rows, queried once each.
        self._progress_cache: dict[tuple[str, str], list[ProgressRow]] = {}

    @property
    def today(self) -> date:
        return self._today or datetime.now().date()

    @property
    def order(self) -> str:
        direction = "DESC" if self.descending else "ASC"
        order = f"{self.sort.sql} {direction}"
        return order if self.sort.key == "when" else f"{order}, started_at DESC"

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        store = self.store
        names = store.routine_names() if store is not None else []
        self.routine_width = min(ROUTINE_WIDTH, max((len(name) for name in names), default=0))
        self.routine_width = max(self.routine_width, len("Routine ▲"))
        yield Header()
        with TabbedContent(id="review-tabs", initial="sessions"):
            with TabPane("Sessions (1)", id="sessions"):
                with Horizontal(id="review-filters"):
                    yield Select(
                        [(name, name) for name in names],
                        prompt="All routines",
                        id="routine-filter",
                    )
                    yield Select(
                        [(label, key) for key, label in PERIODS],
                        allow_blank=False,
                        value="all",
                        id="period-filter",
                    )
                yield Label("", id="page-label")
                table: DataTable[str | Text] = DataTable(
                    id="sessions-table", cursor_type="row", zebra_stripes=True
                )
                yield table
                yield Static("", id="sessions-empty")
            with TabPane("Stats (2)", id="stats"), VerticalScroll(id="stats-scroll"):
                with Horizontal(id="stats-top"):
                    yield Static("", id="stats-totals")
                    yield Static("", id="stats-streaks")
                with Horizontal(id="stats-charts"):
                    yield Static("", id="stats-heatmap")
                    yield Static("", id="stats-chart")
            with TabPane("Progress (3)", id="progress"), Vertical(id="progress-pane"):
                bests: DataTable[str | Text] = DataTable(
                    id="bests-table", cursor_type="row", zebra_stripes=True
                )
                bests.add_columns(
                    "Exercise", "Type", "Best", "Left", "Right", "Balance", "Sessions", "Last"
                )
                yield bests
                yield Static("", id="progress-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.load_page()

    # ------------------------------------------------------------------ sessions

    def load_page(self, *, keep_cursor: bool = False, cursor: int = 0) -> None:
        """Query the current page (and the count) and show it; the cursor on row `cursor`."""
        store = self.store
        since = period_start(self.period, self.today)
        self.rows = []
        if store is not None:
            self.total = store.count(routine=self.routine, since=since)
            self.pages = max(1, math.ceil(self.total / self.page_size))
            self.page = max(0, min(self.page, self.pages - 1))
            self.rows = store.sessions(
                routine=self.routine,
                since=since,
                limit=self.page_size,
                offset=self.page * self.page_size,
                order=self.order,
            )
        if keep_cursor:
            cursor = self.query_one("#sessions-table", DataTable).cursor_row
        self.show_rows(cursor)

    @property
    def _short_dates(self) -> bool:
        return self.app.size.width < WEEKDAY_FROM_WIDTH

    def show_rows(self, cursor: int = 0) -> None:
        """Fill the table with the page already queried (no query here)."""
        table: DataTable[str | Text] = self.query_one("#sessions-table", DataTable)
        rows = self.rows
        self._dates_shown_short = short = self._short_dates
        table.clear(columns=True)
        for column in COLUMNS:
            width = column.width or self.routine_width
            if column.key == "when" and short:
                width = len("2026-03-18 08:48")
            table.add_column(self._header(column), key=column.key, width=width)
        date_format = "%Y-%m-%d %H:%M" if short else "%a %Y-%m-%d %H:%M"
        for summary in rows:
            table.add_row(
                local(summary.started_at, date_format),
                Text(summary.routine_name),
                Text(took(summary.duration_seconds), justify="right"),
                Text(f"{summary.sets_done}/{summary.sets_planned}", justify="right"),
                status_text(summary),
                Text(effort(summary.effort), justify="right"),
                key=summary.id,
            )
        if rows:
            if cursor < 0:
                cursor = len(rows) - 1
            table.move_cursor(row=max(0, min(cursor, len(rows) - 1)), animate=False)
        self._show_page_label()
        empty = self.query_one("#sessions-empty", Static)
        empty.display = not rows
        table.display = bool(rows)
        if self.store is None:
            empty.update(
                Text("The history could not be opened, so there is nothing to review.", "red")
            )
        elif not rows and (self.routine or self.period != "all"):
            empty.update("No sessions match the filter.")
        elif not rows:
            empty.update("No sessions yet. Run a routine and it shows up here.")

    def on_resize(self) -> None:
        short = self.app.size.height < SHORT_HEIGHT
        for select in self.query(Select):
            select.compact = short  # one line instead of three
        if self.is_mounted and self._short_dates != self._dates_shown_short:
            self.show_rows(self.query_one("#sessions-table", DataTable).cursor_row)
        if self.progress_loaded:
            self.show_progress()

    def _header(self, column: SortColumn) -> Text:
        justify: JustifyMethod = "right" if column.key in RIGHT_ALIGNED else "left"
        if column is not self.sort:
            return Text(column.label, justify=justify)
        arrow = "▼" if self.descending else "▲"
        return Text(f"{column.label} {arrow}", style="bold", justify=justify)

    def _show_page_label(self) -> None:
        words = self.sort.first_words[0 if self.descending else 1]
        text = Text()
        text.append(f"Page {self.page + 1} of {self.pages}", style="bold")
        text.append(f" · {plural(self.total, 'session')}")
        text.append(f" · by {self.sort.label.lower()}, {words}", style="dim")
        text.append("  ([ ] pages, s sort, r reverse)", style="dim")
        self.query_one("#page-label", Label).update(text)

    def selected_id(self) -> str | None:
        table = self.query_one("#sessions-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def refresh_routine_filter(self) -> bool:
        """Offer the routines the history still has; True if the one filtered on is gone.

        A routine whose last session was deleted leaves the list, and a filter on it
        goes back to all routines.
        """
        store = self.store
        names = store.routine_names() if store is not None else []
        select: Select[str] = self.query_one("#routine-filter", Select)
        with self.prevent(Select.Changed):  # no reload per option change: the caller reloads
            select.set_options([(name, name) for name in names])
            if self.routine in names:
                select.value = self.routine
        if self.routine is None or self.routine in names:
            return False
        self.routine = None
        self.page = 0
        return True

    @on(Select.Changed, "#routine-filter")
    def _routine_changed(self, event: Select.Changed) -> None:
        routine = event.value if isinstance(event.value, str) else None
        if routine == self.routine:
            return
        self.routine = routine
        self.page = 0
        self.load_page()
        self._back_to_table()

    @on(Select.Changed, "#period-filter")
    def _period_changed(self, event: Select.Changed) -> None:
        period = event.value if isinstance(event.value, str) else "all"
        if period == self.period:
            return
        self.period = period
        self.page = 0
        self.load_page()
        self._back_to_table()

    def _back_to_table(self) -> None:
        """A filter was chosen: on to the sessions it leaves."""
        table = self.query_one("#sessions-table", DataTable)
        if table.display and isinstance(self.focused, Select):
            table.focus()

    @on(DataTable.HeaderSelected, "#sessions-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = COLUMN_BY_KEY.get(str(event.column_key.value))
        if column is None:
            return
        if column is self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = column, column.descending_first
        self.page = 0
        self.load_page()

    @on(DataTable.RowSelected, "#sessions-table")
    def _row_clicked(self) -> None:
        self.open_selected()

    def _on_sessions_tab(self) -> bool:
        return self.query_one("#review-tabs", TabbedContent).active == "sessions"

    def action_open(self) -> None:
        focused = self.focused
        if focused is None or focused.id != "sessions-table" or not self._on_sessions_tab():
            raise SkipAction()  # Enter belongs to whatever else has the focus
        self.open_selected()

    def open_selected(self) -> None:
        session_id = self.selected_id()
        if session_id is None:
            return
        self.app.push_screen(SessionDetailScreen(session_id), self._detail_closed)

    def _detail_closed(self, deleted: bool | None) -> None:
        if deleted:
            self.history_changed()

    def history_changed(self) -> None:
        """A session was deleted: the filter, the page, the count and the stats are stale."""
        if self.refresh_routine_filter():
            self.load_page()  # the routine shown is gone: back to all of them, from the top
        else:
            self.load_page(keep_cursor=True)
        self.stats_loaded = self.progress_loaded = False
        self._progress_cache.clear()
        active = self.query_one("#review-tabs", TabbedContent).active
        self._load_tab(active)

    def action_page(self, step: int) -> None:
        if not self._on_sessions_tab():
            return
        wanted = max(0, min(self.pages - 1, self.page + step))
        if wanted != self.page:
            self.page = wanted
            self.load_page()

    def action_edge(self, step: int) -> None:
        """Up/down (or page up/down) past the edge of the page: on to the next page."""
        table = self.query_one("#sessions-table", DataTable)
        if self.focused is not table or not self._on_sessions_tab():
            raise SkipAction()
        at_edge = table.cursor_row >= table.row_count - 1 if step > 0 else table.cursor_row <= 0
        if not at_edge or not 0 <= self.page + step < self.pages:
            raise SkipAction()  # the table moves its cursor as usual
        self.page += step
        self.load_page(cursor=0 if step > 0 else -1)

    def action_sort(self) -> None:
        if not self._on_sessions_tab():
            return
        position = COLUMNS.index(self.sort)
        self.sort = COLUMNS[(position + 1) % len(COLUMNS)]
        self.descending = self.sort.descending_first
        self.page = 0
        self.load_page()

    def action_reverse(self) -> None:
        if not self._on_sessions_tab():
            return
        self.descending = not self.descending
        self.page = 0
        self.load_page()

    def action_filter_routine(self) -> None:
        self.action_show_tab("sessions")
        select = self.query_one("#routine-filter", Select)
        select.focus()
        select.action_show_overlay()

    def action_filter_period(self) -> None:
        self.action_show_tab("sessions")
        select = self.query_one("#period-filter", Select)
        select.focus()
        select.action_show_overlay()

    def action_delete(self) -> None:
        if not self._on_sessions_tab():
            return
        store, session_id = self.store, self.selected_id()
        if store is None or session_id is None:
            return
        summary = store.session(session_id)
        if summary is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and delete_session(self, store, session_id):
                self.history_changed()

        self.app.push_screen(_confirm_delete(summary.routine_name, summary.started_at), answered)

    def action_back(self) -> None:
        self.dismiss()

    # ------------------------------------------------------------------ tabs

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#review-tabs", TabbedContent).active = tab

    @on(TabbedContent.TabActivated, "#review-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == self.shown_tab:
            return  # the first tab, shown as the screen opens
        self.shown_tab = event.pane.id or ""
        self._load_tab(self.shown_tab)
        focus = {
            "sessions": "#sessions-table",
            "stats": "#stats-scroll",
            "progress": "#bests-table",
        }.get(event.pane.id or "")
        if focus:
            widget = self.query_one(focus)
            if widget.display:
                widget.focus()
        self.refresh_bindings()

    def _load_tab(self, tab: str) -> None:
        if tab == "stats" and not self.stats_loaded:
            self.load_stats()
        elif tab == "progress" and not self.progress_loaded:
            self.load_progress()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        try:
            active = self.query_one("#review-tabs", TabbedContent).active
        except Exception:
            return True
        if action in ("page", "sort", "reverse", "delete", "open"):
            return active == "sessions"
        if action == "progress_period":
            return active == "progress"
        return True

    # ------------------------------------------------------------------ stats

    def load_stats(self) -> None:
        """Totals, streaks, the heatmap and the weekly chart: a handful of SQL aggregates."""
        self.stats_loaded = True
        store = self.store
        if store is None:
            self.query_one("#stats-totals", Static).update("No history to count.")
            return
        today = self.today
        monday = today - timedelta(days=today.weekday())
        first_of_month = today.replace(day=1)
        this_week = _total_of(store.totals("week", since=monday), monday.isoformat())
        this_month = _total_of(
            store.totals("month", since=first_of_month), first_of_month.strftime("%Y-%m")
        )
        months = store.totals("month")
        all_time = PeriodTotal(
            "all",
            sum(m.sessions for m in months),
            sum(m.active_seconds for m in months),
            sum(m.sets_done for m in months),
        )
        streaks = store.streaks(today=today, sessions_per_week=SESSIONS_PER_WEEK)
        heat_since = monday - timedelta(weeks=HEATMAP_WEEKS - 1)
        days = {
            date.fromisoformat(t.period): t.active_seconds / 60
            for t in store.totals("day", since=heat_since)
        }
        chart_since = monday - timedelta(weeks=CHART_WEEKS - 1)
        weeks = {
            date.fromisoformat(t.period): t.active_seconds / 60
            for t in store.totals("week", since=chart_since)
        }

        totals = Table(
            title="Totals",
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        totals.add_column("Period")
        totals.add_column("Sessions", justify="right")
        totals.add_column("Active", justify="right")
        totals.add_column("Sets", justify="right")
        for label, total in (
            (f"This week (from {monday:%d %b})", this_week),
            (f"This month ({today:%B})", this_month),
            ("All time", all_time),
        ):
            totals.add_row(
                label,
                str(total.sessions),
                minutes_or_zero(total.active_seconds),
                str(total.sets_done),
            )
        self.query_one("#stats-totals", Static).update(totals)

        streak = Table.grid(padding=(0, 3))
        streak.title = "Streaks"
        streak.title_justify = "left"
        streak.title_style = "bold"
        streak.add_column(style="bold")
        streak.add_column()
        streak.add_column(style="dim")
        streak.add_row(
            "Days in a row",
            f"{plural(streaks.current_days, 'day')} now",
            f"longest {plural(streaks.longest_days, 'day')}",
        )
        streak.add_row(
            f"Weeks with {streaks.sessions_per_week}+ sessions",
            f"{plural(streaks.current_weeks, 'week')} now",
            f"longest {plural(streaks.longest_weeks, 'week')}",
        )
        self.query_one("#stats-streaks", Static).update(streak)

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

    # ------------------------------------------------------------------ progress

    def load_progress(self) -> None:
        """Personal bests per exercise, left and right side by side."""
        self.progress_loaded = True
        store = self.store
        table: DataTable[str | Text] = self.query_one("#bests-table", DataTable)
        table.clear()
        rows = group_bests(store.bests()) if store is not None else []
        self.best_rows = {row.key: row for row in rows}
        for row in rows:
            table.add_row(
                Text(row.exercise),
                row.kind,
                Text(amount(best_value(row.both), row.kind) if row.both else ""),
                Text(amount(best_value(row.left), row.kind), justify="right", style="cyan")
                if row.left
                else Text(""),
                Text(amount(best_value(row.right), row.kind), justify="right", style="magenta")
                if row.right
                else Text(""),
                balance(row),
                Text(str(row.sessions), justify="right"),
                local(row.last_done, "%Y-%m-%d"),
                key=row.key,
            )
        if not rows:
            self.query_one("#progress-chart", Static).update(
                "No set finished yet, so no personal bests."
            )
            return
        self.show_progress()

    def selected_best(self) -> BestRow | None:
        table = self.query_one("#bests-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.best_rows.get(key or "")

    def show_progress(self) -> None:
        row = self.selected_best()
        store = self.store
        if row is None or store is None:
            return
        cache_key = (row.exercise, self.progress_period)
        rows = self._progress_cache.get(cache_key)
        if rows is None:
            rows = store.progress(row.exercise, period=self.progress_period)
            self._progress_cache[cache_key] = rows
        self.query_one("#progress-chart", Static).update(
            progress_chart(row, rows, period=self.progress_period, width=self.app.size.width - 2)
        )

    @on(DataTable.RowHighlighted, "#bests-table")
    def _best_highlighted(self) -> None:
        if self.progress_loaded:
            self.show_progress()

    def action_progress_period(self) -> None:
        self.progress_period = "week" if self.progress_period == "month" else "month"
        self.show_progress()

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        store = self.store
        if store is None:
            self.notify("There is no history to export.", severity="warning")
            return
        self.app.push_screen(ExportDialog(store.count(), self.today), self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        store = self.store
        if request is None or store is None:
            return
        database = store.path
        if request.path.exists():

            def answered(yes: bool | None) -> None:
                if yes:
                    self.export(database, request)

            self.app.push_screen(
                ConfirmDialog(
                    "Replace the file?",
                    f"{request.path} already exists. Write the export over it?",
                    yes="Replace",
                    no="Cancel",
                ),
                answered,
            )
            return
        self.export(database, request)

    @work(thread=True, exclusive=True, group="export")
    def export(self, database: Path, request: ExportRequest) -> None:
        self.app.call_from_thread(self.notify, f"Exporting to {request.path}…", timeout=3)
        try:
            count = export_history(database, request)
        except ExportError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Export failed", severity="error", timeout=10
            )
            return
        self.app.call_from_thread(
            self.notify,
            f"Exported {plural(count, 'session')} to {request.path} ({request.fmt.upper()}).",
            title="Export",
            timeout=10,
        )

    # ------------------------------------------------------------------ help

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(_described(self.BINDINGS)))


class SessionDetailScreen(_HistoryScreen[bool]):
    """One session: planned versus done, every step, pauses, skips, note and effort.

    Dismisses with True when the session was deleted.
    """

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the sessions", id="back"),
        Binding("d", "delete", "Delete", tooltip="Delete this session (asks first)", id="delete"),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="session-detail"):
            yield Static("", id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Session"
        body = self.query_one("#detail-body", Static)
        store = self.store
        summary = store.session(self.session_id) if store is not None else None
        if store is None or summary is None:
            body.update("This session is no longer in the history.")
            return
        self.sub_title = f"{summary.routine_name}, {local(summary.started_at)}"
        body.update(
            session_detail(summary, store.routine_copy(summary.id), store.steps(summary.id))
        )
        self.query_one("#session-detail").focus()

    def action_back(self) -> None:
        self.dismiss(False)

    def action_delete(self) -> None:
        store = self.store
        summary = store.session(self.session_id) if store is not None else None
        if store is None or summary is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and delete_session(self, store, self.session_id):
                self.dismiss(True)

        self.app.push_screen(_confirm_delete(summary.routine_name, summary.started_at), answered)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.BINDINGS))


def _confirm_delete(routine_name: str, started_at: datetime) -> ConfirmDialog:
    return ConfirmDialog(
        "Delete this session?",
        f"{routine_name}, {local(started_at)}, and all its steps will be removed from "
        "your history. This cannot be undone (an export keeps a copy).",
        yes="Delete",
        no="Keep",
    )


def delete_session(screen: Widget, store: HistoryStore, session_id: str) -> bool:
    try:
        deleted = store.delete_session(session_id)
    except HistoryError as error:
        screen.notify(str(error), title="Not deleted", severity="error", timeout=10)
        return False
    if deleted:
        screen.notify("Session deleted.", timeout=4)
    return deleted


def _described(bindings: list[BindingType]) -> list[BindingType]:
    """The keys for the help screen: those with a description."""
    return [b for b in bindings if isinstance(b, Binding) and b.description]


def _total_of(totals: list[PeriodTotal], key: str) -> PeriodTotal:
    for total in totals:
        if total.period == key:
            return total
    return PeriodTotal(key, 0, 0.0, 0)
