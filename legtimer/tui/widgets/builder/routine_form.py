"""The routine's own fields: name, description, tags, and the defaults its exercises inherit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from legtimer.tui.widgets.builder.fields import (
    DEFAULT_FIELDS,
    DEFAULT_PROGRESSION,
    ROUTINE_FIELDS,
)
from legtimer.tui.widgets.builder.item_form import ItemForm


class RoutineForm(ItemForm):
    KIND = "routine"

    def compose(self) -> ComposeResult:
        yield from self.rows(*ROUTINE_FIELDS)
        yield Label("Defaults (seconds)", classes="form-heading")
        yield from self.rows(*DEFAULT_FIELDS)
        yield Label("Progression (every exercise)", classes="form-heading")
        yield from self.rows(*DEFAULT_PROGRESSION)
        yield self.item_errors()
