"""What a session shows of the history for the step at hand: last time, today's
target and why, and the load of the set.

Plain strings from the session and today's `Targets`, so the TUI copies them
into a widget and tests read them without Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from legtimer.core.plan import Step, StepKind
from legtimer.core.progression import Targets
from legtimer.core.routines import describe_load
from legtimer.core.session import Session


@dataclass(frozen=True)
class TargetLines:
    last: str = ""  # "Last: 3 × 30 s" (this side), or both sides before a per-side exercise
    target: str = ""  # "Today: 35 s (+5 after 3/3 sets at 30 s on Tue)"
    load: str = ""  # "Load: 22.5 kg" when the exercise has a load


def described_step(session: Session) -> Step | None:
    """The set a step is about: itself when it is one or gets ready for one; the next
    set during a rest or a switch of sides (None after the last)."""
    step = session.step
    if step.kind.active or step.kind is StepKind.PREPARE:
        return step
    return session.plan.next_active(step.index)


def target_lines(session: Session, targets: Targets | None, units: str) -> TargetLines:
    step = described_step(session)
    if step is None or session.over:
        return TargetLines()
    exercise = step.exercise
    load = session.load if step is session.step and step.kind.active else exercise.load
    load_line = f"Load: {describe_load(load, units)}" if load is not None else ""
    if targets is None:
        return TargetLines(load=load_line)
    name = exercise.name
    if step.side is None:
        last = targets.describe_last(name, units)
    else:
        time = targets.last_time(name, step.side.value)
        last = time.describe(units) if time is not None else ""
    target = targets.target(name)
    shown = ""
    # The plan may have been built from other targets (a plan handed in as it is).
    if target is not None and target.target == exercise.target and (target.reason or last):
        shown = f"Today: {target.describe(units)}"
    return TargetLines(last, shown, load_line)
