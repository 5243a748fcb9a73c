"""Every exercise's personal bests, left and right side by side, and the selected
one's best per week or month.

The bests are one SQL aggregate, queried when the panel is first shown; each
exercise's progress is queried once per week/month and kept.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from legtimer.core.history import HistoryStore
from legtimer.core.queries.bests import (
    BestRow,
    ProgressPoint,
    group_bests,
    personal_bests,
    progress,
)
from legtimer.core.queries.exercise_log import Best, bests
from legtimer.core.queries.periods import Span
from legtimer.core.records import TargetPoint, target_history
from legtimer.render.charts import progress_chart
from legtimer.render.stats import BEST_COLUMNS, NO_BESTS, best_cells
from legtimer.render.target_chart import TARGET_MARGINS, heaviest_line, target_chart


class ProgressPanel(Vertical):
    """The bests table over the progress chart of the exercise under the cursor."""

    # Unscoped so the rules can follow the screen's breakpoint classes; each one
    # still starts from this widget's type.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ProgressPanel { height: 1fr; }
    ProgressPanel #bests-table { height: 1fr; min-height: 4; }
    ProgressPanel #progress-chart {
        height: auto;
        max-height: 20;
        padding: 0 1;
        border-top: solid $panel;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    Screen.-short ProgressPanel #progress-chart { max-height: 6; }
    """

    def __init__(
        self, store: HistoryStore | None, *, units: str = "kg", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self.units = units
        self.loaded = False
        self.span = Span.MONTH
        self.rows: dict[str, BestRow] = {}
        # (exercise, span) -> its progress, queried once each.
        self._progress: dict[tuple[str, Span], list[ProgressPoint]] = {}
        # exercise -> its targets against what was done, and its heaviest sets.
        self._targets: dict[str, tuple[list[TargetPoint], list[Best]]] = {}

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#bests-table", DataTable)

    def compose(self) -> ComposeResult:
        table: DataTable[object] = DataTable(
            id="bests-table", cursor_type="row", zebra_stripes=True
        )
        table.add_columns(*BEST_COLUMNS)
        yield table
        yield Static("", id="progress-chart")

    def load(self) -> None:
        """Query the bests (afresh: the history may have changed) and show them."""
        self.loaded = True
        self._progress.clear()
        self._targets.clear()
        table = self.table
        table.clear()
        rows = group_bests(personal_bests(self.store)) if self.store is not None else []
        self.rows = {row.key: row for row in rows}
        for row in rows:
            table.add_row(*best_cells(row), key=row.key)
        if not rows:
            self.query_one("#progress-chart", Static).update(NO_BESTS)
            return
        self.show_progress()

    def selected(self) -> BestRow | None:
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    def show_progress(self) -> None:
        """Draw the progress chart of the exercise under the cursor."""
        row, store = self.selected(), self.store
        if row is None or store is None:
            return
        points = self._progress.get((row.exercise, self.span))
        if points is None:
            points = progress(store, row.exercise, span=self.span)
            self._progress[(row.exercise, self.span)] = points
        width = self.app.size.width - 2
        targets = self._targets.get(row.exercise)
        if targets is None:
            targets = (
                target_history(store, row.exercise, latest=max(4, width - TARGET_MARGINS)),
                bests(store, exercises=[row.exercise]),
            )
            self._targets[row.exercise] = targets
        parts: list[RenderableType] = [
            progress_chart(row, points, period=self.span, width=width),
            Text(""),
            target_chart(targets[0], row.kind, width=width),
        ]
        heaviest = heaviest_line(targets[1], self.units)
        if heaviest is not None:
            parts.append(heaviest)
        self.query_one("#progress-chart", Static).update(Group(*parts))

    def toggle_span(self) -> None:
        """Progress per week instead of per month, or back."""
        self.span = Span.WEEK if self.span is Span.MONTH else Span.MONTH
        self.show_progress()

    @on(DataTable.RowHighlighted, "#bests-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.loaded:
            self.show_progress()
