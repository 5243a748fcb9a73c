"""Home: every routine, a filter, details of the selected one; Enter starts it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from legtimer.core.plan import build_plan
from legtimer.core.routines import catalog
from legtimer.core.routines.catalog import Entry
from legtimer.core.timefmt import minutes
from legtimer.tui.screens.dialogs import (
    ResumeDialog,
    confirm_routine_delete,
    delete_routine_file,
    is_user_routine,
)

if TYPE_CHECKING:
    from legtimer.tui.app import LegTimerApp


class HomeScreen(Screen[None]):
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

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="routines-pane"):
                yield Input(placeholder="Type to filter routines", id="filter")
                table: DataTable[str | Text] = DataTable(id="routines", cursor_type="row")
                table.add_columns("Routine", "Source", "Ex.", "Time")
                yield table
            with VerticalScroll(id="details-pane"):
                yield Static("", id="details")
        yield Footer()

    def on_mount(self) -> None:
        self.load_routines()
        self.query_one("#routines", DataTable).focus()
        self.offer_resume()

    @property
    def _app(self) -> LegTimerApp:
        from legtimer.tui.app import LegTimerApp

        assert isinstance(self.app, LegTimerApp)
        return self.app

    def load_routines(self) -> None:
        self.entries = catalog.discover()
        self.show_routines(self.query_one("#filter", Input).value)

    def select_routine(self, path: Path) -> None:
        """Reload and put the cursor on this routine's file (one just saved, say)."""
        self.load_routines()
        table = self.query_one("#routines", DataTable)
        key = str(path)
        if key in table.rows:
            table.move_cursor(row=table.get_row_index(key), animate=False)
            self.show_details()

    def show_routines(self, text: str) -> None:
        table = self.query_one("#routines", DataTable)
        # Keep the selection across a reload or a new filter (back from a session, say).
        kept = (
            table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            if table.row_count
            else None
        )
        table.clear()
        wanted = text.casefold().strip()
        for entry in self.entries:
            routine = entry.routine
            haystack = entry.name + " " + entry.id
            if routine is not None:
                haystack += " " + " ".join(routine.tags) + " " + routine.description
            if wanted and wanted not in haystack.casefold():
                continue
            if routine is None:
                table.add_row(
                    Text(entry.id, style="red"), entry.source, "-", "broken", key=str(entry.path)
                )
                continue
            plan = build_plan(routine)
            table.add_row(
                routine.name,
                entry.source,
                str(len(routine.exercises)),
                minutes(plan.total_seconds, estimated=plan.has_estimates),
                key=str(entry.path),
            )
        if kept is not None and kept in table.rows:
            table.move_cursor(row=table.get_row_index(kept), animate=False)
        self.show_details()

    def selected(self) -> Entry | None:
        table = self.query_one("#routines", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((entry for entry in self.entries if str(entry.path) == key), None)

    def show_details(self) -> None:
        details = self.query_one("#details", Static)
        entry = self.selected()
        if entry is None:
            details.update("No routine matches the filter.")
            return
        if entry.routine is None:
            problems = entry.error.render() if entry.error else ""
            details.update(Text(f"{entry.path} cannot be used:\n\n{problems}", style="red"))
            return
        routine = entry.routine
        plan = build_plan(routine)
        text = Text()
        text.append(routine.name + "\n", style="bold")
        if routine.description:
            text.append(routine.description.strip() + "\n")
        if routine.tags:
            text.append("Tags: " + ", ".join(routine.tags) + "\n", style="dim")
        text.append(
            f"\n{len(plan.active_steps)} sets, "
            f"{minutes(plan.total_seconds, estimated=plan.has_estimates)} in all\n"
        )
        store = self._app.store
        last = store.last_done(entry.id) if store is not None else None
        if last is not None:
            text.append(f"Last done {last.astimezone():%a %d %b %Y, %H:%M}\n", style="green")
        else:
            text.append("Not done yet\n", style="dim")
        text.append("\nExercises\n", style="bold")
        for block in routine.blocks:
            if block.name:
                rounds = f" × {block.rounds} rounds" if block.rounds > 1 else ""
                text.append(f"{block.name}{rounds}\n", style="italic")
            for exercise in block.exercises:
                sets = f"{exercise.sets} × " if exercise.sets > 1 else ""
                side = " per side" if exercise.per_side else ""
                text.append(f"  • {exercise.name}: {sets}{exercise.describe_target()}{side}\n")
        details.update(text)

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
        self.query_one("#routines", DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_start(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.routine is None:
            self.notify("This routine file has problems; fix it first.", severity="error")
            return
        self._app.start_session(entry.routine)

    def action_history(self) -> None:
        self._app.open_review()

    def action_new(self) -> None:
        self._app.open_builder(None)

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is not None and entry.routine is not None:
            self._app.open_builder(entry.routine)

    def action_duplicate(self) -> None:
        entry = self.selected()
        if entry is not None and entry.routine is not None:
            self._app.open_builder(entry.routine, copy=True)

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

    def on_screen_resume(self) -> None:
        self.load_routines()  # a routine may have been saved; "last done" may have changed

    @work(exclusive=True)
    async def offer_resume(self) -> None:
        store = self._app.store
        if store is None or self._app.start != "home":
            return  # `legtimer run X` asked for X: the offer waits for the next start at home
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
            self._app.resume_session(latest.id)
        elif choice == "discard":
            store.dismiss(latest.id)
