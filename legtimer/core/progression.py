"""Today's target for each exercise, worked out from the history alone.

The history keeps, for every set, the target it was done at and whether it
was done in full (see `queries.exercise_log.FULL`). From the last two
sessions of the routine that reached an exercise, today's target follows
(docs/history.md, "Today's target", says the same with an example):

- no progression in the routine, or nothing recorded yet: the file's target;
- more than 14 days since the exercise was last done: one step back;
- the last session done in full (every set, both sides): one step up, to `max`;
  at `max` with a `load_step`: the load goes up and the target back to the base;
- the last two sessions short of the same target: one step back;
- otherwise (one session short): the same target again.

Never below the file's target (its base) and load, never above `max`. When the
exercise's base target, load or kind in the file differ from those the last
session was run with, the progression starts again from the new base: the
file is the person's word. The same history always gives the same targets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

from legtimer.core.history import HistoryStore, StepRow
from legtimer.core.plan import Override, Plan, StepKind, build_plan
from legtimer.core.queries.exercise_log import SetRow, recent_sets, routine_copies, session_sets
from legtimer.core.records import LastTime, describe_last, last_times, local_day, when
from legtimer.core.routines import (
    Exercise,
    Kind,
    Routine,
    RoutineError,
    Rule,
    describe_amount,
    describe_load,
    format_number,
    parse_routine,
    progression_of,
)

BREAK_DAYS = 14  # more days than this since an exercise was last done: one step back
MINUS = "−"


@dataclass(frozen=True)
class Target:
    """Today's target of one exercise, and why."""

    exercise: str
    kind: Kind
    base: int  # the routine file's target
    base_load: float | None
    target: int
    load: float | None
    reason: str = ""  # "+5 after 3/3 sets at 30 s on Tue"; "" when nothing moved it
    rule: Rule | None = None
    at_max: bool = False  # at `max` with nowhere further to go: time for a next move

    @property
    def progressing(self) -> bool:
        return self.rule is not None

    @property
    def override(self) -> Override:
        return Override(self.target, self.load)

    def amount(self, units: str = "kg") -> str:
        """The target in its unit, with its load: 35 s, 8 reps @ 22.5 kg."""
        load = f" @ {describe_load(self.load, units)}" if self.load is not None else ""
        return describe_amount(self.target, self.kind) + load

    def describe(self, units: str = "kg") -> str:
        """The target and why: 35 s (+5 after 3/3 sets at 30 s on Tue), noting the max."""
        reason = self.reason
        if self.at_max and not reason.startswith("max"):
            reason = f"{reason}; the max" if reason else "the max"
        return f"{self.amount(units)} ({reason})" if reason else self.amount(units)

    def suggestion(self) -> str:
        """The next move once the target cannot grow any more."""
        if not self.at_max:
            return ""
        more = "add load (a 'load' and a 'load_step')" if self.kind is Kind.REPS else "add a set"
        amount = describe_amount(self.target, self.kind)
        if self.reason.startswith("+"):  # it has just grown into the max: not yet done there
            return (
                f"{self.exercise} has reached its max of {amount}: once that is done in "
                f"full, try a harder variation, {more}, or raise 'max'"
            )
        return f"{self.exercise} is at its max of {amount}: try a harder variation, {more}, or raise 'max'"


@dataclass(frozen=True)
class Targets:
    """Today's targets and last time's sets for every exercise of a routine."""

    routine: Routine
    by_exercise: Mapping[str, Target]
    last: Mapping[str, tuple[LastTime, ...]] = field(default_factory=dict)

    def overrides(self) -> dict[str, Override]:
        """The targets that differ from the routine file's, for `build_plan`."""
        return {
            name: target.override
            for name, target in self.by_exercise.items()
            if (target.target, target.load) != (target.base, target.base_load)
        }

    def plan(self, *, get_ready: int | None = None) -> Plan:
        """Today's plan: the routine's timeline with today's targets (`get_ready`: the
        setting, for a routine that gives no `prepare`; see `build_plan`)."""
        return build_plan(self.routine, self.overrides(), get_ready=get_ready)

    def target(self, exercise: str) -> Target | None:
        return self.by_exercise.get(exercise)

    def last_time(self, exercise: str, side: str | None = None) -> LastTime | None:
        """Last time's sets of an exercise, of one side when it is per side."""
        times = self.last.get(exercise, ())
        for time in times:
            if time.side == side:
                return time
        return times[0] if times and side is None else None

    def describe_last(self, exercise: str, units: str = "kg", *, prefix: str = "Last: ") -> str:
        """Last: 3 × 30 s, with both sides of a per-side exercise on one line."""
        return describe_last(self.last.get(exercise, ()), units, prefix=prefix)


