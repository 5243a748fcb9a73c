"""`view_of`: what the session screen shows, as plain strings; `next_change`: when to redraw.

No Textual here: a Session on a FakeClock, moved by exact binary fractions.
"""

from __future__ import annotations

import math

import pytest

from legtimer.core.display import SessionView, next_change, view_of
from legtimer.core.plan import build_plan
from legtimer.core.routines import parse_routine
from legtimer.core.session import FakeClock, Session

# 0 PREPARE 5 · 1 HOLD 30 · 2 REST 15 · 3 REPS squats s1 (3 × 6 s, paced) · 4 REST 20 ·
# 5 REPS squats s2 · 6 REST 15 · 7 REPS leg press (self-paced, ~36 s) · 8 REST 15 ·
# 9 WORK lunges left 20 · 10 SWITCH 5 · 11 WORK lunges right 20
ROUTINE = """
name = "Display"
[defaults]
prepare = 5
switch = 5
rest_between_sets = 20
rest_after = 15
[[exercises]]
name = "Wall sit"
hold = 30
cue = "Back flat against the wall."
[[exercises]]
name = "Squats"
reps = 3
tempo = { down = 3, hold = 1, up = 2 }
sets = 2
cue = "Sit back."
[[exercises]]
name = "Leg press"
reps = 12
cue = "No bouncing."
[[exercises]]
name = "Lunges"
work = 20
per_side = true
"""
TOTAL = 5 + 30 + 15 + 18 + 20 + 18 + 15 + 36 + 15 + 20 + 5 + 20


def session_at(index: int | None = None) -> tuple[Session, FakeClock]:
    """A started session, moved to the start of step `index` by skipping (clock still)."""
    clock = FakeClock()
    session = Session(build_plan(parse_routine(ROUTINE)), clock)
    session.start()
    while index is not None and session.index < index:
        session.skip()
    return session, clock


def test_before_the_start() -> None:
    clock = FakeClock()
    session = Session(build_plan(parse_routine(ROUTINE)), clock)
    view = view_of(session)
    assert (view.phase, view.clock, view.hint) == ("GET READY", "0:05", "Press Space to start")
    assert (view.elapsed, view.remaining, view.progress) == ("0 min", "4 min", 0.0)
    assert not view.paused and not view.over
    assert TOTAL == 217


def test_prepare_shows_what_comes_first() -> None:
    session, clock = session_at(0)
    clock.advance(1.5)
    view = view_of(session)
    assert (view.phase, view.phase_class) == ("GET READY", "prepare")
    assert (view.title, view.detail, view.clock) == ("Wall sit", "", "0:04")
    assert view.next_up == "Next: Wall sit, 30 s"
    assert view.hint == "Press Enter to continue now"
    assert view.cue == "Back flat against the wall."
    assert (view.tempo, view.beat, view.reps) == ("", "", "")
    assert not view.counting_up


def test_hold_counts_down_with_the_next_set() -> None:
    session, clock = session_at(1)
    clock.advance(12.25)
    view = view_of(session)
    assert (view.phase, view.phase_class, view.title) == ("HOLD", "hold", "Wall sit")
    assert (view.clock, view.counting_up) == ("0:18", False)  # 17.75 s left reads 0:18
    assert view.next_up == "Next: Squats, set 1 of 2, 3 reps"
    assert (view.hint, view.tempo, view.beat, view.reps) == ("", "", "", "")
    assert view.elapsed == "0 min"
    assert view.remaining == "4 min"  # 17.75 s + everything after (200 s), rounded up
    assert view.progress == pytest.approx(12.25 / (12.25 + 199.75))  # done / (done + left)


@pytest.mark.parametrize(
    ("into", "rep", "tempo", "beat"),
    [
        (0.0, 1, "[DOWN 3] · HOLD 1 · UP 2", "●○○"),
        (1.5, 1, "[DOWN 3] · HOLD 1 · UP 2", "●●○"),
        (2.5, 1, "[DOWN 3] · HOLD 1 · UP 2", "●●●"),
        (3.5, 1, "DOWN 3 · [HOLD 1] · UP 2", "●"),
        (4.0, 1, "DOWN 3 · HOLD 1 · [UP 2]", "●○"),
        (5.5, 1, "DOWN 3 · HOLD 1 · [UP 2]", "●●"),
        (6.0, 2, "[DOWN 3] · HOLD 1 · UP 2", "●○○"),
        (17.75, 3, "DOWN 3 · HOLD 1 · [UP 2]", "●●"),
    ],
)
def test_paced_reps_show_rep_tempo_phase_and_beats(
    into: float, rep: int, tempo: str, beat: str
) -> None:
    session, clock = session_at(3)
    clock.advance(into)
    view = view_of(session)
    assert (view.phase, view.title, view.detail) == ("REPS", "Squats", "Set 1 of 2")
    assert view.tempo == f"Rep {rep} of 3   {tempo}"
    assert view.beat == beat
    assert view.clock == f"0:{math.ceil(18 - into):02d}"
    assert view.reps == ""  # the clock counts paced reps; nothing to show until adjusted
    assert view.next_up == "Next: Squats, set 2 of 2, 3 reps"
    # What the big clock draws instead of the time: the rep and the phase in capitals.
    current = tempo.split("[")[1].split()[0]
    assert (view.rep, view.tempo_phase, view.side) == (f"{rep}/3", current, "")


