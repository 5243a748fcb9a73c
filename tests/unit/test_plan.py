"""The timeline builder: exact step sequences for every rule of docs/routines.md."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legtimer.core import paths
from legtimer.core.plan import Plan, Side, Step, StepKind, active_seconds, build_plan
from legtimer.core.routines import (
    LIMITS,
    Block,
    Defaults,
    Exercise,
    Kind,
    Routine,
    Tempo,
    dump_routine,
    load_routine,
    parse_routine,
)
from tests.support.factories import plan_of

P, H, R, W = StepKind.PREPARE, StepKind.HOLD, StepKind.REPS, StepKind.WORK
REST, SW = StepKind.REST, StepKind.SWITCH
LEFT, RIGHT = Side.LEFT, Side.RIGHT


def shape(plan: Plan) -> list[tuple[StepKind, int, str, int, Side | None]]:
    """Each step as (kind, seconds, exercise name, set, side)."""
    return [(s.kind, s.seconds, s.exercise.name, s.set, s.side) for s in plan.steps]


def check_indexes(plan: Plan) -> None:
    assert [step.index for step in plan.steps] == list(range(len(plan.steps)))


def test_plain_two_exercises_with_sets_and_rests() -> None:
    plan = plan_of(
        """
name = "Plain"
[defaults]
prepare = 10
rest_between_sets = 30
rest_after = 60
[[exercises]]
name = "Plank"
hold = 30
sets = 2
[[exercises]]
name = "Jog"
work = 45
sets = 2
rest_between_sets = 20
"""
    )
    assert shape(plan) == [
        (P, 10, "Plank", 1, None),
        (H, 30, "Plank", 1, None),
        (REST, 30, "Plank", 1, None),
        (H, 30, "Plank", 2, None),
        (REST, 60, "Plank", 2, None),  # rest after the exercise, no GET READY after it
        (W, 45, "Jog", 1, None),
        (REST, 20, "Jog", 1, None),  # the exercise's own rest between sets
        (W, 45, "Jog", 2, None),
    ]
    check_indexes(plan)
    assert [s.exercise_number for s in plan.steps] == [1, 1, 1, 1, 1, 2, 2, 2]
    assert all(s.sets == 2 and s.rounds == 1 and s.round == 1 for s in plan.steps)
    assert all(s.block_number == 1 and s.block_name == "" for s in plan.steps)
    assert plan.total_seconds == 10 + 30 + 30 + 30 + 60 + 45 + 20 + 45
    assert plan.starts == (0, 10, 40, 70, 100, 160, 205, 225)
    assert plan.has_estimates is False


def test_per_side_exercise() -> None:
    plan = plan_of(
        """
name = "Sides"
[defaults]
rest_between_sets = 25
[[exercises]]
name = "Lunges"
reps = 10
tempo = { down = 2, up = 2 }
sets = 2
per_side = true
switch = 4
"""
    )
    assert shape(plan) == [
        (P, 10, "Lunges", 1, None),
        (R, 40, "Lunges", 1, LEFT),
        (SW, 4, "Lunges", 1, LEFT),
        (R, 40, "Lunges", 1, RIGHT),
        (REST, 25, "Lunges", 1, None),
        (R, 40, "Lunges", 2, LEFT),
        (SW, 4, "Lunges", 2, LEFT),
        (R, 40, "Lunges", 2, RIGHT),
    ]
    assert plan.steps[1].describe() == "Lunges, left, set 1 of 2, 10 reps"
    assert plan.steps[3].describe() == "Lunges, right, set 1 of 2, 10 reps"
    assert plan.steps[4].describe() == "Lunges, set 1 of 2, 10 reps"
    assert plan.steps[1].reps == 10 and plan.steps[2].reps is None


def test_switch_comes_from_defaults_and_zero_switch_is_no_step() -> None:
    plan = plan_of(
        'name = "S"\n[defaults]\nswitch = 7\n'
        '[[exercises]]\nname = "A"\nhold = 20\nper_side = true\n'
        '[[exercises]]\nname = "B"\nhold = 20\nper_side = true\nswitch = 0\n'
    )
    assert shape(plan) == [
        (P, 10, "A", 1, None),
        (H, 20, "A", 1, LEFT),
        (SW, 7, "A", 1, LEFT),
        (H, 20, "A", 1, RIGHT),
        (REST, 60, "A", 1, None),
        (H, 20, "B", 1, LEFT),
        (H, 20, "B", 1, RIGHT),
    ]


CIRCUIT = """
name = "Circuit"
[defaults]
prepare = 10
rest_after = 60
rest_between_rounds = 60

