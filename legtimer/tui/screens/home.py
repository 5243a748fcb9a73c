"""Home: every routine, a filter, details of the selected one; Enter starts it.

Typing anywhere filters: every printable key goes to the filter box, so the
screen's commands are on keys that never type (Ctrl+ and F-keys; Del, `/` and
`?` only while the filter is empty). ↑/↓ and PgUp/PgDn move the list while
typing, Enter starts the routine under the cursor, Esc clears the filter.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input

from legtimer.core.history import HistoryError, SessionSummary
from legtimer.core.progression import todays_targets
from legtimer.core.queries import resumable
from legtimer.core.routines import catalog
from legtimer.core.routines.catalog import Entry
from legtimer.core.text import safe_text
from legtimer.render.formats import local, plural
from legtimer.tui.context import AppContext
from legtimer.tui.messages import (
    OpenBuilder,
    OpenReview,
    OpenSettings,
    ResumeSession,
    StartSession,
)
from legtimer.tui.screens.dialogs import (
    HelpScreen,
    ResumeDialog,
    Waiting,
    confirm_routine_delete,
    delete_routine_file,
    is_user_routine,
)
from legtimer.tui.widgets.home.filter_box import FilterBox
from legtimer.tui.widgets.home.routine_details import RoutineDetails
from legtimer.tui.widgets.home.routine_table import RoutineTable

FILTER_HINT = "Type to filter routines"
SETTINGS_TIP = "Settings: sound, voice, theme and more"


class HomeScreen(Screen[None]):
    # The filter has the keys from the start: typing anywhere filters.
    AUTO_FOCUS = "#filter"
    DEFAULT_CSS = """
    HomeScreen {
        #home { height: 1fr; }
        #routines-pane { width: 3fr; min-width: 30; }
        #details-pane { width: 2fr; padding: 0 1; border-left: tall $panel; }
        #filter { margin-bottom: 0; }
        &.-narrow #details-pane { display: none; }
    }
    """
    # The footer shows keys in this order, most used first; at 80 columns all of them fit.
    BINDINGS = [
        Binding("enter", "start", "Start", tooltip="Start the selected routine"),
        # The list moves while the filter box has the keys.
        Binding("up", "move('up')", show=False),
        Binding("down", "move('down')", show=False),
        Binding("pageup", "move('page_up')", show=False),
        Binding("pagedown", "move('page_down')", show=False),
        Binding("escape", "clear_filter", "Clear", show=False),
        Binding("ctrl+r", "history", "History", tooltip="Review past sessions"),
        Binding("ctrl+n", "new", "New", tooltip="Create a new routine"),
        Binding("ctrl+e", "edit", "Edit", tooltip="Edit the selected routine"),
        Binding("ctrl+d", "duplicate", "Copy", tooltip="Make a copy to change"),
        Binding("delete", "delete", "Delete", show=False),
        # The least used: in the help and the palette, not the footer (so Quit fits at 60;
        # Settings would fit at 80 but push Quit off at 60).
        Binding("ctrl+t", "app.change_theme", "Theme", tooltip="Switch colour theme", show=False),
        # Ctrl+O ("options"): Ctrl+S may stop some terminals' output, Ctrl+, never arrives.
        Binding("ctrl+o", "settings", "Settings", tooltip=SETTINGS_TIP, show=False),
        # `?`, `/` and Del reach the screen only while the filter is empty (FilterBox).
        Binding("question_mark", "help", "Help", tooltip="Show the keys"),
        Binding("f1", "help", show=False),
        Binding("slash", "focus_filter", show=False),
        # Priority, as the app's own Ctrl+Q, so that the footer shows this one.
        Binding("ctrl+q", "app.quit", "Quit", tooltip="Quit legtimer", priority=True),
    ]
    # What the help lists: every key above, in words, with the ones that come in pairs joined.
    KEYS_HELP = [
        Binding("enter", "", "Start", tooltip="Start the selected routine"),
        Binding("up,down", "", "Move", tooltip="Move in the list (PgUp/PgDn too)"),
        Binding("escape", "", "Clear", tooltip="Clear the filter"),
        Binding("ctrl+r", "", "History", tooltip="Review past sessions"),
        Binding("ctrl+n", "", "New", tooltip="Create a new routine"),
        Binding("ctrl+e", "", "Edit", tooltip="Edit the selected routine"),
        Binding("ctrl+d", "", "Copy", tooltip="Make a copy to change"),
        Binding("delete", "", "Delete", tooltip="Delete a routine of yours"),
        Binding("ctrl+t", "", "Theme", tooltip="Switch the colour theme"),
        Binding("ctrl+o", "", "Settings", tooltip=SETTINGS_TIP),
        Binding("ctrl+q", "", "Quit", tooltip="Quit legtimer"),
    ]
    HELP_INTRO = "Type to filter. Del, / and ? act on an empty filter."

    def __init__(self, context: AppContext, *, offer_resume: bool = True) -> None:
        super().__init__()
        self.context = context
        self.offer_resume = offer_resume  # False when the app was opened on a routine to run
        self.entries: list[Entry] = []
        self._away = False  # another screen was on top: reload when back
        self._list_when_back = False  # a full screen (a session, say) was on top
        self._new_filter = False  # back from it: the next key typed starts a new filter

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="routines-pane"):
                yield FilterBox(placeholder=FILTER_HINT, id="filter")
                yield RoutineTable(id="routines")
            with VerticalScroll(id="details-pane"):
                yield RoutineDetails(id="details")
        # The palette's own key would push Quit off an 80-column footer: the help names it.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.load_routines()
        store = self.context.store
        # Most starts have nothing to offer, and one read says so without waiting.
        if self.offer_resume and store is not None and resumable.may_have_one(store):
            # Until the full look is done, keys wait with it instead of reaching home.
            self.app.push_screen(Waiting("Looking for an unfinished session…"))
            self.look_for_unfinished()

    def on_resize(self, event: events.Resize) -> None:
        # Below 80 columns the keys fit only with less space around them.
        self.query_one(Footer).compact = event.size.width < 80

    def on_screen_suspend(self) -> None:
        self._away = True
        self._list_when_back = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        if self._away:  # a routine may have been saved; "last done" may have changed
            self._away = False
            self.load_routines()
        if self._list_when_back:
            # Back from a session, keys go to the list, not on into the filter; and what
            # is typed next starts a new filter, as in a search box whose text is selected.
            self._list_when_back = False
            self._new_filter = True
            self.query_one(RoutineTable).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere filters: a printable key on the list goes to the filter box."""
        box = self.query_one("#filter", Input)
        if self.focused is box or not (event.is_printable or event.key == "backspace"):
            return
        event.stop()
        event.prevent_default()
        self.type_into_filter("" if event.key == "backspace" else event.character or "")

    def type_into_filter(self, text: str) -> None:
        """Add `text` to the filter (an empty text: take one character off) and go there."""
        box = self.query_one("#filter", Input)
        box.focus()
        kept = "" if self._new_filter else box.value
        self._new_filter = False
        box.value = kept + text if text else kept[:-1]
        box.cursor_position = len(box.value)

    # ----------------------------------------------------------------- the list

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value

    def load_routines(self) -> None:
        self.entries = catalog.discover()
        self.query_one(RoutineTable).show(self.entries, self.filter_text)
        self.show_details()

    def select_routine(self, path: Path) -> None:
        """Reload and put the cursor on this routine's file (one just saved, say)."""
        self.load_routines()
        if self.query_one(RoutineTable).select_key(str(path)):
            self.show_details()

    def selected(self) -> Entry | None:
        key = self.query_one(RoutineTable).selected_key()
        return next((entry for entry in self.entries if str(entry.path) == key), None)

    def show_details(self) -> None:
        """The selected routine with today's targets: two small reads (about 1 ms on ten
        years of history), so the pane follows the cursor without a wait."""
        entry = self.selected()
        store = self.context.store
        settings = self.context.settings
        last_done = None
        targets = None
        if entry is not None and entry.routine is not None and store is not None:
            try:
                last_done = store.last_done(entry.id)
                targets = todays_targets(
                    store, entry.routine, today=self.context.today(), units=settings.units
                )
            except (HistoryError, sqlite3.Error):
                targets = None  # the routine's own targets; the history's problem is said elsewhere
        self.query_one(RoutineDetails).show(
            entry, last_done, targets, get_ready=settings.get_ready, units=settings.units
        )

    @on(DataTable.RowHighlighted, "#routines")
    def _highlighted(self) -> None:
        self.show_details()

    @on(DataTable.RowSelected, "#routines")
    def _selected(self) -> None:
        self.action_start()

    @on(FilterBox.HelpAsked)
    def _help_asked(self) -> None:
        self.action_help()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        # As the list narrows, the best match (name, then id, then tags) is selected.
        self.query_one(RoutineTable).show(self.entries, event.value, best=True)
        self.show_details()

    # ----------------------------------------------------------------- actions

    def action_move(self, where: str) -> None:
        table = self.query_one(RoutineTable)
        {
            "up": table.action_cursor_up,
            "down": table.action_cursor_down,
            "page_up": table.action_page_up,
            "page_down": table.action_page_down,
        }[where]()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.value:
            raise SkipAction()
        box.value = ""
        box.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(list(self.KEYS_HELP), intro=self.HELP_INTRO))

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

    def action_settings(self) -> None:
        self.post_message(OpenSettings())

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
        if not self.filter_text:  # with text in the filter, Del belongs to the filter
            self.delete_selected()

    @work(exclusive=True, group="home-delete")
    async def delete_selected(self) -> None:
        """Delete the selected routine file of the user's, after asking; built-ins never."""
        entry = self.selected()
        if entry is None:
            return
        if entry.source != catalog.USER or not is_user_routine(entry.path):
            self.notify(
                "Built-in routines cannot be deleted. Press Ctrl+D to make a copy of your own.",
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

    # ----------------------------------------------------------------- the resume offer

    @work(thread=True, exclusive=True, group="home-resume")
    def look_for_unfinished(self) -> None:
        """The full look, in a thread: marking dead sessions may wait for a locked file."""
        store = self.context.store
        assert store is not None
        found = resumable.find_latest(store.path)
        self.app.call_from_thread(self._offer, found)

    def _offer(self, found: resumable.Found) -> None:
        waiting = self.app.screen
        if not isinstance(waiting, Waiting):
            return  # the person skipped the wait: home has the keys now
        waiting.dismiss(None)
        if found.problem is not None:
            self.notify(
                f"Could not look for an unfinished session: {found.problem}",
                title="History",
                severity="warning",
                timeout=10,
            )
        elif found.latest is not None:
            self.offer(found.latest)

    def offer(self, latest: SessionSummary) -> None:
        """Offer the latest interrupted session: resume it, discard it, or decide later."""
        started = local(latest.started_at, "%a %d %b, %H:%M")
        description = (
            f"{safe_text(latest.routine_name)}, started {started}: "
            f"{latest.sets_done} of {plural(latest.sets_planned, 'set')} done. "
            "Resume where it stopped, or discard it (it stays in your history as interrupted)?"
        )

        def chosen(choice: str | None) -> None:
            if choice == "resume":
                self.post_message(ResumeSession(latest.id))
            elif choice == "discard" and self.context.store is not None:
                try:
                    self.context.store.dismiss(latest.id)
                except HistoryError as error:
                    self.notify(f"Could not discard it: {error}", severity="warning")

        # Typing over the offer goes on into the filter: they were typing a routine's name.
        self.app.push_screen(ResumeDialog(description, typed=self.type_into_filter), chosen)
