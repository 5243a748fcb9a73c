"""The review's export: a dialog asking for the format and the file.

It writes the formats `legtimer export` writes (legtimer.core.queries.export),
and refuses the same targets with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from legtimer.core import paths
from legtimer.core.queries.export import ExportFormat, target_problem
from legtimer.render.formats import plural
from legtimer.tui.screens.dialogs import Dialog
from legtimer.tui.widgets.review import SHORT_HEIGHT


@dataclass(frozen=True)
class ExportRequest:
    fmt: ExportFormat
    path: Path


def exports_dir() -> Path:
    """Where exports go unless the person says otherwise: beside the history."""
    return paths.data_dir() / "exports"


def default_path(fmt: ExportFormat, today: date) -> str:
    """The file the dialog offers, with the home folder written as ~."""
    path = exports_dir() / f"legtimer-export-{today:%Y%m%d}.{fmt}"
    home = Path.home()
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)


class ExportDialog(Dialog[ExportRequest | None]):
    """Ask for the format and the file; dismisses with the request, or None."""

    DEFAULT_CSS = """
    ExportDialog {
        #export-format { width: 100%; height: auto; layout: horizontal; margin-bottom: 1; }
        #export-path { margin-bottom: 1; }
    }
    ExportDialog.-short .dialog-body { display: none; }
    """
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
                f"All {plural(self.sessions, 'session')}, in the formats `legtimer export` "
                "writes: JSON (can be imported again) or CSV (a row per step, for spreadsheets).",
                classes="dialog-body",
            )
            with RadioSet(id="export-format"):
                yield RadioButton("JSON", value=True, id="format-json")
                yield RadioButton("CSV", id="format-csv")
            yield Label("Write to:")
            yield Input(default_path(ExportFormat.JSON, self.today), id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="export")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_resize(self, event: events.Resize) -> None:
        # The app's `.dialog` rule is app CSS, which outranks any DEFAULT_CSS, so
        # the tighter padding of a short terminal is set on the widget itself.
        dialog = self.query_one("#export-dialog")
        if event.size.height < SHORT_HEIGHT:
            dialog.styles.padding = (0, 1)
        else:
            dialog.styles.clear_rule("padding")

    @property
    def fmt(self) -> ExportFormat:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        csv = pressed is not None and pressed.id == "format-csv"
        return ExportFormat.CSV if csv else ExportFormat.JSON

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        """Keep the file's suffix in step with the format, unless the person chose another."""
        path_input = self.query_one("#export-path", Input)
        for other in ExportFormat:
            if path_input.value.endswith(f".{other}"):
                path_input.value = path_input.value[: -len(other)] + self.fmt
                break

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        # Only Save writes: Enter in the field goes to the Save button.
        self.query_one("#export", Button).focus()

    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.notify("Give a file to write the export to.", severity="warning", markup=False)
            return
        path = Path(text).expanduser()
        if path.parent == exports_dir():
            try:  # the folder legtimer offers is made on the first export
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self.notify(
                    f"Cannot make {path.parent}: {error.strerror}", severity="warning", markup=False
                )
                return
        problem = target_problem(path)
        if problem is not None:
            self.notify(problem[0].upper() + problem[1:] + ".", severity="warning", markup=False)
            return
        self.dismiss(ExportRequest(self.fmt, path))

    def action_cancel(self) -> None:
        self.dismiss(None)
