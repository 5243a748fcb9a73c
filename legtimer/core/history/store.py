"""The history store: every session a person has done, in one SQLite file.

- stdlib sqlite3, WAL journal, a busy timeout, schema version in
  ``PRAGMA user_version`` with forward-only migrations;
- every finished step is committed as it finishes, so a killed process loses
  at most the step in progress;
- a session keeps a copy of the routine as it was run;
- a file that is not a usable SQLite database is moved aside, never deleted;
  a file from a newer legtimer is refused, never downgraded;
- aggregations run in SQL.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from legtimer.core.errors import UserFacingError
from legtimer.core.plan import Plan, Step, build_plan
from legtimer.core.routines import RoutineError, parse_routine
from legtimer.core.session import StepRecord

BUSY_TIMEOUT_MS = 5000


class Status:
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
    ALL = (IN_PROGRESS, COMPLETED, STOPPED, INTERRUPTED)


STATUS_LABELS = {
    Status.IN_PROGRESS: "in progress",
    Status.COMPLETED: "completed",
    Status.STOPPED: "stopped early",
    Status.INTERRUPTED: "interrupted",
}

# Each entry upgrades the schema by one version; user_version counts those applied.
MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and their steps.
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        routine_source TEXT NOT NULL,
        routine_toml TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL,
        planned_seconds REAL NOT NULL,
        sets_planned INTEGER NOT NULL,
        active_seconds REAL NOT NULL DEFAULT 0,
        paused_seconds REAL NOT NULL DEFAULT 0,
        sets_done INTEGER NOT NULL DEFAULT 0,
        sets_skipped INTEGER NOT NULL DEFAULT 0,
        host TEXT NOT NULL DEFAULT '',
        pid INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_started ON sessions (started_at);
    CREATE TABLE steps (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        step_index INTEGER NOT NULL,
        kind TEXT NOT NULL,
        exercise TEXT NOT NULL,
        exercise_number INTEGER NOT NULL,
        block_name TEXT NOT NULL,
        round INTEGER NOT NULL,
        set_number INTEGER NOT NULL,
        side TEXT,
        planned_seconds REAL NOT NULL,
        target INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        active_seconds REAL NOT NULL,
        paused_seconds REAL NOT NULL,
        adjusted_seconds REAL NOT NULL,
        reps INTEGER,
        PRIMARY KEY (session_id, step_index)
    );
    """,
    # 2: the person's rating and note after a session; resume offers they dismissed;
    # per-exercise lookups for the progress views.
    """
    ALTER TABLE sessions ADD COLUMN effort INTEGER;
    ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX sessions_routine ON sessions (routine_id, started_at);
    CREATE INDEX steps_exercise ON steps (exercise, kind);
    """,
    # 3: the load of each set, planned (target_load) and used (load); NULL is bodyweight.
    """
    ALTER TABLE steps ADD COLUMN target_load REAL;
    ALTER TABLE steps ADD COLUMN load REAL;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(UserFacingError):
    """The history cannot be used as asked; the message says why and what to do."""


@dataclass(frozen=True)
class SessionSummary:
    id: str
    routine_id: str
    routine_name: str
    routine_source: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    planned_seconds: float
    active_seconds: float
    paused_seconds: float
    sets_planned: int
    sets_done: int
    sets_skipped: int
    effort: int | None
    note: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def duration_seconds(self) -> float:
        return self.active_seconds + self.paused_seconds


@dataclass(frozen=True)
class StepRow:
    step_index: int
    kind: str
    exercise: str
    exercise_number: int
    block_name: str
    round: int
    set_number: int
    side: str | None
    planned_seconds: float
    target: int
    outcome: str
    started_at: datetime
    ended_at: datetime
    active_seconds: float
    paused_seconds: float
    adjusted_seconds: float
    reps: int | None
    target_load: float | None = None  # the planned load; None: bodyweight
    load: float | None = None  # the load used


@dataclass(frozen=True)
class PeriodTotal:
    period: str  # a day "2026-11-22", a week by its Monday "2026-11-16", a month "2026-11"
    sessions: int
    active_seconds: float
    sets_done: int


@dataclass(frozen=True)
class Streaks:
    current_days: int
    longest_days: int
    current_weeks: int
    longest_weeks: int
    sessions_per_week: int  # the weekly goal the week streak counts


@dataclass(frozen=True)
class ExerciseBest:
    exercise: str
    side: str | None
    kind: str
    sessions: int
    longest_seconds: float  # longest hold or work done
    most_reps: int | None
    last_done: datetime


SESSION_COLUMNS = (
    "id, routine_id, routine_name, routine_source, started_at, ended_at, status, "
    "planned_seconds, active_seconds, paused_seconds, sets_planned, sets_done, sets_skipped, "
    "effort, note"
)
STEP_COLUMNS = (
    "step_index, kind, exercise, exercise_number, block_name, round, set_number, side, "
    "planned_seconds, target, outcome, started_at, ended_at, active_seconds, paused_seconds, "
    "adjusted_seconds, reps, target_load, load"
)
# A session "counts" as a training day when at least one set was done.
TRAINED = "sets_done > 0"
# Weeks are labelled by their Monday (local time), e.g. "2026-11-16".
MONDAY = "date(started_at, 'localtime', '-6 days', 'weekday 1')"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _day(text: str | None) -> date | None:
    """A day ("2026-11-22") or month ("2026-11") SQLite computed in local time, or None
    where Python has no such date: a time near year 1 or 9999 in some zones gives
    "0000-12-31" or NULL. Such times are refused on import; older files may hold them."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text + "-01" if len(text) == 7 else text)
    except ValueError:
        return None


