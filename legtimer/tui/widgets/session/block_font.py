"""A block font that scales: words drawn with half-block characters, sized to the space given.

Pure functions from text and a size to lines of characters, so the scaling is tested
without Textual. Each glyph is 5 pixels high; at scale `k` a pixel is `k` columns wide and
`k` half-rows high (a terminal cell is about twice as high as wide, so the pixels are
square), so a word is `ceil(5k / 2)` rows high: 3 rows at scale 1, 5 at 2, 10 at 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

GLYPH_ROWS = 5

# "#" is a pixel. Digits share one width so a countdown does not jump about as it runs.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..", "..", "..", "..", ".."),
    "A": ("###", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": ("###", "#..", "#..", "#..", "###"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": ("####", "#...", "#.##", "#..#", "####"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", "###"),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": ("###", "#.#", "#.#", "#.#", "###"),
    "P": ("###", "#.#", "###", "#..", "#.."),
    "Q": ("###", "#.#", "#.#", "###", "..#"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": ("###", "#..", "###", "..#", "###"),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "#.#.#", ".#.#."),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
}

# Two half-rows (top, bottom) make one character cell.
_CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}

MAX_SCALE = 16


def drawable(text: str) -> bool:
    """Whether every character of `text` has a glyph (lower case is drawn in capitals)."""
    return bool(text) and all(char in _GLYPHS for char in text.upper())


def rows(scale: int) -> int:
    """Rows of text a word takes at `scale`."""
    return -(-GLYPH_ROWS * scale // 2)


def width(text: str, scale: int) -> int:
    """Columns a word takes at `scale`: its glyphs and a pixel between each two."""
    return _pixels(text) * scale


def _pixels(text: str) -> int:
    return sum(len(_GLYPHS[char][0]) for char in text.upper()) + max(0, len(text) - 1)


def render(text: str, scale: int) -> list[str]:
    """`text` in the block font at `scale`: `rows(scale)` lines of `width(text, scale)` columns."""
    glyphs = [_glyph(char, scale) for char in text.upper()]
    gap = " " * scale  # one blank pixel between glyphs
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(rows(scale))]


@cache
def _glyph(char: str, scale: int) -> tuple[str, ...]:
    """One glyph drawn at `scale` (each second redraws the same few: they are kept)."""
    pixel_rows = [[pixel == "#" for pixel in row for _ in range(scale)] for row in _GLYPHS[char]]
    half_rows = [pixels for pixels in pixel_rows for _ in range(scale)]
    if len(half_rows) % 2:
        half_rows.append([False] * len(half_rows[0]))
    return tuple(
        "".join(_CELLS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(half_rows[::2], half_rows[1::2], strict=True)
    )


@dataclass(frozen=True)
class Word:
    """One word to draw: its text, what it is (for its colour) and its size beside the others.

    `ratio` 1 is the headline (the clock); 0.5 a word drawn at half its scale (the side).
    """

    text: str
    role: str
    ratio: float = 1.0

    def scale(self, headline: int) -> int:
        return _scaled(headline, self.ratio)


def _scaled(headline: int, ratio: float) -> int:
    return max(1, int(headline * ratio + 0.5))


# A laid-out line: (text, role) pieces; role "" is the blank between words.
Line = list[tuple[str, str]]


@dataclass(frozen=True)
class Layout:
    lines: list[Line]
    scale: int  # the headline's scale; 0 when nothing fitted and the words are plain text

    @property
    def height(self) -> int:
        return len(self.lines)

    @property
    def width(self) -> int:
        return max((sum(len(text) for text, _ in line) for line in self.lines), default=0)


def layout(words: list[Word], columns: int, lines: int) -> Layout:
    """The words at the largest scale that fits `columns` x `lines`, centred in that space.

    Words go left to right and wrap like text (a row between two rows of words), so a short
    word beside the clock stays beside it while there is room and goes above it when not.
    When even scale 1 does not fit, the words are one line of plain text.
    """
    words = [word for word in words if word.text]
    if not words or columns <= 0 or lines <= 0:
        return Layout([], 0)
    if all(drawable(word.text) for word in words):
        # "4:59" and "4:58" fit alike: the search runs once per shape, not every second.
        fitted = _fit(tuple((_pixels(word.text), word.ratio) for word in words), columns, lines)
        if fitted is not None:
            scale, row_lengths = fitted
            rows_of_words, start = [], 0
            for length in row_lengths:
                rows_of_words.append(words[start : start + length])
                start += length
            return Layout(_centre(_draw(rows_of_words, scale), columns, lines), scale)
    plain: Line = []
    for word in words:
        if plain:
            plain.append(("  ", ""))
        plain.append((word.text, word.role))
    return Layout(_centre([plain], columns, lines), 0)


# A word's shape: its width in pixels at scale 1 and its ratio to the headline.
Shape = tuple[tuple[int, float], ...]


@lru_cache(maxsize=64)
def _fit(shapes: Shape, columns: int, lines: int) -> tuple[int, tuple[int, ...]] | None:
    """The largest scale at which words of these shapes fit, with how many go on each row."""
    for scale in range(min(MAX_SCALE, lines), 0, -1):
        rows_of_words = _flow(shapes, scale, columns)
        if rows_of_words is None:
            continue
        heights = [max(rows(_scaled(scale, ratio)) for _, ratio in row) for row in rows_of_words]
        if sum(heights) + len(rows_of_words) - 1 <= lines:
            return scale, tuple(len(row) for row in rows_of_words)
    return None


def best_layout(choices: list[list[Word]], columns: int, lines: int) -> Layout:
    """The choice drawn largest (the first of those drawn equally large)."""
    layouts = [layout(words, columns, lines) for words in choices]
    return max(layouts, key=lambda drawn: drawn.scale, default=Layout([], 0))  # first of equals


def _gap(scale: int) -> int:
    return 2 * scale + 1


def _flow(shapes: Shape, scale: int, columns: int) -> list[Shape] | None:
    """Words in rows no wider than `columns`, or None if one word alone is too wide."""
    result: list[Shape] = []
    used = 0
    for shape in shapes:
        pixels, ratio = shape
        size = pixels * _scaled(scale, ratio)
        if size > columns:
            return None
        if result and used + _gap(scale) + size <= columns:
            result[-1] += (shape,)
            used += _gap(scale) + size
        else:
            result.append((shape,))
            used = size
    return result


def _row_height(row: list[Word], scale: int) -> int:
    return max(rows(word.scale(scale)) for word in row)


def _draw(rows_of_words: list[list[Word]], scale: int) -> list[Line]:
    out: list[Line] = []
    for number, row in enumerate(rows_of_words):
        if number:
            out.append([])
        height = _row_height(row, scale)
        drawn = []
        for word in row:
            glyph_lines = render(word.text, word.scale(scale))
            # Smaller words sit at the middle of the row.
            top = (height - len(glyph_lines)) // 2
            blank = " " * len(glyph_lines[0])
            padded = [blank] * top + glyph_lines
            padded += [blank] * (height - len(padded))
            drawn.append((word.role, padded))
        for line_number in range(height):
            line: Line = []
            for index, (role, padded) in enumerate(drawn):
                if index:
                    line.append((" " * _gap(scale), ""))
                line.append((padded[line_number], role))
            out.append(line)
    return out


def _centre(block: list[Line], columns: int, lines: int) -> list[Line]:
    """The block in the middle of the space: blank lines above, each line centred."""
    top = max(0, (lines - len(block)) // 2)
    centred: list[Line] = [[] for _ in range(top)]
    for line in block:
        left = max(0, (columns - sum(len(text) for text, _ in line)) // 2)
        centred.append([(" " * left, ""), *line] if line and left else line)
    return centred


def changed_box(before: list[str], after: list[str]) -> tuple[int, int, int, int] | None:
    """The smallest box (x, y, width, height) holding every cell that differs, or None.

    Most ticks change one digit: repainting its box, not the whole clock, keeps a hold cheap.
    """
    top = bottom = left = right = -1
    for y in range(max(len(before), len(after))):
        old = before[y] if y < len(before) else ""
        new = after[y] if y < len(after) else ""
        if old == new:
            continue
        longest = max(len(old), len(new))
        old, new = old.ljust(longest), new.ljust(longest)
        if old == new:  # only trailing blanks differed: nothing to repaint
            continue
        first = _first_difference(old, new)
        last = longest - 1 - _first_difference(old[::-1], new[::-1])
        top = y if top < 0 else top
        bottom = y
        left = first if left < 0 else min(left, first)
        right = max(right, last)
    if top < 0:
        return None
    return left, top, right - left + 1, bottom - top + 1


def _first_difference(old: str, new: str) -> int:
    """Where two different strings of one length first differ: a binary search of string
    compares (each a C loop), not a Python loop over every cell of a wide clock."""
    same, differs = 0, len(old)  # old[:same] == new[:same]; old[:differs] != new[:differs]
    while differs - same > 1:
        middle = (same + differs) // 2
        if old[:middle] == new[:middle]:
            same = middle
        else:
            differs = middle
    return same