def test_paced_reps_adjusted_show_one_count() -> None:
    """Up/Down correct the rep number itself: no second "Reps done" line beside it."""
    session, clock = session_at(3)
    clock.advance(13)  # two reps done, the third in progress
    assert view_of(session).tempo.startswith("Rep 3 of 3")
    assert session.adjust_reps(-1)
    view = view_of(session)
    assert (view.tempo.startswith("Rep 2 of 3"), view.reps) == (True, "")
    assert session.adjust_reps(+3)
    assert view_of(session).tempo.startswith("Rep 5 of 3")
    assert session.reps_done() == 4


def test_self_paced_counts_up_with_a_hint() -> None:
    session, clock = session_at(7)
    view = view_of(session)
    assert (view.phase, view.title, view.clock, view.counting_up) == (
        "REPS",
        "Leg press",
        "0:00",
        True,
    )
    assert view.hint == "Press Enter when the set is done (Up/Down: reps done)"
    assert view.reps == "Reps done: 12 (target 12)"
    assert (view.tempo, view.beat) == ("", "")
    assert view.cue == "No bouncing."
    clock.advance(37.875)
    view = view_of(session)
    assert view.clock == "0:37"  # counting up shows whole seconds done, not rounded up
    assert view.remaining == "1 min"  # the estimate is used up: the steps after it
    session.adjust_reps(-2)
    assert view_of(session).reps == "Reps done: 10 (target 12)"


def test_rest_between_sets_shows_the_next_set() -> None:
    session, clock = session_at(4)
    clock.advance(5)
    view = view_of(session)
    assert (view.phase, view.phase_class, view.clock) == ("REST", "rest", "0:15")
    assert view.title == "Squats"
    assert view.next_up == "Next: Squats, set 2 of 2, 3 reps"
    assert view.hint == "Press Enter to continue now"
    assert view.detail == "Set 2 of 2"  # the set it leads to, like the title and next up


def test_rest_between_exercises_shows_the_next_exercise_and_its_cue() -> None:
    session, _ = session_at(6)
    view = view_of(session)
    assert (view.phase, view.title) == ("REST", "Leg press")
    assert view.next_up == "Next: Leg press, 12 reps"
    assert view.cue == "No bouncing."
    assert view.detail == ""  # not "Set 2 of 2" of the squats just done


def test_switch_sides_and_per_side_details() -> None:
    session, _ = session_at(9)
    view = view_of(session)
    assert (view.phase, view.title, view.detail) == ("WORK", "Lunges", "Left")
    assert view.next_up == "Next: Lunges, right, 20 s"
    assert (view.side, view.rep, view.tempo_phase) == ("LEFT", "", "")
    session.skip()
    view = view_of(session)
    assert (view.phase, view.phase_class, view.title) == ("SWITCH SIDES", "switch", "Lunges")
    assert view.side == "RIGHT"  # the side that comes next
    assert view.detail == ""  # the switch itself is neither side
    assert (view.clock, view.next_up) == ("0:05", "Next: Lunges, right, 20 s")
    assert view.hint == "Press Enter to continue now"
    session.skip()
    view = view_of(session)
    assert (view.detail, view.next_up) == ("Right", "Last set of the session")
    assert view.side == "RIGHT"


def test_before_a_per_side_exercise_the_side_that_comes_first_is_shown() -> None:
    session, _ = session_at(8)  # the rest before the lunges
    view = view_of(session)
    assert (view.phase, view.side, view.detail) == ("REST", "LEFT", "Left")
    session, _ = session_at(0)  # get ready for the wall sit: no sides
    assert view_of(session).side == ""


