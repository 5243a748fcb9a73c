"""The built-in cues: short tones legtimer makes itself, so there is nothing to install.

Each cue is a few sine notes written as 16-bit mono samples. Every note fades
in and out over a few milliseconds: a tone that starts or stops at full level
clicks. Cues differ in pitch, length and rhythm so that each can be told apart
with the eyes closed: the countdown pip is one short A, "go" a long high E,
rest falls, the tempo tones sit an octave below the others.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

SAMPLE_RATE = 44_100
FADE_SECONDS = 0.005
FULL_SCALE = 32_767


class CueName(StrEnum):
    """Every cue; the value is its file name in a sound folder (`go` → go.wav)."""

    PIP = "pip"  # each of 3, 2, 1
    GO = "go"
    REST = "rest"
    HALFWAY = "halfway"
    SWITCH_SIDES = "switch-sides"
    LAST_SET = "last-set"
    SESSION_COMPLETE = "session-complete"
    TICK = "tick"  # the metronome's second
    TEMPO_DOWN = "tempo-down"
    TEMPO_HOLD = "tempo-hold"
    TEMPO_UP = "tempo-up"
    TEMPO_PAUSE = "tempo-pause"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    CueName.PIP: "3, 2, 1 before a step ends",
    CueName.GO: "an exercise starts",
    CueName.REST: "a rest or get-ready starts",
    CueName.HALFWAY: "halfway through a hold or timed work of 20 s or more",
    CueName.SWITCH_SIDES: "switch to the other side",
    CueName.LAST_SET: "the last set of an exercise starts",
    CueName.SESSION_COMPLETE: "the session is complete",
    CueName.TICK: "metronome: every second of a paced set",
    CueName.TEMPO_DOWN: "tempo: the down phase starts",
    CueName.TEMPO_HOLD: "tempo: the hold phase starts",
    CueName.TEMPO_UP: "tempo: the up phase starts",
    CueName.TEMPO_PAUSE: "tempo: the pause phase starts",
}

# The tempo tone for each phase name a routine's tempo can have.
TEMPO_CUES = {
    "down": CueName.TEMPO_DOWN,
    "hold": CueName.TEMPO_HOLD,
    "up": CueName.TEMPO_UP,
    "pause": CueName.TEMPO_PAUSE,
}


@dataclass(frozen=True)
class Note:
    hz: float
    seconds: float
    gap: float = 0.0  # silence after the note
    level: float = 0.5  # peak, as a share of full scale: two cues mixed stay below clipping


A5, B5, C6, D6, E6 = 880.0, 987.77, 1046.5, 1174.66, 1318.51
A4, C5, E5, G5 = 440.0, 523.25, 659.26, 783.99
D4, G4, D5, A6 = 293.66, 392.0, 587.33, 1760.0

SPECS: dict[CueName, tuple[Note, ...]] = {
    CueName.PIP: (Note(A5, 0.12),),
    CueName.GO: (Note(E6, 0.40),),
    CueName.REST: (Note(E5, 0.18, gap=0.04), Note(A4, 0.35)),
    CueName.HALFWAY: (Note(B5, 0.10, gap=0.08), Note(B5, 0.10)),
    CueName.SWITCH_SIDES: (
        Note(G5, 0.10, gap=0.03),
        Note(C6, 0.10, gap=0.03),
        Note(G5, 0.10, gap=0.03),
        Note(C6, 0.10),
    ),
    CueName.LAST_SET: (Note(D6, 0.08, gap=0.05),) * 2 + (Note(D6, 0.08),),
    CueName.SESSION_COMPLETE: (
        Note(C5, 0.15, gap=0.02),
        Note(E5, 0.15, gap=0.02),
        Note(G5, 0.15, gap=0.02),
        Note(C6, 0.50),
    ),
    CueName.TICK: (Note(A6, 0.03, level=0.3),),
    CueName.TEMPO_DOWN: (Note(D4, 0.15),),
    CueName.TEMPO_HOLD: (Note(G4, 0.07, gap=0.04), Note(G4, 0.07)),
    CueName.TEMPO_UP: (Note(D5, 0.15),),
    CueName.TEMPO_PAUSE: (Note(G4, 0.22, level=0.35),),
}


def frames(seconds: float, rate: int = SAMPLE_RATE) -> int:
    return round(seconds * rate)


def note_samples(note: Note, rate: int = SAMPLE_RATE, gain: float = 1.0) -> list[int]:
    """One note with raised-cosine fades at both ends, then its gap of silence."""
    count = frames(note.seconds, rate)
    fade = min(frames(FADE_SECONDS, rate), count // 2)
    step = 2 * math.pi * note.hz / rate
    peak = note.level * FULL_SCALE * gain
    out = []
    for i in range(count):
        edge = min(i, count - 1 - i)
        gain = 0.5 - 0.5 * math.cos(math.pi * edge / fade) if edge < fade else 1.0
        out.append(round(peak * gain * math.sin(step * i)))
    return out + [0] * frames(note.gap, rate)


@cache
def render(name: CueName, rate: int = SAMPLE_RATE, gain: float = 1.0) -> array[int]:
    """A cue as 16-bit mono samples, `gain` times its level (computed once for each
    rate and gain; do not modify the result)."""
    samples: array[int] = array("h")
    for note in SPECS[name]:
        samples.extend(note_samples(note, rate, gain))
    return samples


def seconds_of(name: CueName) -> float:
    """The planned length of a built-in cue."""
    return sum(note.seconds + note.gap for note in SPECS[name])
