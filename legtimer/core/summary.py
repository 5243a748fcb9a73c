"""Planned versus done, per exercise and side: the end-of-session report.

Built from the plan and what was recorded for each step index, so the plain
runner, the summary screen and `legtimer history show` all say the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from legtimer.core.plan import Plan, StepKind


@dataclass(frozen=True)
class Done:
    """What was recorded for one step."""

    outcome: str  # "done", "skipped" or "partial"
    active_seconds: float
    paused_seconds: float
    reps: int | None


@dataclass(frozen=True)
class ExerciseLine:
    exercise: str
    side: str | None
    kind: StepKind
    sets_planned: int
    sets_done: int
    sets_skipped: int
    planned: int  # total reps, or total seconds for holds and work
    done: float  # reps done, or seconds done

    @property
    def unit(self) -> str:
        return "reps" if self.kind is StepKind.REPS else "s"


@dataclass(frozen=True)
class Summary:
    lines: tuple[ExerciseLine, ...]
    active_seconds: float
    paused_seconds: float
    sets_planned: int
    sets_done: int
    sets_skipped: int


def summarize(plan: Plan, done: Mapping[int, Done]) -> Summary:
    groups: dict[tuple[int, str | None], list[int]] = {}
    for step in plan.active_steps:
        side = step.side.value if step.side else None
        groups.setdefault((step.exercise_number, side), []).append(step.index)
    lines = []
    for (_, side), indexes in groups.items():
        first = plan.steps[indexes[0]]
        records = [done[i] for i in indexes if i in done]
        # A set cut short by stopping adds its reps or seconds, but is not a set done.
        worked = [r for r in records if r.outcome != "skipped"]
        if first.kind is StepKind.REPS:
            done_amount: float = sum(r.reps or 0 for r in worked)
        else:
            done_amount = sum(r.active_seconds for r in worked)
        lines.append(
            ExerciseLine(
                exercise=first.exercise.name,
                side=side,
                kind=first.kind,
                sets_planned=len(indexes),
                sets_done=sum(r.outcome == "done" for r in records),
                sets_skipped=sum(r.outcome == "skipped" for r in records),
                planned=first.exercise.target * len(indexes),
                done=done_amount,
            )
        )
    return Summary(
        lines=tuple(lines),
        active_seconds=sum(r.active_seconds for r in done.values()),
        paused_seconds=sum(r.paused_seconds for r in done.values()),
        sets_planned=len(plan.active_steps),
        sets_done=sum(line.sets_done for line in lines),
        sets_skipped=sum(line.sets_skipped for line in lines),
    )


def nothing_done(plan: Plan, done: Mapping[int, Done]) -> bool:
    """No set done in full or in part (only get-ready, rests, skipped sets): a session
    started by accident, which may be discarded."""
    return not any(
        plan.steps[index].kind.active and record.outcome != "skipped"
        for index, record in done.items()
        if index < len(plan.steps)
    )
