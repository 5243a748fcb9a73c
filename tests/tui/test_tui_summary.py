"""The summary after a session: last time, personal bests, next time, the next move at a
max, Discard of an accidental start, and the effort box.

Each test runs on a fake clock over a real history file in `tmp_path`; what the
summary reads back from the history comes from a worker thread, waited for here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.plan import build_plan
from legtimer.core.routines import Routine, parse_routine
from legtimer.core.session import FakeClock
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.dialogs import ConfirmDialog
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.screens.summary import SummaryScreen
from tests.support.factories import recorded
from tests.support.tui import QUIET, Driver, make_app, text

SIZE = (100, 30)

# 0 GET READY 3 · 1 HOLD 35 s (today's target after 30 s in full) · the max
AT_MAX = parse_routine(
    """
name = "Plank test"
[defaults]
prepare = 3
[[exercises]]
name = "Plank"
hold = 30
progression = { step = 5, max = 35 }
"""
)
LONG_NAME = parse_routine(
    """
name = "Long names"
[defaults]
prepare = 3
[[exercises]]
name = "Back extension on a stability ball"
reps = 10
sets = 2
per_side = true
[[exercises]]
name = "Stability-ball mountain climbers"
work = 45
"""
)


def app_on(tmp_path: Path, routine: Routine) -> tuple[LegTimerApp, FakeClock, HistoryStore]:
    """An app running a routine that is not in the catalogue."""
    clock, store = FakeClock(), HistoryStore.open(tmp_path / "h.sqlite3")
    app = LegTimerApp(clock=clock, store=store, settings=QUIET, routine=routine, start="run")
    return app, clock, store


async def run_to_end(d: Driver) -> SummaryScreen:
    """Every step done as planned, then the summary with its history read."""
    await d.run_to(len(d.screen.session.plan.steps) - 1)
    if d.screen.session.timed():
        await d.finish_step()
    else:
        await d.press("enter")
    return await summary_ready(d)


async def summary_ready(d: Driver) -> SummaryScreen:
    screen = d.app.screen
    assert isinstance(screen, SummaryScreen), type(screen).__name__
    await d.app.workers.wait_for_complete()
    await d.pilot.pause()
    return screen


def rows(summary: SummaryScreen) -> dict[tuple[str, str], list[str]]:
    """The table's rows by exercise and side: the cells after them."""
    found = {}
    for line in text(summary, "#summary-table").splitlines()[2:]:
        cells = re.split(r"\s{2,}", line.strip())
        side = cells[1] if cells[1] in ("left", "right") else ""
        found[(cells[0], side)] = cells[2:] if side else cells[1:]
    return found


async def test_a_second_session_is_compared_with_last_time_and_marks_its_bests(
    tmp_path: Path,
) -> None:
    app, clock, store = make_app(tmp_path, routine="stability")
    recorded(store, "stability")  # 3 × 8 reps each side, 3 × 40 s: today's targets go up
    async with app.run_test(size=SIZE) as pilot:
        summary = await run_to_end(Driver(pilot, clock))
        table = text(summary, "#summary-table")
        assert table.splitlines()[0].split() == [
            "Exercise", "Side", "Sets", "Planned", "Done", "Last", "time",
        ]  # fmt: skip
        shown = rows(summary)
        # Done 3 × 9 reps (a best, ★) against last time's 3 × 8; the plank 3 × 45 s.
        assert shown[("Single-leg squats", "left")] == ["3/3", "27 reps", "27 reps ★", "24 reps"]
        assert shown[("Single-leg deadlifts", "right")] == [
            "3/3", "27 reps", "27 reps ★", "24 reps",
        ]  # fmt: skip
        assert shown[("Stability-ball plank", "")] == ["3/3", "2:15", "2:15 ★", "2:00"]
        after = text(summary, "#next-time")
        assert "New personal bests" in after
        assert "★ Single-leg squats (left): new best 9 reps (was 8 reps)" in after
        assert "★ Stability-ball plank: new best 45 s (was 40 s)" in after


