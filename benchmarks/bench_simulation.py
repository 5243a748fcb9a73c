"""A long simulated session on a fake clock, against an independent model.

The session engine runs a 7.7-hour routine (750 steps of every kind) on a fake clock that
moves in random steps, with late polls, pauses, skips and "done" on self-paced sets. A model
here works out when each step must start and end from the same commands; every start, end
and countdown mark must match it exactly.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from benchmarks.harness import Bench, Row, median
from legtimer.core.plan import StepKind, build_plan
from legtimer.core.routines import parse_routine
from legtimer.core.session import EventKind, FakeClock, Session, State

SIM_TICK = 1 / 1024  # the fake clock moves in whole ticks: every sum is exact in binary


def simulation_routine() -> str:
    """Every kind of step: holds, timed work, paced and self-paced reps, sides, rounds."""
    return """\
format = 1
name = "Eight hours"

[defaults]
prepare = 10
rest_between_sets = 30
rest_after = 45
switch = 5
rest_between_rounds = 60

[[blocks]]
name = "Circuit"
rounds = 40

[[blocks.exercises]]
name = "Wall sit"
hold = 45
sets = 2
per_side = true

[[blocks.exercises]]
name = "Step-ups"
work = 60

[[blocks.exercises]]
name = "Calf raises"
reps = 10
tempo = { up = 2, hold = 1, down = 2 }
sets = 2

[[blocks.exercises]]
name = "Lunges"
reps = 8
per_side = true

[[blocks]]
name = "Finisher"
rounds = 5

