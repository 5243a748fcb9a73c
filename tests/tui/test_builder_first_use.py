"""The builder as a newcomer meets it: fields that apply, warnings, quiet until touched."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from legtimer.core import paths
from legtimer.core.routines import Block, Exercise, Kind, Routine, load_routine
from legtimer.core.routines.catalog import resolve
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.widgets.home.routine_table import RoutineTable
from tests.tui.test_tui_builder import (
    SIZE,
    builder,
    error_at,
    fill,
    make_app,
    settle,
    user_file,
)


async def test_secs_per_rep_hides_while_a_tempo_paces_the_reps(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press(*"Calves", "ctrl+n", *"Calf raises")
        await settle(pilot)
        assert screen.query_one("#exercise-rep_seconds-field").display
        await fill(pilot, "#exercise-tempo", "up 2, down 2")
        assert not screen.query_one("#exercise-rep_seconds-field").display
        await fill(pilot, "#exercise-tempo", "")
        assert screen.query_one("#exercise-rep_seconds-field").display


async def test_a_rest_after_the_last_exercise_is_a_warning_that_still_saves(
    tmp_path: Path,
) -> None:
    routine = Routine(
        name="Last rest",
        blocks=(Block((Exercise("Squats", Kind.REPS, 10, rest_after=30),)),),
    )
    async with make_app(tmp_path, routine, start="edit").run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert error_at(pilot, "exercise-rest_after").startswith("warning: has no effect")
        assert screen.problems == []
        assert screen.valid is not None


async def test_saving_a_persons_file_keeps_its_comments(tmp_path: Path) -> None:
    path = user_file("mine")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '# Mine, written by hand.\nname = "Mine"\n\n[[exercises]]\n'
        'name = "Squats"  # slow\nreps = 10\n',
        "utf-8",
    )
    routine = load_routine(path, source="user")
    async with make_app(tmp_path, routine, start="edit").run_test(size=SIZE) as pilot:
        await fill(pilot, "#routine-name", "Mine too")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    text = path.read_text("utf-8")
    assert text.startswith('# Mine, written by hand.\nname = "Mine too"')
    assert 'name = "Squats"  # slow' in text


# --------------------------------------------------------------------------- files with problems

BAD_VALUES = 'name = "Mine"\n\n[[exercises]]\nname = "Squats"\nreps = 0\n'


async def test_ctrl_e_on_home_opens_a_file_with_problems_at_its_fields(tmp_path: Path) -> None:
    path = user_file("mine")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BAD_VALUES, "utf-8")
    async with make_app(tmp_path, start="home").run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        home.select_routine(path)
        home.query_one(RoutineTable).focus()
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = builder(pilot)
        await settle(pilot)
        assert screen.file.destination.own == path
        assert [p.path for p in screen.problems] == ["exercises[1].reps"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert error_at(pilot, "exercise-amount") == "expected repetitions from 1 to 500, found 0"
        await fill(pilot, "#exercise-amount", "8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    assert load_routine(path).exercises[0].target == 8


FIXER = """\
import sys
from pathlib import Path
path = Path(sys.argv[1])
text = path.read_text("utf-8")
Path(SEEN).write_text(text, "utf-8")
path.write_text(text.replace("reps = = 8", "reps = 8"), "utf-8")
"""


async def test_a_file_that_is_not_toml_opens_in_the_editor_with_its_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = user_file("mine")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('name = "Mine"\n[[exercises]]\nname = "Squats"\nreps = = 8\n', "utf-8")
    seen = tmp_path / "seen.toml"
    script = tmp_path / "fixer.py"
    script.write_text(f"SEEN = {str(seen)!r}\n" + FIXER, "utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    app = make_app(tmp_path, start="edit")
    app.start_broken = path
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        screen = builder(pilot)
        await settle(pilot)
        assert seen.read_text("utf-8").startswith("# legtimer cannot use mine.toml yet.")
        assert "invalid TOML" in seen.read_text("utf-8").splitlines()[1]
        assert screen.problems == []
        assert screen.draft["exercises"][0]["reps"] == 8
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    assert load_routine(path).exercises[0].target == 8


# --------------------------------------------------------------------------- progression and load


async def test_progression_and_load_are_edited_with_live_validation(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press(*"Calves", "ctrl+n", *"Calf raises")
        await fill(pilot, "#exercise-amount", "12")
        assert not screen.query_one("#exercise-progression-load_step-field").display
        await fill(pilot, "#exercise-progression-step", "2")
        await fill(pilot, "#exercise-progression-max", "10")
        assert error_at(pilot, "exercise-progression-max") == (
            "expected at least the exercise's target of 12 reps, found 10"
        )
        await fill(pilot, "#exercise-progression-max", "20")
        assert error_at(pilot, "exercise-progression-max") == ""
        await fill(pilot, "#exercise-load", "heavy")
        assert error_at(pilot, "exercise-load").startswith("expected a load from 0 to")
        await fill(pilot, "#exercise-load", "12.5")
        assert screen.query_one("#exercise-progression-load_step-field").display
        await fill(pilot, "#exercise-progression-load_step", "2.5")
        assert screen.problems == []
        exercise = screen.draft["exercises"][0]
        assert exercise["load"] == 12.5
        assert exercise["progression"] == {"step": 2, "max": 20, "load_step": 2.5}
        for field in ("step", "max", "load_step"):
            await fill(pilot, f"#exercise-progression-{field}", "")
        assert "progression" not in screen.draft["exercises"][0]  # no empty table left


async def test_a_routine_wide_progression_is_a_default(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press(*"Holds")
        await fill(pilot, "#routine-defaults-progression-step", "5")
        await fill(pilot, "#routine-defaults-progression-max", "90")
        assert screen.draft["defaults"]["progression"] == {"step": 5, "max": 90}
        assert error_at(pilot, "routine-defaults-progression-step") == ""
        await fill(pilot, "#routine-defaults-progression-step", "0")
        assert error_at(pilot, "routine-defaults-progression-step") != ""


# --------------------------------------------------------------------------- 80x24


def test_snapshot_new_routine_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    """A new routine at the size most terminals open at: no red before anything is typed."""
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24))


def test_snapshot_built_in_at_80x24(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, "/tmp/legtimer-snapshot/data")
    app = make_app(tmp_path, resolve("strength"), start="edit")

    async def select_exercise(pilot: Pilot[None]) -> None:
        await pilot.press("down", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=select_exercise)
