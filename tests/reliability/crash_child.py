"""A session run flat out, for `test_crash_safety.py` to kill with SIGKILL.

Usage: python tests/crash_child.py HISTORY_PATH ROUTINE_ID SPEED [KILL_AT]

Runs the routine through a `Recorder` against the history file on a real
monotonic clock sped up SPEED times (a 20-minute routine takes about 3 s at
400). Self-paced sets are confirmed once their estimated length has passed.

Two side channels tell the parent what had certainly been committed when the
kill landed (each written only after the write it reports has returned, and
fsynced):

- HISTORY_PATH.started is created once the session row is in the history;
- HISTORY_PATH.log gets a line "<step_index>" for every finished step, after
  the `recorder.poll()` that wrote it has returned.

KILL_AT makes the child SIGKILL itself at an exact commit boundary instead of
waiting for the parent's random kill:

- "step:N": inside the transaction that records step N, after its INSERT and
  before its COMMIT (N may be "last");
- "end": when the session is about to be marked completed, after its last
  step was committed.

Exits 0 when the session completed, 3 when the recorder reported a history
problem, 4 when textual was imported (the engine must not need it).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

from legtimer.core.history import HistoryStore
from legtimer.core.history import store as history_module
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Plan, build_plan
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import Event, EventKind
from tests.support.clocks import FastClock

POLL_SLEEP = 0.002


def _append_durably(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())


def _log_finished(log: Path, events: list[Event]) -> None:
    lines = "".join(
        f"{event.record.index}\n"
        for event in events
        if event.kind is EventKind.STEP_FINISHED and event.record is not None
    )
    if lines:
        _append_durably(log, lines)


def _check(recorder: Recorder) -> None:
    if recorder.problem is not None:
        print(f"crash_child: history problem: {recorder.problem}", file=sys.stderr)
        sys.exit(3)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(kill_at: str, plan: Plan) -> None:
    """Make the child kill itself at the commit boundary `kill_at` names."""
    if kill_at == "end":
        # The recorder looks the method up on the class when it writes the ending.
        HistoryStore.end_session = lambda *args, **kwargs: _die()  # type: ignore[method-assign]
        return
    wanted = kill_at.removeprefix("step:")
    target = len(plan.steps) - 1 if wanted == "last" else int(wanted)
    refresh = history_module._refresh_totals
    calls = 0

    def refresh_then_die(db: sqlite3.Connection, session_id: str) -> None:
        # record_step calls this inside its transaction, once per step, in order.
        nonlocal calls
        refresh(db, session_id)
        if calls == target:
            _die()
        calls += 1

    history_module._refresh_totals = refresh_then_die


def main(argv: list[str]) -> int:
    history, routine_id, speed = Path(argv[0]), argv[1], float(argv[2])
    kill_at = argv[3] if len(argv) > 3 else None
    log = Path(f"{history}.log")
    started = Path(f"{history}.started")
    plan = build_plan(resolve(routine_id))
    if kill_at is not None:
        _arm(kill_at, plan)
    store = HistoryStore.open(history)
    recorder = Recorder.new(plan, FastClock(speed), store)
    session = recorder.session

    events = recorder.start()  # begin_session is committed when this returns
    _check(recorder)
    if recorder.session_id is None:
        print("crash_child: the session was not begun in the history", file=sys.stderr)
        return 3
    _append_durably(started, f"{recorder.session_id}\n")
    _log_finished(log, events)

    while True:
        events = recorder.poll()  # every finished step is committed when this returns
        _check(recorder)
        _log_finished(log, events)
        if session.over:
            break
        if not session.timed() and session.step_elapsed() >= session.step_length():
            session.done()  # its events come out of the next poll
            continue
        time.sleep(POLL_SLEEP)

    store.close()
    if "textual" in sys.modules:
        print("crash_child: textual was imported", file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
