"""Crash safety: a session killed with SIGKILL at any moment loses nothing it had saved.

Each trial runs `crash_child.py` (a real Recorder on a real history file, on a
monotonic clock sped up SPEED times) in a separate process and kills it with
SIGKILL at a random moment: some before the session row can have been
written, the rest spread evenly from the session's start to a little past its
planned end, so kills land early, mid-session and after completion. After
each kill the history must pass `PRAGMA integrity_check`, hold every step the
child had seen committed, offer the session for resume, and a resumed run on
a FakeClock must complete it with correct totals.

Random kills almost never land inside a transaction or between the last step
and the ending, so the child can also kill itself at those exact boundaries.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from legtimer.core.history import HistoryStore, Status
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Plan, build_plan
from legtimer.core.queries.sessions import list_sessions
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock, State
from tests.support.factories import REPO, run_to_end
from tests.support.processes import child_env

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

CHILD = Path(__file__).resolve().parent / "crash_child.py"
ROUTINES = ("stability", "lower-body-extras")  # per-side sets; a circuit with rounds
SPEED = 600  # ~21 min routines run in ~2.2 s
BOUNDARY_SPEED = 3000  # the self-killing children need no time to aim: ~0.45 s
SEED = 20240611
TRIALS = 24
EARLY_TRIALS = 4  # killed 30-250 ms after spawning: before or just after the session row
STARTUP_TIMEOUT = 20.0  # seconds to wait for the child to begin the session
ACTIVE_KINDS = ("hold", "reps", "work")


@dataclass(frozen=True)
class Trial:
    number: int
    routine: str
    early: bool
    fraction: float  # late trials: kill at this fraction of the planned run after it began

    @property
    def id(self) -> str:
        when = "early" if self.early else f"{self.fraction:.2f}"
        return f"{self.number:02d}-{self.routine}-{when}"


def _trials() -> list[Trial]:
    """Seeded and stratified: late kills cover 0 to 1.1 of the run evenly."""
    rng = random.Random(SEED)
    late = TRIALS - EARLY_TRIALS
    fractions = [(slot + rng.random()) * 1.1 / late for slot in range(late)]
    rng.shuffle(fractions)
    early_numbers = set(rng.sample(range(TRIALS), EARLY_TRIALS))
    trials = []
    for number in range(TRIALS):
        routine = ROUTINES[number % len(ROUTINES)]
        if number in early_numbers:
            trials.append(Trial(number, routine, True, 0.0))
        else:
            trials.append(Trial(number, routine, False, fractions.pop()))
    return trials


TRIAL_LIST = _trials()


def _run_and_kill(trial: Trial, history: Path, plan: Plan, stderr: Path) -> int:
    """Start the child, SIGKILL it at the trial's moment, and return its exit code."""
    rng = random.Random(SEED * 1000 + trial.number)
    started = Path(f"{history}.started")
    with stderr.open("wb") as err:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(history), trial.routine, str(SPEED)],
            cwd=REPO,
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            if trial.early:
                time.sleep(rng.uniform(0.03, 0.25))
            else:
                deadline = time.monotonic() + STARTUP_TIMEOUT
                while not started.exists() and child.poll() is None:
                    if time.monotonic() > deadline:
                        pytest.fail(f"the child did not begin a session in {STARTUP_TIMEOUT} s")
                    time.sleep(0.002)
                time.sleep(trial.fraction * plan.total_seconds / SPEED)
            child.send_signal(signal.SIGKILL)  # a no-op once it has exited
            return child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


def _logged_steps(history: Path) -> list[int]:
    log = Path(f"{history}.log")
    if not log.exists():
        return []
    return [int(line) for line in log.read_text(encoding="utf-8").split("\n") if line.strip()]