[[blocks]]
name = "Main"
rounds = 2
rest_between_rounds = 90
rest_after = 120
[[blocks.exercises]]
name = "X"
hold = 20
rest_after = 10
[[blocks.exercises]]
name = "Y"
work = 30
rest_after = 5     # the last exercise of its block: no effect

[[blocks]]
name = "Finisher"
[[blocks.exercises]]
name = "Z"
hold = 60
"""


def test_circuit_block_with_rounds() -> None:
    plan = plan_of(CIRCUIT)
    got = [
        (s.kind, s.seconds, s.exercise.name, s.round, s.block_number, s.exercise_number)
        for s in plan.steps
    ]
    assert got == [
        (P, 10, "X", 1, 1, 1),
        (H, 20, "X", 1, 1, 1),
        (REST, 10, "X", 1, 1, 1),
        (W, 30, "Y", 1, 1, 2),
        (REST, 90, "Y", 1, 1, 2),  # the block's rest_between_rounds
        (H, 20, "X", 2, 1, 1),  # a rest came before: no GET READY
        (REST, 10, "X", 2, 1, 1),
        (W, 30, "Y", 2, 1, 2),
        (REST, 120, "Y", 2, 1, 2),  # the block's rest_after, before the next block
        (H, 60, "Z", 1, 2, 3),
    ]
    assert {s.block_name for s in plan.steps[:9]} == {"Main"}
    assert plan.steps[9].block_name == "Finisher"
    assert [s.rounds for s in plan.steps] == [2] * 9 + [1]
    assert plan.steps[5].describe() == "X, round 2 of 2, 20 s"
    assert plan.steps[9].describe() == "Z, 1 min"


def test_block_rests_fall_back_to_defaults() -> None:
    plan = plan_of(
        'name = "C"\n[defaults]\nrest_after = 33\nrest_between_rounds = 44\n'
        '[[blocks]]\nrounds = 2\n[[blocks.exercises]]\nname = "A"\nhold = 5\n'
        '[[blocks]]\n[[blocks.exercises]]\nname = "B"\nhold = 5\n'
    )
    assert shape(plan) == [
        (P, 10, "A", 1, None),
        (H, 5, "A", 1, None),
        (REST, 44, "A", 1, None),
        (H, 5, "A", 1, None),
        (REST, 33, "A", 1, None),
        (H, 5, "B", 1, None),
    ]


def test_prepare_only_where_no_rest_precedes() -> None:
    plan = plan_of(
        """
