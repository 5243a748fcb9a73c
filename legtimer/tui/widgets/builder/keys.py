"""The builder's keys: its bindings, and the list the help screen (F1) shows."""

from __future__ import annotations

from textual.binding import Binding, BindingType

BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", tooltip="Save the routine", priority=True),
    Binding(
        "ctrl+t",
        "edit_toml",
        "TOML",
        tooltip="Edit as TOML in $VISUAL/$EDITOR, then read it back",
        priority=True,
    ),
    # The outline's buttons show these two: the footer keeps room for F1 and Esc.
    Binding(
        "ctrl+n", "edit('add_exercise')", "+Exercise", tooltip="Add an exercise (a)", show=False
    ),
    Binding("ctrl+b", "edit('add_block')", "+Block", tooltip="Add a block (b)", show=False),
    Binding(
        "ctrl+d",
        "edit('duplicate')",
        "Duplicate",
        tooltip="Duplicate the selected exercise or block (d)",
        show=False,
    ),
    Binding(
        "ctrl+up,alt+up",
        "edit('move_up')",
        "Move up",
        tooltip="Move the selected exercise or block up",
        show=False,
    ),
    Binding(
        "ctrl+down,alt+down",
        "edit('move_down')",
        "Move down",
        tooltip="Move the selected exercise or block down",
        show=False,
    ),
    Binding(
        "ctrl+delete,f8",
        "delete_routine",
        "Delete routine",
        tooltip="Delete this routine's file (your own routines only)",
        show=False,
    ),
    Binding(
        "f2",
        "toggle_preview",
        "Preview",
        tooltip="Show or hide the timeline preview (in place of the form when narrow)",
    ),
    Binding("f1", "help", "Keys", tooltip="Show every key"),
    Binding(
        "ctrl+o",
        "toggle_outline",
        "Outline",
        tooltip="Go to the outline; from the outline, back to the form",
        show=False,
        priority=True,
    ),
    # One Esc, two meanings (check_action picks): out of a field to the outline
    # first, then out of the builder. The footer names the one that applies.
    Binding("escape", "outline", "Outline", tooltip="From a field: back to the outline"),
    Binding("escape", "back", "Back", tooltip="From the outline: leave the builder"),
]

HELP_KEYS: list[BindingType] = [
    *BINDINGS,
    Binding("up,down", "", "", tooltip="Outline: select an item; its form shows beside"),
    Binding("enter,tab", "", "", tooltip="Outline: edit the selected item's fields"),
    Binding(
        "tab,shift+tab",
        "",
        "",
        tooltip="Form: next or previous field (Shift+Tab from the first field: the outline)",
    ),
    Binding("enter", "", "", tooltip="Form: next field; on Kind, open its menu"),
    Binding("a", "", "", tooltip="Outline: add an exercise after the selected one"),
    Binding("b", "", "", tooltip="Outline: add a block"),
    Binding("d", "", "", tooltip="Outline: duplicate the selected exercise or block"),
    Binding("x,delete", "", "", tooltip="Outline: remove the selected exercise or block"),
    Binding("shift+up,shift+down", "", "", tooltip="Outline: move the selection"),
]
