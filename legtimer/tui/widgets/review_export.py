"""Export from the review screen: the dialog asking what and where, and the writing.

The formats are the ones `legtimer export` writes (legtimer.core.queries.exchange). The
export reads the history through a connection of its own, so it can run in
a worker thread while the screen stays responsive.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from legtimer.core import files
from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.queries import exchange
from legtimer.tui.screens.dialogs import Dialog

FORMATS = ("json", "csv")


@dataclass(frozen=True)
class ExportRequest:
    fmt: str  # "json" or "csv"
    path: Path


class ExportError(Exception):
    """The export could not be written; the message says why."""


def default_path(fmt: str, today: date) -> str:
    return f"~/legtimer-export-{today:%Y%m%d}.{fmt}"


class ExportDialog(Dialog[ExportRequest | None]):
    """Ask for the format and the file; dismisses with the request, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("ctrl+s", "export", "Export", show=False),
    ]

    def __init__(self, sessions: int, today: date) -> None:
        super().__init__()
        self.sessions = sessions
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="export-dialog"):
            yield Label("Export your history", classes="dialog-title")
            yield Static(
                f"All {self.sessions} session{'s' if self.sessions != 1 else ''}, in the "
                "formats `legtimer export` writes: JSON (can be imported again) or CSV "
                "(a row per step, for spreadsheets).",
                classes="dialog-body",
            )
            with RadioSet(id="export-format"):
                yield RadioButton("JSON", value=True, id="format-json")
                yield RadioButton("CSV", id="format-csv")
            yield Label("Write to:")
            yield Input(default_path("json", self.today), id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def fmt(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return "csv" if pressed is not None and pressed.id == "format-csv" else "json"

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        """Keep the file's suffix in step with the format, unless the person chose another."""
        path_input = self.query_one("#export-path", Input)
        for other in FORMATS:
            if path_input.value.endswith(f".{other}"):
                path_input.value = path_input.value[: -len(other)] + self.fmt
                break

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.notify("Give a file to write the export to.", severity="warning")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.notify(f"{path} is a folder; give a file name.", severity="warning")
            return
        if not path.parent.is_dir():
            self.notify(f"The folder {path.parent} does not exist.", severity="warning")
            return
        self.dismiss(ExportRequest(self.fmt, path))

    def action_cancel(self) -> None:
        self.dismiss(None)


def export_history(database: Path, request: ExportRequest) -> int:
    """Write the whole history at `database` as asked; returns how many sessions.

    Opens its own connection (SQLite connections stay in their thread).
    Raises ExportError when it cannot.
    """
    try:
        store = HistoryStore.open(database, recover=False)
    except HistoryError as error:
        raise ExportError(str(error)) from None
    try:
        count = store.count()
        if request.fmt == "csv":
            buffer = io.StringIO()
            exchange.write_csv(store, buffer)
            text = buffer.getvalue()
        else:
            text = exchange.dump_json(exchange.export_document(store))
    except sqlite3.Error as error:
        raise ExportError(f"cannot read the history: {error}") from None
    finally:
        store.close()
    write_atomically(request.path, text)
    return count


def write_atomically(path: Path, text: str) -> None:
    try:
        files.write_atomically(path, text)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
