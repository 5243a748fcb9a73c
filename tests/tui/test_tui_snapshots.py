"""How the screens look: SVG snapshots at 100x30, and every screen at tiny and huge sizes.

Snapshots are deterministic: a frozen FakeClock moved only by the setup, an
empty history (home shows no "last done" date), bells and flashes off, and
no blinking cursor. Regenerate after an intended change with
`pytest tests/test_tui_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label

from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.screens.session import SessionScreen
from legtimer.tui.screens.settings import SettingsScreen
from legtimer.tui.screens.summary import SummaryScreen
from tests.support.factories import recorded
from tests.support.tui import Driver, make_app, text

SIZE = (100, 30)

Setup = Callable[[Driver], Awaitable[None]]
SnapCompare = Callable[..., bool]  # pytest-textual-snapshot's fixture


# ----------------------------------------------------------------- scenes


async def hold(d: Driver) -> None:
    """Stability: the stability-ball plank (step 25), 12 s into its 40 s."""
    await d.run_to(25)
    await d.advance(12.25)


async def paced_reps(d: Driver) -> None:
    """Runner's leg day: calf raises 3.5 s in, rep 1, in the HOLD phase."""
    await d.advance(10)
    await d.advance(3.5)


async def rest(d: Driver) -> None:
    """Runner's leg day: the rest after set 1 of calf raises, 10 s in."""
    await d.run_to(2)
    await d.advance(10)


async def switch_sides(d: Driver) -> None:
    """Runner's leg day: lunges, switching from left to right."""
    await d.run_to(14)
    await d.advance(2)


async def get_ready_side(d: Driver) -> None:
    """Flexibility: get ready for leg swings, left side first, 1.5 s in."""
    await d.advance(1.5)


async def hold_side(d: Driver) -> None:
    """Endurance intervals: the calf stretch on the left, 5 s into its 30 s."""
    await d.run_to(22)
    await d.advance(5.25)


async def paced_side(d: Driver) -> None:
    """Runner's leg day: lunges on the left, rep 1 in its UP phase."""
    await d.run_to(13)
    await d.advance(2.5)


async def paused_hold(d: Driver) -> None:
    """The calf stretch on the left, paused 5 s in."""
    await hold_side(d)
    await d.press("space")


async def summary(d: Driver) -> None:
    """Stability, stopped early after the first exercise with one set skipped; effort typed."""
    await d.run_to(9)
    await d.press("n")  # set 3, left: skipped
    await d.run_to(12)
    await d.advance(30)
    await d.press("q", "y")
    screen = d.app.screen
    assert isinstance(screen, SummaryScreen)
    for field in screen.query(Input):
        field.cursor_blink = False
    await d.app.workers.wait_for_complete()  # next time, read from the history
    await d.press("7")


async def summary_second_time(d: Driver) -> None:
    """Stability in full, after a first session in full: last time, bests, next time."""
    await d.run_to(len(d.screen.session.plan.steps) - 1)
    await d.finish_step()
    screen = d.app.screen
    assert isinstance(screen, SummaryScreen)
    for field in screen.query(Input):
        field.cursor_blink = False
    await d.app.workers.wait_for_complete()


async def help_modal(d: Driver) -> None:
    await d.advance(13.5)
    await d.press("question_mark")
    assert isinstance(d.app.screen, HelpScreen)


async def confirm_dialog(d: Driver) -> None:
    await d.advance(13.5)
    await d.press("q")
    assert isinstance(d.app.screen, ConfirmDialog)


async def nothing(d: Driver) -> None:
    return None


def scene(
    tmp_path: Path, routine: str | None, setup: Setup
) -> tuple[LegTimerApp, Callable[[Pilot[None]], Awaitable[None]]]:
    app, clock, _ = make_app(tmp_path, routine=routine)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await setup(Driver(pilot, clock))
        await pilot.pause()

    return app, run_before


# ----------------------------------------------------------------- snapshots


