"""The filter box on home: an Input that leaves the screen its keys.

The box has the keys while the person types, so the keys the screen needs must
pass through it: Enter, Ctrl+E and Ctrl+D are not the box's (End and Del still
move and delete); `?`, `/` and Del go to the screen while the box is empty, and
are typed (or delete) once it holds text. Deciding here, in the box's own
order of keys, means a fast typist's `x?` types `x?` rather than opening the help.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

_SCREEN_KEYS = {"enter", "ctrl+e", "ctrl+d"}


def _without_screen_keys(bindings: list[BindingType]) -> list[BindingType]:
    kept: list[BindingType] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = [key for key in binding.key.split(",") if key.strip() not in _SCREEN_KEYS]
            if keys:
                kept.append(
                    Binding(",".join(keys), binding.action, binding.description, show=False)
                )
        else:
            kept.append(binding)
    return kept


class FilterBox(Input, inherit_bindings=False):
    """Type to filter the routines (the screen moves the list and starts a routine)."""

    BINDINGS: ClassVar[list[BindingType]] = _without_screen_keys(Input.BINDINGS)
    # The screen's while the box is empty; typed once something is.
    KEYS_WHEN_EMPTY: ClassVar[frozenset[str]] = frozenset({"question_mark", "slash"})

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        # Focus comes back to the box as the person types on: keep what is there.
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if not self.value and key in self.KEYS_WHEN_EMPTY:
            return False  # the footer shows the screen's key
        return super().check_consume_key(key, character)

    class HelpAsked(Message):
        """`?` in the empty box: the screen shows its keys."""

    async def _on_key(self, event: events.Key) -> None:
        # Runs before Input's own handler (Textual calls each class's in turn).
        if not self.value and event.key in self.KEYS_WHEN_EMPTY:
            event.prevent_default()  # not typed
            event.stop()
            if event.key == "question_mark":
                self.post_message(self.HelpAsked())

    def action_delete_right(self) -> None:
        if not self.value:
            raise SkipAction()  # nothing to delete here: Del is the screen's
        super().action_delete_right()