name = "Flow"
[defaults]
prepare = 5
rest_between_sets = 0
rest_after = 0
[[exercises]]
name = "A"
hold = 10
sets = 2
[[exercises]]
name = "B"
hold = 10
prepare = 3
[[exercises]]
name = "C"
hold = 10
prepare = 0
"""
    )
    # Zero rests are no steps, so each exercise after the first gets its own GET READY,
    # but there is never a GET READY between sets; a zero prepare is no step either.
    assert shape(plan) == [
        (P, 5, "A", 1, None),
        (H, 10, "A", 1, None),
        (H, 10, "A", 2, None),
        (P, 3, "B", 1, None),
        (H, 10, "B", 1, None),
        (H, 10, "C", 1, None),
    ]


def test_zero_prepare_at_start_is_no_step() -> None:
    plan = plan_of('name = "R"\n[defaults]\nprepare = 0\n[[exercises]]\nname = "A"\nhold = 10\n')
    assert shape(plan) == [(H, 10, "A", 1, None)]


def test_no_rest_after_the_very_last_step() -> None:
    plan = plan_of(
        'name = "R"\n[defaults]\nrest_after = 99\n'
        "[[blocks]]\nrounds = 3\nrest_after = 50\n"
        '[[blocks.exercises]]\nname = "A"\nhold = 10\nper_side = true\nrest_after = 40\n'
    )
    assert plan.steps[-1].kind is H
    assert plan.steps[-1].side is RIGHT and plan.steps[-1].round == 3
    assert [s.seconds for s in plan.steps if s.kind is REST] == [60, 60]  # between rounds only


def test_self_paced_reps_are_estimated() -> None:
    plan = plan_of(
        'name = "R"\n'
        '[[exercises]]\nname = "Squats"\nreps = 10\n'
        '[[exercises]]\nname = "Press"\nreps = 12\nrep_seconds = 4\n'
        '[[exercises]]\nname = "Plank"\nhold = 30\n'
    )
    active = plan.active_steps
    assert [(s.exercise.name, s.seconds, s.estimated) for s in active] == [
        ("Squats", 30, True),  # 10 reps × 3 s
        ("Press", 48, True),  # 12 reps × rep_seconds 4
        ("Plank", 30, False),
    ]
    assert not any(s.estimated for s in plan.steps if not s.kind.active)
    assert plan.has_estimates is True


def test_tempo_reps_have_a_known_length() -> None:
    plan = plan_of(
        'name = "R"\n[[exercises]]\nname = "Calf raises"\nreps = 12\n'
        "tempo = { up = 2, hold = 2, down = 2 }\n"
    )
    (reps,) = plan.active_steps
    assert reps.seconds == 72
    assert reps.estimated is False
    assert plan.has_estimates is False


def test_active_seconds() -> None:
    assert active_seconds(Exercise("a", Kind.HOLD, 45)) == 45
    assert active_seconds(Exercise("a", Kind.WORK, 600)) == 600
    assert active_seconds(Exercise("a", Kind.REPS, 7)) == 21
    assert active_seconds(Exercise("a", Kind.REPS, 7, rep_seconds=2)) == 14
    tempo = Tempo((("down", 3), ("pause", 1), ("up", 2)))
    assert active_seconds(Exercise("a", Kind.REPS, 8, tempo=tempo)) == 48


def test_next_active_and_remaining() -> None:
    plan = plan_of(CIRCUIT)
    assert plan.next_active(0) is plan.steps[1]  # from GET READY
    assert plan.next_active(1) is plan.steps[3]  # skips the rest
    assert plan.next_active(4) is plan.steps[5]
    assert plan.next_active(8) is plan.steps[9]
    assert plan.next_active(9) is None
    assert plan.remaining_seconds(9) == 0
    assert plan.remaining_seconds(0) == plan.total_seconds - 10
    assert plan.remaining_seconds(8) == 60


def test_starts_are_cumulative() -> None:
    plan = plan_of(CIRCUIT)
    assert plan.starts[0] == 0
    for step, start, following in zip(plan.steps, plan.starts, plan.starts[1:], strict=False):
        assert following == start + step.seconds
    assert plan.starts[-1] + plan.steps[-1].seconds == plan.total_seconds == 400


def test_labels_and_active() -> None:
    assert [kind.active for kind in StepKind] == [False, True, True, True, False, False]
    assert StepKind.PREPARE.label == "GET READY"
    assert StepKind.SWITCH.label == "SWITCH SIDES"
    assert StepKind.REST.label == "REST"


QUICK_LEGS = """
format = 1
name = "Quick legs"
description = "Calf raises, lunges and a plank: a short session for busy days."
tags = ["strength", "home"]

[defaults]
prepare = 10
rest_between_sets = 30
rest_after = 60
switch = 5

[[exercises]]
name = "Calf raises"
reps = 12
tempo = { up = 2, hold = 2, down = 2 }
sets = 2

[[exercises]]
name = "Lunges"
reps = 8
per_side = true
sets = 2
rest_between_sets = 45

