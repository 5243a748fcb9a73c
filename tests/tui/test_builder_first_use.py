"""The builder as a newcomer meets it: fields that apply, warnings, quiet until touched."""

from __future__ import annotations

from pathlib import Path

from legtimer.core.routines import Block, Exercise, Kind, Routine
from tests.tui.test_tui_builder import SIZE, builder, error_at, fill, make_app, settle


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
