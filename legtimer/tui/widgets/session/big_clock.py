"""The big countdown, drawn in a block font as large as its space allows, with the side.

A paced set shows the rep ("7/12") and the tempo phase ("DOWN") big instead, with the
set's time left on a small line below. The widget only chooses the words; block_font
lays them out. It repaints when the words or its size change, never otherwise.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from legtimer.core.display import SessionView
from legtimer.tui.widgets.session.block_font import Layout, Line, Word, best_layout, changed_box
from legtimer.tui.widgets.session.phase import phase_classes, phase_css, phase_of

# Beside the clock, the side and PAUSED are drawn at this fraction of its scale.
MINOR = 0.5


Choices = tuple[tuple[Word, ...], ...]


def words_of(view: SessionView) -> tuple[Choices, str]:
    """What to draw big (ways to draw it, best first), and the small line under it."""
    words = []
    if view.paused:
        words.append(Word("PAUSED", "paused", MINOR))
    if view.side:
        words.append(Word(view.side, "side", MINOR))
    if view.rep:
        rep = Word(view.rep, "main")
        tempo = Word(view.tempo_phase, "main")
        # The tempo phase as big as the rep; or, where that would shrink the rep, smaller.
        choices = (
            (*words, rep, tempo),
            (*words, rep, Word(tempo.text, tempo.role, MINOR)),
        )
        return choices, f"{view.clock} left in this set"
    return ((*words, Word(view.clock, "main")),), ""


class BigClock(Widget):
    """The step's clock (`value`: "0:28"), in the phase's colour.

    Drawn line by line from cached strips (Textual's line API): a new second rebuilds
    the strips once and repaints only the box of cells that changed.
    """

    COMPONENT_CLASSES = {"big-clock--side", "big-clock--paused", "big-clock--secondary"}
    DEFAULT_CSS = (
        """
    BigClock {
        width: 1fr;
        height: 1fr;
        min-height: 3;
        margin: 1 0 0 0;
        & > .big-clock--side { color: $text; text-style: bold; }
        & > .big-clock--paused { color: $text; text-style: bold; }
        & > .big-clock--secondary { color: $text-muted; }
        """
        + phase_css("color")
        + "\n}\n"
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = ""  # the clock as text, whether drawn big or small
        self.words: Choices = ()
        self.secondary = ""
        self.phase: tuple[str, bool] | None = None
        self._laid_out: tuple[tuple[Choices, str, int, int], Layout] | None = None
        self._strips: dict[int, Strip] = {}  # built as lines are asked for
        self._frame: tuple[list[Line], int] | None = None  # their lines and width, meanwhile
        self._styles: dict[str, Style] = {}
        self._shown: list[str] = []  # the lines on screen, to find what a change touches

    def show(self, view: SessionView) -> None:
        self.value = view.clock
        words, secondary = words_of(view)
        if (words, secondary) != (self.words, self.secondary):
            self.words, self.secondary = words, secondary
            self._repaint_changes()
        if self.phase != (phase := phase_of(view)):
            self.phase = phase
            self.update_classes(phase_classes(view))  # restyles: every line is repainted

    def _repaint_changes(self) -> None:
        before = self._shown
        self._forget_strips()
        self._shown = self.lines
        box = changed_box(before, self._shown)
        if box is not None:
            self.refresh(Region(*box))

    @property
    def drawing(self) -> Layout:
        """The words laid out for the widget's current size (kept until either changes)."""
        width, height = self.size
        key = (self.words, self.secondary, width, height)
        if self._laid_out is None or self._laid_out[0] != key:
            room = height - 2 if self.secondary else height  # a blank line, then the small line
            choices = [list(words) for words in self.words]
            self._laid_out = (key, best_layout(choices, width, max(1, room)))
        return self._laid_out[1]

    @property
    def lines(self) -> list[str]:
        """The text drawn, line by line (what a test can read)."""
        lines = ["".join(text for text, _ in line) for line in self.drawing.lines]
        if self.secondary:
            lines += ["", self.secondary.center(self.size.width).rstrip()]
        return lines

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_strips()
        self._styles = {}  # the colours changed

    def on_resize(self) -> None:
        self._forget_strips()
        self._shown = self.lines

    def _forget_strips(self) -> None:
        self._strips, self._frame = {}, None

    def render_line(self, y: int) -> Strip:
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self._build_strip(y)
        return strip

    def _role_styles(self) -> dict[str, Style]:
        """The style of each role, on the phase's colour (kept until the styles change)."""
        if not self._styles:
            base = self.rich_style
            self._styles = {"": base, "main": base}
            for role in ("side", "paused", "secondary"):
                component = self.get_component_rich_style(f"big-clock--{role}", partial=True)
                self._styles[role] = base + component
        return self._styles

    def _build_strip(self, y: int) -> Strip:
        # A new second asks for a dozen lines or more: the layout and the width are
        # looked up once for all of them, and each strip is made once, at its width.
        if self._frame is None:
            self._frame = (self.drawing.lines, self.size.width)
        lines, width = self._frame
        styles = self._role_styles()
        base = styles[""]
        if y < len(lines):
            return _strip(lines[y], styles, width)
        if self.secondary and y == len(lines) + 1:
            return _strip([(self.secondary.center(width), "secondary")], styles, width)
        return Strip.blank(width, base)


def _strip(line: Line, styles: dict[str, Style], width: int) -> Strip:
    """One line of (text, role) pieces as a strip exactly `width` cells wide."""
    segments = [Segment(text, styles[role]) for text, role in line if text]
    used = sum(cell_len(text) for text, _ in line)
    if used > width:
        return Strip(segments).crop(0, width)
    if used < width:
        segments.append(Segment(" " * (width - used), styles[""]))
    return Strip(segments, width)
