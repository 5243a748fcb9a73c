"""`progression` and `load` in routine files: inheritance, every rule, and the round trip."""

from __future__ import annotations

import pytest

from legtimer.core.routines import (
    Problem,
    Progression,
    RoutineError,
    Rule,
    describe_load,
    dump_routine,
    parse_routine,
    progression_of,
)

HEAD = 'format = 1\nname = "P"\n'


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(RoutineError) as info:
        parse_routine(text)
    return info.value.problems


def messages(text: str) -> list[str]:
    return [problem.render() for problem in problems_of(text)]


def test_own_progression_and_load() -> None:
    routine = parse_routine(
        HEAD + '[[exercises]]\nname = "Squats"\nreps = 8\nload = 20\n'
        "progression = { step = 2, max = 12, load_step = 2.5 }\n"
    )
    squats = routine.exercises[0]
    assert squats.load == 20
    assert squats.progression == Progression(step=2, max=12, load_step=2.5)
    assert progression_of(squats, routine.progression) == Rule(2, 12, 2.5)


def test_defaults_progression_is_inherited_key_by_key() -> None:
    routine = parse_routine(
        HEAD + "[defaults]\nprogression = { step = 5, max = 60 }\n"
        '[[exercises]]\nname = "Plank"\nhold = 30\n'
        '[[exercises]]\nname = "Side plank"\nhold = 20\nprogression = { max = 45 }\n'
        '[[exercises]]\nname = "Jog"\nwork = 600\nprogression = false\n'
    )
    plank, side, jog = routine.exercises
    assert progression_of(plank, routine.progression) == Rule(5, 60)
    assert progression_of(side, routine.progression) == Rule(5, 45)
    assert progression_of(jog, routine.progression) is None


def test_max_left_out_is_the_kinds_limit_and_load_step_needs_reps_with_a_load() -> None:
    routine = parse_routine(
        HEAD + "[defaults]\nprogression = { step = 1, load_step = 2.5 }\n"
        '[[exercises]]\nname = "Hold"\nhold = 30\n'
        '[[exercises]]\nname = "Calf raises"\nreps = 12\n'
        '[[exercises]]\nname = "Squats"\nreps = 8\nload = 40\n'
    )
    hold, calves, squats = routine.exercises
    assert progression_of(hold, routine.progression) == Rule(1, 600, None)
    assert progression_of(calves, routine.progression) == Rule(1, 500, None)
    assert progression_of(squats, routine.progression) == Rule(1, 500, 2.5)


def test_no_progression_anywhere() -> None:
    routine = parse_routine(HEAD + '[[exercises]]\nname = "Plank"\nhold = 30\n')
    assert progression_of(routine.exercises[0], routine.progression) is None


@pytest.mark.parametrize(
    ("exercise", "expected"),
    [
        (
            "hold = 30\nprogression = { step = 5, max = 20 }",
            "line 6: exercises[1].progression.max: expected at least the exercise's target "
            "of 30 s, found 20",
        ),
        (
            "hold = 30\nprogression = { step = 5.0 }",
            "line 6: exercises[1].progression.step: expected a whole number of seconds from 1 "
            "to 600, found the number 5.0 (write it without the decimal point)",
        ),
        (
            "reps = 10\nprogression = { step = 0, max = 12 }",
            "line 6: exercises[1].progression.step: expected a whole number of repetitions from "
            "1 to 500, found the integer 0",
        ),
        (
            "hold = 30\nprogression = { setp = 5 }",
            "line 6: exercises[1].progression.setp: unknown key 'setp'; did you mean 'step'?",
        ),
        (
            "hold = 30\nprogression = { max = 40 }",
            "line 6: exercises[1].progression.step: missing; give the step in seconds here or "
            "in [defaults].progression",
        ),
        (
            "hold = 30\nprogression = true",
            "line 6: exercises[1].progression: expected a table such as { step = 5, max = 60 }, "
            "or false to leave out the one from [defaults], found the boolean true",
        ),
        (
            "hold = 30\nprogression = { step = 5, load_step = 1 }",
            "line 6: exercises[1].progression.load_step: load_step raises the load once the "
            "reps reach max; it does not apply to 'hold'",
        ),
        (
            "reps = 8\nprogression = { step = 1, load_step = 2.5 }",
            "line 6: exercises[1].progression.load_step: load_step needs a 'load' to raise; "
            "write load = 0 to start from bodyweight",
        ),
        (
            "reps = 8\nload = 20\nprogression = { step = 1, load_step = -2.5 }",
            "line 7: exercises[1].progression.load_step: expected a load step above 0 and at "
            "most 100, found the number -2.5",
        ),
        (
            'reps = 8\nload = "heavy"',
            "line 6: exercises[1].load: expected a load from 0 to 1000 (a number in your units, "
            "kg or lb), found the text 'heavy'",
        ),
        (
            "reps = 8\nload = nan",
            "line 6: exercises[1].load: expected a load from 0 to 1000 (a number in your units, "
            "kg or lb), found the number nan",
        ),
        (
            "reps = 8\nlaod = 20",
            "line 6: exercises[1].laod: unknown key 'laod'; did you mean 'load'?",
        ),
    ],
)
def test_exercise_rules(exercise: str, expected: str) -> None:
    text = HEAD + '[[exercises]]\nname = "X"\n' + exercise + "\n"
    assert messages(text) == [expected]


