"""The routine format: parsing, every validation rule, located errors and the TOML round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legtimer.core import paths
from legtimer.core.routines import (
    LIMITS,
    MAX_EXERCISES,
    MAX_LIST,
    MAX_NAME,
    TEMPO_PHASES,
    Block,
    Defaults,
    Exercise,
    Kind,
    Problem,
    Routine,
    RoutineError,
    Tempo,
    dump_routine,
    effective,
    estimated_rep_seconds,
    load_routine,
    parse_routine,
    save_routine,
    slugify,
    validate_document,
)
from legtimer.core.text import BIDI_CONTROLS

BUILT_INS = sorted(paths.builtin_routines_dir().glob("*.toml"))


def problems_of(text: str | bytes) -> list[Problem]:
    with pytest.raises(RoutineError) as info:
        parse_routine(text, source_name="r.toml")
    assert info.value.source == "r.toml"
    return info.value.problems


def only_problem(text: str | bytes) -> Problem:
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


def one_exercise(body: str, *, head: str = "") -> str:
    """A routine with a single exercise whose keys (after its name) are `body`."""
    return f'name = "R"\n{head}\n[[exercises]]\nname = "E"\n{body}\n'


# --------------------------------------------------------------------------- parsing


def test_minimal_plain_routine() -> None:
    routine = parse_routine('name = "Quick"\n[[exercises]]\nname = "Plank"\nhold = 30\n')
    assert routine.name == "Quick"
    assert routine.plain is True
    assert routine.defaults == Defaults()
    assert routine.description == ""
    assert routine.tags == ()
    assert routine.blocks == (Block(exercises=(Exercise("Plank", Kind.HOLD, 30),)),)


def test_full_exercise_keys_are_read() -> None:
    routine = parse_routine(
        """
format = 1
name = "  Legs  "
description = "Two moves."
tags = ["strength", " home "]

[defaults]
prepare = 5
rest_after = 45

[[exercises]]
name = "Lunges"
reps = 8
tempo = { down = 2, pause = 1, up = 2 }
sets = 3
per_side = true
switch = 4
rest_between_sets = 40
rest_after = 50
prepare = 7
cue = "Knee over ankle."
muscles = ["quads", "glutes"]

[[exercises]]
name = "Step-ups"
reps = 10
rep_seconds = 4
"""
    )
    assert routine.name == "Legs"  # spaces around a name are removed
    assert routine.tags == ("strength", "home")
    assert routine.defaults == Defaults(prepare=5, rest_after=45)
    lunges, step_ups = routine.exercises
    assert lunges == Exercise(
        name="Lunges",
        kind=Kind.REPS,
        target=8,
        sets=3,
        per_side=True,
        tempo=Tempo((("down", 2), ("pause", 1), ("up", 2))),
        switch=4,
        rest_between_sets=40,
        rest_after=50,
        prepare=7,
        cue="Knee over ankle.",
        muscles=("quads", "glutes"),
    )
    assert lunges.tempo is not None
    assert lunges.tempo.rep_seconds == 5
    assert lunges.tempo.describe() == "DOWN 2 · PAUSE 1 · UP 2"
    assert step_ups.rep_seconds == 4 and step_ups.self_paced
    assert not lunges.self_paced


def test_blocks_routine() -> None:
    routine = parse_routine(
        """
name = "Circuit"
[[blocks]]
name = "Warm-up"
rest_after = 30
[[blocks.exercises]]
name = "Jog"
work = 300

