"""Cues sounding at once, summed into the frames the audio device asks for.

Runs on the device's own thread, once per period (every 10 ms while a cue
sounds), so it does as little as it can: a lone cue is a slice of its samples,
and only overlapping cues are added up sample by sample.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from legtimer.cues.tones import CueName

MAX_VOICES = 4  # cues sounding at once; the oldest is cut first
_LOW, _HIGH = -32768, 32767


@dataclass
class _Voice:
    name: CueName
    samples: array[int]
    position: int = 0


class Mixer:
    def __init__(self, max_voices: int = MAX_VOICES) -> None:
        self.max_voices = max_voices
        self.frames_played = 0  # frames of sound (not silence) mixed so far
        self._voices: list[_Voice] = []
        self._silence = b""

    @property
    def active(self) -> bool:
        return bool(self._voices)

    def add(self, name: CueName, samples: array[int]) -> None:
        """Start a cue. The same cue again restarts it rather than doubling it."""
        voices = [voice for voice in self._voices if voice.name != name]
        voices.append(_Voice(name, samples))
        self._voices = voices[-self.max_voices :]

    def mix(self, frames: int) -> bytes:
        """The next `frames` 16-bit mono frames: the cues summed and clipped, then silence."""
        voices = self._voices
        if not voices:
            return self._silent(frames)
        if len(voices) == 1:  # the usual case: a slice, no arithmetic
            voice = voices[0]
            chunk = voice.samples[voice.position : voice.position + frames]
        else:
            total = [0] * frames
            for voice in voices:
                part = voice.samples[voice.position : voice.position + frames]
                for i, sample in enumerate(part):
                    total[i] += sample
            length = min(frames, max(len(v.samples) - v.position for v in voices))
            chunk = array(
                "h", [_LOW if s < _LOW else _HIGH if s > _HIGH else s for s in total[:length]]
            )
        for voice in voices:
            voice.position += frames
        self._voices = [voice for voice in voices if voice.position < len(voice.samples)]
        self.frames_played += len(chunk)
        data = chunk.tobytes()
        return data + bytes(2 * (frames - len(chunk))) if len(chunk) < frames else data

    def _silent(self, frames: int) -> bytes:
        if len(self._silence) != 2 * frames:
            self._silence = bytes(2 * frames)
        return self._silence
