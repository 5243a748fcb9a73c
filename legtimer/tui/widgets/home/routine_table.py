"""Every routine found on disk, one row each, filtered by what the person typed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from legtimer.core.plan import build_plan
from legtimer.core.routines.catalog import Entry
from legtimer.core.timefmt import minutes
from legtimer.render.literal import literal

# Source, exercises and time with the cell padding: what a name leaves room for.
OTHER_COLUMNS = 28
SHORTEST_NAME = 12  # a name is never cut shorter than this


class RoutineTable(DataTable[str | Text]):
    """Name, source, exercises and time of each routine; a row's key is its file's path."""

    DEFAULT_CSS = """
    RoutineTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.add_columns("Routine", "Source", "Ex.", "Time")
        self._shown: tuple[Sequence[Entry], str] = ((), "")
        self._name_width = 0

    def on_resize(self) -> None:
        # Names are cut to the room there is: a new width shows them again.
        if self._width_for_names() != self._name_width and self.row_count:
            self.show(*self._shown)

    def _width_for_names(self) -> int:
        return max(SHORTEST_NAME, self.size.width - OTHER_COLUMNS)

    def show(self, entries: Sequence[Entry], text: str, *, best: bool = False) -> None:
        """The entries whose name, id, tags or description hold `text` (any case).

        The selection is kept across a reload (back from a session, say); with `best`
        (the filter changed) the cursor goes to the best match instead.
        """
        kept = self.selected_key()
        self.clear()
        self._shown = (entries, text)
        self._name_width = width = self._width_for_names()
        wanted = text.casefold().strip()
        shown = [entry for entry in entries if not wanted or wanted in _haystack(entry)]
        if best and wanted and shown:
            kept = str(min(shown, key=lambda entry: rank(entry, wanted)).path)
        for entry in shown:
            routine = entry.routine
            if routine is None:
                self.add_row(
                    _cell(entry.id, width, "red"),
                    entry.source,
                    "-",
                    "broken",
                    key=str(entry.path),
                )
                continue
            plan = build_plan(routine)
            self.add_row(
                _cell(routine.name, width),
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


def _cell(name: str, width: int, style: str = "") -> Text:
    """A name from a file as a cell: a str cell would be read as markup. A name longer
    than `width` is cut with an ellipsis, so the other columns stay on screen (the
    details show it whole)."""
    text = literal(name, style, multiline=False)
    text.no_wrap = True
    text.end = ""
    text.truncate(width, overflow="ellipsis")
    return text


def rank(entry: Entry, wanted: str) -> int:
    """How well an entry matches (lower is better): the name's start, the name, the id,
    a tag, then only the description. `min` keeps the list's order among equals."""
    name = entry.name.casefold()
    tags = entry.routine.tags if entry.routine is not None else ()
    if name.startswith(wanted):
        return 0
    if wanted in name:
        return 1
    if wanted in entry.id.casefold():
        return 2
    if any(wanted in tag.casefold() for tag in tags):
        return 3
    return 4


def _haystack(entry: Entry) -> str:
    """What the filter searches, folded for a case-blind match."""
    text = entry.name + " " + entry.id
    if entry.routine is not None:
        text += " " + " ".join(entry.routine.tags) + " " + entry.routine.description
    return text.casefold()
