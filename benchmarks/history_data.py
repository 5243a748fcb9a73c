"""Ten years of history for the history benchmarks, made once per run.

A synthetic export in `legtimer export`'s JSON format (one session a day following the
built-in "Strength" routine's real plan), checked key for key against the export of a real
two-second session, and imported with `legtimer import` into a data folder of its own.
Beside it, an empty history file (as after a first launch) to measure against.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.harness import Bench
from benchmarks.processes import export_of, legtimer, legtimer_env, run_timed
from legtimer.core.history import HistoryStore
from legtimer.core.plan import build_plan
from legtimer.core.routines import catalog, dump_routine
from tests.support.synthetic_history import step_export


@dataclass(frozen=True)
class TenYears:
    """The imported history (`full`), an empty one (`empty`), and what making it cost."""

    full: dict[str, str]
    empty: dict[str, str]
    sessions: int
    steps: int
    mebibytes: float
    import_seconds: float  # `legtimer import` of the ten years
    import_one_seconds: float  # the same of the real one-session export, for its baseline


def ten_years(bench: Bench) -> TenYears:
    """The run's ten-year history, made by the first benchmark that asks for it."""
    made = bench.shared.get("ten-years")
    if isinstance(made, TenYears):
        return made
    tmp = bench.tmp
    document, steps = ten_year_export()
    real = real_export(tmp)
    check_schema(document, real)
    export = tmp / "ten-years.json"
    export.write_text(json.dumps(document))
    one = tmp / "one-session.json"
    one.write_text(json.dumps(real))
    config = tmp / "history-config"
    full = legtimer_env(tmp / "history-full", config)
    empty = legtimer_env(tmp / "history-empty", config)
    (tmp / "history-empty").mkdir()
    HistoryStore.open(tmp / "history-empty" / "history.sqlite3").close()
    # The one-session import goes into a history of its own, created by the import.
    single = legtimer_env(tmp / "history-one", config)
    made = TenYears(
        full=full,
        empty=empty,
        sessions=len(document["sessions"]),
        steps=steps,
        mebibytes=export.stat().st_size / 2**20,
        import_seconds=run_timed(legtimer("import", str(export)), full),
        import_one_seconds=run_timed(legtimer("import", str(one)), single),
    )
    bench.shared["ten-years"] = made
    return made


def ten_year_export(days: int = 3650, seed: int = 7) -> tuple[dict[str, Any], int]:
    """A synthetic export in `legtimer export`'s format: one session a day for ten years.

    The sessions follow the built-in "Strength" routine's real plan (28 steps); about
    one in fourteen is stopped early, a few sets are skipped, some steps are paused.
    """
    entry = next(e for e in catalog.discover() if e.id == "strength" and e.routine is not None)
    assert entry.routine is not None
    routine = entry.routine
    plan = build_plan(routine)
    routine_toml = dump_routine(routine)
    sets_planned = sum(1 for step in plan.steps if step.kind.active)
    rng = random.Random(seed)
    first = date.today() - timedelta(days=days)
    sessions = []
    steps_total = 0

    def iso(moment: datetime) -> str:
        return moment.isoformat(timespec="milliseconds")

    for day in range(days):
        when = datetime.combine(first + timedelta(days=day), datetime.min.time(), tzinfo=UTC)
        start = when + timedelta(hours=6, minutes=rng.randint(0, 180), seconds=rng.random())
        stopped = rng.random() < 0.07
        last = rng.randint(3, len(plan.steps) - 2) if stopped else len(plan.steps) - 1
        moment = start
        steps: list[dict[str, Any]] = []
        for step in plan.steps[: last + 1]:
            outcome = "done"
            active = float(step.seconds)
            if step.kind.active and rng.random() < 0.03:
                outcome, active = "skipped", round(rng.uniform(0, step.seconds), 3)
            if step.index == last and stopped:
                outcome, active = "partial", round(rng.uniform(0, step.seconds), 3)
            paused = round(rng.uniform(5, 90), 3) if rng.random() < 0.04 else 0.0
            reps = None
            if step.kind.value == "reps" and outcome != "skipped":
                reps = step.exercise.target - (rng.random() < 0.1)
            ended = moment + timedelta(seconds=active + paused)
            steps.append(step_export(step, outcome, moment, ended, active, paused, reps))
            moment = ended
        active_steps = [s for s in steps if s["kind"] in ("hold", "reps", "work")]
        steps_total += len(steps)
        sessions.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "routine_id": entry.id,
                "routine_name": routine.name,
                "routine_source": entry.source,
                "routine_toml": routine_toml,
                "started_at": iso(start),
                "ended_at": iso(moment),
                "status": "stopped" if stopped else "completed",
                "planned_seconds": float(plan.total_seconds),
                "sets_planned": sets_planned,
                "effort": rng.randint(3, 9) if rng.random() < 0.6 else None,
                "note": "felt strong" if rng.random() < 0.05 else "",
                "active_seconds": round(sum(s["active_seconds"] for s in steps), 3),
                "paused_seconds": round(sum(s["paused_seconds"] for s in steps), 3),
                "sets_done": sum(1 for s in active_steps if s["outcome"] == "done"),
                "sets_skipped": sum(1 for s in active_steps if s["outcome"] == "skipped"),
                "steps": steps,
            }
        )
    document = {
        "format": "legtimer-history",
        "version": 1,
        "exported_at": iso(datetime.now(UTC)),
        "sessions": sessions,
    }
    return document, steps_total


def check_schema(document: dict[str, Any], real: dict[str, Any]) -> None:
    """The synthetic export has exactly the keys a real `legtimer export` writes."""
    if list(document) != list(real):
        raise RuntimeError(f"export keys {list(document)} are not {list(real)}")
    ours, theirs = document["sessions"][0], real["sessions"][0]
    if list(ours) != list(theirs):
        raise RuntimeError(f"session keys {list(ours)} are not {list(theirs)}")
    if list(ours["steps"][0]) != list(theirs["steps"][0]):
        raise RuntimeError(f"step keys {list(ours['steps'][0])} are not {list(theirs['steps'][0])}")


def real_export(tmp: Path) -> dict[str, Any]:
    """A real export of a real two-second session, for its schema."""
    routine = tmp / "schema.toml"
    routine.write_text(
        'format = 1\nname = "Schema"\n[defaults]\nprepare = 0\n\n'
        '[[exercises]]\nname = "Wall sit"\nhold = 1\n'
    )
    env = legtimer_env(tmp / "schema-data", tmp / "schema-config")
    run_timed(legtimer("run", str(routine), "--plain"), env)
    return export_of(env)