[[blocks]]
name = "Main"
rounds = 3
rest_between_rounds = 45
[[blocks.exercises]]
name = "Squats"
reps = 10
[[blocks.exercises]]
name = "Plank"
hold = 30
"""
    )
    assert routine.plain is False
    warm_up, main = routine.blocks
    assert warm_up == Block(
        exercises=(Exercise("Jog", Kind.WORK, 300),), name="Warm-up", rest_after=30
    )
    assert main.name == "Main" and main.rounds == 3
    assert main.rest_between_rounds == 45 and main.rest_after is None
    assert [ex.name for ex in routine.exercises] == ["Jog", "Squats", "Plank"]


def test_tempo_zero_phase_is_left_out() -> None:
    routine = parse_routine(one_exercise("reps = 5\ntempo = { up = 2, hold = 0, down = 3 }"))
    assert routine.exercises[0].tempo == Tempo((("up", 2), ("down", 3)))


def test_format_may_be_left_out_or_be_1() -> None:
    assert parse_routine(one_exercise("hold = 10")) == parse_routine(
        "format = 1\n" + one_exercise("hold = 10")
    )


def test_describe_target() -> None:
    assert Exercise("a", Kind.REPS, 12).describe_target() == "12 reps"
    assert Exercise("a", Kind.HOLD, 30).describe_target() == "30 s"
    assert Exercise("a", Kind.WORK, 90).describe_target() == "1:30 min"
    assert Exercise("a", Kind.WORK, 600).describe_target() == "10 min"


# --------------------------------------------------------------------------- validation rules

EXERCISE_RULES = [
    # (exercise body, field path, fragments the message must contain)
    pytest.param(
        "reps = 10\nrest_betwen_sets = 30",
        "exercises[1].rest_betwen_sets",
        ["unknown key 'rest_betwen_sets'", "did you mean 'rest_between_sets'?"],
        id="unknown-key-suggestion",
    ),
    pytest.param(
        'reps = "ten"',
        "exercises[1].reps",
        ["expected a whole number of repetitions from 1 to 500", "found the text 'ten'"],
        id="string-for-reps",
    ),
    pytest.param(
        "hold = 30.0",
        "exercises[1].hold",
        [
            "expected a whole number of seconds from 1 to 600",
            "found the number 30.0",
            "(write it without the decimal point)",
        ],
        id="float-with-hint",
    ),
    pytest.param(
        "reps = true",
        "exercises[1].reps",
        ["expected a whole number of repetitions", "found the boolean true"],
        id="bool-for-int",
    ),
    pytest.param(
        "reps = 10\nsets = false",
        "exercises[1].sets",
        ["expected a whole number of sets from 1 to 50", "found the boolean false"],
        id="bool-for-sets",
    ),
    pytest.param(
        "reps = 10\nsets = 0",
        "exercises[1].sets",
        ["expected sets from 1 to 50", "found 0"],
        id="zero-sets",
    ),
    pytest.param(
        "hold = -5",
        "exercises[1].hold",
        ["expected seconds from 1 to 600", "found -5"],
        id="negative-hold",
    ),
    pytest.param(
        "hold = 180000",
        "exercises[1].hold",
        ["expected seconds from 1 to 600", "found 180000"],
        id="50-hour-hold",
    ),
    pytest.param(
        "work = 7201",
        "exercises[1].work",
        ["expected seconds from 1 to 7200", "found 7201"],
        id="work-too-long",
    ),
    pytest.param(
        "reps = 501",
        "exercises[1].reps",
        ["expected repetitions from 1 to 500", "found 501"],
        id="too-many-reps",
    ),
    pytest.param(
        "hold = 30\nrest_after = 1801",
        "exercises[1].rest_after",
        ["expected seconds from 0 to 1800", "found 1801"],
        id="rest-after-too-long",
    ),
    pytest.param(
        "hold = 30\nprepare = -1",
        "exercises[1].prepare",
        ["expected seconds from 0 to 300", "found -1"],
        id="negative-prepare",
    ),
    pytest.param(
        "sets = 2",
        "exercises[1]",
        [
            "missing the kind of exercise",
            "'hold' (seconds)",
            "'reps' (repetitions)",
            "'work' (seconds)",
        ],
        id="missing-kind",
    ),
    pytest.param(
        "hold = 30\nreps = 10",
        "exercises[1].reps",
        ["conflicting keys: 'hold' and 'reps' are both given", "exactly one of hold, reps or work"],
        id="two-kinds",
    ),
    pytest.param(
        "reps = 10\nwork = 30",
        "exercises[1].work",
        ["conflicting keys: 'reps' and 'work'"],
        id="reps-and-work",
    ),
    pytest.param(
        "hold = 30\ntempo = { up = 2 }",
        "exercises[1].tempo",
        ["a tempo paces repetitions", "does not apply to 'hold'"],
        id="tempo-on-hold",
    ),
    pytest.param(
        "reps = 10\ntempo = { up = 2, down = 2 }\nrep_seconds = 3",
        "exercises[1].rep_seconds",
        ["conflicting keys", "remove 'rep_seconds' or the tempo"],
        id="rep-seconds-with-tempo",
    ),
    pytest.param(
        "work = 30\nrep_seconds = 3",
        "exercises[1].rep_seconds",
        ["does not apply to 'work'"],
        id="rep-seconds-on-work",
    ),
    pytest.param(
        "reps = 10\nrep_seconds = 61",
        "exercises[1].rep_seconds",
        ["expected seconds from 1 to 60", "found 61"],
        id="rep-seconds-too-long",
    ),
    pytest.param(
        "reps = 10\nswitch = 5",
        "exercises[1].switch",
        ["'switch' is the pause between left and right", "needs per_side = true"],
        id="switch-without-per-side",
    ),
    pytest.param(
        "reps = 10\nper_side = false\nswitch = 5",
        "exercises[1].switch",
        ["needs per_side = true"],
        id="switch-with-per-side-false",
    ),
    pytest.param(
        "reps = 10\nper_side = true\nswitch = 121",
        "exercises[1].switch",
        ["expected seconds from 0 to 120", "found 121"],
        id="switch-too-long",
    ),
    pytest.param(
        'reps = 10\nper_side = "yes"',
        "exercises[1].per_side",
        ["expected true or false", "found the text 'yes'"],
        id="per-side-not-bool",
    ),
    pytest.param(
        "reps = 10\ntempo = { upp = 2, down = 2 }",
        "exercises[1].tempo.upp",
        ["unknown key 'upp'", "did you mean 'up'?"],
        id="bad-tempo-phase",
    ),
    pytest.param(
        "reps = 10\ntempo = { up = 0, down = 0 }",
        "exercises[1].tempo",
        ["expected at least one phase longer than 0 seconds"],
        id="tempo-all-zero",
    ),
    pytest.param(
        "reps = 10\ntempo = {}",
        "exercises[1].tempo",
        ["expected at least one phase"],
        id="tempo-empty",
    ),
    pytest.param(
        'reps = 10\ntempo = "2-1-2"',
        "exercises[1].tempo",
        ["expected a table of seconds per phase", "found the text '2-1-2'"],
        id="tempo-not-a-table",
    ),
    pytest.param(
        "reps = 10\ntempo = { up = 31 }",
        "exercises[1].tempo.up",
        ["expected seconds from 0 to 30", "found 31"],
        id="tempo-phase-too-long",
    ),
    pytest.param(
        "reps = 10\ntempo = { up = 1.5 }",
        "exercises[1].tempo.up",
        ["expected a whole number of seconds from 0 to 30", "found the number 1.5"],
        id="tempo-phase-float",
    ),
    pytest.param(
        "reps = 10\ncue = 5",
        "exercises[1].cue",
        ["expected text", "found the integer 5"],
        id="cue-not-text",
    ),
    pytest.param(
        "reps = 10\ncue = '" + "x" * 2001 + "'",
        "exercises[1].cue",
        ["expected at most 2000 characters", "found 2001"],
        id="cue-too-long",
    ),
    pytest.param(
        'reps = 10\nmuscles = ["quads", 3]',
        "exercises[1].muscles[2]",
        ["expected a short non-empty text", "found the integer 3"],
        id="muscle-not-text",
    ),
    pytest.param(
        'reps = 10\nmuscles = "quads"',
        "exercises[1].muscles",
        ["expected an array of text", "found the text 'quads'"],
        id="muscles-not-array",
    ),
    pytest.param(
        'reps = 10\nmuscles = ["quads", "  "]',
        "exercises[1].muscles[2]",
        ["expected a short non-empty text", "found empty text"],
        id="muscle-blank",
    ),
]


@pytest.mark.parametrize(("body", "path", "fragments"), EXERCISE_RULES)
def test_exercise_rule(body: str, path: str, fragments: list[str]) -> None:
    problem = only_problem(one_exercise(body))
    assert problem.path == path
    for fragment in fragments:
        assert fragment in problem.message


def test_non_integral_float_gets_no_decimal_point_hint() -> None:
    problem = only_problem(one_exercise("hold = 30.5"))
    assert "found the number 30.5" in problem.message
    assert "decimal point" not in problem.message


def test_unknown_key_without_a_close_match_has_no_suggestion() -> None:
    problem = only_problem(one_exercise("reps = 10\nbanana = 1"))
    assert problem.message == "unknown key 'banana'"


DOCUMENT_RULES = [
    pytest.param(
        '[[exercises]]\nname = "E"\nhold = 30\n',
        "name",
        ["missing; expected the name as text"],
        id="missing-name",
    ),
    pytest.param(
        'name = 5\n[[exercises]]\nname = "E"\nhold = 30\n',
        "name",
        ["expected text", "found the integer 5"],
        id="name-not-text",
    ),
    pytest.param(
        'name = "   "\n[[exercises]]\nname = "E"\nhold = 30\n',
        "name",
        ["expected a name, found empty text"],
        id="name-blank",
    ),
    pytest.param(
        f'name = "{"n" * (MAX_NAME + 1)}"\n[[exercises]]\nname = "E"\nhold = 30\n',
        "name",
        [f"expected at most {MAX_NAME} characters", f"found {MAX_NAME + 1}"],
        id="name-too-long",
    ),
    pytest.param(
        'name = "R"\nexercises = []\n',
        "exercises",
        ["expected at least one entry in 'exercises'", "found an empty array"],
        id="empty-exercises",
    ),
    pytest.param(
        'name = "R"\nexercises = 5\n',
        "exercises",
        ["expected an array of tables ([[exercises]])", "found the integer 5"],
        id="exercises-not-array",
    ),
    pytest.param(
        'name = "R"\nexercises = [1]\n',
        "exercises[1]",
        ["expected an exercise (a table)", "found the integer 1"],
        id="exercise-not-table",
    ),
    pytest.param(
        'name = "R"\n',
        "exercises",
        ["missing; a routine needs an 'exercises' list ([[exercises]]) or 'blocks'"],
        id="no-exercises",
    ),
    pytest.param(
        'name = "R"\n[[exercises]]\nhold = 30\n',
        "exercises[1].name",
        ["missing; expected the name as text"],
        id="exercise-without-name",
    ),
    pytest.param(
        'format = 2\nname = "R"\n[[exercises]]\nname = "E"\nhold = 30\n',
        "format",
        ["routine format 2", "newer legtimer", "reads format 1", "Upgrade legtimer"],
        id="format-newer",
    ),
    pytest.param(
        'format = 0\nname = "R"\n[[exercises]]\nname = "E"\nhold = 30\n',
        "format",
        ["expected 1, found 0"],
        id="format-zero",
    ),
    pytest.param(
        'format = "1"\nname = "R"\n[[exercises]]\nname = "E"\nhold = 30\n',
        "format",
        ["expected the integer 1", "found the text '1'"],
        id="format-text",
    ),
    pytest.param(
        'name = "R"\ntags = ["legs", 1]\n[[exercises]]\nname = "E"\nhold = 30\n',
        "tags[2]",
        ["expected a short non-empty text", "found the integer 1"],
        id="tag-not-text",
    ),
    pytest.param(
        'name = "R"\ntags = "legs"\n[[exercises]]\nname = "E"\nhold = 30\n',
        "tags",
        ["expected an array of text", "found the text 'legs'"],
        id="tags-not-array",
    ),
    pytest.param(
        'name = "R"\ntags = [' + ", ".join(['"t"'] * (MAX_LIST + 1)) + "]\n"
        '[[exercises]]\nname = "E"\nhold = 30\n',
        "tags",
        [f"expected at most {MAX_LIST} entries", f"found {MAX_LIST + 1}"],
        id="too-many-tags",
    ),
    pytest.param(
        'name = "R"\ndescripton = "x"\n[[exercises]]\nname = "E"\nhold = 30\n',
        "descripton",
        ["unknown key 'descripton'", "did you mean 'description'?"],
        id="unknown-top-level-key",
    ),
    pytest.param(
        'name = "R"\ndescription = 3\n[[exercises]]\nname = "E"\nhold = 30\n',
        "description",
        ["expected text", "found the integer 3"],
        id="description-not-text",
    ),
    pytest.param(
        'name = "R"\ndefaults = 5\n[[exercises]]\nname = "E"\nhold = 30\n',
        "defaults",
        ["expected the defaults (a table)", "found the integer 5"],
        id="defaults-not-table",
    ),
    pytest.param(
        'name = "R"\n[defaults]\nprepar = 5\n[[exercises]]\nname = "E"\nhold = 30\n',
        "defaults.prepar",
        ["unknown key 'prepar'", "did you mean 'prepare'?"],
        id="defaults-unknown-key",
    ),
    pytest.param(
        'name = "R"\n[defaults]\nprepare = 301\n[[exercises]]\nname = "E"\nhold = 30\n',
        "defaults.prepare",
        ["expected seconds from 0 to 300", "found 301"],
        id="defaults-out-of-range",
    ),
    pytest.param(
        'name = "R"\n[defaults]\nrest_after = 60.0\n[[exercises]]\nname = "E"\nhold = 30\n',
        "defaults.rest_after",
        ["found the number 60.0", "without the decimal point"],
        id="defaults-float",
    ),
    pytest.param(
        'name = "R"\nblocks = []\n',
        "blocks",
        ["expected at least one entry in 'blocks'", "found an empty array"],
        id="empty-blocks",
    ),
    pytest.param(
        'name = "R"\n[[blocks]]\nname = "B"\n',
        "blocks[1].exercises",
        ["missing; a block needs its exercises"],
        id="block-without-exercises",
    ),
    pytest.param(
        'name = "R"\n[[blocks]]\nround = 2\n[[blocks.exercises]]\nname = "E"\nhold = 30\n',
        "blocks[1].round",
        ["unknown key 'round'", "did you mean 'rounds'?"],
        id="block-unknown-key",
    ),
    pytest.param(
        'name = "R"\n[[blocks]]\nrounds = 0\n[[blocks.exercises]]\nname = "E"\nhold = 30\n',
        "blocks[1].rounds",
        ["expected rounds from 1 to 50", "found 0"],
        id="block-zero-rounds",
    ),
    pytest.param(
        'name = "R"\n[[blocks]]\nrest_between_rounds = -1\n'
        '[[blocks.exercises]]\nname = "E"\nhold = 30\n',
        "blocks[1].rest_between_rounds",
        ["expected seconds from 0 to 1800", "found -1"],
        id="block-negative-rest",
    ),
    pytest.param(
        'name = "R"\nblocks = [1]\n',
        "blocks[1]",
        ["expected a block (a table)", "found the integer 1"],
        id="block-not-table",
    ),
    pytest.param(
        'name = "R"\n[[blocks]]\n[[blocks.exercises]]\nname = "E"\nsets = 2\n',
        "blocks[1].exercises[1]",
        ["missing the kind of exercise"],
        id="block-exercise-missing-kind",
    ),
]


@pytest.mark.parametrize(("text", "path", "fragments"), DOCUMENT_RULES)
def test_document_rule(text: str, path: str, fragments: list[str]) -> None:
    problem = only_problem(text)
    assert problem.path == path
    for fragment in fragments:
        assert fragment in problem.message


def test_both_exercises_and_blocks_conflict() -> None:
    found = problems_of(
        'name = "R"\n[[exercises]]\nname = "E"\nhold = 30\n'
        '[[blocks]]\n[[blocks.exercises]]\nname = "F"\nhold = 30\n'
    )
    conflicts = [p for p in found if p.path == "blocks"]
    assert len(conflicts) == 1
    assert "conflicting keys" in conflicts[0].message
    assert "'exercises'" in conflicts[0].message and "'blocks'" in conflicts[0].message


def test_too_many_exercises() -> None:
    body = "".join(f'[[exercises]]\nname = "E{i}"\nhold = 5\n' for i in range(MAX_EXERCISES + 1))
    problem = only_problem('name = "R"\n' + body)
    assert problem.path == ""
    assert (
        problem.message == f"expected at most {MAX_EXERCISES} exercises, found {MAX_EXERCISES + 1}"
    )


def test_exactly_max_exercises_is_fine() -> None:
    body = "".join(f'[[exercises]]\nname = "E{i}"\nhold = 5\n' for i in range(MAX_EXERCISES))
    assert len(parse_routine('name = "R"\n' + body).exercises) == MAX_EXERCISES


def test_limits_are_inclusive() -> None:
    for key in ("hold", "reps", "work"):
        low, high, _ = LIMITS[key]
        for value in (low, high):
            assert parse_routine(one_exercise(f"{key} = {value}")).exercises[0].target == value
        problem = only_problem(one_exercise(f"{key} = {high + 1}"))
        assert problem.path == f"exercises[1].{key}"


def test_all_problems_of_a_file_are_reported_at_once() -> None:
    text = """\
