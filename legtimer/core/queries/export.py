"""Writing the history out: the export's text in a format, and the file it goes to.

The formats themselves are in `exchange`. `legtimer export` and the review
screen's export both come through here, so they write the same files and
refuse the same targets with the same words.
"""

from __future__ import annotations

import io
import sqlite3
from enum import StrEnum
from pathlib import Path

from legtimer.core import files
from legtimer.core.errors import UserFacingError
from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.queries import exchange
from legtimer.core.queries.sessions import count_sessions


class ExportFormat(StrEnum):
    JSON = "json"  # every session, step and routine copy; can be imported again
    CSV = "csv"  # a row per step, for spreadsheets


class ExportError(UserFacingError):
    """The export could not be written; the message says why."""


def export_text(
    store: HistoryStore | None,
    fmt: ExportFormat | str,
    *,
    progress: exchange.Progress = lambda: None,
) -> str:
    """The whole history (`store` None: an empty one) as the text of an export."""
    if ExportFormat(fmt) is ExportFormat.CSV:
        buffer = io.StringIO()
        exchange.write_csv(store, buffer, progress=progress)
        return buffer.getvalue()
    return exchange.dump_json(exchange.export_document(store, progress=progress))


def target_problem(path: Path) -> str | None:
    """Why an export cannot be written to `path`, or None if it can be tried."""
    if path.is_dir():
        return f"{path} is a folder; give a file name to write to"
    if not path.parent.is_dir():
        return f"cannot write {path}: the folder {path.parent} does not exist"
    return None


def write_export(path: Path, text: str) -> None:
    """Write an export so that a failure never leaves half a file; ExportError if it fails."""
    problem = target_problem(path)
    if problem is not None:
        raise ExportError(problem)
    try:
        files.write_atomically(path, text)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror}") from None


def export_file(database: Path, fmt: ExportFormat | str, path: Path) -> int:
    """Export the history file at `database` to `path`; returns how many sessions.

    Opens a connection of its own (SQLite connections stay in their thread), so
    it can run in a worker thread. Raises ExportError when it cannot.
    """
    try:
        store = HistoryStore.open(database, recover=False)
    except HistoryError as error:
        raise ExportError(str(error)) from None
    try:
        count = count_sessions(store)
        text = export_text(store, fmt)
    except sqlite3.Error as error:
        raise ExportError(f"cannot read the history: {error}") from None
    finally:
        store.close()
    write_export(path, text)
    return count
