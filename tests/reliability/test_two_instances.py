"""Two legtimers on one history, for real: one resume per session, a lock that never
holds up the timer, and an import that never holds up a live session.

The other legtimer is a real process (`reliability_child.py`, or the `legtimer`
command itself); this process drives its session on a FakeClock, so what is
measured is the time the recorder's calls take, never a timer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from legtimer.core import paths
from legtimer.core.history import HistoryStore, RunningElsewhere, Status
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Plan, build_plan
from legtimer.core.queries import exchange
from legtimer.core.queries.sessions import count_sessions
from legtimer.core.routines import parse_routine
from legtimer.core.session import FakeClock
from tests.reliability.test_reliability_storage import (
    CHILD,
    SHORT,
    held_lock,
    integrity,
    problem_of,
)
from tests.support.factories import REPO, dead_pid, finish_step, recorded, set_pid
from tests.support.processes import child_env

# The most one call into the recorder may take while another process holds the lock:
# the next countdown tick must come on time.
POLL_BUDGET_SECONDS = 0.050


@pytest.fixture
def path() -> Path:
    return paths.history_path()


@pytest.fixture
def plan() -> Plan:
    return build_plan(parse_routine(SHORT))


def interrupted_session(path: Path, plan: Plan, steps: int = 3) -> str:
    """A session of `plan` with its first `steps` steps saved, left by a process now gone."""
    store = HistoryStore.open(path)
    recorder = recorded(store, plan, steps=steps, stop=False)
    assert recorder.session_id is not None
    set_pid(store, recorder.session_id, dead_pid())
    assert [s.id for s in store.resumable()] == [recorder.session_id]
    store.close()
    return recorder.session_id


# --------------------------------------------------------------------------- one resume


def test_two_processes_resuming_one_session_at_once_only_one_gets_it(
    path: Path, plan: Plan
) -> None:
    session_id = interrupted_session(path, plan)
    for trial in range(3):
        go = path.with_name(f"go-{trial}")
        children = [
            subprocess.Popen(
                [sys.executable, str(CHILD), "resume", str(path), session_id, str(go)],
                cwd=REPO,
                env=child_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        time.sleep(0.3)  # let them all open the history and wait at the start line
        go.touch()
        results = [child.communicate(timeout=60) for child in children]
        assert [child.returncode for child in children] == [0, 0, 0], results
        said = sorted(out.strip() for out, _ in results)
        assert said[0] == "claimed", said
        assert all(line.startswith("elsewhere: ") for line in said[1:]), said
        assert all("is running in another legtimer" in line for line in said[1:]), said
        # The winner has gone too: the session is interrupted again, for the next trial.
        store = HistoryStore.open(path)
        assert [s.id for s in store.resumable()] == [session_id]
        store.close()


def test_a_session_running_here_cannot_be_resumed_by_another_recorder(
    path: Path, plan: Plan
) -> None:
    session_id = interrupted_session(path, plan)
    first, second = HistoryStore.open(path), HistoryStore.open(path)
    Recorder.resume(first, session_id, FakeClock())
    with pytest.raises(RunningElsewhere, match="running in another legtimer on this computer"):
        Recorder.resume(second, session_id, FakeClock())
    summary = second.session(session_id)
    assert summary is not None and summary.status == Status.IN_PROGRESS
    first.close()
    second.close()


# --------------------------------------------------------------------------- a held lock


def test_a_lock_held_across_step_changes_never_holds_up_the_session(path: Path, plan: Plan) -> None:
    """With the real 5 s busy timeout: every call returns within the budget, the
    person is told once that saving is delayed, and every step is saved in order."""
    store = HistoryStore.open(path)
    clock = FakeClock()
    recorder = Recorder.new(plan, clock, store, background=True)
    recorder.start()
    assert recorder.save_pending()  # the session row is in before the lock is taken
    slowest = 0.0
    with held_lock(path) as release:
        for _ in range(5):  # five step changes, ticking each second as the screen does
            index = recorder.session.index
            while recorder.session.index == index:
                clock.advance(1)
                began = time.perf_counter()
                recorder.poll()
                slowest = max(slowest, time.perf_counter() - began)
        deadline = time.monotonic() + 10
        while problem_of(recorder) is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the writer thread reports once its first try gives up
        problem = problem_of(recorder)
        assert problem is not None and "saving is delayed" in problem
        assert recorder.session_id is not None
        assert len(store.steps(recorder.session_id)) == 0  # nothing written yet
        release()
    assert slowest < POLL_BUDGET_SECONDS, f"a poll took {slowest * 1000:.0f} ms"
    while not recorder.session.over:
        finish_step(recorder, clock)
    assert recorder.save_pending()
    assert problem_of(recorder) == problem  # said once
    summary = store.session(recorder.session_id)
    assert summary is not None and summary.status == Status.COMPLETED
    rows = store.steps(recorder.session_id)
    assert [row.step_index for row in rows] == list(range(len(plan.steps)))
    ended = [row.ended_at for row in rows]
    assert ended == sorted(ended)
    store.close()
    assert integrity(path) == "ok"


# --------------------------------------------------------------------------- a big import


IMPORTED = 40_000


def _export_of(plan: Plan, count: int, where: Path) -> Path:
    scratch = HistoryStore.open(where.with_name("scratch.sqlite3"))
    recorded(scratch, plan)
    document = exchange.export_document(scratch)
    scratch.close()
    (template,) = document["sessions"]
    sessions = []
    for _ in range(count):
        session = dict(template)
        session["id"] = str(uuid.uuid4())
        sessions.append(session)
    document["sessions"] = sessions
    where.write_text(json.dumps(document), encoding="utf-8")
    return where


def test_a_live_session_keeps_saving_while_another_process_imports(
    path: Path, plan: Plan, tmp_path: Path
) -> None:
    """Sessions are recorded back to back for as long as the import runs: each is saved
    whole, and no call into the recorder waits for the import's transaction."""
    export = _export_of(plan, IMPORTED, tmp_path / "big.json")
    store = HistoryStore.open(path)
    clock = FakeClock()
    importer = subprocess.Popen(
        [sys.executable, "-m", "legtimer", "import", str(export)],
        cwd=REPO,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    recorders: list[Recorder] = []
    slowest = 0.0
    while importer.poll() is None:
        if not recorders or recorders[-1].session.over:
            recorders.append(Recorder.new(plan, clock, store, background=True))
            recorders[-1].start()
        clock.advance(1)
        began = time.perf_counter()
        recorders[-1].poll()
        slowest = max(slowest, time.perf_counter() - began)
        time.sleep(0.01)  # not a timer: a pace for the loop while the importer works
    out, err = importer.communicate(timeout=300)
    assert importer.returncode == 0, err
    assert f"added {IMPORTED}," in " ".join(out.split())
    while not recorders[-1].session.over:
        finish_step(recorders[-1], clock)
    assert slowest < POLL_BUDGET_SECONDS, f"a poll took {slowest * 1000:.0f} ms"
    for recorder in recorders:
        assert recorder.save_pending()
        assert recorder.session_id is not None
        steps = store.steps(recorder.session_id)
        assert [row.step_index for row in steps] == list(range(len(plan.steps)))
    assert count_sessions(store) == IMPORTED + len(recorders)
    store.close()
    assert integrity(path) == "ok"
