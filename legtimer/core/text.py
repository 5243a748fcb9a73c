"""Text from a file, shown literally: no character in it can steer the terminal.

Routines are shared as files, and histories are imported from other machines,
so a name, a cue or a note can hold anything. The one rule, used everywhere
such text is shown:

- a control character (C0 and C1 controls, ESC, DEL), a lone surrogate (a
  byte that was not UTF-8 in a file name) or a bidi embedding, override or
  isolate (U+202A to U+202E, U+2066 to U+2069) is shown as its Python escape:
  ``\\x1b``, ``\\x7f``, ``\\x9b``, ``\\u202e``, ``\\udcff``;
- newline and tab stay as they are where the text may span lines
  (``multiline=True``, descriptions, cues and notes); elsewhere they are
  escaped too (``\\n``, ``\\t``);
- everything else, emoji joined with zero-width joiners included, passes
  through unchanged.

Escaping (rather than dropping) keeps what was in the file visible, so a
person can find and fix it. This is not markup escaping: the front ends put
the result in `rich.text.Text` or Textual `Content`, never in a markup string.
The routine validator refuses such characters (`unsafe_characters` lists them),
so they reach the screen only from other places: file names, imports, old
histories.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Bidi embeddings, overrides and isolates: they reorder the text around them
# ("Trojan Source"), so a name could read differently from what it holds.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MULTILINE_ALLOWED = frozenset("\n\t")


@dataclass(frozen=True)
class UnsafeCharacter:
    """One character that may not be shown as it is."""

    index: int  # position in the text, from 0
    char: str

    @property
    def shown(self) -> str:
        """The character's escape, such as ``\\x1b`` or ``\\u202e``."""
        return escape_char(self.char)

    @property
    def name(self) -> str:
        """What it is, in words: "ESC (escape)", "RIGHT-TO-LEFT OVERRIDE"."""
        if self.char in _C0_NAMES:
            return _C0_NAMES[self.char]
        return unicodedata.name(self.char, "a control character")


_C0_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL (bell)",
    "\x08": "BS (backspace)",
    "\t": "TAB",
    "\n": "a line break",
    "\r": "CR (carriage return)",
    "\x1b": "ESC (escape)",
    "\x7f": "DEL",
}


def is_unsafe(char: str, *, multiline: bool = True) -> bool:
    """True for a character that `safe_text` escapes."""
    if multiline and char in MULTILINE_ALLOWED:
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in BIDI_CONTROLS


def escape_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def safe_text(text: str, *, multiline: bool = True) -> str:
    """`text` with every unsafe character shown as its escape (see the module's rule)."""
    if text.isprintable() or not any(is_unsafe(c, multiline=multiline) for c in text):
        return text  # the common case: nothing to change, no copy
    return "".join(escape_char(c) if is_unsafe(c, multiline=multiline) else c for c in text)


def one_line(text: str) -> str:
    """`text` on one line: line breaks and tabs become spaces, the rest as `safe_text`.

    For output read line by line (the plain runner, a screen reader).
    """
    return safe_text(" ".join(text.split("\n")).replace("\t", " "), multiline=False)


def unsafe_characters(text: str, *, multiline: bool = True) -> list[UnsafeCharacter]:
    """Every unsafe character in `text`, in order, with its position (for the validator)."""
    return [
        UnsafeCharacter(index, char)
        for index, char in enumerate(text)
        if is_unsafe(char, multiline=multiline)
    ]


def describe_unsafe(found: list[UnsafeCharacter], *, limit: int = 3) -> str:
    """A short account such as ``ESC (escape) \\x1b at character 4``, for messages."""
    parts = [f"{c.name} {c.shown} at character {c.index + 1}" for c in found[:limit]]
    if len(found) > limit:
        parts.append(f"and {len(found) - limit} more")
    return ", ".join(parts)