[[exercises]]
name = "Stability-ball plank"
hold = 30
"""


def test_quick_legs_timeline_from_the_docs() -> None:
    """The timeline printed in docs/routines.md, step by step."""
    plan = plan_of(QUICK_LEGS)
    got = [
        (s.kind.label, start, s.seconds, s.describe(), s.estimated)
        for s, start in zip(plan.steps, plan.starts, strict=True)
    ]
    assert got == [
        ("GET READY", 0, 10, "Calf raises, set 1 of 2, 12 reps", False),
        ("REPS", 10, 72, "Calf raises, set 1 of 2, 12 reps", False),
        ("REST", 82, 30, "Calf raises, set 1 of 2, 12 reps", False),
        ("REPS", 112, 72, "Calf raises, set 2 of 2, 12 reps", False),
        ("REST", 184, 60, "Calf raises, set 2 of 2, 12 reps", False),
        ("REPS", 244, 24, "Lunges, left, set 1 of 2, 8 reps", True),
        ("SWITCH SIDES", 268, 5, "Lunges, left, set 1 of 2, 8 reps", False),
        ("REPS", 273, 24, "Lunges, right, set 1 of 2, 8 reps", True),
        ("REST", 297, 45, "Lunges, set 1 of 2, 8 reps", False),
        ("REPS", 342, 24, "Lunges, left, set 2 of 2, 8 reps", True),
        ("SWITCH SIDES", 366, 5, "Lunges, left, set 2 of 2, 8 reps", False),
        ("REPS", 371, 24, "Lunges, right, set 2 of 2, 8 reps", True),
        ("REST", 395, 60, "Lunges, set 2 of 2, 8 reps", False),
        ("HOLD", 455, 30, "Stability-ball plank, 30 s", False),
    ]
    assert plan.total_seconds == 485


def test_hip_circuit_from_the_docs() -> None:
    plan = plan_of(
        """