async def test_next_time_is_shown_with_why(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        summary = await run_to_end(Driver(pilot, clock))  # a first session, in full
        after = text(summary, "#next-time").splitlines()
        assert after[0] == "Next time"
        assert re.sub(r"\s+", " ", after[1]) == (
            "Single-leg squats 9 reps (+1 after 3/3 sets each side at 8 reps today)"
        )
        assert re.sub(r"\s+", " ", after[3]) == (
            "Stability-ball plank 45 s (+5 after 3/3 sets at 40 s today)"
        )
        assert "best" not in text(summary, "#next-time")  # a first time beats nothing
        assert "★" not in text(summary, "#summary-table")


async def test_at_its_max_the_summary_says_so_and_suggests_the_next_move(tmp_path: Path) -> None:
    app, clock, store = app_on(tmp_path, AT_MAX)
    recorded(store, build_plan(AT_MAX))  # 30 s in full: today 35 s, the max
    async with app.run_test(size=SIZE) as pilot:
        summary = await run_to_end(Driver(pilot, clock))
        after = re.sub(r"\s+", " ", text(summary, "#next-time"))
        assert "Plank 35 s (max: 1/1 sets at 35 s today)" in after
        assert (
            "Plank is at its max of 35 s: try a harder variation, add a set, or raise 'max'"
        ) in after


async def test_an_accidental_start_can_be_discarded(tmp_path: Path) -> None:
    app, clock, store = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.advance(3)  # 3 s into the get-ready
        session_id = d.recorder.session_id
        assert session_id is not None
        await d.press("q", "y")
        summary = await summary_ready(d)
        assert summary.query_one("#discard-row").display
        assert app.focused is summary.query_one("#effort", Input)
        await d.press("ctrl+d")  # from inside the effort box
        assert isinstance(app.screen, ConfirmDialog)
        await d.press("n")  # keep it, after all
        assert app.screen is summary
        await pilot.click("#discard")
        assert isinstance(app.screen, ConfirmDialog)
        await d.press("y")
        assert isinstance(app.screen, HomeScreen)
        assert store.session(session_id) is None
        assert store.steps(session_id) == []
        notices = [n.message for n in app._notifications]
        assert notices == ["Session discarded: it is not in your history."]


async def test_a_session_with_a_set_done_offers_no_discard(tmp_path: Path) -> None:
    app, clock, store = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.run_to(1)
        await d.advance(10)  # set 1 in part
        session_id = d.recorder.session_id
        await d.press("q", "y")
        summary = await summary_ready(d)
        assert not summary.query_one("#discard-row").display
        await d.press("1", "ctrl+d", "5")  # Ctrl+D is the box's own: it deletes nothing
        assert summary.query_one("#effort", Input).value == "15"
        assert app.screen is summary
        assert session_id is not None and store.session(session_id) is not None


async def test_a_wrong_effort_keeps_the_focus_and_no_toast_follows_home(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.run_to(2)
        await d.press("q", "y")
        summary = await summary_ready(d)
        effort = summary.query_one("#effort", Input)
        assert effort.placeholder == "1 (easy) to 10 (max)"
        await d.press("1", "2", "enter")  # refused: Enter stays in the effort box
        assert app.focused is effort
        assert text(summary, "#effort-problem").startswith("Effort is rated from 1")
        await d.press("backspace", "enter", "o", "k")
        assert summary.query_one("#note", Input).value == "ok"
        await d.press("ctrl+s")
        assert isinstance(app.screen, HomeScreen)
        assert not app._notifications


async def test_the_table_fits_80_and_60_columns_with_numbers_whole(tmp_path: Path) -> None:
    for size in ((80, 24), (60, 20)):
        app, clock, store = app_on(tmp_path / f"{size[0]}", LONG_NAME)
        async with app.run_test(size=size) as pilot:
            summary = await run_to_end(Driver(pilot, clock))
            table = summary.query_one("#summary-table")
            assert table.region.right <= size[0], table.region
            lines = text(summary, "#summary-table").splitlines()
            assert max(len(line) for line in lines) <= table.size.width
            assert sum(line.count("20 reps") for line in lines) == 4  # planned and done
            assert "0:45" in text(summary, "#summary-table")
            title = summary.query_one("#summary-title")
            assert title.region.y >= 0 and title.region.bottom <= size[1]
            effort = summary.query_one("#effort", Input)
            assert effort.region.bottom <= size[1] and effort.region.right <= size[0]
        store.close()


async def test_a_history_that_cannot_be_read_back_leaves_the_summary_standing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_: object, **__: object) -> None:
        raise HistoryError("the history file is locked by another program")

    monkeypatch.setattr("legtimer.tui.screens.summary.after_session", locked)
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.run_to(2)
        await d.press("q", "y")
        summary = await summary_ready(d)
        assert text(summary, "#next-time") == (
            "Last and next time are not shown: the history file is locked by another program"
        )
        assert "Single-leg squats" in text(summary, "#summary-table")
