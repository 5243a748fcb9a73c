"""The session engine: every command, every event exactly once, and time without drift.

Every test runs on a FakeClock and moves it explicitly; nothing sleeps. Most
clock moves are multiples of 1/8 s, which floats represent exactly, so timing
sums can be compared with ``==`` rather than approximately.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from legtimer.core.plan import Plan, Side, Step, StepKind, build_plan
from legtimer.core.routines import Routine, parse_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import (
    BACK_GRACE_SECONDS,
    COUNTDOWN_FROM,
    HALFWAY_MIN_SECONDS,
    MAX_REPS,
    Event,
    EventKind,
    FakeClock,
    Outcome,
    RepPhase,
    Session,
    State,
    StepRecord,
)

START = 1000.0
WALL = datetime(2026, 1, 1, tzinfo=UTC)
SELF_PACED_SECONDS = 30.0  # how long the simulated person takes over a self-paced set

BUILT_IN_IDS = [
    "runners-leg-day",
    "lower-body-extras",
    "strength",
    "plyometrics",
    "stability",
    "flexibility",
    "endurance-intervals",
]

# 0 PREPARE 5 · 1 HOLD 30 · 2 REST 10 · 3 HOLD 20
SIMPLE = """
name = "Simple"
[defaults]
prepare = 5
rest_after = 10
[[exercises]]
name = "Wall sit"
hold = 30
[[exercises]]
name = "Plank"
hold = 20
"""

# 0 PREPARE 5 · 1 HOLD L s1 · 2 SWITCH · 3 HOLD R s1 · 4 REST 15 · 5 HOLD L s2 · 6 SWITCH · 7 HOLD R s2
PER_SIDE = """
name = "Per side"
[defaults]
prepare = 5
switch = 5
rest_between_sets = 15
[[exercises]]
name = "Single-leg balance"
hold = 20
per_side = true
sets = 2
"""

# 0 WORK 10 left · 1 WORK 10 right (no switch step in between)
NO_SWITCH = """
name = "No switch"
[defaults]
prepare = 0
[[exercises]]
name = "Step-ups"
work = 10
per_side = true
switch = 0
"""

# 0 PREPARE 5, then 3 rounds of WORK 20 · REST 5 · HOLD 10 (· REST 15 between rounds)
CIRCUIT = """
name = "Circuit"
[defaults]
prepare = 5
rest_after = 5
[[blocks]]
name = "Circuit"
rounds = 3
rest_between_rounds = 15
[[blocks.exercises]]
name = "Jumps"
work = 20
[[blocks.exercises]]
name = "Hold"
hold = 10
"""

# 0 REPS 30 s: 5 reps at down 3 · hold 1 · up 2
PACED = """
name = "Paced"
[defaults]
prepare = 0
[[exercises]]
name = "Squats"
reps = 5
tempo = { down = 3, hold = 1, up = 2 }
"""

# 0 PREPARE 5 · 1 REPS (self-paced, 12 reps, 36 s estimate) · 2 REST 10 · 3 HOLD 20
SELF_PACED = """
name = "Self-paced"
[defaults]
prepare = 5
rest_after = 10
[[exercises]]
name = "Leg press"
reps = 12
[[exercises]]
name = "Plank"
hold = 20
"""

# Paced set, then a self-paced set straight after it (no rest in between).
PACED_THEN_SELF_PACED = """
name = "Paced then self-paced"
[defaults]
prepare = 0
rest_after = 0
[[exercises]]
name = "Calf raises"
reps = 2
tempo = { up = 1 }
[[exercises]]
name = "Leg press"
reps = 10
"""

# Every kind of step and event: per-side with and without a switch step, sets,
# paced and self-paced reps, a circuit of rounds.
MIXED = """
name = "Mixed"
[defaults]
prepare = 5
rest_between_sets = 10
rest_after = 15
switch = 3
rest_between_rounds = 20

[[blocks]]
name = "Warm-up"
[[blocks.exercises]]
name = "Single-leg balance"
hold = 20
per_side = true
sets = 2
[[blocks.exercises]]
name = "Squats"
reps = 5
tempo = { down = 3, hold = 1, up = 2 }
sets = 2

[[blocks]]
name = "Circuit"
rounds = 2
[[blocks.exercises]]
name = "Jumps"
work = 25
[[blocks.exercises]]
name = "Leg press"
reps = 10
[[blocks.exercises]]
name = "Step-ups"
work = 7
per_side = true
switch = 0
"""

# MIXED without self-paced reps: every step ends by itself.
ALL_TIMED = """
name = "All timed"
[defaults]
prepare = 5
rest_between_sets = 10
rest_after = 15
switch = 3
rest_between_rounds = 20

[[blocks]]
[[blocks.exercises]]
name = "Single-leg balance"
hold = 20
per_side = true
sets = 2
[[blocks.exercises]]
name = "Squats"
reps = 5
tempo = { down = 3, hold = 1, up = 2 }
sets = 3

[[blocks]]
rounds = 3
[[blocks.exercises]]
name = "Jumps"
work = 25
[[blocks.exercises]]
name = "Step-ups"
work = 7
per_side = true
switch = 0
"""

# About eight hours: many holds, rests, paced and self-paced sets, and long work.
LONG = """
name = "Marathon day"
[defaults]
prepare = 10
rest_between_sets = 30
rest_after = 45
switch = 5
rest_between_rounds = 60

[[blocks]]
name = "Holds"
rounds = 40
rest_after = 120
[[blocks.exercises]]
name = "Wall sit"
hold = 90
sets = 2
[[blocks.exercises]]
name = "Single-leg balance"
hold = 45
per_side = true
[[blocks.exercises]]
name = "Squats"
reps = 8
tempo = { down = 3, hold = 1, up = 2 }