def todays_targets(
    store: HistoryStore | None,
    routine: Routine,
    *,
    today: date,
    before: datetime | None = None,
    units: str = "kg",
) -> Targets:
    """Every exercise's target for a session of `routine` on `today`.

    `before` leaves out sessions started at or after it (a resumed session's own,
    or the one a summary looks back from). Without a store, the file's targets.
    """
    written = _first_by_name(routine.exercises)
    rows = recent_sets(store, routine.id, routine.name, written, before=before) if store else []
    by_exercise: dict[str, list[SetRow]] = {}
    for row in rows:
        by_exercise.setdefault(row.exercise, []).append(row)
    copies = routine_copies(store, sorted({row.session_id for row in rows})) if store else {}
    targets: dict[str, Target] = {}
    last: dict[str, tuple[LastTime, ...]] = {}
    for name, exercise in written.items():
        sessions = _sessions(by_exercise.get(name, []))
        if sessions:
            last[name] = tuple(last_times(sessions[0]))
        rule = progression_of(exercise, routine.progression)
        attempts = []
        for sets in sessions:  # newest first; a changed base ends the run
            copy = _written_copy(copies.get(sets[0].session_id, ""), name)
            if copy is not None and _base(copy[0]) != _base(exercise):
                break
            attempts.append(
                _Attempt(sets, planned=copy[1] if copy else None, per_side=_per_side(sets, copy))
            )
        targets[name] = _decide(exercise, rule, attempts, today, units, restarted=bool(sessions))
    return Targets(routine, targets, last)


def todays_plan(
    store: HistoryStore | None,
    routine: Routine,
    *,
    today: date,
    units: str = "kg",
    get_ready: int | None = None,
) -> tuple[Plan, Targets]:
    """The plan to run today, and the targets (with their reasons) it was built from."""
    targets = todays_targets(store, routine, today=today, units=units)
    return targets.plan(get_ready=get_ready), targets


def resumed_overrides(
    store: HistoryStore, routine: Routine, session_id: str, started_at: datetime
) -> dict[str, Override]:
    """The targets an interrupted session was started with, to resume it as it was.

    The sets it recorded say so; exercises it had not reached get what the
    history before it gives.
    """
    targets = todays_targets(store, routine, today=local_day(started_at), before=started_at)
    overrides = targets.overrides()
    for row in session_sets(store, session_id):
        overrides[row.exercise] = Override(row.target, row.target_load)
    return overrides


def recorded_overrides(steps: Iterable[StepRow]) -> dict[str, Override]:
    """The targets a recorded session ran with, from its sets (for its report)."""
    return {
        step.exercise: Override(step.target, step.target_load)
        for step in steps
        if StepKind(step.kind).active
    }


# --------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class _Attempt:
    """One session's go at an exercise: every set of it, both sides."""

    sets: Sequence[SetRow]
    planned: int | None  # sets the session's plan had of it; None when its copy is unreadable
    per_side: bool

    @property
    def started_at(self) -> datetime:
        return self.sets[0].session_started_at

    @property
    def goal(self) -> tuple[int, float | None]:
        return max(row.target for row in self.sets), self.sets[0].target_load

    @property
    def full(self) -> bool:
        complete = self.planned is None or len(self.sets) >= self.planned
        return complete and all(row.full for row in self.sets)

    def count(self) -> str:
        """Sets done in full: 3/3 sets, 3/3 sets each side, left 3/3, right 2/3 sets."""
        names: tuple[str | None, ...] = ("left", "right") if self.per_side else (None,)
        sides: dict[str | None, list[SetRow]] = {side: [] for side in names}
        for row in self.sets:
            sides.setdefault(row.side, []).append(row)
        planned_each = (self.planned or len(self.sets)) // len(names)
        counts = {
            side: f"{sum(row.full for row in rows)}/{max(planned_each, len(rows))}"
            for side, rows in sides.items()
        }
        if not self.per_side:
            return f"{counts[None]} sets"
        if len(set(counts.values())) == 1:
            return f"{next(iter(counts.values()))} sets each side"
        return ", ".join(f"{side} {count}" for side, count in counts.items()) + " sets"


