"""Shared helpers for the Textual tests: an app on a fake clock, and reading the screen.

Nothing here sleeps: time moves only when a test calls `advance`, which moves
the FakeClock and runs the session screen's tick by hand, exactly as the
screen's own timer would.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from legtimer.core.history import HistoryStore
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import StepKind
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock
from legtimer.core.settings import Settings
from legtimer.tui.app import LegTimerApp
from legtimer.tui.context import CuesFactory, SinkFactory
from legtimer.tui.screens.session import SessionScreen
from legtimer.tui.widgets.session.big_clock import BigClock
from tests.support.cues import RecordedCues, RecordedSinks

# Bells, flashes, tones and speech change nothing a test reads; keep them off unless a
# test is about them (an app from `make_app` records its cues instead of playing them).
QUIET = Settings(bell=False, flash=False, sound=False, speak=False)


def make_app(
    tmp_path: Path,
    *,
    routine: str | None = None,
    settings: Settings = QUIET,
    store: HistoryStore | None = None,
    clock: FakeClock | None = None,
    cues: CuesFactory | None = None,
    sinks: SinkFactory | None = None,
) -> tuple[LegTimerApp, FakeClock, HistoryStore]:
    """An app on a frozen FakeClock and a fresh history file; `routine` starts it running.
    Its sessions' cues are recorded (a `RecordedCues`) unless `cues` says otherwise, and
    so are the cues tried on the settings screen (a `RecordedSinks`, or `sinks`)."""
    clock = clock or FakeClock()
    store = store or HistoryStore.open(tmp_path / "h.sqlite3")
    app = LegTimerApp(
        clock=clock,
        store=store,
        settings=settings,
        routine=resolve(routine) if routine else None,
        start="run" if routine else "home",
        cues=cues or RecordedCues(clock),
        sinks=sinks or RecordedSinks(clock),
    )
    return app, clock, store


def text(root: Widget, selector: str) -> str:
    """What a Label/Static (its plain text) or the big clock (its value) shows."""
    widget = root.query_one(selector)
    if isinstance(widget, BigClock):
        return widget.value
    assert isinstance(widget, Static), widget  # Label is a Static
    return rendered(widget)


def rendered(widget: Static) -> str:
    """A Static's text as shown: its plain text, or a Rich renderable (a table) printed."""
    if not widget.display:
        return ""
    content = widget.content
    if not isinstance(content, str | Content | Text):  # a Rich renderable: a table, say
        console = Console(width=widget.size.width or 80, record=True, file=io.StringIO())
        console.print(content)
        return console.export_text().strip()
    return str(widget.visual).strip()


def shown(root: Widget, selector: str) -> bool:
    return root.query_one(selector).display


class Driver:
    """Drives a SessionScreen through a pilot with a fake clock."""

    def __init__(self, pilot: Pilot[None], clock: FakeClock) -> None:
        self.pilot = pilot
        self.clock = clock

    @property
    def app(self) -> LegTimerApp:
        app = self.pilot.app
        assert isinstance(app, LegTimerApp)
        return app

    @property
    def screen(self) -> SessionScreen:
        screen = self.app.screen
        assert isinstance(screen, SessionScreen), f"on {type(screen).__name__}"
        return screen

    @property
    def recorder(self) -> Recorder:
        """The session's recorder, its writer thread done with what is pending so far
        (it writes in the background: a test reads the history only once it has)."""
        recorder = self.screen.recorder
        recorder.save_pending()
        return recorder

    @property
    def index(self) -> int:
        return self.screen.session.index

    @property
    def kind(self) -> StepKind:
        return self.screen.session.step.kind

    def read(self, selector: str) -> str:
        return text(self.screen, selector)

    async def advance(self, seconds: float) -> None:
        """Move the clock and let the screen notice, as its timer would."""
        screen = self.app.screen
        self.clock.advance(seconds)
        if isinstance(screen, SessionScreen):
            screen.tick()
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def finish_step(self) -> None:
        """Let the current timed step run out (a second past its end)."""
        session = self.screen.session
        remaining = session.remaining()
        assert remaining is not None, "a self-paced set does not end by itself"
        await self.advance(remaining)

    async def run_to(self, index: int) -> None:
        """Let the clock run up to step `index` (self-paced sets: done after their estimate).

        Drives the screen directly, as its timer and keys would, and lets the UI
        settle once at the end: fast enough to cross a whole routine.
        """
        screen = self.screen
        while screen.session.index < index:
            session = screen.session
            assert not session.over, f"the session ended before step {index}"
            remaining = session.remaining()
            if remaining is None:
                self.clock.advance(session.step_length())
                screen.action_done()
            else:
                self.clock.advance(remaining)
                screen.tick()
        await self.pilot.pause()


def footer_keys(app: LegTimerApp) -> set[str]:
    """What the footer offers now: the descriptions of the screen's keys that apply."""
    return {
        active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show and active.enabled
    }