def _check_complete(store: HistoryStore, session_id: str, plan: Plan) -> None:
    """The session is complete and its totals are the sums over its steps."""
    db = store.connection
    summary = store.session(session_id)
    assert summary is not None
    assert summary.status == Status.COMPLETED
    assert summary.ended_at is not None

    rows = store.steps(session_id)
    assert [row.step_index for row in rows] == list(range(len(plan.steps)))
    count, distinct = db.execute(
        "SELECT count(*), count(DISTINCT step_index) FROM steps WHERE session_id = ?",
        (session_id,),
    ).fetchone()
    assert count == distinct == len(plan.steps)
    for row in rows:  # the resumed plan lines up with the one the child ran
        step = plan.steps[row.step_index]
        assert (row.kind, row.exercise, row.set_number, row.round) == (
            step.kind.value,
            step.exercise.name,
            step.set,
            step.round,
        )
        assert row.side == (step.side.value if step.side else None)
        assert row.outcome == "done"
        assert row.paused_seconds == 0
        if not step.estimated:  # a timed step runs exactly its planned length
            assert row.active_seconds == pytest.approx(step.seconds, abs=0.01)

    placeholders = ", ".join("?" for _ in ACTIVE_KINDS)
    active, paused, sets_done, sets_skipped = db.execute(
        "SELECT coalesce(sum(active_seconds), 0), coalesce(sum(paused_seconds), 0), "
        f"count(CASE WHEN kind IN ({placeholders}) AND outcome IN ('done', 'partial') "
        "THEN 1 END), "
        f"count(CASE WHEN kind IN ({placeholders}) AND outcome = 'skipped' THEN 1 END) "
        "FROM steps WHERE session_id = ?",
        (*ACTIVE_KINDS, *ACTIVE_KINDS, session_id),
    ).fetchone()
    assert summary.active_seconds == pytest.approx(active, abs=1e-6)
    assert summary.paused_seconds == pytest.approx(paused, abs=1e-6)
    assert summary.sets_done == sets_done
    assert summary.sets_skipped == sets_skipped == 0
    assert summary.sets_planned == sets_done == len(plan.active_steps)
    assert summary.planned_seconds == plan.total_seconds
    if not plan.has_estimates:
        assert summary.active_seconds == pytest.approx(
            plan.total_seconds, abs=0.01 * len(plan.steps)
        )

    # Nothing is left to resume, now or after another look for dead sessions.
    assert store.mark_interrupted() == []
    assert session_id not in [offer.id for offer in store.resumable()]
    assert store.session(session_id).status == Status.COMPLETED  # type: ignore[union-attr]


@pytest.mark.parametrize("trial", TRIAL_LIST, ids=[trial.id for trial in TRIAL_LIST])
def test_sigkill_loses_nothing_and_resumes(trial: Trial, tmp_path: Path) -> None:
    history = tmp_path / "history.db"
    stderr = tmp_path / "child.stderr"
    plan = build_plan(resolve(trial.routine))
    code = _run_and_kill(trial, history, plan, stderr)
    _verify_after_kill(history, plan, code, stderr)


@pytest.mark.parametrize(
    ("routine", "kill_at", "saved"),
    [
        ("stability", "step:0", 0),
        ("lower-body-extras", "step:9", 9),
        ("stability", "step:last", 29),
        ("lower-body-extras", "end", 42),
    ],
)
def test_sigkill_at_a_commit_boundary(
    routine: str, kill_at: str, saved: int, tmp_path: Path
) -> None:
    """Deterministic kills: inside a step's transaction, and between the last step and the end.

    Random kills almost never land in these windows, the narrowest there are.
    """
    history = tmp_path / "history.db"
    stderr = tmp_path / "child.stderr"
    plan = build_plan(resolve(routine))
    code = _run_to_boundary(routine, kill_at, history, stderr)
    # The log lags the file by the steps of the poll the kill landed in.
    assert len(_logged_steps(history)) <= saved
    _verify_after_kill(history, plan, code, stderr, saved=saved)


def _run_to_boundary(routine: str, kill_at: str, history: Path, stderr: Path) -> int:
    """Run the child until it kills itself at `kill_at`; returns its exit code."""
    with stderr.open("wb") as err:
        child = subprocess.run(
            [sys.executable, str(CHILD), str(history), routine, str(BOUNDARY_SPEED), kill_at],
            cwd=REPO,
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            timeout=60,
            check=False,
        )
    assert child.returncode == -signal.SIGKILL, stderr.read_text(encoding="utf-8")
    return child.returncode


def test_resuming_a_session_with_every_step_saved_redoes_nothing(tmp_path: Path) -> None:
    """Killed after the last step was committed but before the session was marked completed.

    (The same state follows a history write that failed only at the very end.) Nothing is
    left to do: whether or not the session is offered, taking it up must not ask for a set
    again, and must never change what was saved.
    """
    history = tmp_path / "history.db"
    routine = "stability"
    plan = build_plan(resolve(routine))
    _run_to_boundary(routine, "end", history, tmp_path / "child.stderr")
    store = HistoryStore.open(history, recover=False)
    try:
        (session,) = list_sessions(store)
        saved = store.steps(session.id)
        assert len(saved) == len(plan.steps)
        if session.id in [offer.id for offer in store.resumable()]:
            # The person resumes, starts, and stops a few seconds later.
            clock = FakeClock()
            recorder = Recorder.resume(store, session.id, clock)
            recorder.start()
            clock.advance(5)
            recorder.poll()
            recorder.stop()
            assert recorder.problem is None
        after = store.session(session.id)
        assert after is not None
        assert after.status == Status.COMPLETED
        assert after.sets_done == after.sets_planned == len(plan.active_steps)
        assert store.steps(session.id) == saved
    finally:
        store.close()


