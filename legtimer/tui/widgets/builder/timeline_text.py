"""The builder's timeline preview as text: its summary line and its list of steps (no Textual).

A routine can be made huge by typing a few digits (rounds 500, sets 500), so
the preview estimates the step count before building the plan and gives up
politely above a limit: typing stays fast whatever is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from legtimer.core.plan import Plan, Step, StepKind, build_plan
from legtimer.core.routines import Routine
from legtimer.core.timefmt import clock, minutes

PREVIEW_STEP_LIMIT = 20_000  # beyond this many steps, the preview gives up
PREVIEW_LINES = 400
SHORT_LABELS = {StepKind.PREPARE: "READY", StepKind.SWITCH: "SWITCH"}


@dataclass(frozen=True)
class Preview:
    """The timeline of a valid draft, or why there is none."""

    routine: Routine
    plan: Plan | None
    note: str = ""


def preview(routine: Routine) -> Preview:
    """The routine's timeline, unless it has too many steps to show."""
    estimate = sum(
        block.rounds * sum(ex.sets * (4 if ex.per_side else 2) + 2 for ex in block.exercises)
        for block in routine.blocks
    )
    if estimate > PREVIEW_STEP_LIMIT:
        return Preview(routine, None, f"about {estimate:,} steps: too many to preview")
    return Preview(routine, build_plan(routine))


def length(plan: Plan) -> str:
    """'12 steps, 14 min' for the status line."""
    return f"{len(plan.steps)} steps, {minutes(plan.total_seconds, estimated=plan.has_estimates)}"


def summary(shown: Preview | None, *, stale: bool = False) -> Text:
    """The heading above the steps; `stale` when the draft has problems now."""
    plan = shown.plan if shown is not None else None
    if plan is None:
        note = shown.note if shown is not None else ""
        return Text(note or "No timeline yet.", style="dim")
    total = minutes(plan.total_seconds, estimated=plan.has_estimates)
    head = Text("Timeline", style="bold")
    head.append(f"  {len(plan.steps)} steps · {total}")
    if stale:
        head.append("\n(as last valid)", style="dim")
    return head


def describe(step: Step) -> str:
    """A short description for the narrow preview: 'Lunges, left, set 1/3, round 2/3'."""
    return ", ".join(step.place(short=True))


def steps(plan: Plan | None) -> Text:
    """One line per step: start, phase, length and what it is (the first PREVIEW_LINES)."""
    lines = Text(no_wrap=True, overflow="ellipsis")
    if plan is None:
        return lines
    for step, start in list(zip(plan.steps, plan.starts, strict=True))[:PREVIEW_LINES]:
        length = ("~" if step.estimated else "") + clock(step.seconds)
        style = "" if step.kind.active else "dim"
        if step.kind is StepKind.SWITCH:
            style = "italic"
        lines.append(f"{clock(start):>5} ", style="dim")
        lines.append(f"{SHORT_LABELS.get(step.kind, step.kind.label):<6} ", style=style or "bold")
        lines.append(f"{length:>5} ", style=style)
        lines.append(describe(step) + "\n", style=style)
    if len(plan.steps) > PREVIEW_LINES:
        lines.append(f"… and {len(plan.steps) - PREVIEW_LINES} more steps\n", style="dim")
    return lines
