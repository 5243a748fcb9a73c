"""The sessions, a page at a time: filtered, sorted by any column, paged with [ and ].

Each page is one page query and one count (legtimer.core.queries.sessions), so
ten years of history open as fast as one week. Opening a session is the
screen's business: the table posts `Opened` with its id.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.console import JustifyMethod
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static

from legtimer.core.history import HistoryStore, SessionSummary
from legtimer.core.queries.periods import Period
from legtimer.core.queries.sessions import (
    PAGE_SIZE,
    SortKey,
    count_sessions,
    list_sessions,
    routine_names,
)
from legtimer.render.formats import plural
from legtimer.render.session import LIST_DATE, SHORT_LIST_DATE, session_cells
from legtimer.tui.widgets.review.filters import SessionFilters

ROUTINE_WIDTH = 30  # the routine column's widest; longer names are cut
WEEKDAY_FROM_WIDTH = 90  # narrower terminals show dates without the weekday


@dataclass(frozen=True)
class SortColumn:
    key: SortKey
    label: str
    descending_first: bool  # the direction a first click sorts in
    first_words: tuple[str, str]  # how the order reads: (descending, ascending)
    width: int  # fixed, so the columns stay put from page to page and sort to sort
    justify: JustifyMethod = "left"


COLUMNS = (
    SortColumn(SortKey.WHEN, "Date", True, ("newest first", "oldest first"), 20),
    SortColumn(SortKey.ROUTINE, "Routine", False, ("Z to A", "A to Z"), 0),
    SortColumn(
        SortKey.DURATION, "Duration", True, ("longest first", "shortest first"), 10, "right"
    ),
    SortColumn(SortKey.SETS, "Sets", True, ("most first", "fewest first"), 6, "right"),
    SortColumn(SortKey.STATUS, "Status", False, ("Z to A", "A to Z"), 13),
    SortColumn(SortKey.EFFORT, "Effort", True, ("hardest first", "easiest first"), 8, "right"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


KEYS_HINT_FROM = 100  # columns from which the page line also names its keys


class SessionsTable(Vertical):
    """Filters, a page label, and one page of sessions (or why there are none)."""

    DEFAULT_CSS = """
    SessionsTable {
        height: 1fr;
        #page-label { height: 1; width: 100%; padding: 0 1; }
        #sessions-table { height: 1fr; }
        #sessions-empty { padding: 1 2; color: $text-muted; }
    }
    """

    @dataclass
    class Opened(Message):
        """The person asked to see this session step by step."""

        session_id: str

    def __init__(
        self,
        store: HistoryStore | None,
        today: Callable[[], date],
        *,
        page_size: int = PAGE_SIZE,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self.today = today
        self.page_size = page_size
        self.page = 0
        self.pages = 1
        self.total = 0
        self.sort = COLUMNS[0]
        self.descending = True
        self.rows: list[SessionSummary] = []
        self.routine_width = ROUTINE_WIDTH
        self._dates_shown_short = False
        self._routine_shown = 0  # the routine column's width as drawn

    @property
    def filters(self) -> SessionFilters:
        return self.query_one(SessionFilters)

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#sessions-table", DataTable)

    @property
    def short_dates(self) -> bool:
        """Dates without their weekday, on a narrow terminal."""
        return self.app.size.width < WEEKDAY_FROM_WIDTH

    def routine_column(self) -> int:
        """The routine column's width: its names', within what the terminal leaves it.

        Every other column keeps its width, so at 80 columns a long name is cut
        rather than pushing the effort (or the dates) off the screen.
        """
        short = self.short_dates
        fixed = sum(
            len("2026-03-18 08:48") if column.key is SortKey.WHEN and short else column.width
            for column in COLUMNS
            if column.width
        )
        room = self.app.size.width - fixed - 2 * len(COLUMNS) - 2  # cell padding, scrollbar
        return max(len("Routine ▲"), min(self.routine_width, room))

    @property
    def routine(self) -> str | None:
        return self.filters.routine

    @property
    def period(self) -> Period:
        return self.filters.period

    def compose(self) -> ComposeResult:
        names = routine_names(self.store) if self.store is not None else []
        widest = min(ROUTINE_WIDTH, max((len(name) for name in names), default=0))
        self.routine_width = max(widest, len("Routine ▲"))
        yield SessionFilters(names)
        yield Label("", id="page-label")
        yield DataTable[str | Text](id="sessions-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="sessions-empty")

    def on_mount(self) -> None:
        self.load_page()

    # ------------------------------------------------------------------ queries

    def load_page(self, *, keep_cursor: bool = False, cursor: int = 0) -> None:
        """Query the current page (and the count) and show it; the cursor on row `cursor`."""
        store = self.store
        since = self.period.start(self.today())
        self.rows = []
        if store is not None:
            self.total = count_sessions(store, routine=self.routine, since=since)
            self.pages = max(1, math.ceil(self.total / self.page_size))
            self.page = max(0, min(self.page, self.pages - 1))
            self.rows = list_sessions(
                store,
                routine=self.routine,
                since=since,
                sort=self.sort.key,
                descending=self.descending,
                limit=self.page_size,
                offset=self.page * self.page_size,
            )
        if keep_cursor:
            cursor = self.table.cursor_row
        self.show_rows(cursor)

    def history_changed(self) -> None:
        """A session was deleted: the routines, the count and the page are stale."""
        names = routine_names(self.store) if self.store is not None else []
        if self.filters.set_routines(names):
            self.page = 0
            self.load_page()  # the routine shown is gone: back to all of them, from the top
        else:
            self.load_page(keep_cursor=True)

    # ------------------------------------------------------------------ drawing

    def show_rows(self, cursor: int = 0) -> None:
        """Fill the table with the page already queried (no query here)."""
        table, rows = self.table, self.rows
        self._dates_shown_short = short = self.short_dates
        table.clear(columns=True)
        self._routine_shown = routine_width = self.routine_column()
        for column in COLUMNS:
            width = column.width or routine_width
            if column.key is SortKey.WHEN and short:
                width = len("2026-03-18 08:48")
            table.add_column(self._header(column), key=column.key.value, width=width)
        date_format = SHORT_LIST_DATE if short else LIST_DATE
        for summary in rows:
            cells = session_cells(summary, date_format)
            name = cells[1]
            if isinstance(name, Text):  # a name cut to its column ends in "…"
                name.overflow, name.no_wrap = "ellipsis", True
            table.add_row(*cells, key=summary.id)
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
        elif not rows and (self.routine or self.period is not Period.ALL):
            empty.update("No sessions match the filter.")
        elif not rows:
            empty.update("No sessions yet. Run a routine and it shows up here.")

    def fit(self, *, compact_filters: bool) -> None:
        """Follow the terminal's size: one-line filters, dates with or without weekday."""
        for filters in self.query(SessionFilters):
            filters.set_compact(compact_filters)
        if self.is_mounted and (
            self.short_dates != self._dates_shown_short
            or self.routine_column() != self._routine_shown
        ):
            self.show_rows(self.table.cursor_row)
        elif self.is_mounted:
            self._show_page_label()  # with or without the keys, as the width allows

    def _header(self, column: SortColumn) -> Text:
        if column is not self.sort:
            return Text(column.label, justify=column.justify)
        arrow = "▼" if self.descending else "▲"
        return Text(f"{column.label} {arrow}", style="bold", justify=column.justify)

    def _show_page_label(self) -> None:
        words = self.sort.first_words[0 if self.descending else 1]
        text = Text()
        text.append(f"Page {self.page + 1} of {self.pages}", style="bold")
        text.append(f" · {plural(self.total, 'session')}")
        text.append(f" · by {self.sort.label.lower()}, {words}", style="dim")
        if self.app.size.width >= KEYS_HINT_FROM:  # narrower, the footer names the keys
            text.append("  ([ ] pages, s sort, r reverse)", style="dim")
        self.query_one("#page-label", Label).update(text)

    # ------------------------------------------------------------------ the cursor

    def selected_id(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def open_selected(self) -> None:
        session_id = self.selected_id()
        if session_id is not None:
            self.post_message(self.Opened(session_id))

    def turn_page(self, step: int) -> None:
        wanted = max(0, min(self.pages - 1, self.page + step))
        if wanted != self.page:
            self.page = wanted
            self.load_page()

    def cross_edge(self, step: int) -> bool:
        """Up or down past the first or last row: on to the page before or after.

        False when the cursor is not at that edge (or there is no such page): the
        table then moves its cursor as usual.
        """
        table = self.table
        at_edge = table.cursor_row >= table.row_count - 1 if step > 0 else table.cursor_row <= 0
        if not at_edge or not 0 <= self.page + step < self.pages:
            return False
        self.page += step
        self.load_page(cursor=0 if step > 0 else -1)
        return True

    # ------------------------------------------------------------------ sorting

    def sort_by(self, key: SortKey, *, descending: bool | None = None) -> None:
        """Sort by a column, in its first direction unless told; back to the first page."""
        self.sort = COLUMN_BY_KEY[key]
        self.descending = self.sort.descending_first if descending is None else descending
        self.page = 0
        self.load_page()

    def sort_next(self) -> None:
        """Sort by the next column (after the last: the first)."""
        position = COLUMNS.index(self.sort)
        self.sort_by(COLUMNS[(position + 1) % len(COLUMNS)].key)

    def reverse(self) -> None:
        self.sort_by(self.sort.key, descending=not self.descending)

    @on(DataTable.HeaderSelected, "#sessions-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        try:
            column = COLUMN_BY_KEY[SortKey(str(event.column_key.value))]
        except ValueError:
            return
        if column is self.sort:
            self.reverse()
        else:
            self.sort_by(column.key)

    @on(DataTable.RowSelected, "#sessions-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_selected()

    @on(SessionFilters.Changed)
    def _filtered(self, event: SessionFilters.Changed) -> None:
        """A filter was chosen: on to the sessions it leaves, from their first page."""
        event.stop()
        self.page = 0
        self.load_page()
        if self.table.display and isinstance(self.screen.focused, Select):
            self.table.focus()