[[blocks]]
name = "Work"
rounds = 20
[[blocks.exercises]]
name = "Easy spin"
work = 300
[[blocks.exercises]]
name = "Leg press"
reps = 12
"""


# --------------------------------------------------------------------------- helpers


def plan_of(source: str | Routine) -> Plan:
    routine = parse_routine(source) if isinstance(source, str) else source
    return build_plan(routine)


def make(source: str | Routine | Plan, *, start_index: int = 0) -> tuple[Session, FakeClock]:
    plan = source if isinstance(source, Plan) else plan_of(source)
    clock = FakeClock(START)
    return Session(plan, clock, start_index=start_index, wall_start=WALL), clock


def started(source: str | Routine | Plan) -> tuple[Session, FakeClock, list[Event]]:
    session, clock = make(source)
    return session, clock, session.start()


def wall(at: float) -> datetime:
    return WALL + timedelta(seconds=at - START)


Sig = tuple[EventKind, int, float, int | None]


def sig(events: Iterable[Event]) -> list[Sig]:
    """(kind, step index, time since the start, value) of each event."""
    return [(e.kind, e.step.index, e.at - START, e.value) for e in events]


def kinds(events: Iterable[Event]) -> list[EventKind]:
    return [e.kind for e in events]


def records(events: Iterable[Event]) -> list[StepRecord]:
    found = []
    for event in events:
        if event.kind is EventKind.STEP_FINISHED:
            assert event.record is not None
            found.append(event.record)
    return found


def only_record(events: Iterable[Event]) -> StepRecord:
    found = records(events)
    assert len(found) == 1, found
    return found[0]


def advance_to(session: Session, clock: FakeClock, at: float, step: float = 0.25) -> list[Event]:
    """Move the clock to START + at in small steps, polling after each."""
    events: list[Event] = []
    target = START + at
    while clock.time < target:
        clock.time = min(target, clock.time + step)
        events += session.poll()
    return events


def seconds(delta: timedelta) -> float:
    return delta.total_seconds()


# --------------------------------------------------------------------------- construction, READY


def test_a_plan_with_no_steps_is_refused() -> None:
    plan = plan_of(SIMPLE)
    empty = Plan(plan.routine, ())
    with pytest.raises(ValueError, match="no steps"):
        Session(empty, FakeClock())


@pytest.mark.parametrize("index", [-1, 4, 100])
def test_a_start_index_outside_the_plan_is_refused(index: int) -> None:
    with pytest.raises(ValueError, match="outside the plan"):
        Session(plan_of(SIMPLE), FakeClock(), start_index=index)


def test_ready_session_reads_as_not_started() -> None:
    session, clock = make(SIMPLE)
    clock.advance(50)
    assert session.state is State.READY
    assert not session.running
    assert not session.over
    assert session.index == 0
    assert session.step.kind is StepKind.PREPARE
    assert session.elapsed() == 0.0
    assert session.step_elapsed() == 0.0
    assert session.remaining() == 5.0
    assert session.remaining_total() == 65.0
    assert session.started_at is None


def test_commands_before_start_do_nothing() -> None:
    session, clock = make(SELF_PACED)
    clock.advance(30)
    assert session.pause() is False
    assert session.resume() is False
    assert session.toggle_pause() is False
    assert session.skip() is False
    assert session.done() is False
    assert session.done(5) is False
    assert session.back() is False
    assert session.adjust(10) is False
    assert session.adjust(-10) is False
    assert session.adjust_reps(1) is False
    assert session.poll() == []
    assert session.state is State.READY
    # The session then starts cleanly at the time start() is called.
    events = session.start()
    assert sig(events) == [(EventKind.STEP_STARTED, 0, 30.0, None)]
    assert session.step_elapsed() == 0.0
    assert session.remaining() == 5.0


def test_stop_before_start_ends_the_session_without_events() -> None:
    session, clock = make(SIMPLE)
    assert session.stop() == []
    assert session.state is State.STOPPED
    assert session.over
    assert session.start() == []
    clock.advance(100)
    assert session.poll() == []
    assert session.stop() == []


def test_start_begins_the_first_step() -> None:
    session, _ = make(SIMPLE)
    events = session.start()
    assert sig(events) == [(EventKind.STEP_STARTED, 0, 0.0, None)]
    assert events[0].step is session.plan.steps[0]
    assert session.state is State.RUNNING
    assert session.running
    assert session.started_at == WALL
    assert session.remaining() == 5.0
    assert session.start() == []  # a second start does nothing
    assert session.poll() == []


def test_start_index_begins_midway() -> None:
    session, clock = make(SIMPLE, start_index=2)
    events = session.start()
    assert sig(events) == [(EventKind.STEP_STARTED, 2, 0.0, None)]
    assert session.remaining_total() == 30.0
    events = advance_to(session, clock, 30)
    assert [r.index for r in records(events)] == [2, 3]
    assert records(events)[0].started_at == WALL
    assert session.state is State.FINISHED


def test_start_without_wall_start_uses_the_current_time() -> None:
    session = Session(plan_of(SIMPLE), FakeClock(START))
    before = datetime.now(UTC)
    session.start()
    after = datetime.now(UTC)
    assert session.started_at is not None
    assert before <= session.started_at <= after
    assert session.wall_time(START + 60) == session.started_at + timedelta(seconds=60)


def test_wall_time_is_anchored_at_wall_start() -> None:
    session, clock, _ = started(SIMPLE)
    assert session.wall_time(START) == WALL
    assert session.wall_time(START + 90.5) == WALL + timedelta(seconds=90.5)
    events = advance_to(session, clock, 65)
    first, second, *_ = records(events)
    assert first.started_at == WALL
    assert first.ended_at == WALL + timedelta(seconds=5)
    assert second.started_at == WALL + timedelta(seconds=5)
    assert second.ended_at == WALL + timedelta(seconds=35)


# --------------------------------------------------------------------------- timed steps and marks


def test_a_timed_step_ends_exactly_at_its_deadline() -> None:
    session, clock, _ = started(SIMPLE)
    events = advance_to(session, clock, 4.75)
    assert sig(events) == [
        (EventKind.COUNTDOWN, 0, 2.0, 3),
        (EventKind.COUNTDOWN, 0, 3.0, 2),
        (EventKind.COUNTDOWN, 0, 4.0, 1),
    ]
    assert session.remaining() == 0.25
    assert session.step_elapsed() == 4.75
    clock.advance(0.25)
    events = session.poll()
    assert sig(events) == [
        (EventKind.STEP_FINISHED, 0, 5.0, None),
        (EventKind.STEP_STARTED, 1, 5.0, None),
    ]
    assert events[0].step.index == 0
    assert events[0].record == StepRecord(
        index=0,
        outcome=Outcome.DONE,
        started_at=WALL,
        ended_at=WALL + timedelta(seconds=5),
        active_seconds=5.0,
        paused_seconds=0.0,
        adjusted_seconds=0.0,
        reps=None,
    )
    assert session.index == 1
    assert session.remaining() == 30.0
    assert session.step_length() == 30.0


def test_full_run_of_a_simple_routine() -> None:
    session, clock, first = started(SIMPLE)
    events = first + advance_to(session, clock, 70)
    assert sig(events) == [
        (EventKind.STEP_STARTED, 0, 0.0, None),
        (EventKind.COUNTDOWN, 0, 2.0, 3),
        (EventKind.COUNTDOWN, 0, 3.0, 2),
        (EventKind.COUNTDOWN, 0, 4.0, 1),
        (EventKind.STEP_FINISHED, 0, 5.0, None),
        (EventKind.STEP_STARTED, 1, 5.0, None),
        (EventKind.HALFWAY, 1, 20.0, None),
        (EventKind.COUNTDOWN, 1, 32.0, 3),
        (EventKind.COUNTDOWN, 1, 33.0, 2),
        (EventKind.COUNTDOWN, 1, 34.0, 1),
        (EventKind.STEP_FINISHED, 1, 35.0, None),
        (EventKind.STEP_STARTED, 2, 35.0, None),
        (EventKind.COUNTDOWN, 2, 42.0, 3),
        (EventKind.COUNTDOWN, 2, 43.0, 2),
        (EventKind.COUNTDOWN, 2, 44.0, 1),
        (EventKind.STEP_FINISHED, 2, 45.0, None),
        (EventKind.STEP_STARTED, 3, 45.0, None),
        (EventKind.HALFWAY, 3, 55.0, None),
        (EventKind.COUNTDOWN, 3, 62.0, 3),
        (EventKind.COUNTDOWN, 3, 63.0, 2),
        (EventKind.COUNTDOWN, 3, 64.0, 1),
        (EventKind.STEP_FINISHED, 3, 65.0, None),
        (EventKind.SESSION_FINISHED, 3, 65.0, None),
    ]
    assert [r.outcome for r in records(events)] == [Outcome.DONE] * 4
    assert [r.active_seconds for r in records(events)] == [5.0, 30.0, 10.0, 20.0]
    assert session.state is State.FINISHED
    assert session.over
    assert not session.running
    assert session.remaining_total() == 0.0


@pytest.mark.parametrize(
    ("exercise", "halfway_at"),
    [
        ("hold = 20", 10.0),
        ("hold = 19", None),
        ("hold = 45", 22.5),
        ("work = 20", 10.0),
        ("work = 7", None),
        ("reps = 10\ntempo = { up = 3 }", None),  # 30 s of paced reps: no halfway
    ],
)
def test_halfway_fires_for_holds_and_work_of_at_least_20_seconds(
    exercise: str, halfway_at: float | None
) -> None:
    text = f'name = "x"\n[defaults]\nprepare = 0\n[[exercises]]\nname = "e"\n{exercise}\n'
    session, clock, first = started(text)
    events = first + advance_to(session, clock, 100)
    halfway = [e.at - START for e in events if e.kind is EventKind.HALFWAY]
    assert halfway == ([] if halfway_at is None else [halfway_at])
    assert HALFWAY_MIN_SECONDS == 20


def test_no_halfway_for_long_rests_and_prepare() -> None:
    text = """
