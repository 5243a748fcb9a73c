"""The review's tabs at 80x24, the size most terminals open at: nothing cut mid-word."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from legtimer.core.history import HistoryStore
from tests.support.review import make_app, open_review

KEYS = {
    "sessions": (),
    "detail": ("down", "enter"),
    "stats": ("2",),
    "progress": ("3", "down"),
}


@pytest.mark.parametrize("view", list(KEYS))
def test_snapshot_review_at_80x24(snap_compare: Any, small_store: HistoryStore, view: str) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await open_review(pilot)
        for key in KEYS[view]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(make_app(small_store), terminal_size=(80, 24), run_before=before)
