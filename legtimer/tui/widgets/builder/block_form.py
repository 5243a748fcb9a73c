"""A block's fields: its name, how many rounds, and the rests around them."""

from __future__ import annotations

from textual.app import ComposeResult

from legtimer.tui.widgets.builder.fields import BLOCK_FIELDS
from legtimer.tui.widgets.builder.item_form import ItemForm


class BlockForm(ItemForm):
    KIND = "block"

    def compose(self) -> ComposeResult:
        yield from self.rows(*BLOCK_FIELDS)
        yield self.item_errors()