def _summary(row: sqlite3.Row) -> SessionSummary:
    return SessionSummary(
        id=row["id"],
        routine_id=row["routine_id"],
        routine_name=row["routine_name"],
        routine_source=row["routine_source"],
        started_at=_parse_time(row["started_at"]),
        ended_at=_parse_time(row["ended_at"]) if row["ended_at"] else None,
        status=row["status"],
        planned_seconds=row["planned_seconds"],
        active_seconds=row["active_seconds"],
        paused_seconds=row["paused_seconds"],
        sets_planned=row["sets_planned"],
        sets_done=row["sets_done"],
        sets_skipped=row["sets_skipped"],
        effort=row["effort"],
        note=row["note"],
    )


def _step_row(row: sqlite3.Row) -> StepRow:
    values = dict(row)
    values["started_at"] = _parse_time(values["started_at"])
    values["ended_at"] = _parse_time(values["ended_at"])
    return StepRow(**values)


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
            connection = cls._connect(path)
        except _Corrupt as problem:
            if not recover:
                raise HistoryError(f"the history file {path} is damaged: {problem}") from None
            moved = _move_aside(path)
            notices.append(
                f"The history file was damaged ({problem}); it was moved to {moved} "
                "and a new, empty history was started. Nothing was deleted."
            )
            try:
                connection = cls._connect(path)
            except _Corrupt as again:
                raise HistoryError(
                    f"the history file {path} was damaged ({problem}) and moved to {moved}, "
                    f"but a new one cannot be started there: {again}"
                ) from None
        store = cls(connection, path)
        store.notices.extend(notices)
        return store

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryError(
                f"cannot create the data folder {path.parent}: {error.strerror}"
            ) from None
        if path.is_dir():
            raise _Corrupt("a folder stands where the history file should be")
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise HistoryError(f"cannot open the history file {path}: {error}") from None
        connection.row_factory = sqlite3.Row
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                connection.close()
                raise HistoryError(
                    f"the history file {path} was written by a newer legtimer (schema "
                    f"{version}; this version knows {SCHEMA_VERSION}). Upgrade legtimer to "
                    "use it; the file was left untouched."
                )
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                connection.close()
                raise _Corrupt(f"integrity check failed: {check}")
            if (
                version == 0
                and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            ):
                connection.close()  # checked before WAL so a stranger's file is left as it was
                raise _Corrupt("it is an SQLite database, but not a legtimer history")
            _enable_wal(connection)
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
            _migrate(connection)
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
            raise _Corrupt(str(error)) from None
        except sqlite3.DatabaseError as error:
            connection.close()
            raise _Corrupt(str(error)) from None
        return connection

    def close(self) -> None:
        self.connection.close()

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
                _roll_back(connection)
                raise
        except sqlite3.Error as error:
            raise HistoryError(_describe_write_error(self.path, error)) from None

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
                    _iso(started_at),
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
                    _iso(record.started_at),
                    _iso(record.ended_at),
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

    def end_session(self, session_id: str, status: str, ended_at: datetime) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (status, _iso(ended_at), session_id),
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

    # ------------------------------------------------------------------ resume

    def mark_interrupted(self) -> list[SessionSummary]:
        """Sessions left in progress by a process that is gone become interrupted."""
        host = socket.gethostname()
        rows = self.connection.execute(
            "SELECT id, host, pid FROM sessions WHERE status = ?", (Status.IN_PROGRESS,)
        ).fetchall()
        dead = [row["id"] for row in rows if row["host"] != host or not _process_alive(row["pid"])]
        if dead:
            # A session whose every step was saved only missed its ending: it is complete.
            ending = [
                (Status.COMPLETED if self._all_steps_saved(sid) else Status.INTERRUPTED, sid)
                for sid in dead
            ]
            with self._transaction() as db:
                db.executemany(
                    "UPDATE sessions SET status = ?, "
                    "ended_at = COALESCE((SELECT max(ended_at) FROM steps "
                    "WHERE session_id = sessions.id), started_at) WHERE id = ?",
                    ending,
                )
        return [summary for session_id in dead if (summary := self.session(session_id))]

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
        return [_summary(row) for row in rows]

    def dismiss(self, session_id: str) -> None:
        """Stop offering an interrupted session for resume; it stays in the history."""
        with self._transaction() as db:
            db.execute("UPDATE sessions SET dismissed = 1 WHERE id = ?", (session_id,))

    def reopen(self, session_id: str) -> tuple[str, int]:
        """Take an interrupted session up again in this process.

        Returns the routine copy (TOML) and the index of the first step not yet done.
        """
        row = self.connection.execute(
            "SELECT routine_toml, (SELECT max(step_index) FROM steps WHERE session_id = ?) AS last "
            "FROM sessions WHERE id = ?",
            (session_id, session_id),
        ).fetchone()
        if row is None:
            raise HistoryError(f"no session {session_id} in the history")
        with self._transaction() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = NULL, host = ?, pid = ? WHERE id = ?",
                (Status.IN_PROGRESS, socket.gethostname(), os.getpid(), session_id),
            )
        next_index = 0 if row["last"] is None else row["last"] + 1
        return row["routine_toml"], next_index

    # ------------------------------------------------------------------ queries

    def _where(
        self, routine: str | None, since: date | None, until: date | None
    ) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if routine:
            clauses.append("(routine_id = ? COLLATE NOCASE OR routine_name = ? COLLATE NOCASE)")
            params += [routine, routine]
        if since:
            clauses.append("date(started_at, 'localtime') >= ?")
            params.append(since.isoformat())
        if until:
            clauses.append("date(started_at, 'localtime') <= ?")
            params.append(until.isoformat())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def sessions(
        self,
        *,
        routine: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
        offset: int = 0,
        order: str = "started_at DESC",
    ) -> list[SessionSummary]:
        """A page of sessions, newest first unless `order` says otherwise."""
        if order not in _ORDERS:
            raise ValueError(f"unknown order {order!r}")
        where, params = self._where(routine, since, until)
        rows = self.connection.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions{where} ORDER BY {order}, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [_summary(row) for row in rows]

    def count(
        self, *, routine: str | None = None, since: date | None = None, until: date | None = None
    ) -> int:
        where, params = self._where(routine, since, until)
        count: int = self.connection.execute(
            f"SELECT count(*) FROM sessions{where}", params
        ).fetchone()[0]
        return count

    def routine_names(self) -> list[str]:
        rows = self.connection.execute(
            "SELECT routine_name FROM sessions GROUP BY routine_name ORDER BY routine_name"
        ).fetchall()
        return [row[0] for row in rows]

    def session(self, session_id: str) -> SessionSummary | None:
        """One session by id, or by a unique prefix of its id."""
        rows = self.connection.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id LIKE ? || '%' LIMIT 2",
            (session_id,),
        ).fetchall()
        if len(rows) > 1:
            raise HistoryError(f"'{session_id}' matches more than one session; give more of it")
        return _summary(rows[0]) if rows else None

    def steps(self, session_id: str) -> list[StepRow]:
        rows = self.connection.execute(
            f"SELECT {STEP_COLUMNS} FROM steps WHERE session_id = ? ORDER BY step_index",
            (session_id,),
        ).fetchall()
        return [_step_row(row) for row in rows]

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
        return _parse_time(row[0]) if row and row[0] else None

    def totals(self, period: str, *, since: date | None = None) -> list[PeriodTotal]:
        """Sessions, active time and sets per local day, ISO week or month, oldest first."""
        key = {
            "day": "date(started_at, 'localtime')",
            "week": MONDAY,
            "month": "strftime('%Y-%m', started_at, 'localtime')",
        }.get(period)
        if key is None:
            raise ValueError(f"unknown period {period!r}")
        where, params = self._where(None, since, None)
        where += (" AND " if where else " WHERE ") + TRAINED
        rows = self.connection.execute(
            f"SELECT {key} AS period, count(*), sum(active_seconds), sum(sets_done) "
            f"FROM sessions{where} GROUP BY period ORDER BY period",
            params,
        ).fetchall()
        return [
            PeriodTotal(row[0], row[1], row[2] or 0.0, row[3] or 0)
            for row in rows
            if _day(row[0]) is not None
        ]

    def streaks(self, *, today: date | None = None, sessions_per_week: int = 2) -> Streaks:
        """Day and week streaks (see docs/history.md for the definitions)."""
        today = today or datetime.now().date()
        days = [
            day
            for row in self.connection.execute(
                f"SELECT DISTINCT date(started_at, 'localtime') AS day FROM sessions "
                f"WHERE {TRAINED} ORDER BY day"
            )
            if (day := _day(row[0])) is not None
        ]
        current_days, longest_days = _runs(days, timedelta(days=1), today)
        full_weeks = [
            monday
            for row in self.connection.execute(
                f"SELECT {MONDAY} AS monday FROM sessions WHERE {TRAINED} "
                "GROUP BY monday HAVING count(*) >= ? ORDER BY monday",
                (sessions_per_week,),
            )
            if (monday := _day(row[0])) is not None
        ]
        this_monday = today - timedelta(days=today.weekday())
        current_weeks, longest_weeks = _runs(full_weeks, timedelta(weeks=1), this_monday)
        return Streaks(current_days, longest_days, current_weeks, longest_weeks, sessions_per_week)

    def bests(self) -> list[ExerciseBest]:
        """Per exercise and side: longest hold or work, most reps, how often, when last."""
        rows = self.connection.execute(
            "SELECT exercise, side, kind, count(DISTINCT session_id), max(active_seconds), "
            "max(reps), max(started_at) FROM steps "
            "WHERE outcome = 'done' AND kind IN ('hold', 'reps', 'work') "
            "GROUP BY exercise, side, kind ORDER BY exercise COLLATE NOCASE, kind, side"
        ).fetchall()
        return [
            ExerciseBest(
                exercise=row[0],
                side=row[1],
                kind=row[2],
                sessions=row[3],
                longest_seconds=row[4] or 0.0,
                most_reps=row[5],
                last_done=_parse_time(row[6]),
            )
            for row in rows
        ]

    def progress(
        self, exercise: str, *, period: str = "week"
    ) -> list[tuple[str, str | None, float, int | None]]:
        """An exercise's best per period and side: (period, side, longest seconds, most reps)."""
        key = {"week": MONDAY, "month": "strftime('%Y-%m', started_at, 'localtime')"}[period]
        rows = self.connection.execute(
            f"SELECT {key} AS period, side, max(active_seconds), max(reps) FROM steps "
            "WHERE exercise = ? AND outcome = 'done' AND kind IN ('hold', 'reps', 'work') "
            "GROUP BY period, side ORDER BY period, side",
            (exercise,),
        ).fetchall()
        return [(row[0], row[1], row[2] or 0.0, row[3]) for row in rows if _day(row[0])]

    # ------------------------------------------------------------------ export / import

    def export_rows(self) -> Iterator[tuple[SessionSummary, str, list[StepRow]]]:
        """Every session, oldest first, with its routine copy and steps."""
        rows = self.connection.execute(
            f"SELECT {SESSION_COLUMNS}, routine_toml FROM sessions ORDER BY started_at, id"
        ).fetchall()
        for row in rows:
            yield _summary(row), row["routine_toml"], self.steps(row["id"])

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
                        (*(step[column] for column in _STEP_FIELDS), item["id"])
                        for step in item["steps"]
                    ],
                )
                _refresh_totals(db, item["id"])
        return added, len(sessions) - added


