"""The session read from across a room: a clock that scales, the side, paced reps, colours.

Pilot tests on a fake clock at the sizes people use (80x24, 120x40, 200x60) and small
ones (60x20, 40x12): what is drawn big, what stays on screen, what the cue keeps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets._footer import FooterKey, FooterLabel

from legtimer.core.plan import StepKind
from legtimer.core.session import FakeClock
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.dialogs import HelpScreen
from legtimer.tui.screens.session import SessionScreen
from legtimer.tui.widgets.session.big_clock import BigClock
from legtimer.tui.widgets.session.block_font import render, rows
from legtimer.tui.widgets.session.phase import PhaseBanner
from legtimer.tui.widgets.session.step_cue import StepCue
from tests.support.tui import Driver, make_app, text

FLEXIBILITY_PREPARE = 0  # get ready for leg swings, left first
ENDURANCE_REST_BEFORE_STRETCH = 21
ENDURANCE_STRETCH_LEFT = 22  # a 30 s hold on the left
ENDURANCE_SWITCH = 23


def big(screen: SessionScreen) -> BigClock:
    return screen.query_one("#clock", BigClock)


def headline_rows(clock: BigClock) -> int:
    """How many rows high the clock (or the rep) is drawn; 1 when it is plain text."""
    scale = clock.drawing.scale
    return rows(scale) if scale else 1


def drawn(clock: BigClock, word: str) -> bool:
    """Whether `word` is drawn in the block font (at any scale) in the clock's space."""
    lines = clock.lines
    return any(
        all(part in line for part, line in zip(render(word, scale), lines[start:], strict=False))
        for scale in range(1, 17)
        for start in range(len(lines) - rows(scale) + 1)
    )


def on_screen(widget: Widget) -> bool:
    screen = widget.screen.region
    region = widget.region
    return widget.display and region.area > 0 and screen.contains_region(region)


def cue_lines(cue: StepCue) -> list[str]:
    """The cue's lines as drawn in its region."""
    width, height = cue.size
    strips = cue.render_lines(Region(0, 0, width, height))
    return [strip.text for strip in strips]


def assert_cue_whole(screen: SessionScreen) -> None:
    """Every word of the cue is drawn, and the cue's box is inside its parent's and the screen's."""
    cue = screen.query_one("#cue", StepCue)
    assert cue.cue
    assert on_screen(cue), cue.region
    assert cue.parent is not None and isinstance(cue.parent, Widget)
    assert cue.parent.region.contains_region(cue.region), (cue.region, cue.parent.region)
    shown = " ".join(cue_lines(cue)).split()
    assert shown == cue.cue.split()


# ----------------------------------------------------------------- a clock that scales


