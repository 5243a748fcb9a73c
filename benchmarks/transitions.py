"""What the two transition benchmarks share: a real-clock routine of holds, rests and side
switches, and the error of each transition against its schedule.

The schedule of step i is the session's start, as saved in its history (read back with
`legtimer export`), plus the planned start of step i.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.harness import Bench, Row, median, rounded
from benchmarks.processes import export_of, legtimer, legtimer_env, write_settings
from legtimer.core.plan import Plan, build_plan
from legtimer.core.routines import parse_routine

TARGET_MS = 50.0

QUICK_ROUTINE = """\
format = 1
name = "Timing check"

[defaults]
prepare = 3
rest_between_sets = 3
rest_after = 3
switch = 2

[[exercises]]
name = "Wall sit"
hold = 4
sets = 2
per_side = true

[[exercises]]
name = "Plank"
hold = 5
sets = 2
"""

FULL_ROUTINE = """\
format = 1
name = "Timing check"

[defaults]
prepare = 3
rest_between_sets = 5
rest_after = 6
switch = 3

[[exercises]]
name = "Wall sit"
hold = 7
sets = 2
per_side = true

[[exercises]]
name = "Plank"
hold = 9
sets = 2
rest_between_sets = 4

[[exercises]]
name = "Single-leg balance"
hold = 6
sets = 2
per_side = true
switch = 2
"""


@dataclass(frozen=True)
class Timing:
    """The routine to run (about 2 minutes; about 40 s with --quick) and its plan."""

    routine: Path
    plan: Plan
    env: dict[str, str]

    @property
    def labels(self) -> list[str]:
        return [step.kind.label for step in self.plan.steps]

    @property
    def timeout(self) -> float:
        return self.plan.total_seconds + 30.0

    def argv(self, *options: str) -> list[str]:
        return legtimer("run", str(self.routine), *options)


def timing(bench: Bench, name: str) -> Timing:
    """The timing routine in the run's folder, with data and config folders named `name`."""
    text = QUICK_ROUTINE if bench.cfg.quick else FULL_ROUTINE
    routine = bench.tmp / f"{name}.toml"
    routine.write_text(text)
    plan = build_plan(parse_routine(text))
    # The app's own get-ready length replaces the first step's: make them the same.
    config = bench.tmp / f"{name}-config"
    write_settings(config, get_ready=plan.steps[0].seconds)
    return Timing(routine, plan, legtimer_env(bench.tmp / f"{name}-data", config))


@dataclass
class Transitions:
    """When each step appeared (wall clock, time.time()) and when the session ended."""

    starts: list[tuple[float, str]] = field(default_factory=list)  # (time, phase label)
    ended: float | None = None


def transition_errors(seen: Transitions, export: dict[str, Any], run: Timing) -> list[float]:
    """Milliseconds each transition appeared after its schedule (the session's start + plan)."""
    (session,) = export["sessions"]
    origin = datetime.fromisoformat(session["started_at"]).timestamp()
    shown = [label for _, label in seen.starts]
    if shown != run.labels:
        raise RuntimeError(f"transitions seen {shown} are not the plan's {run.labels}")
    if seen.ended is None:
        raise RuntimeError("the end of the session was not seen")
    errors = [
        (moment - (origin + planned)) * 1000
        for (moment, _), planned in zip(seen.starts[1:], run.plan.starts[1:], strict=True)
    ]
    errors.append((seen.ended - (origin + run.plan.total_seconds)) * 1000)
    return errors


def report_errors(bench: Bench, label: str, how: str, seen: Transitions, run: Timing) -> None:
    """The row of one runner's transitions: the worst error against the target."""
    errors = transition_errors(seen, export_of(run.env), run)
    worst = max(abs(e) for e in errors)
    minutes = run.plan.total_seconds / 60
    bench.report.add(
        Row(
            f"Transitions vs schedule, {label} ({len(errors)} in {minutes:.1f} min; {how})",
            f"max {worst:.1f} ms, median {median([abs(e) for e in errors]):.1f} ms",
            target=f"<= {TARGET_MS:.0f} ms",
            met=worst <= TARGET_MS,
        )
    )
    bench.report.details.append(
        f"transition errors ms ({label}, signed; last = end of session): {rounded(errors, 1)}"
    )
