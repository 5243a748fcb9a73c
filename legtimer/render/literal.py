"""Text from a file as a Rich `Text`: never parsed as markup, never steering the terminal.

Every front end shows names, cues, notes and paths through `literal`, so
``Squats [beginner]`` keeps its brackets, ``[link=...]`` stays text and an
escape sequence is shown as ``\\x1b[2J`` instead of clearing the screen.
The rule for what is escaped is `legtimer.core.text.safe_text`.
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from legtimer.core.text import safe_text


def literal(text: str, style: StyleType = "", *, multiline: bool = True) -> Text:
    """`text` shown as it is, with control characters and bidi controls escaped."""
    return Text(safe_text(text, multiline=multiline), style=style)


def assemble(*parts: str | tuple[str, StyleType] | Text) -> Text:
    """Like `Text.assemble`, with every plain string made safe first.

    Use it for a line that mixes our words with text from a file:
    ``assemble(("skipped", "yellow"), " ", path)``.
    """
    text = Text()
    for part in parts:
        if isinstance(part, Text):
            text.append_text(part)
        elif isinstance(part, tuple):
            text.append(safe_text(part[0]), style=part[1])
        else:
            text.append(safe_text(part))
    return text
