"""The session engine's commands: pause and resume, skip, and done.

Every test runs on a FakeClock and moves it explicitly; nothing sleeps.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from legtimer.core.session import (
    MAX_REPS,
    EventKind,
    Outcome,
    State,
)
from tests.support.sessions import (
    MIXED,
    SELF_PACED,
    SIMPLE,
    START,
    WALL,
    advance_to,
    kinds,
    only_record,
    records,
    sig,
    started,
)

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


def test_skipping_a_self_paced_set_records_no_reps() -> None:
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 8)
    assert session.skip() is True
    record = only_record(session.poll())
    assert (record.index, record.outcome, record.reps) == (1, Outcome.SKIPPED, None)


def test_skipping_a_counted_set_records_the_reps_done_as_partial() -> None:
    """What was done is recorded: the person said 10 reps, then moved on."""
    session, clock, _ = started(SELF_PACED)
    advance_to(session, clock, 8)
    session.adjust_reps(-2)
    assert session.skip() is True
    record = only_record(session.poll())
    assert (record.index, record.outcome, record.reps) == (1, Outcome.PARTIAL, 10)


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
