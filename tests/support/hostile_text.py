"""Text a shared routine might hold, for the fuzz tests of the CLI and the TUI: markup,
escape sequences, C1 controls, bidi overrides, emoji with joiners, brackets, emoji codes,
formulas and quotes, mixed with any other text."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from legtimer.core.text import BIDI_CONTROLS, unsafe_characters

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PIECES = [
    "Bad [/] markup",
    "[link=file:///etc/passwd]click[/link]",
    "[@click=app.quit]quit[/]",
    "[bold red]loud[/]",
    "Squats [beginner]",
    "[slowly]",
    "\\[escaped]",
    "\x1b]0;TITLE\x07",
    "\x1b[2J",
    "\x1b[31m",
    "\x9b1m",
    "\x7f",
    "\x00",
    "\r",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    ":thumbs_up:",
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@x",
    "'quoted'",
    '"double"',
    "back\\slash",
    "# not a comment",
    "{text}",
    "%s %d",
]
SAFE_PIECES = [piece for piece in PIECES if not unsafe_characters(piece, multiline=False)]


def _fragments(pieces: list[str], characters: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(
        st.sampled_from(pieces) | st.text(characters, max_size=12), min_size=1, max_size=4
    ).map(" ".join)


def _name(fragments: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # 78, not the 80 a name may hold: the routine's second exercise adds " 2" to it.
    return fragments.map(lambda s: s.strip()[:78].strip()).filter(bool)


_any = _fragments(PIECES, st.characters(exclude_categories=["Cs"]))
_safe = _fragments(
    SAFE_PIECES, st.characters(exclude_categories=["Cs", "Cc"], exclude_characters=BIDI_CONTROLS)
)


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, str, str]:
    """A routine's name, exercise name and cue: half the time text a routine may hold
    (so it runs), half the time anything (mostly refused by the validator)."""
    fragments = _safe if draw(st.booleans()) else _any
    cue = draw(fragments | st.just("") | fragments.map(lambda s: s.replace(" ", "\n\t", 1)))
    return draw(_name(fragments)), draw(_name(fragments)), cue


def toml_string(text: str) -> str:
    """A TOML basic string: every control character written as a \\u escape."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def routine_toml(name: str, exercise: str, cue: str) -> str:
    return (
        f"name = {toml_string(name)}\n"
        f"description = {toml_string(cue)}\n"
        "[defaults]\nprepare = 0\nrest_after = 0\n"
        f"[[exercises]]\nname = {toml_string(exercise)}\nhold = 1\ncue = {toml_string(cue)}\n"
        f"[[exercises]]\nname = {toml_string(exercise + ' 2')}\nreps = 1\nrep_seconds = 1\n"
    )
