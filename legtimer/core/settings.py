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
    bell: bool = True  # terminal bell on 3-2-1 and on every transition
    flash: bool = True  # flash the screen on transitions, for noisy rooms
    speak_command: str = ""  # e.g. 'espeak-ng "{text}"'; empty: no speech
    theme: str = "textual-dark"
    get_ready: int = 10  # seconds of GET READY before a session's first step
    units: str = "kg"  # the unit of every load in routines and the history: "kg" or "lb"
    problems: tuple[str, ...] = field(default=(), compare=False)


_TYPES: dict[str, type] = {
    "bell": bool,
    "flash": bool,
    "speak_command": str,
    "theme": str,
    "units": str,
}
UNITS = ("kg", "lb")


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
        elif key == "get_ready":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 300:
                problems.append(f"{path}: get_ready: expected whole seconds from 0 to 300")
            else:
                values[key] = value
        elif key == "units" and value not in UNITS:
            problems.append(f'{path}: units: expected "kg" or "lb", found {value!r}')
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
