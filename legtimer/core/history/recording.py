"""Runs a session and saves it to the history as it happens.

The TUI and the plain runner both drive a `Recorder`, so a session is
recorded the same way whichever way it was run. A history that cannot be
written (read-only, disk full, locked) never stops the workout: the failure
is reported once, the unsaved steps are kept and retried with the next step.

With `background=True` (the app and the plain runner) the writes run on a
writer thread, in order, so a history locked by another program never holds
up the timer or the keys: the thread waits for the lock and retries, and
`problem` says once that saving is delayed. `save_pending` waits for it, with
a bound, at the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial

from legtimer.core.history import HistoryError, HistoryStore, Status
from legtimer.core.plan import Plan, build_plan
from legtimer.core.progression import resumed_overrides
from legtimer.core.routines import dump_routine, parse_routine
from legtimer.core.session import Clock, Event, EventKind, Session, State, StepRecord
from legtimer.core.summary import Done, Summary, summarize

# Events that carry something for the history.
_KEPT = {EventKind.STEP_FINISHED, EventKind.SESSION_FINISHED, EventKind.SESSION_STOPPED}
# How long the writer thread waits before trying a failed write again.
RETRY_SECONDS = 0.5
# How long `save_pending` waits for the writer thread at the end of a session.
FINAL_SAVE_SECONDS = 8.0


@dataclass
class Recorder:
    session: Session
    store: HistoryStore | None
    session_id: str | None = None
    done: dict[int, Done] = field(default_factory=dict)
    problem: str | None = None  # the first history failure, for the person to see once
    background: bool = False  # write on a writer thread, never on the caller's
    _unsaved: list[tuple[int, StepRecord]] = field(default_factory=list)
    _ending: tuple[Status, Event] | None = None
    _later: list[Callable[[HistoryStore], object]] = field(default_factory=list)
    _resuming: bool = False
    _wake: threading.Condition = field(default_factory=threading.Condition)
    _wanted: bool = False  # guarded by _wake
    _writer: threading.Thread | None = None  # guarded by _wake
    _rounds: int = 0  # flushes the writer thread has done; guarded by _wake
    _flushing: threading.Lock = field(default_factory=threading.Lock)
    _own: HistoryStore | None = None  # the writer thread's own connection to the history

    @classmethod
    def new(
        cls, plan: Plan, clock: Clock, store: HistoryStore | None, *, background: bool = False
    ) -> Recorder:
        return cls(Session(plan, clock), store, background=background)

    @classmethod
    def resume(
        cls, store: HistoryStore, session_id: str, clock: Clock, *, background: bool = False
    ) -> Recorder:
        """Take up an interrupted session at the first step it had not finished."""
        summary = store.session(session_id)
        if summary is None:
            raise HistoryError(f"no session {session_id} in the history")
        routine_toml, next_index = store.reopen(summary.id)
        routine = parse_routine(routine_toml, source_name=f"the copy in session {summary.id}")
        routine = replace(routine, id=summary.routine_id)
        # The same targets as when it started: its own sets say so, the history the rest.
        overrides = resumed_overrides(store, routine, summary.id, summary.started_at)
        plan = build_plan(routine, overrides)
        done = {
            row.step_index: Done(row.outcome, row.active_seconds, row.paused_seconds, row.reps)
            for row in store.steps(summary.id)
        }
        if next_index >= len(plan.steps):  # every step was saved; only the ending was lost
            store.end_session(summary.id, Status.COMPLETED, summary.ended_at or summary.started_at)
            next_index = len(plan.steps) - 1
        recorder = cls(
            Session(plan, clock, start_index=next_index),
            store,
            summary.id,
            done,
            background=background,
        )
        recorder._resuming = True
        return recorder

    @property
    def plan(self) -> Plan:
        return self.session.plan

    def start(self) -> list[Event]:
        events = self.session.start()
        self._record(events)
        self._save()  # the session row goes in now, not with the first finished step
        return events

    def _begin(self) -> bool:
        """Write the session row: at the start, and again with each step until it is in."""
        started = self.session.started_at
        if self._resuming or started is None:
            return False

        def begin(store: HistoryStore) -> None:
            copy = dump_routine(self.plan.routine)
            self.session_id = store.begin_session(self.plan, copy, started)

        return self._write(begin)

    def poll(self) -> list[Event]:
        events = self.session.poll()
        self._record(events)
        return events

    def stop(self) -> list[Event]:
        was_waiting = self.session.state is State.READY
        events = self.session.stop()
        self._record(events)
        if was_waiting and self._resuming and self.session_id is not None:
            # Resumed, then stopped before Space: nothing new was done, but the session
            # must not stay "in progress" and be offered again.
            self._later.append(
                partial(
                    HistoryStore.end_session,
                    session_id=self.session_id,
                    status=Status.STOPPED,
                    ended_at=datetime.now(UTC),
                )
            )
            self._save()
        return events

    def summary(self) -> Summary:
        return summarize(self.plan, self.done)

    def rate(self, effort: int | None, note: str) -> None:
        session_id = self.session_id
        if session_id is not None:
            self._later.append(
                partial(HistoryStore.rate_session, session_id=session_id, effort=effort, note=note)
            )
            self._save()

    def _record(self, events: list[Event]) -> None:
        for event in events:
            if event.kind is EventKind.STEP_FINISHED and event.record is not None:
                record = event.record
                self.done[record.index] = Done(
                    record.outcome.value, record.active_seconds, record.paused_seconds, record.reps
                )
                self._unsaved.append((record.index, record))
            elif event.kind is EventKind.SESSION_FINISHED:
                self._ending = (Status.COMPLETED, event)
            elif event.kind is EventKind.SESSION_STOPPED:
                self._ending = (Status.STOPPED, event)
        # Write (or retry) only when there is something new to keep: a retry against a
        # locked file can wait the whole busy timeout, and a 3-2-1 tick must never wait.
        if any(event.kind in _KEPT for event in events):
            self._save()

    @property
    def saved(self) -> bool:
        """Everything so far is in the history (even if a write failed and a retry worked)."""
        return (
            self.store is not None
            and self.session_id is not None
            and not self._unsaved
            and self._ending is None
            and not self._later
        )

    def save_pending(self, timeout: float = FINAL_SAVE_SECONDS) -> bool:
        """One more try at writing what is still unsaved (at the end of a session).

        In the background, wait for the writer thread, at most `timeout` seconds.
        """
        if not self.background:
            self._flush()
            return self.saved
        with self._wake:
            # Two rounds of the writer from now: one that began before this call may
            # have missed the newest items.
            goal = self._rounds + 2
        self._save()
        with self._wake:
            self._wake.wait_for(lambda: self._writer is None or self._rounds >= goal, timeout)
        return self.saved

    def _save(self) -> None:
        """Write what is pending: now, or by waking the writer thread."""
        if not self.background:
            self._flush()
            return
        if self.store is None:
            return
        with self._wake:
            self._wanted = True
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_in_background, name="history-writer", daemon=True
                )
                self._writer.start()
            self._wake.notify_all()

    def _write_in_background(self) -> None:
        """The writer thread: flush until nothing is pending, retrying a failed write.

        It writes through a connection of its own: one connection used from two
        threads at once is not safe, and the caller goes on reading through its own.
        """
        store = self.store
        assert store is not None
        try:
            while True:
                with self._wake:
                    if not self._wanted:
                        return
                    self._wanted = False
                if self._own is None:
                    try:
                        self._own = store.sibling()
                    except HistoryError as error:
                        self.problem = self.problem or str(error)
                if self._own is not None:
                    self._flush()
                with self._wake:
                    self._rounds += 1
                    self._wake.notify_all()
                if self._pending():
                    with self._wake:
                        # A new step wakes it at once; otherwise try again after a pause.
                        self._wake.wait(RETRY_SECONDS)
                        self._wanted = True
        finally:
            own, self._own = self._own, None
            if own is not None:
                own.close()
            with self._wake:
                self._writer = None  # a later _save starts a new thread
                self._wake.notify_all()

    def _pending(self) -> bool:
        return bool(
            self.session_id is None and self.session.started_at is not None and not self._resuming
        ) or bool(self._unsaved or self._ending is not None or self._later)

    def _flush(self) -> None:
        with self._flushing:
            self._flush_held()

    def _flush_held(self) -> None:
        if self.store is None:
            return
        if self.session_id is None and not self._begin():
            return
        session_id = self.session_id
        assert session_id is not None
        while self._unsaved:
            index, record = self._unsaved[0]
            step = self.plan.steps[index]
            if not self._write(
                partial(HistoryStore.record_step, session_id=session_id, step=step, record=record)
            ):
                return  # keep it; try again with the next step
            self._unsaved.pop(0)
        if self._ending is not None:
            status, event = self._ending
            ended = self.session.wall_time(event.at)
            if self._write(
                partial(
                    HistoryStore.end_session, session_id=session_id, status=status, ended_at=ended
                )
            ):
                self._ending = None
            else:
                return
        while self._later:
            if not self._write(self._later[0]):
                return
            self._later.pop(0)

    def _write(self, action: Callable[[HistoryStore], object]) -> bool:
        store = self._own if self.background else self.store
        if store is None:
            return False
        try:
            action(store)
        except HistoryError as error:
            if self.problem is None:
                self.problem = _delayed(str(error)) if self.background else str(error)
            return False
        return True


def _delayed(message: str) -> str:
    if "locked" in message:
        return f"{message}; saving is delayed until it is free, and the workout goes on"
    return message
