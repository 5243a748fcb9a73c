"""The history: one SQLite file, written step by step as a session runs."""

from legtimer.core.history.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    STEP_COLUMNS,
    ExerciseBest,
    HistoryError,
    HistoryStore,
    PeriodTotal,
    SessionSummary,
    Status,
    StepRow,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STEP_COLUMNS",
    "ExerciseBest",
    "HistoryError",
    "HistoryStore",
    "PeriodTotal",
    "SessionSummary",
    "Status",
    "StepRow",
]
