"""Where cues go: a sound device, the terminal bell, nowhere, or a list (for tests).

Every sink's `play` returns at once: it is called from the event loop between
two screen updates. A sink that has something to tell the person (no audio
device, a bad sound file) hands it over through `notices()`, each message once,
on the caller's thread, where it can be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from legtimer.core.session import Clock
from legtimer.cues.tones import CueName

# The cues the terminal bell stands in for: the same moments it rang for before
# there were tones (every transition and the 3-2-1). Ticks and tempo tones would
# make it ring every second.
BELL_CUES = frozenset(
    {
        CueName.PIP,
        CueName.GO,
        CueName.REST,
        CueName.SWITCH_SIDES,
        CueName.LAST_SET,
        CueName.SESSION_COMPLETE,
    }
)


class SoundSink(Protocol):
    @property
    def tones(self) -> bool:
        """Whether cues sound as distinct tones (a bell cannot keep a metronome)."""
        ...

    def play(self, cue: CueName) -> None:
        """Start a cue and return at once."""
        ...

    def notices(self) -> list[str]:
        """Messages for the person since the last call (each is given once)."""
        ...

    def close(self, wait: float = 0.0) -> None:
        """Release the device once what is sounding has finished; `wait` seconds at most
        for that (0: return at once and let it finish in the background)."""
        ...


class SilentSink:
    tones = False

    def play(self, cue: CueName) -> None:
        pass

    def notices(self) -> list[str]:
        return []

    def close(self, wait: float = 0.0) -> None:
        pass


class BellSink:
    """The terminal bell for the cues that mark a transition or the 3-2-1."""

    tones = False

    def __init__(self, ring: Callable[[], None]) -> None:
        self.ring = ring

    def play(self, cue: CueName) -> None:
        if cue in BELL_CUES:
            self.ring()

    def notices(self) -> list[str]:
        return []

    def close(self, wait: float = 0.0) -> None:
        pass


class RecordingSink:
    """Remembers each cue with the clock time it was played at."""

    def __init__(self, clock: Clock, *, tones: bool = True) -> None:
        self.clock = clock
        self.tones = tones
        self.played: list[tuple[CueName, float]] = []
        self.pending_notices: list[str] = []
        self.closed = False

    def play(self, cue: CueName) -> None:
        self.played.append((cue, self.clock.now()))

    def notices(self) -> list[str]:
        notices, self.pending_notices = self.pending_notices, []
        return notices

    def close(self, wait: float = 0.0) -> None:
        self.closed = True

    def names(self) -> list[CueName]:
        return [name for name, _ in self.played]
