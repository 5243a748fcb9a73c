"""The recorder: what it writes, and when it does not try to."""

from __future__ import annotations

from pathlib import Path

import pytest

from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import build_plan
from legtimer.core.routines import parse_routine
from legtimer.core.session import FakeClock

ROUTINE = """
name = "Two holds"
[defaults]
prepare = 0
rest_after = 10
[[exercises]]
name = "Plank"
hold = 30
[[exercises]]
name = "Wall sit"
hold = 30
"""


def test_a_locked_history_is_retried_per_finished_step_not_per_tick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retry against a locked file can wait the whole busy timeout: never on a 3-2-1 tick."""
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    clock = FakeClock()
    recorder = Recorder.new(build_plan(parse_routine(ROUTINE)), clock, store)
    recorder.start()
    attempts: list[float] = []

    def locked(*args: object, **kwargs: object) -> None:
        attempts.append(clock.now())
        raise HistoryError("the history file is locked by another program")

    original = HistoryStore.record_step
    monkeypatch.setattr(HistoryStore, "record_step", locked)
    for _ in range(39):  # the first hold, then the rest up to its 3-2-1, 1 s at a time
        clock.advance(1)
        recorder.poll()
    assert attempts == [1030.0]  # once, when the hold finished; not on the rest's 3-2-1 ticks
    assert not recorder.saved

    monkeypatch.setattr(HistoryStore, "record_step", original)
    while not recorder.session.over:
        clock.advance(1)
        recorder.poll()
    assert recorder.saved  # the retry with the next finished step wrote everything
    assert recorder.session_id is not None
    assert len(store.steps(recorder.session_id)) == len(recorder.plan.steps)