def _verify_after_kill(
    history: Path, plan: Plan, code: int, stderr: Path, *, saved: int | None = None
) -> None:
    """The checks after a kill; `saved`: the exact number of steps that must be in the file."""
    errors = stderr.read_text(encoding="utf-8", errors="replace")
    assert code in (-signal.SIGKILL, 0), f"the child failed on its own ({code}):\n{errors}"
    logged = _logged_steps(history)
    began = Path(f"{history}.started").exists()
    # Steps are logged in order, each once (a sanity check of the side channel).
    assert logged == list(range(len(logged)))
    if code == 0:
        assert logged == list(range(len(plan.steps)))

    if not history.exists():  # killed before it even opened the file
        assert not logged and not began and code != 0
        return

    store = HistoryStore.open(history, recover=False)  # damage must raise, not be moved aside
    try:
        assert store.notices == []
        check = store.connection.execute("PRAGMA integrity_check").fetchall()
        assert [tuple(row) for row in check] == [("ok",)]
        assert store.connection.execute("PRAGMA foreign_key_check").fetchall() == []

        sessions = list_sessions(store)
        if not sessions:  # killed before begin_session committed
            assert not logged and not began and code != 0
            assert store.resumable() == []
            return
        assert len(sessions) == 1
        session_id = sessions[0].id
        if began:
            started_id = Path(f"{history}.started").read_text(encoding="utf-8").strip()
            assert started_id == session_id

        # Every step the child saw committed is in the file, and the file has no gaps.
        indexes = [row.step_index for row in store.steps(session_id)]
        assert indexes == list(range(len(indexes)))
        assert set(logged) <= set(indexes), f"logged {logged}, saved {indexes}"
        assert len(indexes) <= len(plan.steps)
        if saved is not None:
            assert len(indexes) == saved

        if sessions[0].status == Status.COMPLETED:  # it finished before the kill
            assert len(indexes) == len(plan.steps)
            _check_complete(store, session_id, plan)
            return

        assert code != 0
        assert sessions[0].status == Status.IN_PROGRESS
        offers = store.resumable()
        if len(indexes) == len(plan.steps) and not offers:
            # Only the ending was lost: completing it instead of offering it is right too.
            _check_complete(store, session_id, plan)
            return
        assert [offer.id for offer in offers] == [session_id]
        assert offers[0].status == Status.INTERRUPTED

        clock = FakeClock()
        recorder = Recorder.resume(store, session_id, clock)
        assert recorder.session_id == session_id
        if len(indexes) < len(plan.steps):  # it carries on at the first unsaved step
            assert recorder.session.start_index == len(indexes)
        recorder.start()
        run_to_end(recorder, clock)
        assert recorder.session.state is State.FINISHED
        assert recorder.problem is None
        summary = recorder.summary()
        assert summary.sets_done == summary.sets_planned == len(plan.active_steps)
        _check_complete(store, session_id, plan)
        row = store.session(session_id)
        assert row is not None
        assert summary.active_seconds == pytest.approx(row.active_seconds, abs=1e-6)
    finally:
        store.close()

    # A fresh connection sees the same complete session.
    reopened = HistoryStore.open(history, recover=False)
    try:
        _check_complete(reopened, session_id, plan)
    finally:
        reopened.close()


def test_trials_cover_early_mid_and_late_kills() -> None:
    """The schedule itself: enough trials, both routines, kills across the whole run."""
    assert len(TRIAL_LIST) >= 20
    assert {trial.routine for trial in TRIAL_LIST} == set(ROUTINES)
    late = sorted(trial.fraction for trial in TRIAL_LIST if not trial.early)
    assert sum(trial.early for trial in TRIAL_LIST) >= 2
    assert late[0] < 0.1 and late[-1] > 1.0
    assert any(0.4 < fraction < 0.6 for fraction in late)
