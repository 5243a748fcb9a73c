"""How to do the exercise: the routine's cue, muted, kept to a readable width."""

from __future__ import annotations

from textual.widgets import Static

from legtimer.core.display import SessionView


class StepCue(Static):
    DEFAULT_CSS = """
    StepCue {
        /* The line's full width (up to a readable 90): the text wraps inside it; with
           width auto its first line would be as wide as the whole cue and be cut. */
        width: 100%;
        max-width: 90;
        text-align: center;
        color: $text-muted;
        margin-top: 1;
        &.-empty { display: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)  # from the routine file: never markup
        self.cue: str | None = None

    def show(self, view: SessionView) -> None:
        before, self.cue = self.cue, view.cue
        if before != view.cue:
            self.update(view.cue)
            self.set_class(not view.cue, "-empty")
