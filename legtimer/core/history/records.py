"""What the history holds, as Python values: a session's summary, its steps, its status.

Times are stored as ISO 8601 text in UTC with milliseconds (`iso_utc`); the
store, the queries and the export all write them that way.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum, nonmember


class Status(StrEnum):
    """How a session ended (the values are what the history file stores)."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
    # Every stored value, for checking an import.
    ALL = nonmember(("in_progress", "completed", "stopped", "interrupted"))

    @property
    def label(self) -> str:
        """How the status reads to a person."""
        return _LABELS[self]


_LABELS = {
    Status.IN_PROGRESS: "in progress",
    Status.COMPLETED: "completed",
    Status.STOPPED: "stopped early",
    Status.INTERRUPTED: "interrupted",
}


def iso_utc(moment: datetime) -> str:
    """A time as the history stores and exports it: ISO 8601, UTC, milliseconds."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class SessionSummary:
    id: str
    routine_id: str
    routine_name: str
    routine_source: str
    started_at: datetime
    ended_at: datetime | None
    status: Status
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
        return self.status.label

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


def summary_from_row(row: sqlite3.Row) -> SessionSummary:
    """A row of `SELECT {SESSION_COLUMNS} FROM sessions` as a SessionSummary."""
    return SessionSummary(
        id=row["id"],
        routine_id=row["routine_id"],
        routine_name=row["routine_name"],
        routine_source=row["routine_source"],
        started_at=parse_time(row["started_at"]),
        ended_at=parse_time(row["ended_at"]) if row["ended_at"] else None,
        status=Status(row["status"]),
        planned_seconds=row["planned_seconds"],
        active_seconds=row["active_seconds"],
        paused_seconds=row["paused_seconds"],
        sets_planned=row["sets_planned"],
        sets_done=row["sets_done"],
        sets_skipped=row["sets_skipped"],
        effort=row["effort"],
        note=row["note"],
    )


def step_from_row(row: sqlite3.Row) -> StepRow:
    """A row of `SELECT {STEP_COLUMNS} FROM steps` as a StepRow."""
    values = dict(row)
    values["started_at"] = parse_time(values["started_at"])
    values["ended_at"] = parse_time(values["ended_at"])
    return StepRow(**values)
