"""The session engine's test routines and helpers: a session on a FakeClock at START,
its wall clock anchored at WALL, and ways to read the events it gives.

Most clock moves in these tests are multiples of 1/8 s, which floats represent exactly,
so timing sums can be compared with ``==`` rather than approximately.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from legtimer.core.plan import Plan
from legtimer.core.routines import Routine
from legtimer.core.session import (
    Event,
    EventKind,
    FakeClock,
    Session,
    StepRecord,
)
from tests.support.factories import plan_of

START = 1000.0
WALL = datetime(2026, 1, 1, tzinfo=UTC)

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


# --------------------------------------------------------------------------- helpers


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
