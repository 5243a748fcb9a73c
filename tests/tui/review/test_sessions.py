"""The review's sessions: pages, filters, sorting, one session step by step, delete."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import DataTable, Select

from legtimer.core.history import HistoryStore, Status
from legtimer.core.queries.periods import Period
from legtimer.core.queries.sessions import SortKey, count_sessions, list_sessions
from legtimer.core.session import FakeClock
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.dialogs import ConfirmDialog
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.screens.session_detail import SessionDetailScreen
from legtimer.tui.widgets.review.sessions_table import COLUMNS, SessionsTable
from tests.support import factories
from tests.support.factories import dead_pid, set_pid
from tests.support.review import (
    filter_options,
    label_text,
    make_app,
    open_review,
    ordered,
    row_ids,
    table_of,
    view,
    widget_text,
)
from tests.support.synthetic_history import TODAY
from tests.support.tui import QUIET

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


# ------------------------------------------------------------------ the routine filter after a delete


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


async def test_a_long_routine_name_never_pushes_columns_off_at_80(
    three_routines: HistoryStore,
) -> None:
    long_name = "Runner's leg day: stability and strength"
    three_routines.connection.execute(
        "UPDATE sessions SET routine_name = ? WHERE routine_id = 'hill-strength'", (long_name,)
    )
    three_routines.connection.commit()
    async with make_app(three_routines).run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        await pilot.pause()
        table = screen.query_one("#sessions-table", DataTable)
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 78


WALL = datetime(2026, 3, 17, 7, 0, tzinfo=UTC)


async def test_a_session_whose_app_is_gone_shows_as_interrupted(tmp_path: Path) -> None:
    """A terminal closed mid-session leaves it "in progress"; the review (opened straight
    from the command line: no home screen looked first) says what it is."""
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    session_id = factories.record(store, "strength", start=WALL, steps=2, stop=False)
    set_pid(store, session_id, dead_pid())
    app = LegTimerApp(clock=FakeClock(), store=store, settings=QUIET, start="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await screen.workers.wait_for_complete()
        await pilot.pause()
        row = screen.query_one(SessionsTable).table.get_row_at(0)
        assert "interrupted" in [str(cell) for cell in row]
        summary = store.session(session_id)
        assert summary is not None and summary.status == Status.INTERRUPTED
