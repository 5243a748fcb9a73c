"""Home: every routine, a filter, details of the selected one; Enter starts it."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input

from legtimer.core.routines import catalog
from legtimer.core.routines.catalog import Entry
from legtimer.tui.context import AppContext
from legtimer.tui.messages import OpenBuilder, OpenReview, ResumeSession, StartSession
from legtimer.tui.screens.dialogs import (
    ResumeDialog,
    confirm_routine_delete,
    delete_routine_file,
    is_user_routine,
)
from legtimer.tui.widgets.home.routine_details import RoutineDetails
from legtimer.tui.widgets.home.routine_table import RoutineTable


class HomeScreen(Screen[None]):
    # The table has the keys from the start (focusing the filter first, then the table,
    # would build the footer's keys twice more).
    AUTO_FOCUS = "#routines"
    DEFAULT_CSS = """
    HomeScreen {
        #home { height: 1fr; }
        #routines-pane { width: 3fr; min-width: 30; }
        #details-pane { width: 2fr; padding: 0 1; border-left: tall $panel; }
        #filter { margin-bottom: 0; }
        &.-narrow #details-pane { display: none; }
    }
    """
    BINDINGS = [
        Binding(
            "enter",
            "start",
            "Start",
            tooltip="Start the selected routine",
            id="start",
            priority=True,
        ),
        Binding("slash", "filter", "Filter", tooltip="Type to filter the routines", id="filter"),
        Binding("h", "history", "History", tooltip="Review past sessions", id="history"),
        Binding("n", "new", "New", tooltip="Create a new routine", id="new"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected routine", id="edit"),
        Binding("c", "duplicate", "Copy", tooltip="Duplicate the selected routine", id="copy"),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            tooltip="Delete the selected routine of yours (asks first)",
            id="delete",
            show=False,
        ),
        Binding("t", "app.change_theme", "Theme", tooltip="Switch the colour theme", id="theme"),
        Binding("q", "app.quit", "Quit", tooltip="Quit legtimer", id="quit"),
    ]

    def __init__(self, context: AppContext, *, offer_resume: bool = True) -> None:
        super().__init__()
        self.context = context
        self.offer_resume = offer_resume  # False when the app was opened on a routine to run
        self.entries: list[Entry] = []
        self._away = False  # another screen was on top: reload when back

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="routines-pane"):
                yield Input(placeholder="Type to filter routines", id="filter")
                yield RoutineTable(id="routines")
            with VerticalScroll(id="details-pane"):
                yield RoutineDetails(id="details")
        yield Footer()

    def on_mount(self) -> None:
        self.load_routines()
        if self.offer_resume:
            self.ask_to_resume()

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        if self._away:  # a routine may have been saved; "last done" may have changed
            self._away = False
            self.load_routines()

    def load_routines(self) -> None:
        self.entries = catalog.discover()
        self.show_routines(self.query_one("#filter", Input).value)

    def select_routine(self, path: Path) -> None:
        """Reload and put the cursor on this routine's file (one just saved, say)."""
        self.load_routines()
        if self.query_one(RoutineTable).select_key(str(path)):
            self.show_details()

    def show_routines(self, text: str) -> None:
        self.query_one(RoutineTable).show(self.entries, text)
        self.show_details()

    def selected(self) -> Entry | None:
        key = self.query_one(RoutineTable).selected_key()
        return next((entry for entry in self.entries if str(entry.path) == key), None)

    def show_details(self) -> None:
        entry = self.selected()
        store = self.context.store
        last_done = None
        if entry is not None and entry.routine is not None and store is not None:
            last_done = store.last_done(entry.id)
        self.query_one(RoutineDetails).show(entry, last_done)

    @on(DataTable.RowHighlighted, "#routines")
    def _highlighted(self) -> None:
        self.show_details()

    @on(DataTable.RowSelected, "#routines")
    def _selected(self) -> None:
        self.action_start()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.show_routines(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(RoutineTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_start(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.routine is None:
            self.notify("This routine file has problems; fix it first.", severity="error")
            return
        self.post_message(StartSession(entry.routine))

    def action_history(self) -> None:
        self.post_message(OpenReview())

    def action_new(self) -> None:
        self.post_message(OpenBuilder(None))

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is not None and entry.routine is not None:
            self.post_message(OpenBuilder(entry.routine))
        elif entry is not None:  # a file with problems: open it as it is, to fix them
            self.post_message(OpenBuilder(broken=entry.path))

    def action_duplicate(self) -> None:
        entry = self.selected()
        if entry is not None and entry.routine is not None:
            self.post_message(OpenBuilder(entry.routine, copy=True))

    def action_delete(self) -> None:
        self.delete_selected()

    @work(exclusive=True, group="home-delete")
    async def delete_selected(self) -> None:
        """Delete the selected routine file of the user's, after asking; built-ins never."""
        entry = self.selected()
        if entry is None:
            return
        if entry.source != catalog.USER or not is_user_routine(entry.path):
            self.notify(
                "Built-in routines cannot be deleted. Press c to make a copy of your own.",
                severity="warning",
            )
            return
        shadows = any(
            other.source == catalog.BUILT_IN and other.id == entry.id for other in self.entries
        )
        yes = await self.app.push_screen_wait(
            confirm_routine_delete(entry.name, entry.path, shadows_built_in=shadows)
        )
        if yes and delete_routine_file(self, entry.name, entry.path):
            self.load_routines()

    @work(exclusive=True)
    async def ask_to_resume(self) -> None:
        """Offer the latest interrupted session: resume it, discard it, or decide later."""
        store = self.context.store
        if store is None:
            return
        pending = store.resumable()
        if not pending:
            return
        latest = pending[0]
        started = latest.started_at.astimezone()
        description = (
            f"{latest.routine_name}, started {started:%a %d %b, %H:%M}: "
            f"{latest.sets_done} of {latest.sets_planned} sets done. "
            "Resume where it stopped, or discard it (it stays in your history as interrupted)?"
        )
        choice = await self.app.push_screen_wait(ResumeDialog(description))
        if choice == "resume":
            self.post_message(ResumeSession(latest.id))
        elif choice == "discard":
            store.dismiss(latest.id)
