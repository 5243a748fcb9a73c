"""Years of synthetic history, generated straight into a store: three routines, about
as often a week as asked, some sets skipped, some sessions stopped; the right side
the weaker one. Fixed seeds and UTC times, so the snapshots are stable. The benchmarks'
ten years of history use `step_export` too."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from legtimer.core.history import HistoryStore, Status, iso_utc
from legtimer.core.history.schema import STEP_FIELDS
from legtimer.core.plan import Step, build_plan
from legtimer.core.routines import parse_routine

TODAY = date(2026, 3, 18)  # a Wednesday

ROUTINES = {
    "morning-legs": """
name = "Morning legs"
[defaults]
prepare = 5
switch = 5
rest_between_sets = 20
rest_after = 30
[[exercises]]
name = "Side plank"
hold = 30
sets = 2
per_side = true
[[exercises]]
name = "Calf raises"
reps = 12
sets = 2
per_side = true
""",
    "core-quick": """
name = "Core quick"
[defaults]
prepare = 5
rest_between_sets = 15
rest_after = 20
[[exercises]]
name = "Wall sit"
hold = 45
sets = 2
[[exercises]]
name = "Glute bridges"
reps = 15
sets = 2
""",
    "hill-strength": """
name = "Hill strength"
[defaults]
prepare = 5
switch = 5
rest_between_sets = 30
[[exercises]]
name = "Step-ups"
reps = 10
sets = 3
per_side = true
""",
}
PLANS = {key: build_plan(parse_routine(toml)) for key, toml in ROUTINES.items()}


def synthetic_session(rng: random.Random, routine_id: str, start: datetime) -> dict[str, Any]:
    """One session as `import_sessions` takes it: every step, some skipped, some stopped."""
    plan = PLANS[routine_id]
    roll = rng.random()
    status = (
        Status.COMPLETED if roll < 0.85 else Status.STOPPED if roll < 0.95 else Status.INTERRUPTED
    )
    last = len(plan.steps) if status == Status.COMPLETED else rng.randrange(1, len(plan.steps))
    steps = []
    moment = start
    for step in plan.steps[:last]:
        outcome = "done"
        active = float(step.seconds)
        if step.kind.active:
            if rng.random() < 0.06:
                outcome, active = "skipped", 0.0
            elif step.side is not None and step.side.value == "right":
                active *= rng.uniform(0.75, 1.0)  # the right side is the weaker one
            else:
                active *= rng.uniform(0.9, 1.2)
        if status != Status.COMPLETED and step is plan.steps[last - 1]:
            outcome, active = "partial", active / 2
        paused = float(rng.choice((0, 0, 0, 0, 5, 12)))
        reps = None
        if step.kind.value == "reps" and outcome != "skipped":
            reps = max(1, step.exercise.target + rng.randint(-3, 2))
        ended = moment + timedelta(seconds=active + paused)
        steps.append(step_export(step, outcome, moment, ended, active, paused, reps))
        moment = ended
    assert all(set(s) == set(STEP_FIELDS) for s in steps)
    rated = rng.random() < 0.7
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "routine_id": routine_id,
        "routine_name": plan.routine.name,
        "routine_source": "user",
        "routine_toml": ROUTINES[routine_id],
        "started_at": iso_utc(start),
        "ended_at": iso_utc(moment),
        "status": status,
        "planned_seconds": float(plan.total_seconds),
        "sets_planned": len(plan.active_steps),
        "effort": rng.randint(3, 9) if rated else None,
        "note": rng.choice(("", "", "felt strong", "left calf tight", "short on time")),
        "steps": steps,
    }


def step_export(
    step: Step,
    outcome: str,
    started: datetime,
    ended: datetime,
    active: float,
    paused: float,
    reps: int | None,
) -> dict[str, Any]:
    """One step of a plan as `legtimer export` writes it, done as given (no load)."""
    return {
        "step_index": step.index,
        "kind": step.kind.value,
        "exercise": step.exercise.name,
        "exercise_number": step.exercise_number,
        "block_name": step.block_name,
        "round": step.round,
        "set_number": step.set,
        "side": step.side.value if step.side else None,
        "planned_seconds": float(step.seconds),
        "target": step.exercise.target,
        "outcome": outcome,
        "started_at": iso_utc(started),
        "ended_at": iso_utc(ended),
        "active_seconds": round(active, 3),
        "paused_seconds": paused,
        "adjusted_seconds": 0.0,
        "reps": reps,
        "target_load": None,
        "load": None,
    }


def fill_history(store: HistoryStore, *, days: int, per_week: float, seed: int = 7) -> int:
    """`days` days of history up to TODAY, about `per_week` sessions a week; fixed UTC times."""
    rng = random.Random(seed)
    sessions = []
    for back in range(days - 1, -1, -1):
        day = TODAY - timedelta(days=back)
        if rng.random() >= per_week / 7:
            continue
        start = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC) + timedelta(
            minutes=rng.randrange(0, 12 * 60)
        )
        routine_id = rng.choice(("morning-legs", "morning-legs", "core-quick", "hill-strength"))
        sessions.append(synthetic_session(rng, routine_id, start))
    added, _ = store.import_sessions(sessions)
    # Interrupted sessions here are old ones the person already dismissed (no resume offer).
    store.connection.execute("UPDATE sessions SET dismissed = 1")
    return added