@pytest.mark.parametrize(
    ("size", "at_least"),
    [((80, 24), 5), ((120, 40), 10), ((200, 60), 20)],
    ids=lambda value: f"{value[0]}x{value[1]}" if isinstance(value, tuple) else str(value),
)
async def test_the_clock_fills_the_space_it_has(
    tmp_path: Path, size: tuple[int, int], at_least: int
) -> None:
    """A per-side hold: the clock at least N rows high, with the side, phase, exercise, cue
    and next step all on screen."""
    app, clock, _ = make_app(tmp_path, routine="endurance-intervals")
    async with app.run_test(size=size) as pilot:
        d = Driver(pilot, clock)
        await d.run_to(ENDURANCE_STRETCH_LEFT)
        await d.advance(5.5)
        screen = d.screen
        assert (d.read("#phase"), d.read("#clock")) == ("HOLD", "0:25")
        assert headline_rows(big(screen)) >= at_least
        assert drawn(big(screen), "0:25") and drawn(big(screen), "LEFT")
        for selector in ("#phase", "#title", "#clock", "#cue", "#next-up"):
            assert on_screen(screen.query_one(selector)), selector
        assert_cue_whole(screen)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_nothing_is_cut_in_a_paced_per_side_set(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app, clock, _ = make_app(tmp_path, routine="runners-leg-day")
    async with app.run_test(size=size) as pilot:
        d = Driver(pilot, clock)
        await d.run_to(13)  # lunges, left, rep 1 going down
        screen = d.screen
        for selector in ("#phase", "#title", "#clock", "#cue", "#next-up"):
            assert on_screen(screen.query_one(selector)), selector
        assert_cue_whole(screen)
        assert drawn(big(screen), "LEFT") and drawn(big(screen), "1/8")
        assert drawn(big(screen), "DOWN")
        assert headline_rows(big(screen)) >= (5 if size[0] >= 80 else 3)


async def test_a_tiny_terminal_keeps_the_clock_and_the_phase(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="endurance-intervals")
    async with app.run_test(size=(40, 12)) as pilot:
        d = Driver(pilot, clock)
        await d.run_to(ENDURANCE_STRETCH_LEFT)
        screen = d.screen
        assert on_screen(screen.query_one("#phase")) and on_screen(big(screen))
        assert headline_rows(big(screen)) >= 3
        assert drawn(big(screen), "0:30") and drawn(big(screen), "LEFT")


async def test_the_clock_repaints_only_what_changes_when_it_changes(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="endurance-intervals")
    async with app.run_test(size=(80, 24)) as pilot:
        d = Driver(pilot, clock)
        await d.run_to(ENDURANCE_STRETCH_LEFT)
        await d.advance(0.5)
        widget = big(d.screen)
        repainted: list[tuple[Region, ...]] = []
        original = widget.refresh

        def counting(*regions: Region, **options: bool) -> BigClock:
            repainted.append(regions)
            return original(*regions, **options)

        widget.refresh = counting  # type: ignore[method-assign]
        for _ in range(3):
            await d.advance(0.1)  # 0:30 throughout
        assert repainted == []
        await d.advance(0.5)  # 0:29: the last two digits change, "LEFT" and "0:" do not
        assert d.read("#clock") == "0:29"
        [(box,)] = repainted
        assert 0 < box.area < widget.size.area // 2
        assert box.height <= headline_rows(widget)  # rows both digits share are not repainted


# ----------------------------------------------------------------- the side


async def test_the_side_is_drawn_big_in_every_phase_of_a_per_side_exercise(
    tmp_path: Path,
) -> None:
    app, clock, _ = make_app(tmp_path, routine="flexibility")
    async with app.run_test(size=(80, 24)) as pilot:
        d = Driver(pilot, clock)
        clock_widget = big(d.screen)
        assert (d.index, d.read("#phase")) == (FLEXIBILITY_PREPARE, "GET READY")
        assert drawn(clock_widget, "LEFT") and not drawn(clock_widget, "RIGHT")
        await d.run_to(1)
        assert d.read("#phase") == "WORK" and drawn(clock_widget, "LEFT")
        await d.run_to(2)
        assert d.read("#phase") == "SWITCH SIDES"
        assert drawn(clock_widget, "RIGHT") and not drawn(clock_widget, "LEFT")
        assert re.match(r"Next: Leg swings, right\b", d.read("#next-up"))
        await d.run_to(3)
        assert d.read("#phase") == "WORK" and drawn(clock_widget, "RIGHT")
        await d.run_to(4)  # walking lunges: no sides
        assert d.read("#phase") == "GET READY"
        assert not drawn(clock_widget, "LEFT") and not drawn(clock_widget, "RIGHT")


async def test_the_side_shows_in_a_hold_its_rest_and_its_switch(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="endurance-intervals")
    async with app.run_test(size=(80, 24)) as pilot:
        d = Driver(pilot, clock)
        await d.run_to(ENDURANCE_REST_BEFORE_STRETCH)
        assert d.kind is StepKind.REST and drawn(big(d.screen), "LEFT")
        await d.run_to(ENDURANCE_STRETCH_LEFT)
        assert d.kind is StepKind.HOLD and drawn(big(d.screen), "LEFT")
        await d.run_to(ENDURANCE_SWITCH)
        assert d.kind is StepKind.SWITCH and drawn(big(d.screen), "RIGHT")


# ----------------------------------------------------------------- paced reps, pause


async def test_paced_reps_draw_the_rep_and_the_tempo_phase_big(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="runners-leg-day")
    async with app.run_test(size=(120, 40)) as pilot:
        d = Driver(pilot, clock)
        await d.run_to(1)
        await d.advance(2.5)  # calf raises: rep 1, HOLD
        widget = big(d.screen)
        assert drawn(widget, "1/12") and drawn(widget, "HOLD")
        assert not drawn(widget, "1:10")
        assert widget.secondary == "1:10 left in this set"
        assert d.read("#clock") == "1:10"
        assert headline_rows(widget) >= 10


async def test_a_pause_is_drawn_big_and_the_footer_says_resume(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="endurance-intervals")
    async with app.run_test(size=(80, 24)) as pilot:
        d = Driver(pilot, clock)
        await d.run_to(ENDURANCE_STRETCH_LEFT)
        assert d.screen.active_bindings["space"].binding.description == "Pause"
        await d.press("space")
        assert d.read("#phase") == "PAUSED"
        assert drawn(big(d.screen), "PAUSED") and drawn(big(d.screen), "LEFT")
        assert d.screen.active_bindings["space"].binding.description == "Resume"
        await d.press("space")
        assert d.read("#phase") == "HOLD" and not drawn(big(d.screen), "PAUSED")
        assert d.screen.active_bindings["space"].binding.description == "Pause"


# ----------------------------------------------------------------- cues


@pytest.mark.parametrize("columns", [40, 80, 250])
async def test_cues_wrap_and_keep_every_word(tmp_path: Path, columns: int) -> None:
    app, clock, _ = make_app(tmp_path, routine="runners-leg-day")
    async with app.run_test(size=(columns, 30)) as pilot:
        d = Driver(pilot, clock)
        for step in (0, 7, 13):  # calf raises, squats, lunges
            await d.run_to(step)
            assert_cue_whole(d.screen)


# ----------------------------------------------------------------- colours


async def test_every_phase_has_its_own_colour_in_every_theme(tmp_path: Path) -> None:
    app, _clock, _ = make_app(tmp_path, routine="runners-leg-day")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        banner = screen.query_one(PhaseBanner)
        phases = [f"-{kind.value}" for kind in StepKind] + ["-paused"]
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            colours = {}
            for phase in phases:
                banner.set_classes(phase)
                app.stylesheet.apply(banner)
                colours[phase] = banner.styles.background.hex
            assert len(set(colours.values())) == len(phases), (theme, colours)
        assert text(screen, "#phase")


LOADED_REPS = """
name = "Loaded"
[[exercises]]
name = "Goblet squats"
reps = 8
load = 12.5
sets = 2
"""


def _loaded_app(tmp_path: Path) -> tuple[LegTimerApp, FakeClock]:
    routine = tmp_path / "loaded.toml"
    routine.write_text(LOADED_REPS, "utf-8")
    app, clock, _ = make_app(tmp_path, routine=str(routine))
    return app, clock


async def _at_the_set(pilot: Pilot[None], clock: FakeClock) -> Driver:
    """The loaded reps set under way: the busiest footer (reps, load, mute, help)."""
    d = Driver(pilot, clock)
    await pilot.pause()
    await d.run_to(1)
    await pilot.pause()
    assert d.screen.session.step.kind is StepKind.REPS
    return d


def _footer(screen: SessionScreen) -> tuple[set[str], int]:
    """What the footer shows (key descriptions and group labels) and its rightmost column."""
    keys = list(screen.query(FooterKey))
    shown = {key.description for key in keys} | {
        str(label.content) for label in screen.query(FooterLabel)
    }
    return shown, max(key.region.right for key in keys)


async def test_every_footer_key_fits_at_80_columns_on_a_loaded_reps_set(tmp_path: Path) -> None:
    """The busiest footer (reps, load, mute, help) is whole at 80 columns."""
    app, clock = _loaded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        d = await _at_the_set(pilot, clock)
        shown, right = _footer(d.screen)
        assert {"Pause", "Done", "Skip", "Back", "Reps", "Load", "Stop", "Mute", "Help"} <= shown
        assert right <= 80


async def test_a_narrow_footer_leaves_out_back_and_help_which_still_work(tmp_path: Path) -> None:
    """At 60 columns the busiest footer would cut "Help" to "He": it leaves out Back and
    Help instead; b and ? still do their work, and ? lists Back and Help once."""
    app, clock = _loaded_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        d = await _at_the_set(pilot, clock)
        screen = d.screen
        shown, right = _footer(screen)
        assert {"Pause", "Done", "Skip", "Reps", "Load", "Stop", "Mute"} <= shown
        assert not {"Back", "Help"} & shown and right <= 60
        await d.press("b")  # back to the get-ready before the set
        assert d.index == 0
        await d.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        listed = [binding.description for binding in help_screen.bindings]
        assert listed.count("Back") == 1 and listed.count("Help") == 1
        await d.press("escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        shown, right = _footer(screen)
        assert {"Back", "Help"} <= shown and right <= 80
