"""Fakes at the sound edge: a speaker that remembers what it was asked to say, a
cues factory for the app that records every session's tones and words, and a sink
factory that records the cues the settings screen plays."""

from __future__ import annotations

from collections.abc import Callable

from legtimer.core.session import FakeClock
from legtimer.core.settings import Settings
from legtimer.cues.session_cues import SessionCues
from legtimer.cues.sinks import RecordingSink, SoundSink
from legtimer.cues.tones import CueName


class FakeSpeaker:
    """Stands in for Speaker: records what is said, in seconds from `start` on `clock`."""

    def __init__(self, clock: FakeClock, start: float = 0.0) -> None:
        self.clock = clock
        self.start = start
        self.enabled = True
        self.said: list[tuple[str, float]] = []
        self.stops = 0
        self.closed = False

    def say(self, text: str) -> None:
        self.said.append((text, round(self.clock.now() - self.start, 3)))

    def stop(self) -> None:
        self.stops += 1

    def report_notices(self) -> None:
        pass

    def wait_idle(self, timeout: float) -> bool:
        return True

    def close(self, wait: float = 0.0) -> None:
        self.closed = True


class RecordedCues:
    """A cues factory for `LegTimerApp(cues=...)`: each session gets a RecordingSink and a
    FakeSpeaker on the test's clock; the last ones stay here for the test to read."""

    def __init__(self, clock: FakeClock, *, speech: bool = True) -> None:
        self.clock = clock
        self.speech = speech
        self.sink = RecordingSink(clock)
        self.speaker = FakeSpeaker(clock)
        self.opened: list[SessionCues] = []

    def __call__(
        self, settings: Settings, ring: Callable[[], None], report: Callable[[str], None]
    ) -> SessionCues:
        self.sink = RecordingSink(self.clock)
        self.speaker = FakeSpeaker(self.clock)
        speaker = self.speaker if self.speech else None
        cues = SessionCues(
            self.sink,
            speaker,  # type: ignore[arg-type]  # the fake has the Speaker's surface
            metronome=settings.metronome,
            report=report,
        )
        self.opened.append(cues)
        return cues

    def tones(self) -> list[tuple[CueName, float]]:
        return list(self.sink.played)

    def words(self) -> list[tuple[str, float]]:
        return list(self.speaker.said)


class RecordedSinks:
    """A sink factory for `LegTimerApp(sinks=...)`: each sink asked for is a RecordingSink,
    kept with the settings it was opened with."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.opened: list[tuple[Settings, RecordingSink]] = []

    def __call__(self, settings: Settings, ring: Callable[[], None]) -> SoundSink:
        sink = RecordingSink(self.clock)
        self.opened.append((settings, sink))
        return sink

    def played(self) -> list[CueName]:
        """Every cue played, through every sink, in order."""
        return [name for _, sink in self.opened for name in sink.names()]
