"""The builder's draft: edits on a plain TOML-ready dict, checked by the real validator."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from legtimer.core.routines import (
    Defaults,
    Kind,
    draft,
    dump_routine,
    load_routine,
    parse_routine,
    save_routine,
    validate_document,
)
from legtimer.core.routines.catalog import BUILT_IN, discover
from legtimer.core.routines.draft import ROUTINE, Ref, StructureEdit


def messages(document: dict[str, object]) -> dict[str, str]:
    _, problems = validate_document(document)
    return {problem.path: problem.message for problem in problems}


def named(document: draft.Draft, ref: Ref, name: str) -> None:
    draft.table_at(document, ref)["name"] = name


# --------------------------------------------------------------------------- typed text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("   ", None),
        ("12", 12),
        (" 12 ", 12),
        ("-3", -3),
        ("0", 0),
        ("30.0", 30.0),
        ("1.5", 1.5),
        ("abc", "abc"),
        ("12 reps", "12 reps"),
        ("nan", "nan"),
    ],
)
def test_parse_number_keeps_what_is_not_a_number(text: str, value: object) -> None:
    parsed = draft.parse_number(text)
    assert parsed == value
    assert type(parsed) is type(value)


def test_parse_words() -> None:
    assert draft.parse_words("") is None
    assert draft.parse_words(" quads, glutes ,, ") == ["quads", "glutes"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("up 2, hold 1, down 2", {"up": 2, "hold": 1, "down": 2}),
        ("down 3 pause 1 up 2", {"down": 3, "pause": 1, "up": 2}),
        ("{ up = 2, down = 2 }", {"up": 2, "down": 2}),
        ("up: 2; down: 2", {"up": 2, "down": 2}),
        ("UP 2", {"up": 2}),
        ("up x", {"up": "x"}),
        ("up", {"up": ""}),
        ("dwn 2", {"dwn": 2}),
        ("2 2 2", "2 2 2"),
        ("up 2 3", "up 2 3"),
    ],
)
def test_parse_tempo_keeps_the_order(text: str, value: object) -> None:
    parsed = draft.parse_tempo(text)
    assert parsed == value
    if isinstance(value, dict):
        assert isinstance(parsed, dict)
        assert list(parsed) == list(value)


def test_tempo_round_trips_through_its_text() -> None:
    tempo = {"down": 3, "pause": 1, "up": 2}
    text = draft.format_value(tempo)
    assert text == "down 3, pause 1, up 2"
    assert draft.parse_tempo(text) == tempo


def test_format_value() -> None:
    assert draft.format_value(None) == ""
    assert draft.format_value(["quads", "glutes"]) == "quads, glutes"
    assert draft.format_value(30) == "30"
    assert draft.format_value(True) == "true"


def test_unparsed_text_gets_the_validators_own_message() -> None:
    document = draft.new_draft()
    document["name"] = "X"
    document["exercises"].append({"name": "Squats", "reps": draft.parse_number("abc")})
    assert messages(document) == {
        "exercises[1].reps": (
            "expected a whole number of repetitions from 1 to 500, found the text 'abc'"
        )
    }
    document["exercises"][0]["reps"] = draft.parse_number("12.0")
    assert "(write it without the decimal point)" in messages(document)["exercises[1].reps"]
    document["exercises"][0]["reps"] = 12
    document["exercises"][0]["tempo"] = draft.parse_tempo("up 2, dwn 2")
    assert messages(document) == {
        "exercises[1].tempo.dwn": "unknown key 'dwn'; did you mean 'down'?"
    }


def test_an_emptied_amount_keeps_the_kind_and_gets_the_validators_message() -> None:
    assert draft.parse_amount("12") == 12
    assert draft.parse_amount("abc") == "abc"
    assert draft.parse_amount("") == ""
    assert draft.parse_amount("  ") == ""
    document = draft.new_draft()
    document["name"] = "X"
    for name, kind in (("Wall sit", "hold"), ("Lunges", "reps"), ("Climbers", "work")):
        document["exercises"].append(draft.new_exercise(kind) | {"name": name})
    exercise = document["exercises"][2]
    assert draft.set_value(exercise, "work", draft.parse_amount(""))
    assert draft.kind_of(exercise) == "work"
    assert messages(document) == {
        "exercises[3].work": ("expected a whole number of seconds from 1 to 7200, found empty text")
    }
    assert draft.set_value(exercise, "work", draft.parse_amount("5"))
    assert messages(document) == {}


def test_set_value() -> None:
    table: dict[str, object] = {"a": 1}
    assert not draft.set_value(table, "a", 1)
    assert draft.set_value(table, "a", 1.0)  # same value, different type: a change
    assert draft.set_value(table, "a", None)
    assert "a" not in table
    assert not draft.set_value(table, "a", None)


# --------------------------------------------------------------------------- structure


def test_new_draft_reports_what_is_missing() -> None:
    assert messages(draft.new_draft()) == {
        "name": "expected a name, found empty text",
        "exercises": "expected at least one entry in 'exercises', found an empty array",
    }


def test_build_a_plain_routine() -> None:
    document = draft.new_draft()
    document["name"] = "Legs"
    first = draft.add_exercise(document, ROUTINE)
    assert first == Ref("exercise", None, 0)
    named(document, first, "Squats")
    second = draft.add_exercise(document, first, kind="hold")
    named(document, second, "Plank")
    between = draft.add_exercise(document, first)
    named(document, between, "Lunges")
    assert [ex["name"] for ex in document["exercises"]] == ["Squats", "Lunges", "Plank"]
    routine, problems = validate_document(document)
    assert problems == []
    assert routine is not None
    assert routine.plain
    assert [ex.kind for ex in routine.exercises] == [Kind.REPS, Kind.REPS, Kind.HOLD]


def test_duplicate_delete_and_move_exercises() -> None:
    document = draft.new_draft()
    for name in "ABC":
        ref = draft.add_exercise(document, Ref("exercise", None, len(document["exercises"]) - 1))
        named(document, ref, name)

    def names() -> list[str]:
        return [ex["name"] for ex in document["exercises"]]

    assert names() == ["A", "B", "C"]
    copy = draft.duplicate(document, Ref("exercise", None, 0))
    assert copy == Ref("exercise", None, 1)
    assert names() == ["A", "A", "B", "C"]
    assert document["exercises"][0] is not document["exercises"][1]
    assert draft.move(document, Ref("exercise", None, 3), -1) == Ref("exercise", None, 2)
    assert names() == ["A", "A", "C", "B"]
    assert draft.move(document, Ref("exercise", None, 0), -1) == Ref("exercise", None, 0)
    assert draft.move(document, Ref("exercise", None, 3), 1) == Ref("exercise", None, 3)
    assert draft.delete(document, Ref("exercise", None, 3)) == Ref("exercise", None, 2)
    assert names() == ["A", "A", "C"]
    for _ in range(3):
        after = draft.delete(document, Ref("exercise", None, 0))
    assert after == ROUTINE
    assert document["exercises"] == []


def test_adding_a_block_turns_the_exercises_into_the_first_block() -> None:
    document = draft.new_draft()
    document["name"] = "Circuit"
    squat = draft.add_exercise(document, ROUTINE)
    named(document, squat, "Squats")
    block = draft.add_block(document, squat)
    assert block == Ref("block", 1)
    assert "exercises" not in document
    assert [len(b["exercises"]) for b in document["blocks"]] == [1, 1]
    document["blocks"][1]["rounds"] = 3
    named(document, Ref("exercise", 1, 0), "Kicks")
    routine, problems = validate_document(document)
    assert problems == []
    assert routine is not None
    assert not routine.plain
    assert [b.rounds for b in routine.blocks] == [1, 3]
    # Problem paths count blocks and exercises from 1.
    document["blocks"][1]["exercises"][0]["reps"] = 0
    assert messages(document) == {
        "blocks[2].exercises[1].reps": "expected repetitions from 1 to 500, found 0"
    }
    assert draft.owner_of("blocks[2].exercises[1].reps") == Ref("exercise", 1, 0)
    assert draft.item_path(Ref("exercise", 1, 0)) == "blocks[2].exercises[1]"


def test_exercises_move_across_blocks_and_blocks_move() -> None:
    document = draft.new_draft()
    draft.add_block(document, ROUTINE)
    draft.add_block(document, Ref("block", 0))
    named(document, Ref("exercise", 0, 0), "A")
    named(document, Ref("exercise", 1, 0), "B")
    document["blocks"][0]["name"] = "one"
    document["blocks"][1]["name"] = "two"
    moved = draft.move(document, Ref("exercise", 0, 0), 1)
    assert moved == Ref("exercise", 1, 0)
    assert [ex["name"] for ex in document["blocks"][1]["exercises"]] == ["A", "B"]
    assert document["blocks"][0]["exercises"] == []
    assert "blocks[1].exercises" in messages(document)
    assert draft.move(document, moved, -1) == Ref("exercise", 0, 0)
    assert draft.move(document, Ref("block", 1), -1) == Ref("block", 0)
    assert [b["name"] for b in document["blocks"]] == ["two", "one"]
    assert draft.duplicate(document, Ref("block", 0)) == Ref("block", 1)
    assert [b["name"] for b in document["blocks"]] == ["two", "two", "one"]


def test_deleting_down_to_one_bare_block_makes_the_routine_plain_again() -> None:
    document = draft.new_draft()
    document["name"] = "X"
    ref = draft.add_exercise(document, ROUTINE)
    named(document, ref, "A")
    draft.add_block(document, ref)
    named(document, Ref("exercise", 1, 0), "B")
    assert draft.delete(document, Ref("block", 1)) == ROUTINE
    assert "blocks" not in document
    assert [ex["name"] for ex in document["exercises"]] == ["A"]
    # A named block stays a block.
    draft.add_block(document, ROUTINE)
    document["blocks"][0]["name"] = "Warm-up"
    draft.delete(document, Ref("block", 1))
    assert "blocks" in document


def test_refs_follow_the_outline() -> None:
    document = draft.new_draft()
    draft.add_block(document, ROUTINE)
    draft.add_exercise(document, Ref("block", 0))
    assert draft.refs(document) == [
        ROUTINE,
        Ref("block", 0),
        Ref("exercise", 0, 0),
        Ref("exercise", 0, 1),
    ]


def test_set_kind_moves_the_amount_and_takes_out_reps_only_keys() -> None:
    exercise = {"name": "Squats", "reps": 10, "tempo": {"up": 2}, "sets": 3}
    removed = draft.set_kind(exercise, "hold")
    assert list(exercise) == ["name", "hold", "sets"]
    assert exercise["hold"] == 10
    assert removed == {"tempo": {"up": 2}}
    assert draft.set_kind(exercise, "hold") == {}
    assert draft.kind_of(exercise) == "hold"


def test_set_per_side_takes_out_switch() -> None:
    exercise: dict[str, object] = {"name": "Lunges", "reps": 8}
    draft.set_per_side(exercise, True)
    exercise["switch"] = 3
    assert messages({"name": "X", "exercises": [exercise]}) == {}
    assert draft.set_per_side(exercise, False) == {"switch": 3}
    assert exercise == {"name": "Lunges", "reps": 8}


def test_under() -> None:
    assert draft.under("exercises[1].tempo.up", "exercises[1].tempo")
    assert draft.under("tags[2]", "tags")
    assert draft.under("name", "name")
    assert not draft.under("names", "name")
    assert not draft.under("exercises[10].name", "exercises[1]")


def test_is_structured() -> None:
    assert draft.is_structured({"name": "x", "exercises": [{"reps": "q"}]})
    assert draft.is_structured({"blocks": [{"exercises": [{}]}]})
    assert not draft.is_structured({"name": "x"})
    assert not draft.is_structured({"exercises": "x"})
    assert not draft.is_structured({"exercises": [1]})
    assert not draft.is_structured({"blocks": [{"name": "x"}]})
    assert not draft.is_structured({"exercises": [], "blocks": []})
    assert not draft.is_structured({"exercises": [], "defaults": 3})


# --------------------------------------------------------------------------- round trips


def test_every_built_in_routine_round_trips_through_a_draft(tmp_path: Path) -> None:
    built_ins = [entry for entry in discover() if entry.source == BUILT_IN]
    assert len(built_ins) >= 7
    for entry in built_ins:
        assert entry.routine is not None
        document = draft.from_routine(entry.routine)
        routine, problems = validate_document(document)
        assert problems == []
        assert routine == entry.routine
        # The TOML of a draft parses back to the same routine too.
        assert parse_routine(draft.to_toml(document)) == entry.routine
        target = tmp_path / f"{entry.id}.toml"
        save_routine(routine, target)
        assert load_routine(target) == entry.routine


def test_a_copy_is_named_as_one() -> None:
    entry = next(entry for entry in discover() if entry.id == "strength")
    assert entry.routine is not None
    document = draft.from_routine(entry.routine, copy_of=True)
    assert document["name"] == "Strength (copy)"
    assert draft.copy_name("x" * 80) == "x" * 73 + " (copy)"
    assert len(draft.copy_name("x" * 80)) == 80


def test_a_draft_built_with_the_helpers_saves_and_loads_back_equal(tmp_path: Path) -> None:
    document = draft.new_draft()
    document["name"] = "  Hill legs "
    document["description"] = "Line one\nline two"
    document["tags"] = draft.parse_words("hills, legs")
    one = draft.add_exercise(document, ROUTINE)
    table = draft.table_at(document, one)
    table["name"] = "Calf raises"
    table["reps"] = draft.parse_number("12")
    table["tempo"] = draft.parse_tempo("up 2, hold 2, down 2")
    table["sets"] = draft.parse_number("2")
    two = draft.add_exercise(document, one)
    table = draft.table_at(document, two)
    table["name"] = "Lunges"
    draft.set_per_side(table, True)
    table["switch"] = 3
    table["muscles"] = ["quads"]
    block = draft.add_block(document, two)
    document["blocks"][block.block or 0].update(name="Circuit", rounds=3, rest_between_rounds=45)
    table = draft.table_at(document, Ref("exercise", block.block, 0))
    table["name"] = "Plank"
    draft.set_kind(table, "hold")
    table["cue"] = "Straight line."
    routine, problems = validate_document(document)
    assert problems == []
    assert routine is not None
    assert routine.name == "Hill legs"
    path = tmp_path / "hill-legs.toml"
    save_routine(routine, path)
    assert load_routine(path) == routine
    text = path.read_text(encoding="utf-8")
    assert text == dump_routine(routine)
    saved = tomllib.loads(text)
    assert list(saved)[:4] == ["format", "name", "description", "tags"]
    assert saved["blocks"][1]["rounds"] == 3


def test_defaults_of_takes_the_whole_numbers_and_built_ins_for_the_rest() -> None:
    assert draft.defaults_of({}) == Defaults()
    assert draft.defaults_of({"defaults": 5}) == Defaults()
    document = {"defaults": {"prepare": 3, "switch": "x", "rest_after": True, "bogus": 9}}
    assert draft.defaults_of(document) == Defaults(prepare=3)
    assert draft.defaults_of(draft.new_draft()) == Defaults()


@pytest.mark.parametrize(
    ("edit", "expected", "names"),
    [
        (StructureEdit.ADD_EXERCISE, Ref("exercise", None, 2), ["A", "B", "", "C"]),
        (StructureEdit.DUPLICATE, Ref("exercise", None, 2), ["A", "B", "B", "C"]),
        (StructureEdit.REMOVE, Ref("exercise", None, 1), ["A", "C"]),
        (StructureEdit.MOVE_UP, Ref("exercise", None, 0), ["B", "A", "C"]),
        (StructureEdit.MOVE_DOWN, Ref("exercise", None, 2), ["A", "C", "B"]),
    ],
)
def test_edit_structure_at_the_selected_exercise(
    edit: StructureEdit, expected: Ref, names: list[str]
) -> None:
    document = draft.new_draft()
    for name in "ABC":
        document["exercises"].append({"name": name, "reps": 5})
    assert draft.edit_structure(document, Ref("exercise", None, 1), edit) == expected
    assert [exercise["name"] for exercise in document["exercises"]] == names


def test_edit_structure_adds_a_block_and_stays_at_an_edge() -> None:
    document = draft.new_draft()
    document["exercises"].append({"name": "A", "reps": 5})
    first = Ref("exercise", None, 0)
    assert draft.edit_structure(document, first, StructureEdit.MOVE_UP) == first
    assert draft.edit_structure(document, first, StructureEdit.ADD_BLOCK) == Ref("block", 1)
    assert [len(block["exercises"]) for block in document["blocks"]] == [1, 1]


def test_the_draft_module_does_not_import_textual() -> None:
    code = "import sys, legtimer.core.routines.draft; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "False"


def test_new_stations_of_a_circuit_rest_briefly_between_them() -> None:
    document: dict[str, Any] = {
        "name": "C",
        "blocks": [{"rounds": 3, "exercises": [{"name": "Squats", "reps": 10}]}],
    }
    added = draft.add_exercise(document, Ref("exercise", 0, 0))
    stations = document["blocks"][0]["exercises"]
    assert added == Ref("exercise", 0, 1)
    # The new one is last: the rounds' rest follows it; the one before now rests 15 s.
    assert stations[0]["rest_after"] == draft.CIRCUIT_REST == 15
    assert "rest_after" not in stations[1]
    draft.add_exercise(document, Ref("exercise", 0, 0))  # in the middle
    assert [s.get("rest_after") for s in stations] == [15, 15, None]


def test_new_exercises_of_a_single_round_block_inherit_the_rest() -> None:
    document: dict[str, Any] = {"name": "C", "blocks": [{"exercises": [{"name": "S", "reps": 1}]}]}
    draft.add_exercise(document, Ref("exercise", 0, 0))
    assert all("rest_after" not in s for s in document["blocks"][0]["exercises"])
