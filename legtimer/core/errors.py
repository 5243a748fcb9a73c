"""The one base class of every mistake a person can fix.

The CLI catches `UserFacingError` and prints its message with exit status 1,
so it needs to import nothing heavier than this module to stay traceback-free.
"""


class UserFacingError(Exception):
    """An error whose message is meant for the person, not a traceback."""
