"""Opening a history file: checked, in WAL mode, migrated; a damaged one moved aside.

`connect` raises `Damaged` for a file that is not a usable legtimer history
(the store then moves it aside with `move_aside` and starts afresh) and
`HistoryError` for one that must be left alone: locked, read-only, on a full
disk, or written by a newer legtimer.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from legtimer.core.history.errors import HistoryError
from legtimer.core.history.schema import SCHEMA_VERSION, migrate, user_version

BUSY_TIMEOUT_MS = 5000


class Damaged(Exception):
    """The file is not a usable database (the store moves it aside)."""


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the history at `path`, created and brought up to date as needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise HistoryError(
            f"cannot create the data folder {path.parent}: {error.strerror}"
        ) from None
    if path.is_dir():
        raise Damaged("a folder stands where the history file should be")
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise HistoryError(f"cannot open the history file {path}: {error}") from None
    connection.row_factory = sqlite3.Row
    try:
        _prepare(connection, path)
    except sqlite3.OperationalError as error:
        connection.close()
        if "locked" in str(error) or "busy" in str(error):
            raise HistoryError(
                f"the history file {path} is locked by another program; close it and try again"
            ) from None
        if "readonly" in str(error) or "read-only" in str(error):
            raise HistoryError(f"the history file {path} is read-only") from None
        if "full" in str(error):
            raise HistoryError(f"the disk holding {path} is full") from None
        raise Damaged(str(error)) from None
    except sqlite3.DatabaseError as error:
        connection.close()
        raise Damaged(str(error)) from None
    except BaseException:
        connection.close()
        raise
    return connection


def _prepare(connection: sqlite3.Connection, path: Path) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    version = user_version(connection)
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"the history file {path} was written by a newer legtimer (schema "
            f"{version}; this version knows {SCHEMA_VERSION}). Upgrade legtimer to "
            "use it; the file was left untouched."
        )
    check = connection.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise Damaged(f"integrity check failed: {check}")
    if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        # Checked before WAL, so a stranger's file is left as it was.
        raise Damaged("it is an SQLite database, but not a legtimer history")
    _enable_wal(connection)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")
    migrate(connection)


def _enable_wal(connection: sqlite3.Connection) -> None:
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # e.g. a file system without shared memory
        connection.execute("PRAGMA journal_mode = DELETE")


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal and -shm) to `<name>.corrupt-<UTC stamp>`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return target


def describe_write_error(path: Path, error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"the history file {path} is locked by another program"
    if "readonly" in text or "read-only" in text:
        return f"the history file {path} is read-only; this session is not being saved"
    if "full" in text:
        return f"the disk holding {path} is full; this session is not being saved"
    return f"cannot write to the history file {path}: {text}"
