"""The session screen with a history: today's targets, last time, the load, GET READY.

Each test runs on a fake clock over a real history file in `tmp_path`.
"""

from __future__ import annotations

from pathlib import Path

from legtimer.core.history import HistoryStore
from legtimer.core.routines import Routine, parse_routine
from legtimer.core.session import FakeClock
from legtimer.core.settings import Settings
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.session import SessionScreen
from tests.support.factories import recorded
from tests.support.tui import QUIET, Driver, make_app

SIZE = (100, 30)

LOADED = parse_routine(
    """
name = "Goblet"
[defaults]
prepare = 5
[[exercises]]
name = "Goblet squats"
reps = 8
load = 20
sets = 2
"""
)


def app_on(
    tmp_path: Path, routine: Routine, settings: Settings = QUIET
) -> tuple[LegTimerApp, FakeClock, HistoryStore]:
    """An app running a routine that is not in the catalogue."""
    clock, store = FakeClock(), HistoryStore.open(tmp_path / "h.sqlite3")
    app = LegTimerApp(clock=clock, store=store, settings=settings, routine=routine, start="run")
    return app, clock, store


def footer_shows(screen: SessionScreen, key: str) -> bool:
    active = screen.active_bindings.get(key)
    return active is not None and active.enabled and active.binding.show


async def test_the_routines_prepare_wins_over_the_get_ready_setting(tmp_path: Path) -> None:
    routine = parse_routine(
        'name = "R"\n[defaults]\nprepare = 3\n[[exercises]]\nname = "A"\nhold = 9\n'
    )
    app, clock, _ = app_on(tmp_path, routine, Settings(bell=False, flash=False, get_ready=10))
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert (d.read("#phase"), d.read("#clock")) == ("GET READY", "0:03")


async def test_the_setting_is_the_get_ready_of_a_routine_that_gives_none(tmp_path: Path) -> None:
    routine = parse_routine('name = "R"\n[[exercises]]\nname = "A"\nhold = 9\n')
    app, clock, _ = app_on(tmp_path, routine, Settings(bell=False, flash=False, get_ready=7))
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert d.read("#clock") == "0:07"


async def test_the_session_runs_todays_targets_and_shows_last_time(tmp_path: Path) -> None:
    """After a session done in full, the next one aims one rep higher, and says why."""
    app, clock, store = make_app(tmp_path, routine="stability")
    recorded(store, "stability")  # 3/3 sets each side at 8 reps, today
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert d.read("#phase") == "GET READY"
        assert d.read("#next-up") == "Next: Single-leg squats, left, set 1 of 3, 9 reps"
        assert d.read("#targets").splitlines() == [
            "Last: left 3 × 8 reps · right 3 × 8 reps",
            "Today: 9 reps (+1 after 3/3 sets each side at 8 reps today)",
        ]
        await d.finish_step()
        assert (d.read("#phase"), d.recorder.session.step.exercise.target) == ("REPS", 9)
        assert d.read("#targets").splitlines() == [
            "Last: 3 × 8 reps",
            "Today: 9 reps (+1 after 3/3 sets each side at 8 reps today)",
        ]
        # The estimate counts the extra reps: the same total as `legtimer show` prints.
        assert d.recorder.plan.steps[1].seconds == 9 * 6


async def test_a_first_session_shows_no_history_lines(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert d.read("#targets") == ""
        assert d.read("#next-up") == "Next: Single-leg squats, left, set 1 of 3, 8 reps"


async def test_the_load_is_shown_changed_with_brackets_and_recorded(tmp_path: Path) -> None:
    app, clock, _ = app_on(tmp_path, LOADED)
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert d.read("#targets") == "Load: 20 kg"
        assert not footer_shows(d.screen, "right_square_bracket")  # no set in progress yet
        await d.finish_step()
        assert footer_shows(d.screen, "right_square_bracket")
        assert footer_shows(d.screen, "left_square_bracket")
        await d.press("right_square_bracket", "right_square_bracket", "left_square_bracket")
        assert d.read("#targets") == "Load: 22.5 kg"
        await d.press("enter")  # set 1 done at 22.5 kg
        assert d.read("#phase") == "REST"
        assert d.read("#targets") == "Load: 20 kg"  # the next set starts from the plan
        session_id = d.recorder.session_id
    assert session_id is not None
    store = HistoryStore.open(tmp_path / "h.sqlite3")  # the app closed its own
    try:
        sets = [row for row in store.steps(session_id) if row.kind == "reps"]
    finally:
        store.close()
    assert [(row.load, row.target_load) for row in sets] == [(22.5, 20.0)]


async def test_no_load_keys_for_an_exercise_without_a_load(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.finish_step()
        assert d.read("#phase") == "REPS"
        assert not footer_shows(d.screen, "right_square_bracket")


async def test_the_palette_has_our_help_and_not_textuals_keys_panel(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(d.screen)]
        assert "Help" in titles and "Theme" in titles
        assert "Keys" not in titles


async def test_skipping_after_six_of_eight_reps_records_six(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="stability")  # 8 paced reps of 6 s
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.finish_step()
        await d.advance(6 * 6 + 1)
        assert d.read("#tempo").startswith("Rep 7 of 8") and d.read("#reps") == ""
        await d.press("n")
        assert d.recorder.done[1].outcome == "partial"
        assert d.recorder.done[1].reps == 6


async def test_enter_records_the_count_the_screen_shows(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.finish_step()
        await d.advance(7)  # rep 2 in progress
        await d.press("down")  # the person is one behind the pacer
        await d.advance(30)  # the clock says 6 done
        assert d.read("#tempo").startswith("Rep 6 of 8") and d.read("#reps") == ""
        await d.press("enter")
        assert (d.recorder.done[1].outcome, d.recorder.done[1].reps) == ("done", 5)


async def test_summary_effort_box_reads_properly_and_takes_the_focus_back(tmp_path: Path) -> None:
    from textual.widgets import Input

    from legtimer.tui.screens.summary import SummaryScreen

    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.advance(3)
        await d.press("q", "y")  # stop, and yes
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        effort = summary.query_one("#effort", Input)
        assert "e.g." not in effort.placeholder
        await d.press("1", "2", "enter", "x", "ctrl+s")
        assert app.screen is summary  # 12 is refused
        assert app.focused is effort
