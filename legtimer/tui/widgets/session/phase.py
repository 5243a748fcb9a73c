"""The phase of the step in big letters, in its colour: a glance tells work from rest."""

from __future__ import annotations

from legtimer.core.display import SessionView
from legtimer.core.plan import StepKind
from legtimer.tui.widgets.session.lines import SessionLine


def phase_classes(view: SessionView) -> dict[str, bool]:
    """The step's kind and the pause as CSS classes: each widget picks its colours from them."""
    classes = {f"-{kind.value}": kind.value == view.phase_class for kind in StepKind}
    classes["-paused"] = view.paused
    return classes


def phase_of(view: SessionView) -> tuple[str, bool]:
    """What the phase colours depend on: a widget restyles only when this changes."""
    return view.phase_class, view.paused


class PhaseBanner(SessionLine):
    """GET READY, HOLD, REPS, WORK, REST, SWITCH SIDES or PAUSED, on the phase's colour."""

    DEFAULT_CSS = """
    PhaseBanner {
        text-style: bold;
        padding: 0 1;
        margin-top: 1;
        &.-prepare { background: $warning; color: $text; }
        &.-hold { background: $accent; color: $text; }
        &.-reps { background: $primary; color: $text; }
        &.-work { background: $error; color: $text; }
        &.-rest { background: $success; color: $text; }
        &.-switch { background: $secondary; color: $text; }
        &.-paused { background: $panel; color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phase: tuple[str, bool] | None = None

    def show(self, view: SessionView) -> None:
        self.show_text(view.phase)
        if self.phase != (phase := phase_of(view)):
            self.phase = phase
            self.update_classes(phase_classes(view))
