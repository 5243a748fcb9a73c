"""Personal bests per exercise and side, and an exercise's best over time.

Only sets count (holds, reps and timed work) and only those done, not
skipped or cut short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from legtimer.core.history import HistoryStore
from legtimer.core.history.records import parse_time
from legtimer.core.history.schema import ACTIVE_KINDS
from legtimer.core.queries.periods import Span, day_of, group_key

DONE_SETS = f"outcome = 'done' AND kind IN {ACTIVE_KINDS}"


@dataclass(frozen=True)
class ExerciseBest:
    exercise: str
    side: str | None
    kind: str
    sessions: int
    longest_seconds: float  # longest hold or work done
    most_reps: int | None
    last_done: datetime

    @property
    def value(self) -> float | None:
        """What "best" means for the kind: most reps, or the longest time."""
        if self.kind == "reps":
            return float(self.most_reps) if self.most_reps is not None else None
        return self.longest_seconds


@dataclass(frozen=True)
class BestRow:
    """One exercise's bests: both sides side by side, so an imbalance shows."""

    exercise: str
    kind: str
    both: ExerciseBest | None  # an exercise done without sides
    left: ExerciseBest | None
    right: ExerciseBest | None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.exercise}"

    @property
    def sessions(self) -> int:
        return max(b.sessions for b in self.parts)

    @property
    def last_done(self) -> datetime:
        return max(b.last_done for b in self.parts)

    @property
    def parts(self) -> list[ExerciseBest]:
        return [b for b in (self.both, self.left, self.right) if b is not None]


class ProgressPoint(NamedTuple):
    """An exercise's best on one side in one week or month."""

    period: str  # as in PeriodTotal.period
    side: str | None
    longest_seconds: float
    most_reps: int | None


def personal_bests(store: HistoryStore) -> list[ExerciseBest]:
    """Per exercise and side: longest hold or work, most reps, how often, when last."""
    rows = store.connection.execute(
        "SELECT exercise, side, kind, count(DISTINCT session_id), max(active_seconds), "
        f"max(reps), max(started_at) FROM steps WHERE {DONE_SETS} "
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
            last_done=parse_time(row[6]),
        )
        for row in rows
    ]


def group_bests(bests: Iterable[ExerciseBest]) -> list[BestRow]:
    """A row per exercise (and kind), its sides together, in the order the bests came."""
    grouped: dict[tuple[str, str], dict[str | None, ExerciseBest]] = {}
    for best in bests:
        grouped.setdefault((best.exercise, best.kind), {})[best.side] = best
    return [
        BestRow(exercise, kind, sides.get(None), sides.get("left"), sides.get("right"))
        for (exercise, kind), sides in grouped.items()
    ]


def progress(
    store: HistoryStore, exercise: str, *, span: Span | str = Span.WEEK
) -> list[ProgressPoint]:
    """An exercise's best per week or month and side, oldest first."""
    rows = store.connection.execute(
        f"SELECT {group_key(span)} AS period, side, max(active_seconds), max(reps) FROM steps "
        f"WHERE exercise = ? AND {DONE_SETS} GROUP BY period, side ORDER BY period, side",
        (exercise,),
    ).fetchall()
    return [ProgressPoint(row[0], row[1], row[2] or 0.0, row[3]) for row in rows if day_of(row[0])]
