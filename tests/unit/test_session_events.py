"""The session engine's events: each exactly once whatever the polling, and time
without drift on every built-in routine.

Every test runs on a FakeClock and moves it explicitly; nothing sleeps.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import pytest

from legtimer.core.plan import Plan, StepKind
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import (
    COUNTDOWN_FROM,
    Event,
    EventKind,
    FakeClock,
    Outcome,
    Session,
    State,
    StepRecord,
)
from tests.support.factories import BUILT_IN_IDS
from tests.support.sessions import (
    ALL_TIMED,
    CIRCUIT,
    MIXED,
    PER_SIDE,
    START,
    WALL,
    make,
    records,
    seconds,
    sig,
)

SELF_PACED_SECONDS = 30.0  # how long the simulated person takes over a self-paced set


# --------------------------------------------------------------------------- polling, exactly once


def next_done_at(session: Session, clock: FakeClock) -> float | None:
    """When the simulated person finishes the next self-paced set (30 s after it starts)."""
    if session.step.estimated:
        return clock.time + SELF_PACED_SECONDS - session.step_elapsed()
    remaining = session.remaining()
    assert remaining is not None
    at = clock.time + remaining
    for step in session.plan.steps[session.index + 1 :]:
        if step.estimated:
            return at + SELF_PACED_SECONDS
        at += step.seconds
    return None


@dataclass
class Run:
    events: list[Event] = field(default_factory=list)
    paused: float = 0.0  # seconds the driver kept the session paused
    polls: int = 0


def drive(
    session: Session,
    clock: FakeClock,
    interval: Callable[[], float],
    *,
    pauses: random.Random | None = None,
) -> Run:
    """Run a session to the end, polling after each `interval()`.

    Self-paced sets are done exactly 30 s after they start, however the polls
    fall. With `pauses`, the driver sometimes pauses for a random while.
    While running, elapsed() must always equal the recorded active seconds
    plus those of the step in progress.
    """
    run = Run(session.start())
    active, seen = 0.0, 0  # active seconds recorded in run.events[:seen]
    while not session.over:
        run.polls += 1
        assert run.polls < 1_000_000
        target = clock.time + interval()
        done_at = next_done_at(session, clock)
        if done_at is not None and done_at <= target:
            clock.time = done_at
            run.events += session.poll()
            assert session.step.estimated
            assert session.step_elapsed() == pytest.approx(SELF_PACED_SECONDS)
            assert session.done() is True
        else:
            clock.time = target
        run.events += session.poll()
        if session.over:
            break
        active += sum(r.active_seconds for r in records(run.events[seen:]))
        seen = len(run.events)
        assert session.elapsed() == pytest.approx(active + session.step_elapsed(), abs=1e-6)
        if pauses is not None and pauses.random() < 0.05:
            assert session.pause() is True
            length = pauses.randint(1, 8 * 120) / 8
            clock.time += length
            assert session.poll() == []
            assert session.resume() is True
            run.paused += length
    return run


def regular(seconds: float) -> Callable[[], float]:
    return lambda: seconds


def irregular(seed: int, longest: float = 20.0) -> Callable[[], float]:
    rng = random.Random(seed)
    return lambda: rng.randint(0, int(longest * 8)) / 8


def lumpy(seed: int) -> Callable[[], float]:
    """Mostly quick polls, now and then one that comes minutes late."""
    rng = random.Random(seed)

    def interval() -> float:
        if rng.random() < 0.1:
            return rng.randint(60 * 8, 900 * 8) / 8
        return rng.randint(1, 16) / 8

    return interval


def check_timeline(run: Run, session: Session) -> list[StepRecord]:
    """A run without back(): every step once, in order, end to end, without a gap."""
    events = run.events
    found = records(events)
    assert [r.index for r in found] == list(range(len(session.plan.steps)))
    assert found[0].started_at == WALL
    for before, after in pairwise(found):
        assert after.started_at == before.ended_at
    for record in found:
        assert seconds(record.ended_at - record.started_at) == pytest.approx(
            record.active_seconds + record.paused_seconds, abs=1e-6
        )
    active = sum(r.active_seconds for r in found)
    paused = sum(r.paused_seconds for r in found)
    assert paused == pytest.approx(run.paused, abs=1e-6)
    assert seconds(found[-1].ended_at - found[0].started_at) == pytest.approx(
        active + paused, abs=1e-6
    )
    assert [e.kind for e in events].count(EventKind.SESSION_FINISHED) == 1
    finish = events[-1]
    assert finish.kind is EventKind.SESSION_FINISHED
    assert finish.at - START == pytest.approx(active + paused, abs=1e-6)
    assert all(a.at <= b.at for a, b in pairwise(events))
    return found


def check_once(events: list[Event], plan: Plan) -> None:
    """Each step started, counted down, passed halfway and finished exactly once."""
    per_step = Counter((e.kind, e.step.index, e.value) for e in events)
    for step in plan.steps:
        assert per_step[(EventKind.STEP_STARTED, step.index, None)] == 1
        assert per_step[(EventKind.STEP_FINISHED, step.index, None)] == 1
        if not step.estimated:
            for value in range(1, min(COUNTDOWN_FROM, step.seconds) + 1):
                assert per_step[(EventKind.COUNTDOWN, step.index, value)] == 1
        halfway = step.kind in (StepKind.HOLD, StepKind.WORK) and step.seconds >= 20
        assert per_step[(EventKind.HALFWAY, step.index, None)] == int(halfway)
    assert max(per_step.values()) == 1  # nothing at all happens twice
    assert per_step[(EventKind.SESSION_FINISHED, len(plan.steps) - 1, None)] == 1


POLLING: dict[str, Callable[[], Callable[[], float]]] = {
    "every 0.5 s": lambda: regular(0.5),
    "irregular": lambda: irregular(7),
    "lumpy": lambda: lumpy(11),
    "every 10 min": lambda: regular(600),
    "once an hour": lambda: regular(3600),
}


@pytest.mark.parametrize(
    "source",
    [MIXED, ALL_TIMED, PER_SIDE, CIRCUIT],
    ids=["mixed", "all-timed", "per-side", "circuit"],
)
def test_the_same_events_whatever_the_polling(source: str) -> None:
    runs = {}
    for name, make_interval in POLLING.items():
        session, clock = make(source)
        run = drive(session, clock, make_interval())
        assert session.state is State.FINISHED
        check_timeline(run, session)
        check_once(run.events, session.plan)
        runs[name] = run
    reference = runs.pop("every 0.5 s")
    for name, run in runs.items():
        assert sig(run.events) == sig(reference.events), name
        assert records(run.events) == records(reference.events), name
        assert run.events == reference.events, name


def test_one_poll_covers_a_whole_timed_session() -> None:
    session, clock = make(ALL_TIMED)
    reference = drive(session, clock, regular(0.25))
    late, late_clock = make(ALL_TIMED)
    events = late.start()
    late_clock.advance(10 * 3600)
    events += late.poll()
    assert late.state is State.FINISHED
    assert events == reference.events
    assert late.poll() == []


@pytest.mark.parametrize("routine_id", BUILT_IN_IDS)
def test_built_in_routines_give_the_same_events_with_late_polls(routine_id: str) -> None:
    routine = resolve(routine_id)
    regular_session, clock = make(routine)
    reference = drive(regular_session, clock, regular(0.5))
    check_once(reference.events, regular_session.plan)
    for interval in (lumpy(3), regular(600)):
        session, clock = make(routine)
        run = drive(session, clock, interval)
        assert run.events == reference.events


# --------------------------------------------------------------------------- zero drift


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("routine_id", BUILT_IN_IDS)
def test_built_in_routines_run_without_drift(routine_id: str, seed: int) -> None:
    routine = resolve(routine_id)
    session, clock = make(routine)
    rng = random.Random(f"{routine_id}-{seed}")
    run = drive(session, clock, irregular(seed, longest=12), pauses=rng)
    assert session.state is State.FINISHED
    found = check_timeline(run, session)
    # Timed steps took exactly their planned length; self-paced ones 30 s.
    for record, step in zip(found, session.plan.steps, strict=True):
        assert record.outcome is Outcome.DONE
        expected = SELF_PACED_SECONDS if step.estimated else step.seconds
        assert record.active_seconds == expected
        if step.kind is StepKind.REPS:
            assert record.reps == step.exercise.target
    active = sum(r.active_seconds for r in found)
    planned = session.plan.total_seconds + sum(
        SELF_PACED_SECONDS - s.seconds for s in session.plan.steps if s.estimated
    )
    assert active == planned
    assert run.events[-1].at == START + planned + run.paused


@pytest.mark.parametrize("routine_id", ["endurance-intervals", "flexibility"])
def test_arbitrary_float_polls_do_not_accumulate_error(routine_id: str) -> None:
    """Polls at arbitrary fractions of a second, as a real clock gives them."""
    routine = resolve(routine_id)
    session, clock = make(routine)
    rng = random.Random(routine_id)
    run = drive(session, clock, lambda: rng.uniform(0.0, 1.7))
    found = check_timeline(run, session)
    for record, step in zip(found, session.plan.steps, strict=True):
        assert record.active_seconds == step.seconds  # rounded to ms, but exact
    assert run.events[-1].at - START == pytest.approx(session.plan.total_seconds, abs=1e-9)
    starts = [e.at - START for e in run.events if e.kind is EventKind.STEP_STARTED]
    assert starts == pytest.approx(list(session.plan.starts), abs=1e-9)


# --------------------------------------------------------------------------- what events carry


def test_events_carry_the_step_they_belong_to() -> None:
    session, clock = make(MIXED)
    events = drive(session, clock, regular(1.0)).events
    for event in events:
        assert event.step is session.plan.steps[event.step.index]
        if event.kind is EventKind.STEP_FINISHED:
            assert event.record is not None
            assert event.record.index == event.step.index
        else:
            assert event.record is None
        if event.kind is EventKind.COUNTDOWN:
            assert event.value in (1, 2, 3)
        else:
            assert event.value is None
