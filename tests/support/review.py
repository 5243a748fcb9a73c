"""Driving and reading the history review screen in Pilot tests."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Label, Select, Static

from legtimer.core.history import HistoryStore
from legtimer.core.queries.sessions import list_sessions
from legtimer.core.session import FakeClock
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.widgets.review.sessions_table import SessionsTable
from tests.support.synthetic_history import TODAY
from tests.support.tui import QUIET


def copy_store(template: Path, tmp_path: Path) -> HistoryStore:
    path = tmp_path / "history.sqlite3"
    shutil.copy(template, path)
    return HistoryStore.open(path)


def make_app(store: HistoryStore | None) -> LegTimerApp:
    return LegTimerApp(clock=FakeClock(), store=store, settings=QUIET, open_store=False)


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    app = pilot.app
    assert isinstance(app, LegTimerApp)
    context = replace(app.context, today=lambda: TODAY)
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


def filter_options(screen: ReviewScreen) -> list[str]:
    select = screen.query_one("#routine-filter", Select)
    return [str(value) for _, value in select._options if value != Select.NULL]
