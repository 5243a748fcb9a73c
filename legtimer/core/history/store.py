"""The history store: every session a person has done, in one SQLite file.

- stdlib sqlite3, WAL journal, a busy timeout, the schema in `schema.py`;
- every finished step is committed as it finishes, so a killed process loses
  at most the step in progress;
- a session keeps a copy of the routine as it was run;
- a file that is not a usable SQLite database is moved aside, never deleted;
  a file from a newer legtimer is refused, never downgraded (`opening.py`).

The store writes (recording, resume, import, delete) and answers what those
need about one session: `session`, `steps`, `routine_copy`, `last_done`. Lists
of sessions and every aggregate (stats, bests, progress) are in
`legtimer.core.queries`.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from legtimer.core.history.errors import HistoryError, RunningElsewhere
from legtimer.core.history.opening import (
    Damaged,
    connect,
    describe_write_error,
    move_aside,
    reconnect,
)
from legtimer.core.history.records import (
    SessionSummary,
    Status,
    StepRow,
    iso_utc,
    parse_time,
    step_from_row,
    summary_from_row,
)
from legtimer.core.history.schema import (
    ACTIVE_KINDS,
    SESSION_COLUMNS,
    STEP_COLUMNS,
    STEP_FIELDS,
    TRAINED,
    roll_back,
)
from legtimer.core.plan import Plan, Step, build_plan
from legtimer.core.routines import RoutineError, parse_routine
from legtimer.core.session import StepRecord


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, but someone else's
    except OSError:
        return False
    return True


def _not_resumable(session_id: str, row: sqlite3.Row) -> str:
    if row["status"] == Status.IN_PROGRESS:
        where = "on this computer" if row["host"] == socket.gethostname() else f"on {row['host']}"
        return (
            f"session {session_id[:8]} is running in another legtimer {where} "
            f"(process {row['pid']}); it cannot be resumed here"
        )
    return f"session {session_id[:8]} is {row['status']}; there is nothing to resume"


class HistoryStore:
    """One history file. Open it with `HistoryStore.open(path)`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        # Messages for the person: a file moved aside, sessions marked interrupted.
        self.notices: list[str] = []

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path, *, recover: bool = True) -> HistoryStore:
        """Open (creating if needed) the history file at `path`.

        A file that is not a usable SQLite database is moved aside (when
        `recover`) and a fresh one created; the notice says where it went.
        """
        notices: list[str] = []
        try:
            connection = connect(path)
        except Damaged as problem:
            if not recover:
                raise HistoryError(
                    f"the history file {path} is damaged ({problem}); it was left untouched. "
                    "Open legtimer (`legtimer` or `legtimer run`) to move it aside and start "
                    "a new one"
                ) from None
            try:
                moved = move_aside(path)
            except OSError as error:
                raise HistoryError(
                    f"the history file {path} is damaged ({problem}) and cannot be moved "
                    f"aside: {error.strerror or error}. It was left untouched."
                ) from None
            notices.append(
                f"The history file was damaged ({problem}); it was moved to {moved} "
                "and a new, empty history was started. Nothing was deleted."
            )
            try:
                connection = connect(path)
            except (Damaged, HistoryError) as again:
                raise HistoryError(
                    f"the history file {path} was damaged ({problem}) and moved to {moved}, "
                    f"but a new one cannot be started there: {again}"
                ) from None
        store = cls(connection, path)
        store.notices.extend(notices)
        return store

    def close(self) -> None:
        self.connection.close()

    def sibling(self) -> HistoryStore:
        """Another connection to this (already opened and checked) history, for another
        thread: a connection must never be used by two threads at once."""
        return HistoryStore(reconnect(self.path), self.path)

    def read(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[sqlite3.Row]:
        """Rows of one read-only query, for the query modules built on the store."""
        return self.connection.execute(sql, parameters).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; any failure rolls it back and becomes a HistoryError."""
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                roll_back(connection)
                raise
        except sqlite3.Error as error:
            raise HistoryError(describe_write_error(self.path, error)) from None

    # ------------------------------------------------------------------ recording

    def begin_session(
        self,
        plan: Plan,
        routine_toml: str,
        started_at: datetime,
        *,
        session_id: str | None = None,
    ) -> str:
        routine = plan.routine
        session_id = session_id or str(uuid.uuid4())
        with self._transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, routine_id, routine_name, routine_source, "
                "routine_toml, started_at, status, planned_seconds, sets_planned, host, pid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    routine.id or "",
                    routine.name,
                    routine.source,
                    routine_toml,
                    iso_utc(started_at),
                    Status.IN_PROGRESS,
                    plan.total_seconds,
                    len(plan.active_steps),
                    socket.gethostname(),
                    os.getpid(),
                ),
            )
        return session_id

    def record_step(self, session_id: str, step: Step, record: StepRecord) -> None:
        """Commit one finished step (replacing an earlier run of the same step)."""
        with self._transaction() as db:
            db.execute(
                f"INSERT OR REPLACE INTO steps ({STEP_COLUMNS}, session_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    step.index,
                    step.kind.value,
                    step.exercise.name,
                    step.exercise_number,
                    step.block_name,
                    step.round,
                    step.set,
                    step.side.value if step.side else None,
                    step.seconds,
                    step.exercise.target,
                    record.outcome.value,
                    iso_utc(record.started_at),
                    iso_utc(record.ended_at),
                    record.active_seconds,
                    record.paused_seconds,
                    record.adjusted_seconds,
                    record.reps,
                    step.exercise.load if step.kind.active else None,
                    record.load,
                    session_id,
                ),
            )
            _refresh_totals(db, session_id)

    def end_session(self, session_id: str, status: Status, ended_at: datetime) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (status, iso_utc(ended_at), session_id),
            )

    def rate_session(self, session_id: str, effort: int | None, note: str) -> None:
        if effort is not None and not 1 <= effort <= 10:
            raise HistoryError(f"effort is rated from 1 to 10, not {effort}")
        with self._transaction() as db:
            db.execute(
                "UPDATE sessions SET effort = ?, note = ? WHERE id = ?",
                (effort, note.strip(), session_id),
            )

    def delete_session(self, session_id: str) -> bool:
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return cursor.rowcount > 0

    def discard(self, session_id: str) -> bool:
        """Remove a session started by accident: only one with no set done in full or
        in part (a get-ready, rests and skipped sets at most). Its steps go with it, in
        the same transaction. False when there was no such session; a session with
        work in it is kept and refused with a HistoryError."""
        with self._transaction() as db:
            worked = db.execute(
                f"SELECT count(*) FROM steps WHERE session_id = ? AND kind IN {ACTIVE_KINDS} "
                "AND outcome != 'skipped'",
                (session_id,),
            ).fetchone()[0]
            if worked:
                raise HistoryError(
                    f"session {session_id[:8]} has sets done; it is kept (delete it from "
                    "the history review if you mean to)"
                )
            db.execute("DELETE FROM steps WHERE session_id = ?", (session_id,))
            cursor = db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return cursor.rowcount > 0

    # ------------------------------------------------------------------ resume

    def mark_interrupted(self) -> list[SessionSummary]:
        """Sessions left in progress by a process that is gone become interrupted."""
        host = socket.gethostname()
        rows = self.connection.execute(
            "SELECT id, host, pid FROM sessions WHERE status = ?", (Status.IN_PROGRESS,)
        ).fetchall()
        gone = [row for row in rows if row["host"] != host or not _process_alive(row["pid"])]
        dead = [row["id"] for row in gone]
        if dead:
            # A session whose every step was saved only missed its ending: it is complete.
            ending = [
                (
                    Status.COMPLETED if self._all_steps_saved(row["id"]) else Status.INTERRUPTED,
                    row["id"],
                    Status.IN_PROGRESS,
                    row["host"],
                    row["pid"],
                )
                for row in gone
            ]
            try:
                self._mark(ending)
            except HistoryError as error:
                cause = str(error).split("; this session")[0]
                raise HistoryError(
                    f"{cause}: sessions left unfinished cannot be marked interrupted now"
                ) from None
        return [summary for session_id in dead if (summary := self.session(session_id))]

    def _mark(self, ending: Sequence[tuple[str, str, str, str, int]]) -> None:
        with self._transaction() as db:
            # Only if still held by the process that was found gone: another
            # legtimer may have marked it and claimed it for a resume meanwhile.
            db.executemany(
                "UPDATE sessions SET status = ?, "
                "ended_at = COALESCE((SELECT max(ended_at) FROM steps "
                "WHERE session_id = sessions.id), started_at) "
                "WHERE id = ? AND status = ? AND host = ? AND pid = ?",
                ending,
            )

    def _all_steps_saved(self, session_id: str) -> bool:
        row = self.connection.execute(
            "SELECT routine_toml, (SELECT count(DISTINCT step_index) FROM steps "
            "WHERE session_id = :id) AS saved FROM sessions WHERE id = :id",
            {"id": session_id},
        ).fetchone()
        try:
            plan = build_plan(parse_routine(row["routine_toml"]))
        except RoutineError:
            return False
        return bool(row["saved"] == len(plan.steps))

    def resumable(self) -> list[SessionSummary]:
        """Interrupted sessions the person has not dismissed, newest first."""
        self.mark_interrupted()
        rows = self.connection.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE status = ? AND dismissed = 0 "
            "ORDER BY started_at DESC",
            (Status.INTERRUPTED,),
        ).fetchall()
        return [summary_from_row(row) for row in rows]

    def dismiss(self, session_id: str) -> None:
        """Stop offering an interrupted session for resume; it stays in the history."""
        with self._transaction() as db:
            db.execute("UPDATE sessions SET dismissed = 1 WHERE id = ?", (session_id,))

    def reopen(self, session_id: str) -> tuple[str, int]:
        """Claim an interrupted session for this process, once, and take it up again.

        The claim is one UPDATE guarded by the status, in one transaction: of two
        legtimers resuming the same session, exactly one gets it; the other gets
        `RunningElsewhere`. Returns the routine copy (TOML) and the index of the
        first step not yet done.
        """
        with self._transaction() as db:
            claimed = db.execute(
                "UPDATE sessions SET status = ?, ended_at = NULL, host = ?, pid = ? "
                "WHERE id = ? AND status = ?",
                (
                    Status.IN_PROGRESS,
                    socket.gethostname(),
                    os.getpid(),
                    session_id,
                    Status.INTERRUPTED,
                ),
            ).rowcount
            row = db.execute(
                "SELECT routine_toml, status, host, pid, "
                "(SELECT max(step_index) FROM steps WHERE session_id = :id) AS last "
                "FROM sessions WHERE id = :id",
                {"id": session_id},
            ).fetchone()
        if row is None:
            raise HistoryError(f"no session {session_id} in the history")
        if not claimed:
            raise RunningElsewhere(_not_resumable(session_id, row))
        next_index = 0 if row["last"] is None else row["last"] + 1
        return row["routine_toml"], next_index

    # ------------------------------------------------------------------ one session

    def session(self, session_id: str) -> SessionSummary | None:
        """One session by id, or by a unique prefix of its id."""
        rows = self.connection.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id LIKE ? || '%' LIMIT 2",
            (session_id,),
        ).fetchall()
        if len(rows) > 1:
            raise HistoryError(f"'{session_id}' matches more than one session; give more of it")
        return summary_from_row(rows[0]) if rows else None

    def steps(self, session_id: str) -> list[StepRow]:
        rows = self.connection.execute(
            f"SELECT {STEP_COLUMNS} FROM steps WHERE session_id = ? ORDER BY step_index",
            (session_id,),
        ).fetchall()
        return [step_from_row(row) for row in rows]

    def routine_copy(self, session_id: str) -> str | None:
        row = self.connection.execute(
            "SELECT routine_toml FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return row[0] if row else None

    def last_done(self, routine_id: str) -> datetime | None:
        row = self.connection.execute(
            f"SELECT max(started_at) FROM sessions WHERE routine_id = ? AND {TRAINED}",
            (routine_id,),
        ).fetchone()
        return parse_time(row[0]) if row and row[0] else None

    # ------------------------------------------------------------------ export / import

    def export_rows(self) -> Iterator[tuple[SessionSummary, str, list[StepRow]]]:
        """Every session, oldest first, with its routine copy and steps."""
        rows = self.connection.execute(
            f"SELECT {SESSION_COLUMNS}, routine_toml FROM sessions ORDER BY started_at, id"
        ).fetchall()
        for row in rows:
            yield summary_from_row(row), row["routine_toml"], self.steps(row["id"])

    def import_sessions(self, sessions: Sequence[dict[str, Any]]) -> tuple[int, int]:
        """Add sessions (already validated dicts) in one transaction; skip ids already here.

        Returns (added, already present).
        """
        added = 0
        with self._transaction() as db:
            for item in sessions:
                cursor = db.execute(
                    # dismissed = 1: a session from another machine is history here,
                    # never offered for resume.
                    "INSERT OR IGNORE INTO sessions (id, routine_id, routine_name, routine_source, "
                    "routine_toml, started_at, ended_at, status, planned_seconds, sets_planned, "
                    "effort, note, dismissed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    (
                        item["id"],
                        item["routine_id"],
                        item["routine_name"],
                        item["routine_source"],
                        item["routine_toml"],
                        item["started_at"],
                        item["ended_at"],
                        item["status"],
                        item["planned_seconds"],
                        item["sets_planned"],
                        item["effort"],
                        item["note"],
                    ),
                )
                if cursor.rowcount == 0:
                    continue
                added += 1
                db.executemany(
                    f"INSERT INTO steps ({STEP_COLUMNS}, session_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (*(step[column] for column in STEP_FIELDS), item["id"])
                        for step in item["steps"]
                    ],
                )
                _refresh_totals(db, item["id"])
        return added, len(sessions) - added


def _refresh_totals(db: sqlite3.Connection, session_id: str) -> None:
    db.execute(
        "UPDATE sessions SET "
        "active_seconds = (SELECT coalesce(sum(active_seconds), 0) FROM steps "
        "  WHERE session_id = :id), "
        "paused_seconds = (SELECT coalesce(sum(paused_seconds), 0) FROM steps "
        "  WHERE session_id = :id), "
        "sets_done = (SELECT count(*) FROM steps WHERE session_id = :id "
        f"  AND kind IN {ACTIVE_KINDS} AND outcome = 'done'), "
        "sets_skipped = (SELECT count(*) FROM steps WHERE session_id = :id "
        f"  AND kind IN {ACTIVE_KINDS} AND outcome = 'skipped') "
        "WHERE id = :id",
        {"id": session_id},
    )