def test_snapshot_home(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """All seven built-ins, the first selected, its details: "Not done yet" (empty history)."""
    app, run_before = scene(tmp_path, None, nothing)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def typed_stab(d: Driver) -> None:
    """A newcomer types part of a routine's name: the list narrows, the best match is chosen."""
    await d.pilot.press(*"stab")
    for field in d.app.screen.query(Input):
        field.cursor_blink = False


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_snapshot_home_filtered(
    tmp_path: Path, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """ "stab" typed: Stability selected (name before tags), its details whole, the footer whole."""
    app, run_before = scene(tmp_path, None, typed_stab)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_session_hold(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """HOLD in the hold colour, 0:28 left of the plank, set 1 of 3, next up set 2."""
    app, run_before = scene(tmp_path, "stability", hold)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_session_paced_reps(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """REPS, 1:09 left; "Rep 1 of 12   UP 2 · [HOLD 2] · DOWN 2" and two beat dots."""
    app, run_before = scene(tmp_path, "runners-leg-day", paced_reps)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_session_rest(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """REST, 0:35 left; "Next: Calf raises, set 2 of 3, 12 reps"; Enter to continue now."""
    app, run_before = scene(tmp_path, "runners-leg-day", rest)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_session_switch_sides(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """SWITCH SIDES, 0:03 left; "Next: Lunges, right, set 1 of 3, 8 reps"."""
    app, run_before = scene(tmp_path, "runners-leg-day", switch_sides)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


PHASE_SIZES = [(80, 24), (160, 48)]
PHASE_SCENES: dict[str, tuple[str, Setup]] = {
    "get-ready": ("flexibility", get_ready_side),
    "hold-side": ("endurance-intervals", hold_side),
    "paced-reps": ("runners-leg-day", paced_side),
    "rest": ("runners-leg-day", rest),
    "switch-sides": ("runners-leg-day", switch_sides),
    "paused": ("endurance-intervals", paused_hold),
}


@pytest.mark.parametrize("size", PHASE_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(PHASE_SCENES))
def test_snapshot_session_phase(
    tmp_path: Path, snap_compare: SnapCompare, name: str, size: tuple[int, int]
) -> None:
    """Each phase at 80x24 and 160x48: the clock as big as it fits, the side beside or
    above it, the phase in its own colour; all of phase, exercise, cue and next on screen."""
    routine, setup = PHASE_SCENES[name]
    app, run_before = scene(tmp_path, routine, setup)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_summary(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """Stopped early: planned versus done per exercise and side, effort 7 typed."""
    app, run_before = scene(tmp_path, "stability", summary)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_summary_after_a_first_session(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """At 80x24: every number whole, last time beside done, ★ on the bests, next time."""
    app, clock, store = make_app(tmp_path, routine="stability")
    recorded(store, "stability")

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await summary_second_time(Driver(pilot, clock))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_settings_at_80x24(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """The settings from home (Ctrl+O): every field with its hint, Play each cue, Save and
    Cancel, and the file they are kept in; sound and voice off (the test settings)."""

    async def open_settings(d: Driver) -> None:
        await d.press("ctrl+o")
        assert isinstance(d.app.screen, SettingsScreen)
        for field in d.app.screen.query(Input):
            field.cursor_blink = False
        # The test's config folder changes with every run: show the usual one.
        d.app.screen.query_one("#settings-file", Label).update(
            "Kept in ~/.config/legtimer/settings.toml"
        )

    app, run_before = scene(tmp_path, None, open_settings)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# ----------------------------------------------------------------- extreme sizes


def _visible(widget: Widget, screen_region: Region) -> bool:
    region = widget.region
    return widget.display and region.area > 0 and screen_region.contains_region(region)


def _session_readable(d: Driver) -> None:
    """The phase and the clock are on screen, whatever is on top of the session."""
    screen = d.screen if isinstance(d.app.screen, SessionScreen) else d.app.screen_stack[-2]
    assert isinstance(screen, SessionScreen)
    whole = screen.region
    assert _visible(screen.query_one("#phase"), whole), screen.query_one("#phase").region
    assert _visible(screen.query_one("#clock"), whole), screen.query_one("#clock").region
    assert text(screen, "#phase") in {"HOLD", "REPS", "PAUSED"}
    assert text(screen, "#clock")


SIZES = [(40, 12), (250, 80)]
SCENES: dict[str, tuple[str | None, Setup]] = {
    "home": (None, nothing),
    "hold": ("stability", hold),
    "paced-reps": ("runners-leg-day", paced_reps),
    "summary": ("stability", summary),
    "help": ("runners-leg-day", help_modal),
    "confirm": ("runners-leg-day", confirm_dialog),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(SCENES))
async def test_every_screen_fits_tiny_and_huge_terminals(
    tmp_path: Path, name: str, size: tuple[int, int]
) -> None:
    routine, setup = SCENES[name]
    app, clock, _ = make_app(tmp_path, routine=routine)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        d = Driver(pilot, clock)
        await setup(d)
        await pilot.pause()
        screen = app.screen
        whole = screen.region
        assert whole.size == size
        if name == "home":
            assert isinstance(screen, HomeScreen)
            assert _visible(screen.query_one("#routines"), whole)
            assert _visible(screen.query_one("#filter"), whole)
            assert screen.query_one("#details-pane").display == (size[0] >= 70)
        elif name == "summary":
            assert isinstance(screen, SummaryScreen)
            assert _visible(screen.query_one("#summary-title"), whole)
            assert text(screen, "#summary-title").startswith("Session stopped early")
        else:
            _session_readable(d)
            if name in ("help", "confirm"):
                dialog = screen.query_one(".dialog")
                assert _visible(dialog, whole), dialog.region
                assert _visible(screen.query_one(".dialog-title"), whole)
