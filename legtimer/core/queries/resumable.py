"""Is there an unfinished session to offer? A quick look first, the full look off the UI thread.

Finding an interrupted session means marking sessions of dead processes as
interrupted: a write, which waits for as long as another program holds the
history's lock. The app must not wait on its event loop, so it asks in two steps:

- `may_have_one(store)`: one read that never waits (most starts end here:
  nothing in progress, nothing interrupted);
- `find_latest(path)`: the full look on a connection of its own, so it can run
  in a thread while the screen stays responsive.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from legtimer.core.history import HistoryError, HistoryStore, SessionSummary, Status
from legtimer.core.history.opening import BUSY_TIMEOUT_MS


def may_have_one(store: HistoryStore) -> bool:
    """False only when no session is in progress or waiting to be resumed (never waits)."""
    connection = store.connection
    try:
        connection.execute("PRAGMA busy_timeout = 0")
        try:
            row = connection.execute(
                "SELECT EXISTS (SELECT 1 FROM sessions "
                "WHERE status = ? OR (status = ? AND dismissed = 0))",
                (Status.IN_PROGRESS, Status.INTERRUPTED),
            ).fetchone()
        finally:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error:
        return True  # could not tell at once (locked, say): the full look will say
    return bool(row[0])


@dataclass(frozen=True)
class Found:
    """What the full look found: the latest session to offer, or why it could not look."""

    latest: SessionSummary | None = None
    problem: str | None = None


def find_latest(path: Path) -> Found:
    """The newest interrupted session in the history at `path`, on a connection of its own."""
    try:
        store = HistoryStore.open(path, recover=False)
    except HistoryError as error:
        return Found(problem=str(error))
    try:
        pending = store.resumable()
    except HistoryError as error:
        return Found(problem=str(error))
    finally:
        store.close()
    return Found(latest=pending[0] if pending else None)
