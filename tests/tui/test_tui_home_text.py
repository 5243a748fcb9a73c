"""Home shows text from routine files literally; odd dates in the history never crash it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable

from legtimer.core import paths
from legtimer.core.history import HistoryStore
from legtimer.core.plan import Plan, build_plan
from legtimer.core.routines import parse_routine
from legtimer.tui.screens.dialogs import ResumeDialog
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.widgets.home.routine_details import RoutineDetails
from tests.support import factories
from tests.support.factories import dead_pid, set_pid
from tests.support.tui import make_app, text
from tests.tui.test_tui_home import resume_offer

SIZE = (100, 30)

HOSTILE = """\
name = "{name}"
description = "[link=file:///etc/passwd]click[/link] and [@click=app.quit]x[/] [reverse]r[/]"
tags = ["[bold red]hot[/]", "beginner"]

[[exercises]]
name = "Squats [beginner]"
reps = 10
sets = 3
"""
NAMES = ["Bad [/] markup", "[link=file:///etc/passwd]click[/link]", "[@click=app.quit]x[/]"]


def details_of(home: HomeScreen) -> str:
    """The details pane's text."""
    return home.query_one(RoutineDetails).plain


def write_routines(folder: Path) -> None:
    for number, name in enumerate(NAMES):
        (folder / f"hostile-{number}.toml").write_text(HOSTILE.format(name=name), encoding="utf-8")


def row_names(home: HomeScreen) -> list[str]:
    table = home.query_one("#routines", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def test_names_and_details_from_files_are_shown_as_written(
    tmp_path: Path, user_routines: Path
) -> None:
    write_routines(user_routines)
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(160, 30)) as pilot:  # wide: no name is cut short
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)  # no MarkupError on start
        shown = row_names(home)
        for name in NAMES:
            assert name in shown
        for row in range(len(NAMES)):
            home.query_one("#routines", DataTable).move_cursor(row=row, animate=False)
            await pilot.pause()
            details = details_of(home)
            assert details.startswith(shown[row])
            assert "[link=file:///etc/passwd]click[/link]" in details
            assert "[@click=app.quit]x[/]" in details
            assert "[bold red]hot[/]" in details
            assert "Squats [beginner]" in details
        assert app.is_running  # nothing quit it


@pytest.fixture
def far_east(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A time zone ahead of UTC, where 9999-12-31 23:00 UTC is past the calendar's end."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def interrupted_at(tmp_path: Path, routine: str | Plan, start: datetime) -> str:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    try:
        session_id = factories.record(store, routine, start=start, steps=2, stop=False)
        set_pid(store, session_id, dead_pid())
    finally:
        store.close()
    return session_id


async def test_resume_dialog_shows_a_routine_name_literally(tmp_path: Path) -> None:
    name = "[link=file:///etc/passwd]click[/link] Bad [/] markup"
    source = HOSTILE.format(name=name.replace("\\", "\\\\"))
    interrupted_at(tmp_path, build_plan(parse_routine(source)), datetime(2026, 3, 14, tzinfo=UTC))
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await resume_offer(pilot)
        assert isinstance(dialog, ResumeDialog)
        assert text(dialog, ".dialog-body").startswith(name + ", started ")


@pytest.mark.usefixtures("far_east")
async def test_a_session_at_the_end_of_the_calendar_does_not_crash_home(tmp_path: Path) -> None:
    interrupted_at(tmp_path, "stability", datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    factories.record(store, "strength", start=datetime(9999, 12, 31, 22, 0, tzinfo=UTC), steps=2)
    app, _, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await resume_offer(pilot)
        assert isinstance(dialog, ResumeDialog)
        assert "started Fri 31 Dec, 23:00" in text(dialog, ".dialog-body")
        await pilot.press("escape")  # later
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.query_one("#routines", DataTable).move_cursor(
            row=row_names(home).index("Strength"), animate=False
        )
        await pilot.pause()
        assert "Last done Fri 31 Dec 9999, 22:00" in details_of(home)


async def test_a_long_name_is_cut_in_the_list_and_whole_in_the_details(tmp_path: Path) -> None:
    """At 80 columns a routine's long name leaves room for the other columns."""
    name = "Bad [/] markup [link=file:///etc/passwd]click[/link] and more words"
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long.toml").write_text(
        f'name = "{name}"\n[[exercises]]\nname = "Plank"\nhold = 30\n', "utf-8"
    )
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.select_routine(folder / "long.toml")
        await pilot.pause()
        table = home.query_one("#routines", DataTable)
        row = [str(cell) for cell in table.get_row(str(folder / "long.toml"))]
        assert row[0].endswith("…") and name.startswith(row[0][:-1])
        assert row[1:] == ["user", "1", "40 s"]
        assert table.virtual_size.width <= table.size.width  # every column on screen
        assert details_of(home).startswith(name)
