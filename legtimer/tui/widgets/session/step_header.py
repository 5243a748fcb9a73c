"""The top line: the routine's name, and where in it this step is (set, side, round)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from legtimer.core.display import SessionView


class StepHeader(Horizontal):
    DEFAULT_CSS = """
    StepHeader {
        height: 1;
        #routine-name { width: 1fr; color: $text-muted; }
        #detail { width: auto; text-style: bold; }
    }
    """

    def __init__(self, routine_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.routine_name = routine_name
        self.detail: str | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.routine_name, id="routine-name", markup=False)  # from the file
        yield Label("", id="detail", markup=False)

    def show(self, view: SessionView) -> None:
        before, self.detail = self.detail, view.detail
        if before != view.detail:
            self.query_one("#detail", Label).update(view.detail)
