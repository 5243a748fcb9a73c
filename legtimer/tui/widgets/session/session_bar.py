"""The session's progress line: elapsed time, a bar, remaining time, in one widget.

One widget, not three: a tick that changes both times repaints one line. It is drawn
with the line API from one cached strip, rebuilt only when what is shown changes (the
bar grows by a half cell every few seconds): a Rich table and progress bar cost a
millisecond each time, on the clock's every tick. Textual's ProgressBar is not used
either: it keeps a 1 Hz timer of its own (for its ETA) that wakes the app between our
own once-a-second redraws.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from legtimer.core.display import SessionView

TIME_WIDTH = 12
GAP = 1  # between a time and the bar

# Rich's progress bar glyphs: a whole cell, and the right or left half of one.
BAR, HALF_RIGHT, HALF_LEFT = "━", "╸", "╺"


class SessionBar(Widget):
    DEFAULT_CSS = """
    SessionBar { height: 1; width: 1fr; color: $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fraction = 0.0
        self.elapsed = ""
        self.remaining = ""
        # What is drawn: the bar's length in half cells (what the eye can see change)
        # and the two times.
        self.shown: tuple[int, str, str] = (0, "", "")
        self._strip: Strip | None = None

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
        shown = (round(self.fraction * self._bar_width() * 2), elapsed, remaining)
        if shown != self.shown:
            self.shown = shown
            self._strip = None
            self.refresh()

    def _bar_width(self) -> int:
        return max(1, self.size.width - 2 * (TIME_WIDTH + GAP))

    def on_resize(self) -> None:
        self._strip = None
        self.update_progress(self.fraction, self.elapsed, self.remaining)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None  # the theme's colours changed

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y:
            return Strip.blank(self.size.width, base)
        if self._strip is None:
            self._strip = self._build(base)
        return self._strip

    def _build(self, base: Style) -> Strip:
        halves, elapsed, remaining = self.shown
        width = self._bar_width()
        whole, half = divmod(min(halves, width * 2), 2)
        undone = base + Style(dim=True)
        segments = [Segment(f"{elapsed[:TIME_WIDTH]:<{TIME_WIDTH}}{' ' * GAP}", base)]
        segments.append(Segment(BAR * whole + HALF_RIGHT * half, base))
        rest = width - whole - half
        if rest and whole and not half:
            segments.append(Segment(HALF_LEFT, undone))  # where the done part ends
            rest -= 1
        segments.append(Segment(BAR * rest, undone))
        left = f"{remaining} left" if remaining else ""
        segments.append(Segment(f"{' ' * GAP}{left[:TIME_WIDTH]:>{TIME_WIDTH}}", base))
        drawn = [segment for segment in segments if segment.text]
        return Strip(drawn).adjust_cell_length(self.size.width, base)
