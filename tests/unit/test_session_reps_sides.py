"""The session engine: paced and self-paced reps, and sides, sets and rounds.

Every test runs on a FakeClock and moves it explicitly; nothing sleeps.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from legtimer.core.plan import Side, StepKind
from legtimer.core.session import (
    MAX_REPS,
    EventKind,
    Outcome,
    RepPhase,
    State,
)
from tests.support.sessions import (
    CIRCUIT,
    NO_SWITCH,
    PACED,
    PACED_THEN_SELF_PACED,
    PER_SIDE,
    SELF_PACED,
    SIMPLE,
    START,
    WALL,
    advance_to,
    kinds,
    only_record,
    records,
    started,
)

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


# --------------------------------------------------------------------------- one count


def test_skipping_a_paced_set_after_some_reps_records_them() -> None:
    session, clock, _ = started(PACED)  # 5 reps of 6 s
    advance_to(session, clock, 19)  # 3 reps done by the clock
    assert session.skip() is True
    record = only_record(session.poll())
    assert (record.outcome, record.reps) == (Outcome.PARTIAL, 3)


def test_skipping_a_paced_set_before_a_rep_is_a_skip() -> None:
    session, clock, _ = started(PACED)
    advance_to(session, clock, 5)
    assert session.skip() is True
    record = only_record(session.poll())
    assert (record.outcome, record.reps) == (Outcome.SKIPPED, None)


def test_a_corrected_paced_count_keeps_following_the_clock() -> None:
    """Up once at rep 1: one ahead of the pacer from then on; Enter records that count."""
    session, clock, _ = started(PACED)
    advance_to(session, clock, 7)  # 1 rep done, rep 2 in progress
    assert session.adjust_reps(1) is True
    assert session.reps_done() == 2
    phase = session.rep_phase()
    assert phase is not None and phase.rep == 3  # the one count the screen shows
    advance_to(session, clock, 19)  # the clock says 3 done: the person's count says 4
    assert session.reps_done() == 4
    phase = session.rep_phase()
    assert phase is not None and phase.rep == 5
    assert session.done() is True
    record = only_record(session.poll())
    assert (record.outcome, record.reps) == (Outcome.DONE, 4)


def test_a_paced_count_is_never_below_zero() -> None:
    session, clock, _ = started(PACED)
    advance_to(session, clock, 7)
    assert session.adjust_reps(-5) is True
    assert session.reps_done() == 0
    phase = session.rep_phase()
    assert phase is not None and phase.rep == 1
