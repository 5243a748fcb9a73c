"""The routine validator refuses text that could steer a terminal, naming the field and line."""

from __future__ import annotations

import pytest

from legtimer.core.routines import Problem, RoutineError, parse_routine, validate_document

BASE = """\
name = "Legs"
description = "Strong legs"
tags = ["legs"]

[[blocks]]
name = "Warm-up"

[[blocks.exercises]]
name = "Squats [beginner] 👨‍👩‍👧"
reps = 10
cue = "Slowly.\\n\\tKnees out."
muscles = ["quads"]
"""


def problems(text: str) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, source_name="legs.toml")
    return caught.value.problems


def test_brackets_emoji_line_breaks_and_tabs_in_text_are_fine() -> None:
    routine = parse_routine(BASE)
    assert routine.exercises[0].name == "Squats [beginner] 👨‍👩‍👧"
    assert routine.exercises[0].cue == "Slowly.\n\tKnees out."


@pytest.mark.parametrize(
    ("old", "new", "path", "line", "found"),
    [
        ('"Legs"', '"Legs \\u001b]0;TITLE\\u0007"', "name", 1, "ESC (escape) \\x1b at character 6"),
        ('"Strong legs"', '"\\u001b[2J"', "description", 2, "ESC (escape) \\x1b at character 1"),
        ('["legs"]', '["le\\u202egs"]', "tags[1]", 3, "RIGHT-TO-LEFT OVERRIDE \\u202e"),
        ('"Warm-up"', '"Warm\\u0000up"', "blocks[1].name", 6, "NUL \\x00 at character 5"),
        ('"Slowly.', '"\\u009b31m', "blocks[1].exercises[1].cue", 11, "\\x9b at character 1"),
        ('"Slowly.', '"Back\\rspace', "blocks[1].exercises[1].cue", 11, "CR (carriage return)"),
        (
            '"Squats [beginner] 👨‍👩‍👧"',
            '"Two\\nlines"',
            "blocks[1].exercises[1].name",
            9,
            "a line break \\x0a at character 4",
        ),
        (
            '["quads"]',
            '["\\u2066quads\\u2069"]',
            "blocks[1].exercises[1].muscles[1]",
            12,
            "\\u2066",
        ),
    ],
)
def test_control_characters_are_refused_with_field_line_and_what(
    old: str, new: str, path: str, line: int, found: str
) -> None:
    assert BASE.count(old) == 1
    (problem,) = problems(BASE.replace(old, new))
    assert (problem.path, problem.line) == (path, line)
    assert problem.message.startswith("expected text without control characters, found ")
    assert found in problem.message
    assert f"legs.toml:{line}: {path}: expected text without control" in problem.render("legs.toml")


def test_every_such_problem_is_listed_and_the_builder_sees_the_same() -> None:
    document = {
        "name": "A\x1b",
        "description": "\x07",
        "exercises": [{"name": "B", "hold": 5, "cue": "\u202e"}],
    }
    routine, found = validate_document(document)
    assert routine is None
    assert [p.path for p in found] == ["name", "description", "exercises[1].cue"]


def test_a_huge_number_is_reported_in_words() -> None:
    (problem,) = problems("name = 'x'\nformat = " + "1" * 5000 + "\n")
    assert "set_int_max_str_digits" not in problem.message
    assert "thousands of digits" in problem.message
