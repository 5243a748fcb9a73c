"""Settings from `<config dir>/settings.toml`, with defaults for anything missing.

A broken settings file never stops the app: the problems are reported and
the defaults are used for whatever could not be read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import tomli_w

from legtimer.core import paths
from legtimer.core.files import write_atomically


@dataclass(frozen=True)
class Settings:
    bell: bool = True  # terminal bell on 3-2-1 and on every transition when no tones play
    flash: bool = True  # flash the screen on transitions, for noisy rooms
    speak_command: str = ""  # e.g. 'espeak-ng "{text}"'; empty: a speech program found on its own
    theme: str = "textual-dark"
    get_ready: int = 10  # seconds of GET READY before a session's first step
    sound: bool = True  # built-in tones through the audio device
    volume: int = 80  # 0-100
    metronome: bool = True  # a tick each second and a tone at each tempo phase of paced reps
    speak: bool = True  # spoken cues; false turns them off whatever speak_command says
    sound_dir: str = ""  # a folder of WAV files named after cues (go.wav) that replace them
    problems: tuple[str, ...] = field(default=(), compare=False)


_TYPES: dict[str, type] = {
    "bell": bool,
    "flash": bool,
    "speak_command": str,
    "theme": str,
    "sound": bool,
    "metronome": bool,
    "speak": bool,
    "sound_dir": str,
}
# Whole numbers with their range and what the message calls them.
_RANGES: dict[str, tuple[int, int, str]] = {
    "get_ready": (0, 300, "whole seconds"),
    "volume": (0, 100, "a whole number"),
}


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.settings_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return Settings(problems=(f"{path}: cannot be read ({error.strerror}); using defaults",))
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(problems=(f"{path}: not valid TOML ({error}); using defaults",))
    values: dict[str, object] = {}
    problems = []
    known = [f.name for f in fields(Settings) if f.name != "problems"]
    for key, value in document.items():
        if key not in known:
            problems.append(f"{path}: unknown setting '{key}' (known: {', '.join(known)})")
        elif key in _RANGES:
            low, high, what = _RANGES[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(f"{path}: {key}: expected {what} from {low} to {high}")
            else:
                values[key] = value
        elif not isinstance(value, _TYPES[key]):
            problems.append(f"{path}: {key}: expected {_TYPES[key].__name__}, found {value!r}")
        else:
            values[key] = value
    return replace(Settings(**values), problems=tuple(problems))  # type: ignore[arg-type]


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {f.name: getattr(settings, f.name) for f in fields(Settings) if f.name != "problems"}
    write_atomically(path, tomli_w.dumps(document))
