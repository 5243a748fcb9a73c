"""What the builder's three forms share: fields filled from a state, typing posted up.

The screen sets `state` (the item's field texts, from the draft), `errors`
(the validator's messages for the item) and `defaults` (what empty fields
inherit). A typed field updates `state` in place, without refilling the form,
and posts `ItemForm.Edited` with the text; the screen writes it into the draft.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Switch, TextArea

from legtimer.core.routines import Defaults
from legtimer.core.routines.draft import Ref
from legtimer.tui.widgets.builder.field_row import FieldRow
from legtimer.tui.widgets.builder.fields import (
    FORM_FIELDS,
    FieldSpec,
    FormErrors,
    FormState,
    placeholder,
)


class ItemForm(Vertical):
    """The fields of one kind of item: the routine, a block or an exercise."""

    DEFAULT_CSS = """
    ItemForm {
        height: auto;
        & .form-heading { margin-top: 1; text-style: bold; color: $text-muted; }
        & .field { height: auto; }
        & .field-row { height: auto; margin-top: 1; }
        & .field-label { width: 15; color: $text-muted; padding-right: 1; }
        & .field-hint { color: $text-muted; padding-left: 1; width: 1fr; height: auto; }
        & .field-row Input { width: 1fr; }
        & .field-row Select { width: 1fr; }
        & .field-row .field-text { width: 1fr; height: 3; max-height: 6; }
        & .field-row Switch { border: none; padding: 0; height: 1; }
        & .field-error { color: $error; padding-left: 15; width: 100%; display: none; }
        & .field-error.item-errors { padding-left: 0; margin-top: 1; }
    }
    """

    KIND: ClassVar[str]  # "routine", "block" or "exercise"

    @dataclass
    class Edited(Message):
        """A field of the item at `ref` was typed in."""

        ref: Ref
        spec: FieldSpec
        text: str

    @dataclass
    class Left(Message):
        """The focus left a field of the item at `ref`: its problems may show now."""

        ref: Ref
        spec: FieldSpec

    state: reactive[FormState | None] = reactive(None, init=False)
    errors: reactive[FormErrors] = reactive(FormErrors, init=False)
    defaults: reactive[Defaults] = reactive(Defaults, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.specs = {spec.ident: spec for spec in FORM_FIELDS[self.KIND]}

    def rows(self, *specs: FieldSpec) -> Iterator[FieldRow]:
        for spec in specs:
            yield FieldRow(spec)

    def item_errors(self) -> Label:
        """The label under the form, for the item's problems that belong to no field."""
        return Label("", id=f"{self.KIND}-errors", classes="field-error item-errors")

    def control(self, ident: str) -> Widget:
        return self.query_one(f"#{ident}")

    def focus_first(self) -> None:
        self.control(next(iter(self.specs))).focus()

    def watch_state(self, state: FormState | None) -> None:
        if state is None:
            return
        with self.prevent(Input.Changed, TextArea.Changed, Select.Changed, Switch.Changed):
            for ident in self.specs:
                text = state.texts.get(ident, "")
                control = self.control(ident)
                if isinstance(control, TextArea):
                    if control.text != text:
                        control.load_text(text)
                elif isinstance(control, Input):
                    control.value = text
                    control.cursor_position = 0  # show the start of a long value
                self.query_one(f"#{ident}-field").display = ident not in state.hidden

    def show_hidden(self, hidden: frozenset[str]) -> None:
        """Show only the fields that apply, as typing changes that, without refilling any."""
        if self.state is None or self.state.hidden == hidden:
            return
        self.set_reactive(ItemForm.state, replace(self.state, hidden=hidden))
        for ident in self.specs:
            self.query_one(f"#{ident}-field").display = ident not in hidden

    def watch_errors(self, errors: FormErrors) -> None:
        for row in self.query(FieldRow):
            row.error = errors.fields.get(row.spec.ident, "")
        rest = self.query_one(f"#{self.KIND}-errors", Label)
        rest.update(Text(errors.rest))
        rest.display = bool(errors.rest)

    def watch_defaults(self, defaults: Defaults) -> None:
        for ident, spec in self.specs.items():
            if spec.default_key is not None or spec.default_of_routine is not None:
                self.query_one(f"#{ident}", Input).placeholder = placeholder(spec, defaults)

    def on_mount(self) -> None:
        self.watch_defaults(self.defaults)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        control = event.control
        spec = self.specs.get(control.id or "")
        if spec is None:
            return
        event.stop()
        if self.state is None:
            return
        text = control.text if isinstance(control, TextArea) else control.value
        # The form already shows the text: keep the state in step without refilling it.
        self.set_reactive(ItemForm.state, self.state.typed(spec.ident, text))
        self.post_message(self.Edited(self.state.ref, spec, text))

    @on(events.DescendantBlur)
    def _left(self, event: events.DescendantBlur) -> None:
        spec = self.specs.get(event.widget.id or "")
        if spec is not None and self.state is not None:
            self.post_message(self.Left(self.state.ref, spec))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if (event.input.id or "") in self.specs:
            event.stop()
            self.screen.focus_next()  # Enter moves on, as Tab does