def test_paused_freezes_the_clock_and_says_so() -> None:
    session, clock = session_at(1)
    clock.advance(10)
    assert session.pause()
    before = view_of(session)
    clock.advance(300)
    view = view_of(session)
    assert view == before
    assert (view.phase, view.phase_class, view.paused) == ("PAUSED", "hold", True)
    assert (view.clock, view.hint) == ("0:20", "Paused: press Space to resume")
    session.resume()
    clock.advance(1)
    view = view_of(session)
    assert (view.phase, view.clock, view.paused, view.hint) == ("HOLD", "0:19", False, "")


def test_finished() -> None:
    session, clock = session_at(11)
    clock.advance(20)
    session.poll()
    view = view_of(session)
    assert view.over and not view.paused
    assert (view.progress, view.remaining) == (1.0, "0 min")


def test_stopped() -> None:
    session, clock = session_at(1)
    clock.advance(3)
    session.stop()
    view = view_of(session)
    assert view.over
    assert view.progress == 1.0


def test_view_is_a_plain_value() -> None:
    session, _ = session_at(1)
    view = view_of(session)
    assert isinstance(view, SessionView)
    assert view == view_of(session)  # same state, same view: the screen redraws nothing


# ----------------------------------------------------------------- next_change


@pytest.mark.parametrize(
    ("index", "into", "expected"),
    [
        (1, 0.0, 1.0),  # a whole second left: a full second to the next change
        (1, 12.25, 0.75),  # 17.75 s left: 0:18 until 17.0 s left
        (1, 12.75, 0.25),
        (3, 1.5, 0.5),  # paced reps: beats fall on whole seconds of the set
        (7, 0.0, 1.0),  # counting up: from 0 s to 1 s
        (7, 37.875, 0.125),
    ],
)
def test_next_change_is_the_fraction_to_the_next_whole_second(
    index: int, into: float, expected: float
) -> None:
    session, clock = session_at(index)
    clock.advance(into)
    assert next_change(session) == expected


def test_next_change_when_nothing_runs() -> None:
    clock = FakeClock()
    session = Session(build_plan(parse_routine(ROUTINE)), clock)
    assert next_change(session) == 1.0  # ready
    session.start()
    clock.advance(0.5)
    session.pause()
    assert next_change(session) == 1.0  # paused: only a slow heartbeat


def test_next_change_is_never_zero() -> None:
    session, clock = session_at(1)
    clock.advance(12 + 1e-9)
    assert 0.01 <= next_change(session) <= 1.0


def test_redrawing_at_next_change_sees_every_second_once() -> None:
    """The screen's loop (sleep next_change, poll, draw) wakes once a second, not 30 times."""
    session, clock = session_at(0)
    clock.advance(0.3)  # an irregular start, as a real first draw would be
    clocks, wakeups = [view_of(session).clock], 0
    while not session.over and session.index < 5:
        clock.advance(next_change(session))
        session.poll()
        wakeups += 1
        view = view_of(session)
        clocks.append(view.clock)
    # From 0.3 s in to the start of step 5 (5 + 30 + 15 + 18 + 20 = 88 s): one wake-up a second.
    assert wakeups == 88
    assert clock.now() == pytest.approx(1000 + 88)
    # Within a step each wake-up shows a new reading.
    assert clocks[:6] == ["0:05", "0:04", "0:03", "0:02", "0:01", "0:30"]


def test_nothing_changes_between_wakeups() -> None:
    """Sleeping until next_change misses nothing: the clock, tempo and beat hold still."""
    session, clock = session_at(3)
    clock.advance(0.375)

    def shown() -> tuple[str, str, str]:
        view = view_of(session)
        return view.clock, view.tempo, view.beat

    for _ in range(17):
        wait = next_change(session)
        first, start = shown(), clock.time
        for fraction in (0.25, 0.5, 0.99):
            clock.time = start + wait * fraction
            assert shown() == first
        clock.time = start + wait
        assert shown() != first


def test_session_minutes_floor_elapsed_and_round_up_remaining() -> None:
    from legtimer.core.timefmt import session_minutes

    assert session_minutes(59.9) == "0 min"
    assert session_minutes(60) == "1 min"
    assert session_minutes(0.5, round_up=True) == "1 min"
    assert session_minutes(120, round_up=True) == "2 min"
    assert session_minutes(0, round_up=True) == "0 min"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.0, "0:00"), (0.01, "0:00"), (0.999, "0:00"), (1.0, "0:01"), (59.99, "0:59"), (61, "1:01")],
)
def test_elapsed_time_rounds_down_where_a_countdown_rounds_up(seconds: float, shown: str) -> None:
    from legtimer.core.timefmt import clock, elapsed

    assert elapsed(seconds) == shown
    assert clock(seconds) == clock(math.ceil(seconds))
