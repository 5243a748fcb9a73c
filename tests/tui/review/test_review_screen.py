"""The review screen as a whole: how it opens, empty and missing histories, small
terminals, ten years of sessions, its keys, and its snapshots."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from legtimer.core.history import HistoryStore
from legtimer.core.queries.periods import Period, Span
from legtimer.core.queries.sessions import count_sessions
from legtimer.core.queries.stats import totals
from legtimer.core.session import FakeClock
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.dialogs import HelpScreen
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.screens.session_detail import SessionDetailScreen
from tests.support.review import (
    copy_store,
    label_text,
    make_app,
    open_review,
    row_ids,
    view,
    widget_text,
)
from tests.support.tui import QUIET

# ------------------------------------------------------------------ entry points and edges


async def test_home_key_ctrl_r_and_start_review(three_years: Path, tmp_path: Path) -> None:
    async with make_app(copy_store(three_years, tmp_path)).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, ReviewScreen)
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    app = LegTimerApp(clock=FakeClock(), store=store, settings=QUIET, start="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_empty_history(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "empty.sqlite3")
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert "No sessions yet" in widget_text(screen.query_one("#sessions-empty"))
        assert "Page 1 of 1 · 0 sessions" in label_text(screen)
        await pilot.press("enter", "d", "s", "right_square_bracket", "2", "3", "m")
        await pilot.pause()
        assert "0 days trained" in widget_text(screen.query_one("#stats-heatmap"))
        assert "no personal bests" in widget_text(screen.query_one("#progress-chart"))
    store.close()


async def test_no_history_file() -> None:
    async with make_app(None).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert "could not be opened" in widget_text(screen.query_one("#sessions-empty"))
        await pilot.press("2", "3", "x", "1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_small_terminals(store: HistoryStore, size: tuple[int, int]) -> None:
    async with make_app(store).run_test(size=size) as pilot:
        screen = await open_review(pilot)
        await pilot.press("right_square_bracket", "s", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SessionDetailScreen)
        await pilot.press("down", "pagedown", "escape", "2")
        await pilot.pause()
        await pilot.press("pagedown", "3", "down", "m", "x")
        await pilot.pause()
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        await pilot.press("escape", "1", "f")
        await pilot.pause()
        await pilot.press("escape", "escape")
        assert pilot.app.screen is not screen


def test_many_years_open_fast(ten_years: Path, tmp_path: Path) -> None:
    """~3650 sessions: the first page, the stats and the bests are SQL aggregates.

    The queries themselves take milliseconds; the screen as a whole (Textual
    building its widgets included) opens within a couple of seconds even on a
    busy machine.
    """
    import asyncio

    store = copy_store(ten_years, tmp_path)
    assert count_sessions(store) >= 3600
    timings: dict[str, float] = {}

    async def run() -> None:
        async with make_app(store).run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            screen = await open_review(pilot)
            timings["open"] = time.perf_counter() - started
            assert len(row_ids(screen)) == 50
            for key, tab in (("2", "stats"), ("3", "progress")):
                started = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                timings[tab] = time.perf_counter() - started
            assert screen.stats.loaded and screen.progress.loaded
            # The queries alone, run again.
            for name, load in (
                ("page query", view(screen).load_page),
                ("stats queries", screen.stats.load),
                ("bests query", screen.progress.load),
            ):
                started = time.perf_counter()
                load()
                timings[name] = time.perf_counter() - started
            view(screen).filters.period = Period.YEAR
            started = time.perf_counter()
            view(screen).load_page()
            timings["filtered page query"] = time.perf_counter() - started

    asyncio.run(run())
    print("\n3650 sessions: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))
    for name in ("page query", "stats queries", "bests query", "filtered page query"):
        assert timings[name] < 0.5, name
    for name in ("open", "stats", "progress"):
        assert timings[name] < 2.5, name


def test_snapshot_time_is_utc() -> None:
    assert datetime(2026, 1, 1, 12, tzinfo=UTC).astimezone().hour == 12


# ------------------------------------------------------------------ snapshots


def test_snapshot_sessions(snap_compare: Any, small_store: HistoryStore) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await open_review(pilot)

    assert snap_compare(make_app(small_store), terminal_size=(100, 30), run_before=before)


def test_snapshot_session_detail(snap_compare: Any, small_store: HistoryStore) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await open_review(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()

    assert snap_compare(make_app(small_store), terminal_size=(100, 30), run_before=before)


def test_snapshot_stats(snap_compare: Any, small_store: HistoryStore) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await open_review(pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(make_app(small_store), terminal_size=(100, 30), run_before=before)


def test_snapshot_progress(snap_compare: Any, small_store: HistoryStore) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await open_review(pilot)
        await pilot.press("3")
        await pilot.pause()  # the tab queries its data the first time it is shown
        await pilot.press("down")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(make_app(small_store), terminal_size=(100, 30), run_before=before)


def test_sqlite_direct_count_matches(store: HistoryStore) -> None:
    """The synthetic history is what the store says it is (guards the generator)."""
    connection = sqlite3.connect(store.path)
    try:
        (steps,) = connection.execute("SELECT count(*) FROM steps").fetchone()
        (trained,) = connection.execute(
            "SELECT count(*) FROM sessions WHERE sets_done > 0"
        ).fetchone()
    finally:
        connection.close()
    assert steps > count_sessions(store) * 5
    assert trained == sum(m.sessions for m in totals(store, Span.MONTH))


async def test_help_lists_the_keys_by_the_names_shown(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        body = widget_text(help_screen.query_one(".dialog-body"))
        assert "]                The next page of sessions" in body
        assert "Export the history (JSON or CSV)" in body
        assert "right_square_bracket" not in body and "edge" not in body


async def test_help_names_keys_as_printed_on_the_keyboard(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        body = widget_text(help_screen.query_one(".dialog-body"))
        lines = body.splitlines()
        assert any(line.startswith("[ ") and "previous page" in line for line in lines)
        assert any(line.startswith("Esc ") and "Back to the routines" in line for line in lines)
        assert any(line.startswith("? ") and "Show every key" in line for line in lines)
