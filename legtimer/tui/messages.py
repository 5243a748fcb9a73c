"""Messages screens post to ask the app to go somewhere (messages up, never an app import)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from legtimer.core.plan import Plan
from legtimer.core.routines import Routine


@dataclass
class StartSession(Message):
    """Run this routine (or an already built plan) now."""

    routine: Routine | Plan


@dataclass
class ResumeSession(Message):
    """Carry on with an interrupted session from the history."""

    session_id: str


@dataclass
class OpenReview(Message):
    """Open the history review."""


@dataclass
class OpenBuilder(Message):
    """Open the routine builder on a new routine (None), a routine, or a copy of one."""

    routine: Routine | None = None
    copy: bool = False


@dataclass
class GoHome(Message):
    """Back to the routines list, building it if it was never shown."""


@dataclass
class RoutineSaved(Message):
    """The builder saved a routine file: home selects it."""

    path: Path
