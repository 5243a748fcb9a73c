"""The session's lines of text: the exercise, what comes next, which key to press."""

from __future__ import annotations

from textual.widgets import Label

from legtimer.core.display import SessionView


class SessionLine(Label):
    """A centred line that repaints only when its text changes and takes no room when empty."""

    DEFAULT_CSS = """
    SessionLine {
        width: 100%;
        text-align: center;
        &.-empty { display: none; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        # Names and cues come from routine files: never markup.
        super().__init__("", id=id, classes=classes, markup=False)
        self.text: str | None = None  # None until the first view

    def show_text(self, text: str) -> None:
        before, self.text = self.text, text
        if before == text:
            return
        # Same length, same size: skip the layout pass (most ticks change one digit).
        resized = not before or len(before) != len(text)
        self.update(text, layout=resized)
        self.set_class(not text, "-empty")


class StepTitle(SessionLine):
    """What to do now: the exercise (or "Rest", "Get ready")."""

    DEFAULT_CSS = """
    StepTitle { text-style: bold; color: $text; }
    """

    def show(self, view: SessionView) -> None:
        self.show_text(view.title)


class NextUp(SessionLine):
    """What comes after this step."""

    DEFAULT_CSS = """
    NextUp { text-style: italic; color: $text; background: $boost; margin-top: 1; }
    """

    def show(self, view: SessionView) -> None:
        self.show_text(view.next_up)


class KeyHint(SessionLine):
    """The key that matters now (Enter when a set is done, Space to start)."""

    DEFAULT_CSS = """
    KeyHint { color: $text-muted; }
    """

    def show(self, view: SessionView) -> None:
        self.show_text(view.hint)
