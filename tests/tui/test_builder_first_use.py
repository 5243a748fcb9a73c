"""The builder as a newcomer meets it: fields that apply, warnings, quiet until touched."""

from __future__ import annotations

from pathlib import Path

from legtimer.core.routines import Block, Exercise, Kind, Routine, load_routine
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
