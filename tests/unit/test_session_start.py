"""The session engine: construction and start, timed steps and their marks, the end,
and reading its state.

Every test runs on a FakeClock and moves it explicitly; nothing sleeps.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from legtimer.core.plan import Plan, StepKind
from legtimer.core.session import (
    COUNTDOWN_FROM,
    HALFWAY_MIN_SECONDS,
    EventKind,
    FakeClock,
    Outcome,
    Session,
    State,
    StepRecord,
)
from tests.support.factories import plan_of
from tests.support.sessions import (
    SELF_PACED,
    SIMPLE,
    START,
    WALL,
    advance_to,
    kinds,
    make,
    records,
    sig,
    started,
)

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