def _decide(
    exercise: Exercise,
    rule: Rule | None,
    attempts: Sequence[_Attempt],
    today: date,
    units: str,
    *,
    restarted: bool,
) -> Target:
    base = Target(
        exercise.name,
        exercise.kind,
        base=exercise.target,
        base_load=exercise.load,
        target=exercise.target,
        load=exercise.load,
        rule=rule,
    )
    if rule is None:
        return base
    if not attempts:
        reason = "the routine's target changed: starting again from it" if restarted else ""
        return replace(base, reason=reason, at_max=_at_max(base, rule))
    ladder = _Ladder(exercise, rule)
    last = attempts[0]
    amount, load = ladder.clamp(*last.goal)
    was = _amount(exercise.kind, amount, load, units)
    day = when(local_day(last.started_at), today)
    days_off = (today - local_day(last.started_at)).days
    if days_off > BREAK_DAYS:
        new = ladder.down(amount, load)
        change = _change(exercise.kind, (amount, load), new, units)
        why = f"{days_off} days off; last {was} {day}"
        reason = f"{change} after {why}" if change else f"again after {why}"
    elif last.full:
        new = ladder.up(amount, load)
        change = _change(exercise.kind, (amount, load), new, units)
        done = f"{last.count()} at {was} {day}"
        reason = f"{change} after {done}" if change else f"max: {done}"
    elif len(attempts) > 1 and not attempts[1].full and attempts[1].goal == last.goal:
        new = ladder.down(amount, load)
        change = _change(exercise.kind, (amount, load), new, units)
        short = f"two sessions short of {was}, the last {day}"
        reason = f"{change} after {short}" if change else f"again: {short}; this is the base"
    else:
        new = (amount, load)
        reason = f"again: {last.count()} in full at {was} {day}"
    target = replace(base, target=new[0], load=new[1], reason=reason)
    return replace(target, at_max=_at_max(target, rule))


class _Ladder:
    """The targets in order: base, base + step, ..., max; then, with a load step,
    the same reps again one load step heavier."""

    def __init__(self, exercise: Exercise, rule: Rule) -> None:
        self.base, self.base_load, self.rule = exercise.target, exercise.load, rule

    def clamp(self, amount: int, load: float | None) -> tuple[int, float | None]:
        amount = max(self.base, min(self.rule.max, amount))
        if self.rule.load_step is None or self.base_load is None or load is None:
            return amount, self.base_load
        return amount, max(self.base_load, load)

    def up(self, amount: int, load: float | None) -> tuple[int, float | None]:
        if amount < self.rule.max:
            return min(amount + self.rule.step, self.rule.max), load
        if self.rule.load_step is not None and load is not None:
            return self.base, round(load + self.rule.load_step, 3)
        return amount, load

    def down(self, amount: int, load: float | None) -> tuple[int, float | None]:
        if amount > self.base:
            return max(amount - self.rule.step, self.base), load
        step, base_load = self.rule.load_step, self.base_load
        lighter = None if step is None or load is None else load - step
        if lighter is not None and base_load is not None and lighter >= base_load - 1e-9:
            return self.rule.max, round(lighter, 3)
        return amount, load


def _at_max(target: Target, rule: Rule) -> bool:
    return target.target >= rule.max and rule.load_step is None


def _amount(kind: Kind, amount: int, load: float | None, units: str) -> str:
    text = describe_amount(amount, kind)
    return f"{text} @ {describe_load(load, units)}" if load is not None else text


def _change(
    kind: Kind, old: tuple[int, float | None], new: tuple[int, float | None], units: str
) -> str:
    """How today's target differs from last time's: +5, −5, or +2.5 kg, 8 reps."""
    (amount, load), (new_amount, new_load) = old, new
    if (load or 0.0) != (new_load or 0.0):
        delta = (new_load or 0.0) - (load or 0.0)
        sign = "+" if delta > 0 else MINUS
        return f"{sign}{format_number(abs(delta))} {units}, {describe_amount(new_amount, kind)}"
    if new_amount == amount:
        return ""
    return f"+{new_amount - amount}" if new_amount > amount else f"{MINUS}{amount - new_amount}"


def _first_by_name(exercises: Iterable[Exercise]) -> dict[str, Exercise]:
    """Exercises are known by name within a routine; the first of a name speaks for it."""
    found: dict[str, Exercise] = {}
    for exercise in exercises:
        found.setdefault(exercise.name, exercise)
    return found


def _sessions(sets: Sequence[SetRow]) -> list[list[SetRow]]:
    """Sets grouped by session, in the order the query gives them (newest first)."""
    grouped: dict[str, list[SetRow]] = {}
    for row in sets:
        grouped.setdefault(row.session_id, []).append(row)
    return list(grouped.values())


def _per_side(sets: Sequence[SetRow], copy: tuple[Exercise, int] | None) -> bool:
    return copy[0].per_side if copy else any(row.side is not None for row in sets)


def _base(exercise: Exercise) -> tuple[Kind, int, float | None]:
    return exercise.kind, exercise.target, exercise.load


def _written_copy(routine_toml: str, name: str) -> tuple[Exercise, int] | None:
    """An exercise as a session's routine copy wrote it, and how many sets it planned."""
    return _copy_exercises(routine_toml).get(name)


@lru_cache(maxsize=64)
def _copy_exercises(routine_toml: str) -> dict[str, tuple[Exercise, int]]:
    try:
        routine = parse_routine(routine_toml, source_name="a session's copy")
    except RoutineError:
        return {}
    plan = build_plan(routine)
    planned: dict[str, int] = {}
    for step in plan.active_steps:
        planned[step.exercise.name] = planned.get(step.exercise.name, 0) + 1
    return {name: (ex, planned[name]) for name, ex in _first_by_name(routine.exercises).items()}
