"""Where legtimer keeps things on disk.

Every location is a function, so importing this module creates nothing and a
test can point the environment variables somewhere else at any time.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "legtimer"
DATA_DIR_ENV = "LEGTIMER_DATA_DIR"
CONFIG_DIR_ENV = "LEGTIMER_CONFIG_DIR"


def data_dir() -> Path:
    """The data directory: history and the user's own routines."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The configuration directory: settings.toml."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return user_config_path(APP_NAME, appauthor=False)


def user_routines_dir() -> Path:
    return data_dir() / "routines"


def history_path() -> Path:
    return data_dir() / "history.sqlite3"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def builtin_routines_dir() -> Path:
    """The built-in routines: inside the installed package, or the repo's top-level folder."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "routines"
    if packaged.is_dir():
        return packaged
    return package.parent / "routines"
