"""The history's SQLite schema: its tables, its version and the migrations to it.

The version is SQLite's ``PRAGMA user_version``: the number of migrations
applied. Migrations only go forward; a file from a newer legtimer is refused
by the store, never downgraded.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress

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

# What a SessionSummary and a StepRow are read from, in their fields' order.
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
STEP_FIELDS = tuple(column.strip() for column in STEP_COLUMNS.split(","))

# Expressions over the schema that the store and the queries share.
# A session "counts" as a training day when at least one set was done.
TRAINED = "sets_done > 0"
# The steps that are sets (not get-ready, switch or rest).
ACTIVE_KINDS = "('hold', 'reps', 'work')"


def user_version(connection: sqlite3.Connection) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to date, inside one write transaction.

    The version is read again once the write lock is held: two processes that
    open a new history at the same moment must not both run the migrations.
    """
    if user_version(connection) == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        for number in range(user_version(connection), SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        roll_back(connection)
        raise
    connection.execute("COMMIT")


def roll_back(connection: sqlite3.Connection) -> None:
    """End a failed transaction, keeping the error that failed it.

    SQLite has already rolled back after some failures (a full disk); a COMMIT
    that found the file busy leaves the transaction open, and the next write
    would fail with "cannot start a transaction within a transaction".
    """
    if connection.in_transaction:
        with suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
