"""The one object a front end drives during a session: announcer, sound sink and speaker.

The app and `--plain` call `update(events, session)` after every `poll()` and
every command (with whatever events they returned, possibly none), and wake up
again within `next_due(session)` seconds when it is not None. Everything it
starts (a tone, a speech program) runs elsewhere; it never blocks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from legtimer.core.session import Event, Session
from legtimer.core.settings import Settings
from legtimer.cues.announcer import Announcement, Announcer
from legtimer.cues.sink_choice import open_sink
from legtimer.cues.sinks import SoundSink
from legtimer.cues.voice import Speaker, speaker_for


class SessionCues:
    def __init__(
        self,
        sink: SoundSink,
        speaker: Speaker | None,
        *,
        metronome: bool = True,
        report: Callable[[str], None] = lambda message: None,
        own_sink: bool = True,
    ) -> None:
        """`own_sink=False` for a sink shared beyond this session (one per app):
        `close()` then leaves it open."""
        self.sink = sink
        self.own_sink = own_sink
        self.speaker = speaker
        self.report = report
        self.metronome = metronome
        self.muted = False
        self.announcer = Announcer(metronome=metronome, speech=speaker is not None)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        ring: Callable[[], None],
        report: Callable[[str], None],
        sound: bool | None = None,
        voice: bool | None = None,
        sink: SoundSink | None = None,
    ) -> SessionCues:
        """Cues as the settings say; `sound` and `voice` override them when given.
        A `sink` given (the app's, shared by its sessions) is used and left open by
        `close`; else one is opened for these cues alone.

        `ring` rings the terminal bell (the app's `bell`); `report` shows a message
        to the person (called on the caller's thread, from `update` or here).
        Returns at once: the audio device opens and the speech program is looked for
        in the background.
        """
        own_sink = sink is None
        if sink is None:
            sink = open_sink(settings, ring, sound=sound)
        speak = settings.speak if voice is None else voice
        speaker = speaker_for(replace(settings, speak=speak), report)
        return cls(sink, speaker, metronome=settings.metronome, report=report, own_sink=own_sink)

    def update(self, events: Sequence[Event], session: Session) -> list[Announcement]:
        """Play and say what is due now; returns it (for a log, or tests)."""
        for notice in self.sink.notices():
            self.report(notice)
        if self.speaker is not None:
            self.speaker.report_notices()  # here, on the caller's thread
        # A bell cannot keep a metronome: without tones, paced sets get go and 3-2-1.
        self.announcer.metronome = self.metronome and self.sink.tones
        self.announcer.speech = self.speaker is not None and self.speaker.enabled
        announcements = self.announcer.update(events, session)
        if self.muted:
            return announcements
        for item in announcements:
            if item.cue is not None:
                self.sink.play(item.cue)
            if item.speech and self.speaker is not None:
                self.speaker.say(item.speech)
        return announcements

    def next_due(self, session: Session) -> float | None:
        """Seconds until the clock alone brings a cue (a metronome beat, "10 seconds")."""
        return self.announcer.next_due(session)

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute tones and speech; muting cuts off speech in progress."""
        self.muted = muted
        if muted and self.speaker is not None:
            self.speaker.stop()

    def toggle_mute(self) -> bool:
        """Flip muting; returns True when now muted."""
        self.set_muted(not self.muted)
        return self.muted

    def close(self, wait: float = 0.0) -> None:
        """Release the audio device and end the speaker once the cues and words going
        have finished, waiting `wait` seconds at most in all (0 from the event loop:
        they finish in the background)."""
        deadline = time.monotonic() + wait
        if self.own_sink:
            self.sink.close(wait)
        if self.speaker is not None:
            self.speaker.close(max(0.0, deadline - time.monotonic()))
