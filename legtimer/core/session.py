"""The live session: a state machine that runs a plan on an injected clock.

Time is computed, never counted. Each timed step has a deadline on a
monotonic clock and ``remaining = deadline - now``; nothing is decremented
per tick. A poll that comes late finishes every step whose deadline has
passed *at its deadline*, so the timeline never drifts however irregular the
polling, and every event is produced exactly once.

The engine knows nothing of screens or storage. `poll()` (and every command)
returns the events that happened since the last call; the UI renders them and
the recorder (see `recorder.py`) writes finished steps to the history.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from legtimer.core.plan import Plan, Side, Step, StepKind
from legtimer.core.routines import MAX_LOAD

# Going "back" within this many seconds of a step's start goes to the previous step.
BACK_GRACE_SECONDS = 2.0
# Holds and work at least this long get a "halfway" event.
HALFWAY_MIN_SECONDS = 20
COUNTDOWN_FROM = 3
MAX_REPS = 999


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic clock."""
        ...


class MonotonicClock:
    """The real clock."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to: tests run a 45-minute session in milliseconds."""

    def __init__(self, start: float = 1000.0) -> None:
        self.time = start

    def now(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds


class State(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    # Part done: the session was stopped during this step, or a reps set was skipped
    # after some reps (they were done, and are recorded; the set is not).
    PARTIAL = "partial"


class EventKind(StrEnum):
    STEP_STARTED = "step_started"
    COUNTDOWN = "countdown"  # value = 3, 2, 1
    HALFWAY = "halfway"
    SWITCH_SIDES = "switch_sides"
    LAST_SET = "last_set"
    STEP_FINISHED = "step_finished"  # record = what was done
    SESSION_FINISHED = "session_finished"
    SESSION_STOPPED = "session_stopped"


@dataclass(frozen=True)
class StepRecord:
    """What actually happened in one step."""

    index: int
    outcome: Outcome
    started_at: datetime  # wall clock, UTC
    ended_at: datetime
    active_seconds: float
    paused_seconds: float
    adjusted_seconds: float  # the sum of +/- adjustments to the timer
    reps: int | None  # repetitions done (reps steps only)
    load: float | None = None  # the load used (the planned one unless changed); None: bodyweight


@dataclass(frozen=True)
class Event:
    kind: EventKind
    step: Step
    at: float  # session clock (monotonic seconds) at which it happened, not when it was polled
    value: int | None = None
    record: StepRecord | None = None


@dataclass(frozen=True)
class RepPhase:
    """Where a paced set is: rep 4 of 10, in the HOLD phase with 0.6 s left of it."""

    rep: int
    reps: int
    phase: str
    phase_seconds: int
    phase_remaining: float


@dataclass
class _Current:
    """Book-keeping for the step in progress."""

    step: Step
    started: float  # clock time the step began
    length: float  # planned seconds plus adjustments (timed steps)
    paused: float = 0.0  # seconds paused so far, not counting a pause in progress
    adjusted: float = 0.0
    reps: int | None = None  # reps done, when the person has set them (self-paced)
    rep_offset: int = 0  # a paced set: the person's correction to the clock's count (Up/Down)
    load: float | None = None  # the load of this set: the planned one unless changed
    fired: set[tuple[EventKind, int]] = field(default_factory=set)


class Session:
    """Runs a plan. Commands return False when they do not apply to the current step."""

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        start_index: int = 0,
        wall_start: datetime | None = None,
    ) -> None:
        if not plan.steps:
            raise ValueError("a plan with no steps cannot be run")
        if not 0 <= start_index < len(plan.steps):
            raise ValueError(f"start index {start_index} is outside the plan")
        self.plan = plan
        self.clock = clock
        self.start_index = start_index
        self.state = State.READY
        self._wall_start = wall_start
        self._origin = 0.0  # clock time at start, paired with _wall_start
        self._pause_began: float | None = None
        self._ended: float | None = None  # clock time the session finished or stopped
        self._paused_before = 0.0  # session pause seconds before the current pause
        self._events: list[Event] = []
        first = plan.steps[start_index]
        self._current = _Current(first, 0.0, first.seconds, load=first.exercise.load)

    # ------------------------------------------------------------------ reading state

    @property
    def step(self) -> Step:
        return self._current.step

    @property
    def index(self) -> int:
        return self._current.step.index

    @property
    def running(self) -> bool:
        return self.state in (State.RUNNING, State.PAUSED)

    @property
    def over(self) -> bool:
        return self.state in (State.FINISHED, State.STOPPED)

    def _now(self) -> float:
        """The clock as the session sees it: frozen while paused and once it is over."""
        if self._ended is not None:
            return self._ended
        if self._pause_began is not None:
            return self._pause_began
        return self.clock.now()

    def timed(self, step: Step | None = None) -> bool:
        """Whether a step ends by itself (everything but self-paced reps)."""
        step = step or self.step
        return not step.estimated

    def step_elapsed(self) -> float:
        """Active seconds in the current step."""
        if self.state is State.READY:
            return 0.0
        current = self._current
        return max(0.0, self._now() - current.started - current.paused)

    def remaining(self) -> float | None:
        """Seconds left in a timed step; None for self-paced reps."""
        if not self.timed():
            return None
        return max(0.0, self._current.length - self.step_elapsed())

    def step_length(self) -> float:
        """The current step's length including adjustments (an estimate when self-paced)."""
        return self._current.length

    @property
    def reps_counted(self) -> bool:
        """Whether the person has set (or corrected) the reps of the current set themselves."""
        return self._current.reps is not None or self._current.rep_offset != 0

    @property
    def load(self) -> float | None:
        """The load of the current set (None: bodyweight); the person may change it."""
        return self._current.load

    def reps_done(self) -> int | None:
        """Reps the current reps step would record if it ended now."""
        return self._reps(Outcome.DONE, self.step_elapsed())

    def _reps(self, outcome: Outcome, active: float) -> int | None:
        current = self._current
        exercise = current.step.exercise
        if current.step.kind is not StepKind.REPS:
            return None
        if current.reps is not None:  # the person's own count wins
            return current.reps
        if exercise.tempo is not None:  # paced: the reps the clock says were completed
            if active >= current.length - 1e-6:
                counted = exercise.target
            else:
                counted = min(exercise.target, int(active / exercise.tempo.rep_seconds + 1e-9))
            return max(0, min(MAX_REPS, counted + current.rep_offset))
        # Self-paced: "done" means the target; a set skipped or cut short is unknown.
        return exercise.target if outcome is Outcome.DONE else None

    def rep_phase(self) -> RepPhase | None:
        """Rep number and tempo phase of a paced set, from the clock."""
        step = self.step
        tempo = step.exercise.tempo
        if step.kind is not StepKind.REPS or tempo is None:
            return None
        reps = step.exercise.target
        elapsed = min(self.step_elapsed(), self._current.length - 1e-9)
        rep_index = min(int(elapsed // tempo.rep_seconds), reps - 1)
        within = elapsed - rep_index * tempo.rep_seconds
        # The rep in progress by the person's count: the clock's, corrected with Up/Down.
        rep = max(1, rep_index + 1 + self._current.rep_offset)
        for name, seconds in tempo.phases:
            if within < seconds:
                return RepPhase(rep, reps, name, seconds, seconds - within)
            within -= seconds
        name, seconds = tempo.phases[-1]
        return RepPhase(rep, reps, name, seconds, 0.0)

    def elapsed(self) -> float:
        """Active seconds since the session started (pauses excluded)."""
        if self.state is State.READY:
            return 0.0
        paused = self._paused_before
        return max(0.0, self._now() - self._origin - paused)

    def remaining_total(self) -> float:
        """Planned seconds left: the rest of this step and every step after it."""
        if self.over:
            return 0.0
        here = self.remaining()
        if here is None:
            here = max(0.0, self._current.length - self.step_elapsed())
        return here + self.plan.remaining_seconds(self.index)

    def wall_time(self, at: float) -> datetime:
        """The wall-clock time of a clock reading, anchored at the session start."""
        start = self._wall_start or datetime.now(UTC)
        return start + timedelta(seconds=at - self._origin)

    def since_start(self, at: float) -> float:
        """Seconds from the session's start to a clock reading, pauses included."""
        return at - self._origin

    @property
    def started_at(self) -> datetime | None:
        return self._wall_start if self.state is not State.READY else None

    # ------------------------------------------------------------------ commands

    def start(self) -> list[Event]:
        if self.state is not State.READY:
            return []
        now = self.clock.now()
        self._origin = now
        if self._wall_start is None:
            self._wall_start = datetime.now(UTC)
        self.state = State.RUNNING
        self._begin(self.plan.steps[self.start_index], now)
        return self.poll()

    def poll(self) -> list[Event]:
        """Catch up with the clock and hand over every event since the last call."""
        if self.state is State.RUNNING:
            self._advance(self.clock.now())
        events, self._events = self._events, []
        return events

    def pause(self) -> bool:
        if self.state is not State.RUNNING:
            return False
        now = self.clock.now()
        self._advance(now)
        if self.over:  # the last step ran out before the pause
            return False
        self._pause_began = now
        self.state = State.PAUSED
        return True

    def resume(self) -> bool:
        if self.state is not State.PAUSED or self._pause_began is None:
            return False
        length = self.clock.now() - self._pause_began
        self._current.paused += length
        self._paused_before += length
        self._pause_began = None
        self.state = State.RUNNING
        return True

    def toggle_pause(self) -> bool:
        return self.resume() if self.state is State.PAUSED else self.pause()

    def skip(self) -> bool:
        """Leave the current step, recorded as skipped; a reps set left after some reps
        is recorded as partial, with the reps done."""
        if not self.running:
            return False
        self._settle()
        if self.over:
            return False
        reps = self._reps(Outcome.SKIPPED, self.step_elapsed())
        return self._finish_now(Outcome.PARTIAL if reps else Outcome.SKIPPED)

    def done(self, reps: int | None = None) -> bool:
        """The person says the step is done: a self-paced set, or ending a timer early."""
        if not self.running:
            return False
        self._settle()
        if self.over:
            return False
        if reps is not None and self.step.kind is StepKind.REPS:
            self._current.reps = max(0, min(MAX_REPS, reps))
        return self._finish_now(Outcome.DONE)

    def back(self) -> bool:
        """Restart the current step, or go to the previous one if this one has barely begun."""
        if not self.running:
            return False
        now = self._settle()
        if self.over:
            return False
        target = self.step
        if self.step_elapsed() < BACK_GRACE_SECONDS and self.index > 0:
            target = self.plan.steps[self.index - 1]
        self._restart_at(target, now)
        return True

    def adjust(self, seconds: float) -> bool:
        """Add (or take away) time from the current timer; never below what has passed."""
        step = self.step
        if not self.running or step.kind is StepKind.REPS:
            return False
        now = self._settle()
        if self.over:
            return False
        current = self._current
        elapsed = self.step_elapsed()
        new_length = max(elapsed, current.length + seconds)
        current.adjusted += new_length - current.length
        current.length = new_length
        remaining = new_length - elapsed
        # A countdown mark the new remaining time lies above again fires again.
        current.fired = {
            (kind, value)
            for kind, value in current.fired
            if kind is not EventKind.COUNTDOWN or value > remaining
        }
        # Marks the shortened step has already passed are not announced late.
        current.fired |= {
            (EventKind.COUNTDOWN, value)
            for value in range(1, COUNTDOWN_FROM + 1)
            if value > remaining
        }
        if new_length / 2 < elapsed:
            current.fired.add((EventKind.HALFWAY, 0))
        if self.state is State.RUNNING:
            self._advance(now)
        return True

    def adjust_reps(self, delta: int) -> bool:
        if not self.running:
            return False
        self._settle()
        if self.over or self.step.kind is not StepKind.REPS:
            return False
        current = self._current
        if current.reps is None and current.step.exercise.tempo is not None:
            # Paced: the count keeps following the clock, shifted by the correction.
            done = self.reps_done()
            assert done is not None
            current.rep_offset += max(0, min(MAX_REPS, done + delta)) - done
            return True
        base = self.reps_done()
        assert base is not None
        current.reps = max(0, min(MAX_REPS, base + delta))
        return True

    def set_load(self, load: float | None) -> bool:
        """Change the load of the set in progress (or about to start); None is bodyweight."""
        if self.over or not self.step.kind.active:
            return False
        if load is not None and not 0 <= load <= MAX_LOAD:
            return False
        self._current.load = None if load is None else round(load, 3)
        return True

    def adjust_load(self, delta: float) -> bool:
        """Add to (or take off) the load of the set in progress, never below 0."""
        base = self._current.load or 0.0
        return self.set_load(min(MAX_LOAD, max(0.0, base + delta)))

    def stop(self) -> list[Event]:
        """End the session early. The step in progress is recorded as partial."""
        if self.state is State.READY:
            self.state = State.STOPPED
            return []
        if self.over:
            return []
        self.resume()  # a pause in progress counts as paused time of this step
        now = self._settle()
        if self.state is State.FINISHED:  # the last step ran out before the stop
            return self.poll_events()
        self._end_step(Outcome.PARTIAL, now)
        self._ended = now
        self.state = State.STOPPED
        self._emit(EventKind.SESSION_STOPPED, now)
        return self.poll_events()

    def poll_events(self) -> list[Event]:
        """Hand over pending events without moving the clock (for a stopped session)."""
        events, self._events = self._events, []
        return events

    # ------------------------------------------------------------------ internals

    def _settle(self) -> float:
        """Catch up with the clock before a command; returns the session's now."""
        if self.state is State.RUNNING:
            self._advance(self.clock.now())
        return self._now()

    def _finish_now(self, outcome: Outcome) -> bool:
        if not self.running:
            return False
        now = self._settle()
        if self.over:
            return False
        if self.resume():  # ending a paused step: the pause counts as paused time
            now = self.clock.now()
        self._end_step(outcome, now)
        self._next(now)
        return True

    def _begin(self, step: Step, at: float) -> None:
        self._current = _Current(
            step=step, started=at, length=float(step.seconds), load=step.exercise.load
        )
        self._emit(EventKind.STEP_STARTED, at)
        previous = self.plan.steps[step.index - 1] if step.index > 0 else None
        if step.kind is StepKind.SWITCH or (
            step.side is Side.RIGHT
            and step.kind.active
            and (previous is None or previous.kind is not StepKind.SWITCH)
        ):
            self._emit(EventKind.SWITCH_SIDES, at)
        if (
            step.kind.active
            and step.sets > 1
            and step.set == step.sets
            and step.side is not Side.RIGHT
        ):
            self._emit(EventKind.LAST_SET, at)

    def _restart_at(self, step: Step, now: float) -> None:
        if self.resume():
            now = self.clock.now()
        self._begin(step, now)

    def _advance(self, now: float) -> None:
        """Fire due marks and finish every timed step whose deadline has passed, in order."""
        while self.state is State.RUNNING:
            current = self._current
            if not self.timed():
                return
            deadline = current.started + current.paused + current.length
            self._fire_marks(min(now, deadline))
            if now < deadline:
                return
            self._end_step(Outcome.DONE, deadline)
            self._next(deadline)

    def _fire_marks(self, upto: float) -> None:
        current = self._current
        step = current.step
        base = current.started + current.paused
        marks: list[tuple[float, EventKind, int]] = []
        if step.kind in (StepKind.HOLD, StepKind.WORK) and current.length >= HALFWAY_MIN_SECONDS:
            marks.append((base + current.length / 2, EventKind.HALFWAY, 0))
        for value in range(min(COUNTDOWN_FROM, math.floor(current.length)), 0, -1):
            marks.append((base + current.length - value, EventKind.COUNTDOWN, value))
        for at, kind, value in sorted(marks):
            if at <= upto and (kind, value) not in current.fired:
                current.fired.add((kind, value))
                self._emit(kind, at, value=value or None)

    def _end_step(self, outcome: Outcome, at: float) -> None:
        current = self._current
        active = max(0.0, at - current.started - current.paused)
        record = StepRecord(
            index=current.step.index,
            outcome=outcome,
            started_at=self.wall_time(current.started),
            ended_at=self.wall_time(at),
            active_seconds=round(active, 3),
            paused_seconds=round(current.paused, 3),
            adjusted_seconds=round(current.adjusted, 3),
            reps=None if outcome is Outcome.SKIPPED else self._reps(outcome, active),
            load=current.load if current.step.kind.active else None,
        )
        self._emit(EventKind.STEP_FINISHED, at, record=record)

    def _next(self, at: float) -> None:
        following = self.index + 1
        if following >= len(self.plan.steps):
            self.state = State.FINISHED
            self._ended = at
            self._emit(EventKind.SESSION_FINISHED, at)
            return
        self._begin(self.plan.steps[following], at)

    def _emit(
        self,
        kind: EventKind,
        at: float,
        *,
        value: int | None = None,
        record: StepRecord | None = None,
    ) -> None:
        self._events.append(Event(kind, self._current.step, at, value, record))
