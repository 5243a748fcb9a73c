"""The routine's outline: the routine, its blocks and exercises, with buttons to change them.

The screen sets `rows` and `selected`; the outline posts `Outline.Selected`
when the person picks another item, `Outline.Chosen` when they press Enter
on one, and `StructureRequested` for a key or button that adds, duplicates,
moves or removes an item.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from legtimer.core.routines.draft import ROUTINE, Ref, StructureEdit
from legtimer.tui.widgets.builder.outline_labels import OutlineRow


@dataclass
class StructureRequested(Message):
    """A key on the outline, or a button under it, asks for a change to the structure."""

    edit: StructureEdit


def _option_id(ref: Ref) -> str:
    return f"{ref.kind}-{ref.block}-{ref.exercise}"


class Outline(OptionList):
    """The items of the routine, one a row. Letter keys work here; Ctrl keys work anywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Edit", tooltip="Edit the selected item's fields"),
        Binding("a", "request('add_exercise')", "Add exercise", show=False),
        Binding("b,B", "request('add_block')", "Add block", show=False),
        Binding("d", "request('duplicate')", "Duplicate", show=False),
        Binding("x,delete", "request('remove')", "Remove", show=False),
        Binding("shift+up,K", "request('move_up')", "Move up", show=False),
        Binding("shift+down,J", "request('move_down')", "Move down", show=False),
    ]

    @dataclass
    class Selected(Message):
        """The person highlighted another item."""

        ref: Ref

    @dataclass
    class Chosen(Message):
        """Enter on an item: edit its fields."""

        ref: Ref

    rows: reactive[tuple[OutlineRow, ...]] = reactive((), init=False)
    selected: reactive[Ref] = reactive(ROUTINE, init=False)

    def watch_rows(self, old: tuple[OutlineRow, ...], new: tuple[OutlineRow, ...]) -> None:
        if [row.ref for row in old] == [row.ref for row in new]:
            # The same items: only labels changed (a name typed, a problem found).
            for index, (before, after) in enumerate(zip(old, new, strict=True)):
                if before.label != after.label:
                    self.replace_option_prompt_at_index(index, after.label)
            return
        options = [Option(row.label, id=_option_id(row.ref)) for row in new]
        if len(new) == 1:
            hint = Text("  No exercises yet:\n  Ctrl+N adds one.", style="dim italic")
            options.append(Option(hint, id="hint", disabled=True))
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
        self.watch_selected(self.selected)

    def watch_selected(self, ref: Ref) -> None:
        index = next((i for i, row in enumerate(self.rows) if row.ref == ref), None)
        if index is not None:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = index

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index >= len(self.rows):
            return
        ref = self.rows[event.option_index].ref
        if ref != self.selected:
            self.set_reactive(Outline.selected, ref)
            self.post_message(self.Selected(ref))

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.selected))

    def action_request(self, edit: str) -> None:
        self.post_message(StructureRequested(StructureEdit(edit)))


TOOLS = (
    ("+Exercise", "tool-add-exercise", StructureEdit.ADD_EXERCISE),
    ("+Block", "tool-add-block", StructureEdit.ADD_BLOCK),
    ("Duplicate", "tool-duplicate", StructureEdit.DUPLICATE),
    ("Remove", "tool-remove", StructureEdit.REMOVE),
    ("▲ Up", "tool-up", StructureEdit.MOVE_UP),
    ("▼ Down", "tool-down", StructureEdit.MOVE_DOWN),
)


class OutlinePane(Vertical):
    """The outline, with the mouse's way to its keys under it."""

    DEFAULT_CSS = """
    OutlinePane {
        width: 26;
        border-right: tall $panel;
        & > Outline {
            height: 1fr;
            border: none;
            padding: 0;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            &:focus {
                border: none;
                background-tint: $foreground 4%;
            }
        }
        & > .tools {
            grid-size: 2 3;
            grid-gutter: 0 1;
            height: 3;
            padding: 0 0 0 1;
        }
        & > .tools > Button {
            width: 100%;
            min-width: 4;
        }
    }
    """

    def __init__(self, *, id: str | None = None, outline_id: str | None = None) -> None:
        super().__init__(id=id)
        self.outline_id = outline_id

    def compose(self) -> ComposeResult:
        yield Outline(id=self.outline_id)
        with Grid(classes="tools"):
            yield from self._tools()

    @staticmethod
    def _tools() -> Iterator[Button]:
        # Kept out of Tab's way: the keys do the same.
        for label, ident, _ in TOOLS:
            button = Button(label, id=ident, compact=True)
            button.can_focus = False
            yield button

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        edit = next((edit for _, ident, edit in TOOLS if ident == event.button.id), None)
        if edit is not None:
            self.post_message(StructureRequested(edit))
