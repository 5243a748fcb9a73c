"""Home: the routine list, its filter, starting a routine, "last done", and the resume offer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from legtimer.core.history import HistoryStore, Status
from legtimer.core.queries.sessions import list_sessions
from legtimer.core.session import State
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.dialogs import ConfirmDialog, ResumeDialog
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.screens.summary import SummaryScreen
from legtimer.tui.widgets.home.routine_details import RoutineDetails
from tests.support import factories
from tests.support.factories import BUILT_IN_IDS, dead_pid, set_pid
from tests.support.tui import Driver, make_app, text

SIZE = (100, 30)
WALL = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)
ALL_NAMES = [
    "Endurance intervals",
    "Flexibility",
    "Lower-body extras",
    "Plyometrics",
    "Runner's leg day",
    "Stability",
    "Strength",
]


def details_of(home: HomeScreen) -> str:
    """The details pane's text."""
    return home.query_one(RoutineDetails).plain


def names(home: HomeScreen) -> list[str]:
    table = home.query_one("#routines", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


def home_of(app: LegTimerApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen), f"on {type(screen).__name__}"
    return screen


async def type_text(pilot: Pilot[None], value: str) -> None:
    await pilot.press(*(("space" if c == " " else c) for c in value))
    await pilot.pause()


def record(store: HistoryStore, routine_id: str, steps: int, *, end: bool) -> str:
    """A session of `routine_id` with its first `steps` steps done, started at WALL."""
    return factories.record(store, routine_id, start=WALL, steps=steps, stop=end)


def interrupted(tmp_path: Path, routine_id: str, steps: int) -> str:
    """A session whose process died after `steps` steps: in progress, with a dead pid."""
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    try:
        session_id = record(store, routine_id, steps, end=False)
        set_pid(store, session_id, dead_pid())
    finally:
        store.close()
    return session_id


async def resume_offer(pilot: Pilot[None]) -> ResumeDialog:
    """The resume dialog, once the look for an unfinished session (in a thread) is done."""
    for _ in range(300):
        await pilot.pause()
        if isinstance(pilot.app.screen, ResumeDialog):
            return pilot.app.screen
        await asyncio.sleep(0.01)  # a thread's work, not a timer
    raise AssertionError(f"no resume offer: on {type(pilot.app.screen).__name__}")


async def test_lists_every_built_in_and_filters(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        assert names(home) == ALL_NAMES
        assert [entry.id for entry in home.entries] == sorted(BUILT_IN_IDS)
        table = home.query_one("#routines", DataTable)
        assert [str(c) for c in table.get_row_at(4)][:3] == ["Runner's leg day", "built-in", "6"]
        assert app.focused is home.query_one("#filter", Input)  # typing filters from the start
        details = details_of(home)
        assert details.startswith("Endurance intervals")
        assert "Not done yet" in details

        # / is a no-op in the empty filter; each key narrows the list (names, tags and
        # descriptions), and the best match is selected: a name before a tag.
        await pilot.press("slash")
        assert app.focused is home.query_one("#filter", Input)
        await type_text(pilot, "streng")
        assert names(home) == ["Runner's leg day", "Strength"]  # a tag of both
        assert details_of(home).startswith("Strength")
        await type_text(pilot, "th")
        assert names(home) == ["Runner's leg day", "Strength"]
        await pilot.press("ctrl+u")  # clear
        await pilot.pause()
        assert names(home) == ALL_NAMES
        await type_text(pilot, "CIRCUIT")  # case does not matter
        assert names(home) == ["Lower-body extras"]
        await type_text(pilot, "zzz")
        assert names(home) == []
        assert details_of(home) == "No routine matches the filter."
        await pilot.press("enter")  # nothing to start
        await pilot.pause()
        assert app.screen is home
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert names(home) == ALL_NAMES


async def test_enter_starts_the_selected_routine_and_last_done_follows(tmp_path: Path) -> None:
    app, clock, store = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        await pilot.press("down", "down", "down")  # Plyometrics
        await pilot.pause()
        assert details_of(home).startswith("Plyometrics")
        await pilot.press("slash")
        await type_text(pilot, "hips")
        assert names(home) == ["Lower-body extras"]
        await pilot.press("enter")
        await pilot.pause()

        d = Driver(pilot, clock)
        assert text(d.screen, "#routine-name") == "Lower-body extras"
        assert (d.index, d.read("#phase")) == (0, "GET READY")
        await d.run_to(2)  # one set done
        await d.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        await d.press("escape")

        home = home_of(app)
        assert names(home) == ["Lower-body extras"]  # the filter is kept
        details = details_of(home)
        assert "Last done " in details and "Not done yet" not in details
        session = list_sessions(store)[0]
        assert (session.routine_id, session.status, session.sets_done) == (
            "lower-body-extras",
            Status.STOPPED,
            1,
        )


async def test_back_home_the_routine_just_done_is_still_selected(tmp_path: Path) -> None:
    """The list reloads on the way back (a new "last done"); the selection stays put."""
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "down")
        await pilot.pause()
        assert details_of(home_of(app)).startswith("Stability")
        await pilot.press("enter")
        await pilot.pause()
        d = Driver(pilot, clock)
        assert text(d.screen, "#routine-name") == "Stability"
        await d.run_to(2)
        await d.press("q", "y", "escape")
        home = home_of(app)
        assert home.query_one("#routines", DataTable).cursor_row == 5
        details = details_of(home)
        assert details.startswith("Stability") and "Last done " in details

        # Back from a session the keys go to the list (Enter, arrows); typing still filters.
        assert app.focused is home.query_one("#routines", DataTable)
        await pilot.press("down")  # Strength
        await type_text(pilot, "streng")
        assert app.focused is home.query_one("#filter", Input)
        assert names(home) == ["Runner's leg day", "Strength"]
        assert details_of(home).startswith("Strength")


async def test_back_from_a_session_typing_starts_a_new_filter(tmp_path: Path) -> None:
    """The filter that found the routine stays shown; what is typed next replaces it
    ("stab" again is "stab", not "stabstab")."""
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "stab")
        await pilot.press("enter")
        await pilot.pause()
        d = Driver(pilot, clock)
        await d.run_to(2)
        await d.press("q", "y", "escape")
        home = home_of(app)
        assert home.query_one("#filter", Input).value == "stab"
        await type_text(pilot, "stab")
        assert home.query_one("#filter", Input).value == "stab"
        assert details_of(home).startswith("Stability")


