"""The session's progress bar: drawn only when the drawn bar changes.

Textual's ProgressBar keeps a 1 Hz timer of its own for its ETA, which wakes
the app between our own once-a-second redraws; this bar has no timer at all.
"""

from __future__ import annotations

from rich.progress_bar import ProgressBar as RichBar
from rich.style import Style
from textual.reactive import reactive
from textual.widget import Widget


class SessionBar(Widget):
    DEFAULT_CSS = """
    SessionBar { height: 1; width: 1fr; }
    """

    # In half cells of the bar's width: what the eye can see change.
    cells: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fraction = 0.0

    def set_fraction(self, fraction: float) -> None:
        self.fraction = max(0.0, min(1.0, fraction))
        self.cells = round(self.fraction * max(1, self.size.width) * 2)

    def on_resize(self) -> None:
        self.set_fraction(self.fraction)

    def render(self) -> RichBar:
        width = max(1, self.size.width)
        done = Style(color=self.styles.color.rich_color)  # the theme colour from the stylesheet
        return RichBar(
            total=width * 2,
            completed=self.cells,
            width=width,
            complete_style=done,
            finished_style=done,
            style=Style(dim=True),
        )