format = 1
name = "Broken"

[defaults]
rest_betwen_sets = 20

[[exercises]]
name = "Squats"
reps = "ten"

[[exercises]]
name = "Plank"
hold = 30.0

[[exercises]]
name = "Lunges"
reps = 10
switch = 5
"""
    found = problems_of(text)
    assert [(p.path, p.line) for p in found] == [
        ("defaults.rest_betwen_sets", 5),
        ("exercises[1].reps", 9),
        ("exercises[2].hold", 13),
        ("exercises[3].switch", 18),
    ]


def test_validate_document_uses_the_same_rules() -> None:
    routine, found = validate_document({"name": "R", "exercises": [{"name": "E", "reps": "x"}]})
    assert routine is None
    assert [p.path for p in found] == ["exercises[1].reps"]
    routine, found = validate_document({"name": "R", "exercises": [{"name": "E", "reps": 4}]})
    assert found == []
    assert routine is not None and routine.exercises[0].target == 4


# --------------------------------------------------------------------------- line numbers


def test_schema_error_in_third_exercise_reports_that_keys_line() -> None:
    text = """\
name = "R"  # line 1

[[exercises]]
name = "A"
reps = 10

# a comment
[[exercises]]
name = "B"
hold = 30

[[exercises]]   # line 12
name = "C"
sets = 2
reps = 0
"""
    problem = only_problem(text)
    assert problem.path == "exercises[3].reps"
    assert problem.line == 15
    assert problem.column is None
    assert problem.render("r.toml") == (
        "r.toml:15: exercises[3].reps: expected repetitions from 1 to 500, found 0"
    )


def test_missing_key_is_located_at_its_table_header() -> None:
    text = 'name = "R"\n\n[[exercises]]\nname = "A"\nreps = 1\n\n[[exercises]]\nname = "B"\n'
    problem = only_problem(text)
    assert problem.path == "exercises[2]"
    assert problem.line == 7


def test_inline_tempo_error_is_located_on_the_tempo_line() -> None:
    text = 'name = "R"\n[[exercises]]\nname = "A"\nreps = 4\n\ntempo = { upp = 2 }\n'
    problem = only_problem(text)
    assert problem.path == "exercises[1].tempo.upp"
    assert problem.line == 6


def test_block_exercise_error_is_located() -> None:
    text = """\
