"""Fuzz: generated names and cues through every screen, as a shared routine would go.

Each routine is written to the user's folder, found on home, run (when the validator
takes it), stopped, summed up, and looked at in the history. Nothing may crash, and no
raw control character or bidi override may reach the screen; a routine the validator
refuses is listed as a file with problems, never run.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings

from legtimer.core.history import HistoryStore
from legtimer.core.routines import RoutineError, load_routine
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.screens.session import SessionScreen
from legtimer.tui.screens.summary import SummaryScreen
from tests.support.hostile_text import RAW, routine_toml, texts
from tests.support.tui import Driver, make_app
from tests.tui.test_literal_text import shown

SIZE = (80, 24)


def clean(screen_text: str) -> str:
    found = RAW.search(screen_text)
    assert found is None, f"raw {found[0]!r} on screen:\n{screen_text}"
    return screen_text


async def walk(tmp_path: Path, path: Path, runs: bool) -> None:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    app, clock, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.select_routine(path)
        await pilot.pause()
        clean(shown(app))
        if not runs:
            return
        await pilot.press("enter")
        await pilot.pause()
        d = Driver(pilot, clock)
        assert isinstance(app.screen, SessionScreen)
        clean(shown(app))
        await d.advance(1)
        clean(shown(app))
        await d.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        clean(shown(app))
        await d.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        clean(shown(app))


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts())
def test_generated_text_through_every_screen(
    user_routines: Path, tmp_path: Path, text: tuple[str, str, str]
) -> None:
    name, exercise, cue = text
    path = user_routines / "fuzz.toml"
    path.write_text(routine_toml(name, exercise, cue), "utf-8")
    try:
        load_routine(path)
        runs = True
    except RoutineError:
        runs = False
    event("run" if runs else "refused")
    asyncio.run(walk(tmp_path, path, runs))


def test_a_known_hostile_routine_walks_every_screen(user_routines: Path, tmp_path: Path) -> None:
    """The walk itself, on one routine made of the worst pieces (always run, even when
    Hypothesis draws only refused ones)."""
    path = user_routines / "hostile.toml"
    path.write_text(
        routine_toml(
            "Bad [/] markup [link=file:///etc/passwd]x[/link]",
            "Squats [beginner] \U0001f468\u200d\U0001f469\u200d\U0001f467",
            "[@click=app.quit]quit[/] and [bold red]loud[/] \\[escaped]",
        ),
        "utf-8",
    )
    load_routine(path)  # valid: brackets and emoji are text, not markup
    asyncio.run(walk(tmp_path, path, runs=True))
