"""History review: the sessions, one session step by step, stats and progress, export.

Three tabs, each a widget of legtimer/tui/widgets/review/: *Sessions* (a page
of sessions, filtered and sorted; Enter opens one, which can be deleted
there), *Stats* (totals, streaks, a heatmap of the past year, minutes per
week) and *Progress* (personal bests, left and right side by side, and the
selected exercise's best over time). The stats and the bests are queried
when their tab is first shown, and again after a delete.

The screen owns the keys and the flows between the widgets (open, delete,
export); the widgets own their queries and their drawing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.queries.export import ExportError, export_file
from legtimer.core.queries.sessions import count_sessions
from legtimer.render.formats import plural
from legtimer.tui.context import AppContext
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen
from legtimer.tui.screens.session_detail import (
    SessionDetailScreen,
    confirm_delete,
    delete_session,
)
from legtimer.tui.widgets.review import SHORT_HEIGHT
from legtimer.tui.widgets.review.export_dialog import ExportDialog, ExportRequest
from legtimer.tui.widgets.review.progress_panel import ProgressPanel
from legtimer.tui.widgets.review.sessions_table import SessionsTable
from legtimer.tui.widgets.review.stats_panel import StatsPanel

# Where the focus goes as each tab is shown.
TAB_FOCUS = {"sessions": "#sessions-table", "stats": "#stats-scroll", "progress": "#bests-table"}


class ReviewScreen(Screen[None]):
    DEFAULT_CSS = """
    ReviewScreen {
        #review-tabs { height: 1fr; }
        #review-tabs TabPane { padding: 0; }
        #review-tabs ContentSwitcher { height: 1fr; }
        #sessions { height: 1fr; }
    }
    ReviewScreen.-short Header { display: none; }
    """
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

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.shown_tab = "sessions"

    @property
    def sessions(self) -> SessionsTable:
        return self.query_one(SessionsTable)

    @property
    def stats(self) -> StatsPanel:
        return self.query_one(StatsPanel)

    @property
    def progress(self) -> ProgressPanel:
        return self.query_one(ProgressPanel)

    def compose(self) -> ComposeResult:
        store, today = self.context.store, self.context.today
        yield Header()
        with TabbedContent(id="review-tabs", initial="sessions"):
            with TabPane("Sessions (1)", id="sessions"):
                yield SessionsTable(store, today, id="sessions-view")
            with TabPane("Stats (2)", id="stats"):
                yield StatsPanel(store, today, id="stats-scroll")
            with TabPane("Progress (3)", id="progress"):
                yield ProgressPanel(store, units=self.context.settings.units, id="progress-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        if self.context.store is not None:
            self.settle_unfinished(self.context.store)

    @work(thread=True, exclusive=True, group="review-unfinished")
    def settle_unfinished(self, store: HistoryStore) -> None:
        """Sessions whose app is gone (a closed terminal) show as interrupted, not "in
        progress". A write that may wait for a lock: in a thread, on its own connection."""
        try:
            own = store.sibling()
        except (HistoryError, sqlite3.Error):
            return  # the table shows what is there; home's look will report the problem
        try:
            settled = own.mark_interrupted()
        except (HistoryError, sqlite3.Error):
            settled = []
        finally:
            own.close()
        if settled:
            self.app.call_from_thread(self.query_one(SessionsTable).history_changed)

    def on_resize(self) -> None:
        for sessions in self.query(SessionsTable):
            sessions.fit(compact_filters=self.app.size.height < SHORT_HEIGHT)
        for progress in self.query(ProgressPanel):
            if progress.loaded:
                progress.show_progress()

    # ------------------------------------------------------------------ tabs

    @property
    def active_tab(self) -> str:
        return self.query_one("#review-tabs", TabbedContent).active

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#review-tabs", TabbedContent).active = tab

    @on(TabbedContent.TabActivated, "#review-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == self.shown_tab:
            return  # the first tab, shown as the screen opens
        self.shown_tab = event.pane.id or ""
        self._load_tab(self.shown_tab)
        focus = TAB_FOCUS.get(self.shown_tab)
        if focus:
            widget = self.query_one(focus)
            if widget.display:
                widget.focus()
        self.refresh_bindings()

    def _load_tab(self, tab: str) -> None:
        if tab == "stats" and not self.stats.loaded:
            self.stats.load()
        elif tab == "progress" and not self.progress.loaded:
            self.progress.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show each tab's keys in the footer only on that tab."""
        if not self.is_mounted:
            return True
        try:
            active = self.active_tab
        except Exception:
            return True
        if action in ("page", "sort", "reverse", "delete", "open"):
            return active == "sessions"
        if action == "progress_period":
            return active == "progress"
        return True

    # ------------------------------------------------------------------ sessions

    def action_open(self) -> None:
        focused = self.focused
        if focused is None or focused.id != "sessions-table" or self.active_tab != "sessions":
            raise SkipAction()  # Enter belongs to whatever else has the focus
        self.sessions.open_selected()

    @on(SessionsTable.Opened)
    def _open(self, event: SessionsTable.Opened) -> None:
        self.app.push_screen(
            SessionDetailScreen(self.context, event.session_id), self._detail_closed
        )

    def _detail_closed(self, deleted: bool | None) -> None:
        if deleted:
            self.history_changed()

    def history_changed(self) -> None:
        """A session was deleted: the filter, the page, the count and the stats are stale."""
        self.sessions.history_changed()
        self.stats.loaded = self.progress.loaded = False
        self._load_tab(self.active_tab)

    def action_page(self, step: int) -> None:
        if self.active_tab == "sessions":
            self.sessions.turn_page(step)

    def action_edge(self, step: int) -> None:
        """Up/down (or page up/down) past the edge of the page: on to the next page."""
        sessions = self.sessions
        if self.focused is not sessions.table or self.active_tab != "sessions":
            raise SkipAction()
        if not sessions.cross_edge(step):
            raise SkipAction()  # the table moves its cursor as usual

    def action_sort(self) -> None:
        if self.active_tab == "sessions":
            self.sessions.sort_next()

    def action_reverse(self) -> None:
        if self.active_tab == "sessions":
            self.sessions.reverse()

    def action_filter_routine(self) -> None:
        self.action_show_tab("sessions")
        self.sessions.filters.open("routine")

    def action_filter_period(self) -> None:
        self.action_show_tab("sessions")
        self.sessions.filters.open("period")

    def action_delete(self) -> None:
        store, session_id = self.context.store, self.sessions.selected_id()
        if self.active_tab != "sessions" or store is None or session_id is None:
            return
        summary = store.session(session_id)
        if summary is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and delete_session(self, store, session_id):
                self.history_changed()

        self.app.push_screen(confirm_delete(summary.routine_name, summary.started_at), answered)

    def action_back(self) -> None:
        self.dismiss()

    # ------------------------------------------------------------------ progress

    def action_progress_period(self) -> None:
        self.progress.toggle_span()

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        store = self.context.store
        if store is None:
            self.notify("There is no history to export.", severity="warning", markup=False)
            return
        self.app.push_screen(
            ExportDialog(count_sessions(store), self.context.today()), self._export_chosen
        )

    def _export_chosen(self, request: ExportRequest | None) -> None:
        store = self.context.store
        if request is None or store is None:
            return
        database = store.path
        if not request.path.exists():
            self.export(database, request)
            return

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

    @work(thread=True, exclusive=True, group="export")
    def export(self, database: Path, request: ExportRequest) -> None:
        """Write the export in a thread, on a connection of its own."""
        # Paths and errors are the person's text: never markup.
        self.app.call_from_thread(
            self.notify, f"Exporting to {request.path}…", timeout=3, markup=False
        )
        try:
            count = export_file(database, request.fmt, request.path)
        except ExportError as error:
            self.app.call_from_thread(
                self.notify,
                str(error),
                title="Export failed",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.app.call_from_thread(
            self.notify,
            f"Exported {plural(count, 'session')} to {request.path} ({request.fmt.upper()}).",
            title="Export",
            timeout=10,
            markup=False,
        )

    # ------------------------------------------------------------------ help

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(_described(self.BINDINGS)))


def _described(bindings: list[BindingType]) -> list[BindingType]:
    """The keys for the help screen: those with a description."""
    return [b for b in bindings if isinstance(b, Binding) and b.description]
