"""The history review screen: sessions (filter, pages, sort), one session, delete, stats,
progress, export; on years of synthetic history, generated straight into the store."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Select, Static

from legtimer.core.history import STEP_COLUMNS, HistoryStore, Status
from legtimer.core.plan import build_plan
from legtimer.core.queries import exchange
from legtimer.core.queries.balance import row_balance
from legtimer.core.queries.bests import group_bests, personal_bests
from legtimer.core.queries.periods import Period, Span
from legtimer.core.queries.sessions import SortKey, count_sessions, list_sessions
from legtimer.core.queries.stats import streaks, totals
from legtimer.core.routines import parse_routine
from legtimer.core.session import FakeClock
from legtimer.core.settings import Settings
from legtimer.core.timefmt import minutes
from legtimer.render.stats import balance_text
from legtimer.tui.app import LegTimerApp
from legtimer.tui.context import AppContext
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.screens.session_detail import SessionDetailScreen
from legtimer.tui.widgets.review.export_dialog import ExportDialog
from legtimer.tui.widgets.review.sessions_table import COLUMNS, SessionsTable

TODAY = date(2026, 3, 18)  # a Wednesday
QUIET = Settings(bell=False, flash=False)

ROUTINES = {
    "morning-legs": """
name = "Morning legs"
[defaults]
prepare = 5
switch = 5
rest_between_sets = 20
rest_after = 30
[[exercises]]
name = "Side plank"
hold = 30
sets = 2
per_side = true
[[exercises]]
name = "Calf raises"
reps = 12
sets = 2
per_side = true
""",
    "core-quick": """
name = "Core quick"
[defaults]
prepare = 5
rest_between_sets = 15
rest_after = 20
[[exercises]]
name = "Wall sit"
hold = 45
sets = 2
[[exercises]]
name = "Glute bridges"
reps = 15
sets = 2
""",
    "hill-strength": """
name = "Hill strength"
[defaults]
prepare = 5
switch = 5
rest_between_sets = 30
[[exercises]]
name = "Step-ups"
reps = 10
sets = 3
per_side = true
""",
}
PLANS = {key: build_plan(parse_routine(toml)) for key, toml in ROUTINES.items()}
STEP_FIELDS = tuple(column.strip() for column in STEP_COLUMNS.split(","))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def synthetic_session(rng: random.Random, routine_id: str, start: datetime) -> dict[str, Any]:
    """One session as `import_sessions` takes it: every step, some skipped, some stopped."""
    plan = PLANS[routine_id]
    roll = rng.random()
    status = (
        Status.COMPLETED if roll < 0.85 else Status.STOPPED if roll < 0.95 else Status.INTERRUPTED
    )
    last = len(plan.steps) if status == Status.COMPLETED else rng.randrange(1, len(plan.steps))
    steps = []
    moment = start
    for step in plan.steps[:last]:
        outcome = "done"
        active = float(step.seconds)
        if step.kind.active:
            if rng.random() < 0.06:
                outcome, active = "skipped", 0.0
            elif step.side is not None and step.side.value == "right":
                active *= rng.uniform(0.75, 1.0)  # the right side is the weaker one
            else:
                active *= rng.uniform(0.9, 1.2)
        if status != Status.COMPLETED and step is plan.steps[last - 1]:
            outcome, active = "partial", active / 2
        paused = float(rng.choice((0, 0, 0, 0, 5, 12)))
        reps = None
        if step.kind.value == "reps" and outcome != "skipped":
            reps = max(1, step.exercise.target + rng.randint(-3, 2))
        ended = moment + timedelta(seconds=active + paused)
        steps.append(
            {
                "step_index": step.index,
                "kind": step.kind.value,
                "exercise": step.exercise.name,
                "exercise_number": step.exercise_number,
                "block_name": step.block_name,
                "round": step.round,
                "set_number": step.set,
                "side": step.side.value if step.side else None,
                "planned_seconds": float(step.seconds),
                "target": step.exercise.target,
                "outcome": outcome,
                "started_at": iso(moment),
                "ended_at": iso(ended),
                "active_seconds": round(active, 3),
                "paused_seconds": paused,
                "adjusted_seconds": 0.0,
                "reps": reps,
            }
        )
        moment = ended
    assert all(set(s) == set(STEP_FIELDS) for s in steps)
    rated = rng.random() < 0.7
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "routine_id": routine_id,
        "routine_name": plan.routine.name,
        "routine_source": "user",
        "routine_toml": ROUTINES[routine_id],
        "started_at": iso(start),
        "ended_at": iso(moment),
        "status": status,
        "planned_seconds": float(plan.total_seconds),
        "sets_planned": len(plan.active_steps),
        "effort": rng.randint(3, 9) if rated else None,
        "note": rng.choice(("", "", "felt strong", "left calf tight", "short on time")),
        "steps": steps,
    }


def fill_history(store: HistoryStore, *, days: int, per_week: float, seed: int = 7) -> int:
    """`days` days of history up to TODAY, about `per_week` sessions a week; fixed UTC times."""
    rng = random.Random(seed)
    sessions = []
    for back in range(days - 1, -1, -1):
        day = TODAY - timedelta(days=back)
        if rng.random() >= per_week / 7:
            continue
        start = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC) + timedelta(
            minutes=rng.randrange(0, 12 * 60)
        )
        routine_id = rng.choice(("morning-legs", "morning-legs", "core-quick", "hill-strength"))
        sessions.append(synthetic_session(rng, routine_id, start))
    added, _ = store.import_sessions(sessions)
    # Interrupted sessions here are old ones the person already dismissed (no resume offer).
    store.connection.execute("UPDATE sessions SET dismissed = 1")
    return added


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """Local time is UTC, so dates and times on screen do not depend on the machine."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def _template(tmp_path_factory: pytest.TempPathFactory, name: str, **options: Any) -> Path:
    path = tmp_path_factory.mktemp(name) / "history.sqlite3"
    store = HistoryStore.open(path)
    fill_history(store, **options)
    store.close()
    return path


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "three-years", days=3 * 365, per_week=4.5)


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "ten-years", days=3660, per_week=7)


