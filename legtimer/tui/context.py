"""What every screen may use of the app, handed to it in its constructor.

Screens never import the app: the app builds one `AppContext` and passes it
down; screens ask for navigation by posting the messages in `messages.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from legtimer.core.history import HistoryStore
from legtimer.core.session import Clock
from legtimer.core.settings import Settings

if TYPE_CHECKING:  # the sound code loads with the first session, not with home
    from legtimer.cues.session_cues import SessionCues
    from legtimer.cues.sinks import SoundSink

# Tones and speech for one session, from the settings, the terminal bell (for when no
# tones can play) and where to report a problem. Tests give one with recording fakes.
CuesFactory = Callable[[Settings, Callable[[], None], Callable[[str], None]], "SessionCues"]


def cues_from_settings(
    settings: Settings, ring: Callable[[], None], report: Callable[[str], None]
) -> SessionCues:
    from legtimer.cues.session_cues import SessionCues

    return SessionCues.from_settings(settings, ring=ring, report=report)


# A sink for trying the cues out (the settings screen), from the settings being edited
# and the terminal bell. Tests give one that records instead of opening a device.
SinkFactory = Callable[[Settings, Callable[[], None]], "SoundSink"]


def sink_from_settings(settings: Settings, ring: Callable[[], None]) -> SoundSink:
    from legtimer.cues.sinks import open_sink

    # Tones whatever `sound` says, as `legtimer sounds` does: trying a cue means hearing it.
    return open_sink(settings, ring, sound=True)


@dataclass
class AppContext:
    """The app's dependencies. `settings` is replaced (never mutated) when the person changes one."""

    clock: Clock
    settings: Settings
    store: HistoryStore | None = None
    # Why the history could not be opened, if it could not: said once, at start-up.
    history_problem: str | None = None
    today: Callable[[], date] = field(default=date.today)
    cues: CuesFactory = cues_from_settings
    sinks: SinkFactory = sink_from_settings
    # `m` in a session mutes tones and speech until it is pressed again, for every
    # session while the app runs.
    muted: bool = False
