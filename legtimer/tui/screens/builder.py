"""Routine builder (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from legtimer.routine import Routine


class BuilderScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, routine: Routine | None, *, copy: bool = False) -> None:
        super().__init__()
        self.routine = routine
        self.copy = copy

    def compose(self) -> ComposeResult:
        yield Static("The routine builder is being built; see docs/routines.md.")
        yield Footer()