def copy_store(template: Path, tmp_path: Path) -> HistoryStore:
    path = tmp_path / "history.sqlite3"
    shutil.copy(template, path)
    return HistoryStore.open(path)


@pytest.fixture
def store(three_years: Path, tmp_path: Path) -> Iterator[HistoryStore]:
    store = copy_store(three_years, tmp_path)
    yield store
    store.close()


def make_app(store: HistoryStore | None) -> LegTimerApp:
    return LegTimerApp(clock=FakeClock(), store=store, settings=QUIET, open_store=False)


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    app = pilot.app
    assert isinstance(app, LegTimerApp)
    context = AppContext(
        clock=app.clock, settings=app.settings, store=app.store, today=lambda: TODAY
    )
    screen = ReviewScreen(context)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def widget_text(widget: Widget) -> str:
    """What a Static shows (also what is scrolled out of view), as plain text."""
    assert isinstance(widget, Static)
    content = widget.content
    if isinstance(content, str):
        content = Text.from_markup(content)
    return render(content, widget.size.width or 100)


def render(renderable: Any, width: int = 100) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def view(screen: ReviewScreen) -> SessionsTable:
    return screen.sessions


def ordered(store: HistoryStore, screen: ReviewScreen) -> list[str]:
    """The ids of the first page in the order the screen sorts by, asked of the query layer."""
    sessions = view(screen)
    found = list_sessions(store, sort=sessions.sort.key, descending=sessions.descending)
    return [s.id for s in found]


def label_text(screen: ReviewScreen) -> str:
    return str(screen.query_one("#page-label", Label).visual)


def table_of(screen: ReviewScreen) -> DataTable[Any]:
    return screen.query_one("#sessions-table", DataTable)


def row_ids(screen: ReviewScreen) -> list[str]:
    return [str(row.value) for row in table_of(screen).rows]


# ------------------------------------------------------------------ sessions


