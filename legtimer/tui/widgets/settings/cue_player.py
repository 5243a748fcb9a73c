"""Try the cues out: every cue in turn, with its name, through the settings being edited.

The sink is opened with the values on the screen (volume, sound folder), not the
saved ones, so a person hears a change before keeping it. Nothing here waits:
opening a sink returns at once (the device opens in the background), each cue
is started and the next one comes on a timer.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Button, Label

from legtimer.core.settings import Settings
from legtimer.cues.sinks import SoundSink
from legtimer.cues.tones import SAMPLE_RATE, CueName, render
from legtimer.tui.context import SinkFactory

GAP_SECONDS = 0.6  # quiet between two cues, so each is heard on its own
IDLE_LABEL = "Play each cue"
STOP_LABEL = "Stop"


class CuePlayer(Horizontal):
    """A button that plays every cue in turn and a line naming the one sounding."""

    DEFAULT_CSS = """
    CuePlayer {
        height: auto;
        #play-cues { margin-right: 2; min-width: 15; }
        #cue-now { width: 1fr; color: $text-muted; }
    }
    """

    def __init__(
        self,
        sinks: SinkFactory,
        settings: Callable[[], Settings | None],
        *,
        id: str | None = None,
    ) -> None:
        """`settings` gives the values being edited, or None when one is not valid
        (it says so itself)."""
        super().__init__(id=id)
        self.sinks = sinks
        self.settings = settings
        self.sink: SoundSink | None = None
        self._opened_for: tuple[int, str, bool] | None = None
        self.queue: list[CueName] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Button(IDLE_LABEL, id="play-cues", compact=True)
        yield Label("", id="cue-now")

    @property
    def playing(self) -> bool:
        return bool(self.queue) or self._timer is not None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "play-cues":
            return
        event.stop()
        if self.playing:
            self.stop()
        else:
            self.play_all()

    def play_all(self) -> None:
        settings = self.settings()
        if settings is None:
            return
        self._open(settings)
        self.queue = list(CueName)
        self.query_one("#play-cues", Button).label = STOP_LABEL
        self.step()

    def step(self) -> None:
        """Play the next cue and set a timer for the one after (the test calls this by hand)."""
        self._timer = None
        self._report()
        if not self.queue or self.sink is None:
            self.stop()
            return
        cue = self.queue.pop(0)
        self.sink.play(cue)
        self.query_one("#cue-now", Label).update(Text(f"{cue.value}: {cue.description}"))
        seconds = len(render(cue)) / SAMPLE_RATE + GAP_SECONDS
        self._timer = self.set_timer(seconds, self.step)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.queue = []
        self._report()
        self.query_one("#play-cues", Button).label = IDLE_LABEL
        self.query_one("#cue-now", Label).update("")

    def close(self) -> None:
        """Stop and let the device go (what is sounding finishes in the background)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.queue = []
        if self.sink is not None:
            self.sink.close(wait=0)
            self.sink = None
            self._opened_for = None

    def on_unmount(self) -> None:
        self.close()

    def _open(self, settings: Settings) -> None:
        """A sink for these values: the open one if they have not changed since."""
        wanted = (settings.volume, settings.sound_dir, settings.bell)
        if self.sink is not None and self._opened_for == wanted:
            return
        if self.sink is not None:
            self.sink.close(wait=0)
        self.sink = self.sinks(settings, self.app.bell)
        self._opened_for = wanted

    def _report(self) -> None:
        """What the sink has to say (no device, a bad sound file), as it is: never markup."""
        if self.sink is None:
            return
        for notice in self.sink.notices():
            self.notify(notice, title="Sound", severity="warning", timeout=10, markup=False)
