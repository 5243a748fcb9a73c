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


def plain_reason(error: BaseException) -> str:
    """Why parsing failed, in words for the person rather than for a Python programmer.

    Python refuses to read whole numbers of more than 4300 digits and says to call
    `sys.set_int_max_str_digits()`, which nobody using legtimer can do.
    """
    text = str(error)
    if "int_max_str_digits" in text or "integer string conversion" in text:
        return "it holds a number with thousands of digits, far too long to be a setting or a count"
    return text
