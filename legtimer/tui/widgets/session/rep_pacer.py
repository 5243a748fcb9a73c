"""Paced reps: the rep and its tempo phases, a dot per second of the phase, the reps counted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from legtimer.core.display import SessionView
from legtimer.tui.widgets.session.lines import SessionLine


class RepPacer(Vertical):
    """Three lines, each gone when it has nothing to say (a hold shows none of them)."""

    DEFAULT_CSS = """
    RepPacer {
        height: auto;
        &.-empty { display: none; }
        #beat { color: $accent; }
        #reps { text-style: bold; }
    }
    """

    def compose(self) -> ComposeResult:
        yield SessionLine(id="tempo")
        yield SessionLine(id="beat")
        yield SessionLine(id="reps")

    def on_mount(self) -> None:
        self._tempo, self._beat, self._reps = self.query(SessionLine).results(SessionLine)

    def show(self, view: SessionView) -> None:
        self._tempo.show_text(view.tempo)
        self._beat.show_text(view.beat)
        self._reps.show_text(view.reps)
        # Out of the layout altogether when it has nothing to say: not repainted every tick.
        self.set_class(not (view.tempo or view.beat or view.reps), "-empty")
