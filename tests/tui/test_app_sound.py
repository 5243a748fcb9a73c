"""The app's one sink: opened soon after home shows, lent to every session, left open
between them, and opened anew only when a setting it is made from changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from legtimer.core.session import FakeClock
from legtimer.core.settings import Settings
from legtimer.cues.sinks import RecordingSink
from legtimer.tui import app as app_module
from legtimer.tui.app import LegTimerApp
from legtimer.tui.context import AppCues
from legtimer.tui.screens.session import SessionScreen
from legtimer.tui.screens.summary import SummaryScreen
from tests.support.tui import QUIET, Driver, make_app

SIZE = (80, 24)
SOUND = replace(QUIET, sound=True)


class Opener:
    """Opens a RecordingSink each time it is asked, and keeps them all."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sinks: list[RecordingSink] = []
        self.settings: list[Settings] = []

    def __call__(self, settings: Settings, ring: Callable[[], None]) -> RecordingSink:
        self.sinks.append(RecordingSink(self.clock))
        self.settings.append(settings)
        return self.sinks[-1]


async def _opened(pilot: Pilot[None], opener: Opener) -> None:
    """Until the app's warm-up (a 1 ms timer here, then a worker) has opened a sink."""
    for _ in range(200):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if opener.sinks:
            return


def _no_report(message: str) -> None:
    raise AssertionError(message)


def test_sessions_share_one_sink_and_a_session_end_leaves_it_open() -> None:
    opener = Opener(FakeClock())
    cues = AppCues(opener)
    first = cues(SOUND, lambda: None, _no_report)
    first.close()
    second = cues(SOUND, lambda: None, _no_report)
    assert len(opener.sinks) == 1
    assert first.sink is second.sink is opener.sinks[0]
    assert not opener.sinks[0].closed


@pytest.mark.parametrize(
    "change",
    [{"volume": 40}, {"sound": False}, {"sound_dir": "/tmp/my-cues"}, {"bell": True}],
)
def test_a_setting_the_sink_is_made_from_opens_a_new_one(change: dict[str, object]) -> None:
    opener = Opener(FakeClock())
    cues = AppCues(opener)
    cues.warm(SOUND, lambda: None)
    changed = replace(SOUND, **change)  # type: ignore[arg-type]
    session = cues(changed, lambda: None, _no_report)
    assert len(opener.sinks) == 2 and opener.sinks[0].closed
    assert session.sink is opener.sinks[1] and opener.settings[1] == changed


def test_other_settings_keep_the_sink() -> None:
    opener = Opener(FakeClock())
    cues = AppCues(opener)
    cues.warm(SOUND, lambda: None)
    cues(replace(SOUND, metronome=False, get_ready=5), lambda: None, _no_report)
    assert len(opener.sinks) == 1 and not opener.sinks[0].closed


@pytest.fixture
def opener(monkeypatch: pytest.MonkeyPatch) -> Opener:
    """Sinks for an app whose warm-up comes at once (a 1 ms timer, not half a second)."""
    monkeypatch.setattr(app_module, "WARM_SOUND_SECONDS", 0.001)
    return Opener(FakeClock())


def _app(tmp_path: Path, opener: Opener, routine: str | None = None) -> LegTimerApp:
    cues = AppCues(opener)
    app, _, _ = make_app(tmp_path, routine=routine, clock=opener.clock, settings=SOUND, cues=cues)
    return app


async def test_home_opens_the_sink_before_the_first_session_which_uses_it(
    tmp_path: Path, opener: Opener
) -> None:
    app = _app(tmp_path, opener)
    async with app.run_test(size=SIZE) as pilot:
        await _opened(pilot, opener)
        assert len(opener.sinks) == 1  # on home, before any session
        for _ in range(2):
            await pilot.press("enter")  # the first routine
            await pilot.pause()
            d = Driver(pilot, opener.clock)
            assert isinstance(d.screen, SessionScreen) and d.screen.cues is not None
            assert d.screen.cues.sink is opener.sinks[0]
            await d.advance(10)
            assert opener.sinks[0].played  # the 3-2-1 and go went through it
            await d.press("q", "y")
            assert isinstance(app.screen, SummaryScreen)
            await d.press("escape")
        assert len(opener.sinks) == 1 and not opener.sinks[0].closed


async def test_legtimer_run_opens_the_sink_with_its_session(tmp_path: Path, opener: Opener) -> None:
    app = _app(tmp_path, opener, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert len(opener.sinks) == 1  # opened by the session itself, at once
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.cues is not None
        assert screen.cues.sink is opener.sinks[0]