format = 1
name = "Hip circuit"
[defaults]
rest_after = 15
rest_between_rounds = 60
[[blocks]]
name = "Warm-up"
rest_after = 30
[[blocks.exercises]]
name = "High knees"
work = 30
prepare = 5
rest_after = 0
[[blocks.exercises]]
name = "Leg swings"
work = 20
per_side = true
prepare = 5
[[blocks]]
name = "Circuit"
rounds = 3
rest_between_rounds = 45
[[blocks.exercises]]
name = "Donkey kick"
reps = 12
tempo = { up = 2, hold = 1, down = 2 }
per_side = true
[[blocks.exercises]]
name = "Mountain climbers"
work = 30
"""
    )
    round_ = [(R, 60), (SW, 5), (R, 60), (REST, 15), (W, 30)]
    expected = [(P, 5), (W, 30), (P, 5), (W, 20), (SW, 5), (W, 20), (REST, 30)]
    expected += [*round_, (REST, 45), *round_, (REST, 45), *round_]
    assert [(s.kind, s.seconds) for s in plan.steps] == expected
    assert plan.total_seconds == 715  # "about 12 minutes"


BUILT_INS = sorted(paths.builtin_routines_dir().glob("*.toml"))


@pytest.mark.parametrize("path", BUILT_INS, ids=lambda p: p.stem)
def test_built_in_plans_are_well_formed(path: Path) -> None:
    plan = build_plan(load_routine(path))
    check_well_formed(plan)
    assert build_plan(load_routine(path)) == plan  # the same file gives the same steps


def test_runners_leg_day_first_steps() -> None:
    plan = build_plan(load_routine(paths.builtin_routines_dir() / "runners-leg-day.toml"))
    first = plan.steps[1]
    assert first.describe() == "Calf raises, set 1 of 3, 12 reps"
    assert first.seconds == 72 and first.kind is R
    lunges = [s for s in plan.active_steps if s.exercise.name == "Lunges"]
    assert lunges[0].describe() == "Lunges, left, set 1 of 3, 8 reps"
    assert len(lunges) == 6


def check_well_formed(plan: Plan) -> None:
    check_indexes(plan)
    steps = plan.steps
    assert steps, "a routine always has at least one step"
    assert steps[-1].kind.active, "the session ends on work, never on a pause"
    for step, following in itertools.pairwise(steps):
        assert step.seconds > 0
        if not step.kind.active:
            assert following.kind.active, f"pause {step} is followed by {following}"
    expected_active = sum(
        block.rounds * sum(ex.sets * (2 if ex.per_side else 1) for ex in block.exercises)
        for block in plan.routine.blocks
    )
    assert len(plan.active_steps) == expected_active


def _optional(key: str) -> st.SearchStrategy[int | None]:
    low, high, _ = LIMITS[key]
    return st.none() | st.integers(low, min(high, 200))


_exercises = st.builds(
    Exercise,
    name=st.just("E"),
    kind=st.sampled_from(Kind),
    target=st.integers(1, 60),
    sets=st.integers(1, 4),
    per_side=st.booleans(),
    rest_between_sets=_optional("rest_between_sets"),
    rest_after=_optional("rest_after"),
    switch=_optional("switch"),
    prepare=_optional("prepare"),
)
_blocks = st.builds(
    Block,
    exercises=st.lists(_exercises, min_size=1, max_size=3).map(tuple),
    rounds=st.integers(1, 4),
    rest_between_rounds=_optional("rest_between_rounds"),
    rest_after=_optional("rest_after"),
)
_routines = st.builds(
    Routine,
    name=st.just("R"),
    blocks=st.lists(_blocks, min_size=1, max_size=3).map(tuple),
    defaults=st.builds(
        Defaults,
        prepare=st.integers(0, 20),
        rest_between_sets=st.integers(0, 20),
        rest_after=st.integers(0, 20),
        switch=st.integers(0, 20),
        rest_between_rounds=st.integers(0, 20),
    ),
    plain=st.just(False),
)


@settings(max_examples=200, deadline=None)
@given(_routines)
def test_generated_plans_are_well_formed(routine: Routine) -> None:
    plan = build_plan(routine)
    check_well_formed(plan)
    first = plan.steps[0]
    first_exercise = routine.blocks[0].exercises[0]
    prepare = (
        first_exercise.prepare if first_exercise.prepare is not None else routine.defaults.prepare
    )
    assert (first.kind is P) == (prepare > 0)


def test_step_is_frozen() -> None:
    step = plan_of(QUICK_LEGS).steps[0]
    assert isinstance(step, Step)
    with pytest.raises(AttributeError):
        step.seconds = 1  # type: ignore[misc]


# --------------------------------------------------------------------------- GET READY


GIVEN_BY_DEFAULTS = '[defaults]\nprepare = 3\n[[exercises]]\nname = "A"\nhold = 10\n'
GIVEN_BY_EXERCISE = '[[exercises]]\nname = "A"\nhold = 10\nprepare = 4\n'
GIVEN_NONE = '[[exercises]]\nname = "A"\nhold = 10\n[[exercises]]\nname = "B"\nhold = 10\n'


@pytest.mark.parametrize(
    ("source", "seconds"), [(GIVEN_BY_DEFAULTS, 3), (GIVEN_BY_EXERCISE, 4), (GIVEN_NONE, 25)]
)
def test_the_routines_prepare_wins_over_the_get_ready_setting(source: str, seconds: int) -> None:
    routine = parse_routine('name = "R"\n' + source)
    plan = build_plan(routine, get_ready=25)
    assert (plan.steps[0].kind, plan.steps[0].seconds) == (P, seconds)


def test_get_ready_is_only_the_first_countdown_and_zero_means_none() -> None:
    routine = parse_routine('name = "R"\n[defaults]\nrest_after = 0\n' + GIVEN_NONE)
    plan = build_plan(routine, get_ready=25)
    assert [(step.kind, step.seconds) for step in plan.steps if step.kind is P] == [
        (P, 25),
        (P, 10),
    ]
    assert build_plan(routine, get_ready=0).steps[0].kind is H
    assert build_plan(routine).steps[0].seconds == Defaults().prepare  # no setting: built-in


def test_a_written_defaults_keeps_its_prepare_after_a_round_trip() -> None:
    routine = parse_routine('name = "R"\n' + GIVEN_BY_DEFAULTS)
    again = parse_routine(dump_routine(routine))
    assert build_plan(again, get_ready=25).steps[0].seconds == 3
