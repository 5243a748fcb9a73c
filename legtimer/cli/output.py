"""The non-interactive commands behind `legtimer SUBCOMMAND` (no Textual here)."""

from __future__ import annotations

from rich.console import Console

from legtimer.core.errors import UserFacingError


def out() -> Console:
    return Console(highlight=False)


def err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


class UserError(UserFacingError):
    """A mistake the person can fix: shown as a message, exit status 1, never a traceback."""