async def test_details_show_when_a_routine_was_last_done(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    record(store, "stability", 2, end=True)
    app, _, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        await pilot.press("down", "down", "down", "down", "down")
        await pilot.pause()
        details = details_of(home)
        assert details.startswith("Stability")
        assert f"Last done {WALL.astimezone():%a %d %b %Y, %H:%M}" in details
        await pilot.press("up")
        await pilot.pause()
        assert "Not done yet" in details_of(home)


async def test_resume_offer_resumes_at_the_right_step_waiting_for_space(tmp_path: Path) -> None:
    session_id = interrupted(tmp_path, "strength", 3)  # prepare, set 1, rest
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await resume_offer(pilot)
        body = text(dialog, ".dialog-body")
        assert body.startswith(f"Strength, started {WALL.astimezone():%a %d %b, %H:%M}: ")
        assert "1 of 14 sets done" in body
        await pilot.press("enter")  # Resume has the focus
        await pilot.pause()

        d = Driver(pilot, clock)
        assert d.recorder.session_id == session_id
        assert (d.index, d.screen.session.state) == (3, State.READY)
        assert (d.read("#phase"), d.read("#title"), d.read("#detail")) == (
            "REPS",
            "Squats",
            "Set 2 of 4",
        )
        assert (d.read("#clock"), d.read("#hint")) == ("0:48", "Press Space to start")
        await d.advance(30)  # nobody is thrown into a set: it waits
        assert (d.read("#clock"), d.screen.session.state) == ("0:48", State.READY)
        await d.press("space")
        assert d.screen.session.state is State.RUNNING
        assert d.read("#hint") == ""
        await d.advance(6.5)
        assert d.read("#clock") == "0:42"
        assert d.read("#tempo").startswith("Rep 2 of 8")
        await d.finish_step()
        assert d.index == 4

    reopened = HistoryStore.open(tmp_path / "h.sqlite3")
    try:
        steps = reopened.steps(session_id)
        row = reopened.session(session_id)
    finally:
        reopened.close()
    # The same session carries on: the steps before the crash, then the resumed set.
    assert [step.step_index for step in steps] == [0, 1, 2, 3]
    assert (steps[3].outcome, steps[3].reps) == ("done", 8)
    assert row is not None and row.sets_done == 2


async def test_resume_offer_discard_keeps_the_session_in_history(tmp_path: Path) -> None:
    session_id = interrupted(tmp_path, "plyometrics", 2)
    app, _, store = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await resume_offer(pilot)
        await pilot.press("right", "enter")  # Discard
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert store.resumable() == []
        row = store.session(session_id)
        assert row is not None and row.status == Status.INTERRUPTED
        assert len(store.steps(session_id)) == 2


async def test_resume_offer_later_asks_again_next_time(tmp_path: Path) -> None:
    session_id = interrupted(tmp_path, "plyometrics", 2)
    app, _, store = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await resume_offer(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [row.id for row in store.resumable()] == [session_id]


async def test_typing_at_the_resume_offer_filters_and_decides_nothing(tmp_path: Path) -> None:
    """A newcomer types a routine's name over the offer: no letter resumes or discards;
    the offer closes as "later" and every letter lands in the filter."""
    session_id = interrupted(tmp_path, "plyometrics", 2)
    app, _, store = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await resume_offer(pilot)
        for key in ("r", "d", "l", "space"):  # the old shortcuts, and a button-pressing key
            await pilot.press(key)
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen), key
            assert home.query_one("#filter", Input).value.endswith(" " if key == "space" else key)
            await pilot.press("escape")  # clears the filter
            await pilot.pause()
            assert [row.id for row in store.resumable()] == [session_id]
            home.offer(store.resumable()[0])  # the offer again, for the next key
            await pilot.pause()
        await pilot.press("escape")
        await pilot.press(*"leg day")  # fast: keys arrive before the offer has gone
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#filter", Input).value == "leg day"
        assert [row.id for row in store.resumable()] == [session_id]


async def test_no_resume_offer_over_a_routine_started_from_the_command_line(tmp_path: Path) -> None:
    interrupted(tmp_path, "plyometrics", 2)
    app, clock, _ = make_app(tmp_path, routine="strength")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        d = Driver(pilot, clock)
        assert text(d.screen, "#routine-name") == "Strength"
        assert d.screen.session.state is State.RUNNING


async def test_stopping_a_resumed_session_before_it_starts_shows_the_summary(
    tmp_path: Path,
) -> None:
    interrupted(tmp_path, "strength", 3)
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await resume_offer(pilot)
        await pilot.press("enter")  # Resume has the focus
        await pilot.pause()
        d = Driver(pilot, clock)
        assert d.screen.session.state is State.READY
        await d.press("q")
        await d.press("y")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert text(summary, "#summary-title") == "Session stopped early: Strength"
        assert "1 of 14 sets done" in text(summary, "#summary-totals")  # from before the crash
        await d.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_stopping_a_resumed_session_before_it_starts_records_it_stopped(
    tmp_path: Path,
) -> None:
    session_id = interrupted(tmp_path, "strength", 3)
    app, _, store = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await resume_offer(pilot)
        await pilot.press("enter")  # Resume has the focus
        await pilot.pause()
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        row = store.session(session_id)
        assert row is not None
        assert row.status == Status.STOPPED  # the dialog said "saved as stopped early"


# ------------------------------------------------------------------ deleting a routine

HILL_LEGS = """\
name = "Hill legs"

[[exercises]]
name = "Side plank"
hold = 20
per_side = true
"""


def own_routine(user_routines: Path, routine_id: str, body: str) -> Path:
    path = user_routines / f"{routine_id}.toml"
    path.write_text(body, encoding="utf-8")
    return path


def select_named(home: HomeScreen, name: str) -> None:
    table = home.query_one("#routines", DataTable)
    table.move_cursor(row=names(home).index(name), animate=False)


def messages(app: LegTimerApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_d_deletes_an_own_routine_after_asking(tmp_path: Path, user_routines: Path) -> None:
    path = own_routine(user_routines, "hill-legs", HILL_LEGS)
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    session_id = record(store, "hill-legs", 3, end=True)
    app, _, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        assert names(home) == ["Hill legs", *ALL_NAMES]
        select_named(home, "Hill legs")
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert text(dialog, ".dialog-title") == "Delete 'Hill legs'?"
        body = text(dialog, ".dialog-body")
        assert "routines/hill-legs.toml is removed" in body
        assert "Past sessions keep their own copy of the routine in your history." in body
        assert "built-in" not in body
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert app.screen is home and path.exists()
        assert names(home) == ["Hill legs", *ALL_NAMES]

        await pilot.press("delete", "y")
        await pilot.pause()
        assert app.screen is home
        assert not path.exists()
        assert names(home) == ALL_NAMES  # the list is read again
        assert "Deleted 'Hill legs'." in messages(app)
        # The history keeps the session, and its own copy of the routine.
        assert store.session(session_id) is not None
        copy = store.routine_copy(session_id)
        assert copy is not None and "Hill legs" in str(copy)


async def test_deleting_an_own_copy_of_a_built_in_brings_the_built_in_back(
    tmp_path: Path, user_routines: Path
) -> None:
    path = own_routine(user_routines, "strength", HILL_LEGS.replace("Hill legs", "My strength"))
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        assert names(home)[0] == "My strength"
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "The built-in routine with the same id is used again." in text(
            dialog, ".dialog-body"
        )
        await pilot.press("y")
        await pilot.pause()
        assert not path.exists()
        assert names(home) == ALL_NAMES
        table = home.query_one("#routines", DataTable)
        assert str(table.get_row_at(ALL_NAMES.index("Strength"))[1]) == "built-in"


async def test_built_in_routines_are_never_deleted(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        select_named(home, "Strength")
        await pilot.press("delete")
        await pilot.pause()
        assert app.screen is home  # no question: nothing to ask
        assert names(home) == ALL_NAMES
        assert any("Built-in routines cannot be deleted" in m for m in messages(app))
        for entry in home.entries:
            assert entry.path.exists()


async def test_a_broken_own_routine_can_be_deleted(tmp_path: Path, user_routines: Path) -> None:
    path = own_routine(user_routines, "broken", 'name = "Broken"\n[[exercises]]\nname = "X"\n')
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        assert names(home)[0] == "broken"
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert text(app.screen, ".dialog-title") == "Delete 'broken'?"
        await pilot.press("y")
        await pilot.pause()
        assert not path.exists()
        assert names(home) == ALL_NAMES


async def test_typing_d_in_the_filter_does_not_delete(tmp_path: Path, user_routines: Path) -> None:
    path = own_routine(user_routines, "hill-legs", HILL_LEGS)
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = home_of(app)
        await pilot.press("slash")
        await type_text(pilot, "legs d")
        await pilot.press("left", "delete")  # with text in the filter, Del edits it
        await pilot.pause()
        assert app.screen is home
        assert home.query_one("#filter", Input).value == "legs "
        assert path.exists()


async def test_a_locked_history_holding_an_interrupted_session_is_a_notice_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legtimer.core.history import opening
    from tests.reliability.test_reliability_storage import held_lock

    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 200)
    interrupted(tmp_path, "strength", 3)
    app, _, _ = make_app(tmp_path)
    with held_lock(tmp_path / "h.sqlite3"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and app.return_code is None
            assert any(
                "is locked by another program" in m and "cannot be marked interrupted" in m
                for m in messages(app)
            )


async def test_a_session_taken_up_elsewhere_meanwhile_is_not_resumed_twice(
    tmp_path: Path,
) -> None:
    session_id = interrupted(tmp_path, "strength", 3)
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        other = HistoryStore.open(tmp_path / "h.sqlite3")  # another legtimer resumes it first
        other.reopen(session_id)
        other.close()
        await pilot.press("enter")  # Resume has the focus
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("is running in another legtimer" in m for m in messages(app))


async def test_details_show_todays_targets_from_the_history(tmp_path: Path) -> None:
    """After a session done in full, home's details list what the next session asks:
    the grown target with its reason, and the total of today's plan."""
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    factories.record(store, "stability", start=datetime.now(UTC) - timedelta(days=1))
    app, _, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = home_of(app)
        await type_text(pilot, "stability")
        details = details_of(home)
        assert details.startswith("Stability")
        assert "15 sets, 23 min in all" in details  # today's plan, not the file's 21 min
        assert "3 × 9 reps per side (+1 after 3/3 sets each side at 8 reps yesterday)" in details
        assert "3 × 45 s (+5 after 3/3 sets at 40 s yesterday)" in details
