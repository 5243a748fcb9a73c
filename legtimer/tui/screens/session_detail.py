"""One session from the history, step by step; it can be deleted from here."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header

from legtimer.core.history import HistoryError, HistoryStore
from legtimer.render.formats import local
from legtimer.tui.context import AppContext
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen
from legtimer.tui.widgets.review.session_detail import SessionDetail


class SessionDetailScreen(Screen[bool]):
    """One session: planned versus done, every step, pauses, skips, note and effort.

    Dismisses with True when the session was deleted.
    """

    DEFAULT_CSS = """
    SessionDetailScreen.-short Header { display: none; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the sessions", id="back"),
        Binding("d", "delete", "Delete", tooltip="Delete this session (asks first)", id="delete"),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
    ]

    def __init__(self, context: AppContext, session_id: str) -> None:
        super().__init__()
        self.context = context
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield SessionDetail(id="session-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Session"
        detail = self.query_one(SessionDetail)
        store = self.context.store
        summary = store.session(self.session_id) if store is not None else None
        if store is None or summary is None:
            detail.show(None, None, [])
            return
        self.sub_title = f"{summary.routine_name}, {local(summary.started_at)}"
        detail.show(summary, store.routine_copy(summary.id), store.steps(summary.id))
        detail.focus()

    def action_back(self) -> None:
        self.dismiss(False)

    def action_delete(self) -> None:
        store = self.context.store
        summary = store.session(self.session_id) if store is not None else None
        if store is None or summary is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and delete_session(self, store, self.session_id):
                self.dismiss(True)

        self.app.push_screen(confirm_delete(summary.routine_name, summary.started_at), answered)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.BINDINGS))


def confirm_delete(routine_name: str, started_at: datetime) -> ConfirmDialog:
    """The question asked before a session is deleted, wherever it is deleted from."""
    return ConfirmDialog(
        "Delete this session?",
        f"{routine_name}, {local(started_at)}, and all its steps will be removed from "
        "your history. This cannot be undone (an export keeps a copy).",
        yes="Delete",
        no="Keep",
    )


def delete_session(node: Widget, store: HistoryStore, session_id: str) -> bool:
    """Delete a session and say so; True if it was deleted."""
    try:
        deleted = store.delete_session(session_id)
    except HistoryError as error:
        node.notify(str(error), title="Not deleted", severity="error", timeout=10, markup=False)
        return False
    if deleted:
        node.notify("Session deleted.", timeout=4, markup=False)
    return deleted
