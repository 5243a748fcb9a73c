"""What every screen may use of the app, handed to it in its constructor.

Screens never import the app: the app builds one `AppContext` and passes it
down; screens ask for navigation by posting the messages in `messages.py`.
"""

from __future__ import annotations

import threading
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


# A sink for trying the cues out (the settings screen), from the settings being edited
# and the terminal bell. Tests give one that records instead of opening a device.
SinkFactory = Callable[[Settings, Callable[[], None]], "SoundSink"]


def sink_from_settings(settings: Settings, ring: Callable[[], None]) -> SoundSink:
    # Tones whatever `sound` says, as `legtimer sounds` does: trying a cue means hearing it.
    return _open_sink(settings, ring, sound=True)


def _open_sink(
    settings: Settings, ring: Callable[[], None], *, sound: bool | None = None
) -> SoundSink:
    from legtimer.cues.sink_choice import open_sink  # the sound code loads after home

    return open_sink(settings, ring, sound=sound)


class AppCues:
    """The app's cues factory: every session's cues play through one sink for the app.

    Opening the audio device takes a moment, and a new stream's first second or two of
    cues come late (PulseAudio holds them back: measured up to 2 s). So the app opens
    its sink once, soon after home is on screen (`warm`), and lends it to each session;
    a session's end leaves it open. A new sink replaces it only when a setting it is
    made from changes (sound, volume, sound folder, bell).
    """

    def __init__(self, opener: SinkFactory | None = None) -> None:
        self._open = opener or _open_sink  # tests give one that records
        self._sink: SoundSink | None = None
        self._made_from: tuple[object, ...] = ()
        self._lock = threading.Lock()  # `warm` runs on a worker thread

    def __call__(
        self, settings: Settings, ring: Callable[[], None], report: Callable[[str], None]
    ) -> SessionCues:
        from legtimer.cues.session_cues import SessionCues

        sink = self.sink(settings, ring)
        return SessionCues.from_settings(settings, ring=ring, report=report, sink=sink)

    def warm(self, settings: Settings, ring: Callable[[], None]) -> None:
        """Open the sink ahead of the first session: on a worker thread, as it imports
        the sound code (the device itself opens on the sink's own thread)."""
        self.sink(settings, ring)

    def sink(self, settings: Settings, ring: Callable[[], None]) -> SoundSink:
        made_from = (settings.sound, settings.volume, settings.sound_dir, settings.bell)
        with self._lock:
            if self._sink is None or made_from != self._made_from:
                if self._sink is not None:
                    self._sink.close()  # what it is playing finishes in the background
                self._sink, self._made_from = self._open(settings, ring), made_from
            return self._sink


@dataclass
class AppContext:
    """The app's dependencies. `settings` is replaced (never mutated) when the person changes one."""

    clock: Clock
    settings: Settings
    store: HistoryStore | None = None
    # Why the history could not be opened, if it could not: said once, at start-up.
    history_problem: str | None = None
    today: Callable[[], date] = field(default=date.today)
    cues: CuesFactory = field(default_factory=AppCues)
    sinks: SinkFactory = sink_from_settings
    # `m` in a session mutes tones and speech until it is pressed again, for every
    # session while the app runs.
    muted: bool = False