name = "x"
[defaults]
prepare = 40
rest_after = 60
[[exercises]]
name = "a"
hold = 5
[[exercises]]
name = "b"
hold = 5
"""
    session, clock, first = started(text)
    events = first + advance_to(session, clock, 200)
    assert [e.step.kind for e in events if e.kind is EventKind.STEP_STARTED] == [
        StepKind.PREPARE,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.HOLD,
    ]
    assert EventKind.HALFWAY not in kinds(events)
    # ...but every step still counts down.
    assert Counter(e.step.index for e in events if e.kind is EventKind.COUNTDOWN) == {
        0: 3,
        1: 3,
        2: 3,
        3: 3,
    }


@pytest.mark.parametrize(
    ("length", "countdown"),
    [(1, [(0.0, 1)]), (2, [(0.0, 2), (1.0, 1)]), (3, [(0.0, 3), (1.0, 2), (2.0, 1)])],
)
def test_short_steps_count_down_from_their_length(
    length: int, countdown: list[tuple[float, int]]
) -> None:
    text = f'name = "x"\n[defaults]\nprepare = 0\n[[exercises]]\nname = "e"\nhold = {length}\n'
    session, clock, first = started(text)
    events = first + advance_to(session, clock, 10)
    assert [(e.at - START, e.value) for e in events if e.kind is EventKind.COUNTDOWN] == countdown
    assert COUNTDOWN_FROM == 3


# --------------------------------------------------------------------------- pause and resume


def test_pause_freezes_and_resume_moves_the_deadline() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 15)  # 10 s into the 30 s hold
    assert session.index == 1
    assert session.pause() is True
    assert session.state is State.PAUSED
    assert session.running
    assert session.pause() is False  # already paused
    clock.advance(50)
    assert session.poll() == []
    assert session.remaining() == 20.0
    assert session.step_elapsed() == 10.0
    assert session.elapsed() == 15.0
    assert session.remaining_total() == 50.0
    assert session.resume() is True
    assert session.state is State.RUNNING
    assert session.resume() is False  # not paused
    assert session.remaining() == 20.0
    assert session.elapsed() == 15.0
    events = advance_to(session, clock, 84.75)
    assert EventKind.STEP_FINISHED not in kinds(events)
    assert [e.at - START for e in events if e.kind is EventKind.COUNTDOWN] == [82.0, 83.0, 84.0]
    clock.advance(0.25)
    events = session.poll()
    record = only_record(events)
    assert events[0].at == START + 85
    assert record.active_seconds == 30.0
    assert record.paused_seconds == 50.0
    assert record.ended_at - record.started_at == timedelta(seconds=80)
    assert session.elapsed() == 35.0


def test_marks_due_during_the_pause_fire_after_resuming() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 19)  # 14 s into the hold; halfway is at 15 s
    session.pause()
    clock.advance(100)
    assert session.poll() == []
    session.resume()
    clock.advance(0.5)
    assert session.poll() == []
    clock.advance(0.5)
    assert sig(session.poll()) == [(EventKind.HALFWAY, 1, 120.0, None)]


def test_toggle_pause_alternates() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(2)
    assert session.toggle_pause() is True
    assert session.state is State.PAUSED
    clock.advance(7)
    assert session.toggle_pause() is True
    assert session.state is State.RUNNING
    assert session.step_elapsed() == 2.0
    assert session.remaining() == 3.0


def test_several_pauses_add_up_on_the_step_and_the_session() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 6)  # 1 s into the hold
    for pause in (3.0, 0.5, 12.25):
        session.pause()
        clock.advance(pause)
        session.resume()
        clock.advance(1)
        session.poll()
    assert session.step_elapsed() == 4.0
    assert session.elapsed() == 9.0
    events = advance_to(session, clock, 100)
    hold = records(events)[0]
    assert hold.index == 1
    assert hold.paused_seconds == 15.75
    assert hold.active_seconds == 30.0
    assert hold.ended_at == WALL + timedelta(seconds=5 + 30 + 15.75)


def test_pause_across_a_step_boundary() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 34.5)  # 0.5 s before the hold's deadline at 35
    assert session.pause() is True
    clock.advance(100)
    assert session.poll() == []
    assert session.index == 1
    assert session.resume() is True
    clock.advance(0.25)
    assert session.poll() == []
    clock.advance(0.25)
    events = session.poll()
    assert sig(events) == [
        (EventKind.STEP_FINISHED, 1, 135.0, None),
        (EventKind.STEP_STARTED, 2, 135.0, None),
    ]
    hold = only_record(events)
    assert hold.paused_seconds == 100.0
    assert hold.active_seconds == 30.0
    assert hold.ended_at == WALL + timedelta(seconds=135)
    rest = only_record(advance_to(session, clock, 145))
    assert rest.index == 2
    assert rest.started_at == WALL + timedelta(seconds=135)
    assert rest.ended_at == WALL + timedelta(seconds=145)
    assert rest.paused_seconds == 0.0


def test_pause_first_catches_up_with_a_late_clock() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(37)  # the prepare and the hold are over; 2 s into the rest
    assert session.pause() is True
    clock.advance(60)
    events = session.poll()
    assert [r.index for r in records(events)] == [0, 1]
    assert all(r.paused_seconds == 0.0 for r in records(events))
    assert session.index == 2
    assert session.step_elapsed() == 2.0
    assert session.remaining() == 8.0


def test_pause_after_the_last_deadline_finishes_the_session() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(500)
    assert session.pause() is False
    assert session.state is State.FINISHED
    events = session.poll()
    assert kinds(events)[-1] is EventKind.SESSION_FINISHED
    assert events[-1].at == START + 65


def test_pausing_a_self_paced_set() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 15)  # 10 s into the self-paced set
    session.pause()
    clock.advance(40)
    session.resume()
    clock.advance(5)
    assert session.step_elapsed() == 15.0
    assert session.done() is True
    record = only_record(session.poll())
    assert record.active_seconds == 15.0
    assert record.paused_seconds == 40.0
    assert record.reps == 12


# --------------------------------------------------------------------------- skip


def test_skip_records_skipped_and_starts_the_next_step() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 12)  # 7 s into the hold
    assert session.skip() is True
    events = session.poll()
    assert sig(events) == [
        (EventKind.STEP_FINISHED, 1, 12.0, None),
        (EventKind.STEP_STARTED, 2, 12.0, None),
    ]
    record = only_record(events)
    assert record.outcome is Outcome.SKIPPED
    assert record.active_seconds == 7.0
    assert record.ended_at == WALL + timedelta(seconds=12)
    assert record.reps is None
    assert session.index == 2
    assert session.remaining() == 10.0
    assert session.remaining_total() == 30.0


def test_skipping_a_reps_step_records_no_reps() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 8)
    session.adjust_reps(-2)
    assert session.skip() is True
    record = only_record(session.poll())
    assert record.index == 1
    assert record.outcome is Outcome.SKIPPED
    assert record.reps is None


def test_skip_the_first_step() -> None:
    session, _, _ = started(SIMPLE)
    assert session.skip() is True
    events = session.poll()
    record = only_record(events)
    assert (record.index, record.outcome, record.active_seconds) == (0, Outcome.SKIPPED, 0.0)
    assert session.index == 1
    assert session.step_elapsed() == 0.0


def test_skipping_the_last_step_finishes_the_session() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 50)  # 5 s into the last hold
    assert session.index == 3
    assert session.skip() is True
    events = session.poll()
    assert sig(events) == [
        (EventKind.STEP_FINISHED, 3, 50.0, None),
        (EventKind.SESSION_FINISHED, 3, 50.0, None),
    ]
    assert only_record(events).outcome is Outcome.SKIPPED
    assert session.state is State.FINISHED
    assert session.skip() is False
    clock.advance(100)
    assert session.poll() == []


def test_skipping_every_step() -> None:
    session, clock, _ = started(MIXED)
    steps = len(session.plan.steps)
    for _ in range(steps):
        clock.advance(1)
        assert session.skip() is True
    events = session.poll()
    assert session.state is State.FINISHED
    found = records(events)
    assert [r.index for r in found] == list(range(steps))
    assert all(r.outcome is Outcome.SKIPPED and r.active_seconds == 1.0 for r in found)
    assert kinds(events).count(EventKind.SESSION_FINISHED) == 1
    assert session.skip() is False


def test_skip_while_paused_counts_the_pause_and_runs_on() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 10)
    session.pause()
    clock.advance(20)
    assert session.skip() is True
    record = only_record(session.poll())
    assert record.active_seconds == 5.0
    assert record.paused_seconds == 20.0
    assert record.ended_at == WALL + timedelta(seconds=30)
    # The next step starts straight away, running.
    assert session.state is State.RUNNING
    assert session.index == 2
    clock.advance(10)
    assert only_record(session.poll()).index == 2


def test_skip_after_a_late_poll_applies_to_the_step_the_clock_is_in() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(40)  # the hold ended at 35; the rest has run 5 s
    assert session.skip() is True
    found = records(session.poll())
    assert [(r.index, r.outcome) for r in found] == [
        (0, Outcome.DONE),
        (1, Outcome.DONE),
        (2, Outcome.SKIPPED),
    ]
    assert found[2].active_seconds == 5.0


# --------------------------------------------------------------------------- done


def test_done_ends_a_timer_early() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 25)
    assert session.done() is True
    record = only_record(session.poll())
    assert (record.index, record.outcome, record.active_seconds) == (1, Outcome.DONE, 20.0)
    assert record.reps is None
    assert session.index == 2


def test_a_self_paced_set_has_no_deadline() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 5)
    assert session.index == 1
    assert session.step.estimated
    assert session.timed() is False
    assert session.remaining() is None
    assert session.step_length() == 36.0
    assert session.remaining_total() == 36.0 + 30.0
    clock.advance(3600)
    assert session.poll() == []
    assert session.index == 1
    assert session.step_elapsed() == 3600.0
    assert session.remaining_total() == 30.0
    assert session.reps_done() == 12


def test_done_on_a_self_paced_set_defaults_to_the_target() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 35)
    assert session.done() is True
    events = session.poll()
    assert sig(events) == [
        (EventKind.STEP_FINISHED, 1, 35.0, None),
        (EventKind.STEP_STARTED, 2, 35.0, None),
    ]
    record = only_record(events)
    assert (record.outcome, record.reps, record.active_seconds) == (Outcome.DONE, 12, 30.0)


@pytest.mark.parametrize(("given", "recorded"), [(9, 9), (0, 0), (-4, 0), (15, 15), (5000, 999)])
def test_done_with_an_explicit_rep_count(given: int, recorded: int) -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 20)
    assert session.done(given) is True
    assert only_record(session.poll()).reps == recorded
    assert MAX_REPS == 999


def test_done_with_reps_on_a_timed_step_ignores_the_count() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 10)
    assert session.done(7) is True
    assert only_record(session.poll()).reps is None


# --------------------------------------------------------------------------- adjust


def test_adjust_adds_and_takes_time() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 10)  # 5 s into the hold: 25 s left
    assert session.adjust(10) is True
    assert session.remaining() == 35.0
    assert session.step_length() == 40.0
    assert session.remaining_total() == 65.0
    assert session.adjust(-10) is True
    assert session.remaining() == 25.0
    assert session.adjust(10) is True
    events = advance_to(session, clock, 100)
    hold = records(events)[0]
    assert hold.index == 1
    assert hold.active_seconds == 40.0
    assert hold.adjusted_seconds == 10.0
    assert hold.ended_at == WALL + timedelta(seconds=45)
    # The halfway mark moved with the length: 20 s into the 40 s hold.
    halfway = [e.at - START for e in events if e.kind is EventKind.HALFWAY and e.step.index == 1]
    assert halfway == [25.0]


def test_adjust_never_goes_below_the_time_passed() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 30)  # 25 s into the 30 s hold
    session.pause()  # paused, so the cut step stays on screen to be read
    clock.advance(5)
    assert session.adjust(-10) is True
    assert session.remaining() == 0.0
    assert session.step_length() == 25.0
    assert session.step_elapsed() == 25.0
    session.resume()
    events = session.poll()
    hold = only_record(events)
    assert hold.adjusted_seconds == -5.0
    assert hold.active_seconds == 25.0
    assert hold.paused_seconds == 5.0
    assert hold.ended_at == WALL + timedelta(seconds=35)
    assert sig(events)[-1] == (EventKind.STEP_STARTED, 2, 35.0, None)


def test_a_big_cut_finishes_the_step_at_once() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 17)  # 12 s into the hold
    assert session.adjust(-1000) is True
    assert session.index == 2  # already over; the events come with the next poll
    events = session.poll()
    hold = only_record(events)
    assert (hold.index, hold.active_seconds, hold.adjusted_seconds) == (1, 12.0, -18.0)
    assert hold.outcome is Outcome.DONE
    assert sig(events)[-1] == (EventKind.STEP_STARTED, 2, 17.0, None)
    assert session.remaining() == 10.0


def test_countdown_fires_again_after_adding_time() -> None:
    session, clock, _ = started(SIMPLE)
    events = advance_to(session, clock, 43.5)  # 8.5 s into the 10 s rest: 3 and 2 fired
    assert [e.value for e in events if e.kind is EventKind.COUNTDOWN and e.step.index == 2] == [
        3,
        2,
    ]
    assert session.adjust(10) is True
    assert session.remaining() == 11.5
    events = advance_to(session, clock, 60)
    rest = [s for s in sig(events) if s[1] == 2]
    assert rest == [
        (EventKind.COUNTDOWN, 2, 52.0, 3),
        (EventKind.COUNTDOWN, 2, 53.0, 2),
        (EventKind.COUNTDOWN, 2, 54.0, 1),
        (EventKind.STEP_FINISHED, 2, 55.0, None),
    ]


def test_adding_a_little_time_refires_only_the_marks_still_ahead() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 43.5)  # 1.5 s left; 3 and 2 have fired
    assert session.adjust(1) is True  # 2.5 s left: "2" is ahead again, "3" is not
    events = advance_to(session, clock, 47)
    assert [s for s in sig(events) if s[1] == 2] == [
        (EventKind.COUNTDOWN, 2, 44.0, 2),
        (EventKind.COUNTDOWN, 2, 45.0, 1),
        (EventKind.STEP_FINISHED, 2, 46.0, None),
    ]


def test_adjust_while_paused() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 10)
    session.pause()
    clock.advance(30)
    assert session.adjust(-20) is True
    assert session.remaining() == 5.0
    assert session.poll() == []
    session.resume()
    events = advance_to(session, clock, 45)
    hold = records(events)[0]
    assert (hold.active_seconds, hold.paused_seconds, hold.adjusted_seconds) == (10.0, 30.0, -20.0)
    assert hold.ended_at == WALL + timedelta(seconds=45)


@pytest.mark.parametrize("source", [SELF_PACED, PACED])
def test_adjust_does_not_apply_to_reps(source: str) -> None:
    session, clock, _ = started(source)
    advance_to(session, clock, 6)
    assert session.step.kind is StepKind.REPS
    length = session.step_length()
    assert session.adjust(10) is False
    assert session.adjust(-10) is False
    assert session.step_length() == length


def test_shortening_a_step_does_not_fire_marks_in_the_past() -> None:
    session, clock, _ = started(SIMPLE)
    events = advance_to(session, clock, 17)  # 12 s into the 30 s hold; nothing has fired yet
    assert [e for e in events if e.step.index == 1 and e.kind is not EventKind.STEP_STARTED] == []
    session.adjust(-1000)
    events = session.poll()
    # The step ended at 17: no event may claim a time before the command, and the
    # countdown never reached 3, 2, 1 while the hold still had 18 s to go.
    assert all(e.at >= START + 17 for e in events), sig(events)
    assert EventKind.COUNTDOWN not in [e.kind for e in events if e.step.index == 1]
    assert EventKind.HALFWAY not in [e.kind for e in events if e.step.index == 1]


# --------------------------------------------------------------------------- reps


def test_adjust_reps_on_a_self_paced_set() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 10)
    assert session.reps_done() == 12
    assert session.adjust_reps(2) is True
    assert session.reps_done() == 14
    assert session.adjust_reps(-3) is True
    assert session.reps_done() == 11
    assert session.adjust_reps(-50) is True
    assert session.reps_done() == 0
    assert session.adjust_reps(-1) is True
    assert session.reps_done() == 0
    assert session.adjust_reps(4) is True
    session.done()
    assert only_record(session.poll()).reps == 4


def test_adjust_reps_is_clamped_at_the_maximum() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 10)
    assert session.adjust_reps(5000) is True
    assert session.reps_done() == MAX_REPS


def test_adjust_reps_on_a_paced_set_starts_from_the_clock() -> None:
    session, clock, _ = started(PACED)
    advance_to(session, clock, 13)  # 2 reps of 6 s done
    assert session.reps_done() == 2
    assert session.adjust_reps(1) is True
    assert session.reps_done() == 3
    session.done()
    assert only_record(session.poll()).reps == 3


def test_adjust_reps_does_not_apply_to_timed_steps() -> None:
    session, clock, _ = started(SIMPLE)
    assert session.adjust_reps(1) is False
    assert session.reps_done() is None
    advance_to(session, clock, 10)
    assert session.adjust_reps(-1) is False


def test_adjust_reps_while_paused() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 10)
    session.pause()
    assert session.adjust_reps(-2) is True
    session.resume()
    session.done()
    assert only_record(session.poll()).reps == 10


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        (0.0, RepPhase(1, 5, "down", 3, 3.0)),
        (2.5, RepPhase(1, 5, "down", 3, 0.5)),
        (3.0, RepPhase(1, 5, "hold", 1, 1.0)),
        (3.5, RepPhase(1, 5, "hold", 1, 0.5)),
        (4.0, RepPhase(1, 5, "up", 2, 2.0)),
        (5.75, RepPhase(1, 5, "up", 2, 0.25)),
        (6.0, RepPhase(2, 5, "down", 3, 3.0)),
        (13.0, RepPhase(3, 5, "down", 3, 2.0)),
        (21.5, RepPhase(4, 5, "hold", 1, 0.5)),
        (22.5, RepPhase(4, 5, "up", 2, 1.5)),
        (24.0, RepPhase(5, 5, "down", 3, 3.0)),
        (29.875, RepPhase(5, 5, "up", 2, 0.125)),
    ],
)
def test_rep_phase_of_a_paced_set(elapsed: float, expected: RepPhase) -> None:
    session, clock, _ = started(PACED)
    clock.advance(elapsed)
    session.poll()
    assert session.index == 0
    assert session.state is State.RUNNING
    phase = session.rep_phase()
    assert phase is not None
    assert (phase.rep, phase.reps, phase.phase, phase.phase_seconds) == (
        expected.rep,
        expected.reps,
        expected.phase,
        expected.phase_seconds,
    )
    assert phase.phase_remaining == pytest.approx(expected.phase_remaining, abs=1e-6)
    assert session.reps_done() == int(elapsed // 6)


def test_rep_phases_follow_the_order_written() -> None:
    text = PACED.replace("{ down = 3, hold = 1, up = 2 }", "{ up = 2, down = 4 }")
    session, clock, _ = started(text)
    assert session.rep_phase() == RepPhase(1, 5, "up", 2, 2.0)
    clock.advance(2)
    assert session.rep_phase() == RepPhase(1, 5, "down", 4, 4.0)


def test_rep_phase_is_frozen_while_paused() -> None:
    session, clock, _ = started(PACED)
    clock.advance(7.5)
    session.pause()
    clock.advance(100)
    assert session.rep_phase() == RepPhase(2, 5, "down", 3, 1.5)
    assert session.reps_done() == 1


def test_rep_phase_is_none_outside_paced_sets() -> None:
    session, clock, _ = started(SELF_PACED)
    assert session.rep_phase() is None  # prepare
    advance_to(session, clock, 6)
    assert session.step.kind is StepKind.REPS
    assert session.rep_phase() is None  # self-paced


@pytest.mark.parametrize(("at", "reps"), [(0.0, 0), (5.875, 0), (6.0, 1), (13.0, 2), (29.5, 4)])
def test_a_paced_set_ended_early_records_the_completed_reps(at: float, reps: int) -> None:
    session, clock, _ = started(PACED)
    clock.advance(at)
    session.poll()
    assert session.done() is True
    record = only_record(session.poll())
    assert record.reps == reps
    assert record.active_seconds == at


def test_a_paced_set_that_runs_out_records_the_target() -> None:
    session, clock, _ = started(PACED)
    events = advance_to(session, clock, 30)
    record = only_record(events)
    assert (record.outcome, record.reps, record.active_seconds) == (Outcome.DONE, 5, 30.0)
    assert session.state is State.FINISHED


def test_a_paced_set_has_no_halfway_but_counts_down() -> None:
    session, clock, first = started(PACED)
    events = first + advance_to(session, clock, 30)
    assert EventKind.HALFWAY not in kinds(events)
    assert [(e.at - START, e.value) for e in events if e.kind is EventKind.COUNTDOWN] == [
        (27.0, 3),
        (28.0, 2),
        (29.0, 1),
    ]


def test_done_with_reps_after_a_late_poll_counts_for_the_current_step() -> None:
    session, clock, _ = started(PACED_THEN_SELF_PACED)
    clock.advance(3)  # the 2 s paced set ran out at 2 s; the self-paced set has run 1 s
    assert session.done(7) is True
    paced, self_paced = records(session.poll())
    assert (paced.index, paced.reps) == (0, 2)  # completed by the clock: the target
    assert (self_paced.index, self_paced.reps) == (1, 7)


# --------------------------------------------------------------------------- back


def test_back_restarts_the_current_step() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 20)  # 15 s into the hold; halfway fired
    assert session.back() is True
    events = session.poll()
    assert sig(events) == [(EventKind.STEP_STARTED, 1, 20.0, None)]
    assert session.index == 1
    assert session.step_elapsed() == 0.0
    assert session.remaining() == 30.0
    events = advance_to(session, clock, 60)
    hold = records(events)[0]
    assert hold.index == 1
    assert hold.started_at == WALL + timedelta(seconds=20)
    assert hold.active_seconds == 30.0
    assert kinds(e for e in events if e.step.index == 1).count(EventKind.HALFWAY) == 1


def test_back_right_after_a_start_goes_to_the_previous_step() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 36)  # 1 s into the rest
    assert session.back() is True
    assert sig(session.poll()) == [(EventKind.STEP_STARTED, 1, 36.0, None)]
    assert session.index == 1
    assert session.remaining() == 30.0
    # The hold runs again in full and is recorded again.
    events = advance_to(session, clock, 66)
    assert [r.index for r in records(events)] == [1]
    assert records(events)[0].started_at == WALL + timedelta(seconds=36)


def test_back_at_exactly_the_grace_period_restarts() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 5 + BACK_GRACE_SECONDS)
    assert session.back() is True
    assert session.index == 1
    clock.advance(BACK_GRACE_SECONDS - 0.125)
    assert session.back() is True
    assert session.index == 0


def test_back_at_the_first_step_restarts_it() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(1)
    assert session.back() is True
    assert sig(session.poll()) == [(EventKind.STEP_STARTED, 0, 1.0, None)]
    assert session.index == 0
    assert session.remaining() == 5.0
    clock.advance(4)
    assert session.back() is True
    assert session.index == 0
    assert session.remaining() == 5.0


def test_back_at_the_last_step() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 46)  # 1 s into the last hold
    assert session.back() is True
    assert session.index == 2
    events = advance_to(session, clock, 76)  # the rest again (46-56), then the hold (56-76)
    assert [r.index for r in records(events)] == [2, 3]
    assert session.state is State.FINISHED
    assert events[-1].at == START + 76
    session2, clock2, _ = started(SIMPLE)
    advance_to(session2, clock2, 55)  # 10 s into the last hold
    assert session2.back() is True
    assert session2.index == 3
    assert session2.remaining() == 20.0


def test_back_while_paused_resumes_on_the_restarted_step() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 10)
    session.pause()
    clock.advance(30)
    assert session.back() is True
    assert session.state is State.RUNNING
    assert session.index == 1
    assert session.remaining() == 30.0
    assert session.elapsed() == 10.0  # the pause is not active time


def test_back_restarts_marks_and_set_events() -> None:
    session, clock, _ = started(PER_SIDE)
    advance_to(session, clock, 74)  # 9 s into the second set's left side (65-85)
    assert session.index == 5
    assert session.back() is True
    events = session.poll()
    assert kinds(events) == [EventKind.STEP_STARTED, EventKind.LAST_SET]
    events = advance_to(session, clock, 100)
    assert [e.value for e in events if e.kind is EventKind.COUNTDOWN and e.step.index == 5] == [
        3,
        2,
        1,
    ]


# --------------------------------------------------------------------------- stop


def test_stop_records_the_step_in_progress_as_partial() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 12)
    events = session.stop()
    assert sig(events) == [
        (EventKind.STEP_FINISHED, 1, 12.0, None),
        (EventKind.SESSION_STOPPED, 1, 12.0, None),
    ]
    record = only_record(events)
    assert (record.outcome, record.active_seconds, record.reps) == (Outcome.PARTIAL, 7.0, None)
    assert session.state is State.STOPPED
    assert session.over
    assert session.remaining_total() == 0.0
    # Nothing more happens.
    clock.advance(1000)
    assert session.poll() == []
    assert session.poll_events() == []
    assert session.stop() == []
    for command in (session.pause, session.resume, session.skip, session.done, session.back):
        assert command() is False
    assert session.adjust(10) is False
    assert session.adjust_reps(1) is False
    assert session.start() == []


def test_stop_while_paused_counts_the_pause() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 12)
    session.pause()
    clock.advance(8)
    events = session.stop()
    record = only_record(events)
    assert (record.active_seconds, record.paused_seconds) == (7.0, 8.0)
    assert record.ended_at == WALL + timedelta(seconds=20)
    assert events[-1].kind is EventKind.SESSION_STOPPED
    assert events[-1].at == START + 20


def test_stop_during_a_self_paced_set_records_unknown_reps() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 20)
    assert only_record(session.stop()).reps is None


def test_stop_during_a_self_paced_set_keeps_a_count_the_person_gave() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 20)
    session.adjust_reps(-4)
    assert only_record(session.stop()).reps == 8


def test_stop_during_a_paced_set_records_the_reps_the_clock_counted() -> None:
    session, clock, _ = started(PACED)
    advance_to(session, clock, 19)
    record = only_record(session.stop())
    assert (record.outcome, record.reps) == (Outcome.PARTIAL, 3)


def test_stop_after_a_late_poll_finishes_the_steps_that_ran_out() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(40)
    events = session.stop()
    assert [(r.index, r.outcome) for r in records(events)] == [
        (0, Outcome.DONE),
        (1, Outcome.DONE),
        (2, Outcome.PARTIAL),
    ]
    assert records(events)[2].active_seconds == 5.0
    assert kinds(events)[-1] is EventKind.SESSION_STOPPED


def test_stop_after_the_session_ran_out_unpolled() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(100)  # the session finished at 65 s, nobody polled
    events = session.stop()
    assert [r.index for r in records(events)] == [0, 1, 2, 3]
    assert kinds(events).count(EventKind.SESSION_STOPPED) == 0
    assert kinds(events)[-1] is EventKind.SESSION_FINISHED
    assert session.state is State.FINISHED


def test_back_after_the_session_ran_out_unpolled() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(100)
    assert session.back() is False
    assert kinds(session.poll())[-1] is EventKind.SESSION_FINISHED


def test_adjust_after_the_session_ran_out_unpolled() -> None:
    session, clock, _ = started(SIMPLE)
    clock.advance(100)
    assert session.adjust(10) is False


# --------------------------------------------------------------------------- FINISHED


def test_commands_after_the_session_finished_do_nothing() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 10)
    session.done()
    advance_to(session, clock, 100)
    assert session.state is State.FINISHED
    clock.advance(50)
    assert session.poll() == []
    for command in (
        session.pause,
        session.resume,
        session.toggle_pause,
        session.skip,
        session.done,
        session.back,
    ):
        assert command() is False
    assert session.done(3) is False
    assert session.adjust(10) is False
    assert session.adjust(-10) is False
    assert session.adjust_reps(1) is False
    assert session.stop() == []
    assert session.start() == []
    assert session.poll() == []
    assert session.state is State.FINISHED
    assert session.remaining_total() == 0.0


@pytest.mark.parametrize("end", ["finish", "stop"])
def test_elapsed_stops_when_the_session_is_over(end: str) -> None:
    session, clock, _ = started(SIMPLE)
    if end == "finish":
        clock.advance(80)  # one late poll: the session ended at 65 s
        session.poll()
        total = 65.0
    else:
        advance_to(session, clock, 12)
        session.stop()
        total = 12.0
    assert session.over
    clock.advance(1000)
    assert session.elapsed() == total
    assert session.step_elapsed() == (20.0 if end == "finish" else 7.0)


# --------------------------------------------------------------------------- sides, sets, rounds


def test_per_side_routine() -> None:
    session, clock, first = started(PER_SIDE)
    events = first + advance_to(session, clock, 200)
    starts = [e.step for e in events if e.kind is EventKind.STEP_STARTED]
    assert [(s.kind, s.side, s.set) for s in starts] == [
        (StepKind.PREPARE, None, 1),
        (StepKind.HOLD, Side.LEFT, 1),
        (StepKind.SWITCH, Side.LEFT, 1),
        (StepKind.HOLD, Side.RIGHT, 1),
        (StepKind.REST, None, 1),
        (StepKind.HOLD, Side.LEFT, 2),
        (StepKind.SWITCH, Side.LEFT, 2),
        (StepKind.HOLD, Side.RIGHT, 2),
    ]
    assert [(e.step.index, e.at - START) for e in events if e.kind is EventKind.SWITCH_SIDES] == [
        (2, 25.0),
        (6, 85.0),
    ]
    assert [(e.step.index, e.at - START) for e in events if e.kind is EventKind.LAST_SET] == [
        (5, 65.0)
    ]
    # Each event comes right after its step's STEP_STARTED.
    for kind in (EventKind.SWITCH_SIDES, EventKind.LAST_SET):
        i = kinds(events).index(kind)
        assert events[i - 1].kind is EventKind.STEP_STARTED
        assert events[i - 1].step is events[i].step
    assert [r.active_seconds for r in records(events)] == [5, 20, 5, 20, 15, 20, 5, 20]
    assert records(events)[-1].ended_at == WALL + timedelta(seconds=110)


def test_switch_sides_fires_on_the_right_side_when_there_is_no_switch_step() -> None:
    session, clock, first = started(NO_SWITCH)
    events = first + advance_to(session, clock, 30)
    assert [(e.step.index, e.step.side) for e in events if e.kind is EventKind.SWITCH_SIDES] == [
        (1, Side.RIGHT)
    ]
    assert EventKind.LAST_SET not in kinds(events)


def test_last_set_fires_once_for_a_plain_exercise() -> None:
    text = """
