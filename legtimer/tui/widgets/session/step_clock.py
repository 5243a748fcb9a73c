"""The big countdown (or count-up for a self-paced set), in the phase's colour."""

from __future__ import annotations

from textual.widgets import Digits

from legtimer.core.display import SessionView
from legtimer.tui.widgets.session.phase import phase_classes, phase_of


class StepClock(Digits):
    DEFAULT_CSS = """
    StepClock {
        width: auto;
        margin: 1 0 0 0;
        &.-prepare { color: $warning; }
        &.-hold { color: $accent; }
        &.-reps { color: $primary; }
        &.-work { color: $error; }
        &.-rest { color: $success; }
        &.-switch { color: $secondary-lighten-3; }
        &.-paused { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("0:00", id=id)
        self.phase: tuple[str, bool] | None = None

    def show(self, view: SessionView) -> None:
        if view.clock != self.value:
            self.update(view.clock)
        if self.phase != (phase := phase_of(view)):
            self.phase = phase
            self.update_classes(phase_classes(view))
