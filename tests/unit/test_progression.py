"""Today's target from built histories: real SQLite files, sessions run on a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from legtimer.core.history import HistoryStore, Status
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Step, StepKind, build_plan
from legtimer.core.progression import recorded_overrides, todays_plan, todays_targets
from legtimer.core.queries.exchange import export_document, parse_import
from legtimer.core.routines import Routine, parse_routine
from legtimer.core.session import FakeClock, Session
from tests.support.history_sessions import at, run_session

MON = date(2026, 3, 2)  # a Monday
TUE, WED, THU = (MON + timedelta(days=n) for n in (1, 2, 3))

PLANK = """
name = "Core"
[defaults]
prepare = 5
rest_between_sets = 30
rest_after = 30
[[exercises]]
name = "Plank"
hold = 30
sets = 3
progression = { step = 5, max = 45 }
"""


def core(text: str = PLANK) -> Routine:
    return replace(parse_routine(text), id="core")


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore.open(tmp_path / "history.sqlite3")


def target_of(store: HistoryStore, routine: Routine, day: date, name: str = "Plank") -> str:
    target = todays_targets(store, routine, today=day).target(name)
    assert target is not None
    return target.describe()


# --------------------------------------------------------------------------- growth and the cap


def test_first_time_is_the_files_target(store: HistoryStore) -> None:
    assert target_of(store, core(), MON) == "30 s"


def test_a_session_in_full_adds_a_step_and_the_plan_uses_it(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON)
    assert target_of(store, routine, TUE) == "35 s (+5 after 3/3 sets at 30 s yesterday)"
    plan, _ = todays_plan(store, routine, today=TUE)
    holds = [step for step in plan.steps if step.kind is StepKind.HOLD]
    assert [step.seconds for step in holds] == [35, 35, 35]
    assert holds[0].describe() == "Plank, set 1 of 3, 35 s"
    assert plan.total_seconds == build_plan(routine).total_seconds + 3 * 5
    assert plan.routine == routine  # the file as written: the session's copy


def test_growth_stops_at_max_and_says_what_next(store: HistoryStore) -> None:
    routine = core()
    for day in (MON, TUE, WED):
        run_session(store, routine, day)
    target = todays_targets(store, routine, today=THU).target("Plank")
    assert target is not None
    assert target.describe() == "45 s (+5 after 3/3 sets at 40 s yesterday; the max)"
    assert target.at_max
    assert target.suggestion() == (
        "Plank has reached its max of 45 s: once that is done in full, try a harder "
        "variation, add a set, or raise 'max'"
    )
    run_session(store, routine, THU)
    target = todays_targets(store, routine, today=THU + timedelta(days=1)).target("Plank")
    assert target is not None
    assert target.describe() == "45 s (max: 3/3 sets at 45 s yesterday)"
    assert target.suggestion() == (
        "Plank is at its max of 45 s: try a harder variation, add a set, or raise 'max'"
    )


def test_the_same_history_gives_the_same_targets(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON)
    first = todays_targets(store, routine, today=TUE)
    assert todays_targets(store, routine, today=TUE) == first


# --------------------------------------------------------------------------- falling short


@pytest.mark.parametrize("action", ["skip", "early", "minus"])
def test_a_set_not_done_in_full_holds_the_target(store: HistoryStore, action: str) -> None:
    routine = core()
    run_session(store, routine, MON)  # -> 35
    run_session(store, routine, TUE, lambda step: action if step.set == 2 else "full")
    assert target_of(store, routine, WED) == "35 s (again: 2/3 sets in full at 35 s yesterday)"


def test_two_sessions_short_of_the_same_target_step_back_once(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON)  # done at 30 -> 35
    run_session(store, routine, TUE, "skip")  # short at 35
    run_session(store, routine, WED, "early")  # short at 35 again
    assert target_of(store, routine, THU) == (
        "30 s (−5 after two sessions short of 35 s, the last yesterday)"
    )
    # The step back used up those two: one more short session at 30 holds it.
    run_session(store, routine, THU, "skip")
    friday = THU + timedelta(days=1)
    assert target_of(store, routine, friday) == "30 s (again: 0/3 sets in full at 30 s yesterday)"


def test_never_below_the_base(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON, "skip")
    run_session(store, routine, TUE, "skip")
    assert target_of(store, routine, WED) == (
        "30 s (again: two sessions short of 30 s, the last yesterday; this is the base)"
    )


def test_a_break_of_more_than_14_days_steps_back(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON)
    run_session(store, routine, TUE)  # -> 40 next
    fourteen, fifteen = TUE + timedelta(days=14), TUE + timedelta(days=15)
    assert target_of(store, routine, fourteen) == "40 s (+5 after 3/3 sets at 35 s on 3 Mar)"
    # One step back from the target last done (35 s), whatever that session's result.
    assert target_of(store, routine, fifteen) == "30 s (−5 after 15 days off; last 35 s on 3 Mar)"


def test_a_break_at_the_base_stays_at_the_base(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON, "skip")
    assert target_of(store, routine, MON + timedelta(days=30)) == (
        "30 s (again after 30 days off; last 30 s on 2 Mar)"
    )


# --------------------------------------------------------------------------- sides, stops, imports

SIDES = """
name = "Sides"
[defaults]
prepare = 5
switch = 5
rest_after = 20
progression = { step = 5, max = 60 }
[[exercises]]
name = "Warm-up"
work = 20
progression = false
[[exercises]]
name = "Side plank"
hold = 20
sets = 2
per_side = true
"""


def test_both_sides_must_be_done_in_full(store: HistoryStore) -> None:
    routine = core(SIDES)
    run_session(
        store,
        routine,
        MON,
        lambda s: "early" if s.side and s.side.value == "right" and s.set == 2 else "full",
    )
    assert target_of(store, routine, TUE, "Side plank") == (
        "20 s (again: left 2/2, right 1/2 sets in full at 20 s yesterday)"
    )
    run_session(store, routine, TUE)
    assert target_of(store, routine, WED, "Side plank") == (
        "25 s (+5 after 2/2 sets each side at 20 s yesterday)"
    )
    targets = todays_targets(store, routine, today=WED)
    assert targets.describe_last("Side plank") == "Last: left 2 × 20 s · right 2 × 20 s"
    left = targets.last_time("Side plank", "left")
    assert left is not None and left.describe() == "Last: 2 × 20 s"
    # The warm-up opted out of the routine's progression: always its own target.
    assert target_of(store, routine, WED, "Warm-up") == "20 s"


def test_a_session_stopped_before_an_exercise_says_nothing_about_it(store: HistoryStore) -> None:
    routine = core(SIDES)
    run_session(store, routine, MON)  # side plank -> 25
    run_session(store, routine, TUE, stop_before="Side plank")
    assert target_of(store, routine, WED, "Side plank") == (
        "25 s (+5 after 2/2 sets each side at 20 s on Mon)"
    )
    # Stopped during the exercise: that is a session short of the target.
    run_session(
        store, routine, WED, lambda s: "stop" if s.exercise.name == "Side plank" else "full"
    )
    assert target_of(store, routine, THU, "Side plank") == (
        "25 s (again: 0/2 sets each side in full at 25 s yesterday)"
    )


def test_stopped_between_sets_is_short_even_if_the_sets_done_were_full(store: HistoryStore) -> None:
    routine = core()
    clock = FakeClock()
    recorder = Recorder(Session(build_plan(routine), clock, wall_start=at(MON)), store)
    recorder.start()
    session = recorder.session
    while not (session.step.kind is StepKind.REST and session.step.set == 2):
        if session.step.kind.active:
            clock.advance(session.remaining() or 0.0)
        else:
            session.done()
        recorder.poll()
    recorder.stop()  # in the rest after set 2: set 3 never came
    assert target_of(store, routine, TUE) == "30 s (again: 2/3 sets in full at 30 s yesterday)"


def test_imported_sessions_count(store: HistoryStore, tmp_path: Path) -> None:
    routine = core()
    run_session(store, routine, MON)
    run_session(store, routine, TUE)
    other = HistoryStore.open(tmp_path / "other.sqlite3")
    added, _ = other.import_sessions(parse_import(_json(export_document(store))))
    assert added == 2
    assert target_of(other, routine, WED) == target_of(store, routine, WED)
    assert target_of(other, routine, WED) == "40 s (+5 after 3/3 sets at 35 s yesterday)"


def _json(document: object) -> str:
    import json

    return json.dumps(document)


# --------------------------------------------------------------------------- a changed routine


def test_a_changed_base_starts_again_from_it(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON)
    run_session(store, routine, TUE)  # -> 40
    raised = core(PLANK.replace("hold = 30", "hold = 35"))
    assert target_of(store, raised, WED) == (
        "35 s (the routine's target changed: starting again from it)"
    )
    lowered = core(PLANK.replace("hold = 30", "hold = 20"))
    assert target_of(store, lowered, WED) == (
        "20 s (the routine's target changed: starting again from it)"
    )
    # Done at the new base, it grows from there; the old sessions no longer count.
    run_session(store, lowered, WED)
    assert target_of(store, lowered, THU) == "25 s (+5 after 3/3 sets at 20 s yesterday)"


def test_a_changed_step_or_max_keeps_the_progress(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON)
    run_session(store, routine, TUE)  # -> 40
    bigger_steps = core(PLANK.replace("step = 5", "step = 10").replace("max = 45", "max = 90"))
    assert target_of(store, bigger_steps, WED) == "45 s (+10 after 3/3 sets at 35 s yesterday)"
    lower_max = core(PLANK.replace("max = 45", "max = 32"))
    assert target_of(store, lower_max, WED) == "32 s (max: 3/3 sets at 32 s yesterday)"


def test_no_progression_in_the_file_keeps_its_target_but_knows_last_time(
    store: HistoryStore,
) -> None:
    routine = core(PLANK.replace("progression = { step = 5, max = 45 }\n", ""))
    run_session(store, routine, MON)
    targets = todays_targets(store, routine, today=TUE)
    plank = targets.target("Plank")
    assert plank is not None and plank.describe() == "30 s" and not plank.progressing
    assert targets.describe_last("Plank") == "Last: 3 × 30 s"
    assert targets.overrides() == {}


# --------------------------------------------------------------------------- reps and load

SQUATS = """
name = "Legs"
[defaults]
prepare = 5
[[exercises]]
name = "Squats"
reps = 8
sets = 2
load = 20
progression = { step = 2, max = 10, load_step = 2.5 }
[[exercises]]
name = "Calf raises"
reps = 12
sets = 3
progression = { step = 1, max = 15 }
"""


def test_reps_then_load_climb_the_ladder(store: HistoryStore) -> None:
    routine = core(SQUATS)
    run_session(store, routine, MON)
    assert target_of(store, routine, TUE, "Squats") == (
        "10 reps @ 20 kg (+2 after 2/2 sets at 8 reps @ 20 kg yesterday)"
    )
    run_session(store, routine, TUE)
    assert target_of(store, routine, WED, "Squats") == (
        "8 reps @ 22.5 kg (+2.5 kg, 8 reps after 2/2 sets at 10 reps @ 20 kg yesterday)"
    )
    plan, _ = todays_plan(store, routine, today=WED)
    squat = next(step for step in plan.steps if step.kind is StepKind.REPS)
    assert squat.describe("kg") == "Squats, set 1 of 2, 8 reps @ 22.5 kg"
    # Two sessions short at 22.5 kg: back down the ladder to 10 reps at 20 kg.
    run_session(store, routine, WED, lambda s: "fewer" if s.exercise.name == "Squats" else "full")
    run_session(store, routine, THU, lambda s: "light" if s.exercise.name == "Squats" else "full")
    friday = THU + timedelta(days=1)
    assert target_of(store, routine, friday, "Squats") == (
        "10 reps @ 20 kg (−2.5 kg, 10 reps after two sessions short of 8 reps @ 22.5 kg, "
        "the last yesterday)"
    )


def test_fewer_reps_than_the_target_is_short_and_last_time_lists_them(store: HistoryStore) -> None:
    routine = core(SQUATS)
    run_session(store, routine, MON, lambda s: "fewer" if s.set == 3 else "full")
    targets = todays_targets(store, routine, today=TUE)
    assert targets.describe_last("Calf raises") == "Last: 12 · 12 · 10 reps"
    assert targets.describe_last("Squats") == "Last: 2 × 8 reps @ 20 kg"
    calves = targets.target("Calf raises")
    assert calves is not None
    assert calves.describe() == "12 reps (again: 2/3 sets in full at 12 reps yesterday)"


def test_a_lighter_load_than_planned_is_not_in_full(store: HistoryStore) -> None:
    routine = core(SQUATS)
    run_session(store, routine, MON, "light")
    assert target_of(store, routine, TUE, "Squats") == (
        "8 reps @ 20 kg (again: 0/2 sets in full at 8 reps @ 20 kg yesterday)"
    )
    assert todays_targets(store, routine, today=TUE).describe_last("Squats") == (
        "Last: 2 × 8 reps @ 15 kg"
    )


# --------------------------------------------------------------------------- resume and reports


def test_a_resumed_session_keeps_the_targets_it_started_with(store: HistoryStore) -> None:
    routine = core(SIDES)
    run_session(store, routine, MON)  # side plank -> 25
    plan = todays_targets(store, routine, today=TUE).plan()
    clock = FakeClock()
    recorder = Recorder(Session(plan, clock, wall_start=at(TUE)), store)
    recorder.start()
    for _ in range(3):  # the get-ready, the warm-up and the rest after it
        recorder.session.done()
        recorder.poll()
    session_id = recorder.session_id
    assert session_id is not None
    store.end_session(session_id, Status.INTERRUPTED, at(TUE))
    resumed = Recorder.resume(store, session_id, FakeClock())
    holds = [step for step in resumed.plan.steps if step.kind is StepKind.HOLD]
    assert {step.seconds for step in holds} == {25}
    assert resumed.plan.total_seconds == plan.total_seconds


def test_recorded_overrides_rebuild_the_plan_a_session_ran(store: HistoryStore) -> None:
    routine = core()
    run_session(store, routine, MON)
    session_id = run_session(store, routine, TUE)
    overrides = recorded_overrides(store.steps(session_id))
    assert overrides["Plank"].target == 35
    before = todays_targets(store, routine, today=TUE, before=at(TUE))
    assert build_plan(routine, overrides) == before.plan()


def test_the_example_in_the_history_docs(store: HistoryStore) -> None:
    """docs/history.md, "Today's target": the stability plank over four sessions."""
    routine = core(PLANK.replace("hold = 30", "hold = 40").replace("max = 45", "max = 60"))
    mon, thu, sat, tue = (MON + timedelta(days=n) for n in (0, 3, 5, 8))

    def early_last(step: Step) -> str:
        return "early" if step.set == 3 else "full"

    def skip_second(step: Step) -> str:
        return "skip" if step.set == 2 else "full"

    run_session(store, routine, mon)
    assert target_of(store, routine, thu) == "45 s (+5 after 3/3 sets at 40 s on Mon)"
    run_session(store, routine, thu, early_last)
    assert target_of(store, routine, sat) == "45 s (again: 2/3 sets in full at 45 s on Thu)"
    run_session(store, routine, sat, skip_second)
    assert target_of(store, routine, tue) == (
        "40 s (−5 after two sessions short of 45 s, the last on Sat)"
    )
    run_session(store, routine, tue)
    assert target_of(store, routine, tue + timedelta(days=2)) == (
        "45 s (+5 after 3/3 sets at 40 s on Tue)"
    )
    assert target_of(store, routine, tue + timedelta(days=21)) == (
        "40 s (again after 21 days off; last 40 s on 10 Mar)"
    )
    run_session(store, routine, tue + timedelta(days=2))  # at 45 s
    assert target_of(store, routine, tue + timedelta(days=23)) == (
        "40 s (−5 after 21 days off; last 45 s on 12 Mar)"
    )


def test_an_exercise_last_reached_long_ago_is_still_found(store: HistoryStore) -> None:
    """Only the newest sessions are read at first; more while an exercise is missing."""
    routine = core(SIDES)
    run_session(store, routine, MON)  # the side plank done in full at 20 s
    for hour in range(8, 20):  # twelve sessions stopped before it, the same day
        run_session(store, routine, MON, stop_before="Side plank", hour=hour)
    targets = todays_targets(store, routine, today=TUE)
    assert targets.describe_last("Side plank") == "Last: left 2 × 20 s · right 2 × 20 s"
    side = targets.target("Side plank")
    assert side is not None and side.target == 25