name = "Sets"
[defaults]
prepare = 0
rest_between_sets = 5
[[exercises]]
name = "Squats"
reps = 3
tempo = { down = 2 }
sets = 3
"""
    session, clock, first = started(text)
    events = first + advance_to(session, clock, 100)
    last = [e.step for e in events if e.kind is EventKind.LAST_SET]
    assert [(s.index, s.set, s.sets) for s in last] == [(4, 3, 3)]
    assert [r.reps for r in records(events) if r.reps is not None] == [3, 3, 3]


def test_circuit_routine_runs_every_round() -> None:
    session, clock, first = started(CIRCUIT)
    events = first + advance_to(session, clock, 200)
    starts = [e.step for e in events if e.kind is EventKind.STEP_STARTED]
    assert len(starts) == 12
    work = [(s.round, s.rounds) for s in starts if s.kind is StepKind.WORK]
    assert work == [(1, 3), (2, 3), (3, 3)]
    assert sum(s.kind is StepKind.REST for s in starts) == 5
    assert [r.index for r in records(events)] == list(range(12))
    assert sum(r.active_seconds for r in records(events)) == session.plan.total_seconds == 140
    assert kinds(events).count(EventKind.HALFWAY) == 3  # the three 20 s work steps
    assert EventKind.LAST_SET not in kinds(events)
    assert events[-1].kind is EventKind.SESSION_FINISHED
    assert events[-1].at == START + 140


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


# --------------------------------------------------------------------------- long simulation


TICK = 8  # clock ticks per second in the model: every move is a multiple of 1/8 s


@dataclass
class Model:
    """An independent model of the timeline in integer ticks, to check the session against."""

    plan: Plan
    index: int = 0
    start: int = 0
    paused: int = 0
    length: int = 0
    adjusted: int = 0
    finished: bool = False
    records: list[tuple[int, Outcome, int, int, int, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.length = self.plan.steps[0].seconds * TICK

    @property
    def step(self) -> Step:
        return self.plan.steps[self.index]

    def catch_up(self, now: int) -> None:
        while not self.finished and not self.step.estimated:
            deadline = self.start + self.paused + self.length
            if deadline > now:
                return
            self.end(Outcome.DONE, deadline)

    def end(self, outcome: Outcome, at: int) -> None:
        active = at - self.start - self.paused
        self.records.append(
            (self.index, outcome, self.start, at, active, self.paused, self.adjusted)
        )
        if self.index + 1 == len(self.plan.steps):
            self.finished = True
            return
        self.index += 1
        self.start, self.paused, self.adjusted = at, 0, 0
        self.length = self.step.seconds * TICK

    def adjust(self, delta: int, now: int) -> None:
        elapsed = now - self.start - self.paused
        new = max(elapsed, self.length + delta * TICK)
        self.adjusted += new - self.length
        self.length = new

    def active(self, now: int) -> int:
        done = sum(record[4] for record in self.records)
        return done + (0 if self.finished else now - self.start - self.paused)


def simulate(plan: Plan, seed: int) -> tuple[Session, Model, list[Event], int]:
    """Run a plan with random polls (some very late), pauses, skips, early dones and adjusts."""
    rng = random.Random(seed)
    session, clock = make(plan)
    model = Model(plan)
    events = session.start()
    ticks = 0  # clock ticks since the start
    pause_total = 0
    self_paced_wait = rng.randint(10, 60) * TICK

    def now_at(t: int) -> float:
        return START + t / TICK

    while not session.over:
        roll = rng.random()
        if roll < 0.85:
            ticks += rng.randint(0, 5 * TICK)
        elif roll < 0.98:
            ticks += rng.randint(1, 600 * TICK)
        else:
            ticks += rng.randint(1, 1800 * TICK)  # up to half an hour late
        clock.time = now_at(ticks)
        events += session.poll()
        model.catch_up(ticks)
        if session.over:
            break
        # The session agrees with the model about where it is.
        assert session.index == model.index
        assert session.elapsed() * TICK == model.active(ticks)
        if not session.step.estimated:
            remaining = session.remaining()
            assert remaining is not None
            assert remaining * TICK == model.start + model.paused + model.length - ticks

        action = rng.random()
        if session.step.estimated and ticks - model.start - model.paused >= self_paced_wait:
            assert session.done() is True
            model.end(Outcome.DONE, ticks)
            self_paced_wait = rng.randint(10, 60) * TICK
        elif action < 0.03:
            assert session.pause() is True
            length = rng.randint(1, 300 * TICK)
            for _ in range(rng.randint(0, 3)):  # polls during a pause change nothing
                clock.time = now_at(ticks + rng.randint(0, length))
                assert session.poll() == []
            ticks += length
            clock.time = now_at(ticks)
            assert session.resume() is True
            model.paused += length
            pause_total += length
        elif action < 0.05:
            assert session.skip() is True
            model.end(Outcome.SKIPPED, ticks)
        elif action < 0.06 and not session.step.estimated:
            assert session.done() is True
            model.end(Outcome.DONE, ticks)
        elif action < 0.10:
            delta = rng.choice([10, -10, 30, -30])
            applies = session.step.kind is not StepKind.REPS
            assert session.adjust(delta) is applies
            if applies:
                model.adjust(delta, ticks)
                model.catch_up(ticks)
    events += session.poll()  # the command that ended the last step left its events
    return session, model, events, pause_total


def compare_with_model(
    session: Session, model: Model, events: list[Event], pause_total: int
) -> None:
    assert session.state is State.FINISHED
    assert model.finished
    found = records(events)
    assert len(found) == len(model.records) == len(session.plan.steps)
    for record, expected in zip(found, model.records, strict=True):
        index, outcome, start, end, active, paused, adjusted = expected
        assert record.index == index
        assert record.outcome is outcome
        assert record.started_at == WALL + timedelta(seconds=start / TICK)
        assert record.ended_at == WALL + timedelta(seconds=end / TICK)
        assert record.active_seconds == active / TICK
        assert record.paused_seconds == paused / TICK
        assert record.adjusted_seconds == adjusted / TICK
    for before, after in pairwise(found):
        assert after.started_at == before.ended_at
    total_active = sum(r.active_seconds for r in found)
    total_paused = sum(r.paused_seconds for r in found)
    assert total_paused * TICK == pause_total
    end = model.records[-1][3]
    assert (total_active + total_paused) * TICK == end
    assert found[-1].ended_at - found[0].started_at == timedelta(seconds=end / TICK)
    assert events[-1].kind is EventKind.SESSION_FINISHED
    assert events[-1].at == START + end / TICK
    # Events come in time order, even around steps that were cut short.
    assert all(a.at <= b.at for a, b in pairwise(events))


def test_the_long_routine_lasts_about_eight_hours() -> None:
    plan = plan_of(LONG)
    assert 7.5 * 3600 < plan.total_seconds < 8.5 * 3600
    assert len(plan.steps) > 400
    assert plan.has_estimates


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_eight_hour_session_keeps_exact_time(seed: int) -> None:
    plan = plan_of(LONG)
    session, model, events, pause_total = simulate(plan, seed)
    compare_with_model(session, model, events, pause_total)
    outcomes = Counter(r.outcome for r in records(events))
    assert outcomes[Outcome.SKIPPED] > 0
    assert pause_total > 0
    assert any(r.adjusted_seconds != 0 for r in records(events))
    # Longer than planned only by the pauses, the adjustments, skips and self-paced sets.
    assert events[-1].at - START > 3 * 3600


@pytest.mark.parametrize("routine_id", BUILT_IN_IDS)
def test_built_in_routines_keep_exact_time_under_random_use(routine_id: str) -> None:
    plan = plan_of(resolve(routine_id))
    session, model, events, pause_total = simulate(plan, seed=BUILT_IN_IDS.index(routine_id))
    compare_with_model(session, model, events, pause_total)


def test_several_built_ins_back_to_back_keep_exact_time() -> None:
    """Seven sessions one after another on one clock, hours from its zero, without drift."""
    clock = FakeClock(START)
    for routine_id in BUILT_IN_IDS:
        plan = plan_of(resolve(routine_id))
        session = Session(plan, clock, wall_start=WALL)
        origin = clock.time
        events = session.start()
        rng = random.Random(routine_id)
        while not session.over:
            clock.advance(rng.randint(0, 90 * 8) / 8)
            events += session.poll()
            if session.step.estimated and not session.over:
                assert session.done() is True
        events += session.poll()
        found = records(events)
        assert [r.index for r in found] == list(range(len(plan.steps)))
        assert found[0].started_at == WALL
        for before, after in pairwise(found):
            assert after.started_at == before.ended_at
        duration = sum(r.active_seconds for r in found)
        assert found[-1].ended_at == WALL + timedelta(seconds=duration)
        assert events[-1].kind is EventKind.SESSION_FINISHED
        assert events[-1].at == origin + duration
        timed = [(r, s) for r, s in zip(found, plan.steps, strict=True) if not s.estimated]
        assert all(r.active_seconds == s.seconds for r, s in timed)
    assert clock.time - START > 3 * 3600


# --------------------------------------------------------------------------- reading state


def test_elapsed_and_remaining_total_while_running() -> None:
    session, clock, _ = started(SIMPLE)
    advance_to(session, clock, 7)  # 2 s into the hold
    assert session.elapsed() == 7.0
    assert session.step_elapsed() == 2.0
    assert session.remaining() == 28.0
    assert session.remaining_total() == 28.0 + 10.0 + 20.0
    advance_to(session, clock, 40)
    assert session.elapsed() == 40.0
    assert session.remaining_total() == 25.0
    advance_to(session, clock, 64.5)
    assert session.remaining_total() == 0.5


def test_remaining_total_for_an_overdue_self_paced_set() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 15)  # 10 s into a set estimated at 36 s
    assert session.remaining_total() == 26.0 + 30.0
    clock.advance(100)
    assert session.remaining_total() == 30.0


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
