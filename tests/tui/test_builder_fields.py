"""The builder's field specs: what each input edits, what a form shows, where problems go."""

from __future__ import annotations

from legtimer.core.routines import DEFAULT_KEYS, Defaults, draft, validate_document
from legtimer.core.routines.draft import ROUTINE, Draft, Ref
from legtimer.tui.widgets.builder import fields
from legtimer.tui.widgets.builder.fields import (
    BLOCK_FIELDS,
    DEFAULT_FIELDS,
    EXERCISE_FIELDS,
    EXERCISE_PROGRESSION,
    FORM_FIELDS,
    FormState,
)

FIRST = Ref("exercise", None, 0)


def spec(ident: str) -> fields.FieldSpec:
    return next(s for specs in FORM_FIELDS.values() for s in specs if s.ident == ident)


def one_exercise(**exercise: object) -> Draft:
    document = draft.new_draft()
    document["name"] = "Legs"
    document["exercises"].append({"name": "Squats", **exercise})
    return document


def test_the_defaults_fields_follow_the_default_keys() -> None:
    assert [s.default_of_routine for s in DEFAULT_FIELDS] == list(DEFAULT_KEYS)
    idents = [s.ident for specs in FORM_FIELDS.values() for s in specs]
    assert len(idents) == len(set(idents))
    assert spec("routine-defaults-rest_after").title == "After exercise"


def test_write_parses_the_text_into_the_right_place() -> None:
    document = one_exercise(reps=8)
    exercise = draft.table_at(document, FIRST)
    assert fields.write(exercise, spec("exercise-amount"), "12")
    assert exercise["reps"] == 12  # the amount's key is the kind
    assert fields.write(exercise, spec("exercise-tempo"), "up 2, down 2")
    assert exercise["tempo"] == {"up": 2, "down": 2}
    assert not fields.write(exercise, spec("exercise-tempo"), "up 2,down 2")  # the same
    assert fields.write(exercise, spec("exercise-sets"), "3")
    assert fields.write(exercise, spec("exercise-sets"), "")  # emptied: the key goes
    assert "sets" not in exercise
    del document["defaults"]
    assert fields.write(document, spec("routine-defaults-switch"), "7")
    assert document["defaults"] == {"switch": 7}


def test_showing_a_default_does_not_make_the_table() -> None:
    document = draft.new_draft()
    del document["defaults"]
    holder, key = fields.locate(spec("routine-defaults-prepare"), document)
    assert (holder, key) == ({}, "prepare")
    assert "defaults" not in document


def test_form_state_reads_the_draft() -> None:
    document = one_exercise(hold=30, per_side=True, muscles=["quads", "glutes"])
    state = fields.form_state(document, FIRST)
    assert state.ref == FIRST
    assert state.kind == "hold"
    assert state.per_side
    assert state.texts["exercise-amount"] == "30"
    assert state.texts["exercise-muscles"] == "quads, glutes"
    assert state.texts["exercise-tempo"] == ""
    assert state.hidden == {
        "exercise-tempo",
        "exercise-rep_seconds",
        "exercise-progression-load_step",  # no load to step
    }
    assert set(state.texts) == {s.ident for s in (*EXERCISE_FIELDS, *EXERCISE_PROGRESSION)}
    assert state.typed("exercise-name", "Lunges").texts["exercise-name"] == "Lunges"


def test_fields_that_do_not_apply_are_hidden_unless_set() -> None:
    reps = draft.table_at(one_exercise(reps=8), FIRST)
    assert fields.hidden_fields(FIRST, reps) == {
        "exercise-switch",
        "exercise-progression-load_step",
    }
    hold = draft.table_at(one_exercise(hold=8, tempo={"up": 2}, switch=3, load=10), FIRST)
    assert fields.hidden_fields(FIRST, hold) == {"exercise-rep_seconds"}
    paced = draft.table_at(one_exercise(reps=8, tempo={"up": 2}, load=10), FIRST)
    assert fields.hidden_fields(FIRST, paced) == {"exercise-switch", "exercise-rep_seconds"}
    assert fields.hidden_fields(ROUTINE, reps) == frozenset()


def test_problems_go_under_their_fields_and_the_rest_under_the_form() -> None:
    document = one_exercise(reps=0, tempo={"dwn": 2}, bogus=1)
    _, problems = validate_document(document)
    state = fields.form_state(document, FIRST)
    errors = fields.place_problems(document, FIRST, state.hidden, problems)
    assert errors.fields["exercise-amount"] == "expected repetitions from 1 to 500, found 0"
    assert "dwn" in errors.fields["exercise-tempo"]
    assert errors.rest.startswith("exercises[1].bogus:")
    # A hidden field claims nothing: its problem goes under the form.
    hidden = state.hidden | {"exercise-tempo"}
    errors = fields.place_problems(document, FIRST, hidden, problems)
    assert "exercise-tempo" not in errors.fields
    assert "dwn" in errors.rest
    # Another item's problems are not this one's.
    assert fields.place_problems(document, ROUTINE, frozenset(), problems).fields == {}


def test_field_for_finds_the_field_of_a_problem() -> None:
    document = one_exercise(reps=8)
    assert fields.field_for(document, FIRST, frozenset(), "exercises[1].reps") == (
        "exercise-amount"
    )
    assert fields.field_for(document, FIRST, frozenset(), "exercises[1].tempo.up") == (
        "exercise-tempo"
    )
    assert fields.field_for(document, ROUTINE, frozenset(), "defaults.switch") == (
        "routine-defaults-switch"
    )
    assert fields.field_for(document, FIRST, frozenset(), "exercises[1].bogus") is None
    assert fields.field_for(document, Ref("exercise", None, 5), frozenset(), "x") is None


def test_placeholders_name_what_an_empty_field_inherits() -> None:
    defaults = Defaults(rest_between_rounds=90)
    assert fields.placeholder(BLOCK_FIELDS[2], defaults) == "90 (default)"
    assert fields.placeholder(spec("routine-defaults-prepare"), defaults) == "10 (built-in)"
    assert fields.placeholder(spec("exercise-sets"), defaults) == "1"


def test_a_form_state_is_plain_data() -> None:
    assert FormState(FIRST) == FormState(FIRST, {}, frozenset(), "reps", False)
