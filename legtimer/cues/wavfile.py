"""WAV files in and out, with the standard library's `wave` module.

A cue a person supplies may be 8, 16, 24 or 32-bit PCM, mono or stereo, at any
sample rate: it is turned into what the player plays (16-bit mono at
SAMPLE_RATE). Anything else is refused with a message that says what was found.
"""

from __future__ import annotations

import sys
import wave
from array import array
from pathlib import Path

from legtimer.cues.tones import SAMPLE_RATE

MAX_SECONDS = 10.0  # a cue is a cue: a whole song would cover everything after it


class CueFileError(ValueError):
    """A sound file that cannot be used; the message says why, for a person."""


def write_wav(path: Path, samples: array[int], rate: int = SAMPLE_RATE) -> None:
    """Write 16-bit mono samples as a WAV file."""
    data = samples if sys.byteorder == "little" else _swapped(samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())


def read_wav(path: Path, rate: int = SAMPLE_RATE) -> array[int]:
    """Read a PCM WAV file as 16-bit mono samples at `rate` (mixed down and resampled)."""
    try:
        with wave.open(str(path), "rb") as source:
            channels = source.getnchannels()
            width = source.getsampwidth()
            file_rate = source.getframerate()
            count = source.getnframes()
            if file_rate <= 0:
                raise CueFileError("it has no sample rate")
            if count / file_rate > MAX_SECONDS:
                raise CueFileError(
                    f"it lasts {count / file_rate:.1f} seconds; a cue may last at most "
                    f"{MAX_SECONDS:.0f}"
                )
            raw = source.readframes(count)
    except wave.Error as error:
        raise CueFileError(f"not a PCM WAV file ({error})") from None
    except EOFError:
        raise CueFileError("not a PCM WAV file (it ends too soon)") from None
    if width not in (1, 2, 3, 4):
        raise CueFileError(f"{width * 8}-bit samples are not supported")
    if not raw:
        raise CueFileError("it holds no sound")
    mono = _mix_down(_to_16_bit(raw, width), channels)
    return _resample(mono, file_rate, rate) if file_rate != rate else mono


def _to_16_bit(raw: bytes, width: int) -> array[int]:
    usable = len(raw) - len(raw) % width
    if width == 2:
        samples = array("h", raw[:usable])
        return samples if sys.byteorder == "little" else _swapped(samples)
    if width == 1:  # 8-bit WAV is unsigned
        return array("h", [(byte - 128) << 8 for byte in raw])
    # 24 and 32-bit: keep the two most significant bytes (little-endian in WAV).
    return array(
        "h",
        [
            int.from_bytes(raw[i + width - 2 : i + width], "little", signed=True)
            for i in range(0, usable, width)
        ],
    )


def _mix_down(samples: array[int], channels: int) -> array[int]:
    if channels == 1:
        return samples
    whole = len(samples) - len(samples) % channels
    return array(
        "h",
        [sum(samples[i : i + channels]) // channels for i in range(0, whole, channels)],
    )


def _resample(samples: array[int], source: int, target: int) -> array[int]:
    """Linear interpolation: plenty for a beep, and needs no library."""
    count = max(1, round(len(samples) * target / source))
    ratio = source / target
    last = len(samples) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        position = i * ratio
        low = min(int(position), last)
        high = min(low + 1, last)
        fraction = position - low
        out[i] = round(samples[low] * (1 - fraction) + samples[high] * fraction)
    return out


def _swapped(samples: array[int]) -> array[int]:
    copy = array("h", samples)
    copy.byteswap()
    return copy
