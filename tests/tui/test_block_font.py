"""The block font and its layout: pure functions, no Textual."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legtimer.tui.widgets.session.block_font import (
    Word,
    best_layout,
    changed_box,
    drawable,
    layout,
    render,
    rows,
    width,
)


def plain(lines: list[list[tuple[str, str]]]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


@pytest.mark.parametrize(("scale", "expected_rows"), [(1, 3), (2, 5), (3, 8), (4, 10), (6, 15)])
def test_rows_grow_with_the_scale(scale: int, expected_rows: int) -> None:
    drawn = render("0:28", scale)
    assert len(drawn) == rows(scale) == expected_rows
    assert {len(line) for line in drawn} == {width("0:28", scale)}


def test_digits_share_one_width_so_the_clock_does_not_jump() -> None:
    assert {width(str(digit), 3) for digit in range(10)} == {9}
    assert width("1:11", 2) == width("0:00", 2)


def test_scale_one_draws_with_half_blocks() -> None:
    assert render("0", 1) == ["█▀█", "█ █", "▀▀▀"]
    assert render("L", 2) == ["██    ", "██    ", "██    ", "██    ", "██████"]


def test_letters_for_sides_and_tempo_phases_are_drawable() -> None:
    for word in ("LEFT", "RIGHT", "PAUSED", "down", "HOLD", "UP", "7/12", "1:02:03"):
        assert drawable(word), word
    assert not drawable("Ω") and not drawable("")


@pytest.mark.parametrize(
    ("columns", "lines", "scale"),
    [(76, 8, 3), (116, 26, 8), (196, 40, 15), (36, 4, 1)],
)
def test_the_clock_takes_the_largest_scale_that_fits(columns: int, lines: int, scale: int) -> None:
    drawn = layout([Word("0:28", "main")], columns, lines)
    assert drawn.scale == scale
    assert drawn.width <= columns and drawn.height <= lines


def test_the_layout_is_centred_in_its_space() -> None:
    drawn = layout([Word("0", "main")], 9, 4)
    assert drawn.scale == 1  # scale 2 would be 5 rows high
    assert plain(drawn.lines) == ["   █▀█", "   █ █", "   ▀▀▀"]


def test_the_side_goes_beside_the_clock_while_there_is_room_and_above_it_when_not() -> None:
    words = [Word("LEFT", "side", 0.5), Word("0:28", "main")]
    beside = layout(words, 76, 9)
    assert (beside.scale, beside.height) == (3, 8)
    # Half the clock's scale, in the middle of its 8 rows.
    assert render("LEFT", 2)[0] in plain(beside.lines)[1]

    above = layout(words, 40, 20)
    text = plain(above.lines)
    assert above.scale == 3
    side_row = next(i for i, line in enumerate(text) if render("LEFT", 2)[0] in line)
    clock_row = next(i for i, line in enumerate(text) if render("0:28", above.scale)[0] in line)
    assert side_row < clock_row


def test_roles_stay_with_their_pieces() -> None:
    drawn = layout([Word("RIGHT", "side", 0.5), Word("0:05", "main")], 80, 9)
    roles = {role for line in drawn.lines for _, role in line}
    assert roles == {"", "side", "main"}
    sides = [text for line in drawn.lines for text, role in line if role == "side"]
    assert render("RIGHT", 1)[0] in sides


def test_too_little_room_falls_back_to_plain_words() -> None:
    drawn = layout([Word("LEFT", "side", 0.5), Word("0:28", "main")], 12, 2)
    assert drawn.scale == 0
    assert plain(drawn.lines) == [" LEFT  0:28"]


def test_nothing_drawable_is_plain_and_nothing_at_all_is_empty() -> None:
    assert layout([Word("Ω", "main")], 80, 20).scale == 0
    assert layout([], 80, 20).lines == []
    assert layout([Word("0:01", "main")], 0, 0).lines == []


def test_best_layout_prefers_the_larger_headline_then_the_first() -> None:
    big_tempo = [Word("LEFT", "side", 0.5), Word("1/8", "main"), Word("DOWN", "main")]
    small_tempo = [Word("LEFT", "side", 0.5), Word("1/8", "main"), Word("DOWN", "main", 0.5)]
    # 80 columns: both big would wrap and shrink; the tempo phase gives way to the rep.
    assert best_layout([big_tempo, small_tempo], 76, 6).scale == 2
    assert layout(big_tempo, 76, 6).scale == 1
    # Room enough: both as big as each other, so the first choice (all big) is drawn.
    wide = best_layout([big_tempo, small_tempo], 300, 10)
    assert wide == layout(big_tempo, 300, 10)
    assert wide.scale == 4


def test_changed_box_holds_every_changed_cell_and_no_more() -> None:
    before = plain(layout([Word("0:30", "main")], 40, 5).lines)
    after = plain(layout([Word("0:29", "main")], 40, 5).lines)
    x, y, box_width, box_height = changed_box(before, after) or (0, 0, 0, 0)
    for row, (old, new) in enumerate(zip(before, after, strict=True)):
        for column, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                assert x <= column < x + box_width and y <= row < y + box_height
    assert box_width < width("0:29", 2) // 2  # the minutes and the colon stay as they are
    assert changed_box(before, before) is None


def test_changed_box_covers_lines_that_appear_or_go() -> None:
    assert changed_box(["ab"], ["ab", "  x"]) == (2, 1, 1, 1)
    assert changed_box(["ab", "cd"], ["ab"]) == (0, 1, 2, 1)


def test_changed_box_ignores_a_difference_of_trailing_blanks_only() -> None:
    assert changed_box(["ab"], ["ab  "]) is None
    assert changed_box(["ab", "x"], ["ab  ", "y"]) == (0, 1, 1, 1)


@given(
    st.lists(st.text("ab ", max_size=12), max_size=6),
    st.lists(st.text("ab ", max_size=12), max_size=6),
)
def test_changed_box_is_the_box_of_the_cells_that_differ(
    before: list[str], after: list[str]
) -> None:
    cells = [
        (x, y)
        for y in range(max(len(before), len(after)))
        for x in range(12)
        if _cell(before, x, y) != _cell(after, x, y)
    ]
    if not cells:
        assert changed_box(before, after) is None
        return
    xs, ys = [x for x, _ in cells], [y for _, y in cells]
    box = (min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    assert changed_box(before, after) == box


def _cell(lines: list[str], x: int, y: int) -> str:
    line = lines[y] if y < len(lines) else ""
    return line[x] if x < len(line) else " "
