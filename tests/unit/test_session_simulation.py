"""The session engine over long, random use, checked against an independent model in
integer ticks: an eight-hour routine and every built-in keep exact time.

Every test runs on a FakeClock and moves it explicitly; nothing sleeps.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise

import pytest

from legtimer.core.plan import Plan, Step, StepKind
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import (
    Event,
    EventKind,
    FakeClock,
    Outcome,
    Session,
    State,
)
from tests.support.factories import BUILT_IN_IDS, plan_of
from tests.support.sessions import (
    START,
    WALL,
    make,
    records,
)

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

    def skip_outcome(self, now: int) -> Outcome:
        """Skipped; a paced set left after a whole rep is partial (the reps done are kept)."""
        tempo = self.step.exercise.tempo
        done_a_rep = (
            tempo is not None and now - self.start - self.paused >= tempo.rep_seconds * TICK
        )
        return (
            Outcome.PARTIAL if self.step.kind is StepKind.REPS and done_a_rep else Outcome.SKIPPED
        )

    def adjust(self, delta: int, now: int) -> None:
        elapsed = now - self.start - self.paused
        new = max(elapsed, self.length + delta * TICK)
        self.adjusted += new - self.length
        self.length = new

    def active(self, now: int) -> int:
        done = sum(record[4] for record in self.records)
        return done + (0 if self.finished else now - self.start - self.paused)


def simulate(plan: Plan, seed: int | str) -> tuple[Session, Model, list[Event], int]:
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
            model.end(model.skip_outcome(ticks), ticks)
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
    session, model, events, pause_total = simulate(plan, seed=routine_id)
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
