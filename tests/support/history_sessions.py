"""Build a history by running sessions on a fake clock, each on a chosen day.

`run_session` plans the routine with the targets the history gives for that
day, then plays every set as told: "full", "skip", "early" (Enter before the
timer ends), "minus" (the timer shortened with -), "fewer" (two reps short),
"light" (a lighter load than planned) or "stop" (stop the session during it).
No test waits for a timer: the clock jumps to each deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from legtimer.core.history import HistoryStore
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Step, StepKind
from legtimer.core.progression import todays_targets
from legtimer.core.routines import Routine
from legtimer.core.session import FakeClock, Session

Play = Callable[[Step], str]


def at(day: date, hour: int = 7) -> datetime:
    """A local time on `day`, time-zone aware (the history keeps UTC)."""
    return datetime.combine(day, time(hour)).astimezone()


def every(action: str) -> Play:
    return lambda step: action


def run_session(
    store: HistoryStore,
    routine: Routine,
    day: date,
    play: Play | str = "full",
    *,
    stop_before: str | None = None,
    hour: int = 7,
) -> str:
    """Run one session of `routine` on `day` and return its id.

    `stop_before` stops the session in the pause before that exercise's first set,
    so the session never reaches it.
    """
    act = every(play) if isinstance(play, str) else play
    plan = todays_targets(store, routine, today=day).plan()
    clock = FakeClock()
    recorder = Recorder(Session(plan, clock, wall_start=at(day, hour)), store)
    recorder.start()
    session = recorder.session
    while not session.over:
        step = session.step
        following = plan.next_active(step.index)
        if (
            stop_before is not None
            and not step.kind.active
            and following is not None
            and following.exercise.name == stop_before
        ):
            recorder.stop()
            break
        if step.kind.active:
            _play(recorder, step, act(step), clock)
        else:
            session.done()  # on to the next step at once
        recorder.poll()
    assert recorder.saved and recorder.session_id is not None
    return recorder.session_id


def _play(recorder: Recorder, step: Step, action: str, clock: FakeClock) -> None:
    session = recorder.session
    if action == "light":
        session.adjust_load(-5)
        action = "full"
    if action == "skip":
        session.skip()
    elif action == "stop":
        clock.advance(1)
        recorder.stop()
    elif action == "fewer":
        assert step.kind is StepKind.REPS
        session.done(step.exercise.target - 2)
    elif action == "early":
        clock.advance(max(0.0, (session.remaining() or 3.0) - 3))
        session.done()
    elif action == "minus":
        session.adjust(-5)
        clock.advance(session.remaining() or 0.0)
    elif action == "full":
        remaining = session.remaining()
        if remaining is None:  # self-paced reps: done at the target
            session.done()
        else:
            clock.advance(remaining)
    else:
        raise ValueError(f"unknown action {action!r}")
