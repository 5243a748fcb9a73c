"""Text from a routine file or the history is shown as it is: never read as markup,
never written raw to the terminal (builder and review)."""

from __future__ import annotations

import html
import random
import re
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App

from legtimer.core.history import HistoryStore
from legtimer.core.routines import Block, Exercise, Kind, Routine
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.screens.session_detail import SessionDetailScreen
from tests.support.review import make_app as review_app
from tests.support.review import open_review
from tests.support.synthetic_history import synthetic_session
from tests.tui.test_tui_builder import builder, make_app, settle

BAD = "Bad [/] markup"
CLICK = "[@click=app.quit]x[/]"
BRACKETS = "Squats [beginner]"
ESCAPE = "Retitle \x1b]0;TITLE\x07 and \x1b[2J clear"

HOSTILE = Routine(
    name=BAD,
    description=ESCAPE,
    blocks=(
        Block(
            (
                Exercise(CLICK, Kind.REPS, 10, cue=BRACKETS),
                Exercise(BRACKETS, Kind.HOLD, 30, cue=ESCAPE),
            ),
            name=BRACKETS,
            rounds=2,
        ),
    ),
    plain=False,
)


def shown(app: App[None]) -> str:
    """The screen as drawn, as plain text lines (raw control characters kept, if any)."""
    svg = app.export_screenshot()
    rows: dict[float, list[str]] = {}
    for y, cell in re.findall(r'<text[^>]*y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(y), []).append(html.unescape(re.sub("<[^>]+>", "", cell)))
    return "\n".join("".join(row).replace("\xa0", " ") for _, row in sorted(rows.items()))


async def test_the_builder_shows_hostile_names_literally(tmp_path: Path) -> None:
    async with make_app(tmp_path, HOSTILE, start="edit").run_test(size=(140, 40)) as pilot:
        builder(pilot)
        await settle(pilot)
        text = shown(pilot.app)
        assert BAD in text  # not a MarkupError, not "Bad  markup"
        assert CLICK in text  # not a link that quits the app
        assert BRACKETS in text  # "[beginner]" kept
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("down", "down")  # the first exercise: its cue has brackets
        await settle(pilot)
        assert pilot.app.is_running
        await pilot.press("x")  # remove it: the notice names it
        await pilot.pause()
        assert pilot.app.is_running
        await pilot.pause()
        notices = [n for n in pilot.app._notifications if CLICK in n.message]
        assert notices and not any(n.markup for n in notices)  # the notice names it literally


async def test_review_shows_hostile_names_literally(tmp_path: Path) -> None:
    start = datetime(2026, 3, 10, 7, tzinfo=UTC)
    session = synthetic_session(random.Random(1), "morning-legs", start)
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.import_sessions([session])
    store.connection.execute("UPDATE sessions SET routine_name = ?, note = ?", (BAD, CLICK))
    store.connection.execute("UPDATE steps SET exercise = ?", (BRACKETS,))
    store.connection.commit()
    async with review_app(store).run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        assert isinstance(screen, ReviewScreen)
        await pilot.pause()
        text = shown(pilot.app)
        assert BAD in text
        await pilot.press("enter")  # the session, step by step
        await pilot.pause()
        detail = pilot.app.screen
        assert isinstance(detail, SessionDetailScreen)
        text = shown(pilot.app)
        assert BAD in text and CLICK in text and BRACKETS in text
        await pilot.press("escape", "3")  # the progress tab names the exercise
        await pilot.pause()
        assert BRACKETS in shown(pilot.app)
        assert pilot.app.is_running