def test_defaults_rules_and_inherited_max_below_a_target() -> None:
    text = (
        HEAD + "[defaults]\nprogression = { step = 5, max = 60 }\n"
        '[[exercises]]\nname = "Long hold"\nhold = 90\n'
        '[[exercises]]\nname = "Short hold"\nhold = 30\n'
    )
    assert messages(text) == [
        "line 7: exercises[1].hold: 1:30 min is above the progression max of 1 min from "
        "[defaults]; give this exercise its own progression.max"
    ]
    assert messages(
        HEAD + "[defaults]\nprogression = false\n" + '[[exercises]]\nname = "A"\nhold = 5\n'
    ) == [
        "line 4: defaults.progression: expected a table such as { step = 5, max = 60 }, "
        "found the boolean false"
    ]
    # A broken [defaults].progression is reported there, not again on every exercise.
    assert messages(
        HEAD + "[defaults]\nprogression = { step = -1 }\n" + '[[exercises]]\nname = "A"\nhold = 5\n'
    ) == [
        "line 4: defaults.progression.step: expected a whole number of seconds or repetitions "
        "from 1 to 7200, found the integer -1"
    ]


def test_every_problem_at_once() -> None:
    text = (
        HEAD + '[[exercises]]\nname = "Squats"\nreps = 8\nload = "heavy"\n'
        "progression = { step = 2.0, max = 6, load_step = -1 }\n"
    )
    assert [problem.path for problem in problems_of(text)] == [
        "exercises[1].load",
        "exercises[1].progression.step",
        "exercises[1].progression.load_step",
        "exercises[1].progression.max",
    ]


def test_round_trip_keeps_progression_load_and_opt_out() -> None:
    text = (
        HEAD + "[defaults]\nprogression = { step = 5, max = 60 }\n"
        '[[exercises]]\nname = "Plank"\nhold = 30\n'
        '[[exercises]]\nname = "Squats"\nreps = 8\nload = 22.5\n'
        "progression = { step = 2, max = 12, load_step = 2.5 }\n"
        '[[exercises]]\nname = "Jog"\nwork = 600\nprogression = false\n'
        '[[exercises]]\nname = "Calf raises"\nreps = 12\nload = 0\n'
    )
    routine = parse_routine(text)
    dumped = dump_routine(routine)
    assert parse_routine(dumped) == routine
    assert "progression = { step = 5, max = 60 }" in dumped
    assert "load = 22.5\nprogression = { step = 2, max = 12, load_step = 2.5 }" in dumped
    assert "progression = false" in dumped
    assert "load = 0\n" in dumped  # a whole load stays whole


def test_describe_load() -> None:
    assert describe_load(20, "kg") == "20 kg"
    assert describe_load(22.5, "lb") == "22.5 lb"
    assert describe_load(20.0, "kg") == "20 kg"
