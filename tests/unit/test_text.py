"""core.text: text from a file is shown literally; the validator's checker."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legtimer.core.text import describe_unsafe, one_line, safe_text, unsafe_characters
from legtimer.render.literal import assemble, literal

ZWJ_FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man, woman, girl: one glyph
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;TITLE\x07", "\\x1b]0;TITLE\\x07"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x00b\x7fc", "a\\x00b\\x7fc"),
        ("\x9b31m", "\\x9b31m"),  # C1 CSI: one byte that starts a sequence
        ("abc\u202edcba", "abc\\u202edcba"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),
        ("bad\udcffname", "bad\\udcffname"),  # a file name's undecodable byte
        ("line\r", "line\\x0d"),
    ],
)
def test_controls_and_bidi_overrides_are_escaped(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


def test_newline_and_tab_only_where_text_may_span_lines() -> None:
    assert safe_text("one\n\ttwo") == "one\n\ttwo"
    assert safe_text("one\n\ttwo", multiline=False) == "one\\x0a\\x09two"
    assert one_line("Rise slowly.\nPause.\tLower.\x1b") == "Rise slowly. Pause. Lower.\\x1b"


@pytest.mark.parametrize(
    "text",
    [
        ZWJ_FAMILY,
        RAINBOW_FLAG,
        "Squats [beginner]",
        "Bad [/] markup",
        "[link=file:///etc/passwd]x[/link]",
        "Ünïcödé – “quotes” 日本語 \u200f",
        "",
    ],
)
def test_ordinary_text_and_emoji_pass_unchanged(text: str) -> None:
    assert safe_text(text) == text
    assert unsafe_characters(text) == []


def test_checker_lists_each_character_with_its_position() -> None:
    found = unsafe_characters("ok\x1b[2J and \u202e")
    assert [(c.index, c.shown) for c in found] == [(2, "\\x1b"), (11, "\\u202e")]
    assert describe_unsafe(found) == (
        "ESC (escape) \\x1b at character 3, RIGHT-TO-LEFT OVERRIDE \\u202e at character 12"
    )
    many = unsafe_characters("\x01\x02\x03\x04\x05")
    assert describe_unsafe(many).endswith("and 2 more")
    assert [c.index for c in unsafe_characters("a\nb", multiline=False)] == [1]


def test_literal_is_never_markup() -> None:
    text = literal("[bold red]Bad [/] markup[/] \x1b[2J", style="bold")
    assert text.plain == "[bold red]Bad [/] markup[/] \\x1b[2J"
    assert text.spans == []
    line = assemble(("skipped", "yellow"), " ", "[link=x]\x1b]0;T\x07", literal(" ok"))
    assert line.plain == "skipped [link=x]\\x1b]0;T\\x07 ok"


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    shown = safe_text(text, multiline=False)
    assert unsafe_characters(shown, multiline=False) == []
    shown.encode("utf-8")  # no lone surrogate left: this would raise
    # Safe text is left alone: escaping twice changes nothing more.
    assert safe_text(shown) == shown
