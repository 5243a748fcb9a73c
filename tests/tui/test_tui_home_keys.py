"""Home's keys: typing anywhere filters, commands on keys that never type, the footer at 80
columns, the details in view, and no key lost to home before the resume offer."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets._footer import FooterKey

from legtimer.core.history import HistoryStore
from legtimer.core.queries import resumable
from legtimer.tui.screens.builder import BuilderScreen
from legtimer.tui.screens.dialogs import HelpScreen, ResumeDialog, Waiting
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.screens.review import ReviewScreen
from legtimer.tui.widgets.home.routine_details import RoutineDetails
from tests.support.tui import Driver, make_app, rendered
from tests.tui.test_tui_home import details_of, home_of, interrupted, names, resume_offer

SMALL = (80, 24)


async def typed(pilot: Pilot[None], value: str) -> None:
    await pilot.press(*(("space" if c == " " else c) for c in value))
    await pilot.pause()


def filter_value(home: HomeScreen) -> str:
    return home.query_one("#filter", Input).value


async def test_typing_anywhere_filters_and_never_runs_a_command(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        home = home_of(app)
        theme = app.theme
        await typed(pilot, "stab")  # `t` was the theme key
        assert app.screen is home and app.theme == theme
        assert filter_value(home) == "stab"
        assert details_of(home).startswith("Stability")  # the best match, not the first row
        await pilot.press("escape")  # clears
        await pilot.pause()
        assert filter_value(home) == "" and len(names(home)) == 7
        await typed(pilot, "leg day")  # `e` was the edit key, `d` delete
        assert app.screen is home
        assert filter_value(home) == "leg day"
        assert names(home) == ["Runner's leg day"]
        await typed(pilot, "q")  # not quit
        assert app.is_running and filter_value(home) == "leg dayq"


async def test_slash_then_a_name_and_enter_starts_the_best_match(tmp_path: Path) -> None:
    """Runner's leg day has a "stability ball" tag and was under the cursor: Stability wins."""
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        home = home_of(app)
        home.query_one("#routines", DataTable).move_cursor(row=4, animate=False)
        await pilot.pause()
        assert details_of(home).startswith("Runner's leg day")
        await pilot.press("slash")
        await typed(pilot, "stab")
        assert filter_value(home) == "stab"
        assert names(home) == ["Lower-body extras", "Runner's leg day", "Stability"]
        await pilot.press("enter")
        await pilot.pause()
        assert Driver(pilot, clock).read("#routine-name") == "Stability"


async def test_arrows_move_the_list_while_typing(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        home = home_of(app)
        await typed(pilot, "st")
        listed = names(home)
        at = listed.index("Stability")
        assert details_of(home).startswith("Stability")  # the first name starting "st"
        await pilot.press("down")
        await pilot.pause()
        assert details_of(home).startswith(listed[at + 1])
        await pilot.press("up", "up")
        await pilot.pause()
        assert details_of(home).startswith(listed[at - 1])
        assert app.focused is home.query_one("#filter", Input)  # still typing
        await typed(pilot, "r")  # "str": the best match again
        assert details_of(home).startswith("Strength")


async def test_commands_are_on_ctrl_keys(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)


async def test_question_mark_shows_the_keys_while_the_filter_is_empty(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        home = home_of(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = "\n".join(
            rendered(widget) for widget in help_screen.query(".dialog-body").results(Static)
        )
        for words in ("Ctrl+R", "Ctrl+E", "Ctrl+Q", "Type to filter"):
            assert words in shown
        await pilot.press("escape")
        await pilot.pause()
        await typed(pilot, "x?/")  # with text in the filter, ? and / are typed
        assert app.screen is home and filter_value(home) == "x?/"
        await pilot.press("f1")  # F1 always
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_back_from_a_session_keys_go_to_the_list(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await typed(pilot, "stab")
        await pilot.press("enter")
        await pilot.pause()
        d = Driver(pilot, clock)
        await d.press("q", "y", "escape")
        home = home_of(app)
        assert app.focused is home.query_one("#routines", DataTable)
        assert filter_value(home) == "stab"
        await pilot.press("enter")  # the same routine again
        await pilot.pause()
        assert Driver(pilot, clock).read("#routine-name") == "Stability"


async def test_every_footer_key_fits_at_80_columns(tmp_path: Path) -> None:
    for size in (SMALL, (60, 20)):
        app, _, _ = make_app(tmp_path)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            keys = list(footer.query(FooterKey))
            assert [key.description for key in keys][-1] == "Quit"
            for key in keys:
                assert key.region.right <= size[0], (size, key.description, key.region)


async def test_the_exercise_list_is_in_view_at_80x24_and_wraps_under_its_bullet(
    tmp_path: Path,
) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await typed(pilot, "runner")
        home = home_of(app)
        pane = home.query_one("#details-pane")
        lines = [
            "".join(segment.text for segment in strip).rstrip()
            for strip in home.query_one(RoutineDetails).render_lines(
                pane.content_region.reset_offset
            )
        ]
        shown = lines[: pane.content_region.height]
        bullets = [n for n, line in enumerate(shown) if line.lstrip().startswith("•")]
        assert len(bullets) == 6, shown  # every exercise of Runner's leg day, above the fold
        indent = shown[bullets[0]].index("•") + 2
        for n in bullets:
            after = shown[n + 1] if n + 1 < len(shown) else ""
            if after and not after.lstrip().startswith("•") and after.strip():
                assert after[:indent].strip() == "", after  # a wrapped line keeps its indent


async def test_no_key_reaches_home_before_the_resume_offer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full look may wait on a locked file: the event loop goes on, home gets no key."""
    interrupted(tmp_path, "plyometrics", 2)
    done = threading.Event()
    find_latest = resumable.find_latest

    def slow_look(path: Path) -> resumable.Found:
        assert done.wait(10)
        return find_latest(path)

    monkeypatch.setattr(resumable, "find_latest", slow_look)
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Waiting)  # home does not have the keys yet
        await pilot.press("enter", "s", "ctrl+n")  # too early: no start, no filter, no builder
        await pilot.pause()
        assert isinstance(app.screen, Waiting)
        done.set()
        await resume_offer(pilot)
        await pilot.press("escape")  # later
        await pilot.pause()
        home = home_of(app)
        assert filter_value(home) == ""


def test_the_quick_look_never_waits_and_sees_nothing_in_an_empty_history(
    tmp_path: Path,
) -> None:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    try:
        assert not resumable.may_have_one(store)
        found = resumable.find_latest(store.path)
        assert found.latest is None and found.problem is None
    finally:
        store.close()
    interrupted(tmp_path, "plyometrics", 2)
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    try:
        assert resumable.may_have_one(store)
        found = resumable.find_latest(store.path)
        assert found.latest is not None and found.latest.routine_id == "plyometrics"
    finally:
        store.close()
    _ = ResumeDialog  # the dialog the app shows for `found.latest`
