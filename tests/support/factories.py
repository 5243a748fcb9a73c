"""Shared test factories: the built-in routines, plans, and sessions recorded into a history.

Everything here runs on a FakeClock; nothing sleeps.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from legtimer.core.history import HistoryStore
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Plan, build_plan
from legtimer.core.routines import Routine, parse_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock, Session

REPO = Path(__file__).resolve().parents[2]
# The built-in routines as shipped: the files of the repository's routines folder, read
# here rather than through legtimer's own path lookup, which the tests check against it.
ROUTINES = REPO / "routines"
BUILT_IN_IDS: tuple[str, ...] = tuple(sorted(path.stem for path in ROUTINES.glob("*.toml")))

# 0 PREPARE 5 · 1 HOLD 30 left · 2 SWITCH 5 · 3 HOLD 30 right
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


def plan_of(source: str | Routine) -> Plan:
    """The plan of a routine, given as TOML text or as a Routine."""
    return build_plan(parse_routine(source) if isinstance(source, str) else source)


def noon(day: date) -> datetime:
    """Local noon of a day, as an aware datetime (far from any midnight)."""
    return datetime(day.year, day.month, day.day, 12, 0).astimezone()


def finish_step(recorder: Recorder, clock: FakeClock) -> None:
    """Let the current step end: a timed one runs out, a self-paced one is confirmed."""
    session = recorder.session
    index = session.index
    while not session.over and session.index == index:
        if session.timed():
            clock.advance((session.remaining() or 0.0) + 0.0005)
        else:
            clock.advance(max(0.0, session.step_length() - session.step_elapsed()))
            session.done()
        recorder.poll()


def run_to_end(recorder: Recorder, clock: FakeClock) -> None:
    """Finish every step left (the recorder must have been started)."""
    while not recorder.session.over:
        finish_step(recorder, clock)


def recorded(
    store: HistoryStore,
    routine: str | Plan = "stability",
    *,
    start: datetime | None = None,
    steps: int | None = None,
    stop: bool = True,
) -> Recorder:
    """Run a routine (an id or name, or a plan) into the store on a FakeClock: to the end,
    or through its first `steps` steps and then stop (or, with `stop=False`, leave it in
    progress, as a process that died would)."""
    clock = FakeClock()
    plan = routine if isinstance(routine, Plan) else build_plan(resolve(routine))
    recorder = Recorder(Session(plan, clock, wall_start=start), store)
    recorder.start()
    while not recorder.session.over:
        if steps is not None and recorder.session.index >= steps:
            if stop:
                recorder.stop()
            break
        finish_step(recorder, clock)
    assert recorder.session_id is not None and recorder.problem is None
    return recorder


def record(
    store: HistoryStore,
    routine: str | Plan = "stability",
    *,
    start: datetime | None = None,
    steps: int | None = None,
    stop: bool = True,
) -> str:
    """The same as `recorded`; returns the session's id."""
    session_id = recorded(store, routine, start=start, steps=steps, stop=stop).session_id
    assert session_id is not None
    return session_id


def lopsided_plank(
    store: HistoryStore, *, right_seconds: float = 22, start: datetime | None = None
) -> Recorder:
    """A side plank held the full 30 s on the left and `right_seconds` on the right."""
    clock = FakeClock()
    recorder = Recorder(Session(plan_of(SIDE_PLANK), clock, wall_start=start), store)
    recorder.start()
    finish_step(recorder, clock)  # get ready
    finish_step(recorder, clock)  # left: the full 30 s
    finish_step(recorder, clock)  # switch sides
    clock.advance(right_seconds)
    recorder.session.done()
    recorder.poll()
    assert recorder.session.over
    return recorder


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    process = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(process.stdout)


def set_pid(store: HistoryStore, session_id: str, pid: int) -> None:
    """Say which process holds a session (a dead one makes it look interrupted)."""
    store.connection.execute("UPDATE sessions SET pid = ? WHERE id = ?", (pid, session_id))
