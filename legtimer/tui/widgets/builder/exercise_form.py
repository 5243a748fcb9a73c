"""An exercise's fields, with its kind (a menu) and per-side (a switch) besides the inputs.

The kind and sides change which fields apply, so the form posts them up
(`KindChanged`, `PerSideChanged`) and the screen sets a new state: a hold
has seconds and no tempo, per-side work has a switch pause.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Select, Switch

from legtimer.core.routines.draft import Ref
from legtimer.tui.widgets.builder.field_row import FieldRow
from legtimer.tui.widgets.builder.fields import (
    DEFAULT_KIND,
    EXERCISE_FIELDS,
    EXERCISE_PROGRESSION,
    FormState,
)
from legtimer.tui.widgets.builder.item_form import ItemForm

KIND_CHOICES = [("Hold", "hold"), ("Reps", "reps"), ("Work", "work")]
AMOUNT_LABELS = {"hold": "Seconds", "reps": "Reps", "work": "Seconds"}


class ExerciseForm(ItemForm):
    KIND = "exercise"

    @dataclass
    class KindChanged(Message):
        """Hold, Reps or Work was picked for the exercise at `ref`."""

        ref: Ref
        kind: str

    @dataclass
    class PerSideChanged(Message):
        """Per-side was switched on or off for the exercise at `ref`."""

        ref: Ref
        per_side: bool

    def compose(self) -> ComposeResult:
        for spec in EXERCISE_FIELDS:
            if spec.key == "amount":
                with Horizontal(classes="field-row"):
                    yield Label("Kind", classes="field-label")
                    yield Select(
                        KIND_CHOICES,
                        allow_blank=False,
                        value=DEFAULT_KIND,
                        id="exercise-kind",
                        compact=True,
                    )
            yield FieldRow(spec)
            if spec.key == "sets":
                with Horizontal(classes="field-row"):
                    yield Label("Per side", classes="field-label")
                    yield Switch(id="exercise-per_side")
                    yield Label("left then right", classes="field-hint")
        yield Label("Load and progression", classes="form-heading")
        yield from self.rows(*EXERCISE_PROGRESSION)
        yield self.item_errors()

    def watch_state(self, state: FormState | None) -> None:
        super().watch_state(state)
        if state is None:
            return
        with self.prevent(Select.Changed, Switch.Changed):
            self.query_one("#exercise-kind", Select).value = state.kind
            self.query_one("#exercise-per_side", Switch).value = state.per_side
        self.query_one("#exercise-amount-label", Label).update(AMOUNT_LABELS[state.kind])
        hint = "repetitions" if state.kind == "reps" else "seconds"
        self.query_one("#exercise-amount", Input).placeholder = hint

    @on(Select.Changed, "#exercise-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.state is not None and isinstance(event.value, str):
            self.post_message(self.KindChanged(self.state.ref, event.value))

    @on(Switch.Changed, "#exercise-per_side")
    def _per_side_changed(self, event: Switch.Changed) -> None:
        event.stop()
        if self.state is not None:
            self.post_message(self.PerSideChanged(self.state.ref, event.value))
