"""Every routine found on disk, one row each, filtered by what the person typed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from legtimer.core.plan import build_plan
from legtimer.core.routines.catalog import Entry
from legtimer.core.timefmt import minutes


class RoutineTable(DataTable[str | Text]):
    """Name, source, exercises and time of each routine; a row's key is its file's path."""

    DEFAULT_CSS = """
    RoutineTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.add_columns("Routine", "Source", "Ex.", "Time")

    def show(self, entries: Sequence[Entry], text: str) -> None:
        """The entries whose name, id, tags or description hold `text` (any case)."""
        # Keep the selection across a reload or a new filter (back from a session, say).
        kept = self.selected_key()
        self.clear()
        wanted = text.casefold().strip()
        for entry in entries:
            if wanted and wanted not in _haystack(entry):
                continue
            routine = entry.routine
            if routine is None:
                self.add_row(
                    Text(entry.id, style="red"), entry.source, "-", "broken", key=str(entry.path)
                )
                continue
            plan = build_plan(routine)
            self.add_row(
                Text(routine.name, no_wrap=True, end=""),  # a str cell would be read as markup
                entry.source,
                str(len(routine.exercises)),
                minutes(plan.total_seconds, estimated=plan.has_estimates),
                key=str(entry.path),
            )
        if kept is not None:
            self.select_key(kept)

    def selected_key(self) -> str | None:
        """The key (file path) of the row under the cursor, if there is a row."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def select_key(self, key: str) -> bool:
        """Put the cursor on this row if it is shown; whether it is."""
        if key not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(key), animate=False)
        return True


def _haystack(entry: Entry) -> str:
    """What the filter searches, folded for a case-blind match."""
    text = entry.name + " " + entry.id
    if entry.routine is not None:
        text += " " + " ".join(entry.routine.tags) + " " + entry.routine.description
    return text.casefold()
