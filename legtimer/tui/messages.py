"""How screens ask the app for something: messages up, never an import of the app.

A message posted on a screen bubbles to the App, whose `on_<name>` handler acts
on it (`StartSession` is handled by `on_start_session`). `SavesBeforeQuit` is the
one thing the app asks of a screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.message import Message

from legtimer.core.plan import Plan
from legtimer.core.routines import Routine

if TYPE_CHECKING:
    # Only for the annotation: home, which posts these, does not load the recording code.
    from legtimer.core.history.recording import Recorder


@dataclass
class StartSession(Message):
    """Run this routine (or an already built plan) now."""

    routine: Routine | Plan


@dataclass
class ResumeSession(Message):
    """Carry on with an interrupted session from the history."""

    session_id: str


@dataclass
class SessionEnded(Message):
    """The session is over (finished or stopped): its summary takes the session's place."""

    recorder: Recorder


@dataclass
class OpenReview(Message):
    """Open the history review."""


@dataclass
class OpenBuilder(Message):
    """Open the routine builder on a new routine (None), a routine, or a copy of one."""

    routine: Routine | None = None
    copy: bool = False
    broken: Path | None = None  # a routine file with problems, opened as it is to fix them


@dataclass
class OpenSettings(Message):
    """Open the settings screen."""


@dataclass
class GoHome(Message):
    """Back to the routines list, building it if it was never shown."""


@dataclass
class RoutineSaved(Message):
    """The builder saved a routine file: home selects it."""

    path: Path


@runtime_checkable
class SavesBeforeQuit(Protocol):
    """A screen with something to save (or to ask about) before the app quits.

    Ctrl+Q is a priority key of the app (it must work inside inputs), so the
    screen never sees it: the app calls this instead of quitting when the
    current screen has it, and the screen quits once it is done.
    """

    def action_save_and_quit(self) -> None: ...
