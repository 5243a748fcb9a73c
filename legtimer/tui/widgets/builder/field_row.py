"""One field of a builder form: its title, its input, and the problem found in it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from legtimer.tui.widgets.builder.fields import FieldSpec


class FieldRow(Vertical):
    """A titled input with the validator's message under it (hidden while there is none).

    Its input has the spec's ident as id; the row adds "-field", its title
    "-label" and its message "-error".
    """

    error: reactive[str] = reactive("", init=False)

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(classes="field", id=f"{spec.ident}-field")
        self.spec = spec

    def compose(self) -> ComposeResult:
        spec = self.spec
        control: Widget
        if spec.multiline:
            control = TextArea(
                id=spec.ident,
                soft_wrap=True,
                compact=True,
                classes="field-text",
                tab_behavior="focus",
            )
        else:
            control = Input(placeholder=spec.placeholder, id=spec.ident, compact=True)
        with Horizontal(classes="field-row"):
            yield Label(spec.title, classes="field-label", id=f"{spec.ident}-label")
            yield control
        yield Label("", classes="field-error", id=f"{spec.ident}-error")

    def watch_error(self, error: str) -> None:
        label = self.query_one(f"#{self.spec.ident}-error", Label)
        label.update(Text(error))
        label.display = bool(error)