[[blocks.exercises]]
name = "Plank"
hold = 60
sets = 3
"""


class Model:
    """An independent reckoning of when each step must start and end, given the commands."""

    def __init__(
        self,
        lengths: list[float],
        timed: list[bool],
        rep_seconds: list[float | None],
        start: float,
    ) -> None:
        self.lengths = lengths
        self.timed = timed
        self.rep_seconds = rep_seconds  # paced reps steps: a skip after a whole rep is partial
        self.index = 0
        self.started = start
        self.paused = 0.0
        self.pause_began: float | None = None
        self.over = False
        self.starts: list[tuple[int, float]] = [(0, start)]
        self.ends: list[tuple[int, float, str, float, float]] = []  # index, at, outcome, act, pause

    def advance(self, now: float) -> None:
        while not self.over and self.pause_began is None and self.timed[self.index]:
            deadline = self.started + self.paused + self.lengths[self.index]
            if now < deadline:
                return
            self._end(deadline, "done")

    def _end(self, at: float, outcome: str) -> None:
        active = at - self.started - self.paused
        self.ends.append((self.index, at, outcome, active, self.paused))
        if self.index + 1 == len(self.lengths):
            self.over = True
            return
        self.index += 1
        self.started, self.paused = at, 0.0
        self.starts.append((self.index, at))

    def pause(self, now: float) -> None:
        self.advance(now)
        if not self.over:
            self.pause_began = now

    def resume(self, now: float) -> None:
        if self.pause_began is None:  # only when the engine disagrees: reported later
            return
        self.paused += now - self.pause_began
        self.pause_began = None

    def finish(self, now: float, outcome: str) -> None:
        """Skip or done, from running or from a pause."""
        self.advance(now)
        if self.over:
            return
        if self.pause_began is not None:
            self.resume(now)
        rep = self.rep_seconds[self.index]
        active = now - self.started - self.paused
        if outcome == "skipped" and rep is not None and active / rep + 1e-9 >= 1:
            outcome = "partial"  # the reps done are kept
        self._end(now, outcome)


def simulate(seed: int) -> dict[str, Any]:
    """Run a long session on a fake clock with random pauses, skips and late polls."""
    plan = build_plan(parse_routine(simulation_routine()))
    rng = random.Random(seed)
    clock = FakeClock(start=1000.0)
    session = Session(plan, clock, wall_start=datetime(2026, 1, 1, 6, 0, tzinfo=UTC))
    timed = [not step.estimated for step in plan.steps]
    rep_seconds: list[float | None] = [
        step.exercise.tempo.rep_seconds
        if step.kind is StepKind.REPS and step.exercise.tempo is not None
        else None
        for step in plan.steps
    ]
    model = Model([float(step.seconds) for step in plan.steps], timed, rep_seconds, clock.now())
    events = session.start()
    counts = {"polls": 0, "late polls": 0, "pauses": 0, "skips": 0, "dones": 0}

    def tick(low: float, high: float) -> None:
        clock.advance(rng.randint(int(low / SIM_TICK), int(high / SIM_TICK)) * SIM_TICK)

    while not session.over:
        roll = rng.random()
        if roll < 0.988:  # an ordinary redraw: a bit under or over a second away
            tick(0.0, 1.2)
            counts["polls"] += 1
        elif roll < 0.992:  # the app was busy or suspended: a poll seconds to minutes late
            tick(5.0, 240.0)
            counts["late polls"] += 1
        elif roll < 0.997:  # a pause of up to two minutes, sometimes ended by a skip
            model.pause(clock.now())
            if session.pause():
                counts["pauses"] += 1
                tick(0.0, 120.0)
                if rng.random() < 0.2:
                    model.finish(clock.now(), "skipped")
                    session.skip()
                    counts["skips"] += 1
                else:
                    model.resume(clock.now())
                    session.resume()
        else:
            tick(0.0, 3.0)
            model.finish(clock.now(), "skipped")
            session.skip()
            counts["skips"] += 1
        # A self-paced set: the person says "done" after 10 to 60 seconds.
        if (
            session.state is State.RUNNING
            and not session.timed()
            and session.step_elapsed() >= rng.uniform(10.0, 60.0)
        ):
            model.finish(clock.now(), "done")
            session.done()
            counts["dones"] += 1
        model.advance(clock.now())
        events += session.poll()

    starts = [(e.step.index, e.at) for e in events if e.kind is EventKind.STEP_STARTED]
    ends = [
        (
            e.step.index,
            e.at,
            e.record.outcome.value,
            e.record.active_seconds,
            e.record.paused_seconds,
        )
        for e in events
        if e.kind is EventKind.STEP_FINISHED and e.record is not None
    ]
    finished = [e.at for e in events if e.kind is EventKind.SESSION_FINISHED]
    problems: list[str] = []
    if [i for i, _ in starts] != [i for i, _ in model.starts]:
        problems.append("the steps started are not the expected ones")
    if [(i, o) for i, _, o, _, _ in ends] != [(i, o) for i, _, o, _, _ in model.ends]:
        problems.append("the steps finished (or their outcomes) are not the expected ones")
    errors = [abs(a - b) for (_, a), (_, b) in zip(starts, model.starts, strict=False)]
    errors += [abs(a[1] - b[1]) for a, b in zip(ends, model.ends, strict=False)]
    # Records round seconds to the millisecond; they must be exactly the rounded truth.
    record_errors = [
        abs(a[3] - round(b[3], 3)) + abs(a[4] - round(b[4], 3))
        for a, b in zip(ends, model.ends, strict=False)
    ]
    # Steps that ran out must have lasted exactly their planned length.
    for index, _, outcome, active, _ in model.ends:
        if outcome == "done" and timed[index] and active != plan.steps[index].seconds:
            problems.append(f"step {index} ran {active} s, not {plan.steps[index].seconds} s")
    # Countdown marks: each once in every step that ran out; exactly 3, 2 and 1 s before
    # its end unless it was paused (a mark fired before a pause keeps its time).
    marks: dict[int, list[tuple[int, float]]] = {}
    for e in events:
        if e.kind is EventKind.COUNTDOWN and e.value is not None:
            marks.setdefault(e.step.index, []).append((e.value, e.at))
    mark_errors = 0
    for index, at, outcome, active, paused in model.ends:
        if outcome != "done" or not timed[index] or active < 3:
            continue
        found = marks.get(index, [])
        if [value for value, _ in found] != [3, 2, 1]:
            mark_errors += 1
        elif paused == 0 and found != [(value, at - value) for value in (3, 2, 1)]:
            mark_errors += 1  # unpaused: exactly 3, 2 and 1 s before the end
    if mark_errors:
        problems.append(f"{mark_errors} steps had countdown marks at the wrong times")
    if len(finished) != 1:
        problems.append(f"SESSION_FINISHED came {len(finished)} times")
    final_error = abs(finished[0] - model.ends[-1][1]) if finished else float("inf")
    # The whole session adds up: active plus paused time of every step is the clock's span.
    span = model.ends[-1][1] - model.starts[0][1]
    accounted = sum(active + paused for _, _, _, active, paused in model.ends)
    return {
        "seed": seed,
        "planned hours": plan.total_seconds / 3600,
        "clock hours": (clock.now() - 1000.0) / 3600,
        "steps": len(plan.steps),
        "events": len(events),
        **counts,
        "max event error": max(errors, default=0.0),
        "max record error": max(record_errors, default=0.0),
        "accumulated error": final_error,
        "span minus accounted": span - accounted,
        "problems": problems,
    }


def run(bench: Bench) -> None:
    report = bench.report
    results = [simulate(seed) for seed in range(1, bench.cfg.sim_seeds + 1)]
    worst = max(
        max(r["accumulated error"], r["max event error"], r["max record error"]) for r in results
    )
    problems = [p for r in results for p in r["problems"]]
    hours = median([r["clock hours"] for r in results])
    planned = results[0]["planned hours"]
    report.add(
        Row(
            f"Fake-clock session, {planned:.1f} h planned, {hours:.1f} h with pauses "
            f"({len(results)} seeds)",
            f"accumulated error {worst:g} s" + (f"; {len(problems)} problems" if problems else ""),
            "",
            "",
            "exactly 0",
            worst == 0.0 and not problems and all(r["span minus accounted"] == 0 for r in results),
        )
    )
    for r in results:
        shown = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
        report.details.append(f"simulation: {shown}")
