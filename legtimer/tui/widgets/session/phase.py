"""The phase of the step in big letters, in its colour: a glance tells work from rest."""

from __future__ import annotations

from legtimer.core.display import SessionView
from legtimer.core.plan import StepKind
from legtimer.tui.widgets.session.lines import SessionLine

# One colour per phase, the same in every theme: themes share colours between their own
# variables (in some, $accent is $warning), and two phases alike cannot be told apart
# across a room. Six hues far apart; a bright shade on dark themes, a deep one on light.
# phase: (on a dark theme, on a light theme)
PHASE_COLOURS: dict[str, tuple[str, str]] = {
    StepKind.PREPARE.value: ("#ffd43b", "#8a6100"),  # yellow
    StepKind.HOLD.value: ("#4d8dff", "#1d4ed8"),  # blue
    StepKind.REPS.value: ("#e879f9", "#a21caf"),  # magenta
    StepKind.WORK.value: ("#ff5f5f", "#c81e1e"),  # red
    StepKind.REST.value: ("#51e07a", "#15803d"),  # green
    StepKind.SWITCH.value: ("#2ee6d6", "#0f766e"),  # teal
}
PAUSED_COLOURS = ("#9e9e9e", "#616161")


def phase_css(property: str) -> str:
    """CSS rules (nested in a widget's own) giving `property` the phase's colour per class."""
    rules = [
        f"&.-{phase} {{ {property}: {dark}; &:light {{ {property}: {light}; }} }}"
        for phase, (dark, light) in PHASE_COLOURS.items()
    ]
    dark, light = PAUSED_COLOURS
    rules.append(f"&.-paused {{ {property}: {dark}; &:light {{ {property}: {light}; }} }}")
    return "\n".join(rules)


def phase_classes(view: SessionView) -> dict[str, bool]:
    """The step's kind and the pause as CSS classes: each widget picks its colours from them."""
    # A paused step shows only the pause's colour.
    current = "" if view.paused else view.phase_class
    classes = {f"-{kind.value}": kind.value == current for kind in StepKind}
    classes["-paused"] = view.paused
    return classes


def phase_of(view: SessionView) -> tuple[str, bool]:
    """What the phase colours depend on: a widget restyles only when this changes."""
    return view.phase_class, view.paused


class PhaseBanner(SessionLine):
    """GET READY, HOLD, REPS, WORK, REST, SWITCH SIDES or PAUSED, on the phase's colour."""

    DEFAULT_CSS = (
        """
    PhaseBanner {
        text-style: bold;
        padding: 0 1;
        margin-top: 1;
        color: #000000;
        &:light { color: #ffffff; }
        """
        + phase_css("background")
        + "\n}\n"
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phase: tuple[str, bool] | None = None

    def show(self, view: SessionView) -> None:
        self.show_text(view.phase)
        if self.phase != (phase := phase_of(view)):
            self.phase = phase
            self.update_classes(phase_classes(view))
