"""The session's progress line: elapsed time, a bar, remaining time, in one widget.

One widget, not three: a tick that changes both times repaints one line.
Textual's ProgressBar is not used because it keeps a 1 Hz timer of its own
(for its ETA) that wakes the app between our own once-a-second redraws.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.progress_bar import ProgressBar as RichBar
from rich.style import Style
from rich.table import Table
from textual.reactive import reactive
from textual.widget import Widget

from legtimer.core.display import SessionView

TIME_WIDTH = 12


class SessionBar(Widget):
    DEFAULT_CSS = """
    SessionBar { height: 1; width: 1fr; color: $accent; }
    """

    # What is drawn: bar length in half cells (what the eye can see change) and the two times.
    shown: reactive[tuple[int, str, str]] = reactive((0, "", ""))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fraction = 0.0
        self.elapsed = ""
        self.remaining = ""

    def show(self, view: SessionView) -> None:
        if (view.progress, view.elapsed, view.remaining) != (
            self.fraction,
            self.elapsed,
            self.remaining,
        ):
            self.update_progress(view.progress, view.elapsed, view.remaining)

    def update_progress(self, fraction: float, elapsed: str, remaining: str) -> None:
        self.fraction = max(0.0, min(1.0, fraction))
        self.elapsed, self.remaining = elapsed, remaining
        cells = round(self.fraction * self._bar_width() * 2)
        self.shown = (cells, elapsed, remaining)

    def _bar_width(self) -> int:
        return max(1, self.size.width - 2 * TIME_WIDTH)

    def on_resize(self) -> None:
        self.update_progress(self.fraction, self.elapsed, self.remaining)

    def render(self) -> RenderableType:
        cells, elapsed, remaining = self.shown
        width = self._bar_width()
        done = Style(color=self.styles.color.rich_color)  # the theme colour from the stylesheet
        bar = RichBar(
            total=width * 2,
            completed=cells,
            width=width,
            complete_style=done,
            finished_style=done,
            style=Style(dim=True),
        )
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(width=TIME_WIDTH)
        grid.add_column(ratio=1)
        grid.add_column(width=TIME_WIDTH, justify="right")
        grid.add_row(elapsed, bar, f"{remaining} left" if remaining else "")
        return grid
