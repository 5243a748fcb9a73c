"""Settings from `<config dir>/settings.toml`, with defaults for anything missing.

A broken settings file never stops the app: the problems are reported and
the defaults are used for whatever could not be read. It is never written
over either: a change is refused until the person fixes the file. A readable
file is changed in place with tomlkit, so its comments, order and layout stay
as the person wrote them; only the values that changed are rewritten.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from legtimer.core import paths
from legtimer.core.errors import UserFacingError, plain_reason
from legtimer.core.files import write_atomically

if TYPE_CHECKING:
    import tomlkit


@dataclass(frozen=True)
class Settings:
    bell: bool = True  # terminal bell on 3-2-1 and on every transition when no tones play
    flash: bool = True  # flash the screen on transitions, for noisy rooms
    speak_command: str = ""  # e.g. 'espeak-ng "{text}"'; empty: a speech program found on its own
    theme: str = "textual-dark"
    get_ready: int = 10  # seconds of GET READY before a session's first step
    units: str = "kg"  # the unit of every load in routines and the history: "kg" or "lb"
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
    "units": str,
    "sound": bool,
    "metronome": bool,
    "speak": bool,
    "sound_dir": str,
}
UNITS = ("kg", "lb")
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
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # TOMLDecodeError too
        return Settings(
            problems=(f"{path}: not valid TOML ({plain_reason(error)}); using defaults",)
        )
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
        elif key == "units" and value not in UNITS:
            problems.append(f'{path}: units: expected "kg" or "lb", found {value!r}')
        elif not isinstance(value, _TYPES[key]):
            problems.append(f"{path}: {key}: expected {_TYPES[key].__name__}, found {value!r}")
        else:
            values[key] = value
    return replace(Settings(**values), problems=tuple(problems))  # type: ignore[arg-type]


class SettingsFileError(UserFacingError, OSError):
    """The settings file was not changed; the message says why and what to do.

    An OSError too, so a caller that already reports a failed write reports this.
    """


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Save `settings`: a new file gets every key; an existing one only the keys whose
    value changed, in place (a value the file holds but could not use is left alone).

    Raises SettingsFileError when the file exists but cannot be read, OSError when
    it cannot be written.
    """
    path = path or paths.settings_path()
    values = {f.name: getattr(settings, f.name) for f in fields(Settings) if f.name != "problems"}
    if path.exists() or path.is_symlink():
        current = load_settings(path)
        values = {key: value for key, value in values.items() if getattr(current, key) != value}
    update_settings_file(values, path)


def update_settings_file(changes: Mapping[str, object], path: Path | None = None) -> None:
    """Set these keys in the settings file, keeping its comments and layout.

    A file that is not valid TOML (or not readable) is never overwritten:
    SettingsFileError says what is wrong with it. A missing file is created.
    """
    path = path or paths.settings_path()
    if path.is_symlink():  # a settings file kept elsewhere: change it there, keep the link
        path = path.resolve()
    try:
        data: bytes | None = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as error:
        raise SettingsFileError(
            f"{path} cannot be read ({error.strerror}), so it was not changed"
        ) from None
    import tomlkit  # only when a setting is saved: it costs start-up time otherwise

    document = tomlkit.document() if data is None else _editable(path, data)
    if not changes and data is not None:
        return
    for key, value in changes.items():
        document[key] = value
    text = document.as_string()
    written = tomllib.loads(text)
    if any(written.get(key) != value for key, value in changes.items()):  # pragma: no cover
        raise SettingsFileError(f"{path} could not be changed safely, so it was left as it is")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)


def _editable(path: Path, data: bytes) -> tomlkit.TOMLDocument:
    """The file as a tomlkit document, or SettingsFileError if it is not one to edit."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        text = data.decode("utf-8")
        tomllib.loads(text)  # the reader's verdict: what it refuses is never rewritten
        return tomlkit.parse(text)
    except (UnicodeDecodeError, ValueError, RecursionError, TOMLKitError) as error:
        raise SettingsFileError(
            f"{path} is not valid TOML ({plain_reason(error)}), so it was not changed; "
            "fix it (or remove it to start afresh) and try again"
        ) from None
