"""Baseline: a minimal Textual countdown, a Digits widget updated once a second."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Digits


class MinimalCountdown(App[None]):
    CSS = "Digits { width: auto; }"

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.left = seconds

    def compose(self) -> ComposeResult:
        yield Digits(self._text(), id="clock")

    def on_mount(self) -> None:
        self.set_interval(1, self.tick)

    def _text(self) -> str:
        minutes, seconds = divmod(max(0, self.left), 60)
        return f"{minutes}:{seconds:02d}"

    def tick(self) -> None:
        self.left -= 1
        self.query_one("#clock", Digits).update(self._text())
        if self.left <= 0:
            self.exit()


if __name__ == "__main__":
    MinimalCountdown(int(sys.argv[1]) if len(sys.argv) > 1 else 600).run()
