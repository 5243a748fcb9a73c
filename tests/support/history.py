"""Sessions recorded into a real history, the way the app records them, on a fake clock."""

from __future__ import annotations

from datetime import date, datetime

from legtimer.core.history import HistoryStore
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import build_plan
from legtimer.core.routines import parse_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock, Session

SIDE_PLANK = """
name = "Side plank test"
[defaults]
prepare = 5
switch = 5
[[exercises]]
name = "Side plank"
hold = 30
per_side = true
"""


def noon(day: date) -> datetime:
    """Local noon of a day, as an aware datetime (far from any midnight)."""
    return datetime(day.year, day.month, day.day, 12, 0).astimezone()


def finish_step(recorder: Recorder, clock: FakeClock) -> None:
    """Let the current step end: a timed one runs out, a self-paced one is confirmed."""
    session = recorder.session
    index = session.index
    while not session.over and session.index == index:
        if session.timed():
            remaining = session.remaining() or 0.0
            clock.advance(remaining + 0.0005)
        else:
            clock.advance(max(0.0, session.step_length() - session.step_elapsed()))
            session.done()
        recorder.poll()


def record(
    store: HistoryStore,
    routine: str = "stability",
    *,
    start: datetime | None = None,
    steps: int | None = None,
    toml: str | None = None,
) -> Recorder:
    """Run a routine into the store: to the end, or `steps` steps and then stop."""
    clock = FakeClock()
    plan = build_plan(parse_routine(toml) if toml else resolve(routine))
    recorder = Recorder(Session(plan, clock, wall_start=start), store)
    recorder.start()
    while not recorder.session.over:
        if steps is not None and recorder.session.index >= steps:
            recorder.stop()
            break
        finish_step(recorder, clock)
    assert recorder.problem is None
    return recorder


def lopsided_plank(
    store: HistoryStore, *, right_seconds: float = 22, start: datetime | None = None
) -> Recorder:
    """A side plank held the full 30 s on the left and `right_seconds` on the right."""
    clock = FakeClock()
    plan = build_plan(parse_routine(SIDE_PLANK))
    recorder = Recorder(Session(plan, clock, wall_start=start), store)
    recorder.start()
    finish_step(recorder, clock)  # get ready
    finish_step(recorder, clock)  # left: the full 30 s
    finish_step(recorder, clock)  # switch sides
    clock.advance(right_seconds)
    recorder.session.done()
    recorder.poll()
    assert recorder.session.over
    return recorder
