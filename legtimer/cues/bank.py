"""The samples each cue plays: the built-in tone, or the person's own WAV, at their volume.

A WAV file named after a cue (`go.wav`) in the `sound_dir` folder replaces
that cue. A file that cannot be used is reported, and the built-in tone plays
instead: a bad file never silences a cue.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path

from legtimer.cues.tones import CueName, render
from legtimer.cues.wavfile import CueFileError, read_wav


@dataclass(frozen=True)
class CueBank:
    samples: dict[CueName, array[int]]
    replaced: dict[CueName, Path] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def seconds(self, name: CueName, rate: int) -> float:
        return len(self.samples[name]) / rate


def gain(volume: int) -> float:
    """Volume 0-100 as a sample multiplier. Squared: loudness is heard roughly that way,
    so 50 sounds about half as loud instead of nearly as loud as 100."""
    return (max(0, min(100, volume)) / 100) ** 2


def scaled(samples: array[int], volume: int) -> array[int]:
    factor = gain(volume)
    if factor == 1.0:
        return samples
    return array("h", [round(sample * factor) for sample in samples])


def load_bank(sound_dir: str | Path | None, volume: int) -> CueBank:
    """Every cue's samples; reads the sound folder (do this off the event loop)."""
    own: dict[CueName, array[int]] = {}
    replaced: dict[CueName, Path] = {}
    problems: list[str] = []
    folder = Path(sound_dir).expanduser() if sound_dir else None
    if folder is not None:
        own, replaced, problems = _read_folder(folder)
    # Built-in tones are made at the volume's level: no second pass over their samples.
    samples = {
        name: scaled(own[name], volume) if name in own else render(name, gain=gain(volume))
        for name in CueName
    }
    return CueBank(samples, replaced, tuple(problems))


def _read_folder(folder: Path) -> tuple[dict[CueName, array[int]], dict[CueName, Path], list[str]]:
    own: dict[CueName, array[int]] = {}
    replaced: dict[CueName, Path] = {}
    problems: list[str] = []
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return own, replaced, [f"sound_dir: {folder} does not exist; the built-in cues are used"]
    except OSError as error:
        problems.append(
            f"sound_dir: {folder} cannot be read ({error.strerror}); the built-in cues are used"
        )
        return own, replaced, problems
    known = {name.value: name for name in CueName}
    for path in entries:
        if path.suffix.lower() != ".wav":
            continue
        name = known.get(path.stem.lower())
        if name is None:
            problems.append(
                f"sound_dir: {path.name} is not named after a cue, so it is not used "
                f"(cue names: {', '.join(known)})"
            )
            continue
        try:
            own[name] = read_wav(path)
        except CueFileError as error:
            problems.append(f"sound_dir: {path}: {error}; the built-in '{name}' cue is used")
        except OSError as error:
            problems.append(
                f"sound_dir: {path} cannot be read ({error.strerror}); "
                f"the built-in '{name}' cue is used"
            )
        else:
            replaced[name] = path
    return own, replaced, problems
