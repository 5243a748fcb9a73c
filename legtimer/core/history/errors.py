"""The one error the history raises for a person to read."""

from legtimer.core.errors import UserFacingError


class HistoryError(UserFacingError):
    """The history cannot be used as asked; the message says why and what to do."""


class RunningElsewhere(HistoryError):
    """The session was taken up by another legtimer (or has ended) since it was offered."""
