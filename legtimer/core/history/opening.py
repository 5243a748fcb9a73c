"""Opening a history file: checked, in WAL mode, migrated; a damaged one moved aside.

`connect` raises `Damaged` for a file that is not a usable legtimer history
(the store then moves it aside with `move_aside` and starts afresh) and
`HistoryError` for one that must be left alone: locked, read-only, on a full
disk, or written by a newer legtimer.
"""

from __future__ import annotations

import os
import sqlite3
import time
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
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise HistoryError(f"cannot open the history file {path}: {error}") from None
        connection.row_factory = sqlite3.Row
        try:
            _prepare(connection, path)
        except sqlite3.DatabaseError as error:
            connection.close()
            # Switching a new file to WAL can find it busy at once, without the busy
            # handler, while other processes create it too: wait as for any lock.
            if _busy(error) and time.monotonic() < deadline:
                time.sleep(0.02)
                continue
            raise _opening_error(path, error) from None
        except BaseException:
            connection.close()
            raise
        return connection


def reconnect(path: Path) -> sqlite3.Connection:
    """One more connection to a history `connect` has opened and checked."""
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as error:
        raise HistoryError(f"cannot open the history file {path}: {error}") from None
    return connection


def _busy(error: sqlite3.Error) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _opening_error(path: Path, error: sqlite3.Error) -> Exception:
    """What a failure to open means: real corruption is `Damaged`; anything else is a
    `HistoryError` naming the file and the cause, and the file is left alone."""
    text = str(error)
    if _busy(error):
        return HistoryError(
            f"the history file {path} is locked by another program; close it and try again"
        )
    if "readonly" in text or "read-only" in text:
        return HistoryError(f"the history file {path} is read-only")
    if "full" in text:
        return HistoryError(f"the disk holding {path} is full")
    if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return Damaged(text)
    for companion in (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")):
        if companion.is_dir():
            cause = "it is a folder"
        elif companion.exists() and not os.access(companion, os.R_OK | os.W_OK):
            cause = (
                "you may not read and write it (was legtimer run as another user, or with sudo?)"
            )
        else:
            continue
        return HistoryError(
            f"cannot open the history file {path}: {companion} beside it cannot be used "
            f"({cause}); remove or fix it. The history was left untouched."
        )
    return HistoryError(
        f"cannot open the history file {path}: {text}. The history was left untouched."
    )


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
    # The version and the tables read in one statement, so from one snapshot: read
    # apart, another process creating the history in between made a new history look
    # like a stranger's database, and it was moved aside.
    version, tables = connection.execute(
        "SELECT (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    if version == 0 and tables:
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