async def test_opens_on_the_first_page_newest_first(store: HistoryStore) -> None:
    total = count_sessions(store)
    assert total > 600
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert row_ids(screen) == [s.id for s in list_sessions(store, limit=50)]
        pages = -(-total // 50)
        assert f"Page 1 of {pages} · {total} sessions" in label_text(screen)
        assert screen.focused is table_of(screen)


async def test_pages_forward_and_back(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("left_square_bracket")  # nothing before the first page
        assert view(screen).page == 0
        await pilot.press("right_square_bracket")
        assert row_ids(screen) == [s.id for s in list_sessions(store, limit=50, offset=50)]
        assert "Page 2 of" in label_text(screen)
        # Up from the first row goes back a page, onto its last row; down crosses forward.
        await pilot.press("up")
        assert view(screen).page == 0 and table_of(screen).cursor_row == 49
        await pilot.press("down")
        assert view(screen).page == 1 and table_of(screen).cursor_row == 0
        # Page down moves within a page first, then on to the next one.
        while view(screen).page == 1:
            await pilot.press("pagedown")
        assert view(screen).page == 2 and table_of(screen).cursor_row == 0
        assert row_ids(screen) == [s.id for s in list_sessions(store, limit=50, offset=100)]
        await pilot.press("pageup")
        assert view(screen).page == 1 and table_of(screen).cursor_row == 49
        for _ in range(view(screen).pages + 2):
            screen.action_page(1)
        await pilot.pause()
        last = count_sessions(store) - (view(screen).pages - 1) * 50
        assert view(screen).page == view(screen).pages - 1 and len(row_ids(screen)) == last


async def test_filter_by_routine_narrows_the_count(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("f")  # opens the routine list: All routines, Core quick, ...
        await pilot.press("down", "enter")
        await pilot.pause()
        assert view(screen).routine == "Core quick"
        wanted = count_sessions(store, routine="Core quick")
        assert 0 < wanted < count_sessions(store)
        assert f"{wanted} sessions" in label_text(screen)
        assert row_ids(screen) == [s.id for s in list_sessions(store, routine="Core quick")]
        screen.query_one("#routine-filter", Select).value = Select.NULL
        await pilot.pause()
        assert f"{count_sessions(store)} sessions" in label_text(screen)


async def test_filter_by_period(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        for period in ("week", "month", "30days", "year"):
            screen.query_one("#period-filter", Select).value = period
            await pilot.pause()
            since = Period(period).start(TODAY)
            wanted = count_sessions(store, since=since)
            assert f"· {wanted} session" in label_text(screen), period
            assert row_ids(screen) == [s.id for s in list_sessions(store, since=since)]
        assert Period.WEEK.start(TODAY) == date(2026, 3, 16)
        assert Period.LAST_30_DAYS.start(TODAY) == date(2026, 2, 17)
        # Both filters at once; one that matches nothing says so.
        screen.query_one("#routine-filter", Select).value = "Hill strength"
        screen.query_one("#period-filter", Select).value = "week"
        await pilot.pause()
        wanted = count_sessions(store, routine="Hill strength", since=date(2026, 3, 16))
        assert f"· {wanted} session" in label_text(screen)
        store.connection.execute("DELETE FROM sessions WHERE routine_name = 'Hill strength'")
        view(screen).load_page()
        await pilot.pause()
        assert "No sessions match the filter." in widget_text(screen.query_one("#sessions-empty"))


async def test_sorting_by_key_and_by_header(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("right_square_bracket")
        await pilot.press("s")  # by routine, A to Z, newest first within one
        assert view(screen).page == 0
        expected = list_sessions(store, sort=SortKey.ROUTINE, descending=False)
        assert row_ids(screen) == [s.id for s in expected]
        assert "by routine, A to Z" in label_text(screen)
        await pilot.press("r")
        expected = list_sessions(store, sort=SortKey.ROUTINE)
        assert row_ids(screen) == [s.id for s in expected]
        await pilot.press("s")  # by duration, longest first
        longest = list_sessions(store, sort=SortKey.DURATION)
        assert row_ids(screen)[0] == longest[0].id
        durations = [
            s.duration_seconds
            for s in list_sessions(
                store, sort=view(screen).sort.key, descending=view(screen).descending
            )
        ]
        assert durations == sorted(durations, reverse=True)
        # A click on the Effort header sorts by effort, hardest first; again: easiest first.
        await pilot.pause()  # the header is drawn with the new labels
        table = table_of(screen)
        x = sum(column.get_render_width(table) for column in list(table.columns.values())[:5])
        await pilot.click(table, offset=(x + 2, 0))
        await pilot.pause()
        assert view(screen).sort.key == "effort" and view(screen).descending
        efforts = [
            s.effort
            for s in list_sessions(
                store, sort=view(screen).sort.key, descending=view(screen).descending
            )
        ]
        assert efforts[0] == max(e for e in efforts if e is not None)
        await pilot.click(table, offset=(x + 2, 0))
        await pilot.pause()
        assert view(screen).sort.key == "effort" and not view(screen).descending
        label = next(c.label for c in table.columns.values() if c.key.value == "effort")
        assert str(label) == "Effort ▲"


async def test_sort_cycles_through_every_column(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        seen = []
        for _ in COLUMNS:
            await pilot.press("s")
            seen.append(view(screen).sort.key)
            assert row_ids(screen) == ordered(store, screen)
        assert seen == [c.key for c in COLUMNS[1:]] + ["when"]


# ------------------------------------------------------------------ one session


async def test_enter_shows_a_session_step_by_step(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("down", "down")
        chosen = list_sessions(store, limit=3)[2]
        await pilot.press("enter")
        await pilot.pause()
        detail = pilot.app.screen
        assert isinstance(detail, SessionDetailScreen)
        assert detail.session_id == chosen.id
        body = widget_text(detail.query_one("#detail-body"))
        assert chosen.routine_name in body
        assert "Planned vs done" in body and "Every step" in body
        steps = store.steps(chosen.id)
        assert steps
        for step in steps:
            assert f"{step.step_index + 1} " in body
        assert f"{chosen.sets_done} of {chosen.sets_planned} done" in body
        assert (chosen.note or "–") in body
        assert (f"{chosen.effort}/10" if chosen.effort else "–") in body
        if any(s.outcome == "skipped" for s in steps):
            assert "skipped" in body
        await pilot.press("escape")
        assert pilot.app.screen is screen


async def test_delete_asks_first_then_removes_the_session(store: HistoryStore) -> None:
    total = count_sessions(store)
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        chosen = list_sessions(store, limit=1)[0]
        await pilot.press("enter")
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")  # keep it
        assert isinstance(pilot.app.screen, SessionDetailScreen)
        assert store.session(chosen.id) is not None
        await pilot.press("d")
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert store.session(chosen.id) is None
        assert count_sessions(store) == total - 1
        assert chosen.id not in row_ids(screen)
        assert f"{total - 1} sessions" in label_text(screen)


async def test_delete_from_the_table(store: HistoryStore) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("down")
        chosen = row_ids(screen)[1]
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert store.session(chosen) is None
        assert table_of(screen).cursor_row == 1  # the cursor stays where it was


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
        assert dialog.query_one("#export-path", Input).value == "~/legtimer-export-20260318.json"
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
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.app.workers.wait_for_complete()
        assert target.read_text() == "keep me"
        await pilot.press("x")
        pilot.app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter", "y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert json.loads(target.read_text())["format"] == exchange.FORMAT


async def test_export_to_a_missing_folder_is_refused(store: HistoryStore, tmp_path: Path) -> None:
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        pilot.app.screen.query_one("#export-path", Input).value = str(tmp_path / "no" / "x.json")
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, ExportDialog)  # says why and stays open
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReviewScreen)


# ------------------------------------------------------------------ entry points and edges


async def test_home_key_h_and_start_review(three_years: Path, tmp_path: Path) -> None:
    async with make_app(copy_store(three_years, tmp_path)).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("h")
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


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[HistoryStore]:
    """Half a year of deterministic history: what the snapshots show."""
    store = HistoryStore.open(tmp_path / "snap.sqlite3")
    fill_history(store, days=190, per_week=4, seed=3)
    yield store
    store.close()


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


# ------------------------------------------------------------------ the routine filter after a delete


def filter_options(screen: ReviewScreen) -> list[str]:
    select = screen.query_one("#routine-filter", Select)
    return [str(value) for _, value in select._options if value != Select.NULL]


@pytest.fixture
def three_routines(tmp_path: Path) -> Iterator[HistoryStore]:
    """Three routines: Morning legs twice, Core quick twice, Hill strength once."""
    rng = random.Random(3)
    start = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    sessions = [
        synthetic_session(rng, routine_id, start + timedelta(days=day))
        for day, routine_id in enumerate(
            ("morning-legs", "core-quick", "hill-strength", "morning-legs", "core-quick")
        )
    ]
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.import_sessions(sessions)
    store.connection.execute("UPDATE sessions SET dismissed = 1")
    yield store
    store.close()


async def test_a_routine_leaves_the_filter_with_its_last_session(
    three_routines: HistoryStore,
) -> None:
    store = three_routines
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert filter_options(screen) == ["Core quick", "Hill strength", "Morning legs"]
        select = screen.query_one("#routine-filter", Select)
        select.value = "Hill strength"
        await pilot.pause()
        assert view(screen).routine == "Hill strength" and len(row_ids(screen)) == 1
        await pilot.press("d", "y")
        await pilot.pause()
        assert count_sessions(store) == 4
        assert filter_options(screen) == ["Core quick", "Morning legs"]
        # The filter was on the routine that is gone: back to every routine.
        assert view(screen).routine is None
        assert select.value == Select.NULL
        assert row_ids(screen) == [s.id for s in list_sessions(store)]
        assert "4 sessions" in label_text(screen)


async def test_the_filter_stays_while_its_routine_has_sessions(
    three_routines: HistoryStore,
) -> None:
    store = three_routines
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        select = screen.query_one("#routine-filter", Select)
        select.value = "Core quick"
        await pilot.pause()
        assert len(row_ids(screen)) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert filter_options(screen) == ["Core quick", "Hill strength", "Morning legs"]
        assert view(screen).routine == "Core quick" and select.value == "Core quick"
        assert len(row_ids(screen)) == 1
        # The other filter's routine goes when its last session is deleted elsewhere.
        select.value = "Hill strength"
        await pilot.pause()
        await pilot.press("enter", "d", "y")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert filter_options(screen) == ["Core quick", "Morning legs"]
        assert view(screen).routine is None


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
