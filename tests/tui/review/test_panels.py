"""The review's stats and progress panels, and its export."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from legtimer.core import paths
from legtimer.core.history import HistoryStore
from legtimer.core.queries import exchange
from legtimer.core.queries.balance import row_balance
from legtimer.core.queries.bests import group_bests, personal_bests
from legtimer.core.queries.periods import Span
from legtimer.core.queries.sessions import count_sessions
from legtimer.core.queries.stats import streaks, totals
from legtimer.core.timefmt import minutes
from legtimer.render.stats import balance_text
from legtimer.tui.screens.dialogs import ConfirmDialog
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.widgets.review.export_dialog import ExportDialog
from tests.support.review import make_app, open_review, widget_text
from tests.support.synthetic_history import TODAY

# ------------------------------------------------------------------ stats


async def test_stats_match_the_store(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert not screen.stats.loaded  # only queried once the tab is shown
        await pilot.press("2")
        await pilot.pause()
        assert screen.stats.loaded
        shown = widget_text(screen.query_one("#stats-totals"))
        week = totals(store, Span.WEEK, since=date(2026, 3, 16))
        month = totals(store, Span.MONTH, since=date(2026, 3, 1))
        months = totals(store, Span.MONTH)

        def row(label: str) -> tuple[str, str, str]:
            line = next(line for line in shown.splitlines() if label in line)
            cells = line.split(label)[1].split()
            return cells[0], " ".join(cells[1:-1]), cells[-1]

        w = week[0] if week else None
        assert row("This week (from 16 Mar)") == (
            str(w.sessions if w else 0),
            minutes(w.active_seconds) if w else "0 min",
            str(w.sets_done if w else 0),
        )
        assert row("This month (March)") == (
            str(month[0].sessions),
            minutes(month[0].active_seconds),
            str(month[0].sets_done),
        )
        assert row("All time") == (
            str(sum(m.sessions for m in months)),
            minutes(sum(m.active_seconds for m in months)),
            str(sum(m.sets_done for m in months)),
        )
        streak = streaks(store, today=TODAY, sessions_per_week=2)
        text = widget_text(screen.query_one("#stats-streaks"))
        text = " ".join(text.split())
        day_word = "day" if streak.current_days == 1 else "days"
        assert (
            f"Days in a row {streak.current_days} {day_word} now longest {streak.longest_days} days"
        ) in text
        assert (
            f"Weeks with 2+ sessions {streak.current_weeks} weeks now "
            f"longest {streak.longest_weeks} weeks"
        ) in text
        heat = widget_text(screen.query_one("#stats-heatmap"))
        assert "Training days, past year" in heat and "Mon" in heat
        days = totals(store, Span.DAY, since=TODAY - timedelta(days=364))
        assert f"{len(days)} days trained" in heat
        chart = widget_text(screen.query_one("#stats-chart"))
        assert "Active minutes per week, last 16 weeks" in chart
        assert "█" in chart or "▇" in chart
        this_week = round(week[0].active_seconds / 60) if week else 0
        assert chart.splitlines()[1].split()[-1] == str(this_week)


async def test_progress_shows_left_and_right(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("3")
        await pilot.pause()
        bests = group_bests(personal_bests(store))
        table = screen.query_one("#bests-table", DataTable)
        assert table.row_count == len(bests) == 5
        assert screen.focused is table
        chart = widget_text(screen.query_one("#progress-chart"))
        assert "Calf raises" in chart and "most reps per month" in chart
        # Target against done, session by session, a pair of strips per side.
        assert "Target and done per session" in chart
        lines = chart.splitlines()
        assert any(line.startswith(" L target") for line in lines)
        assert any(line.startswith(" R target") for line in lines)
        # The synthetic right side is weaker: the side plank shows it.
        plank = next(row for row in bests if row.exercise == "Side plank")
        assert str(balance_text(row_balance(plank), compact=True)).startswith("L +")
        while screen.progress.selected() is not None and screen.progress.selected() != plank:
            await pilot.press("down")
        chart = widget_text(screen.query_one("#progress-chart"))
        assert "Side plank: longest hold per month" in chart
        assert " L " in chart and " R " in chart
        await pilot.press("m")
        chart = widget_text(screen.query_one("#progress-chart"))
        assert "longest hold per week" in chart


# ------------------------------------------------------------------ export


@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_export_from_the_screen(store: HistoryStore, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    total = count_sessions(store)  # the app closes the store as it ends
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        offered = Path(dialog.query_one("#export-path", Input).value).expanduser()
        assert offered == paths.data_dir() / "exports" / "legtimer-export-20260318.json"
        if fmt == "csv":
            await pilot.click("#format-csv")
            assert dialog.query_one("#export-path", Input).value.endswith(".csv")
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
    assert target.exists()
    if fmt == "json":
        document = json.loads(target.read_text())
        assert document["format"] == exchange.FORMAT
        assert len(document["sessions"]) == total
    else:
        with target.open(newline="") as stream:
            rows = list(csv.reader(stream))
        assert rows[0] == list(exchange.CSV_COLUMNS)
        assert len({row[0] for row in rows[1:]}) == total


async def test_export_asks_before_replacing_a_file(store: HistoryStore, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me")
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        pilot.app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter", "enter")  # to the Save button, and press it
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.app.workers.wait_for_complete()
        assert target.read_text() == "keep me"
        await pilot.press("x")
        pilot.app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter", "enter", "y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert json.loads(target.read_text())["format"] == exchange.FORMAT


async def test_export_to_a_missing_folder_is_refused(store: HistoryStore, tmp_path: Path) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        pilot.app.screen.query_one("#export-path", Input).value = str(tmp_path / "no" / "x.json")
        await pilot.press("enter", "enter")
        assert isinstance(pilot.app.screen, ExportDialog)  # says why and stays open
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_export_writes_only_on_save(store: HistoryStore) -> None:
    offered = paths.data_dir() / "exports" / "legtimer-export-20260318.json"
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        await pilot.press("tab", "shift+tab", "enter")  # leave the field, come back, Enter
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExportDialog)
        await pilot.app.workers.wait_for_complete()
        assert not offered.exists()
        await pilot.press("ctrl+s")  # the explicit Save
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert json.loads(offered.read_text())["format"] == exchange.FORMAT
