"""What was done of each exercise, set by set: the reads behind progression and last time.

Every function takes a `HistoryStore` and asks it through `HistoryStore.read`;
all the SQL about sets done "in full" lives here (see docs/history.md,
"Today's target"). A routine is matched by its id, or by its name when it has
no id (a routine built but never saved).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from sqlite3 import Row
from typing import Any

from legtimer.core.history import HistoryStore

ACTIVE = "('hold', 'reps', 'work')"
# A timer counts as run to its end within this many seconds (times are kept to the ms).
FULL_TOLERANCE_SECONDS = 0.05
# Done in full: not skipped or cut short by stopping, the timer not shortened or ended
# early (so at least the target ran), the reps at least the target, and no lighter load
# than planned.
FULL = f"""(
    st.outcome = 'done'
    AND CASE WHEN st.kind = 'reps' THEN coalesce(st.reps, 0) >= st.target
             ELSE st.active_seconds + {FULL_TOLERANCE_SECONDS} >= st.target END
    AND (st.target_load IS NULL OR coalesce(st.load, 0) + 1e-9 >= st.target_load)
)"""
_SET_COLUMNS = (
    "s.id AS session_id, s.started_at AS session_started_at, st.exercise, st.kind, "
    "st.side, st.round, st.set_number, st.target, st.target_load, st.outcome, "
    f"st.active_seconds, st.reps, st.load, {FULL} AS full"
)


@dataclass(frozen=True)
class SetRow:
    """One set (one side of one set, for a per-side exercise) as recorded."""

    session_id: str
    session_started_at: datetime
    exercise: str
    kind: str
    side: str | None
    round: int
    set_number: int
    target: int
    target_load: float | None
    outcome: str
    active_seconds: float
    reps: int | None
    load: float | None
    full: bool

    @property
    def amount(self) -> float | None:
        """What was done: reps, or seconds held or worked; None for a skipped set."""
        if self.outcome == "skipped":
            return None
        if self.kind == "reps":
            return self.reps
        return self.active_seconds


@dataclass(frozen=True)
class Best:
    """The best set of an exercise (and side) before some moment."""

    exercise: str
    side: str | None
    kind: str
    longest_seconds: float
    most_reps: int | None
    heaviest: float | None  # the heaviest load a set was done with
    reps_at_heaviest: int | None


def iso(moment: datetime) -> str:
    """A time as the history stores it (UTC, milliseconds), for comparisons in SQL."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _set_row(row: Row) -> SetRow:
    values = dict(row)
    values["session_started_at"] = datetime.fromisoformat(values["session_started_at"])
    values["full"] = bool(values["full"])
    return SetRow(**values)


def recent_sets(
    store: HistoryStore,
    routine_id: str,
    routine_name: str,
    exercises: Collection[str],
    *,
    sessions: int = 2,
    before: datetime | None = None,
) -> list[SetRow]:
    """The sets of the last `sessions` sessions of a routine that reached each exercise.

    A session reached an exercise when at least one set of it was recorded (done,
    skipped or cut short); one stopped before it says nothing about it. Newest
    session first, then in the order the sets were done. Only the newest sessions
    are read, more of them only while an exercise is still missing some.
    """
    scan = 8
    while True:
        rows, scanned = _recent_sets(store, routine_id, routine_name, sessions, before, scan)
        found: dict[str, set[str]] = {}
        for row in rows:
            found.setdefault(row.exercise, set()).add(row.session_id)
        missing = any(len(found.get(name, ())) < sessions for name in exercises)
        if not missing or scanned < scan:
            return rows
        scan *= 4


def _recent_sets(
    store: HistoryStore,
    routine_id: str,
    routine_name: str,
    sessions: int,
    before: datetime | None,
    scan: int,
) -> tuple[list[SetRow], int]:
    # One column or the other, so that the (routine_id, started_at) index serves it.
    match = "s.routine_id = :routine" if routine_id else "s.routine_name = :routine"
    parameters = {
        "routine": routine_id or routine_name,
        "before": iso(before) if before else "9999",
        "sessions": sessions,
        "scan": scan,
    }
    latest = store.read(
        f"SELECT count(*) FROM (SELECT 1 FROM sessions s WHERE {match} "
        "AND s.started_at < :before LIMIT :scan)",
        parameters,
    )[0][0]
    rows = store.read(
        f"""
        WITH latest AS (
            SELECT s.id, s.started_at FROM sessions s
            WHERE {match} AND s.started_at < :before
            ORDER BY s.started_at DESC, s.id DESC LIMIT :scan
        ), reached AS (
            SELECT st.exercise AS exercise, l.id AS session_id,
                   row_number() OVER (
                       PARTITION BY st.exercise ORDER BY l.started_at DESC, l.id DESC
                   ) AS recency
            FROM latest l JOIN steps st ON st.session_id = l.id
            WHERE st.kind IN {ACTIVE}
            GROUP BY st.exercise, l.id
        )
        SELECT {_SET_COLUMNS}
        FROM reached r
        JOIN sessions s ON s.id = r.session_id
        -- "+" keeps the planner on the session's own steps (its primary key) rather
        -- than every set ever done of the exercise.
        JOIN steps st ON st.session_id = r.session_id AND +st.exercise = r.exercise
        WHERE r.recency <= :sessions AND +st.kind IN {ACTIVE}
        ORDER BY st.exercise, r.recency, st.step_index
        """,
        parameters,
    )
    return [_set_row(row) for row in rows], latest


def exercise_sets(
    store: HistoryStore,
    exercise: str,
    *,
    routine_id: str | None = None,
    routine_name: str = "",
    latest: int | None = None,
) -> list[SetRow]:
    """Every set of an exercise, oldest session first (of one routine, or of all);
    with `latest`, only those of the last `latest` sessions that reached it."""
    where = "st.exercise = :exercise AND st.kind IN " + ACTIVE
    parameters: dict[str, Any] = {"exercise": exercise}
    if latest is not None:
        where += (
            " AND s.started_at >= coalesce((SELECT started_at FROM (SELECT DISTINCT"
            " s2.started_at FROM steps st2 JOIN sessions s2 ON s2.id = st2.session_id"
            " WHERE st2.exercise = :exercise ORDER BY s2.started_at DESC LIMIT :latest)"
            " ORDER BY started_at LIMIT 1), '')"
        )
        parameters["latest"] = latest
    if routine_id is not None:
        where += " AND s.routine_id = :routine" if routine_id else " AND s.routine_name = :routine"
        parameters["routine"] = routine_id or routine_name
    rows = store.read(
        f"SELECT {_SET_COLUMNS} FROM steps st JOIN sessions s ON s.id = st.session_id "
        f"WHERE {where} ORDER BY s.started_at, s.id, st.step_index",
        parameters,
    )
    return [_set_row(row) for row in rows]


def session_sets(store: HistoryStore, session_id: str) -> list[SetRow]:
    """The sets of one session, in the order they were done."""
    rows = store.read(
        f"SELECT {_SET_COLUMNS} FROM steps st JOIN sessions s ON s.id = st.session_id "
        f"WHERE s.id = ? AND st.kind IN {ACTIVE} ORDER BY st.step_index",
        (session_id,),
    )
    return [_set_row(row) for row in rows]


def routine_copies(store: HistoryStore, session_ids: Sequence[str]) -> dict[str, str]:
    """The routine copy saved with each of these sessions."""
    if not session_ids:
        return {}
    marks = ", ".join("?" for _ in session_ids)
    rows = store.read(
        f"SELECT id, routine_toml FROM sessions WHERE id IN ({marks})", list(session_ids)
    )
    return {row["id"]: row["routine_toml"] for row in rows}


def bests(
    store: HistoryStore,
    *,
    before: datetime | None = None,
    exercises: Collection[str] | None = None,
) -> list[Best]:
    """Per exercise, side and kind: the longest, the most reps and the heaviest set done.

    Only sets done count (not skipped or cut short); `before` leaves out sessions
    started at or after it, to tell whether a session set a new best; `exercises`
    keeps to those.
    """
    # One scan grouped down to each load, reduced here: a window function over every set
    # (for the reps done at the heaviest load) took 4x as long on ten years of history.
    where, args = "", []
    if exercises is not None:
        names = sorted(exercises)
        where += f" AND st.exercise IN ({', '.join('?' for _ in names)})"
        args += names
    if before is not None:
        where += " AND st.session_id IN (SELECT id FROM sessions WHERE started_at < ?)"
        args.append(iso(before))
    rows = store.read(
        f"""
        SELECT st.exercise, st.side, st.kind, st.load,
               max(st.active_seconds) AS longest, max(st.reps) AS most_reps
        FROM steps st
        WHERE st.outcome = 'done' AND st.kind IN {ACTIVE}{where}
        GROUP BY st.exercise, st.side, st.kind, st.load
        ORDER BY st.exercise COLLATE NOCASE, st.kind, st.side
        """,
        args,
    )
    found: dict[tuple[str, str | None, str], Best] = {}
    for row in rows:
        key = (row["exercise"], row["side"], row["kind"])
        load, reps = row["load"], row["most_reps"]
        best = found.get(key)
        if best is None:
            found[key] = Best(
                *key, row["longest"] or 0.0, reps, load, None if load is None else reps
            )
            continue
        heavier = load is not None and (best.heaviest is None or load > best.heaviest)
        found[key] = replace(
            best,
            longest_seconds=max(best.longest_seconds, row["longest"] or 0.0),
            most_reps=_larger(best.most_reps, reps),
            heaviest=load if heavier else best.heaviest,
            reps_at_heaviest=reps if heavier else best.reps_at_heaviest,
        )
    return list(found.values())


def _larger(first: int | None, second: int | None) -> int | None:
    return second if first is None else first if second is None else max(first, second)
