"""Reference: a plain Textual app with the home screen's widgets and no legtimer code.

A header, a filter box, a table of seven routines, a details pane and a footer with the
home screen's eight keys: what Textual itself costs for such a screen (startup benchmark).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Static

KEYS = [
    ("enter", "Start"),
    ("slash", "Filter"),
    ("h", "History"),
    ("n", "New"),
    ("e", "Edit"),
    ("c", "Copy"),
    ("t", "Theme"),
    ("q", "Quit"),
]
DETAILS = "A run on a treadmill or a track: an easy warm-up jog, then hard efforts. " * 12


class MinimalHome(App[None]):
    TITLE = "legbench"
    CSS = """
    #routines-pane { width: 60; }
    #details-pane { border-left: tall $accent; padding: 0 1; }
    """
    BINDINGS = [Binding(key, "bell", description) for key, description in KEYS]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="routines-pane"):
                yield Input(placeholder="Type to filter routines")
                table: DataTable[str] = DataTable(cursor_type="row")
                table.add_columns("Routine", "Source", "Ex.", "Time")
                for number in range(1, 8):
                    table.add_row(f"Routine {number}", "built-in", "7", "44 min")
                yield table
            with VerticalScroll(id="details-pane"):
                yield Static(DETAILS)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()


if __name__ == "__main__":
    MinimalHome().run()
