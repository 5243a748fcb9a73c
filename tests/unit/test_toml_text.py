"""Editing a draft as TOML text, and reading the edited text back."""

from __future__ import annotations

import tomllib

from legtimer.core.routines import draft, dump_routine, validate_document
from legtimer.core.routines.catalog import resolve
from legtimer.core.routines.toml_text import SHAPE_PROBLEM, editable_text, read_back


def test_a_valid_draft_is_written_as_the_writer_lays_it_out() -> None:
    routine = resolve("strength")
    document = draft.from_routine(routine)
    valid, problems = validate_document(document)
    assert problems == []
    assert editable_text(document, valid) == dump_routine(routine)


def test_an_invalid_draft_is_written_as_it_is() -> None:
    document = draft.new_draft()
    document["exercises"].append({"name": "", "reps": "abc"})
    text = editable_text(document, None)
    assert tomllib.loads(text) == document


def test_valid_text_reads_back_as_the_routines_draft() -> None:
    routine = resolve("stability")
    document, problems = read_back(dump_routine(routine), "stability.toml")
    assert problems == []
    assert document == draft.from_routine(routine)


def test_invalid_values_read_back_with_their_problems() -> None:
    text = 'format = 1\nname = "X"\n[[exercises]]\nname = "Squats"\nreps = 0\n'
    document, problems = read_back(text, "x.toml")
    assert document is not None
    assert document["exercises"] == [{"name": "Squats", "reps": 0}]
    assert [problem.path for problem in problems] == ["exercises[1].reps"]


def test_broken_toml_does_not_read_back() -> None:
    document, problems = read_back('name = "X', "x.toml")
    assert document is None
    assert problems and "invalid TOML" in problems[0].render("x.toml")


def test_a_shape_the_builder_cannot_show_does_not_read_back() -> None:
    document, problems = read_back('name = "X"\nexercises = "none"\n', "x.toml")
    assert document is None
    assert problems[-1].message == SHAPE_PROBLEM


def test_a_byte_order_mark_is_ignored() -> None:
    text = '\ufeffformat = 1\nname = "X"\n[[exercises]]\nname = "A"\nreps = 0\n'
    document, _ = read_back(text, "x.toml")
    assert document is not None and document["name"] == "X"
