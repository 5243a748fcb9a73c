"""Last time, today's target and the load of the exercise at hand, under its title.

The screen sets the three lines when the step (or the load) changes; the widget
only draws them, centred, and takes no room when it has nothing to say.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class StepTargets(Static):
    DEFAULT_CSS = """
    StepTargets {
        width: 100%;
        height: auto;
        color: $text-muted;
        &.-empty { display: none; }
    }
    """

    lines: reactive[tuple[str, str, str]] = reactive(("", "", ""), init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-empty", markup=False)

    def show_targets(self, last: str, target: str, load: str) -> None:
        """Last time ("Last: 3 × 30 s"), today's target ("Today: 35 s (+5 after ...)")
        and the load ("Load: 22.5 kg"); an empty one takes no line."""
        self.lines = (last, target, load)

    def watch_lines(self, lines: tuple[str, str, str]) -> None:
        shown = [line for line in lines if line]
        # Exercise names and reasons come from routine files: plain text, never markup.
        self.update(Text("\n".join(shown), justify="center"))
        self.set_class(not shown, "-empty")
