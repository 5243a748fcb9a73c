"""Lists of sessions: filtered by routine and dates, sorted by a `SortKey`, a page at a time.

One page and one count per screenful, so ten years of history list as fast
as one week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from legtimer.core.history import HistoryStore, SessionSummary
from legtimer.core.history.records import parse_time, summary_from_row
from legtimer.core.history.schema import SESSION_COLUMNS

PAGE_SIZE = 50


class SortKey(StrEnum):
    """What a list of sessions can be sorted by."""

    WHEN = "when"
    ROUTINE = "routine"
    DURATION = "duration"  # active plus paused
    SETS = "sets"  # sets done
    STATUS = "status"
    EFFORT = "effort"


_ORDER_BY = {
    SortKey.WHEN: "started_at",
    SortKey.ROUTINE: "routine_name",
    SortKey.DURATION: "active_seconds + paused_seconds",
    SortKey.SETS: "sets_done",
    SortKey.STATUS: "status",
    SortKey.EFFORT: "effort",
}


def order_by(sort: SortKey | str, *, descending: bool) -> str:
    """The ORDER BY of a sort: sessions that sort alike come newest first, then by id.

    Built from the enum only, so no text from outside ever reaches the SQL
    (ValueError for a key that is not a SortKey).
    """
    key = SortKey(sort)
    order = f"{_ORDER_BY[key]} {'DESC' if descending else 'ASC'}"
    if key is not SortKey.WHEN:
        order += ", started_at DESC"
    return order + ", id"


@dataclass(frozen=True)
class SessionFilter:
    """Sessions of one routine (its id or name, any case) and between two local days."""

    routine: str | None = None
    since: date | None = None
    until: date | None = None

    def where(self, *more: str) -> tuple[str, list[Any]]:
        """The WHERE clause (with `more` conditions ANDed in) and its parameters."""
        clauses, params = list(more), []
        if self.routine:
            clauses.append("(routine_id = ? COLLATE NOCASE OR routine_name = ? COLLATE NOCASE)")
            params += [self.routine, self.routine]
        if self.since:
            clauses.append("date(started_at, 'localtime') >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("date(started_at, 'localtime') <= ?")
            params.append(self.until.isoformat())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_sessions(
    store: HistoryStore,
    *,
    routine: str | None = None,
    since: date | None = None,
    until: date | None = None,
    sort: SortKey = SortKey.WHEN,
    descending: bool = True,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[SessionSummary]:
    """A page of sessions, newest first unless sorted otherwise."""
    where, params = SessionFilter(routine, since, until).where()
    rows = store.connection.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions{where} "
        f"ORDER BY {order_by(sort, descending=descending)} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [summary_from_row(row) for row in rows]


def count_sessions(
    store: HistoryStore,
    *,
    routine: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> int:
    where, params = SessionFilter(routine, since, until).where()
    count: int = store.connection.execute(
        f"SELECT count(*) FROM sessions{where}", params
    ).fetchone()[0]
    return count


def routine_names(store: HistoryStore) -> list[str]:
    """The name of every routine the history has a session of, A to Z."""
    rows = store.connection.execute(
        "SELECT routine_name FROM sessions GROUP BY routine_name ORDER BY routine_name"
    ).fetchall()
    return [row[0] for row in rows]


def first_started(store: HistoryStore) -> datetime | None:
    """When the first session in the history started."""
    row = store.connection.execute("SELECT min(started_at) FROM sessions").fetchone()
    return parse_time(row[0]) if row and row[0] else None