_ORDERS = {
    f"{column} {direction}"
    for column in ("started_at", "routine_name", "active_seconds", "sets_done", "status", "effort")
    for direction in ("ASC", "DESC")
}
# The review screen also sorts by duration (active plus paused), and by any of these
# with the newest first among sessions that sort alike.
_ORDERS |= {f"active_seconds + paused_seconds {d}" for d in ("ASC", "DESC")}
_ORDERS |= {f"{order}, started_at DESC" for order in _ORDERS}
_STEP_FIELDS = tuple(column.strip() for column in STEP_COLUMNS.split(","))


class _Corrupt(Exception):
    """The file is not a usable database (internal: `open` moves it aside)."""


def _enable_wal(connection: sqlite3.Connection) -> None:
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # e.g. a file system without shared memory
        connection.execute("PRAGMA journal_mode = DELETE")


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to date, inside one write transaction.

    The version is read again once the write lock is held: two processes that
    open a new history at the same moment must not both run the migrations.
    """
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        _roll_back(connection)
        raise
    connection.execute("COMMIT")


def _roll_back(connection: sqlite3.Connection) -> None:
    """End a failed transaction, keeping the error that failed it.

    SQLite has already rolled back after some failures (a full disk); a COMMIT
    that found the file busy leaves the transaction open, and the next write
    would fail with "cannot start a transaction within a transaction".
    """
    if connection.in_transaction:
        with suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def _refresh_totals(db: sqlite3.Connection, session_id: str) -> None:
    db.execute(
        "UPDATE sessions SET "
        "active_seconds = (SELECT coalesce(sum(active_seconds), 0) FROM steps "
        "  WHERE session_id = :id), "
        "paused_seconds = (SELECT coalesce(sum(paused_seconds), 0) FROM steps "
        "  WHERE session_id = :id), "
        "sets_done = (SELECT count(*) FROM steps WHERE session_id = :id "
        "  AND kind IN ('hold', 'reps', 'work') AND outcome = 'done'), "
        "sets_skipped = (SELECT count(*) FROM steps WHERE session_id = :id "
        "  AND kind IN ('hold', 'reps', 'work') AND outcome = 'skipped') "
        "WHERE id = :id",
        {"id": session_id},
    )


def _runs(points: Sequence[date], unit: timedelta, anchor: date) -> tuple[int, int]:
    """(current run, longest run) of consecutive points one `unit` apart.

    The current run counts when it reaches `anchor` or the unit before it (a
    streak is not broken by a day that has not ended yet).
    """
    longest = run = 0
    previous: date | None = None
    for point in points:
        run = run + 1 if previous is not None and point - previous == unit else 1
        longest = max(longest, run)
        previous = point
    current = run if previous is not None and anchor - previous <= unit else 0
    return current, longest


def _move_aside(path: Path) -> Path:
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


def _describe_write_error(path: Path, error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"the history file {path} is locked by another program"
    if "readonly" in text or "read-only" in text:
        return f"the history file {path} is read-only; this session is not being saved"
    if "full" in text:
        return f"the disk holding {path} is full; this session is not being saved"
    return f"cannot write to the history file {path}: {text}"
