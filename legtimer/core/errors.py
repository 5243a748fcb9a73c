"""The one base class of every mistake a person can fix.

The CLI catches `UserFacingError` and prints its message with exit status 1,
so it needs to import nothing heavier than this module to stay traceback-free.
"""


class UserFacingError(Exception):
    """An error whose message is meant for the person, not a traceback."""


def join_messages(first: str, then: str) -> str:
    """Two messages as one: "…is locked; this session will not be saved", or, when the
    first already ends a sentence, "…left untouched. This session will not be saved."
    """
    first = first.rstrip()
    if not first.endswith((".", "!", "?")):
        return f"{first}; {then}"
    end = "" if then.endswith((".", "!", "?")) else "."
    return f"{first} {then[:1].upper()}{then[1:]}{end}"