name = "R"
[[blocks]]
name = "One"
[[blocks.exercises]]
name = "A"
hold = 10
[[blocks.exercises]]
name = "B"
hold = 10

[[blocks]]
name = "Two"
[[blocks.exercises]]
name = "C"
hold = 10
[[blocks.exercises]]
name = "D"
hold = 0
"""
    problem = only_problem(text)
    assert problem.path == "blocks[2].exercises[2].hold"
    assert problem.line == 18


def test_toml_syntax_error_reports_line_and_column() -> None:
    problem = only_problem('name = "R"\n\n[[exercises]]\nname = "A\nreps = 1\n')
    assert problem.path == ""
    assert problem.message.startswith("invalid TOML: ")
    assert "(at line" not in problem.message  # the position is moved out of the text
    assert (problem.line, problem.column) == (4, 10)  # the newline ending the text
    assert problem.render("r.toml").startswith("r.toml:4:10: invalid TOML: ")


def test_syntax_error_at_end_of_document() -> None:
    problem = only_problem('name = "R"\nreps = ')
    assert problem.message.startswith("invalid TOML: ")
    assert problem.line is None or problem.line == 2


def test_line_numbers_count_only_newlines() -> None:
    text = 'name = "R"\n# a comment with a \u2028 line separator\n[[exercises]]\nname = "A"\nreps = "ten"\n'
    problem = only_problem(text)
    assert problem.path == "exercises[1].reps"
    assert problem.line == 5


def test_lines_inside_multiline_strings_are_not_keys() -> None:
    text = 'name = "R"\n[[exercises]]\nname = "B"\ncue = """\nNot:\nhold = 5\n"""\nhold = "x"\n'
    problem = only_problem(text)
    assert problem.path == "exercises[1].hold"
    assert problem.line == 8


def test_problem_render_without_file_or_line() -> None:
    assert Problem("a.b", "bad").render() == "a.b: bad"
    assert Problem("", "bad").render("f.toml") == "f.toml: bad"
    assert Problem("x", "bad", 3).render() == "line 3: x: bad"
    assert Problem("", "bad", 3, 7).render("f.toml") == "f.toml:3:7: bad"


def test_routine_error_message_lists_every_problem() -> None:
    error = RoutineError("f.toml", [Problem("a", "one", 1), Problem("b", "two", 2)])
    assert str(error) == "f.toml:1: a: one\nf.toml:2: b: two"


# --------------------------------------------------------------------------- bytes and files


def test_non_utf8_bytes() -> None:
    problem = only_problem(b'name = "ok"\n\ndescription = "caf\xe9"\n')
    assert problem.message == "is not valid UTF-8 text"
    assert problem.line == 3


def test_byte_order_mark_is_accepted() -> None:
    text = 'name = "R"\n[[exercises]]\nname = "A"\nhold = 5\n'
    plain = parse_routine(text)
    assert parse_routine(b"\xef\xbb\xbf" + text.encode()) == plain
    assert parse_routine("\ufeff" + text) == plain


def test_byte_order_mark_keeps_line_numbers() -> None:
    text = 'name = "R"\n[[exercises]]\nname = "A"\nhold = 0\n'
    problem = only_problem(b"\xef\xbb\xbf" + text.encode())
    assert problem.line == 4


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_bytes(b"")
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    assert info.value.source == str(path)
    assert {p.path for p in info.value.problems} == {"name", "exercises"}


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(RoutineError) as info:
        load_routine(folder)
    assert [p.message for p in info.value.problems] == ["is a directory, not a routine file"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as info:
        load_routine(tmp_path / "nope.toml")
    assert [p.message for p in info.value.problems] == ["no such file"]
    assert str(tmp_path / "nope.toml") in str(info.value)


def test_file_over_one_megabyte(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"# " + b"x" * 1_000_000 + b'\nname = "R"\n')
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    (problem,) = info.value.problems
    assert "1,000,014 bytes" in problem.message
    assert "at most 1 MB" in problem.message


def test_not_a_file_at_all(tmp_path: Path) -> None:
    with pytest.raises(RoutineError):
        load_routine(tmp_path / "missing-folder" / "r.toml")


def test_path_with_nul_byte(tmp_path: Path) -> None:
    with pytest.raises(RoutineError):
        load_routine(tmp_path / "bad\x00name.toml")


def test_load_sets_id_source_and_path(tmp_path: Path) -> None:
    path = tmp_path / "Hill Repeats.toml"
    path.write_text(one_exercise("hold = 5"), encoding="utf-8")
    routine = load_routine(path, source="user")
    assert (routine.id, routine.source, routine.path) == ("hill-repeats", "user", path)


def test_slugify() -> None:
    assert slugify("Hill Repeats") == "hill-repeats"
    assert slugify("  Runner's  leg_day!! ") == "runner-s-leg-day"
    assert slugify("???") == "routine"


# --------------------------------------------------------------------------- defaults


def test_effective_value_is_own_or_default() -> None:
    routine = parse_routine(
        one_exercise(
            "reps = 5\nrest_after = 0\nper_side = true",
            head="[defaults]\nrest_after = 45\nswitch = 8\nprepare = 3\n",
        )
    )
    exercise = routine.exercises[0]
    defaults = routine.defaults
    assert effective(exercise, defaults, "rest_after") == 0  # own value, even when 0
    assert effective(exercise, defaults, "switch") == 8  # from [defaults]
    assert effective(exercise, defaults, "prepare") == 3
    assert effective(exercise, defaults, "rest_between_sets") == 30  # built-in default


def test_estimated_rep_seconds() -> None:
    assert estimated_rep_seconds(Exercise("a", Kind.REPS, 10)) == 3
    assert estimated_rep_seconds(Exercise("a", Kind.REPS, 10, rep_seconds=5)) == 5
    tempo = Tempo((("up", 2), ("down", 3)))
    assert estimated_rep_seconds(Exercise("a", Kind.REPS, 10, tempo=tempo)) == 5


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("path", BUILT_INS, ids=lambda p: p.stem)
def test_built_in_round_trip(path: Path) -> None:
    routine = load_routine(path)
    text = dump_routine(routine)
    again = parse_routine(text)
    assert again == routine
    assert dump_routine(again) == text


def _headers(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("[")]


@pytest.mark.parametrize("path", BUILT_INS, ids=lambda p: p.stem)
def test_dumped_built_in_has_the_file_layout(path: Path) -> None:
    routine = load_routine(path)
    text = dump_routine(routine)
    lines = text.splitlines()
    # Top-level keys first, in a fixed order, before any table header.
    first_header = next(i for i, line in enumerate(lines) if line.startswith("["))
    top_keys = [line.split(" = ")[0] for line in lines[:first_header] if " = " in line]
    assert top_keys == [k for k in ("format", "name", "description", "tags") if k in top_keys]
    assert top_keys[:2] == ["format", "name"]
    headers = _headers(text)
    assert headers[0] == "[defaults]"
    entry = "[[exercises]]" if routine.plain else "[[blocks.exercises]]"
    assert headers.count(entry) == len(routine.exercises)
    if not routine.plain:
        assert headers.count("[[blocks]]") == len(routine.blocks)
        assert "[[exercises]]" not in headers
    # No inline exercise tables, no tempo sub-tables, no multi-line arrays.
    assert "exercises = [" not in text and "blocks = [" not in text
    assert ".tempo]" not in text
    assert not any(line.rstrip().endswith("[") for line in lines)
    tempo_lines = [line for line in lines if line.startswith("tempo = ")]
    assert len(tempo_lines) == sum(ex.tempo is not None for ex in routine.exercises)
    assert all(line.startswith("tempo = { ") and line.endswith(" }") for line in tempo_lines)
    for line in lines:
        if line.startswith(("muscles = ", "tags = ")):
            assert line.endswith("]")


def test_dump_keeps_the_exercise_key_order() -> None:
    exercise = Exercise(
        "Split squat",
        Kind.REPS,
        8,
        sets=2,
        per_side=True,
        tempo=Tempo((("down", 3), ("up", 1))),
        switch=4,
        rest_between_sets=20,
        rest_after=40,
        prepare=5,
        cue="Tall chest.",
        muscles=("quads", "glutes"),
    )
    routine = Routine(name="R", tags=("x",), blocks=(Block(exercises=(exercise,)),))
    assert dump_routine(routine) == (
        "format = 1\n"
        'name = "R"\n'
        'tags = ["x"]\n'
        "\n"
        "[defaults]\n"
        "prepare = 10\n"
        "rest_between_sets = 30\n"
        "rest_after = 60\n"
        "switch = 5\n"
        "rest_between_rounds = 60\n"
        "\n"
        "[[exercises]]\n"
        'name = "Split squat"\n'
        "reps = 8\n"
        "tempo = { down = 3, up = 1 }\n"
        "sets = 2\n"
        "per_side = true\n"
        "switch = 4\n"
        "rest_between_sets = 20\n"
        "rest_after = 40\n"
        "prepare = 5\n"
        'cue = "Tall chest."\n'
        'muscles = ["quads", "glutes"]\n'
    )
    assert parse_routine(dump_routine(routine)) == routine


def test_dump_of_blocks_puts_each_blocks_keys_before_its_exercises() -> None:
    one = Block(exercises=(Exercise("A", Kind.HOLD, 5),), name="Warm-up")
    two = Block(
        exercises=(Exercise("B", Kind.WORK, 30), Exercise("C", Kind.REPS, 4)),
        name="Circuit",
        rounds=3,
        rest_between_rounds=45,
    )
    routine = Routine(name="R", blocks=(one, two), plain=False)
    text = dump_routine(routine)
    assert _headers(text) == [
        "[defaults]",
        "[[blocks]]",
        "[[blocks.exercises]]",
        "[[blocks]]",
        "[[blocks.exercises]]",
        "[[blocks.exercises]]",
    ]
    assert '[[blocks]]\nname = "Circuit"\nrounds = 3\nrest_between_rounds = 45\n' in text
    assert parse_routine(text) == routine


def test_dump_escapes_awkward_text_in_every_position() -> None:
    routine = Routine(
        name='Say "hi" # not a comment',
        description="Line one\nline two with \"\"\" and ''' and \\\nünïcödé ✓ 💪",
        tags=('quo"te', "#hash", "a, b", "]", "ünï"),
        blocks=(
            Block(
                exercises=(
                    Exercise(
                        'Kick "it" # now',
                        Kind.REPS,
                        5,
                        tempo=Tempo((("up", 1),)),
                        cue='One\n"two" # three\n\ttab',
                        muscles=('a "b"', "c#d", "e = f"),
                    ),
                ),
                name="[[exercises]]",
            ),
        ),
        plain=False,
    )
    text = dump_routine(routine)
    assert parse_routine(text) == routine
    assert _headers(text) == ["[defaults]", "[[blocks]]", "[[blocks.exercises]]"]
    assert 'description = """' in text  # a multi-line text stays readable


