"""The session engine's commands: adjusting a step's time, going back, and stopping.

Every test runs on a FakeClock and moves it explicitly; nothing sleeps.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from legtimer.core.plan import StepKind
from legtimer.core.session import (
    BACK_GRACE_SECONDS,
    EventKind,
    Outcome,
    State,
)
from tests.support.sessions import (
    PACED,
    PER_SIDE,
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
