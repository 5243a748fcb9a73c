"""Fields a kind or per-side change takes out of an exercise, given back on changing back."""

from __future__ import annotations

from legtimer.core.routines import draft
from legtimer.core.routines.draft import Draft, Ref, StructureEdit
from legtimer.core.routines.set_aside import SetAside


def routine(*exercises: dict[str, object]) -> Draft:
    document = draft.new_draft()
    document["exercises"] = [dict(exercise) for exercise in exercises]
    return document


SQUATS = {"name": "Squats", "reps": 8, "tempo": {"down": 3, "up": 1}, "rep_seconds": 4}
LUNGES = {"name": "Lunges", "reps": 8, "per_side": True, "switch": 3}


def test_hold_takes_out_the_tempo_and_reps_gives_it_back() -> None:
    document = routine(SQUATS)
    ref = Ref("exercise", None, 0)
    aside = SetAside()
    assert aside.change_kind(document, ref, "hold")
    assert document["exercises"][0] == {"name": "Squats", "hold": 8}
    assert aside.held(ref) == {"tempo": {"down": 3, "up": 1}, "rep_seconds": 4}
    assert aside.change_kind(document, ref, "work")  # still set aside
    assert aside.change_kind(document, ref, "reps")
    assert document["exercises"][0] == SQUATS
    assert aside.held(ref) == {}


def test_the_same_kind_or_side_changes_nothing() -> None:
    document = routine(SQUATS, LUNGES)
    aside = SetAside()
    assert not aside.change_kind(document, Ref("exercise", None, 0), "reps")
    assert not aside.change_per_side(document, Ref("exercise", None, 1), True)
    assert document["exercises"] == [SQUATS, LUNGES]


def test_per_side_off_takes_out_the_switch_and_on_gives_it_back() -> None:
    document = routine(LUNGES)
    ref = Ref("exercise", None, 0)
    aside = SetAside()
    assert aside.change_per_side(document, ref, False)
    assert document["exercises"][0] == {"name": "Lunges", "reps": 8}
    assert aside.change_per_side(document, ref, True)
    assert document["exercises"][0] == LUNGES


def test_what_was_set_aside_follows_its_exercise_through_structure_edits() -> None:
    document = routine(SQUATS, LUNGES)
    aside = SetAside()
    aside.change_kind(document, Ref("exercise", None, 0), "hold")
    aside.change_per_side(document, Ref("exercise", None, 1), False)
    # Squats moves below Lunges: what it set aside moves with it.
    with aside.follow(document):
        moved = draft.edit_structure(document, Ref("exercise", None, 0), StructureEdit.MOVE_DOWN)
    assert moved == Ref("exercise", None, 1)
    assert aside.held(Ref("exercise", None, 1)) == {"tempo": {"down": 3, "up": 1}, "rep_seconds": 4}
    assert aside.held(Ref("exercise", None, 0)) == {"switch": 3}
    # A new exercise above both shifts them down; a copy sets nothing aside.
    with aside.follow(document):
        draft.edit_structure(document, draft.ROUTINE, StructureEdit.ADD_BLOCK)
    with aside.follow(document):
        draft.edit_structure(document, Ref("exercise", 0, 1), StructureEdit.DUPLICATE)
    assert aside.held(Ref("exercise", 0, 0)) == {"switch": 3}
    assert aside.held(Ref("exercise", 0, 1)) == {"tempo": {"down": 3, "up": 1}, "rep_seconds": 4}
    assert aside.held(Ref("exercise", 0, 2)) == {}
    # Removing an exercise forgets what it set aside, and only that.
    with aside.follow(document):
        draft.edit_structure(document, Ref("exercise", 0, 0), StructureEdit.REMOVE)
    assert aside.held(Ref("exercise", 0, 0)) == {"tempo": {"down": 3, "up": 1}, "rep_seconds": 4}
    assert aside.change_kind(document, Ref("exercise", 0, 0), "reps")
    assert document["blocks"][0]["exercises"][0]["tempo"] == {"down": 3, "up": 1}


def test_a_new_exercise_never_gets_what_a_removed_one_set_aside() -> None:
    document = routine(SQUATS)
    ref = Ref("exercise", None, 0)
    aside = SetAside()
    aside.change_kind(document, ref, "hold")
    with aside.follow(document):
        draft.edit_structure(document, ref, StructureEdit.REMOVE)
    with aside.follow(document):
        added = draft.edit_structure(document, draft.ROUTINE, StructureEdit.ADD_EXERCISE)
    assert added == ref
    assert aside.held(ref) == {}
    aside.change_kind(document, ref, "hold")
    aside.change_kind(document, ref, "reps")
    assert "tempo" not in document["exercises"][0]


def test_clear_forgets_everything() -> None:
    document = routine(SQUATS)
    ref = Ref("exercise", None, 0)
    aside = SetAside()
    aside.change_kind(document, ref, "hold")
    aside.clear()
    assert aside.held(ref) == {}