def _bounded(key: str) -> st.SearchStrategy[int]:
    low, high, _ = LIMITS[key]
    return st.integers(low, high)


def _optional(key: str) -> st.SearchStrategy[int | None]:
    return st.none() | _bounded(key)


# Control characters and bidi overrides are refused (test_text_safety_in_routines.py);
# a name is one line, other text may hold line breaks and tabs.
_CHARS = st.characters(exclude_categories=["Cs", "Cc"], exclude_characters=BIDI_CONTROLS)
# A loaded text never holds "\r\n" (the loader keeps lines as \n): see
# test_crlf_inside_a_text_round_trips.
_names = st.text(_CHARS, min_size=1, max_size=MAX_NAME).filter(
    lambda s: s == s.strip() != "" and "\r\n" not in s
)
_texts = st.text(_CHARS | st.sampled_from("\n\t"), max_size=200).filter(lambda s: "\r\n" not in s)
_words = st.lists(_names, max_size=4).map(tuple)
_tempos = (
    st.lists(st.sampled_from(TEMPO_PHASES), min_size=1, max_size=4, unique=True)
    .flatmap(
        lambda phases: st.tuples(
            *(st.tuples(st.just(p), _bounded("tempo").filter(bool)) for p in phases)
        )
    )
    .map(Tempo)
)


