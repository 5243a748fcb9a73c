"""Saving into the person's own routine file keeps its comments and layout."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from legtimer.core.routines import load_routine, parse_routine, save_routine
from legtimer.core.routines.toml_edit import edited_text

MINE = """\
# My morning legs: keep it short.
name = "Morning legs"

[[exercises]]
# Slow on the way down.
name = "Squats"
reps = 10   # more next week
sets = 2

[[exercises]]
name = "Plank"
hold = 30
"""


def test_an_edit_keeps_comments_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(MINE, "utf-8")
    routine = load_routine(path)
    squats, plank = routine.exercises
    changed = replace(
        routine,
        blocks=(replace(routine.blocks[0], exercises=(replace(squats, sets=3), plank)),),
    )
    save_routine(changed, path, keep_layout=True)
    text = path.read_text("utf-8")
    assert "# My morning legs: keep it short." in text
    assert "# Slow on the way down." in text
    assert "reps = 10   # more next week" in text
    assert "sets = 3" in text
    assert "[defaults]" not in text  # built-in defaults the file never wrote stay unwritten
    assert load_routine(path) == changed


def test_removed_and_added_exercises_and_a_new_default() -> None:
    routine = parse_routine(MINE)
    squats, _ = routine.exercises
    lunges = replace(squats, name="Lunges", sets=1)
    changed = replace(
        routine,
        defaults=replace(routine.defaults, prepare=5),
        blocks=(replace(routine.blocks[0], exercises=(squats, lunges)),),
    )
    text = edited_text(changed, MINE)
    assert "# Slow on the way down." in text
    assert "Plank" not in text
    assert parse_routine(text) == changed


def test_a_fresh_file_or_unreadable_text_gets_the_usual_layout(tmp_path: Path) -> None:
    routine = parse_routine(MINE)
    assert "#" not in edited_text(routine, "this is = = not toml")
    path = tmp_path / "new.toml"
    save_routine(routine, path, keep_layout=True)  # no file yet
    assert load_routine(path) == routine
