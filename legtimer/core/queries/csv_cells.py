"""CSV cells a spreadsheet will never run as a formula, and back.

OWASP's advice on CSV injection: a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return can be taken for a formula (a routine named
``=HYPERLINK(...)`` would become a live link), so such a cell gets a single
quote in front, which spreadsheets show as text. So that `restore` can undo
it exactly, a cell that already starts with a quote followed by one of those
is quoted once more. Only text is neutralised: numbers legtimer writes (a
negative adjustment such as ``-10.0``) stay numbers.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _needs_quote(text: str) -> bool:
    if text.startswith(FORMULA_STARTS):
        return True
    return text.startswith(QUOTE) and _needs_quote(text[1:])


def neutralise(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs as a formula."""
    return QUOTE + text if _needs_quote(text) else text


def restore(cell: str) -> str:
    """The text `neutralise` was given (a cell it left alone comes back as it is)."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell
