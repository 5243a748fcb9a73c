"""What was done last time, personal bests, and target against done over time.

Plain data built from `queries.exercise_log` rows, with the words a person
reads: ``Last: 3 × 30 s``, ``Last: 12 · 12 · 10 reps @ 20 kg``,
``new best: 45 s (was 40 s)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from legtimer.core.history import HistoryStore
from legtimer.core.queries.exercise_log import Best, SetRow, bests, exercise_sets, session_sets
from legtimer.core.routines import Kind, describe_amount, describe_load, format_number

SKIPPED = "–"


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def when(day: date, today: date) -> str:
    """When a day was, said from `today`: today, yesterday, on Tue, on 3 Mar (and the year)."""
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {day.strftime('%a')}"
    label = f"on {day.day} {day.strftime('%b')}"
    return label if day.year == today.year else f"{label} {day.year}"


def load_range(loads: Iterable[float | None], units: str) -> str:
    """The loads of some sets: " @ 20 kg", " @ 20–22.5 kg", or "" for bodyweight."""
    known = sorted({load for load in loads if load is not None})
    if not known:
        return ""
    if len(known) == 1:
        return f" @ {describe_load(known[0], units)}"
    return f" @ {format_number(known[0])}–{describe_load(known[-1], units)}"


@dataclass(frozen=True)
class LastTime:
    """The sets of one exercise (one side) in the last session that reached it."""

    exercise: str
    side: str | None
    kind: Kind
    session_id: str
    started_at: datetime
    target: int
    target_load: float | None
    amounts: tuple[float | None, ...]  # per set, in order: reps or seconds; None skipped
    loads: tuple[float | None, ...]
    full: tuple[bool, ...]

    @classmethod
    def of(cls, sets: Sequence[SetRow]) -> LastTime:
        first = sets[0]
        return cls(
            exercise=first.exercise,
            side=first.side,
            kind=Kind(first.kind),
            session_id=first.session_id,
            started_at=first.session_started_at,
            target=first.target,
            target_load=first.target_load,
            amounts=tuple(row.amount for row in sets),
            loads=tuple(row.load for row in sets if row.outcome != "skipped"),
            full=tuple(row.full for row in sets),
        )

    def sets_text(self, units: str) -> str:
        """The sets in a few words: 3 × 30 s, 12 · 12 · 10 reps, 12 · – · 12 reps @ 20 kg."""
        whole = [None if amount is None else round(amount) for amount in self.amounts]
        if all(amount is None for amount in whole):
            return "skipped"
        load = load_range(self.loads, units)
        if len(whole) > 1 and None not in whole and len(set(whole)) == 1:
            count = f"{len(whole)} × "
            return f"{count}{describe_amount(int(whole[0] or 0), self.kind)}{load}"
        if len(whole) == 1 and whole[0] is not None:
            return f"{describe_amount(whole[0], self.kind)}{load}"
        unit = "reps" if self.kind is Kind.REPS else "s"
        shown = " · ".join(SKIPPED if amount is None else str(amount) for amount in whole)
        return f"{shown} {unit}{load}"

    def describe(self, units: str = "kg") -> str:
        return f"Last: {self.sets_text(units)}"


def describe_last(times: Sequence[LastTime], units: str = "kg", *, prefix: str = "Last: ") -> str:
    """Both sides on one line: "Last: left 3 × 30 s · right 30 · 30 · 25 s"."""
    if not times:
        return ""
    if len(times) == 1 or all(t.side is None for t in times):
        return prefix + times[0].sets_text(units)
    return prefix + " · ".join(f"{t.side} {t.sets_text(units)}" for t in times)


def last_times(sets: Sequence[SetRow]) -> list[LastTime]:
    """The last time of each side, from the sets of one session (left before right)."""
    sides: dict[str | None, list[SetRow]] = {}
    for row in sets:
        sides.setdefault(row.side, []).append(row)
    order = sorted(sides, key=lambda side: (side is not None, side or ""))
    return [LastTime.of(sides[side]) for side in order]


# --------------------------------------------------------------------------- bests


@dataclass(frozen=True)
class PersonalBest:
    """A set in a session better than every earlier set of the exercise (and side)."""

    exercise: str
    side: str | None
    kind: Kind
    measure: str  # "longest", "most reps" or "heaviest"
    value: float
    previous: float
    reps: int | None = None  # the reps of the heaviest set

    def describe(self, units: str = "kg") -> str:
        side = f" ({self.side})" if self.side else ""
        if self.measure == "heaviest":
            reps = f" × {self.reps} reps" if self.reps else ""
            shown = f"{describe_load(self.value, units)}{reps}"
            was = describe_load(self.previous, units)
        else:
            shown = describe_amount(round(self.value), self.kind)
            was = describe_amount(round(self.previous), self.kind)
        return f"{self.exercise}{side}: new best {shown} (was {was})"


def session_bests(store: HistoryStore, session_id: str) -> list[PersonalBest]:
    """The personal bests a session set, against every session started before it.

    A first time is no best (there was nothing to beat); sets done only count.
    Hold and work compare whole seconds, so a timer 0.2 s longer is not a best.
    """
    sets = [row for row in session_sets(store, session_id) if row.outcome == "done"]
    if not sets:
        return []
    earlier = {
        (best.exercise, best.side, best.kind): best
        for best in bests(
            store,
            before=sets[0].session_started_at,
            exercises={row.exercise for row in sets},
        )
    }
    found: list[PersonalBest] = []
    for key, rows in _by_exercise(sets).items():
        before = earlier.get(key)
        if before is not None:
            found.extend(_beaten(key, rows, before))
    return found


def _by_exercise(sets: Iterable[SetRow]) -> dict[tuple[str, str | None, str], list[SetRow]]:
    groups: dict[tuple[str, str | None, str], list[SetRow]] = {}
    for row in sets:
        groups.setdefault((row.exercise, row.side, row.kind), []).append(row)
    return groups


def _beaten(
    key: tuple[str, str | None, str], rows: list[SetRow], before: Best
) -> list[PersonalBest]:
    exercise, side, kind_name = key
    kind = Kind(kind_name)
    found = []
    if kind is Kind.REPS:
        most = max(row.reps or 0 for row in rows)
        if before.most_reps is not None and most > before.most_reps:
            found.append(PersonalBest(exercise, side, kind, "most reps", most, before.most_reps))
    else:
        longest = max(row.active_seconds for row in rows)
        if round(longest) > round(before.longest_seconds):
            found.append(
                PersonalBest(exercise, side, kind, "longest", longest, before.longest_seconds)
            )
    loaded = [row for row in rows if row.load is not None]
    if loaded and before.heaviest is not None:
        top = max(loaded, key=lambda row: (row.load or 0.0, row.reps or 0))
        if (top.load or 0.0) > before.heaviest + 1e-9:
            found.append(
                PersonalBest(
                    exercise, side, kind, "heaviest", top.load or 0.0, before.heaviest, top.reps
                )
            )
    return found


# --------------------------------------------------------------------------- over time


@dataclass(frozen=True)
class TargetPoint:
    """One session's go at an exercise (one side): the target set against what was done."""

    session_id: str
    started_at: datetime
    side: str | None
    target: int
    target_load: float | None
    amounts: tuple[float | None, ...]  # per set; None skipped
    loads: tuple[float | None, ...]
    full: bool  # every set of this side done in full

    @property
    def best(self) -> float | None:
        done = [amount for amount in self.amounts if amount is not None]
        return max(done) if done else None


def target_history(
    store: HistoryStore,
    exercise: str,
    *,
    routine_id: str | None = None,
    routine_name: str = "",
    latest: int | None = None,
) -> list[TargetPoint]:
    """Target and done per session and side, oldest first: what the progress tab plots.

    `latest` keeps to the last sessions that reached the exercise (a chart's width).
    """
    points: list[TargetPoint] = []
    groups: dict[tuple[str, str | None], list[SetRow]] = {}
    sets = exercise_sets(
        store, exercise, routine_id=routine_id, routine_name=routine_name, latest=latest
    )
    for row in sets:
        groups.setdefault((row.session_id, row.side), []).append(row)
    for (session_id, side), rows in groups.items():
        first = rows[0]
        points.append(
            TargetPoint(
                session_id=session_id,
                started_at=first.session_started_at,
                side=side,
                target=max(row.target for row in rows),
                target_load=first.target_load,
                amounts=tuple(row.amount for row in rows),
                loads=tuple(row.load for row in rows),
                full=all(row.full for row in rows),
            )
        )
    return points