@st.composite
def exercises(draw: st.DrawFn) -> Exercise:
    kind = draw(st.sampled_from(Kind))
    tempo = rep_seconds = None
    if kind is Kind.REPS:
        tempo = draw(st.none() | _tempos)
        if tempo is None:
            rep_seconds = draw(_optional("rep_seconds"))
    per_side = draw(st.booleans())
    return Exercise(
        name=draw(_names),
        kind=kind,
        target=draw(_bounded(kind.value)),
        sets=draw(_bounded("sets")),
        per_side=per_side,
        tempo=tempo,
        rep_seconds=rep_seconds,
        rest_between_sets=draw(_optional("rest_between_sets")),
        rest_after=draw(_optional("rest_after")),
        switch=draw(_optional("switch")) if per_side else None,
        prepare=draw(_optional("prepare")),
        cue=draw(_texts),
        muscles=draw(_words),
    )


_exercise_lists = st.lists(exercises(), min_size=1, max_size=4).map(tuple)

_blocks = st.builds(
    Block,
    exercises=_exercise_lists,
    name=st.just("") | _names,
    rounds=_bounded("rounds"),
    rest_between_rounds=_optional("rest_between_rounds"),
    rest_after=_optional("rest_after"),
)

_defaults = st.builds(
    Defaults,
    prepare=_bounded("prepare"),
    rest_between_sets=_bounded("rest_between_sets"),
    rest_after=_bounded("rest_after"),
    switch=_bounded("switch"),
    rest_between_rounds=_bounded("rest_between_rounds"),
)


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    plain = draw(st.booleans())
    if plain:
        blocks: tuple[Block, ...] = (Block(exercises=draw(_exercise_lists)),)
    else:
        blocks = tuple(draw(st.lists(_blocks, min_size=1, max_size=3)))
    return Routine(
        name=draw(_names),
        blocks=blocks,
        description=draw(_texts),
        tags=draw(_words),
        defaults=draw(_defaults),
        plain=plain,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_round_trip_of_generated_routines(routine: Routine) -> None:
    assert parse_routine(dump_routine(routine)) == routine


def test_round_trip_of_awkward_text() -> None:
    awkward = "quote \" apostrophe ' backslash \\ tab \t lf \n triple \"\"\" ''' end\\"
    routine = Routine(
        name='Odd: "#" [x] = y',
        description=awkward + "\nsecond line\n",
        tags=("a=b", "#c"),
        blocks=(Block(exercises=(Exercise("E", Kind.HOLD, 5, cue=awkward + " \u200d"),)),),
    )
    assert parse_routine(dump_routine(routine)) == routine


def test_save_routine_is_atomic_and_loads_back(tmp_path: Path) -> None:
    routine = load_routine(paths.builtin_routines_dir() / "lower-body-extras.toml")
    target = tmp_path / "new" / "folder" / "mine.toml"
    save_routine(routine, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.toml"]
    loaded = load_routine(target)
    assert loaded == routine
    assert loaded.id == "mine"

    changed = Routine(name="Changed", blocks=routine.blocks[:1], plain=False)
    save_routine(changed, target)  # overwrites in place
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.toml"]
    assert load_routine(target) == changed


def test_crlf_inside_a_text_round_trips() -> None:
    routine = parse_routine(one_exercise('hold = 5\ncue = "Breathe in.\\r\\nBreathe out."'))
    assert routine.exercises[0].cue == "Breathe in.\nBreathe out."
    assert parse_routine(dump_routine(routine)) == routine


def test_rest_after_the_last_exercise_of_a_block_is_a_warning_not_an_error() -> None:
    from legtimer.core.routines import parse_routine, routine_warnings

    text = """
name = "Circuit"
[[blocks]]
rounds = 3
[[blocks.exercises]]
name = "Squats"
reps = 10
rest_after = 15
[[blocks.exercises]]
name = "Lunges"
reps = 10
rest_after = 20
"""
    routine = parse_routine(text)
    warnings = routine_warnings(routine)
    assert [w.path for w in warnings] == ["blocks[1].exercises[2].rest_after"]
    assert warnings[0].warning
    assert (
        warnings[0].render().startswith("warning: blocks[1].exercises[2].rest_after: has no effect")
    )
