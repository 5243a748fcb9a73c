"""The history: one SQLite file, written step by step as a session runs.

`schema` holds the tables and migrations, `opening` checks and recovers a
file, `records` the values read back, `store` the writes and the lookups of
one session. Listings and aggregates are in `legtimer.core.queries`.
"""

from legtimer.core.history.errors import HistoryError, RunningElsewhere
from legtimer.core.history.records import SessionSummary, Status, StepRow, iso_utc
from legtimer.core.history.schema import MIGRATIONS, SCHEMA_VERSION, STEP_COLUMNS
from legtimer.core.history.store import HistoryStore

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STEP_COLUMNS",
    "HistoryError",
    "HistoryStore",
    "RunningElsewhere",
    "SessionSummary",
    "Status",
    "StepRow",
    "iso_utc",
]
