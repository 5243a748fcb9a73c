"""The one error the history raises for a person to read."""

from legtimer.core.errors import UserFacingError


class HistoryError(UserFacingError):
    """The history cannot be used as asked; the message says why and what to do."""
